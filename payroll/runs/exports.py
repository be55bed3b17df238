"""Exports of a run for finance: the bank-transfer CSV and the payroll register XLSX, both through
recruiting.exports (every text cell safe against formula injection), in the language of the request that
exports them (headers through gettext, department names through hrportal.display_names)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from hrportal.display_names import display_name, with_note
from payroll.models import InsuranceLine, PayRecord, PayrollRun
from payroll.runs import selectors
from payroll.runs.periods import period_bounds
from recruiting.exports import xlsx_bytes

LINES = [line for line, _label in InsuranceLine.choices]


def bank_rows(run: PayrollRun):
    """(employee no, name, bank, account, net) per line, from the pay record in force (accounts decrypted)."""
    lines = list(selectors.register_lines(run))
    records = {}
    _first, last = period_bounds(run.year, run.month)
    for record in PayRecord.objects.filter(employee_id__in=[line.employee_id for line in lines], valid_from__lte=last).order_by("employee_id", "valid_from"):
        records[record.employee_id] = record
    for line in lines:
        record = records.get(line.employee_id)
        yield [line.employee.employee_no, line.employee.name, record.bank_name if record else "",
               record.bank_account if record else "", Decimal(line.figures["net"])]


def bank_headers() -> list[str]:
    return [_("工号"), _("姓名"), _("开户行"), _("银行账号"), _("实发金额（元）")]


def register_headers() -> list[str]:
    labels = dict(InsuranceLine.choices)
    headers = [_("工号"), _("姓名"), _("部门"), _("计薪天数"), _("应发工资"), _("其中免税")]
    for line in LINES:
        headers += [with_note(labels[line], _("个人")), with_note(labels[line], _("单位"))]
    headers += [_("个人社保公积金合计"), _("累计应纳税所得额"), _("本月个税"), _("年终奖"), _("年终奖个税"), _("税后调整"),
                _("实发工资"), _("单位社保公积金合计"), _("用人成本")]
    return headers


def register_rows(run: PayrollRun):
    for line in selectors.register_lines(run).iterator(chunk_size=1000):
        f = line.figures
        by_line = {c["line"]: c for c in f["contributions"]}
        row = [line.employee.employee_no, line.employee.name, display_name(line.department), f["days_paid"],
               Decimal(f["gross"]), Decimal(f["tax_free"])]
        for name in LINES:
            c = by_line.get(name)
            row += [Decimal(c["employee"]) if c else None, Decimal(c["employer"]) if c else None]
        row += [Decimal(f[k]) for k in ("employee_contributions", "cumulative_taxable", "iit", "annual_bonus",
                                         "annual_bonus_tax", "after_tax", "net", "employer_contributions", "employer_cost")]
        yield row


def register_xlsx(run: PayrollRun) -> bytes:
    return xlsx_bytes(headers=register_headers(), rows=register_rows(run), sheet_title=f"{run.year}-{run.month:02d}")
