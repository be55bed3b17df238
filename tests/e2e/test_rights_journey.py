"""Browser journey of the candidate's PIPL rights (issue 19 item 2): through their signed link the candidate
sees what is held, downloads the JSON copy, asks for a correction and for a person's review of the screening,
and asks for deletion — refused with the hold named while an application is open; HR finds the requests in the
queue with reference and deadline and answers one; a second candidate without a hold is erased at once."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from hrportal.models import RightsRequest
from hrportal.roles import Role
from recruiting.rights import links
from tests.conftest import make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def people(settings, live_server, tmp_path):
    from recruiting.models import Application, Candidate, Department, Position, ScreeningResult

    settings.REDIS_URL = ""
    settings.MEDIA_ROOT = tmp_path
    sales = Department.objects.create(code="SALES", name="销售部")
    position = Position.objects.create(code="SM-19", title_zh="销售经理", department=sales, status=Position.Status.OPEN)
    open_one = Candidate.objects.create(name="蒋在途", phone="13911110000", email="jiang@example.com", city="上海")
    application = Application.objects.create(candidate=open_one, position=position, screening_score=72)
    ScreeningResult.objects.create(application=application, score=72, breakdown={}, engine_version="screen-3.1",
                                   weights_version="SM-19 v2", inputs_hash="e2e",
                                   explanation_zh="技能匹配度较高：Python、大客户；工作年限 5 年满足要求。")
    leaving = Candidate.objects.create(name="沈离开", phone="13922220000", email="shen@example.com")
    return {"open": open_one, "leaving": leaving, "hr": make_user("hr_rights", Role.HR)}


def test_candidate_exercises_each_right_and_hr_answers(page: Page, live_server, people):
    base = live_server.url
    page.goto(base + reverse("recruiting:rights_home", kwargs={"token": links.make_token(people["open"])}))
    held = page.locator("[data-section=held]")
    expect(held).to_contain_text("蒋在途")
    expect(held).to_contain_text("139****0000")  # contact masked on the page

    with page.expect_download() as download:
        page.locator("[data-export]").click()
    copy = json.loads(open(download.value.path(), encoding="utf-8").read())
    assert copy["holders"]["recruiting.candidates"]["profile"]["phone"] == "13911110000"

    explanation = page.locator("[data-section=explanation]")
    expect(explanation).to_contain_text("技能匹配度较高")
    expect(explanation).to_contain_text("screen-3.1")
    expect(explanation).to_contain_text("SM-19 v2")
    page.get_by_role("button", name="申请人工复核").click()
    expect(page.locator(".messages")).to_contain_text("人工复核申请")

    page.get_by_label("需要更正的内容").fill("我现在在杭州工作")
    page.get_by_role("button", name="提交更正申请").click()
    expect(page.locator(".messages")).to_contain_text(re.compile(r"受理编号 PIPL-\d{8}-\d{4}"))

    page.get_by_role("button", name="撤回同意并删除我的信息").click()
    expect(page.locator(".messages")).to_contain_text("有进行中的应聘申请")
    expect(page.locator("[data-section=requests] li")).to_have_count(4)  # access, review, correction, deletion

    correction = RightsRequest.objects.get(kind="correction")
    page.goto(base + reverse("login"))
    page.get_by_label("用户名").fill("hr_rights")
    page.get_by_label("密码").fill("pw-hr_rights-123456")
    page.get_by_role("button", name="登录").click()
    page.goto(base + reverse("recruiting:rights_queue"))
    row = page.locator(f"tr[data-reference='{correction.reference}']")
    expect(row).to_contain_text("我现在在杭州工作")
    expect(row).to_contain_text(f"{correction.due_on:%Y-%m-%d}")
    row.get_by_placeholder("说明").fill("已将城市更正为杭州")
    row.get_by_role("button", name="保存").click()
    expect(page.locator(f"tr[data-reference='{correction.reference}']")).to_contain_text("已完成")

    page.goto(base + reverse("recruiting:rights_home", kwargs={"token": links.make_token(people["leaving"])}))
    page.get_by_role("button", name="撤回同意并删除我的信息").click()
    expect(page.locator(".messages")).to_contain_text("您的个人信息已删除")
    expect(page.locator("[data-purged]")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("沈离开")
    people["leaving"].refresh_from_db()
    assert people["leaving"].purged_at is not None and people["leaving"].phone == ""
