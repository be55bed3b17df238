"""Demo interview costs (``manage.py seed_demo_payroll`` runs it after the demo payroll): the demo rooms' hourly
prices, an explicit rate for the demo hiring manager (the others are costed from their demo pay ÷ 174) and the
travel of two demo feedback interviews (机票 800 + 住宿 300). Idempotent: once the demo room prices exist nothing
changes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from interviews.models import Interview, InterviewStatus
from payroll.costs import services
from payroll.models import RoomRate, TravelClaim
from recruiting.demo.seed import DEMO_USER_EMAIL_DOMAIN
from recruiting.models import Employee

DEMO_ROOMS = (("会议室 A-301", Decimal("200")), ("会议室 B-202", Decimal("150")))
VALID_FROM = dt.date(2020, 1, 1)


@transaction.atomic
def seed_demo_costs() -> dict[str, int]:
    counts = {"room_rates": 0, "interviewer_rates": 0, "travel_claims": 0}
    if RoomRate.objects.filter(room=DEMO_ROOMS[0][0]).exists():
        return counts
    for room, price in DEMO_ROOMS:
        services.set_room_rate(room=room, hourly_price=price, valid_from=VALID_FROM)
        counts["room_rates"] += 1
    manager = get_user_model().objects.filter(username="manager", email__endswith="@" + DEMO_USER_EMAIL_DOMAIN).first()
    employee = Employee.objects.filter(user=manager).first() if manager else None
    if employee is not None:
        services.set_interviewer_rate(hourly_rate=Decimal("500"), valid_from=VALID_FROM, employee=employee, note="演示：高管时薪")
        counts["interviewer_rates"] += 1
    done = Interview.objects.filter(status=InterviewStatus.DONE, room=DEMO_ROOMS[0][0]).order_by("starts_at", "id")[:2]
    for interview in done:
        for kind, amount in ((TravelClaim.Kind.AIRFARE, Decimal("800")), (TravelClaim.Kind.LODGING, Decimal("300"))):
            services.add_travel_claim(interview=interview, kind=kind, amount=amount, external_ref=f"DEMO-{interview.pk}-{kind}")
            counts["travel_claims"] += 1
    return counts


@transaction.atomic
def remove_demo_costs() -> int:
    deleted = RoomRate.objects.filter(room__in=[r for r, _p in DEMO_ROOMS]).delete()[0]
    deleted += TravelClaim.objects.filter(external_ref__startswith="DEMO-").delete()[0]
    return deleted
