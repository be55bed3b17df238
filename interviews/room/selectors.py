"""Reads of the interview room: the round's questions and rubric, the interviewer's own notes, scorecard and
AI suggestions, the structured notes, and — only once their own scorecard is submitted — the other
interviewers' scores. Query counts do not grow with the number of questions, notes or competencies.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.db.models import OuterRef, Subquery
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from hrportal import masking, policy
from hrportal.display_names import display_name
from interviews.engine import CompetencySpec, structure_notes
from interviews.engine.notes import NoteSegment as EngineSegment
from interviews.models import (
    AISuggestion,
    Interview,
    InterviewAssignment,
    NoteSegment,
    Question,
    RoundQuestion,
    Scorecard,
    ScorecardScore,
)
from recruiting.models import Competency, PositionCompetency

# Evidence kinds shown beside a suggestion, most telling first (self/team/connective spans stay in the data).
EVIDENCE_KINDS = {
    "keyword": _("证据词"), "percent": _("百分比"), "money": _("金额"), "number": _("数字"), "time": _("时长"),
    "metric": _("指标"), "tool": _("工具/术语"), "result": _("结果"), "action": _("行动"), "task": _("任务"),
    "situation": _("情境"),
}
EVIDENCE_SHOWN = 6
STAR_LABELS = {"situation": _("情境"), "task": _("任务"), "action": _("行动"), "result": _("结果")}
OWNERSHIP_LABELS = {"self": _("本人"), "team": _("团队"), "": _("未说明")}


def room_language() -> str:
    return "en" if (translation.get_language() or "").startswith("en") else "zh"


# --- the round's competencies -------------------------------------------------------------------------


def round_competencies(interview_round) -> list[Competency]:
    """The competencies scored in a round, in the order of the position's competency model.

    A round names its competencies; a round that names none is scored on the competencies of its
    questions, and one without questions on the position's whole model."""
    position_id = interview_round.plan.position_id
    model_order = PositionCompetency.objects.filter(position_id=position_id, competency_id=OuterRef("pk"))
    qs = Competency.objects.annotate(model_order=Subquery(model_order.values("order")[:1]))
    comps = list(qs.filter(pk__in=interview_round.competencies.values("pk")))
    if not comps:
        asked = RoundQuestion.objects.filter(round=interview_round).values("question__competency_id")
        comps = list(qs.filter(pk__in=asked))
    if not comps:
        comps = list(qs.filter(pk__in=PositionCompetency.objects.filter(position_id=position_id).values("competency_id")))
    comps.sort(key=lambda c: (c.model_order is None, c.model_order or 0, c.code))
    return comps


def competency_specs(position, competencies: list[Competency]) -> dict[int, CompetencySpec]:
    """The engine's view of each competency (keywords, anchors, weight and must-have skills of the position)."""
    rows = {
        pc.competency_id: pc
        for pc in PositionCompetency.objects.filter(position=position, competency__in=competencies)
        .prefetch_related("must_have_skills")
    }
    specs = {}
    for comp in competencies:
        pc = rows.get(comp.pk)
        specs[comp.pk] = CompetencySpec(
            code=comp.code, name_zh=comp.name_zh, name_en=comp.name_en, anchor_1=comp.anchor_1,
            anchor_3=comp.anchor_3, anchor_5=comp.anchor_5, evidence_keywords=tuple(comp.evidence_keywords or ()),
            weight=pc.weight if pc else 1.0, skills=tuple(s.name for s in pc.must_have_skills.all()) if pc else (),
        )
    return specs


# --- page data ------------------------------------------------------------------------------------------


@dataclass
class QuestionBlock:
    number: int
    round_question: RoundQuestion
    text: str
    type_label: str
    competency: Competency
    minutes: int
    anchors: list[tuple[str, str]]  # (level, text) for 1, 3, 5
    follow_ups: list[str]
    segments: list[NoteSegment] = field(default_factory=list)
    new_client_id: str = field(default_factory=lambda: uuid.uuid4().hex)  # for the blank segment shown


@dataclass
class SuggestionView:
    suggestion: AISuggestion
    snippets: list[tuple[str, str]]  # (text, kind label)
    reasons: list[str]
    model: dict | None = None  # a configured model's second opinion (room/model_scoring.py): score, quotes, model


