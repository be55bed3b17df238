"""The room's recording → transcript → notes path through the views, with the fake ASR server: consent first,
idempotent chunks, the transcript growing in order, the audio deleted, the notes and the purge."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from interviews.models import AudioChunk, NoteSegment, RecordingConsent
from interviews.privacy import erase_interview_texts
from interviews.room import recording
from tests.ai.wav import tone_wav
from tests.interviews.room_setup import build_interview

pytestmark = pytest.mark.django_db


@pytest.fixture
def room(ehr, users, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    return build_interview(ehr, users)


def upload(client, interview, sequence, **extra):
    data = {"sequence": sequence, "audio": SimpleUploadedFile("chunk.wav", tone_wav(0.2), "audio/wav"), **extra}
    return client.post(reverse("interviews:recording_chunk", args=[interview.pk]), data,
                       HTTP_ACCEPT="application/json")


def consent(client, interview, **extra):
    return client.post(reverse("interviews:recording_consent", args=[interview.pk]), {"consent": "1", **extra})


def transcript(client, interview, after=-1):
    return client.get(reverse("interviews:recording_transcript", args=[interview.pk]), {"after": after})


def test_without_asr_the_room_offers_no_recording_and_refuses_chunks(client, users, room, settings):
    settings.ASR_BASE_URL = ""
    client.force_login(users["interviewer"])
    page = client.get(reverse("interviews:room", args=[room["interview"].pk])).content.decode()
    assert 'data-asr="off"' in page and "data-record-start" not in page
    consent(client, room["interview"])
    assert upload(client, room["interview"], 0).status_code == 409


def test_no_chunk_before_consent(client, users, room, ai_settings):
    client.force_login(users["interviewer"])
    page = client.get(reverse("interviews:room", args=[room["interview"].pk])).content.decode()
    assert "候选人已同意录音" in page and "data-record-start" not in page
    response = upload(client, room["interview"], 0)
    assert response.status_code == 409 and "同意" in response.json()["errors"]["__all__"][0]
    assert not AudioChunk.objects.exists()


def test_chunk_is_transcribed_into_notes_and_audio_deleted(client, users, room, ai_settings, fake_openai,
                                                           django_capture_on_commit_callbacks):
    interview = room["interview"]
    client.force_login(users["interviewer"])
    consent(client, interview)
    assert RecordingConsent.objects.get().keep_audio is False
    page = client.get(reverse("interviews:room", args=[interview.pk])).content.decode()
    assert "data-record-start" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, interview, 0, round_question=room["rq_comm"].pk)
    assert response.status_code == 202
    chunk = AudioChunk.objects.get()
    assert chunk.status == "done" and not chunk.audio  # deleted after transcription
    assert chunk.ai_output.backend == "openai_compatible" and chunk.ai_output.model == "whisper-large-v3"
    note = NoteSegment.objects.get(client_id="rec-00000")
    assert "业绩增长" in note.text and note.round_question_id == room["rq_comm"].pk
    html = transcript(client, interview).content.decode()
    assert "华东区" in html and 'data-last="0"' in html and 'data-pending="0"' in html
    # the structured notes are built from the transcript like from typed notes
    ai = client.get(reverse("interviews:room_ai", args=[interview.pk])).content.decode()
    assert "百分之三十" in ai  # a claim with its figure, from the transcript


def test_same_sequence_twice_is_one_chunk(client, users, room, ai_settings, fake_openai,
                                          django_capture_on_commit_callbacks):
    client.force_login(users["interviewer"])
    consent(client, room["interview"], keep_audio="1")
    with django_capture_on_commit_callbacks(execute=True):
        first = upload(client, room["interview"], 3)
        again = upload(client, room["interview"], 3)
    assert first.json()["created"] is True and again.json()["created"] is False
    assert AudioChunk.objects.count() == 1 and len(fake_openai.calls("/audio/transcriptions")) == 1
    assert AudioChunk.objects.get().audio  # consent said keep


def test_transcript_waits_for_earlier_chunks_and_polls_while_pending(client, users, room, ai_settings, fake_openai):
    interview = room["interview"]
    client.force_login(users["interviewer"])
    consent(client, interview)
    upload(client, interview, 0)  # on_commit callbacks not run: both stay pending
    upload(client, interview, 1)
    first, second = AudioChunk.objects.order_by("sequence")
    from interviews.room.transcription import transcribe_chunk

    transcribe_chunk(second.pk)
    html = transcript(client, interview).content.decode()
    assert "华东区" not in html and 'data-pending="2"' in html and "every 0.5s" in html
    transcribe_chunk(first.pk)
    html = transcript(client, interview).content.decode()
    assert html.count("<li") == 4 and 'data-last="1"' in html  # two chunks × two segments, in order
    assert "every" not in html
    assert "<li" not in transcript(client, interview, after=1).content.decode()


def test_asr_failure_marks_the_chunk_unavailable_and_keeps_the_audio(client, users, room, ai_settings, fake_openai,
                                                                     monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr("hrportal.ai.openai_compat.backoff_sleep", lambda s: None)
    fake_openai.fail_next(500, times=3)
    client.force_login(users["interviewer"])
    consent(client, room["interview"])
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, room["interview"], 0)
    chunk = AudioChunk.objects.get()
    assert chunk.status == "unavailable" and chunk.error == "http_500" and chunk.audio
    assert "无法转写" in transcript(client, room["interview"]).content.decode()


def test_only_assigned_interviewers_record(client, users, room, ai_settings):
    client.force_login(users["hr"])
    assert consent(client, room["interview"]).status_code == 403
    assert upload(client, room["interview"], 0).status_code == 403
    client.force_login(users["finance"])
    assert upload(client, room["interview"], 0).status_code == 403


def test_not_audio_is_refused(client, users, room, ai_settings):
    client.force_login(users["interviewer"])
    consent(client, room["interview"])
    bad = SimpleUploadedFile("x.exe", b"MZ...", "application/octet-stream")
    response = client.post(reverse("interviews:recording_chunk", args=[room["interview"].pk]),
                           {"sequence": 0, "audio": bad})
    assert response.status_code == 400


def test_purge_erases_transcripts_and_kept_audio(client, users, room, ehr, ai_settings, fake_openai,
                                                 django_capture_on_commit_callbacks):
    client.force_login(users["interviewer"])
    consent(client, room["interview"], keep_audio="1")
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, room["interview"], 0)
    chunk = AudioChunk.objects.get()
    path = chunk.audio.path
    assert erase_interview_texts([ehr["candidate"].pk]) == 1
    chunk.refresh_from_db()
    assert chunk.transcript == "" and not chunk.audio
    import os

    assert not os.path.exists(path)


@override_settings(ROOM_AUDIO_CHUNK_SECONDS=15)
def test_sixty_minutes_of_transcript_render_in_one_query(client, users, room, django_assert_num_queries):
    interview = room["interview"]
    AudioChunk.objects.bulk_create([
        AudioChunk(interview=interview, author=users["interviewer"], sequence=n, status="done",
                   transcript='[{"start": 0, "end": 7.5, "text": "回答的前半段' + str(n) + '"},'
                              ' {"start": 7.5, "end": 15, "text": "回答的后半段"}]')
        for n in range(240)
    ])
    with django_assert_num_queries(1):
        view = recording.transcript_of(interview, users["interviewer"])
    assert len(view.lines) == 480 and view.last == 239 and view.lines[-1].start == 239 * 15 + 7.5
