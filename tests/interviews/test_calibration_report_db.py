"""The calibration report read from stored scorecards: numbers equal scikit-learn/SciPy on the same fixed
data, broken down per competency and per interviewer, with human–human agreement; drafts and superseded
versions never count; the page shows the numbers and filters by recalibration version."""

from __future__ import annotations

import re

import numpy as np
import pytest
from django.urls import reverse
from scipy.stats import spearmanr
from sklearn.metrics import cohen_kappa_score

from hrportal.roles import Role
from interviews.calibration import services as calibration_service
from tests.conftest import make_user
from tests.interviews.scorecard_builders import past_interview, plan_round, scorecard

AI = [1, 2, 3, 4, 5, 3, 3, 4, 2, 5, 1, 4, 3, 3, 5, 4, 3, 3, 2, 4]
HUMAN = [1, 3, 3, 4, 4, 2, 3, 5, 2, 5, 2, 4, 4, 1, 3, 4, 3, 2, 2, 5]
# A third interviewer scored interviews 0–2 too (no AI suggestion beside): COMM, DRIVE per interview.
ZHAO = [(2, 3), (3, 4), (4, 2)]


@pytest.fixture
def history(ehr, users):
    """Ten interviews × two competencies: wang scored interviews 0–4 (raw suggestions), li 5–9 (under
    recal-1); zhao also scored 0–2 without AI; plus a draft and a superseded version that must not count."""
    comm, drive = ehr["competencies"]
    wang = users["interviewer"]
    li = make_user("iv_li", Role.INTERVIEWER)
    zhao = make_user("iv_zhao", Role.INTERVIEWER)
    rnd = plan_round(ehr["position"])
    interviews = [past_interview(ehr["application"], rnd, interviewers=[wang, li, zhao], days_ago=k) for k in range(10)]
    for k, interview in enumerate(interviews):
        who = wang if k < 5 else li
        i = 2 * k
        if k == 3:  # wang amended interview 3: the first version said something else entirely
            scorecard(interview, wang, {comm: (5, 1, 1.2), drive: (5, 1, 1.0)}, current=False, version=1)
            version = 2
        else:
            version = 1
        scorecard(interview, who, {comm: (HUMAN[i], AI[i], AI[i] + 0.1), drive: (HUMAN[i + 1], AI[i + 1], AI[i + 1] - 0.1)},
                  version=version, recalibration_version="recal-1" if who == li else "")
        if k < 3:
            scorecard(interview, zhao, {comm: ZHAO[k][0], drive: ZHAO[k][1]})
    # li's draft on interview 0 has an AI suggestion but is not submitted.
    scorecard(interviews[0], li, {comm: (1, 5, 5.0), drive: (1, 5, 5.0)}, submitted=False)
    return {"wang": wang, "li": li, "zhao": zhao, "comm": comm, "drive": drive}


def test_overall_metrics_equal_scikit_learn_and_scipy(history):
    overview = calibration_service.calibration_overview()
    overall = overview.report.overall
    assert overview.pairs == overall.n == 20  # the draft and the superseded version are not pairs
    assert overall.qwk == pytest.approx(cohen_kappa_score(AI, HUMAN, weights="quadratic"), abs=1e-6)
    assert overall.spearman == pytest.approx(spearmanr(AI, HUMAN).statistic, abs=1e-6)
    diff = np.array(AI) - np.array(HUMAN)
    assert overall.mean_bias == pytest.approx(diff.mean(), abs=1e-9)
    assert overall.difference_rate == pytest.approx((np.abs(diff) > 1).mean())


def test_breakdown_per_competency_and_interviewer(history):
    overview = calibration_service.calibration_overview()
    by_competency = {row.key: row for row in overview.by_competency}
    for code, parity in (("COMM", 0), ("DRIVE", 1)):
        ai, human = AI[parity::2], HUMAN[parity::2]
        stats = by_competency[code].stats
        assert stats.n == 10
        assert stats.qwk == pytest.approx(cohen_kappa_score(ai, human, weights="quadratic", labels=[1, 2, 3, 4, 5]), abs=1e-6)
        assert stats.spearman == pytest.approx(spearmanr(ai, human).statistic, abs=1e-6)
    assert by_competency["COMM"].label == "沟通能力"

    by_interviewer = {row.label: row.stats for row in overview.by_interviewer}
    assert set(by_interviewer) == {"iv_wang", "iv_li"}  # zhao gave no AI-paired score
    assert by_interviewer["iv_wang"].n == 10
    assert by_interviewer["iv_wang"].qwk == pytest.approx(
        cohen_kappa_score(AI[:10], HUMAN[:10], weights="quadratic", labels=[1, 2, 3, 4, 5]), abs=1e-6)
    assert by_interviewer["iv_li"].mean_bias == pytest.approx(float(np.mean(np.array(AI[10:]) - np.array(HUMAN[10:]))))


