"""Survey writes: the default templates, the invitations planned when an interview is done, answering (once),
the one reminder (an idempotent sweep), and HR's decision on a suggestion.

Delivery is not ours: each invitation (and the reminder) is announced with ``interviews.signals.survey_requested``
and wecom queues the link on the person's channel (sandbox by default) not before ``send_at``.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from interviews.models import (
    Audience,
    CompetencyRemark,
    Interview,
    InterviewStatus,
    Suggestion,
    SurveyAnswer,
    SurveyInvitation,
    SurveyQuestion,
    SurveyResponse,
    SurveyTemplate,
)
from interviews.signals import survey_requested
from interviews.surveys import tallies
from interviews.surveys.links import survey_url

Kind, Topic = SurveyQuestion.Kind, SurveyQuestion.Topic

DIFFICULTY_CHOICES = [
    {"value": "too_easy", "zh": "太简单", "en": "Too easy"},
    {"value": "just_right", "zh": "适中", "en": "Just right"},
    {"value": "too_hard", "zh": "太难", "en": "Too hard"},
]
CONVENIENCE_CHOICES = [
    {"value": "convenient", "zh": "方便", "en": "Convenient"},
    {"value": "acceptable", "zh": "一般", "en": "Acceptable"},
    {"value": "inconvenient", "zh": "不方便", "en": "Inconvenient"},
]
# (kind, topic, zh, en, choices, required) — the defaults an admin edits in Django admin
DEFAULT_QUESTIONS = {
    Audience.CANDIDATE: [
        (Kind.SCALE, Topic.SATISFACTION, "您对本次面试流程的整体满意度如何？", "How satisfied were you with the interview process?", [], True),
        (Kind.SINGLE, Topic.CONVENIENCE, "面试安排是否方便？", "Was the interview arrangement convenient?", CONVENIENCE_CHOICES, True),
        (Kind.SCALE, Topic.QUESTION_FIT, "面试题目与岗位是否匹配？", "Did the questions fit the position?", [], True),
        (Kind.SINGLE, Topic.DIFFICULTY, "面试题目的难度如何？", "How difficult were the questions?", DIFFICULTY_CHOICES, True),
        (Kind.TEXT, Topic.IMPROVEMENT, "您对我们的面试有什么建议？", "How could we improve our interviews?", [], False),
    ],
    Audience.INTERVIEWER: [
        (Kind.SCALE, Topic.QUESTION_FIT, "本轮题目能否有效考察候选人？", "Did this round's questions assess the candidate well?", [], True),
        (Kind.SINGLE, Topic.DIFFICULTY, "题目对该候选人的难度如何？", "How difficult were the questions for this candidate?", DIFFICULTY_CHOICES, True),
        (Kind.TEXT, Topic.IMPROVEMENT, "您会如何改进本轮题目？", "How would you improve this round's questions?", [], False),
    ],
}
TEXT_MAX_CHARS = 2000


class SurveyRefused(ValidationError):
    """An answer the survey cannot take (message readable by the person answering)."""


class SurveyAlreadyAnswered(SurveyRefused):
    pass


def delay() -> dt.timedelta:
    return dt.timedelta(hours=float(getattr(settings, "SURVEY_DELAY_HOURS", 2)))


def reminder_after() -> dt.timedelta:
    return dt.timedelta(hours=float(getattr(settings, "SURVEY_REMINDER_HOURS", 48)))


def link_lifetime() -> dt.timedelta:
    return dt.timedelta(days=int(getattr(settings, "SURVEY_LINK_DAYS", 14)))


@transaction.atomic
def ensure_default_template(*, audience: str) -> SurveyTemplate:
    """The active default (no department) template for ``audience``, created with the standard questions if
    there is none yet (admins edit it afterwards in Django admin)."""
    template = SurveyTemplate.objects.filter(audience=audience, department__isnull=True, is_active=True).order_by("id").first()
    if template is not None:
        return template
    name = gettext("候选人面试体验问卷") if audience == Audience.CANDIDATE else gettext("面试官评估表")
    template = SurveyTemplate.objects.create(audience=audience, name=name)
    SurveyQuestion.objects.bulk_create([
        SurveyQuestion(template=template, order=i, kind=kind, topic=topic, text_zh=zh, text_en=en, choices=choices,
                       required=required)
        for i, (kind, topic, zh, en, choices, required) in enumerate(DEFAULT_QUESTIONS[audience], start=1)
    ])
    return template


def template_for(*, audience: str, interview: Interview) -> SurveyTemplate:
    """The position family's (department's) active template when there is one, else the default."""
    department_id = interview.application.position.department_id
    template = (
        SurveyTemplate.objects.filter(audience=audience, department_id=department_id, is_active=True).order_by("id").first()
    )
    return template or ensure_default_template(audience=audience)


def _request(invitation: SurveyInvitation, *, reminder: bool) -> None:
    survey_requested.send(sender=SurveyInvitation, invitation=invitation, link=survey_url(invitation), reminder=reminder)


@transaction.atomic
def plan_invitations(*, interview: Interview, done_at: dt.datetime | None = None) -> list[SurveyInvitation]:
    """One survey for the candidate and one for each assigned interviewer of a done interview, sent
    ``SURVEY_DELAY_HOURS`` after ``done_at``. Idempotent: people who already have one get no second."""
    if interview.status != InterviewStatus.DONE:
        return []
    done_at = done_at or timezone.now()
    send_at = done_at + delay()
    common = {"send_at": send_at, "remind_at": send_at + reminder_after(), "expires_at": send_at + link_lifetime()}
    existing = set(
        SurveyInvitation.objects.filter(interview=interview).values_list("audience", "interviewer_id")
    )
    created = []
    if (Audience.CANDIDATE, None) not in existing:
        created.append(SurveyInvitation.objects.create(
            interview=interview, audience=Audience.CANDIDATE,
            template=template_for(audience=Audience.CANDIDATE, interview=interview), **common,
        ))
    interviewer_template = None
    for assignment in interview.assignments.select_related("interviewer").order_by("id"):
        if (Audience.INTERVIEWER, assignment.interviewer_id) in existing:
            continue
        interviewer_template = interviewer_template or template_for(audience=Audience.INTERVIEWER, interview=interview)
        created.append(SurveyInvitation.objects.create(
            interview=interview, audience=Audience.INTERVIEWER, interviewer=assignment.interviewer,
            template=interviewer_template, **common,
        ))
    for invitation in created:
        _request(invitation, reminder=False)
    return created


def send_due_reminders(*, now: dt.datetime | None = None) -> int:
    """The one reminder: every invitation past ``remind_at``, unanswered, not expired and not yet reminded is
    claimed with a conditional UPDATE (two sweepers never remind twice) and announced again. Returns how many."""
    now = now or timezone.now()
    due = SurveyInvitation.objects.filter(
        remind_at__lte=now, answered_at__isnull=True, reminded_at__isnull=True, expires_at__gt=now,
    ).values_list("pk", flat=True)
    sent = 0
    for pk in list(due[:500]):
        with transaction.atomic():
            if not SurveyInvitation.objects.filter(pk=pk, reminded_at__isnull=True).update(reminded_at=now):
                continue
            invitation = SurveyInvitation.objects.select_related("interview__application__candidate", "interviewer").get(pk=pk)
            _request(invitation, reminder=True)
            sent += 1
    return sent


def _clean_answer(question: SurveyQuestion, raw) -> dict | None:
    """``raw`` (a string or list of strings from the form) → the answer's fields, or None when unanswered."""
    values = [v for v in (raw if isinstance(raw, list | tuple) else [raw]) if v not in (None, "")]
    if not values:
        if question.required:
            raise SurveyRefused(gettext("请回答：%(q)s") % {"q": question.text_zh})
        return None
    allowed = {c.get("value") for c in question.choices or ()}
    if question.kind == Kind.SCALE:
        try:
            scale = int(values[0])
        except (TypeError, ValueError):
            scale = 0
        if not 1 <= scale <= 5:
            raise SurveyRefused(gettext("评分须为 1–5：%(q)s") % {"q": question.text_zh})
        return {"scale": scale}
    if question.kind == Kind.SINGLE:
        if len(values) != 1 or values[0] not in allowed:
            raise SurveyRefused(gettext("请选择一个选项：%(q)s") % {"q": question.text_zh})
        return {"choices": [values[0]]}
    if question.kind == Kind.MULTIPLE:
        if any(v not in allowed for v in values):
            raise SurveyRefused(gettext("选项无效：%(q)s") % {"q": question.text_zh})
        return {"choices": sorted(set(values))}
    return {"text": str(values[0]).strip()[:TEXT_MAX_CHARS]}


