"""Position pages: list/detail scoping, the competency-model editor's rules (weights sum to 100 %,
at least one dimension, no duplicates, new competencies defined inline) and editing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from recruiting.models import Competency, Position, PositionCompetency

pytestmark = pytest.mark.django_db


def position_data(ehr, **overrides):
    data = {
        "code": "KA-07", "title_zh": "大客户经理", "title_en": "Key Account Manager", "department": ehr["sales"].pk,
        "status": "open", "priority": "normal", "headcount": "2", "min_years": "3", "min_education": "本科",
        "salary_min": "18000", "salary_max": "30000", "hiring_manager": "", "duties": "", "requirements": "",
    }
    data.update(overrides)
    return data


def dims(rows, *, initial=0):
    """Management form + rows; each row a dict of the row's fields (without the prefix)."""
    data = {"dims-TOTAL_FORMS": str(len(rows)), "dims-INITIAL_FORMS": str(initial),
            "dims-MIN_NUM_FORMS": "0", "dims-MAX_NUM_FORMS": "1000"}
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"dims-{i}-{key}"] = value
    return data


def test_weights_of_90_percent_are_refused_with_a_clear_message(client, users, ehr):
    comm, drive = ehr["competencies"]
    client.force_login(users["hr"])
    response = client.post(reverse("recruiting:position_create"), {
        **position_data(ehr),
        **dims([{"competency": comm.pk, "weight": "50"}, {"competency": drive.pk, "weight": "40"}]),
    })
    assert response.status_code == 422
    body = response.content.decode()
    assert "权重之和必须正好等于 100%" in body and "当前合计为 90%" in body
    assert not Position.objects.filter(code="KA-07").exists()


def test_weights_of_100_percent_create_the_position_and_its_dimensions(client, users, ehr):
    comm, drive = ehr["competencies"]
    client.force_login(users["hr"])
    response = client.post(reverse("recruiting:position_create"), {
        **position_data(ehr),
        **dims([
            {"competency": comm.pk, "weight": "60", "must_have_skills": [ehr["skill"].pk]},
            {"competency": drive.pk, "weight": "40"},
        ]),
    })
    position = Position.objects.get(code="KA-07")
    assert response.status_code == 302 and response["Location"] == reverse("recruiting:position_detail", args=[position.pk])
    rows = list(position.position_competencies.order_by("order").values_list("competency__code", "weight", "order"))
    assert rows == [("COMM", Decimal("60.00"), 0), ("DRIVE", Decimal("40.00"), 1)]
    assert list(position.position_competencies.get(competency=comm).must_have_skills.all()) == [ehr["skill"]]
    detail = client.get(response["Location"]).content.decode()
    assert "大客户经理" in detail and "善于说服" in detail and "60%" in detail


def test_a_new_competency_can_be_defined_inline_with_bars_anchors(client, users, ehr):
    comm, _ = ehr["competencies"]
    client.force_login(users["hr"])
    client.post(reverse("recruiting:position_create"), {
        **position_data(ehr),
        **dims([
            {"competency": comm.pk, "weight": "70"},
            {"competency": "", "weight": "30", "new_name_zh": "客户洞察", "new_name_en": "Customer insight",
             "new_anchor_1": "只看表面需求", "new_anchor_3": "能发现隐含需求", "new_anchor_5": "预判客户未来需求",
             "new_evidence_keywords": "需求分析，客户调研、洞察"},
        ]),
    })
    created = Competency.objects.get(name_zh="客户洞察")
    assert created.code == "CUSTOMER_INSIGHT"
    assert created.anchor_5 == "预判客户未来需求"
    assert created.evidence_keywords == ["需求分析", "客户调研", "洞察"]
    assert PositionCompetency.objects.get(competency=created).weight == Decimal("30")


def test_a_new_competency_needs_its_anchors(client, users, ehr):
    client.force_login(users["hr"])
    response = client.post(reverse("recruiting:position_create"), {
        **position_data(ehr),
        **dims([{"competency": "", "weight": "100", "new_name_zh": "客户洞察"}]),
    })
    assert response.status_code == 422
    assert "新建胜任力时此项必填" in response.content.decode()
    assert not Competency.objects.filter(name_zh="客户洞察").exists()


