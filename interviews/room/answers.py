"""A note-taker's segments grouped into answers: one per round question, and notes tied only to a competency
as one behavioural answer (shared by the engine's suggestions in services.py and the model's in
model_scoring.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from interviews.models import NoteSegment, QuestionType


@dataclass
class Answer:
    round_question_id: int | None
    question_type: str
    extra_keywords: tuple[str, ...]
    segments: list[NoteSegment]

    def joined(self) -> tuple[str, list[tuple[int, int, int]]]:
        """The answer's text and (segment id, start, end) of each segment inside it."""
        parts, bounds, pos = [], [], 0
        for seg in self.segments:
            if not seg.text.strip():
                continue
            if parts:
                pos += 1  # the "\n" between segments
            bounds.append((seg.pk, pos, pos + len(seg.text)))
            parts.append(seg.text)
            pos += len(seg.text)
        return "\n".join(parts), bounds


def answers_by_competency(segments: Sequence[NoteSegment]) -> dict[int, list[Answer]]:
    """Segments grouped into answers (one per round question; notes tied only to a competency form one
    behavioural answer) and those by competency. Free notes with neither count for no competency."""
    answers: dict[tuple, Answer] = {}
    by_comp: dict[int, list[Answer]] = {}
    for seg in segments:
        rq = seg.round_question
        if rq is not None:
            key, comp_id = ("q", rq.pk), rq.question.competency_id
            qtype, extra = rq.question.question_type, ((rq.question.skill,) if rq.question.skill else ())
        elif seg.competency_id:
            key, comp_id, qtype, extra = ("c", seg.competency_id), seg.competency_id, QuestionType.BEHAVIOURAL, ()
        else:
            continue
        if key not in answers:
            answers[key] = Answer(rq.pk if rq is not None else None, str(qtype), extra, [])
            by_comp.setdefault(comp_id, []).append(answers[key])
        answers[key].segments.append(seg)
    return by_comp
