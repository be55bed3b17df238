"""The survey report's answer tallies (interviews.models.SurveyTally): counted when a response is submitted, in
the submission's transaction, and rebuilt from the answers when they no longer match (``rebuild``, run by the RQ
job in interviews/surveys/jobs.py; also ``manage.py rebuild_survey_tallies``).

What is counted: every answer with a 1–5 value or a single-choice value, once per report cell (audience × topic ×
position × round × local day × scale × choice), and each candidate satisfaction answer once more per interviewer
of the interview's panel (``interviewer_id`` > 0). The report sums these rows; ``recount`` gives the same cells
straight from the answers (the tests compare the two after every kind of change).

Freshness: ``SurveyTallyMark`` holds the number and the highest id of the answers the tallies account for.
``submit_response`` locks it (submissions are counted one after the other, so two never create the same cell
twice) and moves it on. When the answers table says otherwise (``is_fresh``: two small queries, no recount) —
answers deleted by a cascade (a candidate, application or interview deleted), or stored by a path that bypassed
``submit_response`` (bulk loads) — the tallies are stale, and a rebuild is queued on RQ: by the deleting
transaction's commit (a receiver of ``SurveyResponse`` deletions), and by the report itself when it finds them
stale. The report never recounts in the request: it shows the figures it has with a notice until the job has run.

Queued once: ``claim_rebuild`` is a conditional UPDATE of the mark's ``rebuild_queued_at`` (only one caller wins,
and only when nothing was queued in the last ``REQUEUE_AFTER``, so a job lost with a killed worker or a flushed
Redis is queued again). The job clears the claim before it counts (``rebuild_started``), so a change committed
while it runs queues another. ``rebuild_if_stale`` locks the mark, and ``rebuild`` replaces every tally (it never
adds), so two rebuilds — two jobs, the job and the command — run one after the other and cannot count twice.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Max, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from interviews.models import (
    Audience,
    InterviewAssignment,
    SurveyAnswer,
    SurveyQuestion,
    SurveyTally,
    SurveyTallyMark,
)

Topic = SurveyQuestion.Topic
LOCAL = ZoneInfo(settings.TIME_ZONE)
KEY = ("audience", "topic", "position_id", "round_id", "interviewer_id", "day", "scale", "choice")
TALLIED = Q(scale__isnull=False) | ~Q(choice="")
PER_INTERVIEWER = Q(audience=Audience.CANDIDATE, topic=Topic.SATISFACTION, scale__isnull=False)


def _mark(*, lock: bool) -> SurveyTallyMark:
    rows = SurveyTallyMark.objects.order_by("pk")
    mark = (rows.select_for_update() if lock else rows).first()
    if mark is None:
        mark, _created = SurveyTallyMark.objects.get_or_create(pk=1)
        if lock:
            mark = SurveyTallyMark.objects.select_for_update().get(pk=mark.pk)
    return mark


def lock_mark() -> SurveyTallyMark:
    """Lock the mark row (call first in a submission's transaction, before storing answers)."""
    return _mark(lock=True)


def _cells_of(answers: list[SurveyAnswer], panel: list[int]) -> Counter:
    cells: Counter = Counter()
    for a in answers:
        if a.scale is None and not a.choice:
            continue
        day = timezone.localtime(a.submitted_at, LOCAL).date()
        base = (a.audience, a.topic, a.position_id, a.round_id)
        cells[(*base, 0, day, a.scale or 0, a.choice)] += 1
        if a.audience == Audience.CANDIDATE and a.topic == Topic.SATISFACTION and a.scale is not None:
            for user_id in panel:
                cells[(*base, user_id, day, a.scale, a.choice)] += 1
    return cells


def count_submission(*, mark: SurveyTallyMark, answers: list[SurveyAnswer]) -> None:
    """Add one response's stored answers (with ids) to the tallies and move the locked ``mark`` on. A mark
    that was already stale stays stale (its count is not advanced to look right): the report rebuilds then."""
    if not answers:
        return
    interview_id = answers[0].interview_id
    panel = sorted(set(InterviewAssignment.objects.filter(interview_id=interview_id).values_list("interviewer_id", flat=True)))
    for cell, n in _cells_of(answers, panel).items():
        key = dict(zip(KEY, cell, strict=True))
        if not SurveyTally.objects.filter(**key).update(n=F("n") + n):
            SurveyTally.objects.create(**key, n=n)
    SurveyTallyMark.objects.filter(pk=mark.pk).update(
        answers=F("answers") + len(answers), last_answer_id=max(mark.last_answer_id, max(a.pk for a in answers)),
    )


def recount() -> Counter:
    """The cells straight from the answers (what the tallies must equal)."""
    day = TruncDate("submitted_at", tzinfo=LOCAL)
    cells: Counter = Counter()
    for r in (SurveyAnswer.objects.filter(TALLIED).annotate(day=day)
              .values("audience", "topic", "position_id", "round_id", "day", "scale", "choice").annotate(n=Count("id"))):
        cells[(r["audience"], r["topic"], r["position_id"], r["round_id"], 0, r["day"], r["scale"] or 0, r["choice"])] += r["n"]
    for r in (SurveyAnswer.objects.filter(PER_INTERVIEWER, interview__assignments__isnull=False).annotate(day=day)
              .values("audience", "topic", "position_id", "round_id", "interview__assignments__interviewer_id", "day",
                      "scale", "choice").annotate(n=Count("id"))):
        cells[(r["audience"], r["topic"], r["position_id"], r["round_id"], r["interview__assignments__interviewer_id"],
               r["day"], r["scale"], r["choice"])] += r["n"]
    return cells


def stored() -> Counter:
    """The cells as the tallies hold them (rows with n = 0 left out)."""
    return Counter({tuple(row[:-1]): row[-1] for row in SurveyTally.objects.filter(n__gt=0).values_list(*KEY, "n")})


REQUEUE_AFTER = dt.timedelta(minutes=5)  # a rebuild queued longer ago than this that has not started is lost


def _answer_facts() -> tuple[int, int]:
    facts = SurveyAnswer.objects.aggregate(n=Count("id"), last=Max("id"))
    return facts["n"], facts["last"] or 0


def _matches(mark: SurveyTallyMark, facts: tuple[int, int]) -> bool:
    return (mark.answers, mark.last_answer_id) == facts


def _replace_all(mark: SurveyTallyMark, facts: tuple[int, int]) -> int:
    cells = recount()
    SurveyTally.objects.all().delete()
    SurveyTally.objects.bulk_create(
        [SurveyTally(**dict(zip(KEY, cell, strict=True)), n=n) for cell, n in cells.items()], batch_size=2000,
    )
    SurveyTallyMark.objects.filter(pk=mark.pk).update(answers=facts[0], last_answer_id=facts[1], rebuilt_at=timezone.now())
    return len(cells)


@transaction.atomic
def rebuild() -> int:
    """Replace every tally by a recount of the answers, and set the mark. Returns the number of cells."""
    mark = _mark(lock=True)
    return _replace_all(mark, _answer_facts())


@transaction.atomic
def rebuild_if_stale() -> int | None:
    """``rebuild`` unless the mark (read under its lock, so after any rebuild running now has committed) matches
    the answers; returns the number of cells, or None when nothing needed doing."""
    mark = _mark(lock=True)
    facts = _answer_facts()
    if _matches(mark, facts):
        return None
    return _replace_all(mark, facts)


def read_mark() -> SurveyTallyMark:
    """The mark as it is now (not locked)."""
    return _mark(lock=False)


def is_fresh(mark: SurveyTallyMark | None = None) -> bool:
    """The tallies account for exactly the answers there are (the mark's count and highest id match)."""
    return _matches(mark or read_mark(), _answer_facts())


def queued_recently(mark: SurveyTallyMark, *, now: dt.datetime) -> bool:
    """A rebuild was queued less than ``REQUEUE_AFTER`` ago and its job has not started yet."""
    return mark.rebuild_queued_at is not None and mark.rebuild_queued_at >= now - REQUEUE_AFTER


def claim_rebuild(*, now: dt.datetime) -> bool:
    """Record that a rebuild is being queued at ``now``; False when one was queued less than ``REQUEUE_AFTER``
    ago (its job has not started: it will see every change committed so far). One conditional UPDATE: of two
    callers at once, one wins."""
    claimable = SurveyTallyMark.objects.filter(Q(rebuild_queued_at=None) | Q(rebuild_queued_at__lt=now - REQUEUE_AFTER))
    claimed = claimable.update(rebuild_queued_at=now)
    if not claimed and not SurveyTallyMark.objects.exists():  # no mark yet: nothing was ever counted
        read_mark()
        claimed = claimable.update(rebuild_queued_at=now)
    return bool(claimed)


def release_claim(*, at: dt.datetime) -> None:
    """Undo ``claim_rebuild(now=at)`` when the job could not be queued (the next report page tries again)."""
    SurveyTallyMark.objects.filter(rebuild_queued_at=at).update(rebuild_queued_at=None)


def rebuild_started() -> None:
    """Called by the rebuild job before it counts: a change committed from now on must queue a new job."""
    SurveyTallyMark.objects.exclude(rebuild_queued_at=None).update(rebuild_queued_at=None)