def test_human_human_agreement_uses_two_interviewers_on_the_same_interview(history):
    overview = calibration_service.calibration_overview()
    # wang (lower user id) against zhao on interviews 0–2, both competencies.
    wang = [HUMAN[2 * k + c] for k in range(3) for c in (0, 1)]
    zhao = [ZHAO[k][c] for k in range(3) for c in (0, 1)]
    hh = overview.human_human
    assert hh.n == 6
    assert hh.qwk == pytest.approx(cohen_kappa_score(wang, zhao, weights="quadratic", labels=[1, 2, 3, 4, 5]), abs=1e-6)
    assert hh.spearman == pytest.approx(spearmanr(wang, zhao).statistic, abs=1e-6)
    assert hh.difference_rate == pytest.approx(np.mean(np.abs(np.array(wang) - np.array(zhao)) > 1))
    assert {row.key: row.stats.n for row in overview.human_human_by_competency} == {"COMM": 3, "DRIVE": 3}


def test_confusion_matrix_counts_every_pair(history):
    matrix = calibration_service.calibration_overview().matrix
    assert sum(map(sum, matrix)) == 20
    assert matrix[0][0] == sum(1 for a, h in zip(AI, HUMAN, strict=True) if a == 1 and h == 1)
    assert matrix[4][2] == sum(1 for a, h in zip(AI, HUMAN, strict=True) if a == 5 and h == 3)


def _metric(html: str, name: str, section: str) -> str:
    block = html.split(f'id="{section}"', 1)[1]
    return re.search(rf'data-metric="{name}">([^<]+)<', block).group(1).strip()


def test_page_shows_the_numbers_and_filters_by_recalibration_version(history, client, users):
    client.force_login(users["hr"])
    response = client.get(reverse("interviews:calibration"))
    assert response.status_code == 200
    html = response.content.decode()
    diff = np.abs(np.array(AI) - np.array(HUMAN)) > 1
    assert _metric(html, "n", "overall") == "20"
    assert _metric(html, "difference_rate", "overall") == f"{diff.mean() * 100:.1f}%"
    assert _metric(html, "qwk", "overall") == f"{cohen_kappa_score(AI, HUMAN, weights='quadratic'):.3f}"
    assert _metric(html, "hh_n", "human-human") == "6"
    assert "<svg" in html and 'class="heat"' in html

    li_only = client.get(reverse("interviews:calibration"), {"version": "recal-1"}).content.decode()
    assert _metric(li_only, "n", "overall") == "10"
    raw_only = client.get(reverse("interviews:calibration"), {"version": calibration_service.RAW_VERSION}).content.decode()
    assert _metric(raw_only, "n", "overall") == "10"


@pytest.mark.parametrize("role", ["manager", "interviewer", "finance"])
def test_only_hr_and_admin_open_the_report(role, client, users):
    client.force_login(users[role])
    assert client.get(reverse("interviews:calibration")).status_code == 403
    assert client.post(reverse("interviews:recalibrate")).status_code == 403


def test_page_names_competencies_in_the_ui_language(history, client, users, settings):
    """Rows, chart bars and the human–human table name competencies in English in English (issue 20)."""
    client.force_login(users["hr"])
    chinese = client.get(reverse("interviews:calibration")).content.decode()
    assert "沟通能力" in chinese and "结果导向" in chinese and "Communication" not in chinese

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(reverse("interviews:calibration")).content.decode()
    for section in ("by-competency", "competency-table"):  # the chart's bars and the table
        block = english.split(f'id="{section}"', 1)[1].split("</section>", 1)[0]
        assert "Communication" in block and "Drive for results" in block, section
    assert "沟通能力" not in english and "结果导向" not in english
