"""Sending payslips: each employee of a closed run gets a notice with their own signed link (never the
figures in the message). Idempotent: one notice per line (dedupe key ``payslip:<line>``)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hrportal import audit
from payroll.models import PayrollLine, PayrollRun
from payroll.payslips.links import payslip_url
from payroll.runs.services import PayrollRunError
from recruiting.notices import notify_employee


def send_payslip(line: PayrollLine) -> bool:
    """Queue the notice of one line; True when a channel took it."""
    run = line.run
    sent = notify_employee(
        employee=line.employee,
        title=_("%(period)s 工资条已发布") % {"period": run.period_label},
        lines=[(_("期间"), run.period_label), (_("发薪日"), run.pay_date.isoformat()), (_("查看"), _("点击查看本人工资条"))],
        url=payslip_url(line), dedupe_key=f"payslip:{line.pk}",
    )
    if sent:
        PayrollLine.objects.filter(pk=line.pk, payslip_sent_at__isnull=True).update(payslip_sent_at=timezone.now())
    return sent


def check_can_send(run: PayrollRun) -> None:
    if run.status != PayrollRun.Status.CLOSED:
        raise PayrollRunError(_("关账后才能发送工资条。"))


@transaction.atomic
def record_send_requested(*, run: PayrollRun, by) -> None:
    check_can_send(run)
    audit.record(action="export", obj=run, actor=by, note=f"payroll.payslips_sent {run}")
