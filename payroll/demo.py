"""The demo payroll on top of the demo company (``manage.py seed_demo_payroll``, run by ``make run`` after
``seed_demo_interviews``): salary structures, a pay record for every demo employee, tax-year declarations,
adjustments and the payroll runs of the demo year, so the finance account sees a working payroll at once.

Everything goes through the real services (payroll.structures / declarations / runs / payslips), month by
month in the order a finance team works: the month's events (a hire, a raise, a back-dated declaration, a
leaver, overtime) are recorded, then the run is created, calculated, approved and closed; the latest closed
month's payslips are sent (``PAYSLIP_MONTHS``). The calculation runs in-process here even when Redis is configured (the demo must be complete
when the command returns; a queued job for the same calculation finds the run already done and stops).

Deterministic: one ``random.Random(PAYROLL_SEED)`` stream over the demo employees in 工号 order, fixed
dates in the demo's reference year (``recruiting.demo.REFERENCE_DATE``: 2026) — never "now". January to
October are closed, November is calculated and awaits the finance user's approval.
Idempotent: once the demo structures exist, seeding again changes nothing.

``remove_demo_payroll`` undoes it (``seed_demo_payroll --remove``, run by ``make reset-demo`` before
``seed_demo --reset``): pay records and payroll lines protect their employees, so they go first.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import prefetch_related_objects

from payroll.declarations.services import declare_additional_deduction, set_tax_year_flags
from payroll.models import (
    AdditionalDeduction,
    City,
    PayRecord,
    PayrollAdjustment,
    PayrollLine,
    PayrollRun,
    SalaryComponent,
    SalaryStructure,
    TaxYearProfile,
)
from payroll.payslips.jobs import send_payslips
from payroll.runs import jobs as run_jobs
from payroll.runs.services import add_adjustment, approve_run, close_run, create_run, start_calculation
from payroll.structures.services import create_pay_record
from recruiting.demo import REFERENCE_DATE, SEED
from recruiting.demo.company import DEPARTMENTS, POSITIONS
from recruiting.demo.seed import DEMO_USER_EMAIL_DOMAIN
from recruiting.models import Department, Employee, Position

PAYROLL_SEED = SEED + 15  # its own stream: the demo company's stream stays as it was
YEAR = REFERENCE_DATE.year
CALCULATED_MONTH = REFERENCE_DATE.month  # left "calculated", awaiting approval
CLOSED_MONTHS = tuple(range(1, CALCULATED_MONTH))
STRUCTURES_FROM = dt.date(YEAR - 1, 1, 1)
PAY_RECORDS_FROM = dt.date(YEAR, 1, 1)
RAISE_MONTH = 7  # the annual pay review takes effect on 1 July
LEAVE_DATE = dt.date(YEAR, 9, 15)
BONUS_MONTH = 1
BACKDATED_DECLARATION_MONTH = 6  # declared in June for January onwards
# Payslips go out for the latest closed month only: every notice is an outbox row delivered to the sandbox
# phone in-process (about 30 ms each on SQLite), and ten months of them would take minutes. The earlier
# closed months' payslips can be sent from their run pages.
PAYSLIP_MONTHS = (CALCULATED_MONTH - 1,)

# Beijing: the R&D-side departments; Shanghai (headquarters): the rest.
BEIJING_DEPARTMENTS = frozenset({"RD", "DATA", "PRODUCT"})
# Share of the fixed monthly pay that is 基本工资 (the rest is 岗位工资); 绩效奖金 target % per department.
BASE_SHARE = Decimal("0.60")
PERFORMANCE_TARGET = {"SALES": Decimal("20"), "RETAIL": Decimal("15"), "RD": Decimal("15"), "PRODUCT": Decimal("15")}
DEFAULT_PERFORMANCE_TARGET = Decimal("10")
MEAL_ALLOWANCE = Decimal("500")  # tax-free 餐补
TRANSPORT_ALLOWANCE = {"SALES": Decimal("800"), "RETAIL": Decimal("500")}
DEFAULT_TRANSPORT_ALLOWANCE = Decimal("300")
HEAD_GRADE = ("M3", "部门负责人（M3）", "Head of department (M3)", Decimal("20000"), Decimal("75000"))
BANKS = ("招商银行", "中国工商银行", "中国建设银行", "中国银行", "交通银行")


@dataclass(frozen=True)
class NewHire:
    employee_no: str
    name: str
    department: str
    position: str
    hire_date: dt.date
    fixed: Decimal
    wecom_userid: str
    fresh_graduate: bool = False


# Joined during the demo year, mid-month (pro-rated by calendar days in their first month).
NEW_HIRES: tuple[NewHire, ...] = (
    NewHire("XH26001", "陈思远", "RD", "RD-01", dt.date(YEAR, 3, 16), Decimal("24550"), "chensiyuan.new"),
    NewHire("XH26002", "林晓雯", "SALES", "KAM-01", dt.date(YEAR, 5, 18), Decimal("17650"), "linxiaowen.new"),
    NewHire("XH26003", "周子涵", "DATA", "DA-01", dt.date(YEAR, 7, 13), Decimal("14250"), "zhouzihan.new",
            fresh_graduate=True),
    NewHire("XH26004", "黄俊杰", "PROD", "PS-01", dt.date(YEAR, 9, 21), Decimal("12850"), "huangjunjie.new"),
    NewHire("XH26005", "吴雨桐", "PRODUCT", "PM-01", dt.date(YEAR, CALCULATED_MONTH, 9), Decimal("19350"),
            "wuyutong.new"),
)
GRADUATE_EVIDENCE = f"{YEAR}届应届毕业生：毕业证书及本人声明（{YEAR}年首次取得工资薪金）"


@dataclass
class DemoPayrollResult:
    created: bool = False
    already_present: bool = False
    missing: list[str] = field(default_factory=list)  # what must be seeded first
    conflict: str = ""  # why the demo payroll cannot be added to this database
    counts: dict[str, int] = field(default_factory=dict)


def _finance_user():
    return get_user_model().objects.filter(username="finance", email__endswith="@" + DEMO_USER_EMAIL_DOMAIN).first()


def _demo_employees():
    return Employee.objects.filter(employee_no__startswith="XH", department__code__in=[d.code for d in DEPARTMENTS])


def _structure_names() -> list[str]:
    return [_position_structure_name(p) for p in POSITIONS] + [HEAD_GRADE[1]]


def _position_structure_name(spec) -> str:
    return f"{spec.title_zh}（{spec.code}）"


def demo_payroll_present() -> bool:
    return SalaryStructure.objects.filter(name__in=_structure_names()).exists()


def _thousand(amount: Decimal) -> Decimal:
    """Company-policy figures are round thousands (never a multiple of 50 that could be someone's salary)."""
    return (amount / 1000).quantize(Decimal("1"), ROUND_HALF_UP) * 1000


def _ten(amount: Decimal) -> Decimal:
    return (amount / 10).quantize(Decimal("1"), ROUND_HALF_UP) * 10


# --- salary structures ---------------------------------------------------------------------------------------

def _structure(*, name: str, name_en: str, department: str, low: Decimal, high: Decimal, position=None, grade="") -> SalaryStructure:
    structure = SalaryStructure(name=name, name_en=name_en, position=position, grade=grade, valid_from=STRUCTURES_FROM)
    structure.full_clean()
    structure.save()
    mid = (low + high) / 2
    target = PERFORMANCE_TARGET.get(department, DEFAULT_PERFORMANCE_TARGET)
    transport = TRANSPORT_ALLOWANCE.get(department, DEFAULT_TRANSPORT_ALLOWANCE)
    rows = [
        (SalaryComponent.Kind.BASE, "base", "基本工资", "Base salary", low * BASE_SHARE, mid * BASE_SHARE, high * BASE_SHARE, None, True),
        (SalaryComponent.Kind.POST, "post", "岗位工资", "Position pay", low * (1 - BASE_SHARE), mid * (1 - BASE_SHARE),
         high * (1 - BASE_SHARE), None, True),
        (SalaryComponent.Kind.PERFORMANCE, "bonus", "绩效奖金", "Performance bonus", Decimal("0"), mid * target / 100,
         high * target / 100 * 2, target, True),
        (SalaryComponent.Kind.ALLOWANCE, "meal", "餐补", "Meal allowance", MEAL_ALLOWANCE, MEAL_ALLOWANCE, MEAL_ALLOWANCE, None, False),
        (SalaryComponent.Kind.ALLOWANCE, "transport", "交通补", "Transport allowance", transport, transport, transport, None, True),
    ]
    for order, (kind, code, zh, en, minimum, midpoint, maximum, percent, taxable) in enumerate(rows):
        round_to = _thousand if kind != SalaryComponent.Kind.ALLOWANCE else (lambda x: x)
        component = SalaryComponent(
            structure=structure, kind=kind, code=code, name=zh, name_en=en, minimum=round_to(minimum),
            midpoint=round_to(midpoint), maximum=round_to(maximum), target_percent=percent, taxable=taxable, order=order,
        )
        component.full_clean()
        component.save()
    return structure


def _structures() -> tuple[dict[str, SalaryStructure], SalaryStructure]:
    positions = {p.code: p for p in Position.objects.filter(code__in=[s.code for s in POSITIONS])}
    by_position = {}
    for spec in POSITIONS:
        by_position[spec.code] = _structure(
            name=_position_structure_name(spec), name_en=spec.title_en, department=spec.department,
            low=spec.salary_min, high=spec.salary_max, position=positions.get(spec.code),
        )
    grade, zh, en, low, high = HEAD_GRADE
    head = _structure(name=zh, name_en=en, department="", low=low, high=high, grade=grade)
    return by_position, head


# --- pay records ---------------------------------------------------------------------------------------------

def _components(structure: SalaryStructure, fixed: Decimal) -> list[dict]:
    """The employee's monthly components: the fixed pay split into 基本工资 / 岗位工资, the performance bonus
    at its target % of the fixed pay, the structure's allowances."""
    base = _ten(fixed * BASE_SHARE)
    rows = []
    for c in structure.components.all():
        if c.code == "base":
            amount = base
        elif c.code == "post":
            amount = fixed - base
        elif c.kind == SalaryComponent.Kind.PERFORMANCE:
            amount = _ten(fixed * c.target_percent / 100)
        else:
            amount = c.midpoint
        rows.append({"code": c.code, "name": c.name, "kind": c.kind, "amount": amount, "taxable": c.taxable})
    return rows


def _bank_account(rng: random.Random) -> tuple[str, str]:
    return rng.choice(BANKS), "6222" + "".join(str(rng.randrange(10)) for _ in range(15))


def _pay_record(employee, *, structure, fixed, valid_from, cities, rng, by, reason, bank=None) -> PayRecord:
    bank_name, bank_account = bank or _bank_account(rng)
    city = cities["beijing"] if employee.department.code in BEIJING_DEPARTMENTS else cities["shanghai"]
    return create_pay_record(
        employee=employee, valid_from=valid_from, city=city, components=_components(structure, fixed), by=by,
        structure=structure, bank_name=bank_name, bank_account=bank_account, reason=reason,
    )


def _structure_for(employee, by_position, head) -> SalaryStructure:
    if employee.position_id is None or employee.manager_id is None:
        return head
    return by_position.get(employee.position.code, head)


# --- the year, month by month ----------------------------------------------------------------------------------

@dataclass
class _YearPlan:
    """What happens in which month (lists of callables run before that month's run is created)."""

    events: dict[int, list] = field(default_factory=dict)

    def at(self, month: int, func) -> None:
        self.events.setdefault(month, []).append(func)


def _free_userid(base: str) -> str:
    userid, n = base, 1
    while Employee.objects.filter(wecom_userid=userid).exists():
        n += 1
        userid = f"{base}{n}"
    return userid


def _hire(spec: NewHire, *, departments, positions, structures, cities, rng, by, counts):
    def run():
        department = departments[spec.department]
        employee = Employee(
            employee_no=spec.employee_no, name=spec.name, department=department, position=positions.get(spec.position),
            manager=Employee.objects.filter(department=department, manager__isnull=True, employee_no__startswith="XH")
            .order_by("employee_no").first(),
            hire_date=spec.hire_date, base_salary=spec.fixed, wecom_userid=_free_userid(spec.wecom_userid),
        )
        employee.save()
        _pay_record(employee, structure=structures[spec.position], fixed=spec.fixed, valid_from=spec.hire_date,
                    cities=cities, rng=rng, by=by, reason="新员工入职定薪")
        counts["new_hires"] += 1
        counts["pay_records"] += 1
        if spec.fresh_graduate:
            set_tax_year_flags(employee=employee, year=YEAR, by=by, first_wage_income_in_year=True,
                               first_wage_income_evidence=GRADUATE_EVIDENCE)
            counts["first_wage_income_flags"] += 1
    return run


def _leave(employee, counts):
    def run():
        employee.leave_date = LEAVE_DATE
        employee.save(update_fields=["leave_date", "updated_at"])
        counts["leavers"] += 1
    return run


def _raise(employee, record: PayRecord, *, structure, fixed, cities, rng, by, counts):
    def run():
        _pay_record(employee, structure=structure, fixed=fixed, valid_from=dt.date(YEAR, RAISE_MONTH, 1), cities=cities,
                    rng=rng, by=by, reason=f"{YEAR}年度调薪", bank=(record.bank_name, record.bank_account))
        counts["raises"] += 1
        counts["pay_records"] += 1
    return run


def _declare(employee, *, item, amount, from_month, units=1, declared_on, note, by, counts):
    def run():
        declare_additional_deduction(employee=employee, year=YEAR, item=item, monthly_amount=amount, from_month=from_month,
                                     units=units, by=by, declared_on=declared_on, note=note)
        counts["additional_deductions"] += 1
    return run


def _adjust(employee, *, month, kind, amount, reason, by, counts, corrects_month=None):
    def run():
        corrects = PayrollRun.objects.get(year=YEAR, month=corrects_month) if corrects_month else None
        add_adjustment(employee=employee, year=YEAR, month=month, kind=kind, amount=amount, reason=reason, by=by,
                       corrects=corrects)
        counts["adjustments"] += 1
    return run


def _plan_year(employees, records, fixed_pay, *, structures_for, departments, positions, by_position, cities, rng, by,
               counts) -> _YearPlan:
    plan = _YearPlan()
    staff = [e for e in employees if e.manager_id is not None and e.user_id is None]
    for spec in NEW_HIRES:
        plan.at(spec.hire_date.month, _hire(spec, departments=departments, positions=positions, structures=by_position,
                                            cities=cities, rng=rng, by=by, counts=counts))

    # the annual pay review: about one in twenty gets a raise of 5–12 % from 1 July
    for employee in sorted(rng.sample(staff, max(3, len(staff) // 20)), key=lambda e: e.employee_no):
        percent = Decimal(rng.randint(5, 12))
        fixed = (fixed_pay[employee.pk] * (100 + percent) / 100 / 50).quantize(Decimal("1"), ROUND_HALF_UP) * 50
        plan.at(RAISE_MONTH, _raise(employee, records[employee.pk], structure=structures_for(employee), fixed=fixed,
                                    cities=cities, rng=rng, by=by, counts=counts))

    # one leaver: a retail staff member without reports leaves mid-September
    retail = [e for e in staff if e.department.code == "RETAIL" and not e.reports.exists()] or staff
    leaver = rng.choice(retail)
    plan.at(LEAVE_DATE.month, _leave(leaver, counts))

    # special additional deductions declared in January (the yearly confirmation), about one in six
    january = dt.date(YEAR, 1, 6)
    declaring = sorted(rng.sample(employees, max(4, len(employees) // 6)), key=lambda e: e.employee_no)
    for index, employee in enumerate(declaring):
        kind = index % 3
        if kind == 0:
            children = rng.choice((1, 1, 2))
            plan.at(1, _declare(employee, item=AdditionalDeduction.Item.CHILDREN_EDUCATION, amount=Decimal("2000"),
                                from_month=1, units=children, declared_on=january, note=f"子女 {children} 人", by=by,
                                counts=counts))
        elif kind == 1:
            only_child = rng.random() < 0.5
            plan.at(1, _declare(employee, item=AdditionalDeduction.Item.ELDERLY_SUPPORT,
                                amount=Decimal("3000") if only_child else Decimal("1500"), from_month=1,
                                declared_on=january, note="独生子女" if only_child else "非独生子女，兄弟姐妹均摊",
                                by=by, counts=counts))
        else:
            plan.at(1, _declare(employee, item=AdditionalDeduction.Item.HOUSING_RENT, amount=Decimal("1500"),
                                from_month=1, declared_on=january, note="直辖市租房", by=by, counts=counts))
    # one back-dated declaration: a baby born in January, declared in June — June counts six months at once
    undeclared = [e for e in staff if e not in declaring and e != leaver]
    parent = rng.choice(undeclared)
    plan.at(BACKDATED_DECLARATION_MONTH, _declare(
        parent, item=AdditionalDeduction.Item.INFANT_CARE, amount=Decimal("2000"), from_month=1,
        declared_on=dt.date(YEAR, BACKDATED_DECLARATION_MONTH, 3), note="1月出生，6月补报（追溯至1月）", by=by, counts=counts,
    ))

    # adjustments: the annual bonus in January, overtime in production, an unpaid-leave deduction, a correction
    heads = [e for e in employees if e.manager_id is None and e.department.code == "SALES"] or employees
    plan.at(BONUS_MONTH, _adjust(heads[0], month=BONUS_MONTH, kind=PayrollAdjustment.Kind.ANNUAL_BONUS,
                                 amount=Decimal("60000"), reason=f"{YEAR - 1}年度年终奖", by=by, counts=counts))
    production = [e for e in staff if e.department.code == "PROD" and e != leaver] or staff
    for month in (3, 6, 9, CALCULATED_MONTH):
        for employee in sorted(rng.sample(production, min(3, len(production))), key=lambda e: e.employee_no):
            hours = rng.randint(6, 24)
            amount = _ten(fixed_pay[employee.pk] / Decimal("21.75") / 8 * Decimal("1.5") * hours)
            plan.at(month, _adjust(employee, month=month, kind=PayrollAdjustment.Kind.TAXABLE, amount=amount,
                                   reason=f"{month}月工作日加班 {hours} 小时（1.5倍）", by=by, counts=counts))
    absent = rng.choice([e for e in staff if e != leaver])
    plan.at(4, _adjust(absent, month=4, kind=PayrollAdjustment.Kind.TAXABLE,
                       amount=-_ten(fixed_pay[absent.pk] / Decimal("21.75") * 2), reason="4月事假 2 天扣款",
                       by=by, counts=counts))
    missed = rng.choice(production)
    plan.at(8, _adjust(missed, month=8, kind=PayrollAdjustment.Kind.TAXABLE, amount=Decimal("680.00"),
                       reason="补发7月漏计的加班费（7月已关账，计入8月）", by=by, counts=counts, corrects_month=7))
    return plan


def _run_month(month: int, *, by, close: bool, counts) -> PayrollRun:
    run = create_run(year=YEAR, month=month, by=by)
    run = start_calculation(run=run, by=by)
    if run.status == PayrollRun.Status.CALCULATING:  # Redis configured: calculate here, the queued job then stops
        run_jobs.calculate_run(run.pk, run.calculation)
        run.refresh_from_db()
    if run.status != PayrollRun.Status.CALCULATED:
        raise RuntimeError(f"demo payroll {run}: calculation ended {run.status}: {run.error}")
    counts["lines"] += run.lines.count()
    if not close:
        return run
    approve_run(run=run, by=by)
    run = close_run(run=run, by=by)
    counts["closed_runs"] += 1
    if month in PAYSLIP_MONTHS:
        counts["payslips_sent"] += send_payslips(run.pk)["sent"]
    return run


@transaction.atomic
def seed_demo_payroll() -> DemoPayrollResult:
    """Load the demo payroll (see the module docstring). Guarantees: all or nothing; a second call changes
    nothing; a missing demo company or finance account, or payroll runs of the demo year that the demo did
    not make, are reported, not worked around."""
    result = DemoPayrollResult()
    if demo_payroll_present():
        result.already_present = True
        return result
    employees = list(_demo_employees().select_related("department", "position").order_by("employee_no"))
    by = _finance_user()
    if not employees:
        result.missing.append("seed_demo")
    if by is None:
        result.missing.append("finance")
    if result.missing:
        return result
    if PayrollRun.objects.filter(year=YEAR).exists():
        result.conflict = f"payroll runs for {YEAR} already exist"
        return result
    if PayRecord.objects.filter(employee__in=employees).exists():
        result.conflict = "demo employees already have pay records"
        return result

    rng = random.Random(PAYROLL_SEED)
    counts = dict.fromkeys(("structures", "pay_records", "raises", "new_hires", "leavers", "first_wage_income_flags",
                            "additional_deductions", "adjustments", "closed_runs", "calculated_runs", "lines",
                            "payslips_sent"), 0)
    cities = {c.code: c for c in City.objects.filter(code__in=("beijing", "shanghai"))}
    departments = {d.code: d for d in Department.objects.filter(code__in=[d.code for d in DEPARTMENTS])}
    positions = {p.code: p for p in Position.objects.filter(code__in=[s.code for s in POSITIONS])}
    by_position, head = _structures()
    # read each structure's components once, not once for each of ~320 pay records (_components)
    prefetch_related_objects([*by_position.values(), head], "components")
    counts["structures"] = len(by_position) + 1

    def structures_for(employee):
        return _structure_for(employee, by_position, head)

    records, fixed_pay = {}, {}
    for employee in employees:
        fixed_pay[employee.pk] = employee.base_salary or structures_for(employee).midpoint_total()
        hired = max(employee.hire_date, PAY_RECORDS_FROM)
        records[employee.pk] = _pay_record(employee, structure=structures_for(employee), fixed=fixed_pay[employee.pk],
                                           valid_from=hired, cities=cities, rng=rng, by=by, reason="年初薪资")
        counts["pay_records"] += 1

    plan = _plan_year(employees, records, fixed_pay, structures_for=structures_for, departments=departments,
                      positions=positions, by_position=by_position, cities=cities, rng=rng, by=by, counts=counts)
    for month in (*CLOSED_MONTHS, CALCULATED_MONTH):
        for event in plan.events.get(month, []):
            event()
        _run_month(month, by=by, close=month != CALCULATED_MONTH, counts=counts)
    counts["calculated_runs"] = 1
    result.created = True
    result.counts = counts
    return result


@transaction.atomic
def remove_demo_payroll() -> dict[str, int]:
    """Delete the demo payroll: the runs of the demo year with their lines, the demo employees' tax years,
    declarations, adjustments and pay records, the demo structures, the demo year's new hires; the leaver's
    leave date is cleared again. Payroll data of other employees is left alone (a run of the demo year that
    holds one is kept, and so are the demo employees' lines in it)."""
    employees = _demo_employees()
    counts = {}
    TaxYearProfile.objects.filter(employee__in=employees).update(last_closed_line=None)
    counts["tax_years"] = TaxYearProfile.objects.filter(employee__in=employees).delete()[1].get(TaxYearProfile._meta.label, 0)
    counts["adjustments"] = PayrollAdjustment.objects.filter(employee__in=employees).delete()[1].get(
        PayrollAdjustment._meta.label, 0)
    counts["additional_deductions"] = AdditionalDeduction.objects.filter(employee__in=employees).delete()[1].get(
        AdditionalDeduction._meta.label, 0)
    demo_runs = PayrollRun.objects.filter(year=YEAR).exclude(lines__in=PayrollLine.objects.exclude(employee__in=employees))
    demo_runs = demo_runs.exclude(corrections__isnull=False)
    counts["lines"] = PayrollLine.objects.filter(employee__in=employees, run__in=demo_runs).delete()[1].get(
        PayrollLine._meta.label, 0)
    counts["runs"] = PayrollRun.objects.filter(pk__in=list(demo_runs.values_list("pk", flat=True))).delete()[1].get(
        PayrollRun._meta.label, 0)
    counts["pay_records"] = PayRecord.objects.filter(employee__in=employees).delete()[1].get(PayRecord._meta.label, 0)
    counts["structures"] = SalaryStructure.objects.filter(name__in=_structure_names()).delete()[1].get(
        SalaryStructure._meta.label, 0)
    hires = Employee.objects.filter(employee_no__in=[h.employee_no for h in NEW_HIRES]).exclude(payroll_lines__isnull=False)
    counts["new_hires"] = hires.delete()[1].get(Employee._meta.label, 0)
    counts["leavers"] = employees.filter(leave_date=LEAVE_DATE).update(leave_date=None)
    return counts
