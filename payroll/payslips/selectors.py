"""What a payslip shows: one line's figures with readable labels."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from payroll.models import InsuranceLine, PayrollLine


def payslip_context(line: PayrollLine) -> dict:
    figures = line.figures
    line_labels = dict(InsuranceLine.choices)
    return {
        "line": line,
        "run": line.run,
        "employee": line.employee,
        "figures": figures,
        "components": figures["components"],
        "adjustments": figures["adjustments"],
        "contributions": [{**c, "label": line_labels.get(c["line"], c["line"])} for c in figures["contributions"]],
        "deductions_total": str(Decimal(figures["employee_contributions"]) + Decimal(figures["iit"]) + Decimal(figures["annual_bonus_tax"])),
        "title": _("%(period)s 工资条") % {"period": line.run.period_label},
    }
