"""The demo company's interviews held in the portal (``seed_demo_interviews`` runs it after the scheduled
demo interviews): what calibration and the learning loop need to show real results on first login.

- **Interviews held in the portal**: every historical demo application received on or after
  ``PORTAL_SINCE`` (2024-01-01, ≈100 applications) had its interview in the portal: a done interview of the
  position's first round, one submitted scorecard by the demo ``interviewer`` or ``manager`` account (in turn)
  whose human scores are the application's recorded scores (``ApplicationCompetencyScore``, the planted
  history of recruiting/demo), so composite, roll-up and learning read the same numbers as before.
- **AI suggestions beside them** (≈460 pairs): the engine's raw score of each competency is planted as
  ``raw = 1 + 4·((t − 1)/4)^0.55`` with ``t = clip(human + N(0, 0.35), 1, 5)``: a monotone reading that is
  too generous in the middle of the scale (a human 2 reads ≈ 2.9, a 3 ≈ 3.7); the suggestion shown is its
  rounding. Nothing
  was recalibrated at the time (``ai_recalibration_version`` empty). Seeded with ``AI_SEED``.
- **Recalibration**: the real job (``interviews.calibration.jobs.fit_recalibration_job``) fits the isotonic
  map on those pairs; it beats the raw suggestions on held-out pairs, so version 1 is stored and **active**.
- **Learned interview weights**: the real refit (``interviews.learning.services.refit_position``) runs for
  every demo position; SM-01 has ≥ 30 hires with later reviews (recruiting/demo/company.py), so it gets a
  **proposed** weight set (the others stay "insufficient data") for HR to compare and activate.

Deterministic: fixed dates (the historical application's own timeline) and one ``random.Random(AI_SEED)``
stream over applications in id order. ``remove_demo_interviews`` (interviews/demo.py) removes the interviews
(organised by the demo HR account) and ``remove_demo_learning`` the fitted versions.
"""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from django.db import transaction

from interviews.bank.services import save_plan, save_round
from interviews.calibration.jobs import fit_recalibration_job
from interviews.engine.answer_scoring import ENGINE_VERSION
from interviews.learning.services import refit_position
from interviews.models import (
    Interview,
    InterviewAssignment,
    InterviewPlan,
    InterviewStatus,
    InterviewWeightSet,
    RecalibrationModel,
    Scorecard,
    ScorecardScore,
)
from recruiting.demo import SEED
from recruiting.demo.company import POSITIONS
from recruiting.models import Application, ApplicationCompetencyScore, ApplicationStageChange, Position
from recruiting.pipeline import Stage

SHANGHAI = ZoneInfo("Asia/Shanghai")
PORTAL_SINCE = dt.datetime(2024, 1, 1, tzinfo=SHANGHAI)  # history applications from here were interviewed in the portal
AI_SEED = SEED + 17
AI_GENEROSITY = 0.55  # planted: raw = 1 + 4·((t − 1)/4)^0.55, t = human + noise — generous in the middle
AI_NOISE_SD = 0.35
INTERVIEW_MINUTES = 45
LOCATION = "上海市浦东新区星河大厦 12 楼"
ROOM = "会议室 B-202"  # not A-301: interviews/surveys/demo.py recognises its own interviews by that room


def _first_round(position: Position, hr, pool):
    """The position's first round; a plain plan (初面, no questions) when the position has none yet."""
    plan = InterviewPlan.objects.filter(position=position).first()
    if plan is not None:
        first = plan.rounds.order_by("order", "id").first()
        if first is not None:
            return first
    plan = plan or save_plan(position=position, time_budget_minutes=120, by=hr)
    competencies = [pc.competency for pc in position.position_competencies.all()]
    return save_round(plan=plan, name="初面", order=1, duration_minutes=INTERVIEW_MINUTES, competencies=competencies,
                      interviewers=pool, questions=[], by=hr)


def _ai_raw(rng: random.Random, human: int) -> float:
    """The planted engine score: a monotone, too generous reading of the human score plus noise (so the
    isotonic recalibration has a real distortion to undo)."""
    latent = min(5.0, max(1.0, human + rng.gauss(0, AI_NOISE_SD)))
    return round(1 + 4 * ((latent - 1) / 4) ** AI_GENEROSITY, 3)


def _held_at(application: Application, interviewing_since: dict[int, dt.datetime]) -> dt.datetime:
    """The day after the application entered 面试中 (its recorded stage history), at a full hour."""
    at = interviewing_since.get(application.pk, application.applied_at) + dt.timedelta(days=1)
    return at.astimezone(SHANGHAI).replace(hour=10 + application.pk % 6, minute=0, second=0, microsecond=0)


