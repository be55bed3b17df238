"""Interviewer workload and pass rates: per interviewer, the interviews of the period (by start time) they sat on
and how they ended, and their current submitted scorecards with the share recommending the candidate (推荐 or
强烈推荐). Two grouped queries and one for the names."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from interviews.analytics.common import COHORTS, cohort_label, rate
from interviews.analytics.registry import Chart, Result, Table, register_report
from interviews.models import InterviewAssignment, InterviewStatus, Recommendation, Scorecard

PASS = (Recommendation.YES, Recommendation.STRONG_YES)


@register_report(key="interviewers", label=gettext_lazy("面试官工作量"), order=40,
                 capability="view_interviewer_analytics",
                 description=gettext_lazy("期间内每位面试官参与的面试、完成情况和推荐通过率。"))
def interviewers_report(filters) -> Result:
    apps = filters.applications().values("id")
    in_period = Q(interview__starts_at__gte=filters.start, interview__starts_at__lt=filters.end,
                  interview__application__in=apps)
    load = {(r["interviewer_id"], bool(r["interview__application__is_historical"])): r for r in
            InterviewAssignment.objects.filter(in_period).order_by()
            .values("interviewer_id", "interview__application__is_historical")
            .annotate(n=Count("id"), done=Count("id", filter=Q(interview__status=InterviewStatus.DONE)),
                      cancelled=Count("id", filter=Q(interview__status__in=[InterviewStatus.CANCELLED,
                                                                            InterviewStatus.NO_SHOW])))}
    cards = {(r["interviewer_id"], bool(r["interview__application__is_historical"])): r for r in
             Scorecard.objects.filter(in_period, is_current=True, status=Scorecard.Status.SUBMITTED).order_by()
             .values("interviewer_id", "interview__application__is_historical")
             .annotate(n=Count("id"), passed=Count("id", filter=Q(recommendation__in=PASS)))}
    ids = {k[0] for k in load} | {k[0] for k in cards}
    users = get_user_model().objects.filter(pk__in=ids).only("id", "username", "first_name", "last_name")
    names = {u.pk: u.get_full_name() or u.get_username() for u in users}
    headers = [_("数据"), _("面试官"), _("面试"), _("已完成"), _("取消或未到场"), _("已提交评分"), _("推荐通过"),
               _("通过率 %")]
    rows = []
    for historical in COHORTS:
        keys = sorted({k for k in (*load, *cards) if k[1] == historical},
                      key=lambda k: (-(load.get(k) or {}).get("n", 0), names.get(k[0], "")))
        for key in keys:
            lo, ca = load.get(key) or {}, cards.get(key) or {}
            rows.append([cohort_label(historical), names.get(key[0], "—"), lo.get("n", 0), lo.get("done", 0),
                         lo.get("cancelled", 0), ca.get("n", 0), ca.get("passed", 0),
                         rate(ca.get("passed", 0), ca.get("n", 0))])
    live = [r for r in rows if r[0] == cohort_label(False)][:20]
    chart = Chart(key="interviewers", title=_("面试官工作量（实时，前 20 位）"), labels=[r[1] for r in live], datasets=[
        {"label": _("已完成"), "data": [r[3] for r in live]},
        {"label": _("推荐通过"), "data": [r[6] for r in live]},
    ])
    return Result(tables=[Table(_("面试官工作量与通过率"), headers, rows)], charts=[chart])
