"""The kept facts of the stage history: ``ApplicationStageChange.entered_at``, when the application entered the
stage a move leaves (the move into it; 投递时间 for 新投递), so the analytics' time in stage is ``at − entered_at``
instead of a self-join of the whole history.

``Application.set_stage`` (the board move, the decisions) writes it on each new row; the bulk writers (the history
import, the demo seed) call ``rebuild`` for the applications they touched; ``manage.py rebuild_analytics_facts``
and migration ``recruiting 0007`` rebuild every row. ``rebuild`` is one UPDATE with correlated subqueries — the
same definition as the self-join it replaces (the pipeline has no cycles: a stage is entered at most once)."""

from __future__ import annotations

from django.db.models import Max, OuterRef, Subquery
from django.db.models.functions import Coalesce


def rebuild(change_model=None, application_model=None, *, application_ids=None) -> int:
    """Recompute ``entered_at`` of the stage history (of ``application_ids`` only, if given); returns the rows.
    The models are parameters so the data migration can pass its historical ones."""
    if change_model is None or application_model is None:
        from recruiting.models import Application, ApplicationStageChange

        change_model, application_model = ApplicationStageChange, Application
    into = (change_model.objects.filter(application_id=OuterRef("application_id"), to_stage=OuterRef("from_stage"))
            .order_by().values("application_id").annotate(last=Max("at")).values("last"))
    applied = application_model.objects.filter(pk=OuterRef("application_id")).values("applied_at")
    rows = change_model.objects.all()
    if application_ids is not None:
        rows = rows.filter(application_id__in=list(application_ids))
    return rows.update(entered_at=Coalesce(Subquery(into), Subquery(applied)))
