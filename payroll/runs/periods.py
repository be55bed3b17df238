"""Payroll periods: a month's first and last day, and its pay date."""

from __future__ import annotations

import calendar
import datetime as dt

from django.conf import settings


def period_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def default_pay_date(year: int, month: int) -> dt.date:
    """The PAYROLL_PAY_DAY (default 10) of the following month: "wages on the 10th of next month"."""
    day = int(getattr(settings, "PAYROLL_PAY_DAY", 10))
    year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))
