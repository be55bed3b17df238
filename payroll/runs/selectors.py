"""Reads for payroll runs: who is in a run, the inputs of a chunk of employees (a fixed number of queries
whatever the chunk's size), and the register with its totals."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from hrportal.display_names import display_name
from payroll.models import (
    AdditionalDeduction,
    PayRecord,
    PayrollAdjustment,
    PayrollLine,
    PayrollRun,
    TaxYearProfile,
)
from payroll.runs.periods import period_bounds
from recruiting.models import Department, Employee

ZERO = Decimal("0.00")


def employees_in_scope(run: PayrollRun):
    """Employees employed on at least one day of the period, in the run's departments (all when none)."""
    first, last = period_bounds(run.year, run.month)
    employees = Employee.objects.filter(hire_date__lte=last).filter(Q(leave_date__isnull=True) | Q(leave_date__gte=first))
    department_ids = list(run.departments.values_list("pk", flat=True))
    if department_ids:
        employees = employees.filter(department_id__in=department_ids)
    return employees


@dataclass
class ChunkInputs:
    pay_records: dict[int, PayRecord]
    profiles: dict[int, TaxYearProfile]
    deductions: dict[int, list[AdditionalDeduction]] = field(default_factory=dict)
    adjustments: dict[int, list[PayrollAdjustment]] = field(default_factory=dict)


def chunk_inputs(run: PayrollRun, employee_ids: list[int]) -> ChunkInputs:
    """Pay records in force at the end of the period, tax-year profiles (with the last closed line), declared
    deductions and the month's adjustments of these employees: four queries."""
    _first, last = period_bounds(run.year, run.month)
    records: dict[int, PayRecord] = {}
    for record in PayRecord.objects.filter(employee_id__in=employee_ids, valid_from__lte=last).order_by("employee_id", "valid_from"):
        records[record.employee_id] = record  # the latest one wins
    profiles = {
        p.employee_id: p
        for p in TaxYearProfile.objects.filter(employee_id__in=employee_ids, year=run.year).select_related("last_closed_line")
    }
    deductions: dict[int, list[AdditionalDeduction]] = defaultdict(list)
    for row in AdditionalDeduction.objects.filter(employee_id__in=employee_ids, year=run.year, from_month__lte=run.month):
        deductions[row.employee_id].append(row)
    adjustments: dict[int, list[PayrollAdjustment]] = defaultdict(list)
    for row in PayrollAdjustment.objects.filter(employee_id__in=employee_ids, year=run.year, month=run.month).order_by("pk"):
        adjustments[row.employee_id].append(row)
    return ChunkInputs(records, profiles, deductions, adjustments)


# --- the register -------------------------------------------------------------------------------------------

TOTAL_KEYS = ("gross", "employee_contributions", "iit", "annual_bonus", "annual_bonus_tax", "after_tax", "net",
              "employer_contributions", "employer_cost")


def summarise(lines) -> dict:
    """Totals of the run, by department and by cost line (every contribution line, both sides)."""
    totals = dict.fromkeys(TOTAL_KEYS, ZERO)
    by_department: dict[str, dict] = {}
    by_line: dict[str, dict[str, Decimal]] = defaultdict(lambda: {"employer": ZERO, "employee": ZERO})
    count = 0
    for line in lines:
        figures = line.figures
        count += 1
        department = by_department.setdefault(
            str(line.department_id), {"name": line.department.name, "count": 0, **dict.fromkeys(TOTAL_KEYS, ZERO)},
        )
        department["count"] += 1
        for key in TOTAL_KEYS:
            amount = Decimal(figures[key])
            totals[key] += amount
            department[key] += amount
        for c in figures["contributions"]:
            by_line[c["line"]]["employer"] += Decimal(c["employer"])
            by_line[c["line"]]["employee"] += Decimal(c["employee"])

    def text(values: dict) -> dict:
        return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in values.items()}

    return {
        "count": count,
        "totals": text(totals),
        "by_department": {k: text(v) for k, v in sorted(by_department.items(), key=lambda kv: kv[1]["name"])},
        "by_line": {k: text(v) for k, v in by_line.items()},
    }


def department_totals(summary: dict) -> list[dict]:
    """The run summary's per-department totals with each department named in the active language (the
    summary keeps the name it was computed with, for the record). One query."""
    rows = summary.get("by_department", {})
    departments = Department.objects.in_bulk([int(key) for key in rows if str(key).isdigit()])
    return [
        {**values, "name": display_name(departments[int(key)]) if str(key).isdigit() and int(key) in departments
         else values.get("name", "")}
        for key, values in rows.items()
    ]


def register_lines(run: PayrollRun):
    return PayrollLine.objects.filter(run=run).select_related("employee", "department").order_by("department__name", "employee__employee_no")


def summary_lines(run: PayrollRun):
    """The lines in register order with only what ``summarise`` reads: no employee row, whose encrypted
    contact and salary fields would otherwise be decrypted for every line of every calculation."""
    return (PayrollLine.objects.filter(run=run).select_related("department")
            .only("department__name", "figures_data").order_by("department__name", "employee__employee_no"))


def month_over_month(limit: int = 12) -> list[dict]:
    """The last ``limit`` calculated runs' totals, oldest first, for the chart."""
    runs = PayrollRun.objects.exclude(summary_data="").order_by("-year", "-month")[:limit]
    out = []
    for run in reversed(list(runs)):
        totals = run.summary.get("totals", {})
        out.append({"period": f"{run.year}-{run.month:02d}", "gross": totals.get("gross", "0"),
                    "net": totals.get("net", "0"), "employer_cost": totals.get("employer_cost", "0"),
                    "count": run.summary.get("count", 0)})
    return out
