"""Writes of cost accounting: rates (employee or grade), room prices, travel claims entered or imported from
the expense system's CSV (re-importing the same file adds nothing: the claim number is unique)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from hrportal.decimals import half_up
from interviews.models import Interview
from payroll.models import InterviewerRate, RoomRate, TravelClaim

CSV_COLUMNS = ("claim_no", "interview_id", "kind", "amount", "note")
KIND_ALIASES = {str(label): value for value, label in TravelClaim.Kind.choices} | {v: v for v in TravelClaim.Kind.values}


@transaction.atomic
def set_interviewer_rate(*, hourly_rate: Decimal, valid_from, employee=None, grade=None, note: str = "", by=None) -> InterviewerRate:
    """A new rate from ``valid_from`` for one employee or one grade (exactly one); earlier rates stay."""
    if (employee is None) == (grade is None):
        raise ValidationError(gettext("请选择员工或职级（二选一）。"))
    if hourly_rate is None or hourly_rate < 0:
        raise ValidationError(gettext("时薪不能为负。"))
    return InterviewerRate.objects.create(employee=employee, grade=grade, hourly_rate=half_up(hourly_rate), valid_from=valid_from,
                                          note=note, created_by=by)


@transaction.atomic
def set_room_rate(*, room: str, hourly_price: Decimal, valid_from) -> RoomRate:
    rate, _created = RoomRate.objects.update_or_create(
        room=room.strip(), valid_from=valid_from, defaults={"hourly_price": half_up(hourly_price)},
    )
    return rate


@transaction.atomic
def add_travel_claim(*, interview: Interview, kind: str, amount: Decimal, external_ref: str = "", note: str = "", by=None) -> TravelClaim:
    if amount < 0:
        raise ValidationError(gettext("金额不能为负。"))
    return TravelClaim.objects.create(interview=interview, kind=kind, amount=half_up(amount), external_ref=external_ref.strip(),
                                      note=note[:200], created_by=by)


@dataclass
class ImportResult:
    created: int = 0
    skipped: int = 0  # already imported (same claim number)
    errors: list[str] = field(default_factory=list)


def import_travel_claims(*, data: bytes, by=None) -> ImportResult:
    """Import ``claim_no,interview_id,kind,amount,note`` rows (UTF-8 with or without BOM, or GB18030). Each good
    row is saved on its own; a bad row is reported by line number and skipped."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("gb18030", errors="replace")
    reader = csv.DictReader(io.StringIO(text))
    result = ImportResult()
    if not reader.fieldnames or not {"interview_id", "kind", "amount"} <= {f.strip() for f in reader.fieldnames}:
        result.errors.append(gettext("表头须包含：%(cols)s") % {"cols": ",".join(CSV_COLUMNS)})
        return result
    rows = [{(k or "").strip(): (v or "").strip() for k, v in row.items()} for row in reader]
    interviews = Interview.objects.in_bulk([int(r["interview_id"]) for r in rows if r.get("interview_id", "").isdigit()])
    known = set(TravelClaim.objects.filter(external_ref__in=[r.get("claim_no", "") for r in rows if r.get("claim_no")])
                .values_list("external_ref", flat=True))
    for line, row in enumerate(rows, start=2):
        ref = row.get("claim_no", "")
        if ref and ref in known:
            result.skipped += 1
            continue
        interview = interviews.get(int(row["interview_id"])) if row.get("interview_id", "").isdigit() else None
        kind = KIND_ALIASES.get(row.get("kind", ""))
        try:
            amount = Decimal(row.get("amount", "").replace(",", ""))
        except InvalidOperation:
            amount = None
        if interview is None or kind is None or amount is None or amount < 0:
            result.errors.append(gettext("第 %(line)s 行：面试编号、类型或金额无效。") % {"line": line})
            continue
        add_travel_claim(interview=interview, kind=kind, amount=amount, external_ref=ref, note=row.get("note", ""), by=by)
        known.add(ref)
        result.created += 1
    return result
