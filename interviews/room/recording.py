"""The interview room's recording (issue 22 item 2a): the candidate's consent first, then ~15 s audio chunks
uploaded as they come and transcribed in RQ jobs (transcription.py); the transcript shown growing on the page.

Rules: only the interview's assigned interviewers record, inside the notes window (services.notes_refusal);
no chunk is accepted before that interviewer stored the candidate's consent; a chunk's sequence number makes
a repeated upload the same row; no recording without an allowed ASR endpoint (the page says so)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from hrportal.ai.service import asr_available
from interviews.models import AudioChunk, Interview, RecordingConsent, RoundQuestion
from interviews.room import services, transcription
from interviews.room.services import RoomRefused

CONSENT_STATEMENT = "rec-consent-1"
AUDIO_TYPES = ("audio/webm", "audio/ogg", "audio/wav", "audio/x-wav", "audio/mp4", "audio/mpeg")


def consent_of(interview: Interview, user) -> RecordingConsent | None:
    return RecordingConsent.objects.filter(interview=interview, recorded_by=user).first()


@transaction.atomic
def record_consent(*, interview: Interview, by, keep_audio: bool = False) -> RecordingConsent:
    """Store that the candidate agreed to being recorded (idempotent per interviewer and interview)."""
    services.lock_note_writer(interview, by)
    consent, _created = RecordingConsent.objects.get_or_create(
        interview=interview, recorded_by=by, defaults={"statement": CONSENT_STATEMENT, "keep_audio": keep_audio})
    return consent


@dataclass
class ChunkResult:
    chunk: AudioChunk
    created: bool


def store_chunk(*, interview: Interview, author, sequence: int, audio, content_type: str,
                round_question_id: int | None = None) -> ChunkResult:
    """Store one uploaded chunk and queue its transcription.

    Refused (RoomRefused) without the consent, without an ASR endpoint, or outside the notes window; invalid
    (ValidationError) when the file is empty, too large or not audio. The same sequence again returns the
    stored chunk without queueing it twice."""
    content_type = (content_type or "").split(";")[0].strip().lower()
    if content_type not in AUDIO_TYPES:
        raise ValidationError({"audio": gettext("不是支持的录音格式。")})
    if not audio or audio.size == 0:
        raise ValidationError({"audio": gettext("录音为空。")})
    if audio.size > settings.ROOM_AUDIO_MAX_BYTES:
        raise ValidationError({"audio": gettext("录音片段过大。")})
    with transaction.atomic():
        services.lock_note_writer(interview, author)
        if consent_of(interview, author) is None:
            raise RoomRefused(gettext("请先征得候选人同意录音。"))
        if not asr_available():
            raise RoomRefused(gettext("未配置语音转文字服务，无法录音转写。"))
        if round_question_id and not RoundQuestion.objects.filter(pk=round_question_id,
                                                                  round_id=interview.round_id).exists():
            round_question_id = None
        existing = AudioChunk.objects.filter(interview=interview, author=author, sequence=sequence).first()
        if existing is not None:
            return ChunkResult(existing, False)
        try:
            with transaction.atomic():
                chunk = AudioChunk(interview=interview, author=author, sequence=sequence, content_type=content_type,
                                   round_question_id=round_question_id)
                chunk.audio.save(f"chunk.{content_type.split('/')[-1].replace('x-', '')}", audio, save=False)
                chunk.save()
        except IntegrityError:
            return ChunkResult(AudioChunk.objects.get(interview=interview, author=author, sequence=sequence), False)
        transaction.on_commit(lambda: transcription.queue_transcription(chunk.pk))
    return ChunkResult(chunk, True)


@dataclass
class TranscriptLine:
    sequence: int
    start: float  # seconds from the start of the recording (chunk sequence × chunk length + offset)
    text: str
    speaker: str


@dataclass
class TranscriptView:
    lines: list[TranscriptLine]
    last: int  # the highest sequence shown: every chunk up to it is transcribed or unavailable
    pending: int  # chunks after ``last`` still waiting (the page keeps polling while there are any)
    unavailable: int
    highest: int = -1  # the highest sequence stored (the page numbers its next chunk after it)


def transcript_of(interview: Interview, user, *, after: int = -1) -> TranscriptView:
    """The interviewer's transcript after chunk ``after``, in order and without gaps: it stops before the
    first chunk still pending, so a later chunk transcribed first is shown only once the earlier ones are.
    One query."""
    chunk_seconds = settings.ROOM_AUDIO_CHUNK_SECONDS
    lines, last, pending, unavailable, blocked = [], after, 0, 0, False
    rows = (AudioChunk.objects.filter(interview=interview, author=user, sequence__gt=after)
            .only("sequence", "status", "transcript").order_by("sequence"))
    highest = after
    for chunk in rows:
        highest = max(highest, chunk.sequence)
        if blocked or chunk.status == AudioChunk.Status.PENDING:
            blocked = True
            pending += 1
            continue
        last = chunk.sequence
        if chunk.status == AudioChunk.Status.UNAVAILABLE:
            unavailable += 1
            continue
        for seg in json.loads(chunk.transcript or "[]"):
            text = str(seg.get("text") or "").strip()
            if text:
                offset = chunk.sequence * chunk_seconds + float(seg.get("start") or 0)
                lines.append(TranscriptLine(chunk.sequence, offset, text, str(seg.get("speaker") or "")))
    return TranscriptView(lines, last, pending, unavailable, highest)


@dataclass
class RecordingPanel:
    consent: RecordingConsent | None
    asr_available: bool
    transcript: TranscriptView
    chunk_seconds: int
    next_sequence: int


def recording_panel(interview: Interview, user) -> RecordingPanel:
    """What the room's recording section shows: one query, two when speech-to-text is configured (consent)."""
    transcript = transcript_of(interview, user)
    available = asr_available()
    return RecordingPanel(consent_of(interview, user) if available else None, available, transcript,
                          settings.ROOM_AUDIO_CHUNK_SECONDS, transcript.highest + 1)
