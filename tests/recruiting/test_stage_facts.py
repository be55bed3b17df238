"""The stage history's kept facts (``ApplicationStageChange.entered_at``, read by the analytics' time in stage):
after every kind of change — a board move, a move back (refused), a decision, a withdrawal, the history import
(new and continued applications), the demo seed — the stored value equals a full recomputation from the history
by its definition, and ``rebuild_analytics_facts`` repairs rows written around the writers."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from recruiting.models import Application, ApplicationStageChange, IllegalStageMove
from recruiting.pipeline import Stage
from recruiting.services import move_application
from tests.recruiting.history_builders import run_import


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def recomputed() -> dict[int, dt.datetime]:
    """entered_at by definition, in Python: the move into the stage a row leaves, else the application's 投递时间."""
    applied = dict(Application.objects.values_list("id", "applied_at"))
    rows = list(ApplicationStageChange.objects.values("id", "application_id", "from_stage", "to_stage", "at"))
    into = {(r["application_id"], r["to_stage"]): r["at"] for r in rows}
    return {r["id"]: into.get((r["application_id"], r["from_stage"]), applied[r["application_id"]]) for r in rows}


def stored() -> dict[int, dt.datetime]:
    return dict(ApplicationStageChange.objects.values_list("id", "entered_at"))


def assert_facts_hold():
    expected = recomputed()
    assert expected, "the scenario wrote no stage history"
    assert stored() == expected


def test_moves_decisions_and_withdrawals_keep_the_facts(db, ehr, users):
    application = ehr["application"]  # at 新投递
    hr = users["hr"]
    move_application(application=application, to_stage=Stage.SCREENING, by=hr)
    assert_facts_hold()
    first = ApplicationStageChange.objects.get(application=application, to_stage=Stage.SCREENING)
    assert first.entered_at == Application.objects.get(pk=application.pk).applied_at
    move_application(application=application, to_stage=Stage.SHORTLISTED, by=hr)
    with pytest.raises(IllegalStageMove):  # a move back is refused and writes nothing
        move_application(application=application, to_stage=Stage.SCREENING, by=hr)
    move_application(application=application, to_stage=Stage.INTERVIEWING, by=hr)
    move_application(application=application, to_stage=Stage.REJECTED, by=hr, reason="能力不匹配")  # a decision
    assert_facts_hold()
    left = ApplicationStageChange.objects.get(application=application, to_stage=Stage.REJECTED)
    assert left.entered_at == ApplicationStageChange.objects.get(application=application,
                                                                 to_stage=Stage.INTERVIEWING).at


def test_withdrawal_at_a_given_time(db, ehr):
    application = ehr["application"]
    at = Application.objects.get(pk=application.pk).applied_at + dt.timedelta(days=3)
    application.set_stage(Stage.SHORTLISTED, at=at)
    application.set_stage(Stage.WITHDRAWN, reason="另有机会", at=at + dt.timedelta(days=2))
    assert_facts_hold()
    assert ApplicationStageChange.objects.get(application=application, to_stage=Stage.WITHDRAWN).entered_at == at


def test_history_import_keeps_the_facts(db, ehr, tmp_path):
    application = ehr["application"]  # 王小明 → SM-01: continued by the import after two live moves
    application.set_stage(Stage.SCREENING)
    application.set_stage(Stage.SHORTLISTED)
    out = run_import(tmp_path, "王小明,13912345678,,SM-01,2023-01-01,2023-02-01,rejected,,4,4\n"
                               "李四,13800000001,,SM-01,2023-03-01,2023-05-01,rejected,,4,4\n")
    assert "新增 1 条，更新 1 条" in out
    assert ApplicationStageChange.objects.filter(entered_at__isnull=True).count() == 0
    assert_facts_hold()


def test_demo_seed_keeps_the_facts(db):
    call_command("seed_demo", "--small", stdout=io.StringIO(), stderr=io.StringIO())
    assert Application.objects.filter(is_historical=True).exists()
    assert_facts_hold()


def test_rebuild_command_repairs_rows_written_around_the_writers(db, ehr):
    application = ehr["application"]
    application.set_stage(Stage.SCREENING)
    application.set_stage(Stage.SHORTLISTED)
    ApplicationStageChange.objects.update(entered_at=None)
    Application.objects.filter(pk=application.pk).update(applied_at=dt.datetime(2026, 1, 5, tzinfo=dt.UTC))
    out = io.StringIO()
    call_command("rebuild_analytics_facts", stdout=out)
    assert "2 stage changes" in out.getvalue()
    assert_facts_hold()