@dataclass
class ScoreRow:
    competency: Competency
    anchors: list[tuple[str, str]]
    score: int | None
    evidence: str
    ai: SuggestionView | None
    score_field: str
    evidence_field: str
    stored: ScorecardScore | None = None  # the row of the current scorecard (with the AI snapshot)
    score_errors: list[str] = field(default_factory=list)
    evidence_errors: list[str] = field(default_factory=list)


@dataclass
class OtherScorecard:
    interviewer_name: str
    scorecard: Scorecard
    scores: list[ScorecardScore]


@dataclass
class RoomData:
    interview: Interview
    lang: str
    summary: dict
    audit_fields: list[str]
    panel: list[str]
    questions: list[QuestionBlock]
    free_segments: list[NoteSegment]
    competencies: list[Competency]
    scorecard: Scorecard | None
    score_rows: list[ScoreRow]
    history: list[Scorecard]
    others: list[OtherScorecard] | None  # None = hidden until the user's own scorecard is submitted
    others_pending: int
    suggestions: dict[int, SuggestionView]
    segments: list[NoteSegment]
    round_questions: list[RoundQuestion] = field(default_factory=list)
    question_scores: dict[int, int] = field(default_factory=dict)  # question id → the user's 1–5 rating

    @property
    def question_rows(self) -> list[tuple[RoundQuestion, int | None]]:
        """Each question of the round with the user's optional rating of the answer (issue 17)."""
        return [(rq, self.question_scores.get(rq.question_id)) for rq in self.round_questions]

    @property
    def submitted(self) -> bool:
        return self.scorecard is not None and self.scorecard.is_submitted


def _display_name(user) -> str:
    return user.get_full_name() or user.get_username()


def candidate_summary(interview: Interview, user) -> tuple[dict, list[str]]:
    """What the room shows of the candidate, and the field names shown (for the audit log).

    Never salary expectations, ID number or resume text; contact data masked, and not shown at all to a user
    whose roles lack ``view_candidate_contact_masked`` (the interviewer role)."""
    candidate = interview.application.candidate
    summary = {
        "name": candidate.name, "current_title": candidate.current_title, "current_company": candidate.current_company,
        "city": candidate.city, "years_experience": candidate.years_experience,
        "education": candidate.get_highest_education_display() if candidate.highest_education else "",
    }
    shown = [name for name, value in summary.items() if value not in ("", None)]
    if policy.can(user, "view_candidate_contact_masked"):
        summary["phone"] = masking.mask_phone(candidate.phone)
        summary["email"] = masking.mask_email(candidate.email)
        shown += ["phone(masked)", "email(masked)"]
    return summary, shown


def _anchors_of(question: Question, competency: Competency, lang: str) -> list[tuple[str, str]]:
    rows = []
    comp_anchor = {"1": competency.anchor_1, "3": competency.anchor_3, "5": competency.anchor_5}
    for level, zh, en in question.anchor_rows():
        text = (en or zh) if lang == "en" else zh
        rows.append((level, text or comp_anchor[level]))
    return rows


def _suggestion_view(suggestion: AISuggestion, texts: dict[int, str], lang: str) -> SuggestionView:
    ranked = sorted(
        (span for span in suggestion.evidence or [] if len(span) == 4 and span[3] in EVIDENCE_KINDS),
        key=lambda span: (list(EVIDENCE_KINDS).index(span[3]), span[0], span[1]),
    )
    snippets, seen = [], set()
    for seg_id, start, end, kind in ranked:
        text = texts.get(seg_id, "")[start:end].strip()
        if not text or text.casefold() in seen:
            continue
        seen.add(text.casefold())
        snippets.append((text, str(EVIDENCE_KINDS[kind])))
        if len(snippets) == EVIDENCE_SHOWN:
            break
    reasons = []
    for answer in (suggestion.features or {}).get("answers", []):
        reasons += [line.get(lang) or line.get("zh", "") for line in answer.get("explain", [])]
    model = (suggestion.features or {}).get("model")
    model_view = None
    if model:
        quotes = [texts.get(seg_id, "")[start:end] for seg_id, start, end, _kind in model.get("evidence", [])
                  if seg_id in texts]
        model_view = {"score": model.get("score"), "confidence": model.get("confidence"),
                      "model": model.get("model", ""), "prompt_version": model.get("prompt_version", ""),
                      "quotes": [q for q in quotes if q.strip()][:EVIDENCE_SHOWN]}
    return SuggestionView(suggestion=suggestion, snippets=snippets, reasons=reasons, model=model_view)


