"""The retention purge (issue 19 items 1 and 5): every trace of an expired candidate gone from the database and
the media folder, holds respected, the CLI contract, idempotence, and a crash in the middle."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from hrportal.models import AuditLog, PurgeRun
from hrportal.privacy import registry
from interviews.models import NoteSegment, ScorecardScore
from recruiting.models import Application, Candidate, Employee, Resume, ScreeningResult
from tests.privacy.footprint import Person, interview_footprint, reject, resume_paths, take_in, traces_left

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SENTENCE = "曾独立策划青浦区第七届龙舟邀请赛并拉到四家赞助商"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def purge_cli(*args: str) -> dict:
    out = io.StringIO()
    call_command("purge_expired_candidates", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def expire(*candidates: Candidate) -> None:
    Candidate.objects.filter(pk__in=[c.pk for c in candidates]).update(
        retention_until=timezone.localdate() - dt.timedelta(days=1))


@pytest.fixture
def rejected_person(ehr, users, client):
    person = Person("欧阳雪晴", "13987654321", "ouyang.xueqing@example.com", SENTENCE)
    take_in(person, position=ehr["position"], by=users["hr"])
    application = Application.objects.get(candidate=person.candidate)
    assert ScreeningResult.objects.filter(application=application).exists()  # intake screened it
    interview_footprint(person, application, users=users, competencies=ehr["competencies"])
    reject(application, person, users["hr"])
    client.force_login(users["hr"])
    assert client.get(reverse("recruiting:candidate_detail", args=[person.candidate.pk])).status_code == 200
    assert AuditLog.objects.filter(object_repr=person.name).exists()  # the page view named the person
    return person


def test_purge_removes_every_trace_and_keeps_the_figures(rejected_person, ehr, media_root):
    person = rejected_person
    candidate = person.candidate
    files = resume_paths(candidate)
    assert files and all((Path(media_root) / f).exists() for f in files)
    before = traces_left(person, media_root=media_root)
    assert set(before) == set(person.traces), before  # the searches can find every value before the purge
    score = Application.objects.get(candidate=candidate).screening_score
    expire(candidate)

    assert purge_cli() == {"purged": 1, "files_removed": 1, "skipped": 0, "dry_run": False}

    assert traces_left(person, media_root=media_root) == {}
    assert not any((Path(media_root) / f).exists() for f in files)
    candidate.refresh_from_db()
    assert candidate.name.startswith("匿名-") and candidate.purged_at is not None
    application = Application.objects.get(candidate=candidate)  # figures stay, keyed to the pseudonym's row
    assert application.stage == "rejected" and application.screening_score == score
    assert ScorecardScore.objects.get(scorecard__interview__application=application).score == 4
    assert NoteSegment.objects.get(interview__application=application).text == ""
    run = PurgeRun.objects.get()
    audit = AuditLog.objects.get(object_type="privacy.purge_run")
    assert audit.object_id == str(run.pk) and "purged=1" in audit.note and "files_removed=1" in audit.note


def test_second_run_right_after_purges_nothing(rejected_person):
    expire(rejected_person.candidate)
    assert purge_cli()["purged"] == 1
    assert purge_cli() == {"purged": 0, "files_removed": 0, "skipped": 0, "dry_run": False}
    assert AuditLog.objects.filter(object_type="privacy.purge_run").count() == 2  # one record per run


def test_dry_run_counts_and_changes_nothing(rejected_person, media_root):
    expire(rejected_person.candidate)
    assert purge_cli("--dry-run") == {"purged": 1, "files_removed": 1, "skipped": 0, "dry_run": True}
    assert set(traces_left(rejected_person, media_root=media_root)) == set(rejected_person.traces)
    assert not PurgeRun.objects.exists()


def test_open_applications_hired_employees_and_unexpired_dates_are_kept(ehr, users):
    open_candidate = ehr["candidate"]  # 王小明, application still "new"
    hired = Candidate.objects.create(name="钱入职", phone="13600006666")
    hired_app = Application.objects.create(candidate=hired, position=ehr["rd_position"], stage="hired")
    Employee.objects.create(employee_no="E0777", name="钱入职", department=ehr["rd"], hire_date="2026-01-05",
                            hired_through=hired_app, base_salary=Decimal("18000"))
    not_yet = Candidate.objects.create(name="孙未到", phone="13600007777",
                                       retention_until=timezone.localdate() + dt.timedelta(days=3))
    expire(open_candidate, hired)

    assert purge_cli() == {"purged": 0, "files_removed": 0, "skipped": 2, "dry_run": False}
    for candidate, phone in ((open_candidate, "13912345678"), (hired, "13600006666"), (not_yet, "13600007777")):
        candidate.refresh_from_db()
        assert candidate.purged_at is None and candidate.phone == phone


def test_a_registered_hold_from_another_app_keeps_a_candidate(rejected_person):
    """Payroll will register "has an offer" the same way; the purge itself knows no payroll."""
    kept = rejected_person.candidate.pk
    registry.register_legal_hold("test.offer", label="有录用通知", held=lambda ids: {i for i in ids if i == kept})
    try:
        expire(rejected_person.candidate)
        assert purge_cli() == {"purged": 0, "files_removed": 0, "skipped": 1, "dry_run": False}
    finally:
        registry.unregister("test.offer")
    assert Candidate.objects.get(pk=kept).purged_at is None


class Crash(RuntimeError):
    pass


def test_a_crash_in_the_middle_is_continued_by_the_next_start(ehr, users, settings, media_root):
    """Batches of 2; the third batch crashes (a holder raises as a disk or database error would): two batches
    are committed, the crashed one rolled back; the next start continues the same run and purges the rest."""
    settings.PRIVACY_PURGE_BATCH = 2
    people = [Person(f"测试{n}号", f"1390000{n:04d}", f"p{n}@example.com", f"第{n}号的独特句子内容甲乙丙丁") for n in range(7)]
    for person in people:
        take_in(person, position=None, by=users["hr"])
    expire(*[p.candidate for p in people])
    calls = {"n": 0}

    def crash_on_third_batch(ids):
        calls["n"] += 1
        if calls["n"] == 3:
            raise Crash("disk full")
        return 0

    registry.register_holder("test.crashing", category="test", erase=crash_on_third_batch)
    try:
        with pytest.raises(Crash):
            call_command("purge_expired_candidates", "--json", stdout=io.StringIO())
    finally:
        registry.unregister("test.crashing")
    run = PurgeRun.objects.get()
    assert run.status == "running" and run.purged == 4 and run.batches == 2
    assert Candidate.objects.filter(purged_at__isnull=False).count() == 4

    assert purge_cli() == {"purged": 7, "files_removed": 7, "skipped": 0, "dry_run": False}
    assert PurgeRun.objects.get().status == "done"  # the same run, finished once
    assert AuditLog.objects.filter(object_type="privacy.purge_run").count() == 1
    assert Resume.objects.exclude(stored_path="").count() == 0
    for person in people:
        assert traces_left(person, media_root=media_root) == {}
    assert purge_cli()["purged"] == 0


def test_talent_pool_consent_keeps_the_longer_date(ehr, users, settings):
    settings.CANDIDATE_RETENTION_DAYS, settings.TALENT_POOL_RETENTION_DAYS = 90, 730
    from recruiting.intake.services import intake_text

    intake_text(text="周人才\n手机：13711112222\n", position=None, by=users["hr"], consented=True, talent_pool_consent=True)
    intake_text(text="吴普通\n手机：13711113333\n", position=None, by=users["hr"], consented=True)
    today = timezone.localdate()
    assert Candidate.objects.get(name="周人才").retention_until >= today + dt.timedelta(days=729)
    assert Candidate.objects.get(name="吴普通").retention_until <= today + dt.timedelta(days=91)


def test_pages_of_a_purged_or_half_purged_person_never_error(rejected_person, ehr, users, client, media_root):
    """Half-purged: a batch removed the file and then rolled back (the row still names the file)."""
    candidate = rejected_person.candidate
    resume = Resume.objects.get(candidate=candidate)
    (Path(media_root) / resume.stored_path).unlink()
    client.force_login(users["hr"])
    pages = [reverse("recruiting:candidate_detail", args=[candidate.pk]),
             reverse("recruiting:resume_detail", args=[resume.pk]), reverse("recruiting:retention_upcoming")]
    assert [client.get(url).status_code for url in pages] == [200, 200, 200]
    expire(candidate)
    assert purge_cli()["purged"] == 1
    responses = [client.get(url) for url in pages]
    assert [r.status_code for r in responses] == [200, 200, 200]
    assert rejected_person.name not in responses[0].content.decode()
