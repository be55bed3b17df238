"""The funnel and stage conversion, and source effectiveness: both read the cohort (applications received in the
period) and the stage history's edges from the cohort's monthly slices (recruiting/analytics_facts/: whole months
kept, the part-months at either end counted from the rows).

"Reached a stage" is read from the stage history (``ApplicationStageChange``), written by every path that moves an
application (``Application.set_stage``, the history import, the demo seed). The pipeline has no cycles, so an
application enters each stage at most once and an edge count is a count of applications: no DISTINCT needed."""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from interviews.analytics.common import COHORTS, as_number, cohort_label, position_labels, rate
from interviews.analytics.registry import Chart, Result, Table, register_report
from recruiting.analytics_facts.collect import COHORT, add_counts, pairs
from recruiting.models import Application
from recruiting.pipeline import Stage

FUNNEL = (Stage.NEW, Stage.SCREENING, Stage.SHORTLISTED, Stage.INTERVIEWING, Stage.OFFER, Stage.HIRED)
ENDINGS = (Stage.REJECTED, Stage.WITHDRAWN, Stage.OFFER_DECLINED)


def reached(edges: dict[tuple[str, str], int], total: int) -> list[int]:
    """Applications that reached each FUNNEL stage, from edge counts {(from, to): n} and the cohort's size.
    新投递 is everyone; 筛选 is everyone who left 新投递 forward (to 筛选中, or straight to 已入围); every later
    stage is the edges into it."""
    left_new = edges.get((Stage.NEW, Stage.SCREENING), 0) + edges.get((Stage.NEW, Stage.SHORTLISTED), 0)
    into = defaultdict(int)
    for (_from, to), n in edges.items():
        into[to] += n
    return [total, left_new, into[Stage.SHORTLISTED], into[Stage.INTERVIEWING], into[Stage.OFFER], into[Stage.HIRED]]


@register_report(key="funnel", label=gettext_lazy("漏斗与阶段转化"), order=10,
                 description=gettext_lazy("期间内收到的申请走到了哪一步；按职位，实时与历史导入分开。"))
def funnel_report(filters) -> Result:
    # the cohort's sizes and moves per position × cohort, and its sizes per month, from the monthly slices
    sizes: dict[tuple, int] = defaultdict(int)
    moved: dict[tuple, dict] = defaultdict(dict)
    by_month: dict[str, dict[bool, int]] = defaultdict(lambda: defaultdict(int))
    for (_kind, month, position, historical), part in filters.slices(COHORT):
        n = sum(part.n.values())
        sizes[(position, historical)] += n
        by_month[month.isoformat()[:7]][historical] += n
        for per_source in part.edges.values():
            add_counts(moved[(position, historical)], per_source)
    edges = {key: pairs(counts) for key, counts in moved.items()}
    names = position_labels(k[0] for k in sizes)

    headers = [_("数据"), _("职位"), *[Stage(s).label for s in FUNNEL], _("投递→入职")]
    rows, totals = [], {}
    for historical in COHORTS:
        keys = sorted((k for k in sizes if k[1] == historical and sizes[k]), key=lambda k: names[k[0]][0])
        sums = [0] * len(FUNNEL)
        per_position = []
        for key in keys:
            counts = reached(edges.get(key, {}), sizes[key])
            sums = [a + b for a, b in zip(sums, counts, strict=True)]
            per_position.append([cohort_label(historical), names[key[0]][1], *counts, rate(counts[-1], counts[0])])
        totals[historical] = sums
        if keys:
            rows.append([cohort_label(historical), _("全部职位"), *sums, rate(sums[-1], sums[0])])
            rows += per_position

    live_edges: dict[tuple[str, str], int] = defaultdict(int)
    for (_position, historical), counts in edges.items():
        if not historical:
            for pair, n in counts.items():
                live_edges[pair] += n
    conversion = []
    live = totals.get(False, [0] * len(FUNNEL))
    for i, stage in enumerate(FUNNEL[:-1]):
        ended = {end: sum(n for (f, t), n in live_edges.items() if f == stage and t == end) for end in ENDINGS}
        conversion.append([Stage(stage).label, live[i], live[i + 1], rate(live[i + 1], live[i]),
                           ended[Stage.REJECTED], ended[Stage.WITHDRAWN], ended[Stage.OFFER_DECLINED]])

    month_rows = [[m, v.get(False, 0), v.get(True, 0)] for m, v in sorted(by_month.items()) if any(v.values())]

    labels = [Stage(s).label for s in FUNNEL]
    charts = [Chart(key="funnel", title=_("各阶段人数"), labels=labels, datasets=[
        {"label": cohort_label(False), "data": totals.get(False, [0] * len(FUNNEL))},
        {"label": cohort_label(True), "data": totals.get(True, [0] * len(FUNNEL))},
    ]), Chart(key="monthly", title=_("每月收到的申请"), kind="line", labels=[r[0] for r in month_rows], datasets=[
        {"label": cohort_label(False), "data": [r[1] for r in month_rows]},
        {"label": cohort_label(True), "data": [r[2] for r in month_rows]},
    ])]
    return Result(
        tables=[
            Table(_("各职位漏斗"), headers, rows),
            Table(_("阶段转化（实时）"), [_("阶段"), _("进入"), _("进入下一阶段"), _("转化率 %"), _("未通过"),
                                      _("撤回"), _("拒绝录用")], conversion),
            Table(_("每月收到的申请"), [_("月份"), cohort_label(False), cohort_label(True)], month_rows),
        ],
        charts=charts,
        figures=[(_("收到的申请"), live[0]), (_("入职"), live[-1]), (_("投递→入职 %"), as_number(rate(live[-1], live[0]))),
                 (_("历史导入（另计）"), totals.get(True, [0])[0])],
    )


@register_report(key="sources", label=gettext_lazy("来源效果"), order=30,
                 description=gettext_lazy("每个投递来源带来多少申请、入围和入职。"))
def sources_report(filters) -> Result:
    sizes: dict[tuple, int] = defaultdict(int)
    moved: dict[tuple, dict] = defaultdict(dict)
    for (_kind, _month, _position, historical), part in filters.slices(COHORT):
        for source, n in part.n.items():
            sizes[(source, historical)] += n
        for source, per_source in part.edges.items():
            add_counts(moved[(source, historical)], per_source)
    edges = {key: pairs(counts) for key, counts in moved.items()}
    labels = dict(Application.Source.choices)
    headers = [_("数据"), _("来源"), _("申请"), _("入围"), _("入围率 %"), _("入职"), _("入职率 %")]
    rows, chart_rows = [], []
    for historical in COHORTS:
        for source in sorted((s for s, h in sizes if h == historical and sizes[(s, h)]),
                             key=lambda s: (-sizes[(s, historical)], s)):
            counts = reached(edges.get((source, historical), {}), sizes[(source, historical)])
            row = [cohort_label(historical), str(labels.get(source, source)), counts[0], counts[2],
                   rate(counts[2], counts[0]), counts[5], rate(counts[5], counts[0])]
            rows.append(row)
            if not historical:
                chart_rows.append(row)
    chart = Chart(key="sources", title=_("各来源的申请与入职（实时）"), labels=[r[1] for r in chart_rows], datasets=[
        {"label": _("申请"), "data": [r[2] for r in chart_rows]},
        {"label": _("入围"), "data": [r[3] for r in chart_rows]},
        {"label": _("入职"), "data": [r[5] for r in chart_rows]},
    ])
    return Result(tables=[Table(_("各来源效果"), headers, rows)], charts=[chart])
