"""The interviewers' evaluation-form remarks per competency, shown in the interview summary (interview page).
Only interviewer remarks appear here, to those who decide (HR, hiring manager); candidate answers are never shown per interview (anonymous)."""

from __future__ import annotations

from hrportal import policy
from interviews.models import CompetencyRemark
from interviews.sections import register_section


@register_section(key="survey_remarks", template="interviews/_survey_remarks.html", order=60)
def build(request, interview):
    # interviewers never see each other's evaluations here (their scorecards stay hidden until they submit)
    if not policy.can(request.user, "decide_hiring"):
        return None
    remarks = list(
        CompetencyRemark.objects.filter(response__interview=interview)
        .select_related("competency", "response__invitation__interviewer").order_by("competency_id", "id")
    )
    if not remarks:
        return None
    return {"remarks": remarks}
