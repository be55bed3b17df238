"""Re-fit a position's screening weights when its hiring history changes: an application becomes
"hired", or a performance review of an employee hired through an application is saved or deleted.
The re-fit runs after the transaction commits, once per position per transaction (a history import
saving hundreds of reviews queues it once), as the RQ job ``refit-weights-<position id>``.

Connected by importing this module in RecruitingConfig.ready().
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from recruiting.models import Application, PerformanceReview
from recruiting.pipeline import Stage
from recruiting.signals import application_stage_changed
from recruiting.weighting.services import refit_after_commit


@receiver(application_stage_changed, dispatch_uid="weighting.refit_on_hire")
def refit_on_hire(sender, application, change, **kwargs) -> None:
    if change.to_stage == Stage.HIRED:
        refit_after_commit(application.position_id)


@receiver(post_save, sender=PerformanceReview, dispatch_uid="weighting.refit_on_review_saved")
@receiver(post_delete, sender=PerformanceReview, dispatch_uid="weighting.refit_on_review_deleted")
def refit_on_review(sender, instance, using=None, **kwargs) -> None:
    if kwargs.get("raw"):  # loaddata
        return
    position_id = (
        Application.objects.using(using).filter(employee__pk=instance.employee_id).values_list("position_id", flat=True).first()
    )
    if position_id is not None:
        refit_after_commit(position_id, using=using)
