"""The analytics' monthly pipeline slices (recruiting/analytics_facts): after every kind of write — a board move, a
decision, a withdrawal at a given time, a new application, a changed score, the history import (new rows,
continued rows, a corrected 投递时间), the demo seed, a deleted candidate — the slices, once the noted changes are
settled, equal their recomputation from the rows; a refused or rolled-back move leaves them as they were; two
moves in the same slice at once neither wait for each other nor lose a count (PostgreSQL); a period's
part-months read from the rows agree with whole months read from the table; ``rebuild_analytics_facts --check``
finds and the rebuild repairs rows written around the writers."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from recruiting.analytics_facts import collect, read, store
from recruiting.models import (
    Application,
    ApplicationStageChange,
    Candidate,
    IllegalStageMove,
    PipelineSlice,
    PipelineSliceChange,
)
from recruiting.pipeline import Stage
from recruiting.services import move_application
from tests.conftest import run_at_once
from tests.recruiting.history_builders import run_import

SHANGHAI = ZoneInfo("Asia/Shanghai")


def assert_slices_hold():
    assert store.check() == []


def stored_count() -> int:
    store.settle()
    return PipelineSlice.objects.count()


def test_moves_decisions_and_new_applications_keep_the_slices(db, ehr, users):
    assert stored_count() == 2  # the fixture's two applications, saved through the ORM: one cohort slice each
    assert_slices_hold()
    application, hr = ehr["application"], users["hr"]
    move_application(application=application, to_stage=Stage.SCREENING, by=hr)
    move_application(application=application, to_stage=Stage.SHORTLISTED, by=hr)
    assert_slices_hold()
    with pytest.raises(IllegalStageMove):
        move_application(application=application, to_stage=Stage.SCREENING, by=hr)
    move_application(application=application, to_stage=Stage.REJECTED, by=hr, reason="能力不匹配")
    assert_slices_hold()
    store.settle()
    counts = PipelineSlice.objects.get(kind="cohort", position=ehr["position"]).counts
    assert '"new>screening":1' in counts and '"shortlisted>rejected":1' in counts
    other = ehr["rd_application"]
    later = Application.objects.get(pk=other.pk).applied_at + dt.timedelta(days=40)
    other.set_stage(Stage.SHORTLISTED, at=later)
    other.set_stage(Stage.WITHDRAWN, reason="另有机会", at=later + dt.timedelta(days=2))
    assert_slices_hold()
    fresh = Application.objects.create(candidate=Candidate.objects.create(name="新人"), position=ehr["position"],
                                       screening_score=77)
    assert_slices_hold()
    Application.objects.filter(pk=fresh.pk).update(screening_score=12)  # around the writers: seen by the check
    assert store.check() != []
    store.touch([fresh.pk])  # what a bulk writer does after its update
    assert_slices_hold()


def test_a_corrected_applied_date_moves_the_application_between_months(db, ehr):
    application = Application.objects.get(pk=ehr["application"].pk)
    application.set_stage(Stage.SCREENING)
    application.applied_at = dt.datetime(2025, 6, 3, 10, tzinfo=SHANGHAI)
    application.source = Application.Source.REFERRAL
    application.save()
    assert_slices_hold()  # settles
    assert not PipelineSlice.objects.filter(kind="cohort", position=ehr["position"],
                                            month=collect.month_of(ehr["application"].applied_at)).exists()


def test_a_refused_or_rolled_back_move_leaves_the_slices(db, ehr):
    application = ehr["application"]
    store.settle()
    before = list(PipelineSlice.objects.values_list("kind", "month", "counts", "values"))
    with pytest.raises(IllegalStageMove):
        application.set_stage(Stage.HIRED)
    with pytest.raises(RuntimeError), transaction.atomic():
        application.set_stage(Stage.SCREENING)
        raise RuntimeError("the caller fails after the move")
    assert not PipelineSliceChange.objects.exists()  # the rolled-back move's note went with it
    store.settle()
    assert list(PipelineSlice.objects.values_list("kind", "month", "counts", "values")) == before
    assert_slices_hold()


def test_deleting_a_candidate_removes_its_application_from_the_slices(db, ehr):
    application = ehr["application"]
    application.set_stage(Stage.SCREENING)
    store.settle()
    assert PipelineSlice.objects.filter(position=ehr["position"]).count() == 2  # its cohort and its moves
    ehr["candidate"].delete()
    store.settle()
    assert not PipelineSlice.objects.filter(position=ehr["position"]).exists()
    assert_slices_hold()


def test_history_import_keeps_the_slices(db, ehr, tmp_path):
    application = ehr["application"]  # continued by the import after two live moves
    application.set_stage(Stage.SCREENING)
    application.set_stage(Stage.SHORTLISTED)
    out = run_import(tmp_path, "王小明,13912345678,,SM-01,2023-01-01,2023-02-01,rejected,,4,4\n"
                               "李四,13800000001,,SM-01,2023-03-01,2023-05-01,rejected,,4,4\n")
    assert "新增 1 条，更新 1 条" in out
    assert_slices_hold()  # settles
    assert PipelineSlice.objects.filter(kind="cohort", month=dt.date(2023, 3, 1), is_historical=True).exists()


def test_history_import_correcting_an_applied_date(db, ehr, tmp_path):
    run_import(tmp_path, "李四,13800000001,,SM-01,2023-03-01,2023-05-01,rejected,,4,4\n")
    store.settle()
    assert PipelineSlice.objects.filter(kind="cohort", month=dt.date(2023, 3, 1)).exists()
    # the same application and outcome, a corrected 投递日期
    run_import(tmp_path, "李四,13800000001,,SM-01,2023-04-15,2023-05-01,rejected,,4,4\n")
    assert_slices_hold()
    assert not PipelineSlice.objects.filter(kind="cohort", month=dt.date(2023, 3, 1)).exists()


def test_demo_seed_keeps_the_slices(db):
    call_command("seed_demo", "--small", stdout=io.StringIO(), stderr=io.StringIO())
    assert Application.objects.filter(is_historical=True).exists()
    assert_slices_hold()


def test_check_finds_and_rebuild_repairs_rows_written_around_the_writers(db, ehr):
    application = ehr["application"]
    application.set_stage(Stage.SCREENING)
    store.settle()
    ApplicationStageChange.objects.bulk_create([ApplicationStageChange(
        application=application, from_stage=Stage.SCREENING, to_stage=Stage.SHORTLISTED,
        at=Application.objects.get(pk=application.pk).applied_at + dt.timedelta(days=1))])
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("rebuild_analytics_facts", "--check", stdout=out)
    assert exit_info.value.code == 1 and "slices differ" in out.getvalue()
    call_command("rebuild_analytics_facts", stdout=io.StringIO())
    out = io.StringIO()
    call_command("rebuild_analytics_facts", "--check", stdout=out)
    assert out.getvalue().startswith("0 slices differ")


def test_part_months_from_the_rows_agree_with_whole_months_from_the_table(db, ehr):
    """Applications over three months; the period 03-15 … 05-10 read through ``read.slices`` (March and May from
    the rows, April from the table) holds exactly the applications received in it."""
    position = ehr["position"]
    for day in (1, 14, 15, 31, 45, 60, 70, 71):
        candidate = Candidate.objects.create(name=f"候选人{day}")
        at = dt.datetime(2026, 3, 1, 12, tzinfo=SHANGHAI) + dt.timedelta(days=day - 1)
        Application.objects.create(candidate=candidate, position=position, applied_at=at, screening_score=day)
    got = list(read.slices(kind="cohort", date_from=dt.date(2026, 3, 15), date_to=dt.date(2026, 5, 10),
                           positions=None, values=True))
    months = sorted((key[1], sum(part.n.values())) for key, part in got)
    # March 15 and 31; April 14 (day 45) and April 29 (day 60); May 9 (day 70) and May 10 (day 71)
    assert months == [(dt.date(2026, 3, 1), 2), (dt.date(2026, 4, 1), 2), (dt.date(2026, 5, 1), 2)]
    scores = sorted(v for _key, part in got for v in part.series["s:new"])
    assert scores == [15, 31, 45, 60, 70, 71]
    assert read.split(dt.date(2026, 3, 15), dt.date(2026, 5, 10)) == (
        dt.date(2026, 4, 1), dt.date(2026, 5, 1),
        [(dt.date(2026, 3, 15), dt.date(2026, 4, 1)), (dt.date(2026, 5, 1), dt.date(2026, 5, 11))])
    assert read.split(dt.date(2026, 3, 1), dt.date(2026, 3, 31)) == (dt.date(2026, 3, 1), dt.date(2026, 4, 1), [])


def test_series_round_trip_through_storage():
    series = {"h": [3.5, 1.25], "t:new": [0.000001], "empty": []}
    assert {k: list(v) for k, v in collect.unpack(collect.pack(series)).items()} == {"h": [1.25, 3.5],
                                                                                      "t:new": [0.000001]}
    assert collect.pack({}) == b"" and collect.unpack(b"") == {}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent connections: PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_moves_in_one_slice_at_once_both_count(ehr):
    """Two applications of the same position and month move at the same moment from two connections while two
    readers settle the slices: writers only insert notes (neither waits for the other), and a reader recomputes
    after taking the slice's lock, so no move is lost whichever order things commit in."""
    second = Application.objects.create(candidate=Candidate.objects.create(name="并发"), position=ehr["position"])
    store.settle()
    ids = [ehr["application"].pk, second.pk]

    def move_or_settle():
        pk = ids.pop() if ids else None
        if pk is None:
            return store.settle()
        Application.objects.get(pk=pk).set_stage(Stage.SCREENING)
        return pk

    results = run_at_once(move_or_settle, threads=4)
    assert not [r for r in results if isinstance(r, Exception)], results
    store.settle()
    counts = PipelineSlice.objects.get(kind="cohort", position=ehr["position"]).counts
    assert '"new>screening":2' in counts
    assert_slices_hold()


