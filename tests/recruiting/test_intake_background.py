"""Issue 14 item 5: without Redis the upload request returns at once and a background thread of the same
process takes the zip in, behind the same progress page (a 5,000-entry zip used to hold the request for
244 s). The thread is joined here, so the test is deterministic; it runs on committed rows
(``transaction=True``) as in production, where a thread cannot see a request's uncommitted batch."""

from __future__ import annotations

import threading

import pytest
from django.db import OperationalError, connection
from django.urls import reverse

from recruiting.intake import background as intake_background
from recruiting.intake import jobs as intake_queue
from recruiting.models import IntakeBatch, IntakeItem
from tests.recruiting.test_intake_queue import _upload, _zip_of

N = 30


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def slow_documents(settings):
    settings.INTAKE_DOCUMENT_PAUSE_SECONDS = 0.05  # 30 documents take 1.5 s at least
    yield
    intake_background.wait_for_background_intakes()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the embedded default")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_request_returns_before_the_zip_is_taken_in_and_a_thread_finishes_it(
    client, users, media, slow_documents
):
    client.force_login(users["hr"])
    response = client.post(reverse("recruiting:intake"), {
        "files": [_upload("big.zip", _zip_of(N))], "candidate_source": "other",
    })
    batch = IntakeBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("recruiting:intake_batch", args=[batch.pk])
    assert batch.status in (IntakeBatch.Status.QUEUED, IntakeBatch.Status.RUNNING)
    assert batch.items.count() < N  # the request did not wait for the documents
    page = client.get(response["Location"]).content.decode()
    assert 'data-intake-status="' in page and "hx-trigger=\"every 1s\"" in page  # the same progress page
    assert any(t.name == f"intake-{batch.pk}" for t in threading.enumerate())

    intake_background.wait_for_background_intakes()

    batch.refresh_from_db()
    assert batch.status == IntakeBatch.Status.DONE
    assert batch.items.filter(outcome=IntakeItem.Outcome.CREATED).count() == N
    report = client.get(response["Location"]).content.decode()
    assert report.count('data-outcome="created"') >= N


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_failing_job_does_not_kill_the_process_and_closes_its_connection(users, media, monkeypatch):
    closed = []
    monkeypatch.setattr(intake_background.connections, "close_all", lambda: closed.append(True))

    def broken(batch_id):
        raise RuntimeError("boom")

    intake_background.run_embedded(1, broken)  # not in a transaction: starts a thread
    intake_background.wait_for_background_intakes()
    assert closed == [True]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_locked_database_is_tried_again_not_the_end_of_the_batch(users, media, monkeypatch):
    """SQLite answers "database table is locked" while another connection writes (seen in CI): the thread takes
    the batch up again a moment later instead of leaving it queued until a sweep."""
    monkeypatch.setattr(intake_background, "TRANSIENT_PAUSE", 0.01)
    calls = []

    def locked_once(batch_id):
        calls.append(batch_id)
        if len(calls) == 1:
            raise OperationalError("database table is locked: recruiting_intakebatch")

    intake_background.run_embedded(7, locked_once)
    intake_background.wait_for_background_intakes()
    assert calls == [7, 7]

    def never_works(batch_id):
        calls.append(batch_id)
        raise RuntimeError("a bug, not an outage")

    calls.clear()
    intake_background.run_embedded(8, never_works)
    intake_background.wait_for_background_intakes()
    assert calls == [8]  # a real error is not retried: logged, and the sweep's business


@pytest.mark.django_db
def test_inside_a_transaction_the_job_runs_inline(users, media):
    """The caller's transaction is not committed yet: a thread could not see the batch, so it runs inline."""
    batch = intake_queue.queue_intake(files=[("a.txt", "王五\n手机 13900001111\n".encode())], position=None, by=users["hr"])
    assert batch.status == IntakeBatch.Status.DONE


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_intake_in_background_can_be_turned_off(users, media, settings):
    settings.INTAKE_IN_BACKGROUND = False
    batch = intake_queue.queue_intake(files=[("a.txt", "王五\n手机 13900001111\n".encode())], position=None, by=users["hr"])
    assert batch.status == IntakeBatch.Status.DONE
