"""A recorded chunk transcribed by a real RQ worker (PostgreSQL + Redis; skipped on the embedded default): the
upload only queues the job; a burst worker transcribes it through the fake ASR server, writes the note and
deletes the audio."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from interviews.models import AudioChunk, NoteSegment
from interviews.room import recording
from tests.ai.wav import tone_wav
from tests.conftest import run_rq_worker_burst
from tests.fakes.fake_openai import API_KEY, ASR_MODEL
from tests.interviews.room_setup import build_interview

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_worker_transcribes_the_queued_chunk(redis_url, users, ehr, fake_openai, settings, tmp_path):
    env = {"ASR_BASE_URL": fake_openai.base_url, "ASR_API_KEY": API_KEY, "ASR_MODEL": ASR_MODEL,
           "AI_ALLOWED_HOSTS": "127.0.0.1", "MEDIA_ROOT": str(tmp_path)}
    settings.ASR_BASE_URL, settings.ASR_API_KEY, settings.ASR_MODEL = fake_openai.base_url, API_KEY, ASR_MODEL
    settings.AI_ALLOWED_HOSTS, settings.MEDIA_ROOT = ["127.0.0.1"], tmp_path
    room = build_interview(ehr, users)
    interview, interviewer = room["interview"], users["interviewer"]
    recording.record_consent(interview=interview, by=interviewer)
    result = recording.store_chunk(interview=interview, author=interviewer, sequence=0, content_type="audio/wav",
                                   audio=SimpleUploadedFile("c.wav", tone_wav(0.3), "audio/wav"))
    chunk = result.chunk
    chunk.refresh_from_db()
    assert chunk.status == "pending" and chunk.audio  # queued, not transcribed in the request
    assert fake_openai.requests == []

    worker = run_rq_worker_burst("default", env_overrides=env)
    assert worker.returncode == 0, worker.stderr[-2000:]
    chunk.refresh_from_db()
    assert chunk.status == "done" and not chunk.audio
    assert len(fake_openai.calls("/audio/transcriptions")) == 1
    assert "超额完成目标" in NoteSegment.objects.get(interview=interview, client_id="rec-00000").text
    view = recording.transcript_of(interview, interviewer)
    assert view.pending == 0 and len(view.lines) == 2
    assert AudioChunk.objects.count() == 1
