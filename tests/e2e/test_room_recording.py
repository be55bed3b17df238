"""Browser journey of the room's recording (issue 22): Chromium's fake microphone plays a WAV (a tone made with
the wave module; the fake ASR server answers a fixed transcript) → the interviewer records the candidate's
consent → 开始录音 → MediaRecorder chunks are uploaded as they come → each is transcribed (in-process here, the
embedded mode) → the transcript grows on the page under the poller → the text is in the notes and the AI panel
builds structured notes from it → 停止录音. The audio is deleted after transcription."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.ai.wav import tone_wav
from tests.e2e.conftest import CHROMIUM, CHROMIUM_FLAGS
from tests.e2e.test_position_journey import log_in
from tests.interviews.room_setup import build_interview

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def browser_type_launch_args(tmp_path):
    wav = tmp_path / "candidate.wav"
    wav.write_bytes(tone_wav(4.0))
    return {"executable_path": str(CHROMIUM), "headless": True, "args": [
        *CHROMIUM_FLAGS, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-audio-capture={wav}",
    ]}


def test_recording_is_transcribed_into_the_room(page: Page, live_server, users, ehr, ai_settings, fake_openai,
                                                tmp_path):
    from interviews.models import AudioChunk, NoteSegment

    ai_settings.REDIS_URL = ""  # embedded mode: each chunk is transcribed while its upload is handled
    ai_settings.MEDIA_ROOT = tmp_path
    ai_settings.ROOM_AUDIO_CHUNK_SECONDS = 2
    room = build_interview(ehr, users)
    interview = room["interview"]
    page.context.grant_permissions(["microphone"], origin=live_server.url)
    log_in(page, live_server.url, "iv_wang")
    page.goto(live_server.url + reverse("interviews:room", args=[interview.pk]))

    section = page.locator("#recording")
    expect(section.get_by_role("button", name="开始录音")).to_have_count(0)  # consent first
    section.get_by_label("候选人已同意录音").check()
    section.get_by_role("button", name="记录同意").click()
    expect(section).to_contain_text("同意录音")

    page.locator(f"#q-{room['rq_comm'].pk} textarea[name=text]").focus()  # the transcript goes under this question
    section.get_by_role("button", name="开始录音").click()
    expect(section.locator("[data-record-status]")).to_have_text("录音中")
    lines = section.locator("#transcript-lines li")
    expect(lines.first).to_contain_text("我负责华东区的销售团队", timeout=20_000)
    expect(lines).to_have_count(4, timeout=20_000)  # a second chunk arrived: the transcript grows
    section.get_by_role("button", name="停止录音").click()
    expect(section.locator("[data-record-status]")).to_have_text("已停止")

    # the chunk cut short by 停止录音 is still uploaded and transcribed, and shown
    for _ in range(50):
        if not AudioChunk.objects.filter(interview=interview, status="pending").exists():
            break
        page.wait_for_timeout(200)
    chunks = list(AudioChunk.objects.filter(interview=interview).order_by("sequence"))
    expect(lines).to_have_count(2 * len(chunks))
    assert len(chunks) >= 2 and all(c.status == "done" and not c.audio for c in chunks)
    assert [c.sequence for c in chunks] == list(range(len(chunks)))
    form = fake_openai.calls("/audio/transcriptions")[0].body
    assert form["file"][:4] in (b"\x1aE\xdf\xa3", b"OggS")  # a complete WebM/Ogg file per chunk
    note = NoteSegment.objects.get(interview=interview, client_id="rec-00000")
    assert "超额完成目标" in note.text and note.round_question_id == room["rq_comm"].pk
    page.reload()
    expect(page.locator("#ai .claims")).to_contain_text("百分之三十")  # structured notes: the claim's figure
