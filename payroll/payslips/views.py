"""The page an employee opens from the payslip notice: no login, the signed token is the credential and it
shows that one payslip only (``?format=pdf`` gives the PDF). An invalid token is refused; an expired one
says so and whom to ask."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from hrportal import audit
from payroll.models import PayrollLine
from payroll.payslips import links
from payroll.payslips.pdf import payslip_pdf
from payroll.payslips.selectors import payslip_context


def payslip(request, token: str):
    check = links.check_token(token)
    line = None
    if not check.problem:
        line = PayrollLine.objects.select_related("run", "employee", "department").filter(
            pk=check.line_id, employee_id=check.employee_id).first()
    if line is None:
        problem = check.problem or "invalid"
        response = render(request, "payroll/payslip_problem.html", {"problem": problem}, status=410 if problem == "expired" else 404)
        response["Cache-Control"] = "no-store"
        return response
    if line.payslip_opened_at is None:
        PayrollLine.objects.filter(pk=line.pk, payslip_opened_at__isnull=True).update(payslip_opened_at=timezone.now())
    context = payslip_context(line)
    audit.record(action="view", obj=line.employee, request=request, note=f"payroll.payslip_opened {line.run}")
    if request.GET.get("format") == "pdf":
        response = HttpResponse(payslip_pdf(context), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="payslip-{line.run.year}-{line.run.month:02d}.pdf"'
    else:
        response = render(request, "payroll/payslip.html", {**context, "token": token})
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
