"""First browser journey: HR builds a position with a two-dimension competency model; an interviewer
cannot open the position editor.

HR logs in through the login form → opens 新建职位 → fills the position and two competencies weighted
60 / 40 (the second row added with 添加维度) → saves → finds the position in the list → logs out →
an interviewer logs in → opening the editor of that position answers 403 with the refusal page.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from hrportal.roles import Role
from tests.conftest import make_user
from tests.e2e.browser import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def company():
    from recruiting.models import Competency, Department

    Department.objects.create(code="SALES", name="销售部", name_en="Sales")
    comm = Competency.objects.create(
        code="COMM", name_zh="沟通能力", name_en="Communication",
        anchor_1="表达不清", anchor_3="表达清楚", anchor_5="善于说服",
    )
    drive = Competency.objects.create(
        code="DRIVE", name_zh="结果导向", name_en="Drive for results",
        anchor_1="被动", anchor_3="完成目标", anchor_5="超额完成",
    )
    hr = make_user("hr_e2e", Role.HR)
    interviewer = make_user("iv_e2e", Role.INTERVIEWER)
    return {"hr": hr, "interviewer": interviewer, "competencies": (comm, drive)}


def log_out(page: Page) -> None:
    page.locator("details.usermenu > summary").click()
    page.get_by_role("button", name="退出登录").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_hr_creates_position_with_two_competencies_and_interviewer_is_refused_the_editor(
    page: Page, live_server, company
):
    from recruiting.models import Position

    base = live_server.url

    log_in(page, base, "hr_e2e")
    page.goto(base + reverse("recruiting:position_create"))
    page.locator("#id_code").fill("KA-07")
    page.locator("#id_title_zh").fill("大客户经理")
    page.locator("#id_department").select_option(label="销售部")
    page.locator("#id_status").select_option(value=Position.Status.OPEN)
    page.locator("#id_salary_min").fill("18000")
    page.locator("#id_salary_max").fill("30000")

    page.locator("#id_dims-0-competency").select_option(label="沟通能力（COMM）")
    page.locator("#id_dims-0-weight").fill("60")
    page.get_by_role("button", name=re.compile("添加维度")).click()
    page.locator("#id_dims-1-competency").select_option(label="结果导向（DRIVE）")
    page.locator("#id_dims-1-weight").fill("40")
    expect(page.locator("[data-weight-total] strong")).to_have_text(re.compile(r"^100(\.0+)?$"))
    page.get_by_role("button", name="保存", exact=True).click()

    expect(page.locator(".messages")).to_contain_text("大客户经理")
    position = Position.objects.get(code="KA-07")
    assert page.url.endswith(reverse("recruiting:position_detail", args=[position.pk]))
    weights = {pc.competency.code: pc.weight for pc in position.position_competencies.select_related("competency")}
    assert weights == {"COMM": Decimal("60.00"), "DRIVE": Decimal("40.00")}

    page.goto(base + reverse("recruiting:position_list"))
    row = page.locator("tr", has_text="KA-07")
    expect(row).to_contain_text("大客户经理")

    log_out(page)

    log_in(page, base, "iv_e2e")
    response = page.goto(base + reverse("recruiting:position_edit", args=[position.pk]))
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", name="无权访问")).to_be_visible()
    expect(page.locator("#id_code")).to_have_count(0)
    expect(page.locator("body")).not_to_contain_text("大客户经理")
