"""Suggestion rules on hand-built report data (each fires with its figures, and stays quiet just below its
threshold or under the minimum group size), and HR's accept / dismiss through the report page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from interviews.models import Suggestion
from interviews.surveys import suggestions
from interviews.surveys.selectors import Distribution


def report(**overrides) -> dict:
    base = {"question_types": [], "rounds": [], "pass_rates": [], "period": "all"}
    base.update(overrides)
    return base


def qtype_row(too_easy: int, just_right: int, too_hard: int = 0) -> dict:
    total = too_easy + just_right + too_hard
    shares = {k: round(100 * v / total, 1) for k, v in (("too_easy", too_easy), ("just_right", just_right), ("too_hard", too_hard)) if v}
    return {"position_id": 7, "position": "生产主管", "question_type": "situational", "question_type_label": "情景题",
            "total": total, "shown": total >= 5, "shares": shares}


def distribution(*counts) -> Distribution:
    d = Distribution()
    for scale, n in enumerate(counts, start=1):
        d.add(scale, n)
    return d


def test_question_type_too_easy_fires_on_a_majority_with_its_figures():
    [fired] = suggestions.evaluate(report(question_types=[qtype_row(7, 3)]))
    assert fired["rule"] == "question_type_too_easy" and fired["subject_key"] == "position:7:situational"
    assert fired["figures"]["share"] == 70.0 and fired["figures"]["n"] == 10
    assert fired["figures"]["advice"].startswith("70.0% 的生产主管候选人认为情景题太简单（10 份回答）")


def test_no_majority_or_too_few_answers_fires_nothing():
    assert suggestions.evaluate(report(question_types=[qtype_row(5, 5)])) == []  # exactly half is no majority
    assert suggestions.evaluate(report(question_types=[qtype_row(4, 0)])) == []  # 4 < minimum group size


def test_round_with_low_satisfaction():
    rounds = [{"key": 3, "label": "复面", "satisfaction": distribution(2, 3, 1, 0, 0)},  # mean 1.83
              {"key": 4, "label": "终面", "satisfaction": distribution(0, 0, 3, 3, 0)}]  # mean 3.5: not below
    [fired] = suggestions.evaluate(report(rounds=rounds))
    assert fired["rule"] == "round_low_satisfaction" and fired["figures"] == {
        "round": "复面", "mean": "1.83", "n": 6, "advice": fired["figures"]["advice"]}


def test_interviewer_with_an_outlying_pass_rate():
    rates = [{"user_id": i, "label": name, "n": 10, "rate": rate}
             for i, (name, rate) in enumerate([("甲", 50), ("乙", 55), ("丙", 60), ("丁", 95)], start=1)]
    fired = suggestions.evaluate(report(pass_rates=rates))
    assert [(f["rule"], f["figures"]["interviewer"], f["figures"]["median"]) for f in fired] == [
        ("interviewer_pass_rate_outlier", "丁", "57.5")]


@pytest.mark.django_db
def test_hr_accepts_one_suggestion_as_a_task_and_dismisses_another(client, users):
    fired = report(question_types=[qtype_row(7, 3)], rounds=[{"key": 3, "label": "复面", "satisfaction": distribution(5, 1, 0, 0, 0)}])
    rows = suggestions.refresh_suggestions(fired)
    assert len(rows) == 2 and len(suggestions.refresh_suggestions(fired)) == 2  # recorded once
    easy, low = sorted(rows, key=lambda r: r.rule)
    client.force_login(users["hr"])
    url = lambda s: reverse("interviews:suggestion_decide", args=[s.pk])  # noqa: E731
    client.post(url(easy), {"decision": "accept", "task_title": "生产主管情景题：要求给出具体方案"})
    client.post(url(low), {"decision": "dismiss"})
    easy.refresh_from_db()
    low.refresh_from_db()
    assert easy.status == Suggestion.Status.ACCEPTED and easy.task_title == "生产主管情景题：要求给出具体方案"
    assert easy.decided_by == users["hr"] and low.status == Suggestion.Status.DISMISSED
    # decided suggestions are not offered again, and the accepted one is listed as a task on the report
    assert suggestions.refresh_suggestions(fired) == []
    page = client.get(reverse("interviews:survey_report")).content.decode()
    assert "生产主管情景题：要求给出具体方案" in page
    client.force_login(users["interviewer"])
    assert client.post(url(low), {"decision": "accept"}).status_code == 403


@pytest.mark.django_db
def test_low_effectiveness_reads_the_learning_loops_question_figures(ehr, users):
    from decimal import Decimal

    from interviews.bank.services import generate_bank

    questions = generate_bank(position=ehr["position"], by=users["hr"]).created
    same_type = [q for q in questions if q.question_type == questions[0].question_type][:2]
    for question, r, n in zip(same_type, ("0.02", "0.06"), (20, 20), strict=False):
        question.effectiveness, question.effectiveness_n = Decimal(r), n
        question.save(update_fields=["effectiveness", "effectiveness_n"])
    rows = suggestions.question_effectiveness()
    assert len(rows) == 1 and rows[0]["position"] == ehr["position"].title_zh
    assert rows[0]["n"] == 20 * len(same_type)
    fired = [s for s in suggestions.evaluate(report(effectiveness=rows)) if s["rule"] == "low_effectiveness"]
    assert len(fired) == 1 and fired[0]["figures"]["n"] == 20 * len(same_type)


@pytest.mark.django_db
def test_low_effectiveness_names_the_position_in_the_ui_language_under_one_subject_key(ehr, users):
    """Issue 20: the advice names "Sales Manager" in English, while the suggestion's subject key stays the
    one a Chinese reading records, so reading the report in English does not record the suggestion twice."""
    from decimal import Decimal

    from django.utils import translation

    from interviews.bank.services import generate_bank

    questions = generate_bank(position=ehr["position"], by=users["hr"]).created
    for question in [q for q in questions if q.question_type == questions[0].question_type][:2]:
        question.effectiveness, question.effectiveness_n = Decimal("0.02"), 20
        question.save(update_fields=["effectiveness", "effectiveness_n"])
    with translation.override("zh-hans"):
        [zh] = suggestions.question_effectiveness()
        [fired_zh] = [s for s in suggestions.evaluate(report(effectiveness=[zh])) if s["rule"] == "low_effectiveness"]
        suggestions.refresh_suggestions(report())
    with translation.override("en"):
        [en] = suggestions.question_effectiveness()
        [fired_en] = [s for s in suggestions.evaluate(report(effectiveness=[en])) if s["rule"] == "low_effectiveness"]
        [shown] = [s for s in suggestions.refresh_suggestions(report()) if s.rule == "low_effectiveness"]
    assert zh["position"] == "销售经理" and fired_zh["figures"]["advice"].startswith("销售经理的")
    assert en["position"] == "Sales Manager" and "Sales Manager" in fired_en["figures"]["advice"]
    assert "销售经理" not in fired_en["figures"]["advice"]
    assert fired_en["subject_key"] == fired_zh["subject_key"] == f"position:销售经理:{zh['question_type']}:validity"
    assert Suggestion.objects.filter(rule="low_effectiveness").count() == 1
    assert "Sales Manager" in shown.advice  # recorded in Chinese, shown in English
