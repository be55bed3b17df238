"""Browser journey of the schedule: HR schedules an interview from the candidate page and the htmx check
shows a double booking as the time is typed; the interviewer then finds it under "我的面试" on a 375×812
phone — no sideways scrolling — and its page shows no contact data."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from hrportal.roles import Role
from tests.conftest import make_user
from tests.e2e.test_position_journey import log_in, log_out
from tests.interviews.schedule_builders import at, book, local_input, make_round

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def company():
    from recruiting.models import Application, Candidate, Department, Position

    sales = Department.objects.create(code="SALES", name="销售部", name_en="Sales")
    position = Position.objects.create(code="SM-01", title_zh="销售经理", department=sales, status="open")
    users = {"hr": make_user("hr_e2e", Role.HR), "interviewer": make_user("iv_e2e", Role.INTERVIEWER)}
    candidate = Candidate.objects.create(name="王小明", phone="13912345678", email="xm@example.com")
    application = Application.objects.create(candidate=candidate, position=position)
    application.set_stage("shortlisted", by=users["hr"])
    interview_round = make_round({"position": position}, users, pool=("interviewer",))
    busy = Application.objects.create(candidate=Candidate.objects.create(name="钱多多"), position=position)
    book(busy, interview_round, at(10), interviewers=[users["interviewer"]], room="B-1")
    return {"candidate": candidate, "application": application}


def _no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"page is {width}px wide at a 375px viewport"


def test_hr_schedules_and_the_interviewer_sees_it_on_a_phone(page: Page, live_server, company):
    base = live_server.url
    log_in(page, base, "hr_e2e")
    page.goto(base + reverse("recruiting:candidate_detail", args=[company["candidate"].pk]))
    page.get_by_role("link", name="安排面试").click()

    page.locator("#id_starts_at").fill(local_input(at(10, 30)))
    page.locator("#id_ends_at").fill(local_input(at(11, 15)))
    page.locator("#id_room").fill("A-301")
    page.get_by_label(re.compile("iv_e2e")).check()  # nobody is pre-ticked: the panel is what HR ticks
    page.locator("#id_room").dispatch_event("change")
    expect(page.locator("#conflicts")).to_contain_text("面试官 iv_e2e 在 03-10 10:00–10:45 已有面试")

    page.locator("#id_starts_at").fill(local_input(at(11)))
    page.locator("#id_ends_at").fill(local_input(at(11, 45)))
    page.locator("#id_ends_at").dispatch_event("change")
    expect(page.locator("#conflicts")).to_contain_text("未发现时间冲突")
    page.get_by_role("button", name="安排面试").click()
    expect(page.locator(".messages")).to_contain_text("面试已安排")
    expect(page.locator("#interview-status")).to_have_text("已安排")
    log_out(page)

    page.set_viewport_size({"width": 375, "height": 812})
    log_in(page, base, "iv_e2e")
    page.goto(base + reverse("interviews:schedule"))
    expect(page.get_by_role("heading", name="我的面试")).to_be_visible()
    expect(page.locator(".sched-item")).to_have_count(2)
    _no_sideways_scroll(page)
    page.get_by_role("link", name="王小明").click()
    expect(page).to_have_url(re.compile(r"/interviews/\d+/$"))
    expect(page.locator("h1")).to_contain_text("王小明")
    _no_sideways_scroll(page)
    assert "13912345678" not in page.content() and "139****" not in page.content()
