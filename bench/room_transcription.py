#!/usr/bin/env python
"""Benchmark: the room's recording path with the fake OpenAI-compatible server (prints figures, asserts nothing).

Targets (issue 22): a 15-second chunk goes from upload to transcript on the page in under 1 s of our own
overhead (the backend's time excluded); the room page stays usable with 60 minutes of transcript.

What it does
  1. A fresh SQLite database (or ``--database-url``), the room of bench/room_page.py (8 questions, 12 notes),
     the fake server of tests/fakes/fake_openai.py on loopback as chat and ASR endpoint, the candidate's consent.
  2. ``--chunks`` uploads (default 40) of a 15 s WAV (8 kHz mono, 240 KB — a real Opus chunk is ~30 KB)
     through ``django.test.Client`` in the embedded mode (the transcription job runs while the upload is
     handled), each followed by the transcript poll the page makes. Per chunk: upload+job+poll wall time, the
     backend's time (the ASR call's round trip as ``AIOutput.latency_ms`` records it) and the difference = our
     overhead (storage, job, notes, engine suggestions, render).
  3. Fills the interview up to 240 chunks (60 minutes, two transcript segments each) and measures the room
     page (raw/gzip size, server time, queries) and an empty poll.
With Redis the job runs on a worker instead: add the queue pick-up (milliseconds) and, at worst, one poll
interval (ROOM_TRANSCRIPT_POLL_SECONDS, default 0.5 s) before the page asks again.

Usage
  .venv/bin/python bench/room_transcription.py [--chunks 40] [--database-url …]
"""

from __future__ import annotations

import argparse
import gzip
import io
import math
import os
import platform
import statistics
import struct
import sys
import tempfile
import time
import wave
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import room_page  # noqa: E402  (bench/room_page.py: configure_django, build_interview)


