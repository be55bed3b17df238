"""Question-bank feedback (issue 17 item 4): the generator prefers templates whose questions predicted
performance, never reuses retired ones, and the bank and plan pages say why a question is there."""

from __future__ import annotations

from dataclasses import replace

from django.urls import reverse

from interviews.engine.questions import DEFAULT_OPTIONS, QuestionType, generate_question_bank
from interviews.models import Question
from tests.interviews.test_question_generator import position


def _first_behavioural(bank, code):
    return [q for q in bank.questions if q.competency_code == code and q.question_type == QuestionType.BEHAVIOURAL]


def test_effective_templates_come_first_and_retired_ones_never():
    spec = position()
    plain = generate_question_bank(spec)
    code = spec.competencies[0].code
    first, second = (q.template_id for q in _first_behavioural(plain, code)[:2])
    # tell the generator the second-choice template predicted performance and the first was retired
    options = replace(DEFAULT_OPTIONS, template_effects=((first, "retired"), (second, "strong")))
    steered = generate_question_bank(spec, options=options)
    assert _first_behavioural(steered, code)[0].template_id == second
    assert first not in {q.template_id for q in steered.questions}
    # no evidence: the seeded order is unchanged
    assert [q.text_zh for q in generate_question_bank(spec).questions] == [q.text_zh for q in plain.questions]


def test_bank_and_plan_pages_say_why(ehr, users, client):
    comm = ehr["competencies"][0]
    strong = Question.objects.create(
        position=ehr["position"], competency=comm, text_zh="讲一次说服客户的经历", question_type="behavioural",
        status=Question.Status.APPROVED, effect="strong", effectiveness="0.4512", effectiveness_low="0.3100",
        effectiveness_high="0.5800", effectiveness_n=64,
    )
    flagged = Question.objects.create(
        position=ehr["position"], competency=comm, text_zh="你最喜欢的颜色", question_type="behavioural",
        status=Question.Status.APPROVED, effect="flagged", effectiveness="0.0200", effectiveness_low="-0.2000",
        effectiveness_high="0.2400", effectiveness_n=64,
    )
    assert "r=0.45" in strong.effect_summary() and "n=64" in strong.effect_summary()
    assert flagged.needs_review and not strong.needs_review
    client.force_login(users["hr"])
    html = client.get(reverse("interviews:question_bank", args=[ehr["position"].pk])).content.decode()
    assert "审核后停用" in html and "高效" in html
    from interviews.models import InterviewPlan, InterviewRound

    plan = InterviewPlan.objects.create(position=ehr["position"])
    rnd = InterviewRound.objects.create(plan=plan, name="初面")
    rnd.add_question(strong)
    html = client.get(reverse("interviews:plan_detail", args=[ehr["position"].pk])).content.decode()
    assert "为何选这道题" in html and "r=0.45" in html
