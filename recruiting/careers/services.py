"""The candidate's own application (issue 23 item 2).

``submit_application`` records, in one transaction, the person (an existing candidate with the same phone or
e-mail blind index is reused: duplicate applications link to the existing candidate), their consent to this
application (notice version, time, client address; the talent pool only when ticked separately) and the
application with its source; then the resume goes to the one intake path (``recruiting.intake.jobs.
queue_intake``) tied to that candidate, which parses it in the background (RQ, or a thread of the web
process) and starts screening. The request returns as soon as the file is stored.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from hrportal import audit
from recruiting.intake import jobs as intake_jobs
from recruiting.intake.services import _same_person, consent_version
from recruiting.models import Application, Candidate, CareersSettings, Employee, IntakeBatch, Position

PASTED_NAME = "pasted-resume.txt"


@dataclass(frozen=True)
class Submitted:
    application: Application
    candidate: Candidate
    created: bool  # False: this person had already applied to this position
    batch: IntakeBatch | None


def notice_version() -> str:
    return CareersSettings.load().notice_version or consent_version()


@transaction.atomic
def _record(*, position: Position, name: str, phone: str, email: str, talent_pool: bool, answers: list[dict],
            source: str, source_detail: str, referrer_id: int | None, ip: str | None) -> tuple[Application, bool]:
    now = timezone.now()
    version = notice_version()
    candidate, _matched = _same_person({"phone": phone, "email": email})
    if candidate is None:
        candidate = Candidate(name=name[:50], phone=phone, email=email, source=_candidate_source(source))
    else:
        candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
        candidate.phone = candidate.phone or phone
        candidate.email = candidate.email or email
    if talent_pool:
        candidate.talent_pool_consent = True  # before record_consent: the pool keeps its longer date
    # the candidate's own consent, given now, to this notice version (PIPL Art. 14, 17)
    candidate.record_consent(version=version, at=now)
    candidate.save()
    referrer = Employee.objects.filter(pk=referrer_id).first() if referrer_id else None
    application, created = Application.objects.get_or_create(
        candidate=candidate, position=position,
        defaults={
            "source": source, "source_detail": source_detail[:40], "referrer": referrer, "consent_at": now,
            "consent_version": version, "consent_ip": ip or "", "applied_at": now,
            "answers": json.dumps(answers, ensure_ascii=False) if answers else "",
        },
    )
    if not created:
        # the same person again: no second application; their newest consent is recorded on it
        application.consent_at, application.consent_version, application.consent_ip = now, version, ip or ""
        application.save(update_fields=["consent_at", "consent_version", "consent_ip", "updated_at"])
    audit.record(
        action="create" if created else "change", obj=application, fields=["consent_at", "consent_version"],
        note=f"careers_application source={source}",
    )
    return application, created


def _candidate_source(source: str) -> str:
    return {
        Application.Source.REFERRAL: Candidate.Source.REFERRAL,
        Application.Source.JOB_BOARD: Candidate.Source.JOB_BOARD,
    }.get(source, Candidate.Source.WEBSITE)


def submit_application(
    *, position: Position, name: str, phone: str = "", email: str = "", resume_file=None, resume_text: str = "",
    talent_pool: bool = False, answers: list[dict] | None = None, source: str = Application.Source.CAREERS,
    source_detail: str = "", referrer_id: int | None = None, ip: str | None = None,
) -> Submitted:
    """Record the application and queue its resume (``resume_file``: an uploaded file, or ``resume_text``).

    Guarantees: one candidate per person (phone first, then e-mail), one application per candidate and
    position, consent with version/time/address on the application and on the candidate, the resume taken
    in through recruiting.intake with the same limits, hostile-file handling and parsing as HR uploads
    (a file the engine refuses becomes a FAILED intake item; the application stays), screening started."""
    application, created = _record(
        position=position, name=name.strip(), phone=phone.strip(), email=email.strip().lower(),
        talent_pool=talent_pool, answers=answers or [], source=source, source_detail=source_detail,
        referrer_id=referrer_id, ip=ip,
    )
    files = []
    if resume_file is not None:
        files.append((resume_file.name, resume_file))
    elif resume_text.strip():
        files.append((PASTED_NAME, resume_text.encode("utf-8")))
    batch = None
    if files:
        # outside the transaction above: the embedded default then parses in a background thread
        batch = intake_jobs.queue_intake(
            files=files, position=position, by=None,
            source=IntakeBatch.Source.CAREERS,
            consented=True, talent_pool_consent=talent_pool, candidate_source=_candidate_source(source),
            candidate_id=application.candidate_id,
        )
    return Submitted(application=application, candidate=application.candidate, created=created, batch=batch)
