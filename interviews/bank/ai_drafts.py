"""Question drafts from a self-hosted model (issue 22 item 2b), the deterministic bank as default and fallback.

The task ``interviews.question_drafts`` sends the position's title, duties and competency model (no candidate
data) and asks for behavioural/situational/pressure/technical questions per competency. What the model drafts
is stored like any generated question: a **draft** HR must approve before it can be placed in a round
(``RoundQuestion`` refuses unapproved questions). When no model is configured, or it fails or answers outside
the schema, the existing generator (``services.generate_bank``) runs exactly as before.
"""

from __future__ import annotations

from dataclasses import asdict

from django.db import transaction

from hrportal.ai.registry import register_task
from hrportal.ai.service import complete_json
from interviews.bank import services
from interviews.bank.specs import position_spec
from interviews.engine import GENERATOR_VERSION, CompetencySpec, PositionSpec, generate_question_bank
from interviews.engine.questions import char_ngrams, is_near_duplicate, question_anchors
from interviews.models import Question
from recruiting.models import Position

TASK = "interviews.question_drafts"
PROMPT_VERSION = "qd-1"
TYPES = ("behavioural", "situational", "pressure", "technical")
MAX_QUESTIONS = 40
NEAR_DUPLICATE = 0.6


def schema_for(spec: PositionSpec) -> dict:
    codes = [c.code for c in spec.competencies] or ["-"]
    return {
        "type": "object", "additionalProperties": False, "required": ["questions"],
        "properties": {"questions": {"type": "array", "maxItems": MAX_QUESTIONS, "items": {
            "type": "object", "additionalProperties": False,
            "required": ["competency_code", "question_type", "text_zh", "text_en", "follow_ups"],
            "properties": {
                "competency_code": {"type": "string", "enum": codes},
                "question_type": {"type": "string", "enum": list(TYPES)},
                "text_zh": {"type": "string", "minLength": 6, "maxLength": 300},
                "text_en": {"type": "string", "maxLength": 400},
                "follow_ups": {"type": "array", "maxItems": 4, "items": {"type": "string", "maxLength": 200}},
                "skill": {"type": "string", "maxLength": 80},
            },
        }}},
    }


def prompt_for(spec: PositionSpec) -> str:
    lines = [f"职位：{spec.title_zh}（{spec.title_en}）", "职责：" + "；".join(spec.duties or ("（未填写）",)),
             "胜任力模型（代码：名称；1/3/5 分行为锚点；证据关键词）："]
    for c in spec.competencies:
        lines.append(f"- {c.code}：{c.name_zh}；1={c.anchor_1}；3={c.anchor_3}；5={c.anchor_5}；"
                     f"{'、'.join(c.evidence_keywords)}{'；需要压力题' if c.needs_pressure else ''}"
                     f"{'；必备技能 ' + '、'.join(c.skills) if c.skills else ''}")
    lines.append("请为每个胜任力各写至少一道行为面试题（STAR）和一道情景题，需要时加压力题，每项必备技能一道专业技术题；"
                 "每题给出英文译文和 1–3 个追问。不得涉及性别、年龄、婚育、民族、宗教、户籍等与岗位无关的内容。")
    return "\n".join(lines)


def deterministic_drafts(inputs: dict) -> dict:
    """The fallback: the existing generator's bank in the task's answer shape."""
    spec = _spec_from_inputs(inputs)
    bank = generate_question_bank(spec)
    return {"questions": [
        {"competency_code": q.competency_code, "question_type": str(q.question_type), "text_zh": q.text_zh,
         "text_en": q.text_en, "follow_ups": [f.get("zh", "") for f in q.follow_ups][:4], "skill": q.skill}
        for q in bank.questions[:MAX_QUESTIONS]
    ]}


def _spec_from_inputs(inputs: dict) -> PositionSpec:
    data = dict(inputs["position"])
    data["competencies"] = tuple(CompetencySpec(**c) for c in data.get("competencies", ()))
    return PositionSpec(**data)


def register() -> None:
    register_task(TASK, label="面试题草拟", prompt_version=PROMPT_VERSION, engine_version=GENERATOR_VERSION,
                  fallback=deterministic_drafts)


@transaction.atomic
def draft_questions(*, position: Position, by=None) -> services.GenerationResult:
    """Draft questions for the position: a configured model's drafts, else the deterministic generator.

    Guarantees: everything is stored as a **draft** (HR approves before use); a model's question that is a
    near-duplicate of one already in the bank (or of another draft) is skipped; each model question records
    the AI output it came from (``template_id = ai-<AIOutput id>``, ``generator_version = ai-<prompt>``), so its
    backend, model and prompt version stay answerable. Without a model this is ``services.generate_bank``.
    """
    spec = position_spec(position)
    result = complete_json(TASK, prompt=prompt_for(spec), schema=schema_for(spec), inputs={"position": asdict(spec)})
    if not result.used_model:
        generated = services.generate_bank(position=position, by=by)
        generated.ai_output = result.output
        return generated
    Position.objects.select_for_update().filter(pk=position.pk).first()
    grams = [char_ngrams(t) for t in position.questions.values_list("text_zh", flat=True)]
    competencies = {pc.competency.code: pc.competency for pc in position.position_competencies.select_related("competency")}
    kept, skipped = [], 0
    for item in result.data["questions"]:
        own = char_ngrams(item["text_zh"])
        if is_near_duplicate(own, grams, NEAR_DUPLICATE):
            skipped += 1
            continue
        grams.append(own)
        comp_spec = spec.competency(item["competency_code"])
        kept.append(Question(
            position=position, competency=competencies[item["competency_code"]], text_zh=item["text_zh"],
            text_en=item.get("text_en", ""), question_type=item["question_type"],
            anchors=question_anchors(comp_spec, item["question_type"]),
            follow_ups=[{"zh": f, "en": ""} for f in item.get("follow_ups", []) if f],
            skill=item.get("skill", ""), source=Question.Source.GENERATED, status=Question.Status.DRAFT,
            template_id=f"ai-{result.output.pk}"[:40], generator_version=f"ai-{PROMPT_VERSION}"[:20],
        ))
    created = Question.objects.bulk_create(kept)
    generated = services.GenerationResult(created=created, skipped_existing=skipped)
    generated.ai_output = result.output
    return generated