@transaction.atomic
def submit_response(
    *, invitation: SurveyInvitation, answers: dict, remarks: dict | None = None, language: str = "zh-hans",
    now: dt.datetime | None = None,
) -> SurveyResponse:
    """Store one person's answers once. ``answers`` maps question id → value(s); ``remarks`` (interviewers)
    maps competency id → ``{"meets": bool|None, "remark": str}``. The invitation row is locked, so of two
    racing submissions the second raises SurveyAlreadyAnswered; an expired link raises SurveyRefused. The
    report's tallies (interviews/surveys/tallies.py) count the answers in the same transaction."""
    now = now or timezone.now()
    locked = SurveyInvitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.answered_at is not None:
        raise SurveyAlreadyAnswered(gettext("您已提交过本问卷，感谢您的反馈！"))
    if now >= locked.expires_at:
        raise SurveyRefused(gettext("问卷链接已过期。"))
    questions = list(locked.template.questions.order_by("order", "id"))
    cleaned = [(q, _clean_answer(q, answers.get(q.pk))) for q in questions]
    interview = Interview.objects.select_related("application").get(pk=locked.interview_id)
    response = SurveyResponse.objects.create(
        invitation=locked, interview=interview, audience=locked.audience, position_id=interview.application.position_id,
        round_id=interview.round_id, language=(language or "zh-hans")[:8], submitted_at=now,
    )
    copies = {"audience": locked.audience, "interview": interview, "position_id": response.position_id,
              "round_id": response.round_id, "submitted_at": now}
    mark = tallies.lock_mark()
    stored = SurveyAnswer.objects.bulk_create([
        SurveyAnswer(response=response, question=q, topic=q.topic,
                     choice=fields["choices"][0] if q.kind == Kind.SINGLE else "", **fields, **copies)
        for q, fields in cleaned if fields is not None
    ])
    tallies.count_submission(mark=mark, answers=stored)
    if locked.audience == Audience.INTERVIEWER and remarks:
        allowed = set(interview.round.competencies.values_list("pk", flat=True))
        CompetencyRemark.objects.bulk_create([
            CompetencyRemark(response=response, competency_id=cid, meets=value.get("meets"),
                             remark=(value.get("remark") or "").strip()[:TEXT_MAX_CHARS])
            for cid, value in remarks.items()
            if cid in allowed and (value.get("meets") is not None or (value.get("remark") or "").strip())
        ])
    SurveyInvitation.objects.filter(pk=locked.pk).update(answered_at=now)
    invitation.answered_at = now
    return response


@transaction.atomic
def decide_suggestion(*, suggestion: Suggestion, accept: bool, by, task_title: str = "") -> Suggestion:
    """HR's decision on an open suggestion. Accepting opens a follow-up task (``task_title``, defaulting to
    the suggestion's advice) for HR to carry out; nothing else changes by itself."""
    locked = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if locked.status != Suggestion.Status.OPEN:
        raise SurveyRefused(gettext("该建议已处理。"))
    locked.status = Suggestion.Status.ACCEPTED if accept else Suggestion.Status.DISMISSED
    locked.task_title = (task_title or locked.figures.get("advice", ""))[:300] if accept else ""
    locked.decided_by, locked.decided_at = by, timezone.now()
    locked.save(update_fields=["status", "task_title", "decided_by", "decided_at"])
    return locked
