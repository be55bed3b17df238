"""RQ entry points of the room: the model's answer-scoring suggestions (model_scoring.py) and the transcription
of recorded audio chunks (transcription.py). Small, idempotent, take ids."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from hrportal import queues
from interviews.models import Interview
from interviews.room import model_scoring

MODEL_SCORING_DELAY_SECONDS = 5


def model_scoring_job(interview_id: int, interviewer_id: int) -> int:
    interview = Interview.objects.select_related("round", "application__position").filter(pk=interview_id).first()
    interviewer = get_user_model().objects.filter(pk=interviewer_id).first()
    if interview is None or interviewer is None:
        return 0
    return model_scoring.score_with_model(interview=interview, interviewer=interviewer)


def queue_model_scoring(*, interview_id: int, interviewer_id: int) -> None:
    """Debounced per interviewer and interview (a burst of note saves asks the model once), only when a chat
    model is configured — the engine's suggestion needs no job."""
    if not model_scoring.model_configured():
        return
    queues.enqueue(model_scoring_job, interview_id, interviewer_id, queue="default",
                   job_id=f"room-model-scoring-{interview_id}-{interviewer_id}",
                   delay_seconds=MODEL_SCORING_DELAY_SECONDS if queues.redis_enabled() else 0)