def wav_seconds(seconds: float, rate: int = 8000) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(b"".join(struct.pack("<h", int(6000 * math.sin(2 * math.pi * 300 * i / rate)))
                                 for i in range(int(seconds * rate))))
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chunks", type=int, default=40)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    tmp = tempfile.TemporaryDirectory(prefix="rec-bench-")
    room_page.configure_django(args.database_url or f"sqlite:///{tmp.name}/bench.sqlite3")
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from interviews.models import AudioChunk
    from interviews.room.recording import record_consent
    from tests.fakes.fake_openai import API_KEY, ASR_MODEL, CHAT_MODEL, FakeOpenAI

    settings.ALLOWED_HOSTS = ["*"]
    settings.MEDIA_ROOT = Path(tmp.name) / "media"
    call_command("migrate", verbosity=0)
    fake = FakeOpenAI().start()
    settings.ASR_BASE_URL = settings.AI_BASE_URL = fake.base_url
    settings.ASR_API_KEY = settings.AI_API_KEY = API_KEY
    settings.ASR_MODEL, settings.AI_MODEL = ASR_MODEL, CHAT_MODEL
    settings.AI_BASE_URL = ""  # the chat model's second opinion is a separate job; measured here: speech only
    settings.AI_ALLOWED_HOSTS = ["127.0.0.1"]

    interview, me, _n = room_page.build_interview(8, 12)
    record_consent(interview=interview, by=me)
    client = Client()
    client.force_login(me)
    chunk_url = reverse("interviews:recording_chunk", args=[interview.pk])
    poll_url = reverse("interviews:recording_transcript", args=[interview.pk])
    audio = wav_seconds(15)
    totals, backend, overhead = [], [], []
    last = -1
    for seq in range(args.chunks):
        started = time.perf_counter()
        response = client.post(chunk_url, {"sequence": seq, "audio": SimpleUploadedFile("c.wav", audio, "audio/wav")})
        assert response.status_code == 202, response.content
        poll = client.get(poll_url, {"after": last})
        elapsed = (time.perf_counter() - started) * 1000
        assert b"<li" in poll.content, poll.content
        last = seq
        chunk = AudioChunk.objects.select_related("ai_output").get(interview=interview, author=me, sequence=seq)
        totals.append(elapsed)
        backend.append(chunk.ai_output.latency_ms)
        overhead.append(elapsed - chunk.ai_output.latency_ms)

    def q(values, p):
        return sorted(values)[min(len(values) - 1, int(p * len(values)))]

    print(f"machine: {platform.machine()} {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"DB {connection.vendor}, embedded mode (job in-process)")
    print(f"chunks: {args.chunks} × 15 s WAV ({len(audio) // 1024} KB)")
    print(f"upload → transcript on the page: median {statistics.median(totals):.0f} ms, p95 {q(totals, .95):.0f} ms")
    print(f"  backend (ASR round trip to the fake): median {statistics.median(backend):.0f} ms")
    print(f"  our overhead: median {statistics.median(overhead):.0f} ms, p95 {q(overhead, .95):.0f} ms, "
          f"max {max(overhead):.0f} ms  (target < 1000 ms: {'met' if q(overhead, .95) < 1000 else 'MISSED'})")

    # 60 minutes of transcript
    existing = AudioChunk.objects.filter(interview=interview, author=me).count()
    AudioChunk.objects.bulk_create([
        AudioChunk(interview=interview, author=me, sequence=n, status="done",
                   transcript='[{"start": 0, "end": 7.5, "text": "我负责华东区的销售团队，去年业绩增长了百分之三十，'
                              '"}, {"start": 7.5, "end": 15, "text": "超额完成目标，回款周期缩短到 62 天。"}]')
        for n in range(existing, 240)
    ])
    # … and, as the transcription job does, each chunk's text as the interviewer's note segment
    from interviews.models import NoteSegment
    from interviews.room.services import refresh_ai_suggestions

    rqs = list(interview.round.round_questions.select_related("question").order_by("order"))
    NoteSegment.objects.bulk_create([
        NoteSegment(interview=interview, author=me, client_id=f"rec-{n:05d}", order=1000 + n,
                    round_question=rqs[n * len(rqs) // 240], competency_id=rqs[n * len(rqs) // 240].question.competency_id,
                    text="我负责华东区的销售团队，去年业绩增长了百分之三十，超额完成目标，回款周期缩短到 62 天。")
        for n in range(existing, 240)
    ])
    started = time.perf_counter()
    refresh_ai_suggestions(interview=interview, interviewer=me)
    print(f"engine suggestions over {NoteSegment.objects.filter(interview=interview, author=me).count()} note "
          f"segments: {(time.perf_counter() - started) * 1000:.0f} ms (runs after each transcribed chunk)")
    url = reverse("interviews:room", args=[interview.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(url).content
    n_queries = len(ctx.captured_queries)  # now: later requests reset the connection's query log
    times = []
    for _ in range(10):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    empty_poll = client.get(poll_url, {"after": 239}).content
    print(f"room page with 240 chunks (60 min, 480 transcript lines, 240+ note segments): {len(page) / 1024:.0f} KB raw, "
          f"{len(gzip.compress(page, 6)) / 1024:.0f} KB gzip, median {statistics.median(times):.0f} ms server time, "
          f"{n_queries} queries")
    print(f"poll with nothing new: {len(empty_poll)} bytes")
    late = []
    for seq in range(240, 245):  # chunks at the end of an hour: notes and suggestions over ~250 segments
        started = time.perf_counter()
        client.post(chunk_url, {"sequence": seq, "audio": SimpleUploadedFile("c.wav", audio, "audio/wav")})
        client.get(poll_url, {"after": seq - 1})
        chunk = AudioChunk.objects.select_related("ai_output").get(interview=interview, author=me, sequence=seq)
        late.append((time.perf_counter() - started) * 1000 - chunk.ai_output.latency_ms)
    print(f"our overhead for a chunk after 60 minutes: median {statistics.median(late):.0f} ms, max {max(late):.0f} ms")
    fake.stop()
    tmp.cleanup()


if __name__ == "__main__":
    main()
