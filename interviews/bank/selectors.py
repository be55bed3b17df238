"""Reads of the question bank and the plan editor (query counts independent of the bank size)."""

from __future__ import annotations

from dataclasses import dataclass, field

from interviews.models import InterviewPlan, InterviewRound, Question, QuestionType
from recruiting.models import Position
from recruiting.selectors import skill_display_names


@dataclass
class TypeGroup:
    question_type: str
    label: str
    questions: list[Question] = field(default_factory=list)


@dataclass
class CompetencyGroup:
    competency: object
    weight: object
    types: list[TypeGroup] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(t.questions) for t in self.types)


def question_bank(position: Position, *, status: str = "") -> list[CompetencyGroup]:
    """The bank grouped by the position's competencies (model order) and question type; questions of a
    competency no longer in the model come last. Each question's ``skill_label`` is its skill named in the
    active language (one query for the skills)."""
    qs = list(position.questions.select_related("competency").order_by("question_type", "difficulty", "id")
              .filter(**({"status": status} if status else {})))
    skill_names = skill_display_names(q.skill for q in qs)
    groups: dict[int, CompetencyGroup] = {}
    for pc in position.position_competencies.select_related("competency").order_by("order", "id"):
        groups[pc.competency_id] = CompetencyGroup(pc.competency, pc.weight)
    type_order = list(QuestionType.values)
    for q in qs:
        q.skill_label = skill_names.get(q.skill, q.skill)
        group = groups.setdefault(q.competency_id, CompetencyGroup(q.competency, None))
        tg = next((t for t in group.types if t.question_type == q.question_type), None)
        if tg is None:
            tg = TypeGroup(q.question_type, q.get_question_type_display())
            group.types.append(tg)
        tg.questions.append(q)
    for group in groups.values():
        group.types.sort(key=lambda t: type_order.index(t.question_type))
    return list(groups.values())


def bank_counts(position: Position) -> dict[str, int]:
    rows = position.questions.values_list("status", flat=True)
    statuses = list(rows)
    return {
        "total": len(statuses),
        "approved": statuses.count(Question.Status.APPROVED),
        "draft": statuses.count(Question.Status.DRAFT),
    }


def plan_rounds(plan: InterviewPlan | None) -> list[InterviewRound]:
    if plan is None:
        return []
    return list(
        plan.rounds.prefetch_related("competencies", "interviewer_pool", "round_questions__question__competency")
        .order_by("order", "id")
    )
