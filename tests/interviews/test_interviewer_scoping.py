"""Who sees which interview: interviewers only their own (403 otherwise), managers their department's,
HR and admin all, finance none; missing interviews are 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hrportal.roles import Role
from interviews.access import interviews_visible_to
from recruiting.models import Application, Candidate
from tests.conftest import make_user
from tests.interviews.schedule_builders import at, book, make_round


@pytest.fixture
def world(ehr, users):
    """Sales: one interview with iv_wang, one with another interviewer. R&D: one interview with iv_wang."""
    other_iv = make_user("iv_zhou", Role.INTERVIEWER)
    sales_round = make_round(ehr, users)
    rd_round = make_round(ehr, users, position=ehr["rd_position"])
    second = Application.objects.create(candidate=Candidate.objects.create(name="周二"), position=ehr["position"])
    return {
        "own": book(ehr["application"], sales_round, at(10), interviewers=[users["interviewer"]]),
        "others": book(second, sales_round, at(11), interviewers=[other_iv]),
        "rd_own": book(ehr["rd_application"], rd_round, at(14), interviewers=[users["interviewer"]]),
        "other_iv": other_iv,
    }


def _detail(client, interview):
    return client.get(reverse("interviews:interview_detail", args=[interview.pk]))


def test_interviewer_sees_only_interviews_assigned_to_them(client, users, world):
    client.force_login(users["interviewer"])
    assert set(interviews_visible_to(users["interviewer"])) == {world["own"], world["rd_own"]}
    html = client.get(reverse("interviews:schedule")).content.decode()
    assert "我的面试" in html
    assert "王小明" in html and "赵研发" in html and "周二" not in html
    assert _detail(client, world["own"]).status_code == 200
    assert _detail(client, world["rd_own"]).status_code == 200  # assigned across departments
    assert _detail(client, world["others"]).status_code == 403


def test_interviewer_filter_is_not_offered_and_cannot_widen_the_list(client, users, world):
    client.force_login(users["interviewer"])
    html = client.get(reverse("interviews:schedule"), {"interviewer": world["other_iv"].pk}).content.decode()
    assert "全部面试官" not in html
    assert "周二" not in html


def test_manager_sees_their_department_only(client, users, world):
    client.force_login(users["manager"])
    html = client.get(reverse("interviews:schedule")).content.decode()
    assert "王小明" in html and "周二" in html and "赵研发" not in html
    assert _detail(client, world["others"]).status_code == 200
    assert _detail(client, world["rd_own"]).status_code == 403


def test_a_manager_assigned_to_another_department_s_interview_sees_it(client, users, world, ehr):
    from interviews.models import InterviewAssignment

    InterviewAssignment.objects.create(interview=world["rd_own"], interviewer=users["manager"])
    client.force_login(users["manager"])
    assert _detail(client, world["rd_own"]).status_code == 200


def test_hr_and_admin_see_everything(client, users, world):
    for role in ("hr", "admin"):
        client.force_login(users[role])
        html = client.get(reverse("interviews:schedule")).content.decode()
        assert "王小明" in html and "周二" in html and "赵研发" in html, role


def test_finance_is_refused_and_sees_none(client, users, world):
    client.force_login(users["finance"])
    assert client.get(reverse("interviews:schedule")).status_code == 403
    assert _detail(client, world["own"]).status_code == 403
    assert not interviews_visible_to(users["finance"]).exists()


def test_missing_interview_is_404(client, users, world):
    client.force_login(users["interviewer"])
    assert client.get(reverse("interviews:interview_detail", args=[999999])).status_code == 404


def test_interviewer_cannot_edit_or_schedule(client, users, world, ehr):
    client.force_login(users["interviewer"])
    assert client.get(reverse("interviews:interview_edit", args=[world["own"].pk])).status_code == 403
    assert client.get(reverse("interviews:interview_create", args=[ehr["application"].pk])).status_code == 403
    assert client.get(reverse("interviews:conflicts")).status_code == 403


def test_manager_cannot_open_scheduling_for_another_department(client, users, ehr):
    client.force_login(users["manager"])
    assert client.get(reverse("interviews:interview_create", args=[ehr["rd_application"].pk])).status_code == 403
