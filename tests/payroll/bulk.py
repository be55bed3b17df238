"""Many employees with pay records, fast (bulk inserts through the models, encryption included): the queue and
fault tests and bench/payroll.py."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from payroll.models import City, PayRecord
from recruiting.models import Department, Employee


def ensure_policies() -> None:
    """The shipped city policies (data migration 0002): tests with ``transaction=True`` (workers, browsers)
    flush the database after each test, migration data included, so they load them again."""
    if City.objects.filter(code="beijing").exists():
        return
    import importlib

    from django.apps import apps

    importlib.import_module("payroll.migrations.0002_city_policies").load(apps, None)


def bulk_company(count: int, *, seed: int = 7, prefix: str = "B") -> list[Department]:
    ensure_policies()
    rng = random.Random(seed)
    departments = [Department.objects.get_or_create(code=f"{prefix}-D{i}", defaults={"name": f"部门{i}"})[0] for i in range(8)]
    cities = list(City.objects.filter(code__in=["beijing", "shanghai"]).order_by("code"))
    employees = Employee.objects.bulk_create([
        Employee(employee_no=f"{prefix}{i:06d}", name=f"员工{i}", department=departments[i % len(departments)],
                 hire_date=dt.date(2020 + i % 6, 1 + i % 12, 1 + i % 28))
        for i in range(count)
    ], batch_size=2000)
    records = []
    for employee in employees:
        record = PayRecord(employee=employee, valid_from=employee.hire_date, city=cities[employee.pk % 2],
                           bank_name="招商银行", bank_account=f"62258800{employee.pk:010d}")
        base = Decimal(rng.randrange(6000, 60000, 500))
        record.components = [
            {"code": "base", "name": "基本工资", "kind": "base", "amount": base},
            {"code": "bonus", "name": "绩效奖金", "kind": "performance", "amount": (base * Decimal("0.2")).quantize(Decimal("1"))},
            {"code": "meal", "name": "餐补", "kind": "allowance", "amount": Decimal("500"), "taxable": False},
        ]
        records.append(record)
    PayRecord.objects.bulk_create(records, batch_size=2000)
    return departments
