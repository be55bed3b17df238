"""Shared fixtures: one user per role, and a small EHR (department, position, candidate, application)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, User

from hrportal.roles import Role


def make_user(username: str, *roles: Role, superuser: bool = False) -> User:
    user = User.objects.create_user(username=username, password="pw-" + username + "-123456")
    if superuser:
        user.is_superuser = True
        user.is_staff = True
        user.save()
    for role in roles:
        user.groups.add(Group.objects.get(name=role.value))
    return user


@pytest.fixture
def users(db):
    return {
        "hr": make_user("hr_zhang", Role.HR),
        "manager": make_user("mgr_li", Role.MANAGER),
        "interviewer": make_user("iv_wang", Role.INTERVIEWER),
        "finance": make_user("fin_zhao", Role.FINANCE),
        "admin": make_user("admin_chen", Role.ADMIN, superuser=True),
    }


@pytest.fixture
def ehr(db, users):
    """A department with a position (two competencies) and one applicant; the manager belongs to it."""
    from recruiting.models import (
        Application,
        Candidate,
        Competency,
        Department,
        Employee,
        Position,
        PositionCompetency,
        Skill,
    )

    sales = Department.objects.create(code="SALES", name="销售部", name_en="Sales")
    other = Department.objects.create(code="RD", name="研发部", name_en="R&D")
    Employee.objects.create(
        employee_no="E0001", name="李经理", user=users["manager"], department=sales, hire_date="2020-01-01",
        phone="13800001111", base_salary=Decimal("30000"),
    )
    python = Skill.objects.create(name="Python", category="编程", aliases=["python3", "py"])
    comm = Competency.objects.create(
        code="COMM", name_zh="沟通能力", name_en="Communication", anchor_1="表达不清", anchor_3="表达清楚", anchor_5="善于说服",
        evidence_keywords=["沟通", "协调"],
    )
    drive = Competency.objects.create(
        code="DRIVE", name_zh="结果导向", name_en="Drive for results", anchor_1="被动", anchor_3="完成目标", anchor_5="超额完成",
        evidence_keywords=["业绩", "目标"],
    )
    position = Position.objects.create(
        code="SM-01", title_zh="销售经理", title_en="Sales Manager", department=sales, status=Position.Status.OPEN,
        min_years=3, salary_min=Decimal("15000"), salary_max=Decimal("25000"),
    )
    pc = PositionCompetency.objects.create(position=position, competency=comm, weight=Decimal("60"))
    pc.must_have_skills.add(python)
    PositionCompetency.objects.create(position=position, competency=drive, weight=Decimal("40"))
    rd_position = Position.objects.create(
        code="RD-01", title_zh="研发工程师", title_en="R&D Engineer", department=other, status=Position.Status.OPEN
    )
    candidate = Candidate.objects.create(
        name="王小明", phone="13912345678", email="xiaoming@example.com", city="上海", expected_salary=Decimal("20000")
    )
    application = Application.objects.create(candidate=candidate, position=position)
    rd_candidate = Candidate.objects.create(name="赵研发", phone="13700000000", email="rd@example.com")
    rd_application = Application.objects.create(candidate=rd_candidate, position=rd_position)
    return {
        "sales": sales, "rd": other, "position": position, "rd_position": rd_position, "candidate": candidate,
        "application": application, "rd_candidate": rd_candidate, "rd_application": rd_application,
        "competencies": [comm, drive], "skill": python,
    }
