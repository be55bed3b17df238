"""The survey sweep (registered with hrportal.sweeps; ``manage.py run_sweeper`` runs it every round):
sends the one reminder for unanswered surveys. Idempotent: each reminder is claimed by a conditional UPDATE."""

from __future__ import annotations

from interviews.surveys import services


def sweep_survey_reminders() -> int:
    return services.send_due_reminders()
