"""The contract document: its context from the offer and the company's template, the HTML (Chinese by
default, English on request) and the PDF (weasyprint, the CJK font the system has; see payroll/payslips/pdf.py).

The HTML is kept (encrypted) beside the PDF so the signed copy is the same pages plus a signature page: the
signed PDF is rendered from the stored HTML, never from the offer as it may be later."""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import hashlib

from django.template.loader import render_to_string
from django.utils import translation

from hrportal.display_names import display_name
from payroll.models import ContractTemplate

SIGNATURE_MARK = "<!-- signature-page -->"


def contract_template(language: str) -> ContractTemplate | None:
    return ContractTemplate.objects.filter(language=language).first() or ContractTemplate.objects.filter(language="zh-hans").first()


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day when it has no such day)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def end_date(offer) -> dt.date | None:
    if offer.contract_type != "fixed" or not offer.term_months:
        return None
    return add_months(offer.start_date, offer.term_months) - dt.timedelta(days=1)


def contract_context(offer, *, language: str) -> dict:
    application = offer.application
    candidate, position = application.candidate, application.position
    probation_end = (add_months(offer.start_date, offer.probation_months) - dt.timedelta(days=1)
                     if offer.probation_months else None)
    return {
        "language": language, "template": contract_template(language), "offer": offer,
        "candidate_name": candidate.name, "candidate_id_number": candidate.id_number, "candidate_city": candidate.city,
        "position": display_name(position, language), "department": display_name(position.department, language),
        "work_place": offer.work_place or display_name(offer.city, language), "city": offer.city,
        "start_date": offer.start_date, "end_date": end_date(offer), "contract_type": offer.get_contract_type_display(),
        "components": offer.components, "monthly_total": offer.monthly_total(),
        "probation_months": offer.probation_months, "probation_end": probation_end, "probation_pay": offer.probation_pay,
    }


def contract_html(context: dict) -> str:
    with translation.override(context["language"]):
        return render_to_string("payroll/contract_pdf.html", context)


def signed_html(html: str, signature: dict) -> str:
    """The stored contract HTML with the signature page inserted at its mark."""
    with translation.override(signature.get("language", "zh-hans")):
        page = render_to_string("payroll/contract_signature_page.html", signature)
    return html.replace(SIGNATURE_MARK, page, 1)


@functools.cache
def _font_config():
    """One font configuration per process: fontconfig's lookup of the CJK font is a quarter of a render."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def pdf_from_html(html: str) -> bytes:
    from weasyprint import HTML  # heavy: loaded only when a PDF is rendered

    return HTML(string=html).write_pdf(font_config=_font_config())


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
