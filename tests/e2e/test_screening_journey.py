"""Browser journey of batch screening: HR uploads a zip of five resumes for a position on the intake page →
lands on the batch page → opens the screening run → watches the progress bar move (htmx polling) → opens
the ranked list: scores in descending order, each with its explanation.

The run is screened in-process (the embedded mode) so the test needs no worker; to watch the bar move, the
test puts the finished run back to "running, 2 of 5" as a worker would show it, then lets it finish.
"""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from hrportal.roles import Role
from tests.conftest import make_user
from tests.e2e.test_position_journey import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

RESUMES = {
    "zhang_wei.txt": "张伟\n电话：13810000001\n邮箱：zhangwei@example.com\n工作经历\n2012.03-至今  上海某科技有限公司  销售总监\n"
                     "带领 12 人团队，连续五年超额完成业绩目标，负责大客户沟通与协调。使用 Python 分析销售数据。\n"
                     "教育背景\n2008.09-2012.06  复旦大学  市场营销  本科\n",
    "li_na.txt": "李娜\n电话：13810000002\n邮箱：lina@example.com\n工作经历\n2018.07-至今  杭州某贸易公司  销售经理\n"
                 "负责客户沟通，完成季度业绩目标。熟悉 Python 与 Excel。\n教育背景\n2014.09-2018.06  浙江大学  本科\n",
    "wang_fang.txt": "王芳\n电话：13810000003\n工作经历\n2021.01-至今  某公司  销售专员\n协助客户沟通。熟悉 Excel。\n"
                     "教育背景\n2017.09-2020.06  某职业学院  大专\n",
    "liu_yang.txt": "刘洋\n电话：13810000004\n工作经历\n2016.05-至今  北京某网络公司  客户经理\n"
                    "负责渠道协调与业绩目标管理。\n教育背景\n2012.09-2016.06  北京交通大学  本科\n",
    "chen_jing.txt": "陈静\n邮箱：chenjing@example.com\n工作经历\n2023.02-至今  某零售店  店员\n接待顾客。\n",
}


@pytest.fixture
def sales_position(settings):
    from recruiting.models import Competency, Department, Position, PositionCompetency, Skill

    settings.REDIS_URL = ""  # embedded mode: the run is screened while the upload is handled
    sales = Department.objects.create(code="SALES", name="销售部", name_en="Sales")
    python = Skill.objects.create(name="Python", category="编程", aliases=["python3"])
    comm = Competency.objects.create(
        code="COMM", name_zh="沟通能力", name_en="Communication", anchor_1="表达不清", anchor_3="表达清楚",
        anchor_5="善于说服", evidence_keywords=["沟通", "协调"],
    )
    drive = Competency.objects.create(
        code="DRIVE", name_zh="结果导向", name_en="Drive for results", anchor_1="被动", anchor_3="完成目标",
        anchor_5="超额完成", evidence_keywords=["业绩", "目标"],
    )
    position = Position.objects.create(
        code="SM-01", title_zh="销售经理", title_en="Sales Manager", department=sales, status=Position.Status.OPEN,
        min_years=3, duties="负责客户沟通与销售业绩目标。", requirements="熟悉 Python 数据分析优先。",
    )
    dimension = PositionCompetency.objects.create(position=position, competency=comm, weight=Decimal("60"))
    dimension.must_have_skills.add(python)
    PositionCompetency.objects.create(position=position, competency=drive, weight=Decimal("40"))
    make_user("hr_screen", Role.HR)
    return position


def resume_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in RESUMES.items():
            archive.writestr(name, text.encode("utf-8"))
    return buffer.getvalue()


def test_hr_uploads_a_zip_watches_the_run_and_gets_a_ranked_list(page: Page, live_server, sales_position):
    from recruiting.models import ScreeningRun

    base = live_server.url
    log_in(page, base, "hr_screen")

    page.goto(base + reverse("recruiting:intake"))
    page.locator("#id_position").select_option(label=str(sales_position))
    page.locator("#id_files").set_input_files(
        files=[{"name": "resumes.zip", "mimeType": "application/zip", "buffer": resume_zip()}]
    )
    page.locator("#id_consented").check()
    page.get_by_role("button", name="开始导入").click()

    expect(page).to_have_url(re.compile(r"/resumes/batches/\d+/"))
    run_link = page.locator("[data-screening-run]")
    # the batch page polls until parsing and the inline screening of the embedded default are done: on a loaded
    # machine that takes longer than expect's 5 s default
    expect(run_link).to_be_visible(timeout=30_000)
    run = ScreeningRun.objects.get(position=sales_position)
    assert run.total == 5 and run.status == ScreeningRun.Status.DONE
    # As a worker half-way through would show it.
    ScreeningRun.objects.filter(pk=run.pk).update(status=ScreeningRun.Status.RUNNING, processed=2, finished_at=None)

    run_link.click()
    expect(page).to_have_url(re.compile(rf"/screening/runs/{run.pk}/$"))
    expect(page.locator("[data-progress]")).to_have_text("2 / 5")
    expect(page.locator("#run-progress progress")).to_have_attribute("value", "2")
    expect(page.locator("[data-results-link]")).to_have_count(0)

    ScreeningRun.objects.filter(pk=run.pk).update(status=ScreeningRun.Status.DONE, processed=5)
    expect(page.locator("[data-progress]")).to_have_text("5 / 5", timeout=10_000)  # the 1 s poll picks it up
    page.locator("[data-results-link]").click()

    expect(page).to_have_url(re.compile(rf"/positions/{sales_position.pk}/screening/$"))
    rows = page.locator("table.screening-results tbody tr")
    expect(rows).to_have_count(5)
    scores = [Decimal(s) for s in page.locator("[data-score]").all_inner_texts()]
    assert scores == sorted(scores, reverse=True) and scores[0] > scores[-1]
    expect(rows.first).to_contain_text("张伟")
    for index in range(5):
        expect(rows.nth(index).locator(".explanation")).to_contain_text("综合得分")
    expect(page.locator("table.screening-results")).to_contain_text("缺少必备技能")
    expect(page.get_by_role("button", name="入围").first).to_be_visible()
