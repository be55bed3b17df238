"""The survey report: response rates, satisfaction and question-fit distributions per position, round and
interviewer, the monthly trend, difficulty votes and free-text themes.

Anonymity: only aggregates, and no group (a position, a round, an interviewer, a month, a theme) with fewer
than ``MIN_GROUP_SIZE`` responses is shown — it is listed as "too few responses" instead. The page runs a fixed
number of queries however many interviews and responses there are (grouped counts, then names — in the active
language, hrportal.display_names). The answer
distributions, votes, per-interviewer satisfaction and the trend are sums over the answer tallies
(interviews/surveys/tallies.py, counted when a response is submitted), not scans of every answer.

Stale tallies (answers deleted by a cascade or stored behind their back) are never recounted here: the report
carries ``tallies_stale`` and shows the figures the tallies hold while an RQ job rebuilds them
(interviews/surveys/jobs.py ``tallies_current`` queues it once; docs/decisions.md says why stale figures, not none).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Count, Q, Sum
from django.utils import timezone

from hrportal.decimals import half_up
from hrportal.display_names import display_name
from interviews.engine.themes import Theme, group_by_theme
from interviews.models import (
    MIN_GROUP_SIZE,
    Audience,
    InterviewRound,
    QuestionType,
    RoundQuestion,
    Scorecard,
    SurveyAnswer,
    SurveyInvitation,
    SurveyQuestion,
    SurveyTally,
)
from interviews.surveys import jobs
from recruiting.models import Position

Topic = SurveyQuestion.Topic
THEME_SAMPLE = 400  # newest free-text answers clustered into themes
THEMES_CACHE_SECONDS = 24 * 3600
SATISFIED = 4  # a 4 or 5 on the 1–5 scale counts as satisfied


@dataclass
class Distribution:
    """Counts of 1..5 answers; ``shown`` False when the group is below the minimum size."""

    counts: list[int] = field(default_factory=lambda: [0] * 5)

    def add(self, scale: int, n: int) -> None:
        self.counts[scale - 1] += n

    @property
    def total(self) -> int:
        return sum(self.counts)

    @property
    def shown(self) -> bool:
        return self.total >= MIN_GROUP_SIZE

    @property
    def mean(self):
        return half_up(sum((i + 1) * c for i, c in enumerate(self.counts)) / self.total, "0.01") if self.total else None

    @property
    def satisfied_share(self):
        return half_up(100 * sum(self.counts[SATISFIED - 1:]) / self.total, "0.1") if self.total else None

    @property
    def shares(self) -> list:
        return [half_up(100 * c / self.total, "0.1") for c in self.counts] if self.total else [0] * 5


def _pct(part: int, whole: int):
    return half_up(100 * part / whole, "0.1") if whole else None


def _day_filter(date_from, date_to) -> Q:
    q = Q()
    if date_from:
        q &= Q(day__gte=date_from)
    if date_to:
        q &= Q(day__lte=date_to)
    return q


def _response_filter(prefix: str, date_from, date_to) -> Q:
    q = Q()
    if date_from:
        q &= Q(**{f"{prefix}submitted_at__date__gte": date_from})
    if date_to:
        q &= Q(**{f"{prefix}submitted_at__date__lte": date_to})
    return q


def survey_report(*, date_from: dt.date | None = None, date_to: dt.date | None = None, now=None) -> dict:
    """Everything the report page shows (see module docstring). Fixed query count."""
    now = now or timezone.now()
    answer_filter = _response_filter("", date_from, date_to)
    sent = SurveyInvitation.objects.filter(send_at__lte=now)
    if date_from:
        sent = sent.filter(send_at__date__gte=date_from)
    if date_to:
        sent = sent.filter(send_at__date__lte=date_to)

    # 1. response rates per audience × position × round
    rate_rows = list(
        sent.values("audience", "interview__application__position_id", "interview__round_id")
        .annotate(sent=Count("id"), answered=Count("id", filter=Q(answered_at__isnull=False)))
    )
    # 2–5 come from the answer tallies (interviews/surveys/tallies.py): a few hundred rows, not every answer.
    # When they are stale a rebuild is queued (once) and the figures they hold are shown with a notice.
    tallies_current = jobs.tallies_current()
    tally = SurveyTally.objects.filter(_day_filter(date_from, date_to))
    answers = tally.filter(interviewer_id=0)
    # 2. scale answers per audience × topic × position × round
    scale_rows = list(
        answers.filter(scale__gt=0).values("audience", "topic", "position_id", "round_id", "scale").annotate(n=Sum("n"))
    )
    # 3. choice answers (difficulty, convenience) per audience × topic × position × round
    choice_rows = list(
        answers.filter(topic__in=[Topic.DIFFICULTY, Topic.CONVENIENCE]).exclude(choice="")
        .values("audience", "topic", "position_id", "round_id", "choice").annotate(n=Sum("n"))
    )
    # 3b. candidates' difficulty votes per position × question type asked in the round (情景模拟题 too easy …):
    # each vote counts once for every distinct question type of its round
    vote_rows = list(
        answers.filter(audience=Audience.CANDIDATE, topic=Topic.DIFFICULTY).exclude(choice="")
        .values("position_id", "round_id", "choice").annotate(n=Sum("n"))
    )
    round_types: dict = defaultdict(set)
    for round_id, qtype in (RoundQuestion.objects.filter(round_id__in={r["round_id"] for r in vote_rows})
                            .values_list("round_id", "question__question_type").distinct()):
        round_types[round_id].add(qtype)
    # 4. candidates' satisfaction per interviewer of the interview (aggregate only, ≥ MIN_GROUP_SIZE)
    interviewer_rows = list(tally.filter(interviewer_id__gt=0).values("interviewer_id", "scale").annotate(n=Sum("n")))
    # 5. monthly trend of candidates' satisfaction
    trend_rows = list(
        answers.filter(audience=Audience.CANDIDATE, topic=Topic.SATISFACTION, scale__gt=0)
        .values("day", "scale").annotate(n=Sum("n"))
    )
    # 6. free text: the newest answers of the improvement questions, by audience
    text_rows = list(
        SurveyAnswer.objects.filter(answer_filter, topic=Topic.IMPROVEMENT)
        .exclude(text="").order_by("-submitted_at", "-id").values_list("audience", "text")[:THEME_SAMPLE]
    )
    # 7. interviewers' recommendation pass rates (for the outlier rule)
    pass_rows = list(
        Scorecard.objects.filter(is_current=True, status=Scorecard.Status.SUBMITTED)
        .values("interviewer_id").annotate(
            n=Count("id"), passed=Count("id", filter=Q(recommendation__in=["yes", "strong_yes"])),
        )
    )

    position_ids = (
        {r["interview__application__position_id"] for r in rate_rows} | {r["position_id"] for r in scale_rows}
        | {r["position_id"] for r in vote_rows}
    )
    round_ids = {r["interview__round_id"] for r in rate_rows} | {r["round_id"] for r in scale_rows}
    # 8–10. names
    positions = {p.pk: p for p in Position.objects.filter(pk__in=position_ids).only("id", "title_zh", "title_en", "department_id")}
    rounds = {r.pk: r for r in InterviewRound.objects.filter(pk__in=round_ids).only("id", "name", "name_en", "order")}
    user_ids = {r["interviewer_id"] for r in interviewer_rows} | {r["interviewer_id"] for r in pass_rows}
    users = {u.pk: u for u in get_user_model().objects.filter(pk__in=user_ids - {None}).select_related("employee")}

    overall = {a: {"sent": 0, "answered": 0} for a in Audience.values}
    by_position: dict = defaultdict(lambda: {"sent": 0, "answered": 0, "satisfaction": Distribution(), "fit": Distribution(),
                                             "difficulty": defaultdict(int), "convenience": defaultdict(int)})
    by_round: dict = defaultdict(lambda: {"sent": 0, "answered": 0, "satisfaction": Distribution(), "fit": Distribution(),
                                          "difficulty": defaultdict(int)})
    for r in rate_rows:
        overall[r["audience"]]["sent"] += r["sent"]
        overall[r["audience"]]["answered"] += r["answered"]
        if r["audience"] == Audience.CANDIDATE:
            for key, bucket in ((r["interview__application__position_id"], by_position), (r["interview__round_id"], by_round)):
                bucket[key]["sent"] += r["sent"]
                bucket[key]["answered"] += r["answered"]
    totals = {"satisfaction": Distribution(), "fit": Distribution(), "interviewer_fit": Distribution()}
    for r in scale_rows:
        topic, audience = r["topic"], r["audience"]
        if audience == Audience.CANDIDATE and topic in (Topic.SATISFACTION, Topic.QUESTION_FIT):
            key = "satisfaction" if topic == Topic.SATISFACTION else "fit"
            totals[key].add(r["scale"], r["n"])
            by_position[r["position_id"]][key].add(r["scale"], r["n"])
            by_round[r["round_id"]][key].add(r["scale"], r["n"])
        elif audience == Audience.INTERVIEWER and topic == Topic.QUESTION_FIT:
            totals["interviewer_fit"].add(r["scale"], r["n"])
    votes = {"difficulty": defaultdict(int), "convenience": defaultdict(int)}
    for r in choice_rows:
        key = "difficulty" if r["topic"] == Topic.DIFFICULTY else "convenience"
        value = r["choice"]
        if r["audience"] == Audience.CANDIDATE:
            votes[key][value] += r["n"]
            by_position[r["position_id"]][key][value] += r["n"]
            if key == "difficulty":
                by_round[r["round_id"]]["difficulty"][value] += r["n"]

    per_interviewer: dict = defaultdict(Distribution)
    for r in interviewer_rows:
        per_interviewer[r["interviewer_id"]].add(r["scale"], r["n"])
    trend: dict = defaultdict(Distribution)
    for r in trend_rows:
        trend[r["day"].strftime("%Y-%m")].add(r["scale"], r["n"])

    def _votes(counter) -> dict:
        total = sum(counter.values())
        return {"total": total, "shown": total >= MIN_GROUP_SIZE,
                "shares": {k: _pct(v, total) for k, v in sorted(counter.items())}}

    def _group(key, bucket, label, extra=None) -> dict:
        row = {"key": key, "label": label, "sent": bucket["sent"], "answered": bucket["answered"],
               "rate": _pct(bucket["answered"], bucket["sent"]), "satisfaction": bucket["satisfaction"], "fit": bucket["fit"],
               "difficulty": _votes(bucket["difficulty"]), **(extra or {})}
        row["shown"] = bucket["satisfaction"].shown or bucket["fit"].shown
        return row

    position_rows = sorted(
        (_group(pk, b, display_name(positions[pk]) if pk in positions else "—",
                {"department_id": getattr(positions.get(pk), "department_id", None)}) for pk, b in by_position.items()),
        key=lambda r: r["label"],
    )
    round_rows = sorted(
        (_group(pk, b, display_name(rounds[pk]) if pk in rounds else "—", {"order": getattr(rounds.get(pk), "order", 0)})
         for pk, b in by_round.items()),
        key=lambda r: (r["order"], r["label"]),
    )
    interviewer_list = sorted(
        ({"user_id": uid, "label": _person(users.get(uid)), "satisfaction": d} for uid, d in per_interviewer.items() if d.shown),
        key=lambda r: r["label"],
    )
    hidden_interviewers = sum(1 for d in per_interviewer.values() if not d.shown)
    themes = {audience: _themes([t for a, t in text_rows if a == audience]) for audience in Audience.values}
    by_type: dict = defaultdict(lambda: defaultdict(int))
    for r in vote_rows:
        for qtype in round_types.get(r["round_id"], ()):
            if qtype:
                by_type[(r["position_id"], qtype)][r["choice"]] += r["n"]
    question_types = sorted(
        ({"position_id": pid, "position": display_name(positions[pid]) if pid in positions else "—", "question_type": qtype,
          "question_type_label": QuestionType(qtype).label if qtype in QuestionType.values else qtype, **_votes(counter)}
         for (pid, qtype), counter in by_type.items()),
        key=lambda r: (r["position"], r["question_type"]),
    )
    pass_rates = [
        {"user_id": r["interviewer_id"], "label": _person(users.get(r["interviewer_id"])), "n": r["n"],
         "rate": _pct(r["passed"], r["n"])}
        for r in pass_rows if r["n"] >= MIN_GROUP_SIZE
    ]
    return {
        "period": f"{date_from or ''}..{date_to or ''}" if (date_from or date_to) else "all",
        "tallies_stale": not tallies_current,
        "min_group_size": MIN_GROUP_SIZE,
        "response": {a: {**v, "rate": _pct(v["answered"], v["sent"])} for a, v in overall.items()},
        "totals": totals,
        "difficulty": _votes(votes["difficulty"]),
        "convenience": _votes(votes["convenience"]),
        "positions": position_rows,
        "rounds": round_rows,
        "interviewers": interviewer_list,
        "hidden_interviewers": hidden_interviewers,
        "trend": [{"month": m, "satisfaction": d} for m, d in sorted(trend.items())],
        "themes": themes,
        "pass_rates": pass_rates,
        "question_types": question_types,
    }


def _themes(texts: list[str]) -> list:
    """Themes of these answers, remembered in the cache under a hash of the texts: clustering runs again only
    when the newest answers changed (a new free-text answer arrived or the date filter moved). The cache holds
    keywords, sizes and the quotes' positions in ``texts`` — never the answers themselves (they stay encrypted
    at rest; the quotes are taken from this request's decrypted texts)."""
    key = "surveys.themes." + hashlib.sha256("\x1f".join(texts).encode("utf-8")).hexdigest()
    cached = cache.get(key)
    if cached is None:
        cached = [(t.keywords, t.size, t.quote_indexes) for t in group_by_theme(texts, min_size=MIN_GROUP_SIZE)]
        cache.set(key, cached, THEMES_CACHE_SECONDS)
    return [Theme(keywords=k, size=n, quotes=tuple(texts[i][:200] for i in idx), quote_indexes=idx) for k, n, idx in cached]


def _person(user) -> str:
    if user is None:
        return "—"
    employee = getattr(user, "employee", None)
    return (employee.name if employee else "") or user.get_full_name() or user.get_username()

