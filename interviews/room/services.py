"""Writes of the interview room: note segments, scorecards (draft, submit, amend) and AI suggestions.

The scorecard invariants of issue 4 item 5 live here and in the model's constraints — never in a view:

- only the interview's assigned interviewers write (the assignment row is locked, so one interviewer's writes
  on one interview are serialised: two taps on 提交 cannot make two rows);
- nothing is scored before the interview starts (``Interview.has_started``), nor for a cancelled or no-show
  interview; notes open ``NOTES_OPEN_BEFORE`` (15 minutes) before the start and stay open after the
  scorecard is submitted (they are working notes, the submitted scorecard is the record);
- one current scorecard per interviewer and interview (``uniq_current_scorecard``);
- a submitted scorecard never changes again: an amendment is a new version (version + 1, ``amends`` = the
  previous one, a reason) and the previous version only loses ``is_current``;
- submitting needs a 1–5 score for every competency of the round, an evidence note for every 1 or 5 and an
  overall recommendation.

AI suggestions are recomputed from the interviewer's own notes after every note save (skipped when the
inputs did not change) and copied into ``ScorecardScore.ai_*`` at submit, where calibration reads them.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Avg, Max
from django.utils import timezone
from django.utils.translation import gettext

from hrportal.decimals import half_up
from interviews.decision.composite import counted_scores
from interviews.engine import CompetencySpec, Recalibration, score_answer
from interviews.engine.answer_scoring import ENGINE_VERSION, explain, round_half_up
from interviews.models import (
    UNSCORED_STATUSES,
    AISuggestion,
    Interview,
    InterviewAssignment,
    NoteSegment,
    QuestionScore,
    RecalibrationModel,
    Recommendation,
    RoundQuestion,
    Scorecard,
    ScorecardScore,
)
from interviews.room import jobs
from interviews.room.answers import answers_by_competency
from interviews.room.selectors import competency_specs, round_competencies
from recruiting.models import ApplicationCompetencyScore

log = logging.getLogger(__name__)

NOTES_OPEN_BEFORE = timedelta(minutes=15)
MAX_NOTE_CHARS = 20_000
MAX_EVIDENCE_CHARS = 4_000
MAX_SUMMARY_CHARS = 8_000
EVIDENCE_REQUIRED_SCORES = frozenset({1, 5})
CLIENT_ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


class RoomRefused(ValidationError):
    """An action the room's rules do not allow at this moment (the message is for the interviewer)."""


@dataclass(frozen=True)
class ScoreInput:
    """One competency's line of a scorecard as the interviewer entered it."""

    competency_id: int
    score: int | None
    evidence: str = ""


@dataclass(frozen=True)
class NoteSaveResult:
    segment: NoteSegment | None  # None: an empty new segment, nothing stored
    created: bool
    changed: bool


def score_field(competency_id: int) -> str:
    return f"score_{competency_id}"


def evidence_field(competency_id: int) -> str:
    return f"evidence_{competency_id}"


# --- guards -------------------------------------------------------------------------------------------


def _lock_assignment(interview: Interview, user) -> InterviewAssignment:
    """Lock the user's assignment on the interview (serialises their writes) or refuse: not assigned."""
    assignment = (
        InterviewAssignment.objects.select_for_update().filter(interview_id=interview.pk, interviewer_id=user.pk).first()
    )
    if assignment is None:
        raise PermissionDenied("only the interview's assigned interviewers may write in its room")
    # The status may have moved since the page was loaded: decide on the stored one.
    interview.status, interview.starts_at = (
        Interview.objects.values_list("status", "starts_at").get(pk=interview.pk)
    )
    return assignment


def notes_refusal(interview: Interview, now=None) -> str:
    """Why notes cannot be written now ("" when they can)."""
    now = now or timezone.now()
    if interview.status in UNSCORED_STATUSES:
        return gettext("面试已取消或候选人未到场，不能记录。")
    if now < interview.starts_at - NOTES_OPEN_BEFORE:
        return gettext("面试开始前 15 分钟起才能记录。")
    return ""