def test_the_sweeper_settles_the_noted_slices(db, ehr):
    from hrportal.sweeps import registered_sweeps

    store.settle()
    ehr["application"].set_stage(Stage.SCREENING)
    assert PipelineSliceChange.objects.exists()
    assert dict(registered_sweeps())["analytics slices"]() == 2  # the cohort slice and the move's month
    assert not PipelineSliceChange.objects.exists()
    assert_slices_hold()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_committed_write_settles_its_slices_in_process_without_redis(ehr):
    """The embedded default (no Redis): the settle job runs in-process when the writing transaction commits, so
    the next page finds nothing to recompute; a rolled-back write queues nothing and leaves nothing."""
    store.settle()
    with transaction.atomic():
        ehr["application"].set_stage(Stage.SCREENING)
        ehr["rd_application"].set_stage(Stage.SHORTLISTED)
        assert PipelineSliceChange.objects.exists()  # noted inside the transaction …
    assert not PipelineSliceChange.objects.exists()  # … settled at its commit
    assert_slices_hold()
    with pytest.raises(RuntimeError), transaction.atomic():
        ehr["application"].set_stage(Stage.SHORTLISTED)
        raise RuntimeError("rolled back")
    assert not PipelineSliceChange.objects.exists()
    assert_slices_hold()


def test_settle_works_through_the_notes_in_batches(db, ehr):
    store.settle()
    for stage in (Stage.SCREENING, Stage.SHORTLISTED, Stage.INTERVIEWING):
        ehr["application"].set_stage(stage)
    assert PipelineSliceChange.objects.count() > 2
    store.settle(batch_size=2)
    assert not PipelineSliceChange.objects.exists()
    assert_slices_hold()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_settles_the_slices_a_committed_write_noted(ehr, redis_url):
    """With Redis: the write's commit queues one settle job (not one per move); a real worker runs it."""
    from hrportal import queues
    from tests.conftest import run_rq_worker_burst

    store.settle()
    queues.get_queue("default").empty()
    with transaction.atomic():
        for stage in (Stage.SCREENING, Stage.SHORTLISTED):
            Application.objects.get(pk=ehr["application"].pk).set_stage(stage)
    jobs = [job for job in queues.get_queue("default").jobs if job.id == store.SETTLE_JOB_ID]
    assert len(jobs) == 1 and PipelineSliceChange.objects.exists()
    result = run_rq_worker_burst("default")
    assert result.returncode == 0, result.stderr[-2000:]
    assert not PipelineSliceChange.objects.exists()
    assert_slices_hold()
