"""Survey receivers (connected in InterviewsConfig.ready): plan the feedback surveys when an interview is marked
done, and queue the report's tallies rebuild when survey responses are deleted.

Responses (and their answers) are deleted by cascades — a candidate, an application or an interview deleted (the
demo reset, the admin), or a future eraser — never by the survey services. Every such path goes through Django's
collector, which loads the responses anyway (their answers and remarks cascade), so this receiver costs nothing
extra; the answers themselves are still deleted in one query (no receiver on ``SurveyAnswer``, which would make
the collector load each one). A path that bypasses the ORM is caught by the report's own check
(interviews/surveys/jobs.py ``tallies_current``)."""

from __future__ import annotations

from django.db.models.signals import post_delete
from django.dispatch import receiver

from interviews.models import InterviewStatus, SurveyResponse
from interviews.signals import interview_status_changed
from interviews.surveys import jobs, services


@receiver(interview_status_changed, dispatch_uid="interviews.surveys.interview_done")
def on_interview_done(sender, interview, previous, change, **kwargs) -> None:
    if change.to_status == InterviewStatus.DONE and change.kind == change.Kind.STATUS:
        services.plan_invitations(interview=interview, done_at=change.at)


@receiver(post_delete, sender=SurveyResponse, dispatch_uid="interviews.surveys.response_deleted")
def on_response_deleted(sender, instance, using, **kwargs) -> None:
    jobs.rebuild_tallies_after_commit(using=using)
