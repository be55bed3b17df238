"""Survey pages. ``survey_answer`` is public (the signed token is the credential: tampered → 404, expired → 410,
already answered → a polite "thank you, already received" with 409 on a second POST). The report and the
suggestion decisions are for recruiters (hrportal.policy); they show aggregates only (selectors)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hrportal import audit
from hrportal.charts import stacked_share_bars, trend_line
from hrportal.display_names import display_name
from interviews.models import Audience, Suggestion
from interviews.surveys import selectors, services, suggestions
from interviews.surveys.forms import ReportFilterForm, SuggestionDecisionForm, answers_from_post
from interviews.surveys.links import SurveyLinkState, check_token

STATE_STATUS = {SurveyLinkState.VALID: 200, SurveyLinkState.INVALID: 404, SurveyLinkState.EXPIRED: 410,
                SurveyLinkState.ANSWERED: 200}


def _state_message(state: str) -> str:
    return {
        SurveyLinkState.INVALID: _("链接无效，请检查链接是否完整。"),
        SurveyLinkState.EXPIRED: _("问卷链接已过期。"),
        SurveyLinkState.ANSWERED: _("您已提交过本问卷，感谢您的反馈！"),
    }.get(state, "")


def _page(request, token, check, *, status=None, error=""):
    language = request.LANGUAGE_CODE or "zh-hans"
    context = {"state": check.state, "state_message": _state_message(check.state), "token": token, "error": error}
    invitation = check.invitation
    if check.ok:
        interview = invitation.interview
        context.update({
            "invitation": invitation,
            "position": display_name(interview.application.position),
            "round": display_name(interview.round),
            "questions": [
                {"q": q, "text": q.text(language),
                 "choices": [{"value": c.get("value"), "label": q.choice_label(c.get("value"), language)} for c in q.choices or ()]}
                for q in invitation.template.questions.order_by("order", "id")
            ],
            "competencies": list(interview.round.competencies.order_by("id"))
            if invitation.audience == Audience.INTERVIEWER else [],
            "anonymous_note": invitation.audience == Audience.CANDIDATE,
            "scale": range(1, 6),
        })
    response = render(request, "interviews/survey_answer.html", context, status=status or STATE_STATUS[check.state])
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "same-origin"
    return response


@require_http_methods(["GET", "POST"])
def survey_answer(request, token):
    check = check_token(token)
    if request.method == "GET":
        return _page(request, token, check)
    if check.state == SurveyLinkState.ANSWERED:
        return _page(request, token, check, status=409)
    if not check.ok:
        return _page(request, token, check)
    answers, remarks = answers_from_post(request.POST, check.invitation)
    try:
        services.submit_response(invitation=check.invitation, answers=answers, remarks=remarks,
                                 language=request.LANGUAGE_CODE)
    except services.SurveyAlreadyAnswered:
        return _page(request, token, check_token(token), status=409)
    except ValidationError as exc:
        return _page(request, token, check, status=422, error=" ".join(exc.messages))
    return redirect("interviews:survey_answer", token=token)


def survey_report(request):
    form = ReportFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    report = selectors.survey_report(**filters)
    items = suggestions.refresh_suggestions(report)
    scale_labels = ["1", "2", "3", "4", "5"]
    shown_positions = [r for r in report["positions"] if r["satisfaction"].shown]
    charts = {
        "satisfaction": stacked_share_bars(
            [(r["label"], r["satisfaction"].counts, f"n={r['satisfaction'].total}") for r in shown_positions],
            segment_labels=scale_labels,
        ) if shown_positions else None,
        "trend": trend_line(
            [(t["month"], float(t["satisfaction"].mean)) for t in report["trend"] if t["satisfaction"].shown], low=1, high=5,
        ),
    }
    audit.record(action="view", request=request, object_type="interviews.SurveyResponse", note="surveys.report_viewed")
    return render(request, "interviews/survey_report.html", {
        "form": form, "report": report, "suggestions": items, "charts": charts,
        "tasks": Suggestion.objects.filter(status=Suggestion.Status.ACCEPTED, task_done=False).order_by("-decided_at")[:50],
    })


@require_POST
def suggestion_decide(request, pk):
    suggestion = get_object_or_404(Suggestion, pk=pk)
    form = SuggestionDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择采纳或忽略。"))
        return redirect("interviews:survey_report")
    try:
        services.decide_suggestion(suggestion=suggestion, accept=form.cleaned_data["decision"] == "accept",
                                   by=request.user, task_title=form.cleaned_data["task_title"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        audit.record(action="change", obj=suggestion, request=request, note=f"surveys.suggestion_{form.cleaned_data['decision']}")
        messages.success(request, _("已采纳，已生成待办。") if form.cleaned_data["decision"] == "accept" else _("已忽略该建议。"))
    return redirect("interviews:survey_report")
