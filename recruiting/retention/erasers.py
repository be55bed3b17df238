"""What recruiting registers with the purge (hrportal.privacy.registry), wired in RecruitingConfig.ready():

- the subject source: candidates not purged yet whose ``retention_until`` is before the cut-off;
- the holder "candidates": contact fields and their blind indexes, the ID number, city/title/company, the
  expected salary, resume files on disk, their text, parse result, file names and SHA-256, intake lines, stage
  change reasons, screening explanations and matched terms; the name becomes a random pseudonym. Kept: the
  candidate's id, source, education and years, applications with their stages and dates, scores.
- the legal holds "open application" and "hired / employee record".
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from pathlib import Path

from django.conf import settings
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hrportal.models import RightsRequest
from hrportal.privacy import registry
from hrportal.privacy.audit_scrub import scrub_audit_repr
from recruiting.models import (
    Application,
    ApplicationStageChange,
    Candidate,
    Employee,
    IntakeItem,
    Resume,
    ScreeningResult,
    ScreeningRunItem,
)
from recruiting.pipeline import ACTIVE_STAGES, Stage

PSEUDONYM_PREFIX = "匿名-"


def pseudonym() -> str:
    """A random label with no link to the person (10 hex digits; the id stays the statistics key)."""
    return PSEUDONYM_PREFIX + secrets.token_hex(5)


def expired_candidate_ids(*, cutoff, after: int, limit: int) -> list[int]:
    """The next ``limit`` candidates (ascending id > ``after``) due for the purge, locked for update."""
    return list(
        Candidate.objects.select_for_update()
        .filter(purged_at=None, retention_until__lt=cutoff, id__gt=after)
        .order_by("id").values_list("id", flat=True)[:limit]
    )


def lock_candidate(candidate_id: int) -> bool:
    """Lock one candidate's row for an erasure on request; False when unknown or already purged."""
    return Candidate.objects.select_for_update().filter(pk=candidate_id, purged_at=None).exists()


def export_candidate(candidate_id: int) -> dict:
    """Recruiting's part of the Art. 45 copy: the profile, consent, applications with their history, resumes
    and screening results with their explanation."""
    c = Candidate.objects.get(pk=candidate_id)
    applications = Application.objects.filter(candidate=c).select_related("position").prefetch_related(
        "stage_history", "screening_results").order_by("applied_at", "id")
    return {
        "profile": {
            "name": c.name, "phone": c.phone, "email": c.email, "id_number": c.id_number, "city": c.city,
            "current_title": c.current_title, "current_company": c.current_company,
            "years_experience": str(c.years_experience or ""), "highest_education": c.highest_education,
            "expected_salary": str(c.expected_salary or ""), "source": c.source,
        },
        "consent": {"at": c.consent_at.isoformat() if c.consent_at else None, "notice_version": c.consent_version,
                    "retention_until": c.retention_until.isoformat() if c.retention_until else None,
                    "talent_pool": c.talent_pool_consent},
        "applications": [{
            "position": a.position.title_zh, "stage": a.stage, "applied_at": a.applied_at.isoformat(),
            "history": [{"from": h.from_stage, "to": h.to_stage, "at": h.at.isoformat()} for h in a.stage_history.all()],
            "screening": [{"score": str(r.score), "explanation": r.explanation_zh, "engine_version": r.engine_version,
                           "weights": r.weights_version, "at": r.created_at.isoformat()}
                          for r in a.screening_results.all()],
        } for a in applications],
        "resumes": [{"file_name": r.original_name, "uploaded_at": r.created_at.isoformat(), "text": r.text}
                    for r in Resume.objects.filter(candidate=c).order_by("id")],
    }


def _resume_paths(ids: Sequence[int]) -> list[tuple[int, str]]:
    return list(Resume.objects.filter(candidate_id__in=ids).values_list("id", "stored_path"))


def count_resume_files(ids: Sequence[int]) -> int:
    root = Path(settings.MEDIA_ROOT)
    return sum(1 for _pk, path in _resume_paths(ids) if path and (root / path).exists())


def erase_candidates(ids: Sequence[int]) -> int:
    """Anonymise the candidates ``ids`` and everything recruiting holds about them; returns files removed.

    Runs inside the purge's transaction. Files go first: if the transaction then rolls back, the next run
    finds the same candidates again; a file counts as removed with the row that referenced it."""
    ids = list(ids)
    root = Path(settings.MEDIA_ROOT)
    resumes = _resume_paths(ids)
    removed = 0
    for _pk, path in resumes:
        if not path:
            continue
        # A file already missing was removed by a batch that then rolled back: it is counted with its row.
        (root / path).unlink(missing_ok=True)
        removed += 1
    resume_ids = [pk for pk, _ in resumes]
    if resume_ids:
        Resume.objects.filter(id__in=resume_ids).update(
            original_name="", text="", parsed="", stored_path="", error_message="",
            sha256=Concat(Value("purged-"), Cast("id", output_field=CharField())),
        )
        IntakeItem.objects.filter(resume_id__in=resume_ids).update(filename="", message="")
    IntakeItem.objects.filter(candidate_id__in=ids).update(filename="", message="")
    application_ids = list(Application.objects.filter(candidate_id__in=ids).values_list("id", flat=True))
    if application_ids:
        ApplicationStageChange.objects.filter(application_id__in=application_ids).update(reason="")
        # the careers page's answers and the consent's client address (issue 23)
        Application.objects.filter(id__in=application_ids).update(answers="", consent_ip="")
        ScreeningResult.objects.filter(application_id__in=application_ids).update(
            explanation_zh="", explanation_en="", matched_terms=[], flags=[])
        ScreeningRunItem.objects.filter(application_id__in=application_ids).exclude(error="").update(error="")
    Candidate.objects.filter(id__in=ids).update(
        phone="", phone_hash="", email="", email_hash="", id_number="", city="", current_title="",
        current_company="", expected_salary=None, resume_text="", talent_pool_consent=False,
        purged_at=timezone.now(),
    )
    Candidate.objects.bulk_update([Candidate(id=pk, name=pseudonym()) for pk in ids], ["name"], batch_size=500)
    RightsRequest.objects.filter(subject_id__in=ids).update(details="")
    scrub_audit_repr("recruiting.Candidate", ids)
    scrub_audit_repr("recruiting.Application", application_ids)
    scrub_audit_repr("recruiting.Resume", resume_ids)
    return removed


def open_application_hold(ids: Sequence[int]) -> set[int]:
    return set(Application.objects.filter(candidate_id__in=ids, stage__in=ACTIVE_STAGES)
               .values_list("candidate_id", flat=True))


def hired_hold(ids: Sequence[int]) -> set[int]:
    """Hired candidates are employees: their data is kept under labour law (LCL Art. 50), not this purge."""
    hired = set(Application.objects.filter(candidate_id__in=ids, stage=Stage.HIRED).values_list("candidate_id", flat=True))
    hired |= set(Employee.objects.filter(hired_through__candidate_id__in=ids)
                 .values_list("hired_through__candidate_id", flat=True))
    return hired


def register() -> None:
    registry.register_subjects(expired_candidate_ids, lock=lock_candidate)
    registry.register_holder(
        "recruiting.candidates", category=_("候选人档案、简历文件与筛选记录"), erase=erase_candidates,
        count_files=count_resume_files, export=export_candidate,
    )
    registry.register_legal_hold("recruiting.open_application", label=_("有进行中的应聘申请"), held=open_application_hold)
    registry.register_legal_hold("recruiting.hired", label=_("已入职（员工档案）"), held=hired_hold)
