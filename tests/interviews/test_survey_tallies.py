"""The survey report's answer tallies (interviews/surveys/tallies.py): after every kind of change they equal a
recount of the answers, and the report built on them shows the figures the answers give when counted directly
(per position, round, interviewer, question type, month and date range)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from interviews.models import (
    Audience,
    Question,
    QuestionType,
    RoundQuestion,
    SurveyAnswer,
    SurveyInvitation,
    SurveyResponse,
    SurveyTally,
)
from interviews.surveys import tallies
from interviews.surveys.selectors import survey_report
from tests.interviews.survey_builders import answer, answered_interviews, done_interview

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(ehr, users, settings):
    """Twelve interviews over one round and two panels, candidates and interviewers answering."""
    return answered_interviews(ehr, users, settings)


def _direct(date_from=None, date_to=None):
    """The report's figures counted straight from the answers (the queries the report ran before the tallies)."""
    rows = SurveyAnswer.objects.all()
    if date_from:
        rows = rows.filter(submitted_at__date__gte=date_from)
    if date_to:
        rows = rows.filter(submitted_at__date__lte=date_to)
    satisfaction = rows.filter(audience=Audience.CANDIDATE, topic="satisfaction", scale__isnull=False)
    per_interviewer = defaultdict(Counter)
    for r in satisfaction.values("interview__assignments__interviewer_id", "scale").annotate(n=Count("id")):
        if r["interview__assignments__interviewer_id"] is not None:
            per_interviewer[r["interview__assignments__interviewer_id"]][r["scale"]] += r["n"]
    by_type = defaultdict(Counter)
    for r in (rows.filter(audience=Audience.CANDIDATE, topic="difficulty").exclude(choice="")
              .values("position_id", "round__round_questions__question__question_type", "choice")
              .annotate(n=Count("id", distinct=True))):
        if r["round__round_questions__question__question_type"]:
            by_type[(r["position_id"], r["round__round_questions__question__question_type"])][r["choice"]] += r["n"]
    trend = defaultdict(Counter)
    for a in satisfaction:
        trend[timezone.localtime(a.submitted_at).strftime("%Y-%m")][a.scale] += 1
    return {
        "satisfaction": Counter(satisfaction.values_list("scale", flat=True)),
        "interviewer_fit": Counter(rows.filter(audience=Audience.INTERVIEWER, topic="question_fit").values_list("scale", flat=True)),
        "difficulty": Counter(rows.filter(audience=Audience.CANDIDATE, topic="difficulty").values_list("choice", flat=True)),
        "per_interviewer": {k: dict(v) for k, v in per_interviewer.items()},
        "by_type": {k: sum(v.values()) for k, v in by_type.items()},
        "trend": {k: dict(v) for k, v in trend.items()},
    }


def _from_report(report):
    def counts(d):
        return Counter({i + 1: c for i, c in enumerate(d.counts) if c})

    return {
        "satisfaction": counts(report["totals"]["satisfaction"]),
        "interviewer_fit": counts(report["totals"]["interviewer_fit"]),
        "difficulty_total": report["difficulty"]["total"],
        "per_interviewer": {r["user_id"]: dict(counts(r["satisfaction"])) for r in report["interviewers"]},
        "by_type": {(r["position_id"], r["question_type"]): r["total"] for r in report["question_types"]},
        "trend": {t["month"]: dict(counts(t["satisfaction"])) for t in report["trend"]},
    }


def test_tallies_equal_a_recount_after_submissions(answered):
    assert tallies.stored() == tallies.recount()
    assert tallies.is_fresh()
    # the per-interviewer rows count each candidate satisfaction answer once per panel member
    per_interviewer = SurveyTally.objects.filter(interviewer_id__gt=0).values_list("n", flat=True)
    assert sum(per_interviewer) == 12 + 8  # 12 answers; 8 of the panels have two members


def _questions(ehr, round_, types):
    competency = ehr["competencies"][0]
    RoundQuestion.objects.filter(round=round_).delete()
    for order, qtype in enumerate(types, start=1):
        q = Question.objects.create(position=ehr["position"], competency=competency, text_zh=f"题{order}", question_type=qtype,
                                     status=Question.Status.APPROVED)
        RoundQuestion.objects.create(round=round_, question=q, order=order)


def test_the_report_shows_what_the_answers_give_counted_directly(answered, ehr, users):
    _questions(ehr, answered["round"], [QuestionType.SITUATIONAL, QuestionType.BEHAVIOURAL])
    report, direct = _from_report(survey_report()), _direct()
    assert report["satisfaction"] == direct["satisfaction"]
    assert report["interviewer_fit"] == direct["interviewer_fit"]
    assert report["difficulty_total"] == sum(direct["difficulty"].values())
    assert report["trend"] == direct["trend"] and len(report["trend"]) >= 4
    assert report["per_interviewer"] == {k: v for k, v in direct["per_interviewer"].items() if sum(v.values()) >= 5}
    assert report["by_type"] == direct["by_type"]


