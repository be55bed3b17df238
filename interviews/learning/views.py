"""The learning page (issue 17 item 3): the weights in force beside a proposed fit, how the ranking of current
candidates would change, activate / reject, refit now; and retiring a flagged question. Thin: URL access from
hrportal.policy, positions through recruiting.access, questions through interviews.access, writes through
learning services; the capability is ``review_learned_weights`` (HR, admin)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hrportal import policy, queues
from interviews import access as interview_access
from interviews.learning import jobs, selectors, services
from interviews.learning.forms import ProposalChoiceForm, ReviewForm
from interviews.models import InterviewWeightSet
from recruiting import access


def _require(user) -> None:
    if not policy.can(user, "review_learned_weights"):
        raise PermissionDenied("review_learned_weights")


@require_GET
def learning(request, pk):
    position = access.get_position_for_user(request.user, pk)
    _require(request.user)
    choice = ProposalChoiceForm(request.GET)
    proposal_id = choice.cleaned_data.get("version_id") if choice.is_valid() else None
    page = selectors.learning_page(position, request.user, proposal_id=proposal_id)
    return render(request, "interviews/learning.html", {"position": position, "page": page, "form": ReviewForm()})


@require_POST
def learning_refit(request, pk):
    position = access.get_position_for_user(request.user, pk)
    _require(request.user)
    result = jobs.schedule_refit(position.pk, requested_by_id=request.user.pk, debounce=False)
    if queues.redis_enabled():
        messages.info(request, _("已提交重新拟合，完成后刷新本页即可看到新的待审核版本。"))
    elif result.get("status") == "proposed":
        messages.success(request, _("拟合完成：已生成待审核的权重版本 v%(version)s。") % {"version": result["version"]})
    elif result.get("status") == "unchanged":
        messages.info(request, _("拟合完成：数据没有变化，没有生成新版本。"))
    else:
        messages.info(request, _("数据不足：有面试评分和入职后绩效的录用员工 %(n)s 名，至少需要 %(min)s 名。") % {
            "n": result.get("n", 0), "min": result.get("minimum")})
    return redirect("interviews:learning", pk=position.pk)


def _weight_set(request, pk) -> InterviewWeightSet:
    weight_set = get_object_or_404(InterviewWeightSet.objects.select_related("position"), pk=pk)
    access.get_position_for_user(request.user, weight_set.position_id)
    _require(request.user)
    return weight_set


@require_POST
def weight_set_activate(request, pk):
    weight_set = _weight_set(request, pk)
    form = ReviewForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.activate_weight_set(weight_set=weight_set, by=request.user, note=note, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已启用面试权重 v%(version)s。") % {"version": weight_set.version})
    return redirect("interviews:learning", pk=weight_set.position_id)


@require_POST
def weight_set_reject(request, pk):
    weight_set = _weight_set(request, pk)
    form = ReviewForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.reject_weight_set(weight_set=weight_set, by=request.user, note=note, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已拒绝面试权重 v%(version)s，当前权重不变。") % {"version": weight_set.version})
    return redirect("interviews:learning", pk=weight_set.position_id)


@require_POST
def question_retire(request, pk):
    question = interview_access.get_question_for_user(request.user, pk)
    _require(request.user)
    services.retire_question(question=question, by=request.user, request=request)
    messages.success(request, _("题目已停用：题目生成和面试计划不再使用它。"))
    return redirect("interviews:question_bank", pk=question.position_id)
