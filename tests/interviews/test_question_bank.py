"""Question bank generation from a position's competency model: drafts, coverage, idempotency, the command."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from interviews.bank.services import approve_question, generate_bank, unapprove_question
from interviews.bank.specs import needs_pressure, position_spec
from interviews.models import Question
from recruiting.models import Competency, PositionCompetency


def _per(position):
    result: dict[tuple[str, str], int] = {}
    for code, qtype in position.questions.values_list("competency__code", "question_type"):
        result[(code, qtype)] = result.get((code, qtype), 0) + 1
    return result


def test_generation_stores_drafts_covering_every_competency(ehr, users):
    position = ehr["position"]
    result = generate_bank(position=position, by=users["hr"])
    assert result.created
    questions = list(position.questions.all())
    assert {q.status for q in questions} == {Question.Status.DRAFT}
    assert {q.source for q in questions} == {Question.Source.GENERATED}
    per = _per(position)
    for comp in ("COMM", "DRIVE"):
        assert per.get((comp, "behavioural"), 0) >= 1
        assert per.get((comp, "situational"), 0) >= 1
    # Python is a must-have skill of the COMM dimension → one technical question scored under COMM.
    technical = position.questions.get(question_type="technical")
    assert technical.skill == "Python" and technical.competency.code == "COMM"
    assert "Python" in technical.text_zh
    # No pressure competency in this model → no pressure questions.
    assert per.get(("COMM", "pressure"), 0) == 0
    sample = questions[0]
    assert sample.text_en and set(sample.anchors) == {"1", "3", "5"} and sample.follow_ups
    assert sample.generator_version == "qgen-1.0" and sample.template_id


def test_generation_is_idempotent(ehr, users):
    position = ehr["position"]
    first = generate_bank(position=position, by=users["hr"])
    count = position.questions.count()
    second = generate_bank(position=position, by=users["hr"])
    assert second.created == []
    assert second.skipped_existing == len(first.created)
    assert position.questions.count() == count


def test_edited_questions_are_not_generated_again(ehr, users):
    position = ehr["position"]
    generate_bank(position=position, by=users["hr"])
    question = position.questions.first()
    question.text_zh = "请讲一个完全不同的、由HR改写过的问题，关于你如何说服客户"
    question.save()
    count = position.questions.count()
    assert generate_bank(position=position, by=users["hr"]).created == []
    assert position.questions.count() == count


def test_manual_near_duplicate_is_not_added_again(ehr, users):
    position = ehr["position"]
    generated = generate_bank(position=position, by=users["hr"]).created
    text = generated[0].text_zh
    Question.objects.all().delete()
    Question.objects.create(
        position=position, competency=generated[0].competency, text_zh=text + "。", question_type=generated[0].question_type,
    )
    generate_bank(position=position, by=users["hr"])
    assert position.questions.filter(text_zh=text).count() == 0
    assert position.questions.filter(text_zh__startswith=text).count() == 1


def test_pressure_questions_for_a_resilience_competency(ehr, users):
    position = ehr["position"]
    resilience = Competency.objects.create(
        code="RESIL", name_zh="抗压能力", name_en="Resilience", anchor_1="a", anchor_3="b", anchor_5="c",
        evidence_keywords=["压力", "坚持"],
    )
    assert needs_pressure(resilience)
    assert not needs_pressure(ehr["competencies"][0])
    PositionCompetency.objects.create(position=position, competency=resilience, weight="10", order=3)
    spec = position_spec(position)
    assert [c.needs_pressure for c in spec.competencies] == [False, False, True]
    generate_bank(position=position, by=users["hr"])
    assert _per(position).get(("RESIL", "pressure"), 0) >= 1


def test_approve_and_unapprove(ehr, users):
    question = generate_bank(position=ehr["position"], by=users["hr"]).created[0]
    approve_question(question=question, by=users["hr"])
    question.refresh_from_db()
    assert question.is_approved and question.approved_by == users["hr"] and question.approved_at
    unapprove_question(question=question, by=users["hr"])
    question.refresh_from_db()
    assert question.status == Question.Status.DRAFT and question.approved_by is None


def test_command_prints_counts_per_type_and_competency(ehr):
    out = StringIO()
    call_command("generate_questions", "--position", "SM-01", stdout=out)
    text = out.getvalue()
    total = ehr["position"].questions.count()
    assert f"{total} new draft questions" in text
    assert "technical: 1" in text
    assert "COMM 沟通能力" in text and "DRIVE 结果导向" in text
    again = StringIO()
    call_command("generate_questions", "--position", "SM-01", stdout=again)
    assert "0 new draft questions" in again.getvalue()
    assert ehr["position"].questions.count() == total


@pytest.mark.django_db
def test_command_refuses_unknown_position():
    with pytest.raises(CommandError):
        call_command("generate_questions", "--position", "NOPE")
