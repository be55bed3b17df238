"""Question-bank generator: coverage of the competency model, variety across positions, no near-duplicates,
BARS anchors and probes per question, drafts only."""

import subprocess
import sys
from decimal import Decimal
from itertools import combinations
from pathlib import Path
from string import Formatter

import pytest

from interviews.engine.question_templates import TEMPLATES
from interviews.engine.questions import (
    GENERATOR_VERSION,
    CompetencySpec,
    PositionSpec,
    QuestionType,
    char_ngrams,
    dedupe_questions,
    generate_question_bank,
    jaccard,
    split_duties,
)

COMM = CompetencySpec(
    code="COMM", name_zh="沟通能力", name_en="Communication", anchor_1="表达不清", anchor_3="表达清楚",
    anchor_5="善于说服，能推动跨部门达成一致", evidence_keywords=["沟通", "协调"], weight=Decimal("40"),
    needs_pressure=True,
)
DRIVE = CompetencySpec(
    code="DRIVE", name_zh="结果导向", name_en="Drive for results", anchor_1="被动等待", anchor_3="完成目标",
    anchor_5="持续超额完成目标", evidence_keywords=["业绩", "目标"], weight=Decimal("30"),
)
PLAN = CompetencySpec(
    code="PLAN", name_zh="产品规划能力", name_en="Product planning", anchor_1="没有规划", anchor_3="能制定版本计划",
    anchor_5="能独立完成产品 roadmap 制定", evidence_keywords=["规划", "roadmap"], weight=Decimal("30"),
    skills=["Axure"],
)
DUTIES = "1. 负责产品规划与需求分析；\n2、协调研发与设计完成版本迭代\n（3）跟踪数据，持续优化用户体验"


def position(code: str = "PM-01", competencies=(COMM, DRIVE, PLAN), skills=("Python", "SQL"), duties=DUTIES):
    return PositionSpec(
        code=code, title_zh="产品经理", title_en="Product Manager", duties=duties, competencies=competencies,
        must_have_skills=skills,
    )


def texts(bank) -> list[str]:
    return [q.text_zh for q in bank.questions]


def test_every_competency_gets_behavioural_and_situational_questions_and_pressure_only_where_asked():
    bank = generate_question_bank(position())
    coverage = bank.coverage()
    for comp in ("COMM", "DRIVE", "PLAN"):
        assert coverage[comp][QuestionType.BEHAVIOURAL] >= 1
        assert coverage[comp][QuestionType.SITUATIONAL] >= 1
    assert coverage["COMM"][QuestionType.PRESSURE] >= 1
    assert QuestionType.PRESSURE not in coverage["DRIVE"]
    assert QuestionType.PRESSURE not in coverage["PLAN"]
    assert bank.missing == []


def test_technical_questions_come_from_must_have_skills_in_both_languages():
    bank = generate_question_bank(position())
    technical = [q for q in bank.questions if q.question_type == QuestionType.TECHNICAL]
    assert sorted(q.skill for q in technical) == ["Axure", "Python", "SQL"]
    for q in technical:
        assert q.skill in q.text_zh and q.skill in q.text_en
    # A skill attached to a dimension is scored under it; the others under the heaviest dimension.
    assert {q.skill: q.competency_code for q in technical} == {"Axure": "PLAN", "Python": "COMM", "SQL": "COMM"}


def test_generated_questions_are_drafts_that_cannot_be_asked_until_approved():
    bank = generate_question_bank(position())
    assert bank.questions
    assert {(q.source, q.status) for q in bank.questions} == {("generated", "draft")}
    assert not any(q.askable for q in bank.questions)
    approved = bank.questions[0]
    approved.status = "approved"
    assert approved.askable
    assert all(q.generator_version == GENERATOR_VERSION for q in bank.questions)
    assert all(q.usage_count == 0 and q.effectiveness is None for q in bank.questions)


def test_same_position_gets_the_same_bank():
    first = generate_question_bank(position())
    second = generate_question_bank(position())
    assert [q.to_dict() for q in first.questions] == [q.to_dict() for q in second.questions]


def test_positions_with_the_same_model_get_different_banks():
    banks = [generate_question_bank(position(code=f"PM-{i:02d}")) for i in range(20)]
    distinct = {tuple(texts(b)) for b in banks}
    assert len(distinct) == 20
    overlaps = [len(set(texts(a)) & set(texts(b))) / len(texts(a)) for a, b in combinations(banks, 2)]
    assert sum(overlaps) / len(overlaps) < 0.5


def test_there_are_at_least_ten_templates_per_type_and_language_with_matching_slots():
    for qtype in QuestionType:
        templates = TEMPLATES[qtype]
        assert len({t.zh for t in templates}) >= 10
        assert len({t.en for t in templates}) >= 10
        for t in templates:
            zh_slots = {name for _, name, _, _ in Formatter().parse(t.zh) if name}
            en_slots = {name for _, name, _, _ in Formatter().parse(t.en) if name}
            assert zh_slots == en_slots, t.id
            assert t.difficulty in (1, 2, 3)
            assert ("{skill}" in t.zh) == (qtype == QuestionType.TECHNICAL), t.id
    ids = [t.id for ts in TEMPLATES.values() for t in ts]
    assert len(ids) == len(set(ids))


