"""One rule for which scores count (interviews.decision.composite.counted_scores): current, submitted scorecards of
interviews that took place. A scorecard of an interview later marked no-show or cancelled counts nowhere — not
in the composite, not in the EHR roll-up, not in calibration."""

from __future__ import annotations

from decimal import Decimal

import pytest

from interviews.calibration.services import load_pairs
from interviews.decision.composite import composite_for
from interviews.models import InterviewStatus
from interviews.room.services import roll_up_interview_scores
from tests.interviews.scorecard_builders import past_interview, plan_round, scorecard

pytestmark = pytest.mark.django_db


def test_a_no_show_interviews_scorecard_counts_nowhere(ehr, users):
    comm, _drive = ehr["competencies"]
    application = ehr["application"]
    held = past_interview(application, plan_round(ehr["position"]), interviewers=[users["interviewer"]])
    scorecard(held, users["interviewer"], {comm: (4, 3, 3.2)})
    missed = past_interview(application, plan_round(ehr["position"], "复面"), interviewers=[users["manager"]],
                            days_ago=1, status=InterviewStatus.NO_SHOW)
    scorecard(missed, users["manager"], {comm: (1, 5, 4.8)})

    assert composite_for(application).value == Decimal("4.00")
    assert roll_up_interview_scores(application=application) == {comm.pk: Decimal("4.00")}
    assert [(p.ai, p.human) for p in load_pairs()] == [(3.0, 4.0)]

    missed.status = InterviewStatus.DONE  # had it taken place, it would count everywhere
    missed.save(update_fields=["status"])
    assert composite_for(application).value == Decimal("2.50")
    assert roll_up_interview_scores(application=application) == {comm.pk: Decimal("2.50")}
    assert sorted((p.ai, p.human) for p in load_pairs()) == [(3.0, 4.0), (5.0, 1.0)]
