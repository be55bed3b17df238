"""Browser tests of the rough edges of the first journey (issue 20 item 3): the interviewer's to-do on the
dashboard, the calibration page in the navigation, the scheduling form's panel and names, the board's
confirmation, and the footer only on staff pages."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from hrportal.roles import Role
from tests.conftest import make_user
from tests.e2e.browser import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def team(settings, live_server):
    """HR, a hiring manager and an interviewer with employee names; a position whose first round's pool is the
    interviewer and the manager; four interviews on the interviewer's panel (three ahead, one held without a
    scorecard)."""
    from interviews.models import Interview, InterviewAssignment, InterviewPlan, InterviewRound
    from recruiting.models import Application, Candidate, Department, Employee, Position
    from recruiting.pipeline import Stage

    settings.PORTAL_BASE_URL = live_server.url
    settings.REDIS_URL = ""
    sales = Department.objects.create(code="SALES", name="销售部", name_en="Sales")
    hr = make_user("hr_e2e", Role.HR)
    manager = make_user("manager", Role.MANAGER)
    interviewer = make_user("interviewer", Role.INTERVIEWER)
    for no, name, user in (("E1", "张招聘", hr), ("E2", "李经理", manager), ("E3", "王面试", interviewer)):
        Employee.objects.create(employee_no=no, name=name, user=user, department=sales, hire_date="2020-01-01")
    position = Position.objects.create(code="SM-09", title_zh="销售经理", title_en="Sales Manager", department=sales,
                                       status=Position.Status.OPEN, hiring_manager=manager)
    plan = InterviewPlan.objects.create(position=position)
    first = InterviewRound.objects.create(plan=plan, name="初面", order=1, duration_minutes=45)
    first.interviewer_pool.set([interviewer, manager])
    now = timezone.now()
    interviews = []
    for index, (name, offset) in enumerate((("李一", 2), ("李二", 3), ("李三", 4), ("李四", -2))):
        candidate = Candidate.objects.create(name=name, phone=f"1391234000{index}", email=f"c{index}@example.com")
        application = Application.objects.create(candidate=candidate, position=position)
        application.set_stage(Stage.SCREENING, by=hr)
        application.set_stage(Stage.SHORTLISTED, by=hr)
        starts = now + dt.timedelta(days=offset)
        interview = Interview.objects.create(application=application, round=first, starts_at=starts,
                                             ends_at=starts + dt.timedelta(minutes=45), room="A-301", organizer=hr)
        InterviewAssignment.objects.create(interview=interview, interviewer=interviewer, is_lead=True)
        interviews.append(interview)
    candidate = Candidate.objects.create(name="赵五", phone="13912349999", email="zhao@example.com")
    open_application = Application.objects.create(candidate=candidate, position=position)
    open_application.set_stage(Stage.SCREENING, by=hr)
    open_application.set_stage(Stage.SHORTLISTED, by=hr)
    return {"hr": hr, "manager": manager, "interviewer": interviewer, "position": position, "round": first,
            "interviews": interviews, "open_application": open_application}


def test_the_interviewers_dashboard_lists_their_interviews_and_owed_scorecards(page: Page, live_server, team):
    log_in(page, live_server.url, "interviewer")
    page.goto(live_server.url + reverse("dashboard"))
    expect(page.get_by_text("目前工作台上没有需要你处理的内容")).to_have_count(0)
    upcoming = page.locator("[data-todo=upcoming] li")
    expect(upcoming).to_have_count(3)
    expect(upcoming.first).to_contain_text("李一")
    expect(upcoming.first).to_contain_text("初面")
    owed = page.locator("[data-todo=scorecards] li")
    expect(owed).to_have_count(1)
    expect(owed.first).to_contain_text("李四")
    owed.first.get_by_role("link", name="李四").click()
    expect(page).to_have_url(re.compile(rf"/interviews/{team['interviews'][3].pk}/room/$"))


def test_the_calibration_page_is_in_the_navigation_of_those_allowed(page: Page, live_server, team):
    log_in(page, live_server.url, "hr_e2e")
    page.get_by_role("navigation").get_by_role("link", name="AI 评分校准").click()
    expect(page.get_by_role("heading", name="AI 评分校准")).to_be_visible()
    page.locator("details.usermenu > summary").click()
    page.get_by_role("button", name="退出登录").click()
    log_in(page, live_server.url, "interviewer")
    expect(page.get_by_role("navigation").get_by_role("link", name="AI 评分校准")).to_have_count(0)


def test_the_scheduling_form_shows_names_and_puts_only_the_ticked_interviewers_on_the_panel(
    page: Page, live_server, team,
):
    from interviews.models import Interview

    log_in(page, live_server.url, "hr_e2e")
    page.goto(live_server.url + reverse("interviews:interview_create", args=[team["open_application"].pk]))
    choices = page.locator("fieldset.panel-choices")
    expect(choices).to_contain_text("王面试")
    expect(choices).to_contain_text("李经理")
    expect(choices).not_to_contain_text("interviewer")
    expect(page.locator("#id_lead")).to_contain_text("王面试")
    day = timezone.localdate() + dt.timedelta(days=5)
    page.locator("#id_starts_at").fill(f"{day:%Y-%m-%d}T10:00")
    page.locator("#id_ends_at").fill(f"{day:%Y-%m-%d}T10:45")
    page.locator("#id_room").fill("B-202")
    # nobody is ticked for HR (the round's pool is a hint beside the names); HR ticks only the interviewer
    expect(choices.locator("input:checked")).to_have_count(0)
    expect(choices).to_contain_text("王面试 · 面试官库：初面")
    page.get_by_label(re.compile("王面试")).check()
    page.get_by_role("button", name="安排面试").click()
    expect(page).to_have_url(re.compile(r"/interviews/\d+/$"))
    interview = Interview.objects.get(application=team["open_application"])
    assert [a.interviewer.username for a in interview.assignments.all()] == ["interviewer"]


def test_the_ai_footer_note_is_on_staff_pages_only(page: Page, live_server, team):
    """"AI 只做建议，决定由人作出" means something to staff, nothing to a candidate: even with a staff session in
    the browser, the candidate's pages (rights link, interview link) do not show it."""
    from recruiting.rights.links import rights_path
    from wecom.messages.links import candidate_link

    base = live_server.url
    note = page.locator("footer [data-ai-note]")
    page.goto(base + rights_path(team["open_application"].candidate))
    expect(page.locator("footer")).to_be_visible()
    expect(page.locator("footer")).not_to_contain_text("AI 只做建议")
    log_in(page, base, "hr_e2e")
    expect(note).to_have_text(re.compile("AI 只做建议，决定由人作出"))
    page.goto(candidate_link(team["interviews"][0]).replace(settings_base(), base))
    expect(page.locator("footer")).to_be_visible()
    expect(page.locator("footer")).not_to_contain_text("AI 只做建议")
    page.goto(base + rights_path(team["open_application"].candidate))
    expect(page.locator("footer")).not_to_contain_text("AI 只做建议")