def scoring_refusal(interview: Interview, now=None) -> str:
    """Why the interview cannot be scored now ("" when it can)."""
    if interview.status in UNSCORED_STATUSES:
        return gettext("已取消或未到场的面试不能评分。")
    if not interview.has_started(now):
        return gettext("面试开始后才能评分。")
    return ""


def _ensure(refusal: str) -> None:
    if refusal:
        raise RoomRefused(refusal)


# --- notes ----------------------------------------------------------------------------------------------


def lock_note_writer(interview: Interview, user) -> None:
    """For writers beside the notes (the recording): lock the user's assignment (PermissionDenied when not
    assigned) and refuse (RoomRefused) outside the notes window. Call inside a transaction."""
    _lock_assignment(interview, user)
    _ensure(notes_refusal(interview))


@transaction.atomic
def save_note_segment(
    *, interview: Interview, author, client_id: str, text: str, round_question_id: int | None = None, now=None
) -> NoteSaveResult:
    """Store one segment of the author's notes, idempotently.

    The page names each segment with ``client_id``; saving the same client id again updates that segment
    (a retry after a lost answer never adds a copy). An empty new segment stores nothing. A segment stays on
    the question it was created for. Afterwards the author's AI suggestions are brought up to date.
    Refused (RoomRefused) for a cancelled/no-show interview and earlier than 15 minutes before the start.
    """
    client_id = (client_id or "").strip()
    if not CLIENT_ID_RE.match(client_id):
        raise ValidationError({"client_id": gettext("记录编号无效。")})
    text = (text or "").replace("\r\n", "\n")
    if len(text) > MAX_NOTE_CHARS:
        raise ValidationError({"text": gettext("一段记录最多 %(n)d 个字。") % {"n": MAX_NOTE_CHARS}})
    round_question = None
    if round_question_id:
        round_question = (
            RoundQuestion.objects.select_related("question").filter(pk=round_question_id, round_id=interview.round_id).first()
        )
        if round_question is None:
            raise ValidationError({"round_question": gettext("题目不属于本轮面试。")})

    _lock_assignment(interview, author)
    _ensure(notes_refusal(interview, now))

    segment = NoteSegment.objects.filter(interview=interview, author=author, client_id=client_id).first()
    created = False
    if segment is None:
        if not text.strip():
            return NoteSaveResult(segment=None, created=False, changed=False)
        last = NoteSegment.objects.filter(interview=interview, author=author).aggregate(m=Max("order"))["m"]
        try:
            with transaction.atomic():
                segment = NoteSegment.objects.create(
                    interview=interview, author=author, client_id=client_id, text=text,
                    round_question=round_question,
                    competency_id=round_question.question.competency_id if round_question else None,
                    order=(last or 0) + 1,
                )
            created = True
        except IntegrityError:
            # The same segment arrived twice at once (a database without row locks, e.g. SQLite): update it.
            segment = NoteSegment.objects.get(interview=interview, author=author, client_id=client_id)
    if not created:
        if segment.text == text:
            return NoteSaveResult(segment=segment, created=False, changed=False)
        segment.text = text
        segment.save(update_fields=["text", "updated_at"])
    refresh_ai_suggestions(interview=interview, interviewer=author)
    return NoteSaveResult(segment=segment, created=created, changed=True)


# --- AI suggestions ------------------------------------------------------------------------------------


def active_recalibration() -> Recalibration | None:
    """The active recalibration model as the engine applies it (None when there is none or it is unusable)."""
    row = RecalibrationModel.objects.filter(is_active=True).first()
    if row is None:
        return None
    try:
        return Recalibration.from_dict({"version": row.label, **(row.model or {})})
    except (KeyError, TypeError, ValueError) as exc:
        log.warning("active recalibration v%s is unusable, suggestions stay uncalibrated: %s", row.version, exc)
        return None


