"""Saves and deletes through the ORM note the slices they change (connected in RecruitingConfig.ready): a saved
application touches the slices it sits in now and those it sat in when loaded (a changed 投递时间, position, source or cohort
moves it); a deleted one the slices it sat in, noted before its moves are gone; a saved move its application. The
stage history is append-only: a move is deleted only with its application (a cascade), which that covers. ``bulk_create`` and ``QuerySet.update`` send no signal: those writers call ``store.touch``."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_init, post_save, pre_delete
from django.dispatch import receiver

from recruiting.analytics_facts import store
from recruiting.models import Application, ApplicationStageChange

KEY_FIELDS = ("position_id", "source", "is_historical", "applied_at")


def _row(app) -> tuple:
    return (app.pk, *(getattr(app, f) for f in KEY_FIELDS))


@receiver(post_init, sender=Application, dispatch_uid="analytics_facts_loaded")
def remember_loaded(sender, instance, **kwargs):
    # what the row held when loaded (deferred fields: unknown, the row is then re-read on save)
    if instance.pk is not None and not any(f in instance.get_deferred_fields() for f in KEY_FIELDS):
        instance._slice_row = _row(instance)


@receiver(post_save, sender=Application, dispatch_uid="analytics_facts_application_saved")
def application_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    loaded = getattr(instance, "_slice_row", None)
    if loaded is not None and loaded != _row(instance):
        store.touch_keys(store.keys_of([loaded]))
    store.touch([instance.pk])
    instance._slice_row = _row(instance)


@receiver(pre_delete, sender=Application, dispatch_uid="analytics_facts_application_deleting")
def application_deleting(sender, instance, **kwargs):
    instance._slice_keys = store.current_keys([instance.pk])


@receiver(post_delete, sender=Application, dispatch_uid="analytics_facts_application_deleted")
def application_deleted(sender, instance, **kwargs):
    store.touch_keys(getattr(instance, "_slice_keys", set()))


@receiver(post_save, sender=ApplicationStageChange, dispatch_uid="analytics_facts_move_saved")
def move_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        store.touch([instance.application_id])