def own_segments(interview: Interview, user) -> list[NoteSegment]:
    return list(NoteSegment.objects.filter(interview=interview, author=user).order_by("order", "id"))


def suggestion_views(interview: Interview, user, segments: list[NoteSegment], lang: str) -> dict[int, SuggestionView]:
    texts = {s.pk: s.text for s in segments}
    return {
        s.competency_id: _suggestion_view(s, texts, lang)
        for s in AISuggestion.objects.filter(interview=interview, interviewer=user)
    }


def room_data(interview: Interview, user) -> RoomData:
    """Everything the room page shows to ``user`` (an assigned interviewer; the caller checked)."""
    lang = room_language()
    summary, audit_fields = candidate_summary(interview, user)
    panel = [
        _display_name(a.interviewer)
        for a in InterviewAssignment.objects.filter(interview=interview).select_related("interviewer")
    ]
    comps = round_competencies(interview.round)
    comp_by_id = {c.pk: c for c in comps}
    rqs = list(
        RoundQuestion.objects.filter(round_id=interview.round_id)
        .select_related("question", "question__competency").order_by("order", "id")
    )
    segments = own_segments(interview, user)
    by_rq: dict[int, list[NoteSegment]] = {}
    free = []
    for seg in segments:
        if seg.round_question_id:
            by_rq.setdefault(seg.round_question_id, []).append(seg)
        else:
            free.append(seg)
    questions = []
    for number, rq in enumerate(rqs, start=1):
        q = rq.question
        questions.append(QuestionBlock(
            number=number, round_question=rq, text=(q.text_en or q.text_zh) if lang == "en" else q.text_zh,
            type_label=q.get_question_type_display(), competency=q.competency, minutes=q.minutes,
            anchors=_anchors_of(q, q.competency, lang),
            follow_ups=[
                (p.get("en") or p.get("zh", "")) if lang == "en" else p.get("zh", "")
                for p in (q.follow_ups or []) if isinstance(p, dict)
            ],
            segments=by_rq.get(rq.pk, []),
        ))
    # Segments of a question that left the round stay visible with the free notes.
    known = {rq.pk for rq in rqs}
    free += [seg for rq_id, segs in by_rq.items() if rq_id not in known for seg in segs]

    cards = list(
        Scorecard.objects.filter(interview=interview, interviewer=user).prefetch_related("scores").order_by("version")
    )
    current = next((c for c in cards if c.is_current), None)
    history = [c for c in cards if not c.is_current]
    stored = {row.competency_id: row for row in current.scores.all()} if current else {}
    suggestions = suggestion_views(interview, user, segments, lang)
    rows = []
    for comp in comps:
        row = stored.get(comp.pk)
        rows.append(ScoreRow(
            competency=comp,
            anchors=[("1", comp.anchor_1), ("3", comp.anchor_3), ("5", comp.anchor_5)],
            score=row.score if row else None, evidence=row.evidence if row else "", ai=suggestions.get(comp.pk),
            score_field=f"score_{comp.pk}", evidence_field=f"evidence_{comp.pk}", stored=row,
        ))

    others: list[OtherScorecard] | None = None
    pending = 0
    if current is not None and current.is_submitted:
        submitted = list(
            Scorecard.objects.filter(interview=interview, is_current=True, status=Scorecard.Status.SUBMITTED)
            .exclude(interviewer=user).select_related("interviewer").prefetch_related("scores")
            .order_by("interviewer_id")
        )
        others = [
            OtherScorecard(
                interviewer_name=_display_name(card.interviewer), scorecard=card,
                scores=sorted(
                    (s for s in card.scores.all() if s.competency_id in comp_by_id),
                    key=lambda s: comps.index(comp_by_id[s.competency_id]),
                ),
            )
            for card in submitted
        ]
        for other in others:
            for s in other.scores:
                s.competency = comp_by_id[s.competency_id]
        pending = max(0, len(panel) - 1 - len(others))
    return RoomData(
        interview=interview, lang=lang, summary=summary, audit_fields=audit_fields, panel=panel,
        questions=questions, free_segments=free, competencies=comps, scorecard=current, score_rows=rows,
        history=history, others=others, others_pending=pending, suggestions=suggestions, segments=segments,
        round_questions=rqs,
        question_scores=dict(current.question_scores.values_list("question_id", "score")) if current else {},
    )


