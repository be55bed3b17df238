"""A candidate with a footprint in every app, built through the real intake (resume file, parse, screening)
plus the rows interviews and wecom keep about them; and the searches the purge tests run afterwards."""

from __future__ import annotations

import datetime as dt
import io
import json
from dataclasses import dataclass
from pathlib import Path

from django.core.management import call_command
from django.utils import timezone

from hrportal import crypto
from interviews.models import (
    AISuggestion,
    Interview,
    InterviewAssignment,
    InterviewPlan,
    InterviewRound,
    InterviewStatusChange,
    NoteSegment,
    Scorecard,
    ScorecardScore,
)
from recruiting.intake.services import intake_files
from recruiting.models import Application, Candidate, Resume
from recruiting.pipeline import Stage
from tests.hrportal.test_raw_dump import raw_dump
from wecom.models import CandidateContact, InboundReply, OutboxMessage


@dataclass
class Person:
    name: str
    phone: str
    email: str
    sentence: str
    candidate: Candidate | None = None

    @property
    def traces(self) -> list[str]:
        return [self.name, self.phone, self.email, self.sentence]


def resume_text(person: Person) -> str:
    return (
        f"{person.name}\n手机：{person.phone}\n邮箱：{person.email}\n"
        "教育背景\n2010.09-2014.06 北京大学 计算机科学 本科\n"
        "工作经历\n2019.03-至今 上海某某科技有限公司 销售经理\n"
        f"熟练使用 Python，沟通协调能力强。{person.sentence}\n"
    )


def take_in(person: Person, *, position, by, filename: str | None = None) -> Candidate:
    """Through the real intake: file stored encrypted on disk, text parsed, application and screening."""
    data = resume_text(person).encode("utf-8")
    intake_files(files=[(filename or f"{person.name}_简历.txt", data)], position=position, by=by, consented=True)
    person.candidate = Candidate.objects.get(phone_hash=crypto.blind_index(person.phone, kind="phone"))
    return person.candidate


def interview_footprint(person: Person, application: Application, *, users, competencies) -> Interview:
    """Notes, a scorecard with evidence, an AI suggestion quoting the notes, status reasons, messages, a reply."""
    plan, _ = InterviewPlan.objects.get_or_create(position=application.position)
    interview_round, _ = InterviewRound.objects.get_or_create(plan=plan, name="初面", order=1,
                                                              defaults={"duration_minutes": 45})
    starts = timezone.now() - dt.timedelta(days=30)
    interview = Interview.objects.create(application=application, round=interview_round, starts_at=starts,
                                         ends_at=starts + dt.timedelta(minutes=45), organizer=users["hr"])
    InterviewAssignment.objects.create(interview=interview, interviewer=users["interviewer"], is_lead=True)
    quote = f"{person.name}说：{person.sentence}"
    NoteSegment.objects.create(interview=interview, author=users["interviewer"], client_id="c1", text=quote)
    card = Scorecard.objects.create(interview=interview, interviewer=users["interviewer"], status="submitted",
                                    recommendation="", summary=f"{person.name} 表现不错")
    ScorecardScore.objects.create(scorecard=card, competency=competencies[0], score=4, evidence=quote)
    AISuggestion.objects.create(interview=interview, interviewer=users["interviewer"], competency=competencies[0],
                                suggested=4, raw=3.8, confidence=0.7, evidence=[quote], engine_version="t")
    InterviewStatusChange.objects.create(interview=interview, from_status="scheduled", to_status="completed",
                                         reason=f"{person.name} 到场", changed_by=users["hr"])
    message = OutboxMessage.objects.create(
        channel="sms", kind="invitation", recipient_candidate=person.candidate, recipient_label=person.name,
        address=person.phone, interview=interview, dedupe_key=f"test-invite-{interview.pk}",
        payload=json.dumps({"name": person.name, "email": person.email}, ensure_ascii=False),
    )
    OutboxMessage.objects.create(
        channel="wecom_app", kind="interviewer_card", recipient_user=users["interviewer"], interview=interview,
        recipient_label="iv_wang", dedupe_key=f"test-card-{interview.pk}",
        payload=json.dumps({"candidate": person.name}, ensure_ascii=False),
    )
    InboundReply.objects.create(message=message, interview=interview, kind="question", channel="sms",
                                from_label=person.name, text=f"我是{person.name}，电话 {person.phone}")
    CandidateContact.objects.create(candidate=person.candidate, external_userid="wmEXT-" + person.phone,
                                    recruiter_userid="hr_zhang")
    return interview


def decrypted_dump() -> str:
    """Every row of every model as the ORM reads it (encrypted fields decrypted): what the portal could show."""
    out = io.StringIO()
    call_command("dumpdata", "--natural-foreign", stdout=out, exclude=["contenttypes", "auth.permission", "django_rq"])
    return json.dumps(json.loads(out.getvalue()), ensure_ascii=False)


def media_files(root) -> list[Path]:
    return [p for p in Path(root).rglob("*") if p.is_file()]


def traces_left(person: Person, *, media_root) -> dict[str, list[str]]:
    """Where any of the person's name, phone, e-mail or resume sentence is still found."""
    raw, plain = raw_dump(), decrypted_dump()
    found: dict[str, list[str]] = {}
    for value in person.traces:
        where = [label for label, text in (("raw dump", raw), ("decrypted dump", plain)) if value in text]
        where += [str(p) for p in media_files(media_root) if value.encode() in p.read_bytes()]
        if where:
            found[value] = where
    return found


def resume_paths(candidate: Candidate) -> list[str]:
    return list(Resume.objects.filter(candidate=candidate).values_list("stored_path", flat=True))


def reject(application: Application, person: Person, by) -> None:
    application.set_stage(Stage.REJECTED, by=by, reason=f"{person.name} 经验不符")
