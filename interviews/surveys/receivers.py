"""Plans the feedback surveys when an interview is marked done (connected in InterviewsConfig.ready)."""

from __future__ import annotations

from django.dispatch import receiver

from interviews.models import InterviewStatus
from interviews.signals import interview_status_changed
from interviews.surveys import services


@receiver(interview_status_changed, dispatch_uid="interviews.surveys.interview_done")
def on_interview_done(sender, interview, previous, change, **kwargs) -> None:
    if change.to_status == InterviewStatus.DONE and change.kind == change.Kind.STATUS:
        services.plan_invitations(interview=interview, done_at=change.at)
