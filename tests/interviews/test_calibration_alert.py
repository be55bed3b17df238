"""The dashboard alert "AI 与面试官评分差异率 x% 超过 5%": shown to HR/admin above the threshold with enough
pairs, not below it, not with too few pairs, and the threshold/tolerance come from settings."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.interviews.scorecard_builders import past_interview, plan_round, scorecard

ALERT_TEXT = "AI 与面试官评分差异率"


def store_pairs(ehr, users, pairs):
    """Pairs (ai, human) two per interview (COMM, DRIVE), all scored by the interviewer."""
    comm, drive = ehr["competencies"]
    rnd = plan_round(ehr["position"])
    for k in range(0, len(pairs), 2):
        interview = past_interview(ehr["application"], rnd, interviewers=[users["interviewer"]], days_ago=k)
        chunk = pairs[k:k + 2]
        scores = {comm: (chunk[0][1], chunk[0][0], float(chunk[0][0]))}
        if len(chunk) > 1:
            scores[drive] = (chunk[1][1], chunk[1][0], float(chunk[1][0]))
        scorecard(interview, users["interviewer"], scores)


def dashboard(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    return response.content.decode()


# 20 pairs, 2 of them two points apart: a 10 % difference rate.
TEN_PERCENT = [(4, 2), (1, 3)] + [(3, 3), (4, 3)] * 9


def test_alert_above_the_threshold_for_hr_and_admin_only(ehr, users, client):
    store_pairs(ehr, users, TEN_PERCENT)
    html = dashboard(client, users["hr"])
    assert "AI 与面试官评分差异率 10.0% 超过 5%" in html
    assert reverse("interviews:calibration") in html
    assert ALERT_TEXT in dashboard(client, users["admin"])
    for role in ("manager", "interviewer", "finance"):
        assert ALERT_TEXT not in dashboard(client, users[role])


def test_no_alert_at_or_below_the_threshold(ehr, users, client):
    # 20 pairs, one differs by two points: exactly 5 % is not "above 5 %".
    store_pairs(ehr, users, [(5, 3)] + [(3, 3), (2, 3)] * 9 + [(3, 4)])
    assert ALERT_TEXT not in dashboard(client, users["hr"])


def test_no_alert_with_too_few_pairs(ehr, users, client):
    store_pairs(ehr, users, TEN_PERCENT[:19])  # 2 of 19 differ (10.5 %), but fewer than 20 pairs
    assert ALERT_TEXT not in dashboard(client, users["hr"])


def test_threshold_and_tolerance_are_settings(ehr, users, client, settings):
    store_pairs(ehr, users, TEN_PERCENT)
    settings.INTERVIEW_CALIBRATION_ALERT_RATE = 0.15
    assert ALERT_TEXT not in dashboard(client, users["hr"])
    settings.INTERVIEW_CALIBRATION_ALERT_RATE = 0.05
    settings.INTERVIEW_CALIBRATION_TOLERANCE = 2  # two points apart is now within tolerance
    assert ALERT_TEXT not in dashboard(client, users["hr"])
    settings.INTERVIEW_CALIBRATION_TOLERANCE = 0  # every disagreement counts: 11 of 20
    assert "AI 与面试官评分差异率 55.0% 超过 5%" in dashboard(client, users["hr"])


@pytest.mark.django_db
def test_the_alert_costs_one_query(ehr, users, rf, django_assert_num_queries):
    from interviews.calibration.dashboard import calibration_alert_panel

    store_pairs(ehr, users, TEN_PERCENT)
    from hrportal.roles import roles_of

    request = rf.get("/")
    request.user = users["hr"]
    roles_of(users["hr"])  # the role lookup is cached per user; the panel's own cost is the aggregate
    with django_assert_num_queries(1):
        panel = calibration_alert_panel(request)
    assert panel["rate_percent"] == "10.0" and panel["pairs"] == 20 and panel["differing"] == 2