@transaction.atomic
def seed_interview_history(*, hr, interviewer, manager) -> dict[str, int | str]:
    """Load the module docstring's interviews, pairs, recalibration and fits. Idempotent: nothing happens when
    a demo history interview exists (a done interview organised by the demo HR account before PORTAL_SINCE+)."""
    counts: dict[str, int | str] = {"history_interviews": 0, "calibration_pairs": 0}
    applications = list(
        Application.objects.filter(position__code__in=[p.code for p in POSITIONS], applied_at__gte=PORTAL_SINCE,
                                   stage__in=(Stage.HIRED, Stage.REJECTED, Stage.OFFER_DECLINED, Stage.WITHDRAWN),
                                   competency_scores__source=ApplicationCompetencyScore.Source.IMPORT)
        .distinct().select_related("position").order_by("id")
    )
    if not applications or Interview.objects.filter(organizer=hr, application__in=applications).exists():
        return counts
    rng = random.Random(AI_SEED)
    interviewing_since = dict(
        ApplicationStageChange.objects.filter(application__in=applications, to_stage=Stage.INTERVIEWING)
        .order_by("application_id", "-at").values_list("application_id", "at")
    )
    rounds = {}
    interviews, panel = [], []
    for index, application in enumerate(applications):
        position = application.position
        if position.pk not in rounds:
            rounds[position.pk] = _first_round(position, hr, [interviewer, manager])
        starts = _held_at(application, interviewing_since)
        interviews.append(Interview(
            application=application, round=rounds[position.pk], starts_at=starts,
            ends_at=starts + dt.timedelta(minutes=INTERVIEW_MINUTES), room=ROOM, location=LOCATION,
            status=InterviewStatus.DONE, status_changed_at=starts + dt.timedelta(minutes=INTERVIEW_MINUTES),
            organizer=hr, actual_started_at=starts, actual_ended_at=starts + dt.timedelta(minutes=INTERVIEW_MINUTES),
        ))
        panel.append(interviewer if index % 2 == 0 else manager)
    interviews = Interview.objects.bulk_create(interviews)
    InterviewAssignment.objects.bulk_create([
        InterviewAssignment(interview=i, interviewer=user, is_lead=True,
                            attendance=InterviewAssignment.Attendance.ACCEPTED, attendance_changed_at=i.starts_at)
        for i, user in zip(interviews, panel, strict=True)
    ])
    cards = Scorecard.objects.bulk_create([
        Scorecard(interview=i, interviewer=user, status=Scorecard.Status.SUBMITTED, created_at=i.starts_at,
                  submitted_at=i.ends_at + dt.timedelta(minutes=20))
        for i, user in zip(interviews, panel, strict=True)
    ])
    scores_of: dict[int, list[tuple[int, int]]] = {}
    for app_id, competency_id, score in (
        ApplicationCompetencyScore.objects.filter(application__in=applications,
                                                  source=ApplicationCompetencyScore.Source.IMPORT)
        .order_by("application_id", "competency_id").values_list("application_id", "competency_id", "score")
    ):
        scores_of.setdefault(app_id, []).append((competency_id, int(score)))
    rows = []
    for card, interview in zip(cards, interviews, strict=True):
        for competency_id, human in scores_of.get(interview.application_id, []):
            raw = _ai_raw(rng, human)
            rows.append(ScorecardScore(
                scorecard=card, competency_id=competency_id, score=human, ai_suggested=int(round(raw)), ai_raw=raw,
                ai_confidence=0.6, ai_engine_version=ENGINE_VERSION,
            ))
    ScorecardScore.objects.bulk_create(rows)
    counts["history_interviews"] = len(interviews)
    counts["calibration_pairs"] = len(rows)
    counts["recalibration"] = fit_recalibration_job(requested_by_id=hr.pk)["status"]
    proposed = 0
    for position in Position.objects.filter(code__in=[p.code for p in POSITIONS]).order_by("code"):
        proposed += refit_position(position_id=position.pk, requested_by_id=hr.pk)["status"] == "proposed"
    counts["proposed_weight_sets"] = proposed
    return counts


@transaction.atomic
def remove_demo_learning(hr) -> dict[str, int]:
    """Delete the recalibration versions and fitted weight sets the demo HR account's seed created."""
    if hr is None:
        return {"recalibrations": 0, "weight_sets": 0}
    recal = RecalibrationModel.objects.filter(fitted_by=hr).delete()[1].get(RecalibrationModel._meta.label, 0)
    sets = InterviewWeightSet.objects.filter(
        position__code__in=[p.code for p in POSITIONS], method=InterviewWeightSet.Method.REGRESSION,
    ).delete()[1].get(InterviewWeightSet._meta.label, 0)
    return {"recalibrations": recal, "weight_sets": sets}
