"""What interviews holds about a candidate, registered with the retention purge (hrportal.privacy.registry)
in InterviewsConfig.ready(): interview notes and transcripts (with recorded audio chunks and their files), scorecard summaries and evidence, the AI
suggestions' quoted evidence, and the free-text reasons of decisions and status changes. Kept: the interviews
themselves (times, rounds, status), the 1–5 scores, suggestions' figures and the composite."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext_lazy as _

from hrportal.privacy import registry
from hrportal.privacy.audit_scrub import scrub_audit_repr
from interviews.models import (
    AISuggestion,
    AudioChunk,
    HiringDecision,
    Interview,
    InterviewStatusChange,
    NoteSegment,
    Scorecard,
    ScorecardScore,
)


def erase_interview_texts(ids: Sequence[int]) -> int:
    """Blank every free text about the candidates ``ids`` (inside the purge's transaction); no files."""
    interview_ids = list(Interview.objects.filter(application__candidate_id__in=ids).values_list("id", flat=True))
    HiringDecision.objects.filter(application__candidate_id__in=ids).update(reason="")
    if not interview_ids:
        return 0
    NoteSegment.objects.filter(interview_id__in=interview_ids).update(text="")
    files = erase_recordings(interview_ids)
    Scorecard.objects.filter(interview_id__in=interview_ids).update(summary="", amendment_reason="")
    ScorecardScore.objects.filter(scorecard__interview_id__in=interview_ids).update(evidence="")
    AISuggestion.objects.filter(interview_id__in=interview_ids).update(evidence=[])
    InterviewStatusChange.objects.filter(interview_id__in=interview_ids).update(reason="")
    scrub_audit_repr("interviews.Interview", interview_ids)
    return files


def erase_recordings(interview_ids: Sequence[int]) -> int:
    """Blank the recorded chunks' transcripts and delete any audio still kept (issue 22); returns files removed."""
    removed = 0
    for chunk in AudioChunk.objects.filter(interview_id__in=interview_ids).exclude(audio="").only("id", "audio"):
        chunk.audio.delete(save=False)
        removed += 1
    AudioChunk.objects.filter(interview_id__in=interview_ids).update(transcript="", audio="")
    return removed


def count_recording_files(ids: Sequence[int]) -> int:
    """What a dry run reports: the audio files of these candidates' interviews still on disk."""
    return AudioChunk.objects.filter(interview__application__candidate_id__in=ids).exclude(audio="").count()


def export_interviews(candidate_id: int) -> dict:
    """Interviews' part of the Art. 45 copy: when and which rounds the person was interviewed, and the outcome.
    Interviewers' own notes and evaluations are not copied (docs/decisions.md)."""
    rows = (Interview.objects.filter(application__candidate_id=candidate_id).select_related("round", "application__position")
            .order_by("starts_at", "id"))
    return {"interviews": [{"position": i.application.position.title_zh, "round": i.round.name,
                            "starts_at": i.starts_at.isoformat(), "ends_at": i.ends_at.isoformat(), "status": i.status}
                           for i in rows]}


def register() -> None:
    registry.register_holder("interviews.texts", category=_("面试记录、评分依据与决定原因"), erase=erase_interview_texts,
                             count_files=count_recording_files, export=export_interviews)
