"""The interview composite: equal weights by default, a manual weight set when one is active (numbers worked
out by hand), half-up rounding, missing competencies explained, drafts and superseded versions ignored;
weight sets are versioned and validated."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hrportal.roles import Role
from interviews.decision.composite import composite_for
from interviews.decision.services import set_equal_weights, set_interview_weights
from interviews.models import InterviewWeightSet
from tests.conftest import make_user
from tests.interviews.scorecard_builders import past_interview, plan_round, scorecard


@pytest.fixture
def panel(ehr, users):
    """Two interviewers on one interview of the application: wang COMM 4 / DRIVE 3, li COMM 5 / DRIVE 2."""
    comm, drive = ehr["competencies"]
    li = make_user("iv_li", Role.INTERVIEWER)
    interview = past_interview(ehr["application"], plan_round(ehr["position"]), interviewers=[users["interviewer"], li])
    scorecard(interview, users["interviewer"], {comm: 4, drive: 3})
    scorecard(interview, li, {comm: 5, drive: 2})
    return {"interview": interview, "li": li, "comm": comm, "drive": drive}


def test_equal_weights_when_the_position_has_none(ehr, panel):
    composite = composite_for(ehr["application"])
    assert [(line.code, line.mean) for line in composite.lines] == [("COMM", Decimal("4.50")), ("DRIVE", Decimal("2.50"))]
    assert composite.value == Decimal("3.50")  # (4.5 + 2.5) / 2
    assert composite.complete and composite.scorecards == 2
    assert composite.weights.weight_set is None
    assert "按等权计算" in composite.explanations()[0]


def test_manual_weights_change_the_composite(ehr, users, panel):
    weight_set = set_interview_weights(position=ehr["position"], weights={"COMM": "0.7", "DRIVE": "0.3"}, by=users["hr"])
    composite = composite_for(ehr["application"])
    assert composite.value == Decimal("3.90")  # 0.7 × 4.5 + 0.3 × 2.5 = 3.15 + 0.75
    assert composite.weights.weight_set == weight_set and weight_set.version == 1
    assert "v1" in composite.explanations()[0]


def test_rounding_is_half_up_to_two_places(ehr, users):
    comm, drive = ehr["competencies"]
    interview = past_interview(ehr["application"], plan_round(ehr["position"]), interviewers=[users["interviewer"]])
    scorecard(interview, users["interviewer"], {comm: 5, drive: 3})
    other = past_interview(ehr["application"], plan_round(ehr["position"], "复面"), interviewers=[users["manager"]])
    scorecard(other, users["manager"], {comm: 4})
    set_interview_weights(position=ehr["position"], weights={"COMM": "0.55", "DRIVE": "0.45"}, by=users["hr"])
    # COMM mean 4.5, DRIVE 3: 0.55 × 4.5 + 0.45 × 3 = 2.475 + 1.35 = 3.825 → 3.83 (banker's rounding: 3.82)
    assert composite_for(ehr["application"]).value == Decimal("3.83")


def test_missing_competency_is_explained_and_left_out(ehr, users):
    comm, _ = ehr["competencies"]
    interview = past_interview(ehr["application"], plan_round(ehr["position"]), interviewers=[users["interviewer"]])
    scorecard(interview, users["interviewer"], {comm: 4})
    composite = composite_for(ehr["application"])
    assert composite.value == Decimal("4.00")
    assert not composite.complete
    assert [line.code for line in composite.missing] == ["DRIVE"]
    assert any("结果导向" in note and "重新归一" in note for note in composite.explanations())


def test_drafts_and_superseded_versions_do_not_count(ehr, users, panel):
    comm, drive = panel["comm"], panel["drive"]
    manager_interview = past_interview(ehr["application"], plan_round(ehr["position"], "终面"), interviewers=[users["manager"]])
    scorecard(manager_interview, users["manager"], {comm: 1, drive: 1}, submitted=False)
    scorecard(panel["interview"], users["admin"], {comm: 1, drive: 1}, current=False)
    assert composite_for(ehr["application"]).value == Decimal("3.50")


def test_no_scorecard_no_composite(ehr):
    composite = composite_for(ehr["application"])
    assert composite.value is None and composite.scorecards == 0
    assert any("还没有已提交的评分表" in note for note in composite.explanations())


def test_weight_sets_are_versioned_with_one_active(ehr, users):
    position = ehr["position"]
    first = set_interview_weights(position=position, weights={"COMM": "0.6", "DRIVE": "0.4"}, by=users["hr"])
    second = set_equal_weights(position=position, by=users["hr"])
    assert (first.version, second.version) == (1, 2)
    assert second.method == InterviewWeightSet.Method.EQUAL and second.weights == {"COMM": "0.5000", "DRIVE": "0.5000"}
    assert list(InterviewWeightSet.objects.filter(position=position, is_active=True)) == [second]
    first.refresh_from_db()
    assert first.weights == {"COMM": "0.6000", "DRIVE": "0.4000"}  # kept as it was


@pytest.mark.parametrize("weights, message", [
    ({"COMM": "0.6", "DRIVE": "0.5"}, "合计必须为 1"),
    ({"COMM": "0.6", "DRIVE": "0.4", "TEAM": "0"}, "TEAM"),
    ({"COMM": "1.2", "DRIVE": "-0.2"}, "0 到 1 之间"),
    ({"COMM": "abc", "DRIVE": "0.4"}, "不是数字"),
])
def test_invalid_weights_are_refused(ehr, users, weights, message):
    with pytest.raises(ValidationError) as exc:
        set_interview_weights(position=ehr["position"], weights=weights, by=users["hr"])
    assert message in " ".join(exc.value.messages)
    assert not InterviewWeightSet.objects.exists()


def test_weights_page_creates_a_manual_version(ehr, users, client):
    url = reverse("interviews:interview_weights", args=[ehr["position"].pk])
    client.force_login(users["hr"])
    page = client.get(url)
    assert page.status_code == 200 and "默认：等权" in page.content.decode()
    bad = client.post(url, {"action": "manual", "w_COMM": "0.7", "w_DRIVE": "0.4"})
    assert bad.status_code == 422 and "合计必须为 1" in bad.content.decode()
    response = client.post(url, {"action": "manual", "w_COMM": "0.7", "w_DRIVE": "0.3", "note": "更看重沟通"}, follow=True)
    html = response.content.decode()
    assert "已启用面试权重 v1" in html and "更看重沟通" in html
    weight_set = InterviewWeightSet.objects.get(position=ehr["position"], is_active=True)
    assert weight_set.method == "manual" and weight_set.created_by == users["hr"]
    client.post(url, {"action": "equal"})
    assert InterviewWeightSet.objects.get(position=ehr["position"], is_active=True).version == 2


def test_a_manager_cannot_change_weights(ehr, users, client):
    client.force_login(users["manager"])
    url = reverse("interviews:interview_weights", args=[ehr["position"].pk])
    assert client.post(url, {"action": "equal"}).status_code == 403
    assert not InterviewWeightSet.objects.exists()