def settings_base() -> str:
    from django.conf import settings

    return settings.PORTAL_BASE_URL.rstrip("/")


def test_moving_a_card_on_the_board_is_confirmed_and_a_failed_move_says_why(page: Page, live_server, team):
    from recruiting.pipeline import Stage

    application = team["open_application"]
    log_in(page, live_server.url, "hr_e2e")
    page.goto(live_server.url + reverse("recruiting:application_board"))
    card = page.locator(".appcard", has_text="赵五")
    page.set_viewport_size({"width": 1280, "height": 420})
    page.mouse.wheel(0, 2000)  # the board reloads after a move and keeps its scroll position
    card.get_by_role("button", name=re.compile("面试中")).click()
    expect(page.locator(".messages")).to_contain_text("“赵五”已转到“面试中”")
    expect(page.locator(".messages")).to_be_in_viewport()
    application.refresh_from_db()
    assert application.stage == Stage.INTERVIEWING

    # a card left on screen while someone else moved the candidate: the move is refused, and the card says so
    other = team["interviews"][0].application
    page.goto(live_server.url + reverse("recruiting:application_board"))
    other.set_stage(Stage.INTERVIEWING, by=team["hr"])
    stale = page.locator(".appcard", has_text="李一")
    stale.get_by_role("button", name=re.compile("面试中")).click()
    expect(page.locator(".appcard", has_text="李一").get_by_role("alert")).to_be_visible()
    other.refresh_from_db()
    assert other.stage == Stage.INTERVIEWING

    # the server does not answer: the card says the move failed
    page.route("**/move/", lambda route: route.fulfill(status=500, body="boom"))
    card = page.locator(".appcard", has_text="李二")
    card.get_by_role("button", name=re.compile("面试中")).click()
    expect(card.get_by_role("alert")).to_contain_text("移动失败")


def test_in_english_positions_rounds_and_competencies_show_their_english_names(page: Page, live_server, team):
    from django.conf import settings

    from interviews.models import InterviewRound
    from recruiting.models import Competency, PositionCompetency

    InterviewRound.objects.filter(pk=team["round"].pk).update(name_en="First interview")
    comm = Competency.objects.create(code="COMM", name_zh="沟通能力", name_en="Communication")
    drive = Competency.objects.create(code="DRIVE", name_zh="结果导向")  # no English name: Chinese stays
    PositionCompetency.objects.create(position=team["position"], competency=comm, weight=60)
    PositionCompetency.objects.create(position=team["position"], competency=drive, weight=40)
    base = live_server.url
    log_in(page, base, "hr_e2e")
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": base}])

    page.goto(base + reverse("interviews:interview_detail", args=[team["interviews"][0].pk]))
    main = page.locator("main")
    expect(main).to_contain_text("Sales Manager")
    expect(main).to_contain_text("First interview")
    expect(main).not_to_contain_text("销售经理")
    expect(main).not_to_contain_text("初面")

    page.goto(base + reverse("recruiting:position_detail", args=[team["position"].pk]))
    expect(main).to_contain_text("Communication")
    expect(main).to_contain_text("结果导向")
    expect(main).not_to_contain_text("沟通能力")

    page.goto(base + reverse("recruiting:application_board"))
    expect(page.locator("#id_position")).to_contain_text("Sales Manager")
