"""Writes of the question bank and interview plans (keyword-only arguments, atomic, docstrings say what
they guarantee)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from interviews.bank.specs import position_spec
from interviews.engine import GENERATOR_VERSION, generate_question_bank
from interviews.engine.questions import DEFAULT_OPTIONS, dedupe_questions
from interviews.models import InterviewPlan, InterviewRound, Question
from recruiting.models import Position


@dataclass
class GenerationResult:
    created: list[Question] = field(default_factory=list)
    skipped_existing: int = 0  # already in the bank (same template/competency/skill) or a near-duplicate
    missing: list[tuple[str, str]] = field(default_factory=list)  # (competency code, type) the engine could not fill
    ai_output: object = None  # the hrportal.models.AIOutput of a draft through hrportal.ai (bank/ai_drafts.py)

    def counts(self) -> dict[tuple[str, str], int]:
        """Created questions per (competency code, question type)."""
        result: dict[tuple[str, str], int] = {}
        for q in self.created:
            key = (q.competency.code, q.question_type)
            result[key] = result.get(key, 0) + 1
        return result


def template_effects(position: Position) -> tuple[tuple[str, str], ...]:
    """What the learning loop says about each template (issue 17 item 4): "retired" when a question of this
    position made from it was retired after review; otherwise the verdict of the company's question from that
    template with the most answers (interviews/learning). The generator prefers effective templates."""
    effects: dict[str, tuple[int, str]] = {}
    rows = (Question.objects.exclude(template_id="").exclude(effect="")
            .values_list("template_id", "effect", "effectiveness_n").order_by("template_id", "id"))
    for template_id, effect, n in rows:
        if template_id not in effects or (n or 0) > effects[template_id][0]:
            effects[template_id] = (n or 0, effect)
    result = {tid: effect for tid, (_n, effect) in effects.items()}
    for template_id in position.questions.filter(status=Question.Status.RETIRED).exclude(template_id="").values_list(
            "template_id", flat=True):
        result[template_id] = "retired"
    return tuple(sorted(result.items()))


def _generated_key(competency_code: str, question_type: str, skill: str, template_id: str) -> tuple:
    return (competency_code, question_type, skill.casefold(), template_id)


@transaction.atomic
def generate_bank(*, position: Position, by=None) -> GenerationResult:
    """Generate the position's question bank from its competency model and store the new questions as drafts.

    Guarantees: per competency ≥ 1 behavioural and ≥ 1 situational question, pressure questions for
    dimensions that call for them, a technical question per must-have skill (unless the engine reports the
    pair in ``missing``); nothing that is a near-duplicate of a question already in the bank is added;
    idempotent — the bank is deterministic for the same inputs, and a generated question whose template,
    competency and skill are already in the bank is not stored again, so a second run adds nothing.
    The position row is locked so two concurrent runs cannot both add the same questions.
    """
    Position.objects.select_for_update().filter(pk=position.pk).first()
    existing = list(position.questions.select_related("competency"))
    # Manual questions steer the generator (it picks another template instead of a near-duplicate); generated
    # ones are matched by key below, so that the bank — and thus a re-run — stays the same.
    manual_texts = [q.text_zh for q in existing if q.source == Question.Source.MANUAL]
    options = replace(DEFAULT_OPTIONS, template_effects=template_effects(position))
    bank = generate_question_bank(position_spec(position), existing_texts=manual_texts, options=options)
    keys = {
        _generated_key(q.competency.code, q.question_type, q.skill, q.template_id)
        for q in existing if q.source == Question.Source.GENERATED
    }
    fresh = [q for q in bank.questions if _generated_key(q.competency_code, q.question_type, q.skill, q.template_id) not in keys]
    kept, _dropped = dedupe_questions(fresh, existing_texts=[q.text_zh for q in existing])
    competencies = {pc.competency.code: pc.competency for pc in position.position_competencies.select_related("competency")}
    created = Question.objects.bulk_create(
        [
            Question(
                position=position, competency=competencies[q.competency_code], text_zh=q.text_zh, text_en=q.text_en,
                question_type=q.question_type, difficulty=q.difficulty, anchors=q.anchors, follow_ups=q.follow_ups,
                skill=q.skill, source=Question.Source.GENERATED, status=Question.Status.DRAFT,
                template_id=q.template_id, generator_version=q.generator_version or GENERATOR_VERSION,
            )
            for q in kept
        ]
    )
    return GenerationResult(
        created=created, skipped_existing=len(bank.questions) - len(kept), missing=list(bank.missing)
    )


@transaction.atomic
def approve_question(*, question: Question, by) -> Question:
    """Mark a question approved (askable) and record who approved it and when."""
    question.status = Question.Status.APPROVED
    question.approved_by = by
    question.approved_at = timezone.now()
    question.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    return question


@transaction.atomic
def unapprove_question(*, question: Question, by) -> Question:
    """Send a question back to draft. Refused (ValidationError) while a plan round uses it, so a plan never
    holds an unapproved question."""
    if question.round_uses.exists():
        raise ValidationError(gettext("该题目已被面试计划使用，请先从轮次中移除。"))
    question.status = Question.Status.DRAFT
    question.approved_by = None
    question.approved_at = None
    question.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    return question


@transaction.atomic
def save_question(*, form, position: Position, by) -> Question:
    """Store a question edited or added by HR (a new one is a manual draft of the position).

    Editing keeps the status: HR is the one who approves, and the editor is HR."""
    question = form.save(commit=False)
    if question.pk is None:
        question.position = position
        question.source = Question.Source.MANUAL
        question.status = Question.Status.DRAFT
    question.full_clean()
    question.save()
    return question


@transaction.atomic
def save_plan(*, position: Position, time_budget_minutes: int, by=None) -> InterviewPlan:
    """Create or update the position's interview plan (one per position)."""
    plan, _created = InterviewPlan.objects.get_or_create(
        position=position, defaults={"time_budget_minutes": time_budget_minutes}
    )
    if plan.time_budget_minutes != time_budget_minutes:
        plan.time_budget_minutes = time_budget_minutes
        plan.full_clean()
        plan.save(update_fields=["time_budget_minutes", "updated_at"])
    return plan


@transaction.atomic
def save_round(
    *, plan: InterviewPlan, interview_round: InterviewRound | None = None, name: str, order: int,
    duration_minutes: int, competencies, interviewers, questions, by=None, name_en: str = "",
) -> InterviewRound:
    """Create or update a round with its competencies, interviewer pool and selected questions.

    Guarantees: every selected question is an approved question of the plan's position (ValidationError
    otherwise, and nothing is saved); the selection replaces the previous one, in the given order.
    """
    interview_round = interview_round or InterviewRound(plan=plan)
    interview_round.name = name
    interview_round.name_en = (name_en or "").strip()
    interview_round.order = order
    interview_round.duration_minutes = duration_minutes
    interview_round.full_clean(exclude=["plan"])
    interview_round.save()
    interview_round.competencies.set(competencies)
    interview_round.interviewer_pool.set(interviewers)
    interview_round.round_questions.all().delete()
    for index, question in enumerate(questions, start=1):
        interview_round.add_question(question, order=index)
    return interview_round


@transaction.atomic
def delete_round(*, interview_round: InterviewRound, by=None) -> None:
    """Remove a round and its question selection (the questions stay in the bank)."""
    interview_round.delete()

