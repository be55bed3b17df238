"""Question bank and interview plan pages. Thin: URL access is decided by hrportal.policy (middleware),
positions are loaded through recruiting.access and questions/rounds through their position; writes go
through interviews.bank.services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hrportal import policy
from interviews import access as interview_access
from interviews.bank import ai_drafts, selectors, services
from interviews.bank.forms import BankFilterForm, PlanForm, QuestionForm, RoundForm
from interviews.models import InterviewPlan, InterviewRound, Question
from recruiting import access


def _require_edit(user) -> None:
    if not policy.can(user, "edit_interview_plan"):
        raise PermissionDenied("editing question banks and plans needs the edit_interview_plan capability")


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


# --- question bank ---------------------------------------------------------------------------------


@require_GET
def question_bank(request, pk):
    position = access.get_position_for_user(request.user, pk)
    form = BankFilterForm(request.GET or None)
    status = form.cleaned_data.get("status", "") if form.is_valid() else ""
    return render(request, "interviews/question_bank.html", {
        "position": position, "form": form, "groups": selectors.question_bank(position, status=status),
        "counts": selectors.bank_counts(position), "can_edit": policy.can(request.user, "edit_interview_plan"),
    })


@require_POST
def question_generate(request, pk):
    position = access.get_position_for_user(request.user, pk)
    _require_edit(request.user)
    result = ai_drafts.draft_questions(position=position, by=request.user)
    if result.created and result.ai_output.backend != "deterministic":
        messages.success(request, _("AI 模型（%(model)s）草拟了 %(n)d 道题目，请审核后使用。") % {
            "n": len(result.created), "model": result.ai_output.model})
    elif result.created:
        messages.success(request, _("已生成 %(n)d 道草稿题目，请审核后使用。") % {"n": len(result.created)})
    else:
        messages.info(request, _("题库已是最新，没有新增题目。"))
    if result.missing:
        messages.warning(request, _("有 %(n)d 个胜任力/题型组合未能生成题目，请人工补充。") % {"n": len(result.missing)})
    return redirect("interviews:question_bank", pk=position.pk)


@require_http_methods(["GET", "POST"])
def question_create(request, pk):
    position = access.get_position_for_user(request.user, pk)
    _require_edit(request.user)
    return _question_editor(request, position, Question(position=position))


@require_http_methods(["GET", "POST"])
def question_edit(request, pk):
    question = interview_access.get_question_for_user(request.user, pk)
    _require_edit(request.user)
    return _question_editor(request, question.position, question)


def _question_editor(request, position, question: Question):
    if request.method == "POST":
        form = QuestionForm(request.POST, instance=question, position=position)
        if form.is_valid():
            try:
                services.save_question(form=form, position=position, by=request.user)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("题目已保存。"))
                return redirect("interviews:question_bank", pk=position.pk)
        status = 422
    else:
        form = QuestionForm(instance=question, position=position)
        status = 200
    return render(request, "interviews/question_form.html", {
        "position": position, "question": question, "form": form,
    }, status=status)


@require_POST
def question_approve(request, pk):
    question = interview_access.get_question_for_user(request.user, pk)
    _require_edit(request.user)
    services.approve_question(question=question, by=request.user)
    messages.success(request, _("题目已审核通过。"))
    return redirect("interviews:question_bank", pk=question.position.pk)


@require_POST
def question_unapprove(request, pk):
    question = interview_access.get_question_for_user(request.user, pk)
    _require_edit(request.user)
    try:
        services.unapprove_question(question=question, by=request.user)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("题目已退回草稿。"))
    return redirect("interviews:question_bank", pk=question.position.pk)


# --- interview plan --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def plan_detail(request, pk):
    position = access.get_position_for_user(request.user, pk)
    plan = InterviewPlan.objects.filter(position=position).first()
    can_edit = policy.can(request.user, "edit_interview_plan")
    if request.method == "POST":
        _require_edit(request.user)
        form = PlanForm(request.POST, instance=plan or InterviewPlan(position=position))
        if form.is_valid():
            services.save_plan(position=position, time_budget_minutes=form.cleaned_data["time_budget_minutes"],
                               by=request.user)
            messages.success(request, _("面试计划已保存。"))
            return redirect("interviews:plan_detail", pk=position.pk)
        status = 422
    else:
        form = PlanForm(instance=plan or InterviewPlan(position=position))
        status = 200
    rounds = selectors.plan_rounds(plan)
    context = {"position": position, "plan": plan, "rounds": rounds, "form": form, "can_edit": can_edit}
    if plan is not None:
        context["gaps"] = plan.coverage_gaps(rounds)
        context["budget"] = plan.time_budget(rounds)
        for r in rounds:
            r.budget = r.time_budget()
    return render(request, "interviews/plan_detail.html", context, status=status)


@require_http_methods(["GET", "POST"])
def round_create(request, pk):
    position = access.get_position_for_user(request.user, pk)
    _require_edit(request.user)
    plan = InterviewPlan.objects.filter(position=position).first()
    next_order = (plan.rounds.count() + 1) if plan else 1
    return _round_editor(request, position, plan, InterviewRound(order=next_order))


@require_http_methods(["GET", "POST"])
def round_edit(request, pk):
    interview_round = interview_access.get_round_for_user(request.user, pk)
    _require_edit(request.user)
    return _round_editor(request, interview_round.plan.position, interview_round.plan, interview_round)


def _round_editor(request, position, plan, interview_round: InterviewRound):
    if request.method == "POST":
        form = RoundForm(request.POST, instance=interview_round, position=position)
        if form.is_valid():
            data = form.cleaned_data
            plan = plan or services.save_plan(position=position, time_budget_minutes=120, by=request.user)
            try:
                services.save_round(
                    plan=plan, interview_round=interview_round if interview_round.pk else None, name=data["name"],
                    name_en=data.get("name_en", ""),
                    order=data["order"], duration_minutes=data["duration_minutes"], competencies=data["competencies"],
                    interviewers=data["interviewer_pool"], questions=list(data["questions"]), by=request.user,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("轮次已保存。"))
                return redirect("interviews:plan_detail", pk=position.pk)
        status = 422
    else:
        form = RoundForm(instance=interview_round, position=position)
        status = 200
    return render(request, "interviews/round_form.html", {
        "position": position, "round": interview_round, "form": form,
    }, status=status)


@require_POST
def round_delete(request, pk):
    interview_round = interview_access.get_round_for_user(request.user, pk)
    _require_edit(request.user)
    position = interview_round.plan.position
    services.delete_round(interview_round=interview_round, by=request.user)
    messages.success(request, _("轮次已删除。"))
    return redirect("interviews:plan_detail", pk=position.pk)
