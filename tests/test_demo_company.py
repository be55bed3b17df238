"""The whole demo company (issue 20 item 2): `manage.py seed_demo_all` — what `make run` loads — leaves every
feature with content, a second run changes nothing, and `--reset` (what `make reset-demo` runs) restores the
same company. Full seed on purpose: the learning loop needs SM-01's ≥ 30 hires, which the small company has not.
"""

from __future__ import annotations

import io
from collections import Counter

import pytest
from django.core.management import call_command

from interviews.models import (
    Interview,
    InterviewStatus,
    InterviewWeightSet,
    RecalibrationModel,
    ScorecardScore,
    SurveyResponse,
)
from payroll.models import InterviewerRate, Offer, PayrollRun, RoomRate, TravelClaim
from recruiting.analytics_facts import store as analytics_store
from recruiting.models import Employee, PipelineSlice, PipelineSliceChange
from wecom.models import InboundReply, OutboxMessage

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _seed(*args) -> str:
    out = io.StringIO()
    call_command("seed_demo_all", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def _features() -> dict:
    """Per feature, what a new user finds (counts and the figures a reload must reproduce)."""
    recal = RecalibrationModel.objects.filter(is_active=True).first()
    learned = InterviewWeightSet.objects.filter(method=InterviewWeightSet.Method.REGRESSION)
    return {
        "employees": Employee.objects.count(),
        "pairs": ScorecardScore.objects.filter(ai_suggested__isnull=False, scorecard__status="submitted").count(),
        "active_recalibration": recal and (recal.pairs_used, recal.model["x_thresholds"], recal.model["y_thresholds"]),
        "learned_sets": sorted((s.position.code, s.review, s.hires_used, tuple(sorted(s.weights.items())))
                               for s in learned.select_related("position")),
        "interview_statuses": dict(Counter(Interview.objects.values_list("status", flat=True))),
        "invitations": OutboxMessage.objects.filter(kind=OutboxMessage.Kind.INVITATION).count(),
        "replies": dict(Counter(InboundReply.objects.values_list("kind", flat=True))),
        "closed_runs": sorted(PayrollRun.objects.filter(status=PayrollRun.Status.CLOSED).values_list("month", flat=True)),
        "run_totals": sorted((r.month, r.lines.count()) for r in PayrollRun.objects.all()),
        "offers": dict(Counter(Offer.objects.values_list("status", flat=True))),
        "survey_responses": SurveyResponse.objects.count(),
        "costs": (InterviewerRate.objects.count(), RoomRate.objects.count(), TravelClaim.objects.count()),
    }


def test_every_feature_has_content_seeding_again_changes_nothing_and_reset_restores(settings):
    settings.DEBUG = True  # demo accounts are created on development setups only
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    output = _seed()
    assert "Demo seed:" in output and "演示账号" in output

    features = _features()
    assert features["employees"] >= 300
    assert features["pairs"] >= 200
    assert features["active_recalibration"] and features["active_recalibration"][0] >= 200
    assert ("SM-01", InterviewWeightSet.Review.PROPOSED) in {(code, review) for code, review, *_ in features["learned_sets"]}
    assert [hires for code, _r, hires, _w in features["learned_sets"] if code == "SM-01"][0] >= 30
    assert set(features["interview_statuses"]) == set(InterviewStatus.values)
    assert features["invitations"] >= 3
    assert features["replies"].get(InboundReply.Kind.CONFIRM) and features["replies"].get(InboundReply.Kind.QUESTION)
    assert features["closed_runs"] == list(range(1, 11))
    assert len(features["offers"]) >= 3
    assert features["survey_responses"] > 0 and all(features["costs"])
    # the analytics' slices are settled by the seed and equal their definition (the first page reads them)
    assert not PipelineSliceChange.objects.exists() and PipelineSlice.objects.exists()
    assert analytics_store.check() == []

    assert "nothing changed" in _seed()  # second run: every step says so …
    assert _features() == features  # … and nothing moved

    _seed("--reset")
    assert _features() == features
    assert not PipelineSliceChange.objects.exists() and analytics_store.check() == []
