"""Browser journey of the feedback survey (issue 18): HR marks the interview done → the survey link arrives on
the candidate's sandbox phone → the candidate answers on it (and a second answer is refused politely) → the
feedback report shows the response."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from hrportal.roles import Role
from tests.conftest import make_user
from tests.e2e.test_sandbox_flow import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def company(settings, live_server):
    from interviews.bank.services import save_plan, save_round
    from interviews.models import Interview, InterviewAssignment
    from recruiting.models import Application, Candidate, Department, Employee, Position

    settings.PORTAL_BASE_URL = live_server.url
    settings.REDIS_URL = ""
    settings.SURVEY_DELAY_HOURS = 0
    sales = Department.objects.create(code="SALES", name="销售部", name_en="Sales")
    hr = make_user("hr_survey", Role.HR)
    interviewer = make_user("iv_survey", Role.INTERVIEWER)
    Employee.objects.create(employee_no="E2001", name="王面试", user=interviewer, department=sales, hire_date="2020-01-01",
                            wecom_userid="iv_survey")
    position = Position.objects.create(code="PM-01", title_zh="生产主管", title_en="Production Supervisor", department=sales,
                                       status=Position.Status.OPEN)
    plan = save_plan(position=position, time_budget_minutes=90, by=hr)
    interview_round = save_round(plan=plan, name="初面", order=1, duration_minutes=45, competencies=[], interviewers=[interviewer],
                                 questions=[], by=hr)
    candidate = Candidate.objects.create(name="周候选", phone="13912341111", email="zhou@example.com")
    application = Application.objects.create(candidate=candidate, position=position)
    starts = timezone.now() - dt.timedelta(hours=2)
    interview = Interview.objects.create(application=application, round=interview_round, starts_at=starts,
                                         ends_at=starts + dt.timedelta(minutes=45), room="B-201", organizer=hr)
    InterviewAssignment.objects.create(interview=interview, interviewer=interviewer, is_lead=True)
    return {"hr": hr, "candidate": candidate, "interview": interview}


def test_interview_done_candidate_answers_on_the_sandbox_phone_report_shows_it(page: Page, live_server, company):
    from interviews.models import SurveyResponse

    base = live_server.url
    interview = company["interview"]
    log_in(page, base, "hr_survey")
    page.goto(base + reverse("interviews:interview_detail", args=[interview.pk]))
    page.locator("#id_status").select_option("done")
    page.locator("#status-change").get_by_role("button", name="确认").click()
    expect(page.locator("#interview-status")).to_have_text("已完成")

    # the survey e-mail is on the candidate's sandbox phone
    page.goto(base + reverse("wecom:sandbox_phone", kwargs={"kind": "candidate", "pk": company["candidate"].pk}))
    mail = page.locator("li.bubble-email", has_text="面试体验问卷").first
    expect(mail).to_contain_text("周候选")
    mail.locator(".email-body a").first.click()
    expect(page).to_have_url(re.compile(r"/interviews/survey/"))
    expect(page.get_by_text("您的回答是匿名的")).to_be_visible()

    form = page.locator("form[data-survey-form]")
    fieldsets = form.locator("fieldset")
    fieldsets.nth(0).get_by_label("4").check()  # satisfaction
    fieldsets.nth(1).get_by_label("方便").first.check()
    fieldsets.nth(2).get_by_label("5").check()  # question fit
    fieldsets.nth(3).get_by_label("太简单").check()
    fieldsets.nth(4).locator("textarea").fill("情景题可以更贴近生产现场")
    page.get_by_role("button", name="提交").click()
    expect(page.locator("[data-survey-state=answered]")).to_contain_text("您已提交过本问卷")
    assert SurveyResponse.objects.filter(interview=interview, audience="candidate").count() == 1

    # a replayed submission is refused politely and stores nothing
    page.go_back()
    page.reload()
    expect(page.locator("[data-survey-state=answered]")).to_be_visible()

    # the report counts the response (aggregate only: one answer is below the minimum group of 5)
    page.goto(base + reverse("interviews:survey_report"))
    expect(page.locator("[data-metric=candidate_answered]")).to_have_text("1 / 1")
    expect(page.locator("[data-metric=candidate_rate]")).to_have_text("100.0%")
    expect(page.locator("[data-too-few]")).to_be_visible()
    expect(page.get_by_text("情景题可以更贴近生产现场")).to_have_count(0)
    assert SurveyResponse.objects.count() == 1
