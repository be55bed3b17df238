"""A small company on the payroll: two departments in Beijing and Shanghai, pay records, a finance user."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from payroll.models import City
from payroll.structures.services import create_pay_record


def pay(base, post="0", meal="0", bonus="0"):
    rows = [{"code": "base", "name": "基本工资", "kind": "base", "amount": base}]
    if Decimal(post):
        rows.append({"code": "post", "name": "岗位工资", "kind": "post", "amount": post})
    if Decimal(bonus):
        rows.append({"code": "bonus", "name": "绩效奖金", "kind": "performance", "amount": bonus})
    if Decimal(meal):
        rows.append({"code": "meal", "name": "餐补", "kind": "allowance", "amount": meal, "taxable": False})
    return rows


def add_employee(no, name, department, *, hire, city="beijing", base="10000", by=None, leave=None, **pay_kwargs):
    from recruiting.models import Employee
    from tests.payroll.bulk import ensure_policies

    ensure_policies()
    employee = Employee.objects.create(employee_no=no, name=name, department=department, hire_date=hire, leave_date=leave)
    create_pay_record(
        employee=employee, valid_from=hire, city=City.objects.get(code=city), components=pay(base, **pay_kwargs), by=by,
        bank_name="招商银行", bank_account=f"6225880{no[-4:]}00001234",
    )
    return employee


@pytest.fixture
def company(db, users):
    from recruiting.models import Department

    sales = Department.objects.create(code="P-SALES", name="销售部", name_en="Sales")
    rd = Department.objects.create(code="P-RD", name="研发部", name_en="R&D")
    by = users["finance"]
    people = {
        "wang": add_employee("P0001", "王芳", sales, hire=dt.date(2024, 3, 1), base="8000", bonus="2000", meal="500", by=by),
        "li": add_employee("P0002", "李强", rd, hire=dt.date(2023, 1, 1), city="shanghai", base="30000", post="5000", by=by),
        "zhao": add_employee("P0003", "赵敏", rd, hire=dt.date(2026, 3, 16), base="12000", by=by),
    }
    return {"sales": sales, "rd": rd, "people": people, "finance": by}


def make_contract_template():
    from payroll.models import ContractTemplate

    ContractTemplate.objects.get_or_create(language="zh-hans", defaults={
        "employer_name": "示例科技有限公司", "employer_address": "北京市海淀区中关村大街1号", "legal_representative": "陈总",
        "working_hours": "标准工时制，每日8小时，每周40小时。", "labour_protection": "提供符合国家规定的劳动安全卫生条件。",
    })
    ContractTemplate.objects.get_or_create(language="en", defaults={
        "employer_name": "Example Tech Co., Ltd.", "employer_address": "1 Zhongguancun St, Haidian, Beijing", "legal_representative": "Chen",
        "working_hours": "Standard hours: 8 a day, 40 a week.", "labour_protection": "Working conditions as the law requires.",
    })


def decide_offer(application, by):
    """An application at 录用沟通 with a 发放录用 decision (the stage moves through the pipeline)."""
    from interviews.models import HiringDecision

    for stage in ("shortlisted", "interviewing", "offer"):
        application.set_stage(stage, by=by, reason="test")
    HiringDecision.objects.create(application=application, outcome="offer", reason="通过", decided_by=by)
    return application


@pytest.fixture
def offer_setup(ehr, users, settings, tmp_path):
    """The sales position with the seed's structure (基本工资 8,000 + 绩效奖金 2,000), a contract template and the
    candidate decided as 录用; the hiring manager is the manager user."""
    structure = prepare_offer(ehr, users)
    ehr["candidate"].id_number = "110101199001011234"
    ehr["candidate"].save()
    ehr["application"].owner = users["hr"]
    ehr["application"].save()
    decide_offer(ehr["application"], users["manager"])
    return {**ehr, "structure": structure, "users": users}


def prepare_offer(ehr, users):
    """The city policies, a contract template, the manager as hiring manager and the seed's salary structure for
    the sales position (基本工资 8,000 + 绩效奖金 2,000); returns the structure."""
    from payroll.models import SalaryComponent, SalaryStructure
    from tests.payroll.bulk import ensure_policies

    ensure_policies()
    make_contract_template()
    position = ehr["position"]
    position.hiring_manager = users["manager"]
    position.save()
    structure = SalaryStructure.objects.create(name="销售经理", position=position, valid_from=dt.date(2025, 1, 1))
    SalaryComponent.objects.create(structure=structure, kind="base", code="base", name="基本工资", minimum=Decimal("7000"),
                                   midpoint=Decimal("8000"), maximum=Decimal("9000"), order=1)
    SalaryComponent.objects.create(structure=structure, kind="performance", code="bonus", name="绩效奖金", minimum=Decimal("1500"),
                                   midpoint=Decimal("2000"), maximum=Decimal("3000"), target_percent=Decimal("25"), order=2)
    return structure


def draft(setup, *, start=dt.date(2026, 12, 1), city="beijing", probation=2, probation_pay="8000", term=36, **extra):
    from payroll.offers.services import draft_offer
    from payroll.structures.services import components_from_structure

    return draft_offer(
        application=setup["application"], by=setup["users"]["hr"], structure=setup["structure"],
        components=extra.pop("components", components_from_structure(setup["structure"])), start_date=start,
        city=City.objects.get(code=city), contract_type=extra.pop("contract_type", "fixed"), term_months=term,
        probation_months=probation, probation_pay=Decimal(probation_pay) if probation_pay else None, **extra,
    )


def sent_offer(setup, **kwargs):
    from payroll.offers.services import approve_offer, send_offer

    offer = draft(setup, **kwargs)
    approve_offer(offer=offer, by=setup["users"]["hr"])
    return send_offer(offer=offer, by=setup["users"]["hr"])
