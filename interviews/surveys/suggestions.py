"""Suggestion rules over the survey report, as data: each rule names the report rows it reads, when it fires,
the figures it shows and the advice. ``evaluate`` is pure over the report dict; ``refresh_suggestions`` records
what fired as open ``Suggestion`` rows (idempotent: one per rule × subject × period) and returns the rows to show.
Nothing changes by itself: HR accepts (a follow-up task) or dismisses each one (services.decide_suggestion).

Question effectiveness (issue 17, interviews/learning/) feeds the rule "low_effectiveness" through
``question_effectiveness()`` (added to the report by ``refresh_suggestions``; ``evaluate`` stays pure); without
fitted questions it returns nothing and the rule never fires.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from hrportal.display_names import display_name
from interviews.models import MIN_GROUP_SIZE, Question, QuestionType, Suggestion

MAJORITY = 50  # % of votes
LOW_SATISFACTION_MEAN = 3.5  # on the 1–5 scale
PASS_RATE_GAP = 30  # percentage points from the median interviewer


@dataclass(frozen=True)
class Rule:
    code: str
    title: object
    rows: Callable[[dict], list]
    fires: Callable[[dict, dict], bool]
    subject: Callable[[dict], str]
    figures: Callable[[dict, dict], dict]
    advice: object


def question_effectiveness() -> list[dict]:
    """Per question type and position: ``{"position", "question_type", "validity", "n", "subject"}`` from the
    learning loop (each question's score↔performance r written by interviews/learning): the n-weighted mean r of
    the type's questions with a measured effect, and the hires behind it. Names in the active language; the
    subject key in Chinese whatever the viewer's language (the key the rule has always stored). One query."""
    totals: dict[tuple, list] = {}
    names: dict[int, dict] = {}
    rows = (Question.objects.exclude(effectiveness=None).exclude(effectiveness_n=None)
            .values_list("position_id", "position__title_zh", "position__title_en", "question_type", "effectiveness",
                         "effectiveness_n"))
    for position_id, title_zh, title_en, question_type, r, n in rows:
        names[position_id] = {"title_zh": title_zh, "title_en": title_en}
        bucket = totals.setdefault((title_zh, position_id, question_type), [0.0, 0])
        bucket[0] += float(r) * n
        bucket[1] += n
    labels = dict(QuestionType.choices)
    with translation.override(settings.LANGUAGE_CODE):
        keys = {code: str(label) for code, label in labels.items()}
    return [
        {"position": display_name(names[position_id]), "question_type": str(labels.get(question_type, question_type)),
         "validity": weighted / n, "n": n,
         "subject": f"position:{title_zh}:{keys.get(question_type, question_type)}:validity"}
        for (title_zh, position_id, question_type), (weighted, n) in sorted(totals.items()) if n
    ]


def _median_pass(report: dict) -> float | None:
    rates = [float(r["rate"]) for r in report.get("pass_rates", []) if r["rate"] is not None]
    return statistics.median(rates) if len(rates) >= 3 else None


def _share(row: dict, value: str) -> float:
    return float(row["shares"].get(value) or 0)


RULES: tuple[Rule, ...] = (
    Rule(
        code="question_type_too_easy", title=_("题型过于简单"),
        rows=lambda report: report["question_types"],
        fires=lambda row, report: row["shown"] and _share(row, "too_easy") > MAJORITY,
        subject=lambda row: f"position:{row['position_id']}:{row['question_type']}",
        figures=lambda row, report: {"position": row["position"], "question_type": str(row["question_type_label"]),
                                     "share": _share(row, "too_easy"), "n": row["total"]},
        advice=_("%(share)s%% 的%(position)s候选人认为%(question_type)s太简单（%(n)s 份回答）→ 要求候选人给出具体方案，或换用更难的题目"),
    ),
    Rule(
        code="question_type_too_hard", title=_("题型过难"),
        rows=lambda report: report["question_types"],
        fires=lambda row, report: row["shown"] and _share(row, "too_hard") > MAJORITY,
        subject=lambda row: f"position:{row['position_id']}:{row['question_type']}",
        figures=lambda row, report: {"position": row["position"], "question_type": str(row["question_type_label"]),
                                     "share": _share(row, "too_hard"), "n": row["total"]},
        advice=_("%(share)s%% 的%(position)s候选人认为%(question_type)s太难（%(n)s 份回答）→ 检查题目是否超出岗位要求"),
    ),
    Rule(
        code="round_low_satisfaction", title=_("轮次满意度低"),
        rows=lambda report: report["rounds"],
        fires=lambda row, report: row["satisfaction"].shown and float(row["satisfaction"].mean) < LOW_SATISFACTION_MEAN,
        subject=lambda row: f"round:{row['key']}",
        figures=lambda row, report: {"round": row["label"], "mean": str(row["satisfaction"].mean),
                                     "n": row["satisfaction"].total},
        advice=_("“%(round)s”候选人满意度平均 %(mean)s 分（%(n)s 份回答）→ 查看该轮的安排与面试官表现"),
    ),
    Rule(
        code="interviewer_pass_rate_outlier", title=_("面试官通过率异常"),
        rows=lambda report: report["pass_rates"],
        fires=lambda row, report: _median_pass(report) is not None and row["rate"] is not None
        and abs(float(row["rate"]) - _median_pass(report)) >= PASS_RATE_GAP,
        subject=lambda row: f"interviewer:{row['user_id']}",
        figures=lambda row, report: {"interviewer": row["label"], "rate": str(row["rate"]),
                                     "median": f"{_median_pass(report):.1f}", "n": row["n"]},
        advice=_("%(interviewer)s 的推荐通过率为 %(rate)s%%，中位数为 %(median)s%%（%(n)s 份评分表）→ 安排校准或陪面"),
    ),
    Rule(
        code="low_effectiveness", title=_("题型预测效度低"),
        rows=lambda report: report.get("effectiveness", []),
        fires=lambda row, report: row["n"] >= MIN_GROUP_SIZE and row["validity"] < 0.1,
        subject=lambda row: row["subject"],
        figures=lambda row, report: {"position": row["position"], "question_type": row["question_type"],
                                     "validity": f"{row['validity']:.2f}", "n": row["n"]},
        advice=_("%(position)s的%(question_type)s与入职后绩效的相关仅 %(validity)s（%(n)s 人）→ 替换或重写该类题目"),
    ),
)


def evaluate(report: dict) -> list[dict]:
    """What fires on this report: ``[{"rule", "title", "subject_key", "figures" (incl. "advice")}]``."""
    fired = []
    for rule in RULES:
        for row in rule.rows(report):
            if rule.fires(row, report):
                figures = rule.figures(row, report)
                figures["advice"] = str(rule.advice) % figures
                fired.append({"rule": rule.code, "title": str(rule.title), "subject_key": rule.subject(row), "figures": figures})
    return fired


def period_of(report: dict) -> str:
    return report.get("period", "") or "all"


def refresh_suggestions(report: dict) -> list[Suggestion]:
    """Record what fires as open suggestions (existing ones — open, accepted or dismissed — stay as they are)
    and return this period's suggestions that are still open. Two queries (the questions' effectiveness, the
    suggestions) once every fired suggestion is
    recorded (two more only when a new one fires), whatever the report's size. While the report's tallies are
    stale (``tallies_stale``: a rebuild is on its way) nothing new is recorded from their figures.

    Each returned row carries ``advice`` in the viewer's language: the advice this evaluation gives for the
    same rule and subject (names and figures of the report being shown), else — a suggestion that no longer
    fires — the advice stored when it first fired."""
    period = period_of(report)
    fired = [] if report.get("tallies_stale") else evaluate({**report, "effectiveness": question_effectiveness()})
    advice_now = {(f["rule"], f["subject_key"]): f["figures"]["advice"] for f in fired}
    titles = {rule.code: rule.title for rule in RULES}
    existing = list(Suggestion.objects.filter(period=period).order_by("rule", "subject_key"))
    known = {(s.rule, s.subject_key) for s in existing}
    new = [Suggestion(rule=f["rule"], subject_key=f["subject_key"], period=period, figures=f["figures"])
           for f in fired if (f["rule"], f["subject_key"]) not in known]
    if new:
        Suggestion.objects.bulk_create(new, ignore_conflicts=True)
        existing = list(Suggestion.objects.filter(period=period).order_by("rule", "subject_key"))
    rows = [s for s in existing if s.status == Suggestion.Status.OPEN]
    for row in rows:
        row.title = titles.get(row.rule, row.rule)
        row.advice = advice_now.get((row.rule, row.subject_key)) or row.figures.get("advice", "")
    return rows