def _inputs_hash(spec: CompetencySpec, recal: Recalibration | None, answers: list[tuple[str, tuple, str]]) -> str:
    payload = {
        "engine": ENGINE_VERSION, "recalibration": recal.version if recal else "", "competency": asdict(spec),
        "answers": answers,
    }
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str).encode()).hexdigest()


@transaction.atomic
def refresh_ai_suggestions(*, interview: Interview, interviewer) -> dict[int, AISuggestion]:
    """Recompute the interviewer's AI suggestion for each competency of the round from their own notes.

    Per answer ``score_answer`` runs with the question's type (and its skill as an extra keyword) and the
    active recalibration; a competency's suggestion is the mean over its answers. Evidence spans are stored
    as ``[segment id, start, end, kind]`` so no note text is copied out of the encrypted segments. A
    suggestion whose inputs (texts, question types, competency model, engine and recalibration versions)
    hash the same as last time is left alone; one whose notes were all cleared is deleted. Returns the
    suggestions by competency id.
    """
    comps = round_competencies(interview.round)
    specs = competency_specs(interview.application.position, comps)
    segments = list(
        NoteSegment.objects.filter(interview=interview, author=interviewer)
        .select_related("round_question__question").order_by("order", "id")
    )
    by_comp = answers_by_competency(segments)
    existing = {s.competency_id: s for s in AISuggestion.objects.filter(interview=interview, interviewer=interviewer)}
    recal = active_recalibration()
    result: dict[int, AISuggestion] = {}
    for comp in comps:
        spec = specs[comp.pk]
        answers = [(a, *a.joined()) for a in by_comp.get(comp.pk, [])]
        answers = [(a, text, bounds) for a, text, bounds in answers if text.strip()]
        current = existing.get(comp.pk)
        if not answers:
            if current is not None:
                current.delete()
            continue
        digest = _inputs_hash(spec, recal, [(a.question_type, a.extra_keywords, text) for a, text, _ in answers])
        if current is not None and current.inputs_hash == digest:
            result[comp.pk] = current
            continue
        scores = [
            score_answer(text, spec, a.question_type, extra_keywords=a.extra_keywords, recalibration=recal)
            for a, text, _ in answers
        ]
        raw = sum(s.raw for s in scores) / len(scores)
        calibrated = sum(s.calibrated for s in scores) / len(scores) if recal is not None else None
        final = calibrated if calibrated is not None else raw
        evidence = []
        for (_, _, bounds), s in zip(answers, scores, strict=True):
            for start, end, kind in s.evidence:
                for seg_id, seg_start, seg_end in bounds:
                    if seg_start <= start and end <= seg_end:
                        evidence.append([seg_id, start - seg_start, end - seg_start, kind])
                        break
        features = {
            "answers": [
                {"round_question": a.round_question_id, "question_type": a.question_type, "raw": s.raw,
                 "suggested": s.suggested, "confidence": s.confidence, "features": s.features,
                 "explain": explain(s)}
                for (a, _, _), s in zip(answers, scores, strict=True)
            ],
        }
        values = {
            "suggested": min(5, max(1, round_half_up(final))), "raw": round(raw, 4),
            "calibrated": None if calibrated is None else round(calibrated, 4),
            "confidence": round(sum(s.confidence for s in scores) / len(scores), 3),
            "evidence": evidence, "features": features, "engine_version": ENGINE_VERSION,
            "recalibration_version": recal.version if recal else "", "inputs_hash": digest,
            "computed_at": timezone.now(),
        }
        if current is None:
            current = AISuggestion.objects.create(
                interview=interview, interviewer=interviewer, competency=comp, **values
            )
        else:
            for name, value in values.items():
                setattr(current, name, value)
            current.save()
        result[comp.pk] = current
    if result:  # a configured model gives its second opinion in a job (room/model_scoring.py); the engine's stands
        transaction.on_commit(lambda: jobs.queue_model_scoring(interview_id=interview.pk, interviewer_id=interviewer.pk))
    return result


