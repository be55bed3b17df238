"""The hiring decision and the comparison view: a person's decision with a reason moves the stage and is in the
history; refused without a reason, from the wrong stage, twice; scores hidden from an interviewer who has not
submitted; department scoping (403); the comparison view's query count does not grow with candidates."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hrportal.models import AuditLog
from hrportal.roles import Role
from interviews.decision.services import decide_hiring
from interviews.models import HiringDecision, Scorecard
from recruiting.models import Application, ApplicationStageChange
from tests.conftest import make_user
from tests.interviews.scorecard_builders import (
    another_applicant,
    interviewing,
    past_interview,
    plan_round,
    scorecard,
)


@pytest.fixture
def scored(ehr, users):
    """The application in "interviewing" with two submitted scorecards (wang 4/3 with AI 2/3, li 5/2)."""
    comm, drive = ehr["competencies"]
    li = make_user("iv_li", Role.INTERVIEWER)
    interviewing(ehr["application"], users["hr"])
    interview = past_interview(ehr["application"], plan_round(ehr["position"]), interviewers=[users["interviewer"], li])
    scorecard(interview, users["interviewer"], {comm: (4, 2, 2.1), drive: (3, 3, 3.0)}, recommendation="yes",
              evidence="主导过3个项目")
    scorecard(interview, li, {comm: 5, drive: 2}, recommendation="strong_yes")
    return {"interview": interview, "li": li}


def decision_url(application):
    return reverse("interviews:decision", args=[application.pk])


def test_decision_page_shows_each_interviewers_scores_with_the_ai_beside(ehr, users, client, scored):
    client.force_login(users["manager"])
    response = client.get(decision_url(ehr["application"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-composite>3.50<' in html
    assert "(AI 2)" in html and "主导过3个项目" in html
    assert 'data-recommendation="strong_yes"' in html
    viewed = AuditLog.objects.get(action="view", object_id=str(ehr["application"].pk))
    assert viewed.actor == users["manager"] and "scorecard_evidence" in viewed.fields


def test_offer_moves_the_stage_with_the_reason_in_history(ehr, users, client, scored):
    client.force_login(users["manager"])
    response = client.post(decision_url(ehr["application"]), {"outcome": "offer", "reason": "沟通与结果导向均达标"}, follow=True)
    assert response.status_code == 200
    assert "候选人已转到“录用沟通”" in response.content.decode()
    application = Application.objects.get(pk=ehr["application"].pk)
    assert application.stage == "offer"
    change = ApplicationStageChange.objects.filter(application=application).latest("at", "id")
    assert (change.from_stage, change.to_stage, change.reason, change.changed_by) == (
        "interviewing", "offer", "沟通与结果导向均达标", users["manager"])
    decision = HiringDecision.objects.get(application=application)
    assert decision.composite == Decimal("3.50") and decision.decided_by == users["manager"]
    assert decision.details["lines"][0] == {"code": "COMM", "weight": "0.5000", "mean": "4.50", "n": 2, "scores": [4, 5]}
    assert AuditLog.objects.filter(action="change", object_id=str(application.pk), note="hiring decision offer").count() == 1


def test_reject_needs_a_reason_and_goes_to_rejected(ehr, users, client, scored):
    client.force_login(users["hr"])
    refused = client.post(decision_url(ehr["application"]), {"outcome": "reject", "reason": "   "})
    assert refused.status_code == 422 and "请填写决定的原因" in refused.content.decode()
    assert Application.objects.get(pk=ehr["application"].pk).stage == "interviewing"
    assert not HiringDecision.objects.exists()
    client.post(decision_url(ehr["application"]), {"outcome": "reject", "reason": "结果导向不足"})
    application = Application.objects.get(pk=ehr["application"].pk)
    assert application.stage == "rejected"
    assert application.stage_history.latest("at", "id").reason == "结果导向不足"


def test_a_double_click_decides_once(ehr, users, client, scored):
    client.force_login(users["hr"])
    data = {"outcome": "offer", "reason": "综合表现优秀"}
    assert client.post(decision_url(ehr["application"]), data).status_code == 302
    second = client.post(decision_url(ehr["application"]), data)
    assert second.status_code == 409
    assert "重复的操作没有执行" in second.content.decode()
    assert HiringDecision.objects.count() == 1
    assert ApplicationStageChange.objects.filter(application=ehr["application"], to_stage="offer").count() == 1


def test_refused_from_the_wrong_stage(ehr, users, client):
    # The application is still "new": no decision can be taken, and the page says why.
    with pytest.raises(ValidationError, match="面试中"):
        decide_hiring(application=ehr["application"], outcome="reject", reason="不合适", by=users["hr"])
    client.force_login(users["hr"])
    page = client.get(decision_url(ehr["application"])).content.decode()
    assert "只有“面试中”的候选人可以作出录用决定" in page and 'name="reason"' not in page
    assert client.post(decision_url(ehr["application"]), {"outcome": "reject", "reason": "x"}).status_code == 409
    assert not HiringDecision.objects.exists()


def test_no_offer_without_a_submitted_scorecard(ehr, users):
    interviewing(ehr["application"], users["hr"])
    with pytest.raises(ValidationError, match="还没有已提交的面试评分表"):
        decide_hiring(application=ehr["application"], outcome="offer", reason="直接录用", by=users["hr"])
    assert Application.objects.get(pk=ehr["application"].pk).stage == "interviewing"


def test_manager_of_another_department_is_refused(ehr, users, client):
    client.force_login(users["manager"])
    assert client.get(decision_url(ehr["rd_application"])).status_code == 403
    assert client.post(decision_url(ehr["rd_application"]), {"outcome": "reject", "reason": "x"}).status_code == 403
    assert client.get(reverse("interviews:position_comparison", args=[ehr["rd_position"].pk])).status_code == 403
    assert client.get(reverse("interviews:position_comparison", args=[ehr["position"].pk])).status_code == 200
    client.force_login(users["interviewer"])
    assert client.get(decision_url(ehr["application"])).status_code == 403


def test_scores_stay_hidden_from_an_interviewer_who_has_not_submitted(ehr, users, client, scored):
    # The manager sits on a later round and has only a draft: the others' scores must not show.
    final = past_interview(ehr["application"], plan_round(ehr["position"], "终面"), interviewers=[users["manager"]])
    scorecard(final, users["manager"], {ehr["competencies"][0]: 2}, submitted=False)
    client.force_login(users["manager"])
    html = client.get(decision_url(ehr["application"])).content.decode()
    assert "提交后才能看到其他面试官的评分" in html
    assert "data-composite" not in html and "(AI 2)" not in html and "主导过3个项目" not in html
    comparison = client.get(reverse("interviews:position_comparison", args=[ehr["position"].pk])).content.decode()
    assert "提交自己的评分表后可见" in comparison and "3.50" not in comparison


def test_a_panel_member_decides_only_after_submitting_their_own_scorecard(ehr, users, client, scored):
    final = past_interview(ehr["application"], plan_round(ehr["position"], "终面"), interviewers=[users["manager"]])
    draft = scorecard(final, users["manager"], {ehr["competencies"][0]: 2}, submitted=False)
    client.force_login(users["manager"])
    url = decision_url(ehr["application"])

    page = client.get(url).content.decode()
    assert "data-score-first" in page and 'name="outcome"' not in page  # no form to decide blind
    response = client.post(url, {"outcome": "offer", "reason": "沟通能力突出"})  # a direct POST
    assert response.status_code == 409 and "请先在面试间提交自己的评分表" in response.content.decode()
    assert not HiringDecision.objects.exists()
    assert Application.objects.get(pk=ehr["application"].pk).stage == "interviewing"

    Scorecard.objects.filter(pk=draft.pk).update(  # the manager submits in the room
        status=Scorecard.Status.SUBMITTED, submitted_at=timezone.now(), recommendation="no")
    assert client.post(url, {"outcome": "offer", "reason": "沟通能力突出"}).status_code == 302
    assert HiringDecision.objects.get().decided_by == users["manager"]


def test_comparison_sorts_and_its_query_count_does_not_grow(ehr, users, client, scored):
    comm, drive = ehr["competencies"]
    rnd = plan_round(ehr["position"], "复面")
    client.force_login(users["hr"])
    url = reverse("interviews:position_comparison", args=[ehr["position"].pk])

    def add(name, comm_score, drive_score):
        application = another_applicant(ehr["position"], name, users["hr"])
        interview = past_interview(application, rnd, interviewers=[users["interviewer"]])
        scorecard(interview, users["interviewer"], {comm: comm_score, drive: drive_score})

    add("甲", 2, 2)
    client.get(url)  # warm per-process caches (content types, sessions)
    with CaptureQueriesContext(connection) as few:
        response = client.get(url)
    for i, (c, d) in enumerate([(5, 5), (3, 4), (1, 2), (4, 1)]):
        add(f"乙{i}", c, d)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(many) == len(few)
    html = response.content.decode()
    order = [name for name in ("乙0", "王小明", "乙1", "乙3", "甲", "乙2") if name in html]
    assert sorted(order, key=html.index) == ["乙0", "王小明", "乙1", "乙3", "甲", "乙2"]  # 5.00, 3.50, 3.50, 2.50, 2.00, 1.50
    by_drive = client.get(url, {"sort": "DRIVE"}).content.decode()
    assert by_drive.index("乙0") < by_drive.index("乙1") < by_drive.index("王小明") < by_drive.index("乙3")
