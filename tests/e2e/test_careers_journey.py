"""Browser journey of the careers page on a phone (375 × 812), in Chinese and in English (issue 23 item 5):
a candidate finds a position by searching, opens it, applies with a PDF and the PIPL consent, and gets the
confirmation whose link opens their own status page; nothing is wider than the screen."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from hrportal import crypto
from recruiting.models import Application, Candidate, IntakeBatch
from tests.screening import builders

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CASES = {
    "zh-hans": {"search": "大客户", "apply": "立即申请", "name": "姓名", "phone": "手机号", "file": "简历文件",
                "consent": "我已阅读并同意", "submit": "提交申请", "thanks": "申请已收到", "status": "查看申请状态",
                "held": "我的个人信息", "phone_no": "13655550001"},
    "en": {"search": "key accounts", "apply": "Apply now", "name": "Name", "phone": "Mobile number", "file": "Resume file",
           "consent": "I have read and agree", "submit": "Submit application", "thanks": "Application received",
           "status": "My application status", "held": "My personal data", "phone_no": "13655550002"},
}


@pytest.fixture
def positions(settings, live_server, tmp_path):
    from recruiting.models import Department, Position

    settings.REDIS_URL = ""
    settings.MEDIA_ROOT = tmp_path
    sales = Department.objects.create(code="SALES", name="销售部", name_en="Sales")
    Position.objects.create(
        code="SM-23", title_zh="华东大客户经理", title_en="Key Account Manager (East China)", department=sales,
        status=Position.Status.OPEN, published=True, city="上海",
        duties="负责华东区大客户销售。Manage key accounts in East China.", requirements="三年以上销售经验。",
    )
    Position.objects.create(code="RD-23", title_zh="后端工程师", title_en="Backend Engineer", department=sales,
                            status=Position.Status.OPEN, published=True, city="北京", duties="Python 服务开发。")


def _no_horizontal_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page is {width}px wide on a 375px phone"


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_find_a_position_and_apply_on_a_phone(page: Page, live_server, positions, lang, tmp_path):
    text = CASES[lang]
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(f"{live_server.url}{reverse('recruiting:careers_list')}?lang={lang}")
    expect(page.locator("[data-position]")).to_have_count(2)
    _no_horizontal_scroll(page)
    page.locator("input[name=q]").fill(text["search"])
    page.locator(".c-search button").click()
    expect(page.locator("[data-position]")).to_have_count(1)
    page.locator("[data-position=SM-23] a").click()
    expect(page.locator("h1")).to_contain_text("Key Account Manager" if lang == "en" else "华东大客户经理")
    expect(page.locator(".c-qr svg")).to_be_visible()
    _no_horizontal_scroll(page)
    page.get_by_role("link", name=text["apply"]).click()

    page.get_by_label(text["name"], exact=True).fill("陈静")
    page.get_by_label(text["phone"], exact=True).fill(text["phone_no"])
    resume = tmp_path / "resume.pdf"
    resume.write_bytes(builders.text_pdf("陈静\n工作经历\n2019.03-至今 上海某某科技有限公司 销售经理\n"))
    page.get_by_label(text["file"]).set_input_files(str(resume))
    _no_horizontal_scroll(page)
    page.get_by_label(text["consent"]).check()
    page.get_by_role("button", name=text["submit"]).click()

    expect(page.locator("[data-thanks]")).to_have_text(text["thanks"])
    candidate = Candidate.objects.get(phone_hash=crypto.blind_index(text["phone_no"], kind="phone"))
    application = Application.objects.get(candidate=candidate)
    assert application.source == Application.Source.CAREERS and application.consent_at is not None
    assert IntakeBatch.objects.filter(source=IntakeBatch.Source.CAREERS).exists()
    _no_horizontal_scroll(page)
    page.get_by_role("link", name=text["status"]).click()
    expect(page.locator("[data-section=held]")).to_contain_text("陈静")
