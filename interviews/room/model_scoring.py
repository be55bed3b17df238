"""Answer-scoring suggestions from a self-hosted model, with cited evidence (issue 22 item 2c).

The engine's suggestion (``services.refresh_ai_suggestions``) stays what the scorecard shows beside each score
and what calibration pairs. When a chat model is configured, the task ``interviews.answer_scoring`` is asked
for each competency's answers in an RQ job: a 1–5 score, a confidence and verbatim quotes from the notes or
transcript as evidence. Quotes that are not found verbatim in the interviewer's own text are dropped; the rest
are stored as spans ``[segment id, start, end, "model"]`` — no note text is copied out of the encrypted
segments — under ``AISuggestion.features["model"]`` with the AI output's provenance (backend, model, prompt
version, inputs' hash). A model's suggestion never replaces a person's score: it is shown beside, as a second
opinion. Without a model the task's fallback is the engine itself (``score_answer``), and nothing is stored
twice.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict

from hrportal.ai.conf import chat_endpoint
from hrportal.ai.registry import register_task
from hrportal.ai.service import complete_json
from interviews.engine import CompetencySpec, score_answer
from interviews.engine.answer_scoring import ENGINE_VERSION, round_half_up
from interviews.models import AISuggestion, Interview, NoteSegment
from interviews.room.answers import answers_by_competency
from interviews.room.selectors import competency_specs, round_competencies

TASK = "interviews.answer_scoring"
PROMPT_VERSION = "as-1"
MAX_QUOTES = 6

SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["score", "confidence", "evidence"],
    "properties": {
        "score": {"type": "integer", "minimum": 1, "maximum": 5},
        "confidence": {"type": "number", "minimum": 0, "maximum": 1},
        "evidence": {"type": "array", "maxItems": MAX_QUOTES, "items": {
            "type": "object", "additionalProperties": False, "required": ["quote"],
            "properties": {"quote": {"type": "string", "minLength": 2, "maxLength": 300},
                           "reason": {"type": "string", "maxLength": 200}},
        }},
    },
}


def engine_answer(inputs: dict) -> dict:
    """The fallback: the deterministic engine's score with its evidence spans as quotes."""
    spec = CompetencySpec(**inputs["competency"])
    texts = inputs["answers"]
    scores = [score_answer(a["text"], spec, a["question_type"], extra_keywords=tuple(a["extra_keywords"]))
              for a in texts]
    quotes = []
    for answer, s in zip(texts, scores, strict=True):
        for start, end, kind in s.evidence:
            quote = answer["text"][start:end]
            if len(quote) >= 2 and len(quotes) < MAX_QUOTES:
                quotes.append({"quote": quote, "reason": kind})
    raw = sum(s.raw for s in scores) / len(scores)
    return {"score": min(5, max(1, round_half_up(raw))),
            "confidence": round(sum(s.confidence for s in scores) / len(scores), 3), "evidence": quotes}


def register() -> None:
    register_task(TASK, label="面试回答评分建议", prompt_version=PROMPT_VERSION, engine_version=ENGINE_VERSION,
                  fallback=engine_answer)


def prompt_for(spec: CompetencySpec, answers: list[dict]) -> str:
    lines = [f"胜任力：{spec.name_zh}（{spec.code}）",
             f"行为锚点：1 分={spec.anchor_1}；3 分={spec.anchor_3}；5 分={spec.anchor_5}",
             f"证据关键词：{'、'.join(spec.keywords())}",
             "以下是面试官记录的候选人回答（可能来自语音转写）："]
    for i, a in enumerate(answers, start=1):
        lines.append(f"【回答{i}，题型 {a['question_type']}】\n{a['text']}")
    lines.append("请按 1–5 分给出建议分与置信度，并从回答中逐字引用支持该分数的原文片段（quote 必须是原文的连续子串）。"
                 "只评价与该胜任力有关的行为证据，不考虑性别、年龄、口音等无关因素。")
    return "\n".join(lines)


def model_configured() -> bool:
    endpoint = chat_endpoint()
    return endpoint is not None and endpoint.usable


def _locate(quote: str, bounds: list[tuple[int, int, int]], text: str) -> list | None:
    start = text.find(quote)
    if start < 0:
        return None
    end = start + len(quote)
    for seg_id, seg_start, seg_end in bounds:
        if seg_start <= start and end <= seg_end:
            return [seg_id, start - seg_start, end - seg_start, "model"]
    return None


def score_with_model(*, interview: Interview, interviewer) -> int:
    """Ask the model for each competency that has an engine suggestion; returns how many were updated.

    Idempotent: a competency whose answers hash the same as the stored model suggestion is not asked again.
    When the model is not configured, or the call fell back to the engine, nothing is stored (the engine's
    suggestion is already there)."""
    if not model_configured():
        return 0
    comps = round_competencies(interview.round)
    specs = competency_specs(interview.application.position, comps)
    segments = list(NoteSegment.objects.filter(interview=interview, author=interviewer)
                    .select_related("round_question__question").order_by("order", "id"))
    by_comp = answers_by_competency(segments)
    suggestions = {s.competency_id: s for s in AISuggestion.objects.filter(interview=interview, interviewer=interviewer)}
    updated = 0
    for comp in comps:
        suggestion = suggestions.get(comp.pk)
        joined = [(a, *a.joined()) for a in by_comp.get(comp.pk, [])]
        joined = [(a, text, bounds) for a, text, bounds in joined if text.strip()]
        if suggestion is None or not joined:
            continue
        answers = [{"question_type": a.question_type, "extra_keywords": list(a.extra_keywords), "text": text}
                   for a, text, _ in joined]
        digest = hashlib.sha256(json.dumps([asdict(specs[comp.pk]), answers], ensure_ascii=False, sort_keys=True,
                                           default=str).encode()).hexdigest()
        if (suggestion.features or {}).get("model", {}).get("answers_hash") == digest:
            continue
        result = complete_json(TASK, prompt=prompt_for(specs[comp.pk], answers), schema=SCHEMA,
                               inputs={"competency": asdict(specs[comp.pk]), "answers": answers})
        if not result.used_model:
            continue
        spans = []
        for item in result.data["evidence"]:
            for (_a, text, bounds) in joined:
                span = _locate(item["quote"], bounds, text)
                if span is not None:
                    spans.append(span)
                    break
        features = dict(suggestion.features or {})
        features["model"] = {"score": result.data["score"], "confidence": result.data["confidence"],
                             "evidence": spans, "quotes_offered": len(result.data["evidence"]),
                             "answers_hash": digest, **result.output.provenance}
        AISuggestion.objects.filter(pk=suggestion.pk).update(features=features)
        updated += 1
    return updated