def test_question_types_count_each_vote_once_per_distinct_type_of_its_round(answered, ehr):
    # two questions of one type and one of another: each vote counts once per type, not per question
    _questions(ehr, answered["round"], [QuestionType.SITUATIONAL, QuestionType.SITUATIONAL, QuestionType.BEHAVIOURAL])
    by_type = _from_report(survey_report())["by_type"]
    assert by_type == _direct()["by_type"]
    assert set(by_type.values()) == {12}


def test_a_date_range_counts_by_the_local_day(answered):
    for date_from, date_to in ((None, timezone.localdate() - dt.timedelta(days=30)),
                               (timezone.localdate() - dt.timedelta(days=60), None),
                               (timezone.localdate() - dt.timedelta(days=50), timezone.localdate() - dt.timedelta(days=20))):
        report = _from_report(survey_report(date_from=date_from, date_to=date_to))
        direct = _direct(date_from, date_to)
        assert report["satisfaction"] == (direct["satisfaction"] if sum(direct["satisfaction"].values()) else Counter())


def test_a_submission_just_before_local_midnight_counts_on_that_local_day(answered, ehr, users):
    interview = done_interview(ehr, users, answered["round"], 99, panel=[users["interviewer"]], days_ago=2)
    invitation = SurveyInvitation.objects.get(interview=interview, audience=Audience.CANDIDATE)
    local_day = timezone.localdate() - dt.timedelta(days=1)
    late = timezone.make_aware(dt.datetime.combine(local_day, dt.time(23, 50)))  # 15:50 UTC
    answer(invitation, scale=5, choice="too_hard", at=late)
    assert set(SurveyTally.objects.filter(scale=5, topic="satisfaction", day=local_day).values_list("interviewer_id", flat=True)) >= {0}
    assert tallies.stored() == tallies.recount()
    only_that_day = _from_report(survey_report(date_from=local_day, date_to=local_day))
    assert only_that_day["satisfaction"] == _direct(local_day, local_day)["satisfaction"] or \
        sum(_direct(local_day, local_day)["satisfaction"].values()) < 5


def test_a_cascade_delete_rebuilds_the_tallies_when_it_commits(answered, django_capture_on_commit_callbacks):
    """In the embedded default (no Redis) the queued rebuild runs in-process when the deleting transaction commits."""
    interview = answered["interviews"][1]
    responses = SurveyResponse.objects.filter(interview=interview).count()
    assert responses >= 2  # the candidate's and the panel's
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            interview.application.candidate.delete()  # cascades to the interview and its responses and answers
            assert not tallies.is_fresh()
            assert tallies.stored() != tallies.recount()
    assert len(callbacks) == 1  # one rebuild for the transaction, however many responses went
    assert tallies.is_fresh() and tallies.stored() == tallies.recount()
    assert tallies.read_mark().rebuild_queued_at is None  # the job started: nothing waits
    assert survey_report()["tallies_stale"] is False


def test_answers_stored_behind_the_tallies_back_are_noticed(answered, ehr, users):
    """No receiver sees a write that bypasses the ORM's delete (here: an answer replaced by hand); the report's own
    check does. Without a worker (embedded default) the queue helper runs the rebuild in-process right there."""
    response = SurveyResponse.objects.filter(audience=Audience.CANDIDATE).first()
    invitation = response.invitation
    question = invitation.template.questions.get(topic="satisfaction")
    old = SurveyAnswer.objects.get(response=response, question=question)
    old.delete()
    SurveyAnswer.objects.create(response=response, question=question, topic="satisfaction", scale=old.scale % 5 + 1,
                                audience=response.audience,
                                interview_id=response.interview_id, position_id=response.position_id,
                                round_id=response.round_id, submitted_at=response.submitted_at)
    assert not tallies.is_fresh()
    before = tallies.stored()
    assert before != tallies.recount()
    assert survey_report()["tallies_stale"] is False
    assert tallies.stored() == tallies.recount()


def test_a_rebuild_job_that_finds_the_tallies_fresh_changes_nothing(answered):
    from interviews.surveys import jobs

    rebuilt_at = tallies.read_mark().rebuilt_at
    assert jobs.rebuild_tallies_job() == {"rebuilt": False, "cells": 0}
    assert tallies.read_mark().rebuilt_at == rebuilt_at
    assert tallies.stored() == tallies.recount()


def test_the_command_rebuilds_and_checks(answered, capsys):
    SurveyTally.objects.filter(interviewer_id=0).update(n=1)
    with pytest.raises(Exception, match="differ"):
        call_command("rebuild_survey_tallies", "--check")
    call_command("rebuild_survey_tallies")
    call_command("rebuild_survey_tallies", "--check")
    assert "match a recount" in capsys.readouterr().out
    assert tallies.stored() == tallies.recount()
