"""Business events → webhook deliveries. The apps below send signals (recruiting.signals) or save rows whose
state says what happened; nothing there knows webhooks exist. Each receiver names the occurrence (``ref``),
so a row saved again in the same state is not delivered twice (the outbox's dedupe key)."""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from api.webhooks.services import emit
from interviews.models import HiringDecision
from payroll.models import Contract, Onboarding, PayrollRun
from payroll.models.offers import OnboardingStatus
from recruiting.models import Application
from recruiting.signals import application_stage_changed


@receiver(post_save, sender=Application, dispatch_uid="api.webhooks.application_created")
def application_created(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        emit("application.created", ref=str(instance.pk), data={
            "application_id": instance.pk, "candidate_id": instance.candidate_id,
            "position_id": instance.position_id, "stage": instance.stage, "source": instance.source,
        })


@receiver(application_stage_changed, dispatch_uid="api.webhooks.application_stage_changed")
def stage_changed(sender, application, previous, change, **kwargs):
    emit("application.stage_changed", ref=str(change.pk), data={
        "application_id": application.pk, "from": previous, "to": change.to_stage, "at": change.at.isoformat(),
    })


@receiver(post_save, sender=HiringDecision, dispatch_uid="api.webhooks.decision_made")
def decision_made(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        emit("decision.made", ref=str(instance.pk), data={
            "application_id": instance.application_id, "outcome": instance.outcome,
            "decided_at": instance.decided_at.isoformat(),
        })


@receiver(post_save, sender=Contract, dispatch_uid="api.webhooks.offer_signed")
def offer_signed(sender, instance, raw=False, **kwargs):
    if instance.signed_at is not None and not raw:
        emit("offer.signed", ref=str(instance.pk), data={
            "offer_id": instance.offer_id, "signed_at": instance.signed_at.isoformat(),
        })


@receiver(post_save, sender=Onboarding, dispatch_uid="api.webhooks.employee_onboarded")
def employee_onboarded(sender, instance, raw=False, **kwargs):
    if instance.status == OnboardingStatus.ONBOARDED and not raw:
        emit("employee.onboarded", ref=str(instance.pk), data={
            "offer_id": instance.offer_id, "employee_id": instance.employee_id,
            "employee_no": instance.employee.employee_no if instance.employee_id else None,
        })


@receiver(post_save, sender=PayrollRun, dispatch_uid="api.webhooks.payroll_closed")
def payroll_closed(sender, instance, raw=False, **kwargs):
    if instance.status == PayrollRun.Status.CLOSED and not raw:
        emit("payroll.closed", ref=str(instance.pk), data={
            "run_id": instance.pk, "year": instance.year, "month": instance.month,
        })
