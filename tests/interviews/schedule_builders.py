"""Builders for the schedule tests: a plan round for the ``ehr`` position, fixed future times in
Asia/Shanghai, and interviews stored directly (setup that must not depend on the services under test)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from interviews.bank.services import save_plan, save_round
from interviews.models import Interview, InterviewAssignment, InterviewStatus

SHANGHAI = ZoneInfo("Asia/Shanghai")
DAY = dt.date(2031, 3, 10)  # a Monday, far enough ahead that "must be in the future" holds


def at(hour: int, minute: int = 0, *, day: dt.date = DAY) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)


def local_input(value: dt.datetime) -> str:
    """The value a datetime-local input posts."""
    return value.astimezone(SHANGHAI).strftime("%Y-%m-%dT%H:%M")


def make_round(ehr, users, *, position=None, name="初面", pool=("interviewer",)):
    position = position or ehr["position"]
    plan = save_plan(position=position, time_budget_minutes=120, by=users["hr"])
    return save_round(
        plan=plan, name=name, order=plan.rounds.count() + 1, duration_minutes=45, competencies=[],
        interviewers=[users[p] for p in pool], questions=[], by=users["hr"],
    )


def book(application, interview_round, starts_at, *, minutes=45, interviewers=(), room="",
         status=InterviewStatus.SCHEDULED, organizer=None) -> Interview:
    interview = Interview.objects.create(
        application=application, round=interview_round, starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(minutes=minutes), room=room, status=status, organizer=organizer,
    )
    for index, user in enumerate(interviewers):
        InterviewAssignment.objects.create(interview=interview, interviewer=user, is_lead=index == 0)
    return interview
