"""Browser journey of the recruiting analytics (issue 20 item 1): an HR lead opens 招聘分析, filters March for the
sales department, sees the funnel chart drawn by the vendored Chart.js on a canvas (no CSP violation: the data
comes through json_script, the drawing from a static file), switches to 招聘用时 and downloads the funnel CSV."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.e2e.test_payroll_journey import log_in
from tests.interviews.analytics_builders import known_company

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def _no_report_cache(settings):
    """Every request computes (the cache: tests/interviews/test_analytics.py)."""
    settings.ANALYTICS_CACHE_SECONDS = 0


def test_hr_lead_filters_sees_a_chart_and_downloads_csv(page: Page, live_server, users, ehr):
    known_company(ehr)
    violations: list[str] = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    base = live_server.url
    log_in(page, base, users["hr"].username)
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="招聘分析").click()
    expect(page.get_by_role("heading", name="招聘分析", level=1)).to_be_visible()

    page.get_by_label("开始日期").fill("2026-03-01")
    page.get_by_label("结束日期").fill("2026-03-31")
    page.get_by_label("部门").select_option(label="销售部")
    page.get_by_role("button", name="筛选").click()
    expect(page).to_have_url(re.compile(r"department="))
    canvas = page.locator("canvas#chart-funnel")
    expect(canvas).to_have_attribute("data-drawn", "1")
    box = canvas.bounding_box()
    assert box and box["width"] > 100 and box["height"] > 100
    # the chart painted something: the canvas is not blank
    painted = page.evaluate("""() => {
        const c = document.querySelector('canvas#chart-funnel');
        const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        for (let i = 3; i < data.length; i += 4) { if (data[i] !== 0) return true; }
        return false;
    }""")
    assert painted
    funnel = page.locator("table.analytics-table").first
    expect(funnel).to_contain_text("销售经理（SM-01）")
    expect(funnel).not_to_contain_text("研发工程师")

    page.get_by_role("link", name="招聘用时").click()
    expect(page.locator("canvas#chart-in_stage")).to_have_attribute("data-drawn", "1")
    page.get_by_role("link", name="漏斗与阶段转化").click()
    with page.expect_download() as download_info:
        page.locator("#analytics-csv").click()
    download = download_info.value
    assert download.suggested_filename == "analytics-funnel-20260301-20260331.csv"
    rows = list(csv.reader(io.StringIO(open(download.path(), encoding="utf-8-sig").read())))
    assert ["实时", "全部职位", "5", "4", "3", "3", "2", "2", "40.0"] in rows
    assert violations == []
    assert reverse("interviews:analytics") in page.url
