"""Recruiting pages. Thin: URL access is decided by hrportal.policy (middleware), objects are loaded
through recruiting.access, reads come from selectors and writes go through services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hrportal import audit, masking, params, policy
from recruiting import access, pipeline, selectors, services
from recruiting.forms import (
    DIMENSION_PREFIX,
    BoardFilterForm,
    CandidateFilterForm,
    MoveForm,
    PositionFilterForm,
    PositionForm,
    dimension_formset_class,
)
from recruiting.models import IllegalStageMove, Position
from recruiting.pipeline import Stage
from recruiting.weighting import services as weighting


def _valid_filters(form) -> dict:
    """The filters that validated; an invalid one (say, a position outside the scope) is simply not applied."""
    form.is_valid()
    return getattr(form, "cleaned_data", {})


def _shows_applicants(user) -> bool:
    """Applicant figures belong to the roles that work with candidates (not finance)."""
    return policy.can_reach(user, "recruiting:candidate_list")


# --- positions -------------------------------------------------------------------------------------


@require_GET
def position_list(request):
    form = PositionFilterForm(request.GET or None)
    filters = _valid_filters(form)
    with_applicants = _shows_applicants(request.user)
    positions = selectors.position_list(
        request.user, q=filters.get("q", ""), status=filters.get("status", ""), with_applicants=with_applicants
    )
    page = selectors.paginate(positions, request.GET.get("page"), selectors.POSITIONS_PER_PAGE)
    return render(request, "recruiting/position_list.html", {
        "form": form, "page": page, "with_applicants": with_applicants,
        "can_create": policy.can(request.user, "edit_position"),
    })


@require_GET
def position_detail(request, pk):
    position = access.get_position_for_user(request.user, pk)
    with_applicants = _shows_applicants(request.user)
    context = {
        "position": position,
        "dimensions": selectors.position_dimensions(position),
        "can_edit": policy.can(request.user, "edit_position"),
        "with_applicants": with_applicants,
        "can_intake": policy.can(request.user, "intake_resumes"),
        "can_screen": policy.can(request.user, "run_screening"),
    }
    if with_applicants:
        context["stage_counts"] = selectors.stage_counts(access.applications_for(request.user).filter(position=position))
        context.update(weighting.weight_insights_context(position, request.user))
    return render(request, "recruiting/position_detail.html", context)


def _position_editor(request, position: Position | None):
    formset_class = dimension_formset_class(extra=1 if position is None else 0)
    instance = position or Position()
    if request.method == "POST":
        form = PositionForm(request.POST, instance=instance)
        formset = formset_class(request.POST, instance=instance, prefix=DIMENSION_PREFIX)
        if form.is_valid() and formset.is_valid():
            saved = services.save_position(position_form=form, dimension_formset=formset, by=request.user)
            messages.success(request, _("职位“%(title)s”已保存。") % {"title": saved.display_name})
            return redirect("recruiting:position_detail", pk=saved.pk)
        messages.error(request, _("保存失败，请检查下面标红的内容。"))
        status = 422
    else:
        form = PositionForm(instance=instance)
        formset = formset_class(instance=instance, prefix=DIMENSION_PREFIX)
        status = 200
    return render(
        request, "recruiting/position_form.html",
        {"form": form, "formset": formset, "position": position}, status=status,
    )


@require_http_methods(["GET", "POST"])
def position_create(request):
    return _position_editor(request, None)


@require_http_methods(["GET", "POST"])
def position_edit(request, pk):
    position = access.get_position_for_user(request.user, pk)
    if not policy.can(request.user, "edit_position"):
        raise PermissionDenied("editing positions needs the edit_position capability")
    return _position_editor(request, position)


# --- candidates ------------------------------------------------------------------------------------


@require_GET
def candidate_list(request):
    positions = selectors.positions_in_scope(request.user)
    show_contact = policy.can(request.user, "view_candidate_contact")
    form = CandidateFilterForm(request.GET or None, positions=positions)
    if not show_contact:  # contact data is searched only by roles that see it (selectors.may_search_contact)
        form.fields["q"].widget.attrs["placeholder"] = _("姓名")
    filters = _valid_filters(form)
    candidates = selectors.candidate_search(
        request.user, q=filters.get("q", ""), position=filters.get("position"), stage=filters.get("stage", ""),
        source=filters.get("source", ""), city=filters.get("city", ""),
    )
    page = selectors.paginate(candidates, request.GET.get("page"), selectors.CANDIDATES_PER_PAGE)
    contact_kind = selectors.contact_query_kind(filters.get("q", ""))
    if contact_kind:
        _audit_contact_search(request, filters["q"], contact_kind, page, allowed=show_contact)
    if show_contact and page.object_list:
        _audit_contact_list(request, page)
    rows = [
        {
            "candidate": c,
            "phone": c.phone if show_contact else masking.mask_phone(c.phone),
            "email": c.email if show_contact else masking.mask_email(c.email),
            "applications": c.visible_applications,
        }
        for c in page.object_list
    ]
    return render(request, "recruiting/candidate_list.html", {
        "form": form, "page": page, "rows": rows, "show_contact": show_contact,
        "contact_search_refused": bool(contact_kind) and not show_contact,
    })


def _audit_contact_search(request, q: str, kind: str, page, *, allowed: bool) -> None:
    """Searching by phone or e-mail is itself audited (issue 14 item 1); the searched value is kept masked.
    A role without the contact capability is answered from names only, and the attempt is recorded."""
    shown = masking.mask_email(q.strip()) if kind == "email" else masking.mask_phone(q.strip())
    if allowed:
        note = f"contact search {kind} {shown}: {page.paginator.count} match(es)"
    else:
        note = f"contact search {kind} {shown} refused: role does not see contact data"
    audit.record(action="view", object_type="candidate_search", fields=[kind], request=request, note=note)


def _audit_contact_list(request, page) -> None:
    """The list shows phone and e-mail in clear to HR: one audit row per page view, naming its candidates
    (issue 14 item 6)."""
    ids = ",".join(str(c.pk) for c in page.object_list)
    audit.record(
        action="view", object_type="recruiting.Candidate", object_id="", fields=["phone", "email"],
        request=request, note=f"candidate list page {page.number}: {ids}",
    )


@require_GET
def candidate_detail(request, pk):
    user = request.user
    candidate = access.get_candidate_for_user(user, pk)
    show_contact = policy.can(user, "view_candidate_contact")
    show_salary = policy.can(user, "view_candidate_salary")
    # sensitive data (PIPL Art. 28) is masked for every role unless a position the candidate applied to
    # requires that kind with a recorded reason
    required = selectors.required_sensitive(candidate) if show_contact else frozenset()
    if show_contact:
        contact = {"phone": candidate.phone, "email": candidate.email,
                   "id_number": candidate.id_number if "id_number" in required
                   else masking.mask_id_number(candidate.id_number)}
    else:
        contact = {
            "phone": masking.mask_phone(candidate.phone),
            "email": masking.mask_email(candidate.email),
            "id_number": masking.mask_id_number(candidate.id_number),
        }
    if show_salary:
        salary = candidate.expected_salary
    else:
        salary = masking.mask_money(candidate.expected_salary)
    shown = []
    if show_contact:
        shown += [name for name, value in contact.items() if value]
        if candidate.resume_text:
            shown.append("resume_text")
    if show_salary and candidate.expected_salary is not None:
        shown.append("expected_salary")
    if shown:
        audit.record(action="view", obj=candidate, fields=shown, request=request)
    applications = selectors.candidate_applications(user, candidate)
    can_move = policy.can(user, "move_stage")
    return render(request, "recruiting/candidate_detail.html", {
        "candidate": candidate, "contact": contact, "salary": salary, "show_contact": show_contact,
        "show_salary": show_salary, "applications": [_with_moves(a, can_move) for a in applications],
        "can_move": can_move, "move_texts": _move_texts(),
        "resume_text": masking.mask_sensitive_text(candidate.resume_text, keep=required) if show_contact else "",
    })


def _move_texts() -> dict[str, str]:
    """Texts of the move controls, translated once per request (see _move_forms.html)."""
    return {
        "end": _("结束流程…"), "to_stage": _("转到阶段"), "reason_required": _("原因（必填）"),
        "reason": _("原因"), "confirm": _("确认"), "score": _("得分"),
    }


def _with_moves(application, can_move: bool, cache: dict | None = None):
    """Attach the legal next moves (split into plain moves and moves that need a reason) and the move URL.

    The board renders hundreds of cards: ``cache`` shares the per-stage move lists, with their labels
    translated once, and the URL is built from one reversed pattern instead of one reverse() per card.
    """
    cache = {} if cache is None else cache
    if application.stage not in cache:
        moves = pipeline.allowed_moves(application.stage) if can_move else ()
        cache[application.stage] = (
            [{"value": s, "label": str(Stage(s).label)} for s in moves if s not in pipeline.REASON_REQUIRED],
            [{"value": s, "label": str(Stage(s).label)} for s in moves if s in pipeline.REASON_REQUIRED],
        )
    if "move_url" not in cache:
        cache["move_url"] = reverse("recruiting:application_move", args=[0]).replace("/0/", "/{}/")
    application.plain_moves, application.reason_moves = cache[application.stage]
    application.move_url = cache["move_url"].format(application.pk)
    return application


# --- board -----------------------------------------------------------------------------------------


@require_GET
def application_board(request):
    user = request.user
    positions = selectors.positions_in_scope(user)
    position = None
    position_id = params.id_param(request.GET, "position")
    if position_id is not None:
        position = access.get_position_for_user(user, position_id)
    form = BoardFilterForm(initial={"position": position}, positions=positions)
    can_move = policy.can(user, "move_stage")
    columns = selectors.board_columns(user, position=position, pages=request.GET)
    move_cache: dict = {}
    for column in columns:
        column.cards = [_with_moves(card, can_move, move_cache) for card in column.cards]
        column.previous_url = _with_param(request, column.page_param, column.previous_page)
        column.next_url = _with_param(request, column.page_param, column.next_page)
    return render(request, "recruiting/board.html", {
        "form": form, "columns": columns, "position": position, "can_move": can_move,
        "total": sum(c.count for c in columns), "move_texts": _move_texts(),
    })


def _with_param(request, name: str, value) -> str:
    params = request.GET.copy()
    params[name] = value
    return "?" + params.urlencode()


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return fallback


@require_POST
def application_move(request, pk):
    application = access.get_application_for_user(request.user, pk)
    is_htmx = request.headers.get("HX-Request") == "true"
    fallback = reverse("recruiting:application_board")
    form = MoveForm(request.POST)
    error = ""
    if not policy.can(request.user, "move_stage"):
        error = _("你的角色不能调整招聘阶段。")
    elif not form.is_valid():
        error = _("请求无效：请选择要转到的阶段。")
    else:
        try:
            change = services.move_application(
                application=application, to_stage=form.cleaned_data["to_stage"], by=request.user,
                reason=form.cleaned_data["reason"], expected_stage=form.cleaned_data["from_stage"] or None,
                request=request,
            )
        except IllegalStageMove as exc:
            error = " ".join(exc.messages)
        else:
            text = _("“%(name)s”已转到“%(stage)s”。") % {
                "name": application.candidate.name, "stage": Stage(change.to_stage).label,
            }
            messages.success(request, text)
            if is_htmx:
                # The card changes column and the counts change: reload the board (the message shows there).
                response = HttpResponse(status=204)
                response["HX-Refresh"] = "true"
                return response
            return redirect(_safe_next(request, fallback))
    if is_htmx:
        application.refresh_from_db(fields=["stage", "stage_changed_at"])
        card = _with_moves(application, policy.can(request.user, "move_stage"))
        return render(request, "recruiting/_application_card.html",
                      {"card": card, "can_move": policy.can(request.user, "move_stage"), "error": error,
                       "move_texts": _move_texts()}, status=409)
    messages.error(request, error)
    return redirect(_safe_next(request, fallback))
