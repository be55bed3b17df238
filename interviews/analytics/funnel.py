"""The funnel and stage conversion, and source effectiveness: both read the cohort (applications received in the
period) and the stage history's edges, each grouped once in SQL.

"Reached a stage" is read from the stage history (``ApplicationStageChange``), written by every path that moves an
application (``Application.set_stage``, the history import, the demo seed). The pipeline has no cycles, so an
application enters each stage at most once and an edge count is a count of applications: no DISTINCT needed."""

from __future__ import annotations

from collections import defaultdict

from django.db import connection
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from interviews.analytics import percentiles
from interviews.analytics.common import COHORTS, as_number, cohort_label, rate
from interviews.analytics.registry import Chart, Result, Table, register_report
from recruiting.models import Application, ApplicationStageChange
from recruiting.pipeline import Stage

CHANGES = ApplicationStageChange._meta.db_table
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


def _edges_by(filters, *group) -> dict[tuple, dict[tuple[str, str], int]]:
    """{group values: {(from, to): n}} over the cohort's stage history; ``group`` are Application columns. The
    history is joined once to the cohort (a derived table of the id and the group columns) rather than to the
    applications and again to an ``IN (cohort)``: the same rows, one hash join less."""
    cohort_sql, params = percentiles.subquery(filters.cohort().values("id", *group))
    cols = ", ".join(f"a.{g}" for g in group)
    # table and column names from the code; every value is a parameter
    sql = (f"SELECT {cols}, c.from_stage, c.to_stage, COUNT(*) FROM {CHANGES} c "  # noqa: S608
           f"JOIN ({cohort_sql}) a ON a.id = c.application_id GROUP BY {cols}, c.from_stage, c.to_stage")
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    out: dict[tuple, dict] = defaultdict(dict)
    k = len(group)
    for row in rows:
        key = tuple(bool(v) if g == "is_historical" else v for g, v in zip(group, row[:k], strict=True))
        out[key][(row[k], row[k + 1])] = row[k + 2]
    return out


@register_report(key="funnel", label=gettext_lazy("漏斗与阶段转化"), order=10,
                 description=gettext_lazy("期间内收到的申请走到了哪一步；按职位，实时与历史导入分开。"))
def funnel_report(filters) -> Result:
    # the cohort's sizes per position and per month from one grouped scan (position × cohort × month)
    sizes: dict[tuple, dict] = {}
    by_month: dict[str, dict[bool, int]] = defaultdict(lambda: defaultdict(int))
    for r in filters.cohort().annotate(month=TruncMonth("applied_at")).values(
            "position_id", "position__code", "position__title_zh", "is_historical", "month").annotate(n=Count("id")):
        key = (r["position_id"], bool(r["is_historical"]))
        if key in sizes:
            sizes[key]["n"] += r["n"]
        else:
            sizes[key] = {"position__code": r["position__code"], "position__title_zh": r["position__title_zh"], "n": r["n"]}
        by_month[r["month"].strftime("%Y-%m")][key[1]] += r["n"]
    edges = _edges_by(filters, "position_id", "is_historical")

    headers = [_("数据"), _("职位"), *[Stage(s).label for s in FUNNEL], _("投递→入职")]
    rows, totals = [], {}
    for historical in COHORTS:
        keys = sorted((k for k in sizes if k[1] == historical), key=lambda k: sizes[k]["position__code"])
        sums = [0] * len(FUNNEL)
        per_position = []
        for key in keys:
            counts = reached(edges.get(key, {}), sizes[key]["n"])
            sums = [a + b for a, b in zip(sums, counts, strict=True)]
            label = f"{sizes[key]['position__title_zh']}（{sizes[key]['position__code']}）"
            per_position.append([cohort_label(historical), label, *counts, rate(counts[-1], counts[0])])
        totals[historical] = sums
        if keys:
            rows.append([cohort_label(historical), _("全部职位"), *sums, rate(sums[-1], sums[0])])
            rows += per_position

    live_edges: dict[tuple[str, str], int] = defaultdict(int)
    for (_position, historical), pairs in edges.items():
        if not historical:
            for pair, n in pairs.items():
                live_edges[pair] += n
    conversion = []
    live = totals.get(False, [0] * len(FUNNEL))
    for i, stage in enumerate(FUNNEL[:-1]):
        ended = {end: sum(n for (f, t), n in live_edges.items() if f == stage and t == end) for end in ENDINGS}
        conversion.append([Stage(stage).label, live[i], live[i + 1], rate(live[i + 1], live[i]),
                           ended[Stage.REJECTED], ended[Stage.WITHDRAWN], ended[Stage.OFFER_DECLINED]])

    month_rows = [[m, v.get(False, 0), v.get(True, 0)] for m, v in sorted(by_month.items())]

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
    sizes = {(r["source"], bool(r["is_historical"])): r["n"]
             for r in filters.cohort().values("source", "is_historical").annotate(n=Count("id"))}
    edges = _edges_by(filters, "source", "is_historical")
    labels = dict(Application.Source.choices)
    headers = [_("数据"), _("来源"), _("申请"), _("入围"), _("入围率 %"), _("入职"), _("入职率 %")]
    rows, chart_rows = [], []
    for historical in COHORTS:
        for source in sorted((s for s, h in sizes if h == historical), key=lambda s: -sizes[(s, historical)]):
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
