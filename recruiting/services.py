"""Writes of the recruiting pages (keyword-only arguments, atomic, docstrings say what they guarantee)."""

from __future__ import annotations

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext

from hrportal import audit
from recruiting.forms import split_keywords
from recruiting.models import Application, ApplicationStageChange, Competency, IllegalStageMove, Position
from recruiting.pipeline import Stage


def _unique_competency_code(name_en: str) -> str:
    base = (slugify(name_en or "")[:30].upper().replace("-", "_")) or "COMP"
    code, n = base, 1
    while Competency.objects.filter(code=code).exists():
        n += 1
        code = f"{base}_{n}"
    return code


def _create_competency(data: dict) -> Competency:
    return Competency.objects.create(
        code=_unique_competency_code(data.get("new_name_en", "")),
        name_zh=data["new_name_zh"].strip(),
        name_en=(data.get("new_name_en") or "").strip(),
        anchor_1=data["new_anchor_1"].strip(),
        anchor_3=data["new_anchor_3"].strip(),
        anchor_5=data["new_anchor_5"].strip(),
        evidence_keywords=split_keywords(data.get("new_evidence_keywords", "")),
    )


@transaction.atomic
def save_position(*, position_form, dimension_formset, by) -> Position:
    """Save a position and its whole competency model, or nothing.

    Guarantees: both forms were validated (weights sum to 100 %, at least one dimension, no competency
    twice); competencies defined inline are created first; rows removed in the editor are deleted; a row
    whose competency changed is replaced, so swapping two competencies never trips the unique constraint;
    dimension order follows the editor's row order. ``by`` is the acting user (recorded in the audit log).
    """
    if not (position_form.is_bound and position_form.is_valid() and dimension_formset.is_valid()):
        raise ValueError("save_position needs a valid position form and dimension formset")
    creating = position_form.instance.pk is None
    position = position_form.save()
    formset = dimension_formset
    formset.instance = position
    kept = formset.kept_forms()
    kept_ids = {id(form) for form in kept}

    # Phase 1: delete rows that go away or change competency (frees the (position, competency) pairs).
    for form in formset.forms:
        instance = form.instance
        if instance.pk is None:
            continue
        replaced = id(form) in kept_ids and "competency" in form.changed_data
        if id(form) not in kept_ids or replaced:
            instance.delete()
            instance.pk = None
            instance.id = None
    # Phase 2: write the kept rows in editor order.
    for order, form in enumerate(kept):
        dimension = form.instance
        dimension.position = position
        dimension.competency = form.cleaned_data.get("competency") or _create_competency(form.cleaned_data)
        dimension.weight = form.cleaned_data["weight"]
        dimension.order = order
        dimension.save()
        dimension.must_have_skills.set(form.cleaned_data.get("must_have_skills") or [])

    audit.record(
        action="create" if creating else "change",
        obj=position,
        fields=sorted(set(position_form.changed_data) | ({"competency_model"} if formset.has_changed() else set())),
        actor=by,
    )
    return position


@transaction.atomic
def move_application(
    *, application: Application, to_stage: str, by, reason: str = "", expected_stage: str | None = None, request=None
) -> ApplicationStageChange:
    """Move an application one legal step along the pipeline and audit it.

    Guarantees: the row is locked while it is checked and moved; a move the pipeline does not declare,
    a missing reason where one is required, or a repeat of a move that already happened (double click,
    two tabs: ``expected_stage`` no longer matches) raises IllegalStageMove with a message for HR and
    records nothing. On success exactly one stage-history row and one audit "change" row are written.
    """
    current = Application.objects.select_for_update().only("id", "stage").get(pk=application.pk).stage
    if current == to_stage:
        raise IllegalStageMove(
            gettext("该申请已经处于“%(stage)s”阶段，重复的操作没有执行。") % {"stage": Stage(current).label}
        )
    if expected_stage and current != expected_stage:
        raise IllegalStageMove(
            gettext("该申请的阶段刚被改为“%(stage)s”，请刷新页面后再操作。") % {"stage": Stage(current).label}
        )
    change = application.set_stage(to_stage, by=by, reason=reason)
    audit.record(
        action="change", obj=application, fields=["stage"], actor=by, request=request,
        note=f"{change.from_stage} -> {change.to_stage}",
    )
    return change
