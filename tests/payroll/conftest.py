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
