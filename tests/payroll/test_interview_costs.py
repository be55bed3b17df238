"""Interview cost accounting on a hand-computed example (planned and actual time), rate fallbacks, travel
CSV import, the export, role visibility and the report's query count.

The example (issue 18): a 2-hour interview with the general manager (explicit rate 500 元/h) and an interviewer
without a rate whose monthly pay in force is 17,400 元 (→ 17,400 ÷ 174 = 100 元/h), room A-301 at 200 元/h,
travel 机票 800 + 住宿 300:
    time 2 × 500 + 2 × 100 = 1,200; room 2 × 200 = 400; travel 1,100; total 2,700; time share 44.4 %.
With the room's recorded start and end 1 h 30 min apart: time 1.5 × 600 = 900, room 300, total 2,300.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from interviews.models import InterviewStatus
from payroll.costs import selectors, services
from payroll.costs.engine import hourly_from_monthly
from payroll.models import City, TravelClaim
from payroll.structures.services import create_pay_record
from recruiting.models import Employee
from tests.interviews.schedule_builders import book, make_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def priced(ehr, users):
    manager_employee = Employee.objects.get(user=users["manager"])
    interviewer_employee = Employee.objects.create(employee_no="E0002", name="王面试", user=users["interviewer"],
                                                   department=ehr["sales"], hire_date="2021-01-01")
    services.set_interviewer_rate(hourly_rate=Decimal("500"), valid_from=dt.date(2024, 1, 1), employee=manager_employee, by=users["finance"])
    create_pay_record(employee=interviewer_employee, valid_from=dt.date(2024, 1, 1), city=City.objects.get(code="beijing"),
                      components=[{"code": "base", "name": "基本工资", "kind": "base", "amount": "17400"}], by=users["finance"])
    services.set_room_rate(room="A-301", hourly_price=Decimal("200"), valid_from=dt.date(2024, 1, 1))
    interview_round = make_round(ehr, users, pool=("interviewer", "manager"))
    starts = timezone.now() - dt.timedelta(days=1)
    interview = book(ehr["application"], interview_round, starts, minutes=120,
                     interviewers=[users["manager"], users["interviewer"]], room="A-301")
    interview.set_status(InterviewStatus.DONE, by=users["hr"])
    services.add_travel_claim(interview=interview, kind=TravelClaim.Kind.AIRFARE, amount=Decimal("800"))
    services.add_travel_claim(interview=interview, kind=TravelClaim.Kind.LODGING, amount=Decimal("300"))
    return {"interview": interview, "round": interview_round}


def test_hourly_rate_from_monthly_pay_is_monthly_over_174():
    assert hourly_from_monthly(Decimal("17400")) == Decimal("100.00")
    assert hourly_from_monthly(Decimal("10000")) == Decimal("57.47")  # 57.4712… half up to the fen


def test_hand_computed_example_with_planned_time(priced, ehr):
    report = selectors.cost_report()
    total = report["total"]
    assert (total.time, total.room, total.travel, total.total) == (Decimal("1200.00"), Decimal("400.00"), Decimal("1100.00"), Decimal("2700.00"))
    assert report["shares"] == {"time": Decimal("44.4"), "room": Decimal("14.8"), "travel": Decimal("40.7")}
    [position] = report["positions"]
    assert position["cost"].total == Decimal("2700.00") and position["hires"] == 0 and position["per_hire"] is None


def test_actual_time_replaces_planned_when_the_room_recorded_start_and_end(priced, ehr, users):
    interview = priced["interview"]
    started = interview.starts_at + dt.timedelta(minutes=10)
    type(interview).objects.filter(pk=interview.pk).update(actual_started_at=started, actual_ended_at=started + dt.timedelta(minutes=90))
    total = selectors.cost_report()["total"]
    assert (total.time, total.room, total.travel, total.total) == (Decimal("900.00"), Decimal("300.00"), Decimal("1100.00"), Decimal("2300.00"))
    # only a start recorded: the planned time still counts
    type(interview).objects.filter(pk=interview.pk).update(actual_ended_at=None)
    assert selectors.cost_report()["total"].total == Decimal("2700.00")


def test_the_room_records_actual_start_and_end(client, ehr, users):
    interview_round = make_round(ehr, users)
    interview = book(ehr["application"], interview_round, timezone.now() - dt.timedelta(minutes=5), minutes=60,
                     interviewers=[users["interviewer"]])
    url = reverse("interviews:room_clock", args=[interview.pk])
    client.force_login(users["interviewer"])
    client.post(url, {"which": "end"})
    interview.refresh_from_db()
    assert interview.actual_ended_at is None  # no end before a start
    client.post(url, {"which": "start"})
    client.post(url, {"which": "end"})
    interview.refresh_from_db()
    assert interview.actual_started_at is not None and interview.actual_ended_at > interview.actual_started_at
    client.force_login(users["finance"])
    assert client.post(url, {"which": "start"}).status_code == 403


def test_per_hire_and_grade_rate(priced, ehr, users):
    from recruiting.pipeline import Stage

    services.set_interviewer_rate(hourly_rate=Decimal("300"), valid_from=dt.date(2024, 1, 1), grade=ehr["position"])
    Employee.objects.filter(user=users["interviewer"]).update(position=ehr["position"])  # grade rate beats pay ÷ 174
    ehr["application"].stage = Stage.HIRED
    ehr["application"].save(update_fields=["stage"])
    [position] = selectors.cost_report()["positions"]
    # time 2 × 500 + 2 × 300 = 1,600; room 400; travel 1,100
    assert position["cost"].total == Decimal("3100.00") and position["hires"] == 1 and position["per_hire"] == Decimal("3100.00")


def test_travel_csv_import_is_idempotent_and_reports_bad_lines(priced):
    interview = priced["interview"]
    data = (f"claim_no,interview_id,kind,amount,note\nEXP-1,{interview.pk},机票,800,上海-北京\n"
            f"EXP-2,{interview.pk},lodging,300.50,\nEXP-3,999999,机票,1,\n").encode("utf-8-sig")
    first = services.import_travel_claims(data=data)
    assert (first.created, first.skipped, len(first.errors)) == (2, 0, 1) and "第 4 行" in first.errors[0]
    again = services.import_travel_claims(data=data)
    assert (again.created, again.skipped) == (0, 2)
    assert TravelClaim.objects.filter(interview=interview).count() == 4


def test_roles_finance_sees_figures_hr_position_totals_interviewer_nothing(client, priced, users):
    url = reverse("payroll:interview_costs")
    client.force_login(users["finance"])
    page = client.get(url).content.decode()
    assert 'data-metric="total">2700.00' in page and 'data-cell="per_hire"' in page and "<svg" in page
    client.force_login(users["hr"])
    page = client.get(url).content.decode()
    assert 'data-cell="total">2700.00' in page
    assert 'data-metric="total"' not in page and 'data-cell="per_hire"' not in page and "时间/会议室/差旅" not in page
    assert client.get(reverse("payroll:cost_settings")).status_code == 403
    assert client.get(reverse("payroll:interview_cost_export")).status_code == 403
    client.force_login(users["interviewer"])
    assert client.get(url).status_code == 403


def test_export_is_formula_injection_safe(client, priced, users, ehr):
    ehr["position"].title_zh = "=HYPERLINK(\"http://x\")"
    ehr["position"].save(update_fields=["title_zh"])
    client.force_login(users["finance"])
    response = client.get(reverse("payroll:interview_cost_export"))
    body = response.content.decode("utf-8-sig")
    assert response.status_code == 200 and "2700.00" in body
    assert ",=HYPERLINK" not in body and "'=HYPERLINK" in body.replace('"', "")


def test_cost_report_query_count_is_constant_as_interviews_double(client, priced, ehr, users):
    from recruiting.models import Application, Candidate

    def more(n, start):
        for i in range(start, start + n):
            application = Application.objects.create(candidate=Candidate.objects.create(name=f"候选{i}"), position=ehr["position"])
            interview = book(application, priced["round"], timezone.now() - dt.timedelta(days=2, hours=i), minutes=60,
                             interviewers=[users["manager"], users["interviewer"]], room="A-301")
            interview.set_status(InterviewStatus.DONE, by=users["hr"])

    client.force_login(users["finance"])
    url = reverse("payroll:interview_costs")
    more(3, 0)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    more(6, 3)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small)


def test_report_and_export_name_rounds_positions_and_departments_in_the_ui_language(client, priced, users, settings):
    """Issue 20: the page's rows and chart and the CSV (headers and names) are in the language of the request;
    an English CSV has no Chinese left in it."""
    import re

    priced["round"].name_en = "First interview"
    priced["round"].save(update_fields=["name_en"])
    client.force_login(users["finance"])
    export = reverse("payroll:interview_cost_export")

    chinese = client.get(export).content.decode("utf-8-sig")
    assert chinese.splitlines()[0].startswith("面试编号,轮次,")
    assert "销售经理 · 初面" in chinese
    page = client.get(reverse("payroll:interview_costs")).content.decode()
    assert "销售经理 · 初面" in page and "销售部" in page and "Sales Manager" not in page

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(export).content.decode("utf-8-sig")
    assert "Sales Manager · First interview" in english
    assert not re.search(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]", english), english.splitlines()[0]
    main = client.get(reverse("payroll:interview_costs")).content.decode().split("<main", 1)[1].split("</main>", 1)[0]
    assert "Sales Manager · First interview" in main and "<td>Sales</td>" in main
    assert "销售经理" not in main and "初面" not in main and "销售部" not in main
