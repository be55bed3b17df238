"""Signals the recruiting layer sends so that upper layers (interviews, wecom, payroll) can react
without recruiting importing them (DESIGN §3)."""

from django.dispatch import Signal

# kwargs: application, previous (stage value), change (ApplicationStageChange)
application_stage_changed = Signal()
