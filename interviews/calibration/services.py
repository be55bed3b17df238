"""Calibration of AI suggestions against interviewers' scores, read from the database (issue 4 item 7).

The pairs are the scores of **current, submitted** scorecards that carry the AI suggestion shown at submit
(``ScorecardScore.ai_suggested``): AI = what the interviewer saw beside their own field, human = what they
gave. Human–human agreement uses every current submitted score, with or without an AI suggestion, where two
interviewers scored the same competency of the same interview. The metrics themselves are computed by the
pure engine (``interviews.engine.calibration``); this module only turns rows into pairs and names.

Settings (env): ``INTERVIEW_CALIBRATION_TOLERANCE`` (default 1 point: a pair "differs" above it) and
``INTERVIEW_CALIBRATION_ALERT_RATE`` (default 0.05: the dashboard alert fires above it once at least
``MIN_GROUP_SIZE_FOR_ALERT`` pairs exist).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, F, Q
from django.db.models.functions import Abs

from hrportal import display_names, stats
from interviews.decision.composite import counted_scores
from interviews.decision.selectors import pending_assignments
from interviews.engine.calibration import (
    DEFAULT_ALERT_THRESHOLD,
    DEFAULT_TOLERANCE,
    MIN_GROUP_SIZE_FOR_ALERT,
    MIN_PAIRS_TO_FIT,
    AgreementStats,
    CalibrationPair,
    CalibrationReport,
    agreement,
    calibration_report,
    human_human_pairs,
    to_scale,
)
from interviews.models import RecalibrationModel
from recruiting.models import Competency

# Filter value of the page for suggestions shown without any recalibration.
RAW_VERSION = "raw"


def tolerance() -> float:
    return float(getattr(settings, "INTERVIEW_CALIBRATION_TOLERANCE", DEFAULT_TOLERANCE))


def alert_rate() -> float:
    return float(getattr(settings, "INTERVIEW_CALIBRATION_ALERT_RATE", DEFAULT_ALERT_THRESHOLD))


def submitted_scores(*, viewer=None):
    """Scores of current, submitted scorecards with a human score (the base of every calibration read).

    With ``viewer``, the candidates whose scores are hidden from that user are left out — those of an interview
    they sit on and have not scored yet — so the page's per-interviewer rows and heat table cannot be compared
    before and after a colleague submits to learn that colleague's scores (issue 4 item 5).

    Read with plain ``values_list`` lists, not ``.iterator()``: on PostgreSQL a server-side cursor over
    50,000 rows took 11 s where one fetch takes 0.4 s (measured, bench/calibration_db.py)."""
    qs = counted_scores()
    if viewer is not None:
        hidden = pending_assignments(viewer).values("interview__application_id")
        qs = qs.exclude(scorecard__interview__application_id__in=hidden)
    return qs


def scored_pairs(*, recalibration_version: str | None = None, viewer=None):
    """Submitted scores that have an AI suggestion beside them, optionally only those shown under one
    recalibration version (``RAW_VERSION`` = shown without recalibration); ``viewer`` as in submitted_scores."""
    qs = submitted_scores(viewer=viewer).filter(ai_suggested__isnull=False)
    if recalibration_version == RAW_VERSION:
        qs = qs.filter(ai_recalibration_version="")
    elif recalibration_version:
        qs = qs.filter(ai_recalibration_version=recalibration_version)
    return qs


_PAIR_FIELDS = ("ai_suggested", "score", "competency__code", "scorecard__interviewer_id", "scorecard__interview_id")


def load_pairs(*, recalibration_version: str | None = None, viewer=None) -> list[CalibrationPair]:
    """AI suggestion × human score pairs, keyed by competency code, interviewer id and interview id."""
    rows = scored_pairs(recalibration_version=recalibration_version, viewer=viewer).order_by().values_list(*_PAIR_FIELDS)
    return [
        CalibrationPair(ai=float(ai), human=float(human), competency=code, interviewer=str(interviewer),
                        interview=str(interview))
        for ai, human, code, interviewer, interview in rows
    ]


def load_fit_pairs() -> tuple[list[float], list[float], str]:
    """(raw engine scores, human scores, most common engine version) for fitting a recalibration: the map
    is fitted on what the engine computed before any recalibration (``ai_raw``)."""
    raw, human, versions = [], [], {}
    rows = submitted_scores().filter(ai_raw__isnull=False).order_by().values_list("ai_raw", "score", "ai_engine_version")
    for value, score, engine_version in rows:
        raw.append(float(value))
        human.append(float(score))
        versions[engine_version] = versions.get(engine_version, 0) + 1
    engine = max(versions.items(), key=lambda kv: kv[1])[0] if versions else ""
    return raw, human, engine


def human_human_agreement(
    *, tolerance_points: float, viewer=None,
) -> tuple[AgreementStats | None, dict[str, AgreementStats]]:
    """Agreement between two interviewers who scored the same competency of the same interview."""
    rows = submitted_scores(viewer=viewer).order_by().values_list(
        "score", "competency__code", "scorecard__interviewer_id", "scorecard__interview_id",
    )
    pairs = [CalibrationPair(ai=0.0, human=float(s), competency=c, interviewer=f"{i:012d}", interview=str(iv))
             for s, c, i, iv in rows]
    first, second, competencies = human_human_pairs(pairs)
    if not first:
        return None, {}
    by_competency: dict[str, tuple[list[float], list[float]]] = {}
    for a, b, code in zip(first, second, competencies, strict=True):
        bucket = by_competency.setdefault(code, ([], []))
        bucket[0].append(a)
        bucket[1].append(b)
    return (
        agreement(first, second, tolerance=tolerance_points),
        {code: agreement(a, b, tolerance=tolerance_points) for code, (a, b) in sorted(by_competency.items())},
    )


def confusion_matrix(pairs: list[CalibrationPair]) -> list[list[int]]:
    """5×5 counts: row = AI suggestion 1..5, column = human score 1..5."""
    matrix = [[0] * 5 for _ in range(5)]
    if pairs:
        ai = to_scale([p.ai for p in pairs])
        human = to_scale([p.human for p in pairs])
        for a, h in zip(ai.tolist(), human.tolist(), strict=True):
            matrix[a - 1][h - 1] += 1
    return matrix


@dataclass
class Row:
    """One line of a breakdown table: a label and its stats."""

    key: str
    label: str
    stats: AgreementStats
    alert: bool = False


@dataclass
class CalibrationOverview:
    report: CalibrationReport
    pairs: int
    by_competency: list[Row]
    by_interviewer: list[Row]
    human_human: AgreementStats | None
    human_human_by_competency: list[Row]
    matrix: list[list[int]]
    tolerance: float
    alert_rate: float
    min_pairs_for_alert: int
    recalibration_version: str | None
    versions_seen: list[tuple[str, int]] = field(default_factory=list)
    withheld_for_viewer: bool = False  # the viewer has panels to score: those candidates are left out

    @property
    def alert(self) -> bool:
        return self.report.alert and self.pairs >= self.min_pairs_for_alert


def _user_labels(ids) -> dict[str, str]:
    users = get_user_model().objects.filter(pk__in=[int(i) for i in ids]).only("id", "username", "first_name", "last_name")
    return {str(u.pk): (u.get_full_name() or u.get_username()) for u in users}


def _competency_labels(codes) -> dict[str, str]:
    rows = Competency.objects.filter(code__in=list(codes)).values("code", "name_zh", "name_en")
    return {row["code"]: display_names.display_name(row) for row in rows}


def calibration_overview(
    *, recalibration_version: str | None = None, viewer=None,
) -> CalibrationOverview:
    """Everything the calibration page shows, computed from the database in a fixed number of queries.
    With ``viewer``, without the candidates whose scores are hidden from that user (see submitted_scores).
    Competencies are named in the active language (hrportal.display_names)."""
    tol, rate = tolerance(), alert_rate()
    pairs = load_pairs(recalibration_version=recalibration_version, viewer=viewer)
    report = calibration_report(pairs, tolerance=tol, alert_threshold=rate)
    hh, hh_by_competency = human_human_agreement(tolerance_points=tol, viewer=viewer)
    report.human_human, report.human_human_by_competency = hh, hh_by_competency

    competency_labels = _competency_labels(set(report.by_competency) | set(hh_by_competency))
    user_labels = _user_labels(report.by_interviewer)

    def above(stats: AgreementStats) -> bool:
        return (stats.n >= MIN_GROUP_SIZE_FOR_ALERT and stats.difference_rate is not None
                and stats.difference_rate > rate)

    def rows(groups: dict[str, AgreementStats], labels: dict[str, str]) -> list[Row]:
        result = [Row(key, labels.get(key, key), stats, above(stats)) for key, stats in groups.items()]
        return sorted(result, key=lambda r: (-(r.stats.difference_rate or 0), r.label))

    versions = (
        scored_pairs(viewer=viewer).values_list("ai_recalibration_version").annotate(n=Count("id")).order_by("ai_recalibration_version")
    )
    return CalibrationOverview(
        report=report, pairs=len(pairs),
        by_competency=rows(report.by_competency, competency_labels),
        by_interviewer=rows(report.by_interviewer, user_labels),
        human_human=hh,
        human_human_by_competency=[Row(k, competency_labels.get(k, k), s) for k, s in hh_by_competency.items()],
        matrix=confusion_matrix(pairs), tolerance=tol, alert_rate=rate,
        min_pairs_for_alert=MIN_GROUP_SIZE_FOR_ALERT, recalibration_version=recalibration_version,
        versions_seen=[(v or RAW_VERSION, n) for v, n in versions],
        withheld_for_viewer=viewer is not None and pending_assignments(viewer).exists(),
    )


@dataclass(frozen=True)
class DifferenceRate:
    pairs: int
    differing: int
    tolerance: float
    threshold: float

    @property
    def rate(self) -> float | None:
        return self.differing / self.pairs if self.pairs else None

    @property
    def enough_pairs(self) -> bool:
        return self.pairs >= MIN_GROUP_SIZE_FOR_ALERT

    @property
    def alert(self) -> bool:
        return self.enough_pairs and self.rate is not None and self.rate > self.threshold


def overall_difference_rate() -> DifferenceRate:
    """The overall AI–human difference rate in one aggregate query (for the dashboard on every visit).

    The definition is ``hrportal.stats.difference_rate`` (|AI − human| > tolerance); both scores are whole
    points, so the aggregate compares against ``stats.whole_point_threshold`` (an integer compare)."""
    tol = tolerance()
    totals = scored_pairs().annotate(diff=Abs(F("ai_suggested") - F("score"))).aggregate(
        pairs=Count("id"), differing=Count("id", filter=Q(diff__gt=stats.whole_point_threshold(tol))),
    )
    return DifferenceRate(pairs=totals["pairs"], differing=totals["differing"], tolerance=tol, threshold=alert_rate())


def recalibration_history():
    return list(RecalibrationModel.objects.select_related("fitted_by").order_by("-version"))


def active_recalibration() -> RecalibrationModel | None:
    return RecalibrationModel.objects.filter(is_active=True).first()


__all__ = [
    "MIN_PAIRS_TO_FIT", "RAW_VERSION", "CalibrationOverview", "DifferenceRate", "active_recalibration",
    "alert_rate", "calibration_overview", "confusion_matrix", "load_fit_pairs", "load_pairs",
    "overall_difference_rate", "recalibration_history", "tolerance",
]
