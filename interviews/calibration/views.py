"""The calibration page (AI vs interviewers) and its "fit a recalibration" button (issue 4 item 7).

Access: hrportal.policy (URL rule ``interviews:calibration``/``interviews:recalibrate`` and the
``view_calibration`` capability). The report covers the whole company — there is no object to scope.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hrportal import policy, queues
from interviews.calibration import charts as calibration_charts
from interviews.calibration import jobs
from interviews.calibration import services as calibration_service


def _require(user) -> None:
    if not policy.can(user, "view_calibration"):
        raise PermissionDenied("the calibration report needs the view_calibration capability")


@require_GET
def calibration(request):
    _require(request.user)
    version = (request.GET.get("version") or "").strip()[:40] or None
    overview = calibration_service.calibration_overview(recalibration_version=version, viewer=request.user)
    return render(request, "interviews/calibration.html", {
        "overview": overview,
        "report": overview.report,
        "competency_chart": calibration_charts.difference_rate_bars(overview.by_competency, threshold=overview.alert_rate),
        "interviewer_chart": calibration_charts.difference_rate_bars(overview.by_interviewer, threshold=overview.alert_rate),
        "heat": calibration_charts.heat_table(overview.matrix, tolerance=overview.tolerance),
        "active": calibration_service.active_recalibration(),
        "history": calibration_service.recalibration_history(),
        "min_pairs_to_fit": calibration_service.MIN_PAIRS_TO_FIT,
        "version": version,
        "raw_version": calibration_service.RAW_VERSION,
    })


@require_POST
def recalibrate(request):
    _require(request.user)
    result = jobs.schedule_recalibration(requested_by_id=request.user.pk)
    if queues.redis_enabled():
        messages.info(request, _("已提交重新拟合校准模型，完成后刷新本页即可看到新版本。"))
        return redirect("interviews:calibration")
    status = result.get("status")
    if status == "too_few":
        messages.warning(request, _("样本不足：只有 %(n)d 对 AI/面试官评分，至少需要 %(min)d 对才能拟合校准模型。没有生成新版本。")
                         % {"n": result["pairs"], "min": result["minimum"]})
    elif status == "unchanged":
        messages.info(request, _("评分历史没有变化：校准模型 v%(version)d 已是这次拟合的结果，没有生成新版本。")
                      % {"version": result["version"]})
    elif status == "activated":
        messages.success(request, _("已拟合并启用校准模型 v%(version)d（%(n)d 对评分）。新的 AI 建议分将使用它。")
                         % {"version": result["version"], "n": result["pairs"]})
    elif status == "stored":
        messages.warning(request, _("已保存校准模型 v%(version)d，但它在留出样本上没有比当前做得更好，因此未启用。")
                         % {"version": result["version"]})
    else:
        messages.warning(request, _("另一个拟合任务刚刚完成，请刷新页面查看。"))
    return redirect("interviews:calibration")