def test_no_two_questions_in_a_bank_are_near_duplicates():
    # Two nearly identical competencies would produce near-identical questions from the same template.
    twin = CompetencySpec(code="COMM2", name_zh="沟通能力（对内）", name_en="Internal communication",
                          anchor_5="善于说服", evidence_keywords=["沟通"])
    for i in range(30):
        bank = generate_question_bank(position(code=f"X-{i}", competencies=(COMM, twin, DRIVE, PLAN)))
        grams = [char_ngrams(t) for t in texts(bank)]
        assert all(jaccard(a, b) < 0.8 for a, b in combinations(grams, 2))
        assert bank.missing == []


def test_questions_close_to_existing_ones_are_not_generated_again():
    bank = generate_question_bank(position())
    existing = [bank.questions[0].text_zh]
    again = generate_question_bank(position(), existing_texts=existing)
    assert existing[0] not in texts(again)
    assert all(jaccard(char_ngrams(existing[0]), char_ngrams(t)) < 0.8 for t in texts(again))
    assert again.missing == []  # another template took its place


def test_dedupe_keeps_the_first_of_near_duplicates():
    bank = generate_question_bank(position())
    q = bank.questions[0]
    copy = type(q)(**{**q.to_dict(), "text_zh": q.text_zh.replace("？", "。")})
    kept, dropped = dedupe_questions([q, copy, bank.questions[1]])
    assert kept == [q, bank.questions[1]]
    assert dropped == 1


def test_difficulty_is_spread_over_the_three_levels():
    for i in range(10):
        counts = generate_question_bank(position(code=f"D-{i}")).difficulty_counts()
        assert all(counts[level] >= 2 for level in (1, 2, 3)), counts


def test_each_question_has_bars_anchors_from_its_competency_and_type():
    bank = generate_question_bank(position())
    for q in bank.questions:
        comp = {"COMM": COMM, "DRIVE": DRIVE, "PLAN": PLAN}[q.competency_code]
        assert set(q.anchors) == {"1", "3", "5"}
        for level in ("1", "3", "5"):
            assert q.anchors[level]["zh"].startswith(comp.anchor(int(level)))
            assert q.anchors[level]["en"]
    behavioural = next(q for q in bank.questions if q.question_type == QuestionType.BEHAVIOURAL)
    assert "STAR" in behavioural.anchors["5"]["zh"]
    technical = next(q for q in bank.questions if q.question_type == QuestionType.TECHNICAL)
    assert "原理" in technical.anchors["5"]["zh"]


def test_behavioural_questions_carry_the_star_probes_and_others_three_type_probes():
    bank = generate_question_bank(position())
    for q in bank.questions:
        assert all(p["zh"] and p["en"] for p in q.follow_ups)
        if q.question_type == QuestionType.BEHAVIOURAL:
            joined = "".join(p["zh"] for p in q.follow_ups)
            for element in ("背景", "任务", "做了", "结果"):
                assert element in joined
        else:
            assert len(q.follow_ups) == 3


def test_duties_are_split_into_short_phrases_and_used_only_when_present():
    assert split_duties(DUTIES) == ("负责产品规划与需求分析", "协调研发与设计完成版本迭代", "跟踪数据，持续优化用户体验")
    long = "- 负责公司核心产品线的整体规划，包括市场调研、竞品分析、需求收集与优先级排序、版本路线图制定"
    assert split_duties(long) == ("负责公司核心产品线的整体规划",)
    with_duties = generate_question_bank(position(code="DUTY-1"))
    without = generate_question_bank(position(code="DUTY-1", duties=""))
    assert not any("「" in t for t in texts(without))
    duty_questions = [t for t in texts(with_duties) if "「" in t]
    assert all(any(d in t for d in split_duties(DUTIES)) for t in duty_questions)


def test_position_without_competencies_gets_an_empty_bank():
    bank = generate_question_bank(position(competencies=()))
    assert bank.questions == []


@pytest.mark.parametrize("name_en, expected", [("Drive for results", "drive for results"), ("", "结果导向")])
def test_english_text_uses_the_english_name_inside_the_sentence(name_en, expected):
    comp = CompetencySpec(code="DRIVE", name_zh="结果导向", name_en=name_en, anchor_5="超额完成")
    bank = generate_question_bank(position(competencies=(comp,), skills=()))
    assert all(expected in q.text_en for q in bank.questions)


def test_engines_import_without_django_or_scikit_learn():
    code = (
        "import sys, interviews.engine; "
        "print(sorted(m for m in ('django', 'sklearn', 'scipy') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.stdout.strip() == "[]"
