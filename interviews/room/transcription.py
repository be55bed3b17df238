"""Transcribing one recorded audio chunk (an RQ job): speech to text through hrportal.ai, the text into the
interviewer's notes, the audio deleted unless consent said to keep it. Idempotent: a chunk that is no longer
pending is left alone, and its note segment is named by the chunk's sequence (``rec-00007``)."""

from __future__ import annotations

import json
import logging

from django.core.exceptions import ValidationError
from django.utils import timezone

from hrportal import queues
from hrportal.ai.service import transcribe
from interviews.models import AudioChunk, RecordingConsent
from interviews.room import services

log = logging.getLogger(__name__)


def note_client_id(sequence: int) -> str:
    return f"rec-{sequence:05d}"


def transcribe_chunk(chunk_id: int) -> AudioChunk | None:
    """Transcribe a pending chunk; returns it (None when it is gone).

    Guarantees: on success the chunk holds the encrypted transcript and status "done", the text is the
    interviewer's note segment ``rec-<sequence>`` (so notes and suggestions follow), and the audio file is
    deleted unless the interview's consent keeps audio. Without a usable ASR endpoint, or when it fails, the
    chunk becomes "unavailable" with the reason and keeps its audio (erased by the purge like every file).
    """
    chunk = AudioChunk.objects.select_related("interview__round", "author").filter(pk=chunk_id).first()
    if chunk is None or chunk.status != AudioChunk.Status.PENDING:
        return chunk
    if not chunk.audio:
        chunk.status, chunk.error = AudioChunk.Status.UNAVAILABLE, "no_audio"
        chunk.save(update_fields=["status", "error"])
        return chunk
    with chunk.audio.open("rb") as handle:
        audio = handle.read()
    result = transcribe(audio, filename=chunk.audio.name.rsplit("/", 1)[-1],
                        content_type=chunk.content_type or "application/octet-stream")
    if not result.available:
        chunk.status, chunk.error = AudioChunk.Status.UNAVAILABLE, result.error[:60]
        chunk.save(update_fields=["status", "error"])
        return chunk
    segments = result.segments or ([{"start": 0.0, "end": 0.0, "text": result.text}] if result.text else [])
    chunk.transcript = json.dumps(segments, ensure_ascii=False)
    chunk.ai_output = result.output
    chunk.status, chunk.error, chunk.transcribed_at = AudioChunk.Status.DONE, "", timezone.now()
    keep = RecordingConsent.objects.filter(interview=chunk.interview, recorded_by=chunk.author, keep_audio=True).exists()
    if not keep:
        chunk.audio.delete(save=False)
    chunk.save()
    if result.text.strip():
        try:
            services.save_note_segment(interview=chunk.interview, author=chunk.author,
                                       client_id=note_client_id(chunk.sequence), text=result.text,
                                       round_question_id=chunk.round_question_id)
        except ValidationError as exc:  # RoomRefused too: the transcript stays on the chunk
            log.info("transcript of chunk %s not added to the notes: %s", chunk.pk, exc)
    return chunk


def transcribe_chunk_job(chunk_id: int) -> int | None:
    chunk = transcribe_chunk(chunk_id)
    return None if chunk is None else chunk.pk


def queue_transcription(chunk_id: int) -> None:
    """On the "default" queue (in-process without Redis); the job id makes a repeated upload queue it once."""
    queues.enqueue(transcribe_chunk_job, chunk_id, queue="default", job_id=f"room-transcribe-{chunk_id}")