# --- AI structured notes ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _BankQuestion:
    text_zh: str
    text_en: str
    competency_code: str
    question_type: str
    status: str


@dataclass
class AINotes:
    claims: list[dict]
    answers: list[dict]
    prompts: list[dict]
    has_notes: bool


def ai_notes(
    interview: Interview, user, *, segments: list[NoteSegment] | None = None,
    competencies: list[Competency] | None = None, round_questions: list[RoundQuestion] | None = None,
) -> AINotes:
    """The interviewer's own notes structured by the engine: claims with figures mapped to competencies,
    STAR completeness per answer (with the probe for each missing element) and prompts for competencies
    without own evidence, quoting the top anchor and suggesting an approved question not yet answered.
    Notes, competencies and round questions already loaded by the caller are reused."""
    lang = room_language()
    segments = own_segments(interview, user) if segments is None else segments
    comps = round_competencies(interview.round) if competencies is None else competencies
    rqs = round_questions
    if rqs is None:
        rqs = list(
            RoundQuestion.objects.filter(round_id=interview.round_id)
            .select_related("question", "question__competency").order_by("order", "id")
        )
    specs = competency_specs(interview.application.position, comps)
    code_names = {c.code: display_name(c, lang) for c in comps}
    comp_codes = {c.pk: c.code for c in comps}
    rq_number = {rq.pk: n for n, rq in enumerate(rqs, start=1)}
    rq_comp = {rq.pk: rq.question.competency.code for rq in rqs}
    engine_segments = []
    for seg in segments:
        if not seg.text.strip():
            continue
        answer_id = f"q{seg.round_question_id}" if seg.round_question_id in rq_number else f"s{seg.pk}"
        code = rq_comp.get(seg.round_question_id) or comp_codes.get(seg.competency_id, "")
        engine_segments.append(EngineSegment(text=seg.text, answer_id=answer_id, competency_code=code))
    answered = {seg.round_question_id for seg in segments if seg.text.strip() and seg.round_question_id}
    in_round = [rq.question for rq in rqs]
    bank = list(
        Question.objects.filter(position_id=interview.application.position_id, status=Question.Status.APPROVED)
        .exclude(pk__in=[q.pk for q in in_round]).select_related("competency").order_by("question_type", "id")
    )
    questions = [
        _BankQuestion(q.text_zh, q.text_en, q.competency.code, q.question_type, q.status) for q in (*in_round, *bank)
    ]
    asked = [rq.question.text_zh for rq in rqs if rq.pk in answered]
    structured = structure_notes(engine_segments, [specs[c.pk] for c in comps], questions=questions, asked_texts=asked)

    claims = [
        {
            "text": c.text, "figures": c.figures, "ownership": str(OWNERSHIP_LABELS.get(c.ownership, "")),
            "own": c.ownership == "self", "competencies": [code_names.get(code, code) for code in c.competencies],
        }
        for c in structured.claims
    ]
    answers = []
    for a in structured.answers:
        label_number = rq_number.get(int(a.answer_id[1:])) if a.answer_id.startswith("q") else None
        answers.append({
            "number": label_number, "competency": code_names.get(a.competency_code, ""),
            "elements": [(str(STAR_LABELS[el]), ok) for el, ok in a.elements.items()],
            "percent": round(a.completeness * 100), "probes": [p[lang] for p in a.probes],
        })
    prompts = [
        {
            "competency": code_names.get(p.competency_code, p.competency_code), "reason": p.reason,
            "text": p.en if lang == "en" else p.zh,
            "question": (p.suggested_question or {}).get(lang) or (p.suggested_question or {}).get("zh", ""),
        }
        for p in structured.prompts
    ]
    return AINotes(claims=claims, answers=answers, prompts=prompts, has_notes=bool(engine_segments))
