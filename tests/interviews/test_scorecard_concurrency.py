"""Two taps on 提交 (or two autosaves of one note) racing on PostgreSQL: one row, the same result.

The assignment row lock serialises one interviewer's writes on one interview; ``uniq_current_scorecard`` and
``uniq_note_segment_client`` are the database's backstop. SQLite has no row locks and serialises writers by
itself, so these run on PostgreSQL only (DATABASE_URL)."""

from __future__ import annotations

import pytest
from django.db import connection

from interviews.models import NoteSegment, Scorecard, ScorecardScore
from interviews.room.services import save_note_segment, submit_scorecard
from tests.conftest import run_at_once
from tests.interviews.room_setup import STRONG_ANSWER, build_interview, full_scores

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks are a PostgreSQL matter: run with DATABASE_URL=postgres://…")


def test_racing_submits_make_one_scorecard(users, ehr):
    room = build_interview(ehr, users)
    results = run_at_once(threads=4, func=lambda: submit_scorecard(
        interview=room["interview"], interviewer=users["interviewer"], scores=full_scores(room), recommendation="yes",
    ).pk)
    assert all(isinstance(r, int) for r in results), results
    assert len(set(results)) == 1
    assert Scorecard.objects.count() == 1
    assert ScorecardScore.objects.count() == 2


def test_racing_autosaves_of_one_segment_make_one_row(users, ehr):
    room = build_interview(ehr, users)
    results = run_at_once(threads=4, func=lambda: save_note_segment(
        interview=room["interview"], author=users["interviewer"], client_id="same", text=STRONG_ANSWER,
        round_question_id=room["rq_comm"].pk,
    ).segment.pk)
    assert all(isinstance(r, int) for r in results), results
    assert NoteSegment.objects.count() == 1
