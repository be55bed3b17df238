"""Services behind the pages: save_position and move_application guarantees."""

from __future__ import annotations

from decimal import Decimal

import pytest

from hrportal.models import AuditLog
from recruiting import services
from recruiting.forms import DIMENSION_PREFIX, PositionForm, dimension_formset_class
from recruiting.models import ApplicationStageChange, IllegalStageMove, Position
from recruiting.pipeline import Stage

pytestmark = pytest.mark.django_db


def bound_forms(ehr, weights):
    data = {
        "code": "OPS-1", "title_zh": "运营专员", "department": ehr["sales"].pk, "status": "draft", "priority": "normal",
        "headcount": "1", "min_years": "0",
        "dims-TOTAL_FORMS": str(len(weights)), "dims-INITIAL_FORMS": "0", "dims-MIN_NUM_FORMS": "0",
        "dims-MAX_NUM_FORMS": "1000",
    }
    for i, (competency, weight) in enumerate(zip(ehr["competencies"], weights, strict=False)):
        data[f"dims-{i}-competency"] = competency.pk
        data[f"dims-{i}-weight"] = weight
    form = PositionForm(data, instance=Position())
    formset = dimension_formset_class(extra=0)(data, instance=form.instance, prefix=DIMENSION_PREFIX)
    return form, formset


def test_save_position_refuses_unvalidated_or_invalid_forms(ehr, users):
    form, formset = bound_forms(ehr, ["30", "30"])
    with pytest.raises(ValueError):
        services.save_position(position_form=form, dimension_formset=formset, by=users["hr"])
    assert not Position.objects.filter(code="OPS-1").exists()


def test_save_position_writes_position_dimensions_and_an_audit_row(ehr, users):
    form, formset = bound_forms(ehr, ["55.5", "44.5"])
    position = services.save_position(position_form=form, dimension_formset=formset, by=users["hr"])
    assert position.weight_total() == Decimal("100")
    assert AuditLog.objects.filter(action="create", object_type="recruiting.Position", actor=users["hr"]).count() == 1


def test_move_application_writes_one_history_row_and_one_audit_row(ehr, users):
    app = ehr["application"]
    change = services.move_application(application=app, to_stage=Stage.SHORTLISTED, by=users["hr"], reason="")
    assert (change.from_stage, change.to_stage, change.changed_by) == ("new", "shortlisted", users["hr"])
    assert AuditLog.objects.filter(action="change", object_id=str(app.pk)).count() == 1


def test_move_application_refuses_a_repeat_and_a_stale_expectation(ehr, users):
    app = ehr["application"]
    services.move_application(application=app, to_stage=Stage.SCREENING, by=users["hr"], expected_stage="new")
    with pytest.raises(IllegalStageMove, match="重复"):
        services.move_application(application=app, to_stage=Stage.SCREENING, by=users["hr"], expected_stage="new")
    with pytest.raises(IllegalStageMove, match="刷新"):
        services.move_application(application=app, to_stage=Stage.SHORTLISTED, by=users["hr"], expected_stage="new")
    assert ApplicationStageChange.objects.filter(application=app).count() == 1
    assert AuditLog.objects.filter(action="change").count() == 1


def test_move_application_keeps_the_pipeline_rules(ehr, users):
    app = ehr["application"]
    with pytest.raises(IllegalStageMove):
        services.move_application(application=app, to_stage=Stage.OFFER, by=users["hr"])
    with pytest.raises(IllegalStageMove):
        services.move_application(application=app, to_stage=Stage.REJECTED, by=users["hr"], reason="")
    assert not ApplicationStageChange.objects.exists() and not AuditLog.objects.exists()
