"""Refit a position's interview weights when an outcome arrives: a performance review of an employee hired
through one of its applications is saved or deleted. Debounced (interviews/learning/jobs.py). Connected by
importing this module in InterviewsConfig.ready()."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from interviews.learning.jobs import refit_after_commit
from recruiting.models import Application, PerformanceReview


@receiver(post_save, sender=PerformanceReview, dispatch_uid="learning.refit_on_review_saved")
@receiver(post_delete, sender=PerformanceReview, dispatch_uid="learning.refit_on_review_deleted")
def refit_on_review(sender, instance, using=None, **kwargs) -> None:
    if kwargs.get("raw"):  # loaddata
        return
    position_id = (
        Application.objects.using(using).filter(employee__pk=instance.employee_id).values_list("position_id", flat=True).first()
    )
    if position_id is not None:
        refit_after_commit(position_id, using=using)
