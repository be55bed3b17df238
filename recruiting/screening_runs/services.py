"""Writes of AI screening: one application scored and stored, and batch screening runs started.

The engine (recruiting.screening) is pure computation; recruiting.engine_inputs builds its inputs from
the tables; this module stores what it says. AI never moves a stage: nothing here calls set_stage.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone

from recruiting.analytics_facts import store as analytics_store
from recruiting.models import Application, Position, Resume, ScreeningResult, ScreeningRun, ScreeningRunItem
from recruiting.pipeline import Stage
from recruiting.screening import ENGINE_VERSION

log = logging.getLogger(__name__)

# Applications a run screens when no ids are given: the ones still waiting for a screening decision.
SCREENABLE_STAGES = (Stage.NEW, Stage.SCREENING, Stage.SHORTLISTED)


class ScreeningInputError(Exception):
    """An application that cannot be screened. ``code`` is stable and stored on the run item; the page
    shows a translated message for it (recruiting.screening_runs.views.ITEM_ERRORS)."""

    def __init__(self, code: str, detail: str):
        super().__init__(f"{code}: {detail}")
        self.code = code


def resume_text_for(application: Application) -> str:
    """The text to screen: the candidate's newest readable Resume, else the text on the candidate."""
    text = (
        Resume.objects.filter(candidate_id=application.candidate_id, status=Resume.Status.PARSED)
        .exclude(text="")
        .order_by("-created_at", "-id")
        .values_list("text", flat=True)
        .first()
    )
    if text and text.strip():
        return text
    return application.candidate.resume_text or ""


def screen_application(*, application: Application, engine, model, weights, weight_set=None, run=None) -> ScreeningResult:
    """Score one application and store the result; return the stored row.

    Guarantees: idempotent — the same inputs (resume text, "present" month = the application date in
    Asia/Shanghai, lexicon, position model, weights, engine version) give the same ``inputs_hash``, and the
    row is unique per (application, inputs_hash), so screening again returns the existing row (even when two
    workers race). ``Application.screening_score`` is set to the score. The stage is never changed.
    Raises ScreeningInputError("no_resume_text") when the candidate has no resume text at all.
    """
    text = resume_text_for(application)
    if not text.strip():
        raise ScreeningInputError("no_resume_text", f"candidate {application.candidate_id} has no resume text")
    # "至今" means the month the resume was received, so a re-screen next year gives the same score.
    as_of = timezone.localtime(application.applied_at).date()
    parsed = engine.parse(text, as_of=as_of)
    result = engine.score(parsed, model, weights)
    stored, _created = ScreeningResult.objects.get_or_create(
        application=application,
        inputs_hash=result.inputs_hash,
        defaults={
            "run": run,
            "score": result.score,
            "breakdown": {name: component.to_json() for name, component in result.breakdown.items()},
            "flags": [flag.to_json() for flag in result.flags],
            "matched_terms": list(result.matched_skills),
            "explanation_zh": result.explanation_zh,
            "explanation_en": result.explanation_en,
            "engine_version": result.engine_version,
            "weight_set": weight_set,
            "weights_version": (weights.version or "")[:80],
        },
    )
    Application.objects.filter(pk=application.pk).update(screening_score=stored.score)
    analytics_store.touch([application.pk])  # the score bands of the analytics' slices
    application.screening_score = stored.score
    return stored


def create_screening_run(*, position: Position, by, application_ids: list[int] | None = None) -> ScreeningRun:
    """Create a screening run for a position with one pending item per application (nothing is queued:
    ``recruiting.screening_runs.jobs.start_screening_run`` creates and queues).

    Guarantees: the run and its items are written together (atomic); only applications of this position
    are taken (ids of other positions are ignored); without ids, every application in new / screening /
    shortlisted.
    """
    applications = Application.objects.filter(position=position)
    if application_ids is None:
        applications = applications.filter(stage__in=SCREENABLE_STAGES)
    else:
        applications = applications.filter(pk__in=list(application_ids))
    ids = list(applications.order_by("id").values_list("id", flat=True))
    with transaction.atomic():
        run = ScreeningRun.objects.create(
            position=position, total=len(ids), created_by=by if getattr(by, "is_authenticated", False) else None,
            engine_version=ENGINE_VERSION,
        )
        ScreeningRunItem.objects.bulk_create(
            [ScreeningRunItem(run=run, application_id=pk) for pk in ids], batch_size=1000
        )
    log.info("screening run %s for position %s: %s applications", run.pk, position.code, len(ids))
    return run
