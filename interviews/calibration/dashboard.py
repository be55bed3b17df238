"""The interviews app's dashboard panel (registered in hrportal.dashboard; imported by InterviewsConfig.ready).

The calibration alert is shown to those who may open the calibration page (HR, admin) when the overall
AI–interviewer difference rate is above ``INTERVIEW_CALIBRATION_ALERT_RATE`` over at least
``MIN_GROUP_SIZE_FOR_ALERT`` pairs; otherwise nothing is added to the dashboard. One aggregate query.
"""

from __future__ import annotations

from hrportal import policy
from hrportal.dashboard import register_panel
from interviews.calibration import services as calibration_service


@register_panel(key="interviews.calibration_alert", template="interviews/panel_calibration_alert.html", order=5)
def calibration_alert_panel(request):
    if not policy.can(request.user, "view_calibration"):
        return None
    rate = calibration_service.overall_difference_rate()
    if not rate.alert:
        return None
    return {
        "rate_percent": f"{rate.rate * 100:.1f}", "threshold_percent": f"{rate.threshold * 100:g}",
        "pairs": rate.pairs, "differing": rate.differing, "tolerance": f"{rate.tolerance:g}",
    }
