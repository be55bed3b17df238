"""Writes of pay records: a pay change is a new effective-dated record, never an update."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from hrportal import audit
from payroll.models import City, PayRecord, SalaryStructure


def clean_components(rows) -> list[dict]:
    clean = []
    seen = set()
    for row in rows:
        code = str(row.get("code", "")).strip()
        if not code or code in seen:
            raise ValidationError(_("薪酬项目编码不能为空或重复。"))
        seen.add(code)
        try:
            amount = Decimal(str(row["amount"]))
        except (KeyError, InvalidOperation):
            raise ValidationError(_("薪酬项目“%(code)s”的金额无效。") % {"code": code}) from None
        if not amount.is_finite() or amount < 0:
            raise ValidationError(_("薪酬项目“%(code)s”的金额不能为负数。") % {"code": code})
        clean.append({"code": code, "name": row.get("name") or code, "kind": row.get("kind", "allowance"),
                      "amount": amount, "taxable": bool(row.get("taxable", True))})
    if not clean:
        raise ValidationError(_("至少需要一个薪酬项目。"))
    return clean


def components_from_structure(structure: SalaryStructure, *, point: str = "midpoint") -> list[dict]:
    """The structure's components at their midpoint (or minimum/maximum): an offer's or a pay record's
    starting figures."""
    return [
        {"code": c.code, "name": c.name, "kind": c.kind, "amount": getattr(c, point), "taxable": c.taxable}
        for c in structure.components.all()
    ]


@transaction.atomic
def create_pay_record(
    *, employee, valid_from: dt.date, city: City, components: list[dict], by, structure: SalaryStructure | None = None,
    contribution_base: Decimal | None = None, housing_fund_rate: Decimal | None = None,
    bonus_method: str = PayRecord.BonusMethod.SEPARATE, bank_name: str = "", bank_account: str = "", reason: str = "",
) -> PayRecord:
    """A new pay record in force from ``valid_from``; earlier records stay as they were (the history).
    Refused when the employee already has one starting that day."""
    record = PayRecord(
        employee=employee, valid_from=valid_from, city=city, structure=structure, contribution_base=contribution_base,
        housing_fund_rate=housing_fund_rate, bonus_method=bonus_method, bank_name=bank_name,
        bank_account=bank_account, reason=reason, created_by=by,
    )
    record.components = clean_components(components)
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        raise ValidationError(_("该员工在 %(date)s 已有一条薪资记录。") % {"date": valid_from.isoformat()}) from None
    audit.record(action="create", obj=employee, actor=by, note=f"payroll.pay_record_created valid_from={valid_from.isoformat()}")
    return record