def test_the_same_competency_twice_is_refused(client, users, ehr):
    comm, _ = ehr["competencies"]
    client.force_login(users["hr"])
    response = client.post(reverse("recruiting:position_create"), {
        **position_data(ehr),
        **dims([{"competency": comm.pk, "weight": "50"}, {"competency": comm.pk, "weight": "50"}]),
    })
    assert response.status_code == 422
    assert "胜任力“沟通能力”重复出现" in response.content.decode()
    assert not Position.objects.filter(code="KA-07").exists()


def test_a_position_without_dimensions_is_refused(client, users, ehr):
    client.force_login(users["hr"])
    response = client.post(reverse("recruiting:position_create"), {**position_data(ehr), **dims([{}])})
    assert response.status_code == 422
    assert "至少需要一个维度" in response.content.decode()


def test_editing_reweights_removes_and_swaps_dimensions(client, users, ehr):
    position = ehr["position"]
    comm, drive = ehr["competencies"]
    pc_comm = position.position_competencies.get(competency=comm)
    pc_drive = position.position_competencies.get(competency=drive)
    client.force_login(users["hr"])
    url = reverse("recruiting:position_edit", args=[position.pk])
    assert client.get(url).status_code == 200
    # Swap the two competencies between the rows and change weights: must not trip the unique constraint.
    response = client.post(url, {
        **position_data(ehr, code="SM-01", title_zh="销售经理"),
        **dims([
            {"id": pc_comm.pk, "competency": drive.pk, "weight": "25"},
            {"id": pc_drive.pk, "competency": comm.pk, "weight": "75"},
        ], initial=2),
    })
    assert response.status_code == 302
    assert dict(position.position_competencies.values_list("competency__code", "weight")) == {
        "DRIVE": Decimal("25.00"), "COMM": Decimal("75.00")}
    # Remove one row and give the other the whole weight.
    rows = {pc.competency_id: pc for pc in position.position_competencies.all()}
    response = client.post(url, {
        **position_data(ehr, code="SM-01", title_zh="销售经理"),
        **dims([
            {"id": rows[drive.pk].pk, "competency": drive.pk, "weight": "25", "DELETE": "on"},
            {"id": rows[comm.pk].pk, "competency": comm.pk, "weight": "100"},
        ], initial=2),
    })
    assert response.status_code == 302
    assert dict(position.position_competencies.values_list("competency__code", "weight")) == {"COMM": Decimal("100.00")}


def test_editor_offers_an_empty_row_template_for_add_dimension(client, users, ehr):
    client.force_login(users["hr"])
    body = client.get(reverse("recruiting:position_create")).content.decode()
    assert "<template data-dim-template>" in body
    assert 'name="dims-__prefix__-weight"' in body
    assert 'name="dims-TOTAL_FORMS"' in body


def test_edit_button_only_for_roles_that_may_edit(client, users, ehr):
    url = reverse("recruiting:position_detail", args=[ehr["position"].pk])
    edit_url = reverse("recruiting:position_edit", args=[ehr["position"].pk])
    client.force_login(users["hr"])
    assert edit_url in client.get(url).content.decode()
    client.force_login(users["manager"])
    assert edit_url not in client.get(url).content.decode()
    client.force_login(users["finance"])
    body = client.get(url).content.decode()
    assert edit_url not in body and "销售经理" in body
    assert "各阶段申请人数" not in body  # finance sees the position, not its applicant figures


def test_position_list_is_scoped_searchable_and_filterable(client, users, ehr):
    client.force_login(users["manager"])
    body = client.get(reverse("recruiting:position_list")).content.decode()
    assert "SM-01" in body and "RD-01" not in body
    client.force_login(users["hr"])
    body = client.get(reverse("recruiting:position_list"), {"q": "研发"}).content.decode()
    assert "RD-01" in body and "SM-01" not in body
    Position.objects.filter(pk=ehr["rd_position"].pk).update(status="closed")
    body = client.get(reverse("recruiting:position_list"), {"status": "open"}).content.decode()
    assert "SM-01" in body and "RD-01" not in body
