"""Time to hire and time in stage (median and p90, in days), and the screening score against the later outcome.

Time to hire: for each application that moved to 已入职 in the period, the days from 投递时间 (``applied_at``) to
that move. Time in stage: for each move out of a stage in the period, the days since the application entered that
stage — the move into it, or ``applied_at`` for 新投递 (the pipeline has no cycles, so a stage is entered once), kept
on the row as ``entered_at`` by recruiting/stage_facts.py so no self-join of the history is needed."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Case, Count, IntegerField, Value, When
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from interviews.analytics import percentiles
from interviews.analytics.common import COHORTS, as_number, cohort_label, days, rate
from interviews.analytics.registry import Chart, Result, Table, register_report
from recruiting import pipeline
from recruiting.models import Application, ApplicationStageChange, Position
from recruiting.pipeline import Stage

CHANGES = ApplicationStageChange._meta.db_table
APPLICATIONS = Application._meta.db_table
POSITIONS = Position._meta.db_table


def _scoped_changes(filters, *, where: str, extra_params: list, positions: bool = False) -> tuple[str, list]:
    """FROM … WHERE over stage changes ``c`` of applications ``a`` in scope (any applied date), moved in the period;
    ``c.entered_at`` is when the application entered the stage ``c`` leaves (kept by recruiting/stage_facts.py).
    ``a`` is the scope itself (a derived table of the columns the reports read), so the history is joined once
    rather than to the applications and again to an ``IN (scope)``. ``positions`` joins the position ``pos`` too
    (only for the query that groups by it: every application has one, so the join never drops a row)."""
    scope_sql, scope_params = percentiles.subquery(
        filters.applications().values("id", "is_historical", "applied_at", "position_id"))
    join = f"JOIN {POSITIONS} pos ON pos.id = a.position_id " if positions else ""
    sql = (f"FROM {CHANGES} c JOIN ({scope_sql}) a ON a.id = c.application_id {join}"
           f"WHERE c.at >= %s AND c.at < %s AND {where}")
    return sql, [*scope_params, filters.start, filters.end, *extra_params]


@register_report(key="timing", label=gettext_lazy("招聘用时"), order=20,
                 description=gettext_lazy("入职用时与各阶段停留时间（天），中位数与 P90。"))
def timing_report(filters) -> Result:
    hire_sql, hire_params = _scoped_changes(filters, where="c.to_stage = %s", extra_params=[Stage.HIRED.value])
    to_hire = percentiles.days_between("c.at", "a.applied_at")
    by_sql, by_params = _scoped_changes(filters, where="c.to_stage = %s", extra_params=[Stage.HIRED.value], positions=True)
    by_position = percentiles.grouped(groups=["a.is_historical", "pos.code", "pos.title_zh"], value=to_hire,
                                      from_where=by_sql, params=by_params)
    overall = percentiles.grouped(groups=["a.is_historical"], value=to_hire, from_where=hire_sql, params=hire_params)
    stay_sql, stay_params = _scoped_changes(filters, where="1 = 1", extra_params=[])
    in_stage = percentiles.grouped(groups=["a.is_historical", "c.from_stage"],
                                   value=percentiles.days_between("c.at", "c.entered_at"),
                                   from_where=stay_sql, params=stay_params)

    hire_rows = []
    for historical in COHORTS:
        total = overall.get((historical,)) or overall.get((int(historical),))
        if total:
            hire_rows.append([cohort_label(historical), _("全部职位"), total["n"], days(total["p50"]), days(total["p90"])])
        for (h, code, title), v in sorted(by_position.items(), key=lambda kv: kv[0][1]):
            if bool(h) == historical:
                hire_rows.append([cohort_label(historical), f"{title}（{code}）", v["n"], days(v["p50"]), days(v["p90"])])
    stage_rows, chart_stages = [], []
    for historical in COHORTS:
        for stage in pipeline.ACTIVE_STAGES:
            v = in_stage.get((historical, stage.value)) or in_stage.get((int(historical), stage.value))
            if v:
                stage_rows.append([cohort_label(historical), Stage(stage).label, v["n"], days(v["p50"]), days(v["p90"])])
                if not historical:
                    chart_stages.append((Stage(stage).label, v))
    live = overall.get((False,)) or overall.get((0,)) or {}
    chart = Chart(key="in_stage", title=_("各阶段停留天数（实时）"), labels=[s for s, _v in chart_stages], datasets=[
        {"label": _("中位数"), "data": [as_number(days(v["p50"])) for _s, v in chart_stages]},
        {"label": "P90", "data": [as_number(days(v["p90"])) for _s, v in chart_stages]},
    ], unit=_("天"))
    head = [_("数据"), _("职位"), _("入职人数"), _("中位数（天）"), _("P90（天）")]
    return Result(
        tables=[Table(_("入职用时：投递到入职"), head, hire_rows),
                Table(_("各阶段停留时间"), [_("数据"), _("阶段"), _("离开该阶段的申请"), _("中位数（天）"), _("P90（天）")],
                      stage_rows)],
        charts=[chart],
        figures=[(_("入职用时中位数（天）"), as_number(days(live.get("p50")))),
                 (_("入职用时 P90（天）"), as_number(days(live.get("p90")))), (_("入职人数"), live.get("n", 0))],
    )


BANDS = tuple(range(0, 100, 10))  # screening score bands [0,10) … [90,100]
OUTCOMES = (
    ("active", gettext_lazy("仍在流程中"), pipeline.ACTIVE_STAGES),
    ("hired", gettext_lazy("已入职"), (Stage.HIRED,)),
    ("offer_declined", gettext_lazy("拒绝录用"), (Stage.OFFER_DECLINED,)),
    ("rejected", gettext_lazy("未通过"), (Stage.REJECTED,)),
    ("withdrawn", gettext_lazy("候选人撤回"), (Stage.WITHDRAWN,)),
)


def _band():
    whens = [When(screening_score__lt=low + 10, then=Value(low)) for low in BANDS[:-1]]
    return Case(*whens, default=Value(BANDS[-1]), output_field=IntegerField())


@register_report(key="screening", label=gettext_lazy("筛选分与结果"), order=50,
                 description=gettext_lazy("期间内申请的筛选得分分布，与它们后来的结果对照。"))
def screening_report(filters) -> Result:
    scored = filters.cohort().filter(screening_score__isnull=False)
    counts = {(bool(r["is_historical"]), r["band"], r["stage"]): r["n"] for r in
              scored.annotate(band=_band()).values("is_historical", "band", "stage").annotate(n=Count("id"))}
    scope_sql, scope_params = percentiles.subquery(scored.values("id"))
    active = ", ".join(f"'{s.value}'" for s in pipeline.ACTIVE_STAGES)  # constants of the pipeline, no input
    outcome_sql = f"CASE WHEN a.stage IN ({active}) THEN 'active' ELSE a.stage END"
    medians = percentiles.grouped(groups=["a.is_historical", outcome_sql], value="a.screening_score",
                                  from_where=f"FROM {APPLICATIONS} a WHERE a.id IN ({scope_sql})", params=scope_params)
    outcome_of = {stage: key for key, _label, stages in OUTCOMES for stage in stages}
    grid: dict[tuple[bool, int], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (historical, band, stage), n in counts.items():
        grid[(historical, band)][outcome_of[stage]] += n
    headers = [_("数据"), _("筛选得分"), *[str(label) for _k, label, _s in OUTCOMES], _("合计"), _("入职率 %")]
    rows = []
    for historical in COHORTS:
        for band in BANDS:
            cells = grid.get((historical, band))
            if not cells:
                continue
            total = sum(cells.values())
            rows.append([cohort_label(historical), f"{band}–{band + 10}", *[cells.get(k, 0) for k, _l, _s in OUTCOMES],
                         total, rate(cells.get("hired", 0), total)])
    outcome_rows = []
    for historical in COHORTS:
        for key, label, _stages in OUTCOMES:
            v = medians.get((historical, key)) or medians.get((int(historical), key))
            if v:
                outcome_rows.append([cohort_label(historical), str(label), v["n"], days(v["p50"]), days(v["p90"])])
    live = [(band, grid.get((False, band), {})) for band in BANDS]
    chart = Chart(key="screening", title=_("筛选得分分布与结果（实时）"), stacked=True,
                  labels=[f"{b}–{b + 10}" for b in BANDS],
                  datasets=[{"label": str(label), "data": [cells.get(k, 0) for _b, cells in live]}
                            for k, label, _s in OUTCOMES])
    return Result(tables=[Table(_("筛选得分分段与结果"), headers, rows),
                          Table(_("各结果的筛选得分"), [_("数据"), _("结果"), _("申请"), _("得分中位数"), _("得分 P90")],
                                outcome_rows)],
                  charts=[chart])