# --- scorecards ----------------------------------------------------------------------------------------


def _current_scorecard(interview: Interview, interviewer) -> Scorecard | None:
    return (
        Scorecard.objects.filter(interview=interview, interviewer=interviewer, is_current=True)
        .prefetch_related("scores").first()
    )


def _clean_inputs(
    interview: Interview, scores: Sequence[ScoreInput], recommendation: str, summary: str, *, complete: bool
) -> dict[int, ScoreInput]:
    """Values checked against the round; with ``complete`` also the submit rules. ValidationError keyed by
    the scorecard form's field names."""
    comps = round_competencies(interview.round)
    allowed = {c.pk: c for c in comps}
    errors: dict[str, list[str]] = {}
    by_comp: dict[int, ScoreInput] = {}
    for item in scores:
        if item.competency_id not in allowed:
            raise ValidationError(gettext("评分项不属于本轮面试的胜任力。"))
        if item.score is not None and item.score not in range(1, 6):
            errors.setdefault(score_field(item.competency_id), []).append(gettext("分数必须在 1 到 5 之间。"))
        if len(item.evidence or "") > MAX_EVIDENCE_CHARS:
            errors.setdefault(evidence_field(item.competency_id), []).append(
                gettext("依据最多 %(n)d 个字。") % {"n": MAX_EVIDENCE_CHARS}
            )
        by_comp[item.competency_id] = ScoreInput(item.competency_id, item.score, (item.evidence or "").strip())
    if recommendation and recommendation not in Recommendation.values:
        errors["recommendation"] = [gettext("请选择有效的总体建议。")]
    if len(summary or "") > MAX_SUMMARY_CHARS:
        errors["summary"] = [gettext("总体评价最多 %(n)d 个字。") % {"n": MAX_SUMMARY_CHARS}]
    if complete:
        for comp in comps:
            item = by_comp.get(comp.pk)
            if item is None or item.score is None:
                errors.setdefault(score_field(comp.pk), []).append(
                    gettext("请为“%(name)s”打分。") % {"name": comp.display_name}
                )
            elif item.score in EVIDENCE_REQUIRED_SCORES and not item.evidence:
                errors.setdefault(evidence_field(comp.pk), []).append(
                    gettext("打 1 分或 5 分时必须填写依据。")
                )
        if not recommendation:
            errors["recommendation"] = [gettext("请选择总体建议。")]
    if errors:
        raise ValidationError(errors)
    return by_comp


def _write_scores(card: Scorecard, values: dict[int, ScoreInput]) -> None:
    rows = {row.competency_id: row for row in card.scores.all()}
    for comp_id, item in values.items():
        row = rows.get(comp_id)
        if row is None:
            ScorecardScore.objects.create(scorecard=card, competency_id=comp_id, score=item.score, evidence=item.evidence)
        elif row.score != item.score or row.evidence != item.evidence:
            row.score, row.evidence = item.score, item.evidence
            row.save(update_fields=["score", "evidence"])


def _write_question_scores(card: Scorecard, interview: Interview, values: Mapping[int, int | None] | None) -> None:
    """The interviewer's optional 1–5 rating of each asked question (what the learning loop correlates with
    performance). Only questions of the interview's round are accepted; None clears a rating."""
    if not values:
        return
    allowed = set(RoundQuestion.objects.filter(round_id=interview.round_id).values_list("question_id", flat=True))
    unknown = sorted(set(values) - allowed)
    if unknown:
        raise ValidationError(gettext("题目不属于本轮面试：%(ids)s") % {"ids": ", ".join(map(str, unknown))})
    stored = {row.question_id: row for row in QuestionScore.objects.filter(scorecard=card)}
    for question_id, score in values.items():
        row = stored.get(question_id)
        if score is None:
            if row is not None:
                row.delete()
        elif row is None:
            QuestionScore.objects.create(scorecard=card, question_id=question_id, score=score)
        elif row.score != score:
            row.score = score
            row.save(update_fields=["score"])


