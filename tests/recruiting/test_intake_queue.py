"""Queued intake: the page stores the uploads and a job takes them in.

Embedded mode (no Redis): the job runs at commit, the redirect lands on a finished batch. With Redis and
PostgreSQL: the request returns at once with a queued batch and a progress page; a real RQ worker takes the
files in; a worker killed half-way through a zip is resumed by the sweep without losing or repeating a
document.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse

from recruiting.intake import jobs as intake_queue
from recruiting.models import Candidate, IntakeBatch, IntakeItem, IntakeUpload, Resume
from tests.conftest import descendants, run_rq_worker_burst, worker_env
from tests.recruiting.test_screening_worker import ROOT, _wait_for


def _zip_of(n: int, start: int = 0) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for i in range(start, start + n):
            archive.writestr(f"r{i:03d}.txt", f"候选人{i}号\n手机：1391234{i:04d}\n邮箱 c{i}@example.com\nPython 数据分析\n")
    return buffer.getvalue()


def _upload(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="application/zip")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.mark.django_db
def test_embedded_mode_takes_the_upload_in_before_the_redirect(client, users, media):
    client.force_login(users["hr"])
    response = client.post(reverse("recruiting:intake"), {
        "files": [_upload("batch.zip", _zip_of(5))], "candidate_source": "other",
    })
    batch = IntakeBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("recruiting:intake_batch", args=[batch.pk])
    assert batch.status == IntakeBatch.Status.DONE
    assert batch.items.filter(outcome=IntakeItem.Outcome.CREATED).count() == 5
    assert IntakeUpload.objects.get(batch=batch).finished
    # the stored upload is removed once processed; the resumes themselves are kept (encrypted)
    assert not (Path(media) / "intake" / str(batch.pk)).exists()
    assert Resume.objects.count() == 5
    html = client.get(response["Location"]).content.decode()
    assert html.count('data-outcome="created"') == 5 + 1  # the rows plus the summary tile


@pytest.mark.django_db
def test_an_oversized_upload_is_a_failed_item_and_nothing_is_stored(client, users, media, settings):
    settings.RESUME_MAX_FILE_MB = 0.001
    client.force_login(users["hr"])
    client.post(reverse("recruiting:intake"), {
        "files": [_upload("big.txt", "张三\n".encode() * 2000)], "candidate_source": "other",
    })
    item = IntakeItem.objects.get()
    assert item.outcome == IntakeItem.Outcome.FAILED and "MB" in item.message
    assert Candidate.objects.count() == 0
    assert not any(Path(media).rglob("*.bin")) if Path(media).exists() else True


@pytest.mark.django_db
def test_a_stored_upload_that_cannot_be_read_becomes_a_failed_item(users, media):
    queued = IntakeBatch.objects.create(created_by=users["hr"], status=IntakeBatch.Status.QUEUED)
    IntakeUpload.objects.create(batch=queued, filename="gone.pdf", stored_path="intake/999/0.bin")
    result = intake_queue.process_intake_batch(queued.pk)
    assert result["status"] == IntakeBatch.Status.DONE
    item = IntakeItem.objects.get(batch=queued)
    assert item.outcome == IntakeItem.Outcome.FAILED and item.filename == "gone.pdf"


@pytest.mark.django_db
def test_a_finished_batch_is_not_processed_again(users, media):
    batch = intake_queue.queue_intake(files=[("a.txt", "王五\n手机 13900001111\n".encode())], position=None, by=users["hr"])
    assert intake_queue.process_intake_batch(batch.pk)["status"] == IntakeBatch.Status.DONE
    assert IntakeItem.objects.filter(batch=batch).count() == 1


@pytest.mark.django_db
def test_the_progress_poll_of_a_running_batch_shows_counts_and_a_finished_one_refreshes(client, users, media):
    queued = IntakeBatch.objects.create(created_by=users["hr"], status=IntakeBatch.Status.RUNNING)
    IntakeUpload.objects.create(batch=queued, filename="x.zip", stored_path="intake/1/0.bin")
    client.force_login(users["hr"])
    url = reverse("recruiting:intake_batch", args=[queued.pk])
    page = client.get(url).content.decode()
    assert 'data-intake-status="running"' in page and "hx-trigger=\"every 1s\"" in page
    queued.status = IntakeBatch.Status.DONE
    queued.save()
    poll = client.get(url + "?progress=1", HTTP_HX_REQUEST="true")
    assert poll.status_code == 204 and poll["HX-Refresh"] == "true"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_request_only_queues_and_a_real_worker_takes_the_zip_in(client, users, redis_url, media):
    client.force_login(users["hr"])
    client.post(reverse("recruiting:intake"), {"files": [_upload("b.zip", _zip_of(8))], "candidate_source": "other"})
    batch = IntakeBatch.objects.get()
    assert batch.status == IntakeBatch.Status.QUEUED and batch.items.count() == 0
    assert 'data-intake-status="queued"' in client.get(reverse("recruiting:intake_batch", args=[batch.pk])).content.decode()

    finished = run_rq_worker_burst("default", env_overrides={"MEDIA_ROOT": str(media)})

    assert finished.returncode == 0, finished.stderr[-3000:]
    batch.refresh_from_db()
    assert batch.status == IntakeBatch.Status.DONE
    assert batch.items.filter(outcome=IntakeItem.Outcome.CREATED).count() == 8


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_killed_mid_zip_is_resumed_without_loss_or_repeat(client, users, redis_url, media):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL shared with the worker")
    client.force_login(users["hr"])
    client.post(reverse("recruiting:intake"), {"files": [_upload("c.zip", _zip_of(30))], "candidate_source": "other"})
    batch = IntakeBatch.objects.get()
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "rqworker", "default"], cwd=ROOT,
        env=worker_env(MEDIA_ROOT=str(media), INTAKE_DOCUMENT_PAUSE_SECONDS="0.2"),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(lambda: IntakeItem.objects.filter(batch=batch).count() >= 3, timeout=90, what="the first documents")
    finally:
        for pid in [*descendants(worker.pid), worker.pid]:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        worker.wait(timeout=30)
    done_before = IntakeItem.objects.filter(batch=batch).count()
    assert 0 < done_before < 30
    assert IntakeBatch.objects.get(pk=batch.pk).status == IntakeBatch.Status.RUNNING

    # The sweep (resume_screening_runs runs it too) sees no heartbeat for longer than the stall window.
    IntakeBatch.objects.filter(pk=batch.pk).update(heartbeat_at=batch.created_at - timedelta(hours=1))
    assert intake_queue.resume_stalled_intakes() == [batch.pk]
    finished = run_rq_worker_burst("default", env_overrides={"MEDIA_ROOT": str(media)})

    assert finished.returncode == 0, finished.stderr[-3000:]
    batch.refresh_from_db()
    assert batch.status == IntakeBatch.Status.DONE
    names = list(IntakeItem.objects.filter(batch=batch).values_list("filename", flat=True))
    assert len(names) == 30 and len(set(names)) == 30  # every document once
    assert Candidate.objects.count() == 30
