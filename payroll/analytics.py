"""Payroll's sections of the recruiting analytics (registered with ``interviews.analytics.registry``; imported by
PayrollConfig.ready): offer acceptance, and cost per hire by source from the interview cost accounting.

Offer acceptance: offers created in the period for applications in the user's scope, by status; the acceptance
rate is 已签约 ÷ (已签约 + 已拒绝 + 已过期) — offers the candidate answered or let lapse. Cost per hire by source:
the interview costs of done interviews in the period (``payroll.costs.selectors.grouped_costs``: the cost report's
own pricing, in groups) summed by the application's source, divided by that source's hires in the period (moves to 已入职)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hrportal.decimals import half_up
from interviews.analytics import percentiles
from interviews.analytics.common import COHORTS, as_number, cohort_label, days, rate
from interviews.analytics.registry import Chart, Result, Table, register_report
from payroll.costs.engine import Cost
from payroll.costs.selectors import grouped_costs
from payroll.models import Offer, OfferStatus
from recruiting.analytics_facts.collect import MOVES
from recruiting.models import Application

DECIDED = (OfferStatus.ACCEPTED, OfferStatus.DECLINED, OfferStatus.EXPIRED)


@register_report(key="offers", label=gettext_lazy("录用接受率"), order=60,
                 description=gettext_lazy("期间内发出的录用通知的结果与接受率。"))
def offers_report(filters) -> Result:
    offers = Offer.objects.filter(application__in=filters.applications().values("id"),
                                  created_at__gte=filters.start, created_at__lt=filters.end).order_by()
    counts = {(bool(r["application__is_historical"]), r["status"]): r["n"]
              for r in offers.values("application__is_historical", "status").annotate(n=Count("id"))}
    scope_sql, scope_params = percentiles.subquery(offers.filter(status__in=DECIDED[:2], sent_at__isnull=False,
                                                                 responded_at__isnull=False).values("id"))
    table = Offer._meta.db_table
    answer = percentiles.grouped(
        groups=["a.is_historical"], value=percentiles.days_between("o.responded_at", "o.sent_at"),
        from_where=(f"FROM {table} o JOIN {Application._meta.db_table} a ON a.id = o.application_id "
                    f"WHERE o.id IN ({scope_sql})"), params=scope_params)
    headers = [_("数据"), *[str(s.label) for s in OfferStatus], _("合计"), _("接受率 %"), _("答复用时中位数（天）")]
    rows = []
    for historical in COHORTS:
        cells = [counts.get((historical, s.value), 0) for s in OfferStatus]
        if not sum(cells):
            continue
        decided = sum(counts.get((historical, s.value), 0) for s in DECIDED)
        median = (answer.get((historical,)) or {}).get("p50")
        rows.append([cohort_label(historical), *cells, sum(cells),
                     rate(counts.get((historical, OfferStatus.ACCEPTED.value), 0), decided), days(median)])
    live = [counts.get((False, s.value), 0) for s in OfferStatus]
    chart = Chart(key="offers", title=_("录用通知状态（实时）"), labels=[str(s.label) for s in OfferStatus],
                  datasets=[{"label": _("录用通知"), "data": live}])
    accepted, decided = counts.get((False, OfferStatus.ACCEPTED.value), 0), sum(counts.get((False, s.value), 0) for s in DECIDED)
    return Result(tables=[Table(_("录用通知结果"), headers, rows)], charts=[chart],
                  figures=[(_("录用通知"), sum(live)), (_("接受率 %"), as_number(rate(accepted, decided)))])


@register_report(key="cost_per_hire", label=gettext_lazy("各来源每次录用成本"), order=70,
                 capability="view_cost_analytics",
                 description=gettext_lazy("期间内完成面试的成本按申请来源汇总，除以该来源期间内的入职人数。"))
def cost_per_hire_report(filters) -> Result:
    costs = {(source, bool(historical)): cost for (source, historical), cost in grouped_costs(
        key_fields=("application__source", "application__is_historical"),
        interviews=Q(application__in=filters.applications().values("id")),
        date_from=filters.date_from, date_to=filters.date_to).items()}
    hires: dict[tuple, int] = defaultdict(int)  # moves to 已入职 in the period, from the moves' monthly slices
    for (_kind, _month, _position, historical), part in filters.slices(MOVES):
        for source, n in part.hired.items():
            hires[(source, historical)] += n
    labels = dict(Application.Source.choices)
    headers = [_("数据"), _("来源"), _("面试场次"), _("面试成本（元）"), _("入职"), _("每次录用成本（元）")]
    rows = []
    for historical in COHORTS:
        sources = sorted({s for s, h in (*costs, *hires) if h == historical})
        for source in sources:
            cost, n = costs.get((source, historical)) or Cost(), hires.get((source, historical), 0)
            rows.append([cohort_label(historical), str(labels.get(source, source)), cost.interviews, cost.total, n,
                         half_up(cost.total / n) if n else None])
    live = [r for r in rows if r[0] == cohort_label(False)]
    chart = Chart(key="cost_per_hire", title=_("各来源每次录用成本（实时）"), labels=[r[1] for r in live],
                  datasets=[{"label": _("每次录用成本（元）"), "data": [as_number(r[5]) for r in live]}], unit=_("元"))
    total = sum((r[3] for r in live), Decimal("0"))
    return Result(tables=[Table(_("各来源每次录用成本"), headers, rows,
                                note=_("成本为期间内完成的面试按面试成本核算的时间、会议室与差旅费用。"))],
                  charts=[chart], figures=[(_("面试成本（元）"), as_number(total))])