def _same_content(card: Scorecard, values: dict[int, ScoreInput], recommendation: str, summary: str) -> bool:
    stored = {row.competency_id: (row.score, row.evidence) for row in card.scores.all()}
    wanted = {cid: (v.score, v.evidence) for cid, v in values.items()}
    return stored == wanted and card.recommendation == recommendation and card.summary == (summary or "").strip()


def _snapshot_ai(card: Scorecard, suggestions: dict[int, AISuggestion]) -> None:
    """Copy the AI suggestion shown beside each score into the scorecard (the pairs calibration reads)."""
    for row in ScorecardScore.objects.filter(scorecard=card):
        s = suggestions.get(row.competency_id)
        row.ai_suggested = s.suggested if s else None
        row.ai_raw = s.raw if s else None
        row.ai_confidence = s.confidence if s else None
        row.ai_engine_version = s.engine_version if s else ""
        row.ai_recalibration_version = s.recalibration_version if s else ""
        row.save(update_fields=[
            "ai_suggested", "ai_raw", "ai_confidence", "ai_engine_version", "ai_recalibration_version",
        ])


def roll_up_interview_scores(*, application) -> dict[int, Decimal]:
    """Write the application's per-competency interview score (source "interview") = the mean of the current
    submitted scorecards of all its interviews, rounded half-up to 0.01 — what the EHR views show."""
    rows = (
        counted_scores().filter(scorecard__interview__application=application)
        .values("competency_id").annotate(mean=Avg("score"))
    )
    means = {
        r["competency_id"]: half_up(r["mean"]) for r in rows
    }
    now = timezone.now()
    for comp_id, mean in means.items():
        ApplicationCompetencyScore.objects.update_or_create(
            application=application, competency_id=comp_id, source=ApplicationCompetencyScore.Source.INTERVIEW,
            defaults={"score": mean, "recorded_at": now},
        )
    return means


@transaction.atomic
def save_scorecard_draft(
    *, interview: Interview, interviewer, scores: Sequence[ScoreInput], recommendation: str = "", summary: str = "",
    now=None, question_scores: Mapping[int, int | None] | None = None,
) -> Scorecard:
    """Autosave the interviewer's draft (created as version 1 on first save). Incomplete drafts are fine;
    refused before the start, for cancelled/no-show interviews, and once the scorecard is submitted."""
    _lock_assignment(interview, interviewer)
    _ensure(scoring_refusal(interview, now))
    card = _current_scorecard(interview, interviewer)
    if card is not None and card.is_submitted:
        raise RoomRefused(gettext("评分表已提交，不能再修改；如需更正请提交修订。"))
    values = _clean_inputs(interview, scores, recommendation, summary, complete=False)
    if card is None:
        card = Scorecard.objects.create(interview=interview, interviewer=interviewer, version=1)
    _write_scores(card, values)
    _write_question_scores(card, interview, question_scores)
    summary = (summary or "").strip()
    if card.recommendation != recommendation or card.summary != summary:
        card.recommendation, card.summary = recommendation, summary
        card.save(update_fields=["recommendation", "summary"])
    return card


