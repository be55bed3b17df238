"""The apps' AI tasks: question drafts (model drafts stored as drafts for HR, the bank generator as fallback),
answer-scoring suggestions with cited evidence (beside, never instead of, the engine's and the person's), and
the admin's AI page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hrportal.models import AIOutput
from interviews.models import AISuggestion, Question
from interviews.room import model_scoring
from interviews.room.services import save_note_segment
from tests.interviews.room_setup import STRONG_ANSWER, build_interview

pytestmark = pytest.mark.django_db


def generate(client, position):
    return client.post(reverse("interviews:question_generate", args=[position.pk]), follow=True)


def test_without_a_model_question_generation_is_the_deterministic_bank(client, users, ehr, fake_openai, settings):
    settings.AI_BASE_URL = ""
    client.force_login(users["hr"])
    generate(client, ehr["position"])
    questions = Question.objects.filter(position=ehr["position"])
    assert questions.exists() and all(q.template_id and not q.template_id.startswith("ai-") for q in questions)
    assert fake_openai.requests == []
    assert AIOutput.objects.get(task="interviews.question_drafts").backend == "deterministic"


def test_model_drafts_are_stored_as_drafts_with_provenance(client, users, ehr, ai_settings, fake_openai):
    fake_openai.queue_json({"questions": [
        {"competency_code": "COMM", "question_type": "behavioural", "text_zh": "请讲一次你与难缠客户沟通并达成一致的经历。",
         "text_en": "Tell me about reaching agreement with a difficult client.", "follow_ups": ["你具体说了什么？"]},
        {"competency_code": "DRIVE", "question_type": "situational", "text_zh": "如果月底还差一半目标，你会怎么安排最后一周？",
         "text_en": "", "follow_ups": []},
        {"competency_code": "COMM", "question_type": "behavioural", "text_zh": "请讲一次你与难缠客户沟通并达成一致的经历。",
         "text_en": "", "follow_ups": []},  # a duplicate: skipped
    ]})
    client.force_login(users["hr"])
    page = generate(client, ehr["position"]).content.decode()
    assert "qwen2.5-7b-instruct" in page
    drafts = list(Question.objects.filter(position=ehr["position"]).order_by("id"))
    assert len(drafts) == 2 and all(q.status == Question.Status.DRAFT for q in drafts)
    output = AIOutput.objects.get(task="interviews.question_drafts")
    assert drafts[0].template_id == f"ai-{output.pk}" and drafts[0].generator_version == "ai-qd-1"
    assert drafts[0].anchors["5"]["zh"] and drafts[0].follow_ups == [{"zh": "你具体说了什么？", "en": ""}]
    sent = fake_openai.calls("/chat/completions")[0].body
    assert "销售经理" in sent["messages"][1]["content"]
    assert sent["response_format"]["json_schema"]["schema"]["properties"]["questions"]["items"]["properties"][
        "competency_code"]["enum"] == ["COMM", "DRIVE"]


def test_model_drafts_with_an_unknown_competency_fall_back_to_the_bank(client, users, ehr, ai_settings, fake_openai):
    fake_openai.queue_json({"questions": [{"competency_code": "AGE", "question_type": "behavioural",
                                           "text_zh": "你打算什么时候结婚生子？", "text_en": "", "follow_ups": []}]})
    client.force_login(users["hr"])
    generate(client, ehr["position"])
    assert not Question.objects.filter(text_zh__contains="结婚").exists()
    assert AIOutput.objects.get(task="interviews.question_drafts").fallback_reason == "invalid_output"
    assert Question.objects.filter(position=ehr["position"]).exists()  # the bank generator answered


@pytest.fixture
def room(ehr, users):
    return build_interview(ehr, users)


def test_model_scoring_cites_verbatim_evidence_beside_the_engine(users, room, ai_settings, fake_openai):
    interview, interviewer = room["interview"], users["interviewer"]
    save_note_segment(interview=interview, author=interviewer, client_id="n1", text=STRONG_ANSWER,
                      round_question_id=room["rq_comm"].pk)
    engine = AISuggestion.objects.get(competency=room["comm"])
    fake_openai.default_json = {"score": 5, "confidence": 0.8, "evidence": [
        {"quote": "主动与客户沟通了 6 次", "reason": "主动沟通"}, {"quote": "编造的内容", "reason": "x"}]}
    assert model_scoring.score_with_model(interview=interview, interviewer=interviewer) == 1
    suggestion = AISuggestion.objects.get(competency=room["comm"])
    assert suggestion.suggested == engine.suggested  # the engine's suggestion stands
    model = suggestion.features["model"]
    assert model["score"] == 5 and model["model"] == "qwen2.5-7b-instruct" and model["prompt_version"] == "as-1"
    assert model["quotes_offered"] == 2 and len(model["evidence"]) == 1  # the invented quote is dropped
    seg_id, start, end, kind = model["evidence"][0]
    assert STRONG_ANSWER[start:end] == "主动与客户沟通了 6 次" and kind == "model"
    assert "主动与客户" not in str(suggestion.features).replace(STRONG_ANSWER, "")  # no note text copied
    # same answers → not asked again
    assert model_scoring.score_with_model(interview=interview, interviewer=interviewer) == 0
    assert len(fake_openai.calls("/chat/completions")) == 1


def test_room_shows_the_model_suggestion(client, users, room, ai_settings, fake_openai):
    interview, interviewer = room["interview"], users["interviewer"]
    save_note_segment(interview=interview, author=interviewer, client_id="n1", text=STRONG_ANSWER,
                      round_question_id=room["rq_comm"].pk)
    fake_openai.default_json = {"score": 4, "confidence": 0.7, "evidence": [{"quote": "续约金额 120 万元"}]}
    model_scoring.score_with_model(interview=interview, interviewer=interviewer)
    client.force_login(interviewer)
    html = client.get(reverse("interviews:room_ai", args=[interview.pk])).content.decode()
    assert 'data-model-score="4"' in html and "续约金额 120 万元" in html


def test_without_a_model_nothing_is_asked(users, room, settings, fake_openai):
    settings.AI_BASE_URL = ""
    save_note_segment(interview=room["interview"], author=users["interviewer"], client_id="n1", text=STRONG_ANSWER,
                      round_question_id=room["rq_comm"].pk)
    assert model_scoring.score_with_model(interview=room["interview"], interviewer=users["interviewer"]) == 0
    assert fake_openai.requests == []


def test_admin_ai_page(client, users, ehr, ai_settings, fake_openai):
    fake_openai.fail_next(400)
    client.force_login(users["hr"])
    generate(client, ehr["position"])  # 400 → fallback
    fake_openai.queue_json({"questions": []})
    ehr["position"].duties = "联系人 13912345678"
    ehr["position"].save()
    generate(client, ehr["position"])
    assert client.get(reverse("ai_admin")).status_code == 403
    client.force_login(users["admin"])
    html = client.get(reverse("ai_admin")).content.decode()
    assert "qwen2.5-7b-instruct" in html and 'data-breaker="closed"' in html
    assert 'data-task="interviews.question_drafts"' in html and "http_400" in html
    assert "139****5678" in html and "13912345678" not in html  # the redacted sample
