"""Issue 20's small text and chart fixes: joined rubric anchors without "。；", calibration bar values that stay
inside the chart, the round named once on the interviewer's card."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from interviews.calibration.charts import VALUE_TEXT_WIDTH, difference_rate_bars
from interviews.engine.questions import CompetencySpec, question_anchors
from tests.wecom.invitation_setup import interview, sandbox  # noqa: F401 - fixtures


def test_joined_anchors_never_double_their_punctuation():
    spec = CompetencySpec(code="COMM", name_zh="沟通能力", name_en="Communication",
                          anchor_1="表达不清。", anchor_3="表达清楚；", anchor_5="善于说服", anchor_1_en="Unclear.")
    anchors = question_anchors(spec, "behavioural")
    assert anchors["1"]["zh"].startswith("表达不清；只有泛泛")
    assert anchors["3"]["zh"].startswith("表达清楚；有具体事例")
    assert anchors["5"]["zh"].startswith("善于说服；完整的 STAR")
    assert anchors["1"]["en"].startswith("Unclear; only general")
    for level in anchors.values():
        assert "。；" not in level["zh"] and "；；" not in level["zh"] and ".;" not in level["en"]


def _row(label, rate, n=40):
    return SimpleNamespace(label=label, stats=SimpleNamespace(difference_rate=rate, n=n))


@pytest.mark.parametrize("rates", [[1.0, 0.5, 0.05], [0.3, 0.29, 0.0], [0.0]])
def test_bar_values_are_never_drawn_past_the_charts_right_edge(rates):
    chart = difference_rate_bars([_row(f"r{i}", r) for i, r in enumerate(rates)], threshold=0.2)
    for bar in chart.bars:
        if bar.value_inside:  # drawn inside the bar's end, right-aligned
            assert bar.value_x - VALUE_TEXT_WIDTH >= chart.label_width
            assert bar.value_x <= chart.label_width + bar.width
        else:
            assert bar.value_x + VALUE_TEXT_WIDTH <= chart.width
    assert max(x for x, _label in chart.ticks) + 20 <= chart.width  # the last tick label's half fits too


@pytest.mark.django_db
def test_the_interviewers_card_names_the_round_once(interview, users, sandbox):  # noqa: F811
    from wecom.cards.services import card_payload
    from wecom.messages.routes import staff_route

    card = card_payload(interview, users["interviewer"], staff_route(users["interviewer"]))["template_card"]
    shown = [card["main_title"]["title"], card["main_title"].get("desc", ""), card["sub_title_text"]]
    shown += [f"{row['keyname']} {row['value']}" for row in card["horizontal_content_list"]]
    assert " ".join(shown).count("初面") == 1
