"""The scheduling form lists people by name (issue 20), with the username as a hint only where names collide,
and pre-ticks nobody: the panel is exactly what HR ticks."""

from __future__ import annotations

import pytest

from hrportal.roles import Role
from interviews.models import InterviewPlan, InterviewRound
from interviews.schedule.forms import InterviewForm
from recruiting.models import Employee
from tests.conftest import make_user


@pytest.mark.django_db
def test_names_with_a_username_hint_only_where_two_share_a_name(ehr, users):
    twin = make_user("wangfang2", Role.INTERVIEWER)
    Employee.objects.create(employee_no="E0101", name="王芳", user=users["interviewer"], department=ehr["sales"],
                            hire_date="2020-01-01")
    Employee.objects.create(employee_no="E0102", name="王芳", user=twin, department=ehr["sales"],
                            hire_date="2020-01-01")
    plan = InterviewPlan.objects.create(position=ehr["position"])
    first = InterviewRound.objects.create(plan=plan, name="初面", order=1, duration_minutes=45)
    first.interviewer_pool.set([users["interviewer"], users["manager"]])

    form = InterviewForm(position=ehr["position"])
    labels = dict(form.fields["interviewers"].choices)
    by_pk = {value.value if hasattr(value, "value") else value: label for value, label in labels.items()}
    assert by_pk[users["interviewer"].pk] == "王芳（iv_wang） · 面试官库：初面"
    assert by_pk[twin.pk] == "王芳（wangfang2）"
    assert by_pk[users["manager"].pk] == "李经理 · 面试官库：初面"
    assert by_pk[users["hr"].pk] == "hr_zhang"  # no employee record, no full name: the username
    assert not form.initial.get("interviewers")  # nobody pre-ticked
    assert form.initial["interview_round"] == first.pk
