"""Time to hire and time in stage (median and p90, in days), and the screening score against the later outcome.

Time to hire: for each application that moved to 已入职 in the period, the days from 投递时间 (``applied_at``) to
that move. Time in stage: for each move out of a stage in the period, the days since the application entered that
stage — the move into it, or ``applied_at`` for 新投递 (the pipeline has no cycles, so a stage is entered once), kept
on the row as ``entered_at`` by recruiting/stage_facts.py. Both read the moves' monthly slices and the screening
report the cohort's (recruiting/analytics_facts/), which keep every value, so the medians and P90s are exact."""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from interviews.analytics.common import COHORTS, as_number, cohort_label, days, position_labels, rate, summary
from interviews.analytics.registry import Chart, Result, Table, register_report
from recruiting import pipeline
from recruiting.analytics_facts.collect import BAND_WIDTH, COHORT, HIRE, MOVES, SCORE, STAY
from recruiting.pipeline import Stage


@register_report(key="timing", label=gettext_lazy("招聘用时"), order=20,
                 description=gettext_lazy("入职用时与各阶段停留时间（天），中位数与 P90。"))
def timing_report(filters) -> Result:
    to_hire: dict[tuple, list] = defaultdict(list)  # (is_historical, position id) → arrays of days
    in_stage: dict[tuple, list] = defaultdict(list)  # (is_historical, stage left) → arrays of days
    for (_kind, _month, position, historical), part in filters.slices(MOVES, values=True):
        for name, values in part.series.items():
            if name == HIRE:
                to_hire[(historical, position)].append(values)
            elif name.startswith(STAY):
                in_stage[(historical, name[len(STAY):])].append(values)
    names = position_labels(k[1] for k in to_hire)

    hire_rows, overall = [], {}
    for historical in COHORTS:
        keys = sorted((k for k in to_hire if k[0] == historical), key=lambda k: names[k[1]][0])
        if not keys:
            continue
        total = overall[historical] = summary([v for k in keys for v in to_hire[k]])
        hire_rows.append([cohort_label(historical), _("全部职位"), total["n"], days(total["p50"]), days(total["p90"])])
        for key in keys:
            v = summary(to_hire[key])
            hire_rows.append([cohort_label(historical), names[key[1]][1], v["n"], days(v["p50"]), days(v["p90"])])
    stage_rows, chart_stages = [], []
    for historical in COHORTS:
        for stage in pipeline.ACTIVE_STAGES:
            values = in_stage.get((historical, stage.value))
            if values:
                v = summary(values)
                stage_rows.append([cohort_label(historical), Stage(stage).label, v["n"], days(v["p50"]), days(v["p90"])])
                if not historical:
                    chart_stages.append((Stage(stage).label, v))
    live = overall.get(False) or {}
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


BANDS = tuple(range(0, 100, BAND_WIDTH))  # screening score bands [0,10) … [90,100] (collect.band_of)
OUTCOMES = (
    ("active", gettext_lazy("仍在流程中"), pipeline.ACTIVE_STAGES),
    ("hired", gettext_lazy("已入职"), (Stage.HIRED,)),
    ("offer_declined", gettext_lazy("拒绝录用"), (Stage.OFFER_DECLINED,)),
    ("rejected", gettext_lazy("未通过"), (Stage.REJECTED,)),
    ("withdrawn", gettext_lazy("候选人撤回"), (Stage.WITHDRAWN,)),
)


@register_report(key="screening", label=gettext_lazy("筛选分与结果"), order=50,
                 description=gettext_lazy("期间内申请的筛选得分分布，与它们后来的结果对照。"))
def screening_report(filters) -> Result:
    grid: dict[tuple[bool, int], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    scores: dict[tuple[bool, str], list] = defaultdict(list)
    outcome_of = {stage: key for key, _label, stages in OUTCOMES for stage in stages}
    for (_kind, _month, _position, historical), part in filters.slices(COHORT, values=True):
        for key, n in part.bands.items():
            band, stage = key.split(">", 1)
            grid[(historical, int(band))][outcome_of[stage]] += n
        for name, values in part.series.items():
            if name.startswith(SCORE):
                scores[(historical, outcome_of[name[len(SCORE):]])].append(values)
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
            if scores.get((historical, key)):
                v = summary(scores[(historical, key)])
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
