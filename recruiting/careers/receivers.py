"""Drop the careers pages' cache when what they show changes (connected in RecruitingConfig.ready)."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from recruiting.careers import cache
from recruiting.models import CareersSettings, Department, Position


@receiver([post_save, post_delete], sender=Position, dispatch_uid="careers_position_changed")
@receiver([post_save, post_delete], sender=Department, dispatch_uid="careers_department_changed")
@receiver([post_save, post_delete], sender=CareersSettings, dispatch_uid="careers_settings_changed")
def _changed(sender, **kwargs) -> None:
    cache.invalidate()
