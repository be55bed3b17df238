"""The daily purge on RQ (issue 19 item 1): the sweeper schedules one job per day on RQ's scheduler, a real
worker runs it, and a run left unfinished is continued by a job the sweeper queues."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from hrportal.models import PurgeRun
from hrportal.privacy import jobs
from hrportal.queues import get_queue
from recruiting.models import Candidate
from tests.conftest import run_rq_worker_burst
from tests.privacy.footprint import Person, take_in, traces_left

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_the_daily_job_is_scheduled_once_per_day(redis_url):
    now = timezone.now()
    assert jobs.ensure_daily_purge(now=now)["scheduled"] == 1
    assert jobs.ensure_daily_purge(now=now)["scheduled"] == 0  # every sweeper round after that: nothing
    scheduled = get_queue("default").scheduled_job_registry.get_job_ids()
    assert scheduled == [f"privacy-purge-{jobs.next_slot(now):%Y%m%d}"]


def test_an_unfinished_run_is_continued_by_a_real_worker(redis_url, ehr, users, media):
    people = [Person(f"队列{n}号", f"1380000{n:04d}", f"q{n}@example.com", f"队列测试第{n}句独特内容") for n in range(3)]
    for person in people:
        take_in(person, position=None, by=users["hr"])
    Candidate.objects.update(retention_until=timezone.localdate() - dt.timedelta(days=1))
    # a run whose worker died before its first batch: started, no job alive, no progress for 11 minutes
    stale = timezone.now() - dt.timedelta(minutes=11)
    run = PurgeRun.objects.create(cutoff=timezone.localdate(), job_id="lost-job")
    PurgeRun.objects.filter(pk=run.pk).update(heartbeat_at=stale)

    assert jobs.resume_abandoned_purge() == [run.pk]
    assert jobs.resume_abandoned_purge() == []  # its job is queued: not twice
    finished = run_rq_worker_burst("default", env_overrides={"MEDIA_ROOT": str(media)})
    assert finished.returncode == 0, finished.stderr[-2000:]

    run.refresh_from_db()
    assert run.status == "done" and run.purged == 3 and run.files_removed == 3
    assert run.job_id.startswith("privacy-purge-resume-")
    assert PurgeRun.objects.count() == 1
    for person in people:
        assert traces_left(person, media_root=media) == {}
