"""Input of the survey pages: the answers of a survey form, the report filters, HR's decision on a suggestion."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from interviews.models import Audience, SurveyQuestion


def answers_from_post(post, invitation) -> tuple[dict, dict]:
    """``q<id>`` fields → {question id: value or list}; ``meets_<cid>``/``remark_<cid>`` → remarks.
    Validation of the values is the service's (submit_response)."""
    answers = {}
    for question in invitation.template.questions.all():
        name = f"q{question.pk}"
        answers[question.pk] = post.getlist(name) if question.kind == SurveyQuestion.Kind.MULTIPLE else post.get(name, "")
    remarks = {}
    if invitation.audience == Audience.INTERVIEWER:
        for competency in invitation.interview.round.competencies.all():
            meets = post.get(f"meets_{competency.pk}", "")
            remarks[competency.pk] = {
                "meets": {"yes": True, "no": False}.get(meets),
                "remark": post.get(f"remark_{competency.pk}", ""),
            }
    return answers, remarks


class ReportFilterForm(forms.Form):
    date_from = forms.DateField(label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class SuggestionDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", _("采纳")), ("dismiss", _("忽略"))])
    task_title = forms.CharField(label=_("待办事项"), max_length=300, required=False)
