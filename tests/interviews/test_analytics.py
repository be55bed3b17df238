"""Recruiting analytics (issue 20 item 1) on hand-built data with known answers: the funnel, times to hire and in
stage (median, p90), sources, screening vs outcome, interviewers; historical imported rows apart from live ones;
the manager's scope; the CSV; a constant number of queries as rows double."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hrportal.models import AuditLog
from hrportal.stats import percentile_cont
from interviews.analytics import percentiles
from interviews.models import Interview, InterviewAssignment, InterviewStatus, Scorecard
from recruiting.analytics_facts import store as analytics_store
from recruiting.models import Application
from tests.interviews.analytics_builders import HIRED_PATH, MARCH, RANGE, known_company, make_app
from tests.interviews.schedule_builders import make_round

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_report_cache(settings):
    """Every request computes (the cache is tested on its own below)."""
    settings.ANALYTICS_CACHE_SECONDS = 0


def page(client, user, **params):
    client.force_login(user)
    response = client.get(reverse("interviews:analytics"), {**RANGE, **params})
    assert response.status_code == 200, response.content[:500]
    return response


def table(response, index=0):
    return response.context["result"].tables[index]


def rows_of(tbl, cohort="实时"):
    return {row[1]: row for row in tbl.rows if row[0] == cohort}


def test_percentile_cont_matches_postgres_definition():
    assert percentile_cont([5, 7, 11], 0.5) == 7
    assert percentile_cont([5, 7, 11], 0.9) == pytest.approx(10.2)
    assert percentile_cont([1, 1, 1, 1, 2, 2], 0.5) == 1
    assert percentile_cont([1, 1, 1, 1, 2, 2], 0.9) == 2
    assert percentile_cont([4], 0.9) == 4
    assert percentile_cont([], 0.5) is None


def test_sql_percentiles_equal_python_ones(ehr):
    """The database's answer (percentile_cont on PostgreSQL, the Python fallback on SQLite) is the definition's."""
    values = [3, 1, 4, 1, 5, 9, 2, 6]
    for i, v in enumerate(values):
        make_app(ehr["position"], score=v, applied=MARCH + dt.timedelta(hours=i))
    got = percentiles.grouped(groups=["1"], value="a.screening_score",
                              from_where=f"FROM {Application._meta.db_table} a WHERE a.screening_score IS NOT NULL",
                              params=[])
    (only,) = got.values()
    assert only["n"] == len(values)
    assert only["p50"] == pytest.approx(percentile_cont(values, 0.5))
    assert only["p90"] == pytest.approx(percentile_cont(values, 0.9))


def test_funnel_counts_live_and_historical_apart(client, users, ehr):
    known_company(ehr)
    response = page(client, users["hr"], report="funnel")
    live, hist = rows_of(table(response)), rows_of(table(response), "历史导入")
    sm = live["销售经理（SM-01）"]
    assert sm[2:8] == [5, 4, 3, 3, 2, 2]
    assert live["研发工程师（RD-01）"][2:8] == [2, 1, 1, 1, 1, 1]
    assert live["全部职位"][2:8] == [7, 5, 4, 4, 3, 3]
    assert str(live["全部职位"][8]) == "42.9"  # 3 of 7 hired
    assert hist["全部职位"][2:8] == [3, 3, 3, 3, 3, 3]
    conversion = {row[0]: row for row in table(response, 1).rows}
    assert conversion["已入围"][1:4] == [4, 4, conversion["已入围"][3]] and str(conversion["已入围"][3]) == "100.0"
    assert conversion["面试中"][4] == 1  # a3 rejected after the interview
    figures = dict(response.context["result"].figures)
    assert figures["收到的申请"] == 7 and figures["入职"] == 3 and figures["历史导入（另计）"] == 3


def test_period_filter_excludes_other_months(client, users, ehr):
    known_company(ehr)
    make_app(ehr["position"], applied=MARCH + dt.timedelta(days=40))  # April
    response = page(client, users["hr"], report="funnel")
    assert rows_of(table(response))["全部职位"][2] == 7
    response = page(client, users["hr"], report="funnel", date_from="2026-04-01", date_to="2026-04-30")
    assert rows_of(table(response))["全部职位"][2] == 1


def test_time_to_hire_and_time_in_stage(client, users, ehr):
    known_company(ehr)
    response = page(client, users["hr"], report="timing")
    hires = rows_of(table(response))
    assert hires["全部职位"][2] == 3
    assert [float(x) for x in hires["全部职位"][3:]] == [7.0, 10.2]
    assert [float(x) for x in hires["销售经理（SM-01）"][3:]] == [9.0, 10.6]  # [7, 11]
    historical = rows_of(table(response), "历史导入")["全部职位"]
    assert historical[2] == 3 and [float(x) for x in historical[3:]] == [25.0, 27.4]
    stays = rows_of(table(response, 1))
    assert stays["新投递"][2] == 6 and [float(x) for x in stays["新投递"][3:]] == [1.0, 2.0]
    # 面试中 → next: a1 4 days, a2 2, a3 5, b1 1 → median 3, p90 4.7
    assert stays["面试中"][2] == 4 and [float(x) for x in stays["面试中"][3:]] == [3.0, 4.7]


def test_sources_and_screening(client, users, ehr):
    known_company(ehr)
    sources = rows_of(table(page(client, users["hr"], report="sources")))
    assert sources["招聘官网"][2:] == [4, 2, sources["招聘官网"][4], 1, sources["招聘官网"][6]]
    assert str(sources["招聘官网"][4]) == "50.0" and str(sources["招聘官网"][6]) == "25.0"
    assert sources["内部推荐"][2] == 2 and sources["内部推荐"][5] == 2
    assert "HR 上传" not in sources  # the historical rows are HR uploads: shown apart only
    screening = page(client, users["hr"], report="screening")
    bands = rows_of(table(screening))
    assert bands["80–90"][2:8] == [0, 1, 0, 0, 0, 1]  # a1 (85) hired
    assert bands["10–20"][5] == 1  # b2 (12) rejected
    outcomes = rows_of(table(screening, 1))
    assert outcomes["已入职"][2] == 3 and float(outcomes["已入职"][3]) == 85.0  # 72, 85, 90


def test_interviewer_workload(client, users, ehr):
    apps = known_company(ehr)
    interview_round = make_round(ehr, users)
    start = MARCH + dt.timedelta(days=5)
    for app, status, rec in ((apps["a1"], InterviewStatus.DONE, "yes"), (apps["a3"], InterviewStatus.DONE, "no"),
                             (apps["a2"], InterviewStatus.CANCELLED, "")):
        interview = Interview.objects.create(application=app, round=interview_round, starts_at=start,
                                             ends_at=start + dt.timedelta(hours=1), status=status)
        InterviewAssignment.objects.create(interview=interview, interviewer=users["interviewer"], is_lead=True)
        if rec:
            Scorecard.objects.create(interview=interview, interviewer=users["interviewer"], status="submitted",
                                     recommendation=rec, submitted_at=start)
    rows = rows_of(table(page(client, users["hr"], report="interviewers")))
    assert rows["iv_wang"][2:] == [3, 2, 1, 2, 1, rows["iv_wang"][7]] and str(rows["iv_wang"][7]) == "50.0"


def test_manager_sees_own_departments_only(client, users, ehr):
    known_company(ehr)
    response = page(client, users["manager"], report="funnel")
    live = rows_of(table(response))
    assert "研发工程师（RD-01）" not in live and live["全部职位"][2] == 5
    assert [str(r) for r in response.context["form"].fields["department"].queryset] == ["销售部"]
    # a department outside the scope is not a valid choice
    client.force_login(users["manager"])
    bad = client.get(reverse("interviews:analytics"), {**RANGE, "department": ehr["rd"].pk})
    assert bad.context["form"].errors and "result" not in bad.context


def test_roles_see_their_reports(client, users, ehr):
    client.force_login(users["finance"])
    keys = [r.key for r in client.get(reverse("interviews:analytics")).context["reports"]]
    assert "cost_per_hire" in keys and "interviewers" not in keys
    client.force_login(users["manager"])
    keys = [r.key for r in client.get(reverse("interviews:analytics")).context["reports"]]
    assert "interviewers" in keys and "cost_per_hire" not in keys
    assert client.get(reverse("interviews:analytics"), {"report": "cost_per_hire"}).context["form"].errors
    client.force_login(users["interviewer"])
    assert client.get(reverse("interviews:analytics")).status_code == 403


def test_csv_export(client, users, ehr):
    known_company(ehr)
    client.force_login(users["hr"])
    response = client.get(reverse("interviews:analytics_csv"), {**RANGE, "report": "funnel"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert 'filename="analytics-funnel-20260301-20260331.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["数据", "职位", "新投递"]
    assert ["实时", "全部职位", "7", "5", "4", "4", "3", "3", "42.9"] in rows
    assert ["历史导入", "全部职位", "3", "3", "3", "3", "3", "3", "100.0"] in rows
    assert AuditLog.objects.filter(action="export", object_type="analytics", object_id="funnel").count() == 1
    assert client.get(reverse("interviews:analytics_csv"), {"date_from": "2026-04-01", "date_to": "2026-03-01"}).status_code == 400


def test_csv_cells_are_formula_safe(client, users, ehr):
    ehr["position"].title_zh = "=HYPERLINK(1)"
    ehr["position"].save()
    known_company(ehr)
    client.force_login(users["hr"])
    text = client.get(reverse("interviews:analytics_csv"), {**RANGE, "report": "funnel"}).content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)（SM-01）" in text


def test_dashboard_counts_historical_apart(client, users, ehr):
    known_company(ehr)
    client.force_login(users["hr"])
    body = client.get(reverse("dashboard")).content.decode()
    live_total = Application.objects.filter(is_historical=False).count()
    assert f'title="进行中的招聘（不含历史导入）">{live_total}<' in body
    assert 'data-historical-count="3"' in body
    # the recent activity feed shows live moves only (h0..h2 are 候选人8..10 of the builder's numbering or later)
    historical_names = set(Application.objects.filter(is_historical=True).values_list("candidate__name", flat=True))
    assert not any(f">{name}<" in body for name in historical_names)


def test_history_import_flags_its_applications(ehr):
    from recruiting.history.services import import_history_file

    text = "候选人姓名,手机,职位编码,投递日期,结果日期,结果\n老张,13600001234,SM-01,2024-03-01,2024-04-01,未通过\n"
    report = import_history_file(filename="old.csv", data=text.encode("utf-8"))
    assert not report.errors
    assert Application.objects.get(candidate__name="老张").is_historical is True


REPORTS = ("funnel", "timing", "sources", "screening", "interviewers", "offers", "cost_per_hire")


def _grow(ehr, n):
    for i in range(n):
        make_app(ehr["position"] if i % 2 else ehr["rd_position"], path=HIRED_PATH[: 1 + i % 5],
                 days=tuple(range(1, 2 + i % 5)), historical=i % 3 == 0, score=i % 100,
                 source=Application.Source.CAREERS if i % 2 else Application.Source.REFERRAL)


@pytest.mark.parametrize("report", REPORTS)
def test_query_count_constant_as_rows_double(client, users, ehr, report):
    client.force_login(users["admin"])
    url = reverse("interviews:analytics")
    _grow(ehr, 6)
    client.get(url, {**RANGE, "report": report})  # warm caches (content types, sessions); settles the slices
    with CaptureQueriesContext(connection) as small:
        assert client.get(url, {**RANGE, "report": report}).status_code == 200
    _grow(ehr, 12)
    analytics_store.settle()  # what the sweeper or the previous view does with the slices the writes noted
    with CaptureQueriesContext(connection) as large:
        response = client.get(url, {**RANGE, "report": report})
    assert response.status_code == 200 and response.context["report"].key == report
    assert len(large) == len(small), [q["sql"][:120] for q in large.captured_queries]


def test_a_computed_report_is_kept_for_the_same_scope_and_filter(client, users, ehr, settings):
    from django.core.cache import cache

    settings.ANALYTICS_CACHE_SECONDS = 300
    cache.clear()
    known_company(ehr)
    client.force_login(users["hr"])
    url = reverse("interviews:analytics")
    first = client.get(url, {**RANGE, "report": "funnel"})
    make_app(ehr["position"])  # a new application: the kept report does not see it until it expires
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url, {**RANGE, "report": "funnel"})
    assert table(second).rows == table(first).rows
    assert not any("recruiting_applicationstagechange" in q["sql"] for q in queries.captured_queries)
    # a manager's scope is never served from HR's entry
    manager = page(client, users["manager"], report="funnel")
    assert rows_of(table(manager))["全部职位"][2] == 6
    cache.clear()
    assert rows_of(table(page(client, users["hr"], report="funnel")))["全部职位"][2] == 8


def test_monthly_counts_per_cohort_across_positions(client, users, ehr):
    """每月收到的申请 sums every position of each month per cohort (the sizes and the months come from one grouped
    scan): March holds known_company's 7 live and 3 historical; April one live on SM-01 and one historical on RD-01;
    the funnel's per-position sizes are unchanged by the months."""
    known_company(ehr)
    make_app(ehr["position"], applied=MARCH + dt.timedelta(days=40))
    make_app(ehr["rd_position"], applied=MARCH + dt.timedelta(days=41), historical=True)
    response = page(client, users["hr"], report="funnel", date_from="2026-03-01", date_to="2026-04-30")
    assert table(response, 2).rows == [["2026-03", 7, 3], ["2026-04", 1, 1]]
    assert rows_of(table(response))["全部职位"][2] == 8
    assert rows_of(table(response), "历史导入")["全部职位"][2] == 4
    assert rows_of(table(response))["销售经理（SM-01）"][2] == 6


def test_position_names_follow_the_language(client, users, ehr):
    """Rows and the filter's choices name positions in the UI language (hrportal.display_names)."""
    known_company(ehr)
    chinese = page(client, users["hr"], report="funnel")
    assert "销售经理（SM-01）" in rows_of(table(chinese))
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = page(client, users["hr"], report="timing")
    assert "Sales Manager (SM-01)" in {row[1] for row in table(english).rows}
    body = english.content.decode()
    assert "Sales Manager (SM-01)" in body and "销售经理（SM-01）" not in body
