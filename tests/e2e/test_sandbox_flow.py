"""Browser journey of the WeCom sandbox (issue 5 item 12): the whole invitation flow with no corp account.

HR schedules an interview → sends the invitation → opens the candidate's sandbox phone, follows the
self-service link in the e-mail and confirms as the candidate → the interviewer logs in, opens their own
sandbox phone and presses 确认参加 on the template card (the sandbox posts WeCom's encrypted, signed
callback to the real /wecom/callback/) → the card shows 已确认参加 → the interview page shows the interview
confirmed and the interviewer's attendance → the reminder arrives in the phone the day before (time travel:
the reminder sweep runs with ``now`` set to the reminder's due time).
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from hrportal.roles import Role
from tests.conftest import make_user
from tests.e2e.browser import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def company(settings, live_server):
    from interviews.bank.services import save_plan, save_round
    from recruiting.models import Application, Candidate, Department, Employee, Position
    from recruiting.pipeline import Stage

    settings.PORTAL_BASE_URL = live_server.url
    settings.REDIS_URL = ""
    sales = Department.objects.create(code="SALES", name="销售部", name_en="Sales")
    hr = make_user("hr_e2e", Role.HR)
    interviewer = make_user("iv_e2e", Role.INTERVIEWER)
    Employee.objects.create(employee_no="E1001", name="张招聘", user=hr, department=sales, hire_date="2020-01-01",
                            wecom_userid="hr_e2e")
    Employee.objects.create(employee_no="E1002", name="王面试", user=interviewer, department=sales,
                            hire_date="2020-01-01", wecom_userid="iv_e2e")
    position = Position.objects.create(code="SM-09", title_zh="销售经理", title_en="Sales Manager", department=sales,
                                       status=Position.Status.OPEN)
    plan = save_plan(position=position, time_budget_minutes=90, by=hr)
    save_round(plan=plan, name="初面", order=1, duration_minutes=45, competencies=[], interviewers=[interviewer],
               questions=[], by=hr)
    candidate = Candidate.objects.create(name="李候选", phone="13912340000", email="lihouxuan@example.com")
    application = Application.objects.create(candidate=candidate, position=position)
    application.set_stage(Stage.SCREENING, by=hr)
    application.set_stage(Stage.SHORTLISTED, by=hr)
    return {"hr": hr, "interviewer": interviewer, "candidate": candidate, "application": application}


def log_out(page: Page) -> None:
    page.locator("details.usermenu > summary").click()
    page.get_by_role("button", name="退出登录").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_invitation_confirmations_and_reminder_through_the_sandbox_phone(page: Page, live_server, company):
    from interviews.models import Interview, InterviewAssignment
    from wecom.models import CallbackEvent, OutboxMessage
    from wecom.reminders import services as reminders

    base = live_server.url
    # Three days ahead at 14:00: the reminder (10:00 the day before) is still in the future when invited.
    day = timezone.localtime(timezone.now(), SHANGHAI).date() + dt.timedelta(days=3)

    # --- HR schedules the interview and sends the invitation ---
    log_in(page, base, "hr_e2e")
    page.goto(base + reverse("interviews:interview_create", args=[company["application"].pk]))
    page.locator("#id_starts_at").fill(f"{day:%Y-%m-%d}T14:00")
    page.locator("#id_ends_at").fill(f"{day:%Y-%m-%d}T14:45")
    page.locator("#id_room").fill("A-301")
    page.get_by_label(re.compile("王面试")).check()  # nobody is pre-ticked: the panel is what HR ticks
    page.get_by_role("button", name="安排面试").click()
    expect(page).to_have_url(re.compile(r"/interviews/\d+/$"))
    interview = Interview.objects.get(application=company["application"])
    assert timezone.localtime(interview.starts_at, SHANGHAI) == dt.datetime(day.year, day.month, day.day, 14,
                                                                            tzinfo=SHANGHAI)

    page.get_by_role("link", name="发送邀请").click()
    expect(page.get_by_role("heading", name=re.compile("发送面试邀请"))).to_be_visible()
    page.get_by_role("button", name="发送邀请").click()
    expect(page.locator(".messages")).to_be_visible()

    # --- the candidate reads the e-mail in the sandbox phone and confirms through the self-service link ---
    page.get_by_role("navigation").get_by_role("link", name="沙箱手机").click()
    page.get_by_role("link", name="李候选").click()
    invitation = page.locator("li.bubble-email").first
    expect(invitation).to_contain_text("李候选")
    expect(invitation.locator(".email-subject")).to_have_text(re.compile(r"^邮件 面试邀请"))  # not "邮件面试邀请"
    invitation.locator(".email-body a").first.click()
    expect(page).to_have_url(re.compile(r"/wecom/i/"))
    page.get_by_role("button", name="确认参加").click()
    expect(page.get_by_text("已确认参加").first).to_be_visible()
    interview.refresh_from_db()
    assert interview.status == Interview.Status.CONFIRMED
    page.goto(base + reverse("dashboard"))  # back in the portal (the candidate's page is not part of it)
    log_out(page)

    # --- the interviewer presses 确认参加 on the card in their own sandbox phone ---
    log_in(page, base, "iv_e2e")
    page.get_by_role("navigation").get_by_role("link", name="沙箱手机").click()
    page.get_by_role("link", name="打开我的手机").click()
    card = page.locator("li.bubble-template_card").first
    expect(card).to_contain_text("李候选")
    expect(page.get_by_text("明日面试提醒")).to_have_count(0)
    card.get_by_role("button", name="确认参加").click()
    expect(page.locator(".messages")).to_contain_text("企业微信回调已送达")
    card = page.locator("li.bubble-template_card").first
    expect(card.locator("[data-replaced]")).to_have_text("已确认参加")
    expect(card.get_by_role("button", name="无法参加")).to_have_count(0)

    event = CallbackEvent.objects.get(event="template_card_event")
    assert event.status == CallbackEvent.Status.PROCESSED and event.from_user == "iv_e2e"
    assignment = InterviewAssignment.objects.get(interview=interview, interviewer=company["interviewer"])
    assert assignment.attendance == InterviewAssignment.Attendance.ACCEPTED

    # --- the interview shows confirmed, with the interviewer's attendance ---
    page.goto(base + reverse("interviews:interview_detail", args=[interview.pk]))
    expect(page.locator("#interview-status")).to_have_text("已确认")
    expect(page.locator(".attendance-accepted").first).to_have_text("确认参加")

    # --- the day before: the reminder sweep runs at the reminder's due time ---
    due = reminders.due_at(interview)
    assert due == dt.datetime.combine(day - dt.timedelta(days=1), dt.time(reminders.reminder_hour()), tzinfo=SHANGHAI)
    reminders.sweep_reminders(now=due + dt.timedelta(minutes=1))
    sent = OutboxMessage.objects.filter(interview=interview, kind=OutboxMessage.Kind.REMINDER,
                                        status=OutboxMessage.Status.SENT)
    assert sorted(m.recipient_user_id or 0 for m in sent) == [0, company["interviewer"].pk]  # candidate + interviewer

    page.goto(base + reverse("wecom:sandbox_phone", kwargs={"kind": "user", "pk": company["interviewer"].pk}))
    reminder = page.locator("li.bubble", has_text="明日面试提醒")
    expect(reminder).to_have_count(1)
    expect(reminder).to_contain_text("A-301")

    # running the sweep again (or the scheduled job firing too) sends nothing twice
    reminders.sweep_reminders(now=due + dt.timedelta(minutes=2))
    page.reload()
    expect(page.locator("li.bubble", has_text="明日面试提醒")).to_have_count(1)


def test_a_superseded_card_is_greyed_out_and_a_late_press_is_answered(page: Page, live_server, company):
    """Issue 20: after a reschedule the old card on the interviewer's phone must not keep live buttons that do
    nothing; a press from a page opened before the reschedule gets "此邀请已更新，请查看最新卡片"."""
    from interviews.models import Interview, InterviewAssignment
    from interviews.schedule.services import schedule_interview
    from wecom.invitations import services as invitations
    from wecom.messages.templates import InvitationOptions

    base = live_server.url
    day = timezone.localtime(timezone.now(), SHANGHAI).date() + dt.timedelta(days=3)
    starts = dt.datetime(day.year, day.month, day.day, 14, tzinfo=SHANGHAI)
    interview = schedule_interview(
        application=company["application"],
        interview_round=company["application"].position.interview_plan.rounds.get(),
        starts_at=starts, ends_at=starts + dt.timedelta(minutes=45), interviewers=[company["interviewer"]],
        room="A-301", by=company["hr"],
    )
    invitations.send_invitations(interview=interview, by=company["hr"], options=InvitationOptions())

    log_in(page, base, "iv_e2e")
    page.goto(base + reverse("wecom:sandbox_phone", kwargs={"kind": "user", "pk": company["interviewer"].pk}))
    old_card = page.locator("li.bubble-template_card").first
    expect(old_card.get_by_role("button", name="确认参加")).to_be_enabled()
    page.evaluate("document.querySelector('#phone-inbox').removeAttribute('hx-trigger')")  # a page left open

    # HR moves the interview while the interviewer's phone page is still open
    Interview.objects.get(pk=interview.pk).reschedule(starts + dt.timedelta(days=1),
                                                      starts + dt.timedelta(days=1, minutes=45), by=company["hr"])
    old_card.get_by_role("button", name="确认参加").click()
    expect(page.locator(".messages")).to_contain_text("此邀请已更新，请查看最新卡片")
    assignment = InterviewAssignment.objects.get(interview=interview, interviewer=company["interviewer"])
    assert assignment.attendance == InterviewAssignment.Attendance.PENDING

    cards = page.locator("li.bubble-template_card")
    expect(cards).to_have_count(2)
    expect(cards.nth(0).locator("[data-replaced]")).to_have_text("已改期，请看新卡片")
    expect(cards.nth(0).get_by_role("button", name="确认参加")).to_have_count(0)
    # the newest card still works
    cards.nth(1).get_by_role("button", name="确认参加").click()
    expect(page.locator(".messages")).to_contain_text("企业微信回调已送达")
    expect(page.locator("li.bubble-template_card").nth(1).locator("[data-replaced]")).to_have_text("已确认参加")
    assignment.refresh_from_db()
    assert assignment.attendance == InterviewAssignment.Attendance.ACCEPTED
