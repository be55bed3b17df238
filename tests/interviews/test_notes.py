"""Structured interview notes: key claims with figures mapped to competencies, STAR completeness per answer,
and "still to assess" prompts that quote the rubric."""

from interviews.engine.notes import NoteSegment, split_sentences, structure_notes
from interviews.engine.questions import CompetencySpec, GeneratedQuestion

PLAN = CompetencySpec(
    code="PLAN", name_zh="产品规划能力", name_en="Product planning", anchor_5="能独立完成产品 roadmap 制定",
    anchor_5_en="builds a product roadmap independently", evidence_keywords=["规划", "roadmap", "迭代"],
)
DRIVE = CompetencySpec(
    code="DRIVE", name_zh="结果导向", name_en="Drive for results", anchor_5="持续超额完成目标",
    evidence_keywords=["增长", "业绩", "目标"],
)
COMM = CompetencySpec(
    code="COMM", name_zh="沟通能力", name_en="Communication", anchor_5="善于说服，能推动跨部门达成一致",
    evidence_keywords=["沟通", "协调", "说服"],
)
CLAIM = "主导过3个产品迭代项目，其中1个项目用户量增长50%"


def question(code, text, status="approved", qtype="behavioural"):
    return GeneratedQuestion(
        text_zh=text, text_en=text + " (en)", question_type=qtype, competency_code=code, difficulty=2, anchors={},
        follow_ups=[], status=status,
    )


def test_a_sentence_with_figures_becomes_a_claim_mapped_to_competencies():
    notes = structure_notes([f"我之前在一家电商公司做产品。{CLAIM}。当时团队比较小。"], [PLAN, DRIVE, COMM])
    claim = next(c for c in notes.claims if CLAIM in c.text)
    assert claim.figures == ["3个", "1个", "50%"]
    assert claim.competencies == ["PLAN", "DRIVE"]
    assert claim.ownership == "self"  # "主导过…" drops the subject, but it is the speaker's claim
    assert notes.evidence["PLAN"] == notes.evidence["DRIVE"] == [notes.claims.index(claim)]
    # A sentence with neither figures nor own action is not a claim.
    assert not any("团队比较小" in c.text for c in notes.claims)


def test_claim_offsets_point_into_the_segment_text():
    text = "背景是这样的：我负责华东区，业绩提升了３０％。我们也做了很多沟通。"
    notes = structure_notes([NoteSegment(text)], [DRIVE, COMM])
    for claim in notes.claims:
        assert text[claim.start:claim.end] == claim.text
    assert notes.claims[0].figures == ["３０％"]
    assert [c.ownership for c in notes.claims] == ["self"]


def test_competency_without_evidence_gets_a_prompt_quoting_the_rubric():
    notes = structure_notes([f"{CLAIM}。"], [PLAN, DRIVE, COMM])
    prompts = {p.competency_code: p for p in notes.prompts}
    assert set(prompts) == {"COMM"}
    assert prompts["COMM"].zh == "请评估候选人的沟通能力；优秀：善于说服，能推动跨部门达成一致"
    assert prompts["COMM"].reason == "no_evidence"

    nothing_yet = structure_notes([], [PLAN])
    assert nothing_yet.prompts[0].zh == "请评估候选人的产品规划能力；优秀：能独立完成产品 roadmap 制定"
    assert nothing_yet.prompts[0].en == (
        "Please assess the candidate's Product planning; excellent: builds a product roadmap independently"
    )


def test_evidence_that_only_describes_the_team_still_asks_for_own_contribution():
    notes = structure_notes(["我们部门沟通很顺畅，季度业绩提升了20%。"], [COMM, DRIVE])
    prompts = {p.competency_code: p for p in notes.prompts}
    assert prompts["COMM"].reason == prompts["DRIVE"].reason == "team_only"
    assert "追问候选人本人的贡献" in prompts["COMM"].zh


def test_answer_to_a_competencys_question_counts_as_its_evidence_even_without_keywords():
    notes = structure_notes([NoteSegment("我带着2个新人把流程重新梳理了一遍。", "q1", "COMM")], [COMM, DRIVE])
    assert notes.evidence["COMM"] == [0]
    assert [p.competency_code for p in notes.prompts] == ["DRIVE"]


def test_star_completeness_per_answer_with_probes_for_missing_parts():
    notes = structure_notes([
        NoteSegment("当时我们的留存率只有20%。", "a1", "DRIVE"),
        NoteSegment("我的目标是三个月内提升到30%，我主导做了新手引导改版，最终留存率提升到32%。", "a1", "DRIVE"),
        NoteSegment("我们做得很好。", "a2", "COMM"),
    ], [DRIVE, COMM])
    by_id = {a.answer_id: a for a in notes.answers}
    assert by_id["a1"].completeness == 1.0 and by_id["a1"].probes == []
    assert by_id["a2"].completeness == 0.0
    assert [p["zh"] for p in by_id["a2"].probes][-1] == "最终结果如何？有没有可以衡量的数据？"
    assert by_id["a1"].competency_code == "DRIVE"


def test_english_transcripts_are_structured_too():
    notes = structure_notes(
        ["In my last role I led the roadmap for two releases. Revenue grew by 18% in one quarter. We were happy."],
        [PLAN, DRIVE],
    )
    texts = [c.text for c in notes.claims]
    assert texts == ["In my last role I led the roadmap for two releases.", "Revenue grew by 18% in one quarter."]
    assert notes.claims[0].competencies == ["PLAN"] and notes.claims[0].ownership == "self"
    assert notes.claims[1].figures == ["18%"]


def test_prompt_suggests_the_next_approved_question_not_yet_asked():
    bank = [
        question("COMM", "草稿问题", status="draft"),
        question("COMM", "已问过的问题"),
        question("COMM", "情景问题", qtype="situational"),
        question("COMM", "行为问题"),
        question("PLAN", "规划问题"),
    ]
    notes = structure_notes([f"{CLAIM}。"], [PLAN, DRIVE, COMM], questions=bank, asked_texts=["已问过的问题"])
    prompt = next(p for p in notes.prompts if p.competency_code == "COMM")
    assert prompt.suggested_question == {"zh": "行为问题", "en": "行为问题 (en)"}


def test_sentences_split_on_chinese_and_english_ends_but_not_on_decimals_or_commas():
    text = "增长了3.5倍，很好！Then we shipped it. 最后上线"
    assert [text[s:e] for s, e in split_sentences(text)] == ["增长了3.5倍，很好！", "Then we shipped it.", "最后上线"]
