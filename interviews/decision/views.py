"""The hiring decision, the position comparison and the interview weights (issue 4 item 8). Thin: URL access
comes from hrportal.policy, applications and positions are loaded through recruiting.access (a hiring
manager only reaches their own department's: 403 otherwise), writes go through decision_services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from hrportal import audit, policy
from interviews.decision import selectors as decision_selectors
from interviews.decision import services as decision_services
from interviews.decision.composite import position_dimensions, weights_for
from interviews.decision.forms import DecisionForm, WeightsForm
from interviews.models import InterviewWeightSet
from recruiting import access
from recruiting.pipeline import Stage


@require_http_methods(["GET", "POST"])
def decision(request, pk):
    application = access.get_application_for_user(request.user, pk)
    can_decide = policy.can(request.user, "decide_hiring")
    status = 200
    form = DecisionForm()
    if request.method == "POST":
        if not can_decide:
            raise PermissionDenied("deciding needs the decide_hiring capability")
        form = DecisionForm(request.POST)
        if form.is_valid():
            try:
                made = decision_services.decide_hiring(
                    application=application, outcome=form.cleaned_data["outcome"],
                    reason=form.cleaned_data["reason"], by=request.user, request=request,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
                status = 409
            else:
                messages.success(request, _("已记录决定：%(outcome)s。候选人已转到“%(stage)s”。") % {
                    "outcome": made.get_outcome_display(),
                    "stage": Stage(decision_services.OUTCOME_STAGE[made.outcome]).label,
                })
                return redirect("interviews:decision", pk=application.pk)
        else:
            status = 422
        application.refresh_from_db(fields=["stage", "stage_changed_at"])
    page = decision_selectors.decision_page(application, request.user)
    if page.columns:
        audit.record(action="view", obj=application, fields=["interview_scores", "scorecard_evidence"],
                     request=request, note="hiring decision page")
    return render(request, "interviews/decision.html", {
        "application": application, "page": page, "form": form,
        "can_decide": can_decide and application.stage == Stage.INTERVIEWING and not page.hidden,
        "must_score_first": can_decide and application.stage == Stage.INTERVIEWING and page.hidden,
        "can_compare": policy.can_reach(request.user, "interviews:position_comparison"),
    }, status=status)


@require_GET
def position_comparison(request, pk):
    position = access.get_position_for_user(request.user, pk)
    sort = (request.GET.get("sort") or "composite")[:40]
    dimensions, rows = decision_selectors.comparison(position, request.user, sort=sort)
    return render(request, "interviews/comparison.html", {
        "position": position, "dimensions": dimensions, "rows": rows, "sort": sort,
        "weights": weights_for(position, dimensions),
        "can_edit_weights": policy.can_reach(request.user, "interviews:interview_weights"),
    })


@require_http_methods(["GET", "POST"])
def interview_weights(request, pk):
    position = access.get_position_for_user(request.user, pk)
    if not policy.can(request.user, "edit_interview_plan"):
        raise PermissionDenied("interview weights need the edit_interview_plan capability")
    dimensions = position_dimensions(position)
    current = weights_for(position, dimensions)
    status = 200
    form = WeightsForm(dimensions=dimensions, initial_weights=current.by_code)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "equal":
                created = decision_services.set_equal_weights(position=position, by=request.user,
                                                              note=request.POST.get("note", ""))
            else:
                form = WeightsForm(request.POST, dimensions=dimensions, initial_weights=current.by_code)
                if not form.is_valid():
                    raise ValidationError(_("请检查每个维度的权重（0 到 1 之间的数字）。"))
                created = decision_services.set_interview_weights(
                    position=position, weights=form.weights(), by=request.user, note=form.cleaned_data["note"],
                )
        except ValidationError as exc:
            form.add_error(None, exc)
            status = 422
        else:
            messages.success(request, _("已启用面试权重 v%(version)d。") % {"version": created.version})
            return redirect("interviews:interview_weights", pk=position.pk)
    versions = list(InterviewWeightSet.objects.filter(position=position).select_related("created_by").order_by("-version"))
    names = {d.competency.code: d.competency.display_name for d in dimensions}
    for weight_set in versions:
        weight_set.rows = [(names.get(code, code), value) for code, value in (weight_set.weights or {}).items()]
    return render(request, "interviews/weights.html", {
        "position": position, "dimensions": dimensions, "current": current, "form": form, "versions": versions,
    }, status=status)
