"""Sending a closed run's payslips on RQ, a chunk at a time; lines already sent are skipped, so the job can
run again after a crash and sends nothing twice (the outbox's dedupe key backs this up)."""

from __future__ import annotations

from hrportal import queues
from payroll.models import PayrollLine
from payroll.payslips.services import send_payslip

CHUNK = 500


def queue_payslips(run_id: int) -> None:
    queues.enqueue(send_payslips, run_id, job_id=f"payroll-payslips-{run_id}")


def send_payslips(run_id: int) -> dict:
    sent = unreachable = 0
    last = 0
    while True:
        lines = list(
            PayrollLine.objects.filter(run_id=run_id, payslip_sent_at__isnull=True, pk__gt=last)
            .select_related("run", "employee", "employee__user").order_by("pk")[:CHUNK]
        )
        if not lines:
            break
        for line in lines:
            if send_payslip(line):
                sent += 1
            else:
                unreachable += 1
        last = lines[-1].pk
    return {"run": run_id, "sent": sent, "unreachable": unreachable}