@transaction.atomic
def submit_scorecard(
    *, interview: Interview, interviewer, scores: Sequence[ScoreInput], recommendation: str, summary: str = "",
    now=None, question_scores: Mapping[int, int | None] | None = None,
) -> Scorecard:
    """Submit the interviewer's scorecard: complete (every round competency 1–5, evidence for 1 and 5, a
    recommendation), then locked. The AI suggestions current at that moment are snapshotted beside each
    score and the application's interview scores are updated at once. Submitting the same content again
    returns the submitted scorecard unchanged; different content after submission is refused (amend)."""
    _lock_assignment(interview, interviewer)
    _ensure(scoring_refusal(interview, now))
    card = _current_scorecard(interview, interviewer)
    values = _clean_inputs(interview, scores, recommendation, summary, complete=True)
    if card is not None and card.is_submitted:
        if _same_content(card, values, recommendation, summary):
            return card
        raise RoomRefused(gettext("评分表已提交，不能再修改；如需更正请提交修订。"))
    if card is None:
        card = Scorecard.objects.create(interview=interview, interviewer=interviewer, version=1)
    _write_scores(card, values)
    _write_question_scores(card, interview, question_scores)
    card.recommendation, card.summary = recommendation, (summary or "").strip()
    card.status, card.submitted_at = Scorecard.Status.SUBMITTED, now or timezone.now()
    card.save(update_fields=["recommendation", "summary", "status", "submitted_at"])
    _snapshot_ai(card, refresh_ai_suggestions(interview=interview, interviewer=interviewer))
    roll_up_interview_scores(application=interview.application)
    return card


@transaction.atomic
def amend_scorecard(
    *, interview: Interview, interviewer, scores: Sequence[ScoreInput], recommendation: str, summary: str = "",
    reason: str, now=None, question_scores: Mapping[int, int | None] | None = None,
) -> Scorecard:
    """Correct a submitted scorecard: a new submitted version (version + 1, ``amends`` the previous, with the
    reason); the previous version is kept exactly as it was except that it is no longer current. The same
    rules as submitting apply. Repeating the same amendment (a double tap) returns it instead of a third
    version."""
    _lock_assignment(interview, interviewer)
    _ensure(scoring_refusal(interview, now))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [gettext("修订评分表必须填写原因。")]})
    previous = _current_scorecard(interview, interviewer)
    if previous is None or not previous.is_submitted:
        raise RoomRefused(gettext("只有已提交的评分表才能修订。"))
    values = _clean_inputs(interview, scores, recommendation, summary, complete=True)
    if previous.amends_id is not None and previous.amendment_reason == reason[:500] and _same_content(
        previous, values, recommendation, summary
    ):
        return previous
    Scorecard.objects.filter(pk=previous.pk).update(is_current=False)
    card = Scorecard.objects.create(
        interview=interview, interviewer=interviewer, version=previous.version + 1, is_current=True,
        status=Scorecard.Status.SUBMITTED, recommendation=recommendation, summary=(summary or "").strip(),
        amends=previous, amendment_reason=reason[:500], submitted_at=now or timezone.now(),
    )
    _write_scores(card, values)
    kept = dict(QuestionScore.objects.filter(scorecard=previous).values_list("question_id", "score"))
    _write_question_scores(card, interview, {**kept, **(question_scores or {})})
    _snapshot_ai(card, refresh_ai_suggestions(interview=interview, interviewer=interviewer))
    roll_up_interview_scores(application=interview.application)
    return card


@transaction.atomic
def record_clock(*, interview: Interview, user, which: str, now=None) -> Interview:
    """An assigned interviewer records that the interview actually started (``which="start"``) or ended
    (``"end"``); the first record wins (a second press changes nothing). Interview cost accounting uses the
    actual time instead of the planned one when both exist (payroll/costs/)."""
    _lock_assignment(interview, user)
    now = now or timezone.now()
    _ensure(notes_refusal(interview, now))
    if which == "start":
        Interview.objects.filter(pk=interview.pk, actual_started_at__isnull=True).update(actual_started_at=now)
    elif which == "end":
        started = Interview.objects.values_list("actual_started_at", flat=True).get(pk=interview.pk)
        if started is None or now <= started:
            raise RoomRefused(gettext("请先记录开始时间。"))
        Interview.objects.filter(pk=interview.pk, actual_ended_at__isnull=True).update(actual_ended_at=now)
    else:
        raise RoomRefused(gettext("未知操作。"))
    interview.refresh_from_db(fields=["actual_started_at", "actual_ended_at"])
    return interview
