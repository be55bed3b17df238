"""AI answer scoring on hand-written answers: what the engine notices (STAR, figures, "I" vs "we", evidence
words, connectives, length) and how that moves the suggested 1–5."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interviews.engine.answer_scoring import ENGINE_VERSION, WEIGHTS, explain, find_figures, score_answer
from interviews.engine.calibration import Recalibration
from interviews.engine.questions import CompetencySpec

DRIVE = CompetencySpec(
    code="DRIVE", name_zh="结果导向", name_en="Drive for results", anchor_5="持续超额完成目标",
    evidence_keywords=["业绩", "目标", "完成率"],
)
COMM = CompetencySpec(
    code="COMM", name_zh="沟通能力", name_en="Communication", anchor_5="善于说服",
    evidence_keywords=["沟通", "协调", "说服", "persuade", "stakeholder"],
)

STRONG_ZH = (
    "2022年我在上一家公司负责华东区的大客户销售，当时季度目标是800万元，但前两个月只完成了40%。"
    "我的任务是在最后一个月把差距补上。首先，我梳理了CRM里的32个重点客户，按成交概率分成三档；"
    "其次，我主导和5家核心客户逐一沟通续约方案，并协调售前团队两周内完成了3场技术演示。"
    "因为预算有限，我把资源集中在成交概率最高的10个客户上。最终季度业绩达到920万元，完成率115%。"
)
VAGUE_ZH = "我们团队做得很好，大家都很努力，最后结果也不错。"
STRONG_EN = (
    "In 2021 I was the account lead for our three largest retail clients. My goal was to cut churn, which had "
    "hit 12% that year. First I analysed six months of support tickets in SQL and found that 60% of complaints "
    "came from slow onboarding. I then designed a two-week onboarding plan, persuaded the product team to add "
    "a setup checklist, and ran weekly calls with each stakeholder. As a result churn fell to 4% within two "
    "quarters and the clients renewed contracts worth $1.2 million."
)
VAGUE_EN = "We worked really hard as a team and we did a great job overall."


def test_strong_star_answer_with_figures_scores_higher_than_a_vague_team_answer_zh():
    strong = score_answer(STRONG_ZH, DRIVE, "behavioural")
    vague = score_answer(VAGUE_ZH, DRIVE, "behavioural")
    assert strong.suggested >= 4
    assert vague.suggested <= 2
    assert strong.raw > vague.raw + 2
    assert strong.confidence > vague.confidence


def test_strong_star_answer_scores_higher_than_a_vague_one_en():
    strong = score_answer(STRONG_EN, COMM, "behavioural")
    vague = score_answer(VAGUE_EN, COMM, "behavioural")
    assert strong.suggested >= 4
    assert vague.suggested == 1
    assert strong.features["keywords_hit"] == ["persuaded", "stakeholder"]


def test_star_elements_are_recognised_in_chinese_and_english():
    zh = score_answer(STRONG_ZH, DRIVE, "behavioural").features["star_elements"]
    en = score_answer(STRONG_EN, COMM, "behavioural").features["star_elements"]
    assert zh == en == {"situation": True, "task": True, "action": True, "result": True}
    only_result = score_answer("最终业绩提升了很多。", DRIVE, "behavioural").features["star_elements"]
    assert only_result == {"situation": False, "task": False, "action": False, "result": True}


@pytest.mark.parametrize("text, kinds", [
    ("主导过3个产品迭代项目，其中1个项目用户量增长50%", ["number", "number", "percent"]),
    ("合同金额20万元，两周内上线", ["money", "time"]),
    ("成本降低了百分之三十，节省$5,000", ["percent", "money"]),
    ("这件事十分重要，万一失败就麻烦了", []),
    ("we cut latency by 35% in 3 months", ["percent", "time"]),
])
def test_figures_are_found_and_classified(text, kinds):
    assert [kind for _, _, kind in find_figures(text)] == kinds


def test_specificity_counts_figures_metrics_and_named_tools():
    specific = score_answer("我用Python和Tableau重做了报表，转化率从12%提升到18%，每周节省6小时。", DRIVE, "technical")
    counts = specific.features["specificity_counts"]
    assert counts["percent"] == 2 and counts["time"] == 1 and counts["metric"] >= 1
    assert counts["tool"] == 2
    vague = score_answer("我做了很多报表，效果还不错，大家都挺满意的。", DRIVE, "technical")
    assert specific.features["specificity"] > vague.features["specificity"]


def test_ownership_distinguishes_i_from_we():
    mine = score_answer("我负责方案，我说服了客户，我安排了排期。", COMM, "behavioural")
    ours = score_answer("我们负责方案，我们说服了客户，我们安排了排期。", COMM, "behavioural")
    assert mine.features["self_mentions"] == 3 and mine.features["team_mentions"] == 0
    assert ours.features["self_mentions"] == 0 and ours.features["team_mentions"] == 3
    assert mine.features["ownership"] == 1.0 and ours.features["ownership"] == 0.0
    en = score_answer("I led the rollout, although we shared the testing.", COMM, "behavioural")
    assert en.features["self_mentions"] == 1 and en.features["team_mentions"] == 1


def test_coverage_counts_the_competencys_evidence_keywords():
    on_topic = score_answer("我经常和各部门沟通，协调资源，最后说服了老板。", COMM, "behavioural")
    off_topic = score_answer("我经常写代码，修复了很多问题，最后上线了。", COMM, "behavioural")
    assert on_topic.features["coverage"] == 1.0
    assert off_topic.features["coverage"] == 0.0
    technical = score_answer("我用Kubernetes部署了服务。", COMM, "technical", extra_keywords=["Kubernetes"])
    assert "Kubernetes" in technical.features["keywords_hit"]


def test_connectives_and_length_reward_a_reasoned_answer():
    reasoned = score_answer(
        "首先我会确认客户的核心诉求，因为投诉往往来自预期不一致；其次我会同步上级进展，"
        "同时拉上交付同事一起制定补救方案；最后在一周内回访，所以客户能看到改进。", COMM, "situational")
    terse = score_answer("找客户聊聊。", COMM, "situational")
    assert reasoned.features["connectives"] == 1.0
    assert terse.features["connectives"] == 0.0
    assert reasoned.features["length"] > terse.features["length"]
    assert reasoned.suggested > terse.suggested


def test_evidence_spans_point_into_the_text_as_given_even_with_full_width_digits():
    text = "我主导的项目让转化率提升了５０％。"
    result = score_answer(text, DRIVE, "behavioural")
    spans = {(text[s:e], kind) for s, e, kind in result.evidence}
    assert ("５０％", "percent") in spans
    assert ("我主导", "action") in spans
    assert ("转化率", "metric") in spans
    assert result.evidence == sorted(result.evidence)


def test_weight_table_columns_sum_to_one_and_contributions_add_up_to_raw():
    for column in WEIGHTS.values():
        assert sum(column.values()) == pytest.approx(1.0)
    result = score_answer(STRONG_ZH, DRIVE, "behavioural")
    assert result.raw == pytest.approx(1 + 4 * sum(result.features["contributions"].values()), abs=1e-3)


def test_the_same_answer_is_judged_by_the_weights_of_its_question_type():
    plan = "首先我会确认客户的核心诉求，因为投诉往往来自预期不一致；其次我会同步上级进展，所以能尽快补救。"
    behavioural = score_answer(plan, COMM, "behavioural")
    situational = score_answer(plan, COMM, "situational")
    assert behavioural.features["weights"]["star"] > situational.features["weights"]["star"]
    assert situational.raw > behavioural.raw  # a plan without a past result is what a situational answer is


def test_competency_without_any_keyword_spreads_coverage_weight_over_other_features():
    bare = CompetencySpec(code="X", name_zh="")
    result = score_answer(STRONG_ZH, bare, "behavioural")
    assert result.features["coverage"] is None
    assert "coverage" not in result.features["weights"]
    assert sum(result.features["weights"].values()) == pytest.approx(1.0)


def test_unknown_question_type_is_refused():
    with pytest.raises(ValueError, match="unknown question type"):
        score_answer("...", DRIVE, "freestyle")


def test_recalibration_moves_the_suggestion_and_is_recorded():
    lift = Recalibration(version="iso-test", x_thresholds=(1.0, 5.0), y_thresholds=(3.0, 5.0), n_pairs=100)
    plain = score_answer(VAGUE_ZH, DRIVE, "behavioural")
    lifted = score_answer(VAGUE_ZH, DRIVE, "behavioural", recalibration=lift)
    assert lifted.raw == plain.raw
    assert lifted.suggested == 3 and plain.suggested == 1
    assert lifted.recalibration_version == "iso-test" and plain.recalibration_version == ""


def test_result_serialises_with_engine_version_and_explains_itself():
    result = score_answer(VAGUE_ZH, DRIVE, "behavioural")
    data = json.loads(json.dumps(result.to_dict(), ensure_ascii=False))
    assert data["engine_version"] == ENGINE_VERSION
    assert data["competency_code"] == "DRIVE"
    lines = explain(result)
    assert any("缺少情境、任务、行动" in line["zh"] for line in lines)
    assert any("missing situation, task, action" in line["en"] for line in lines)
    assert any("“我们” 2 次" in line["zh"] for line in lines)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400), st.sampled_from(["behavioural", "situational", "pressure", "technical"]))
def test_any_text_gets_a_bounded_suggestion(text, qtype):
    result = score_answer(text, DRIVE, qtype)
    assert result.suggested in (1, 2, 3, 4, 5)
    assert 1.0 <= result.raw <= 5.0
    assert 0.0 <= result.confidence <= 1.0
    for feature in ("star", "specificity", "ownership", "coverage", "connectives", "length"):
        assert 0.0 <= result.features[feature] <= 1.0
    assert all(0 <= s < e <= len(text) for s, e, _ in result.evidence)
