"""The survey report's answer tallies (interviews.models.SurveyTally): counted when a response is submitted, in
the submission's transaction, and rebuilt from the answers when they no longer match (``rebuild``; also
``manage.py rebuild_survey_tallies``).

What is counted: every answer with a 1–5 value or a single-choice value, once per report cell (audience × topic ×
position × round × local day × scale × choice), and each candidate satisfaction answer once more per interviewer
of the interview's panel (``interviewer_id`` > 0). The report sums these rows; ``recount`` gives the same cells
straight from the answers (the tests compare the two after every kind of change).

Freshness: ``SurveyTallyMark`` holds the number and the highest id of the answers the tallies account for.
``submit_response`` locks it (submissions are counted one after the other, so two never create the same cell
twice) and moves it on; ``ensure_fresh`` (two small queries, run by the report) rebuilds when the answers table
says otherwise — answers deleted by the retention purge or a cascade, or stored by a path that bypassed
``submit_response`` (bulk loads).
"""

from __future__ import annotations

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


@transaction.atomic
def rebuild() -> int:
    """Replace every tally by a recount of the answers, and set the mark. Returns the number of cells."""
    _mark(lock=True)
    facts = SurveyAnswer.objects.aggregate(n=Count("id"), last=Max("id"))
    cells = recount()
    SurveyTally.objects.all().delete()
    SurveyTally.objects.bulk_create(
        [SurveyTally(**dict(zip(KEY, cell, strict=True)), n=n) for cell, n in cells.items()], batch_size=2000,
    )
    SurveyTallyMark.objects.update(answers=facts["n"], last_answer_id=facts["last"] or 0, rebuilt_at=timezone.now())
    return len(cells)


def is_fresh() -> bool:
    mark = _mark(lock=False)
    facts = SurveyAnswer.objects.aggregate(n=Count("id"), last=Max("id"))
    return mark.answers == facts["n"] and mark.last_answer_id == (facts["last"] or 0)


def ensure_fresh() -> None:
    """Rebuild the tallies if the answers changed behind their back (two queries when they did not)."""
    if not is_fresh():
        rebuild()
