"""A payslip as PDF: the same template as the page, rendered by weasyprint with the CJK font the system has
(fonts-noto-cjk on Debian; the stylesheet names Noto Sans CJK SC and falls back to any installed CJK font)."""

from __future__ import annotations

from django.template.loader import render_to_string


def payslip_pdf(context: dict) -> bytes:
    from weasyprint import HTML  # heavy: loaded only when a PDF is asked for

    html = render_to_string("payroll/payslip_pdf.html", context)
    return HTML(string=html).write_pdf()
