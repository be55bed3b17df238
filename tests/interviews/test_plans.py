"""Interview plans: only approved questions in a round, coverage gaps, time budget."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from interviews.bank.services import (
    approve_question,
    generate_bank,
    save_plan,
    save_round,
    unapprove_question,
)
from interviews.models import QUESTION_MINUTES, Question, RoundQuestion


@pytest.fixture
def bank(ehr, users):
    generate_bank(position=ehr["position"], by=users["hr"])
    return ehr["position"].questions.all()


def _approved(bank, competency, qtype="behavioural", by=None):
    q = bank.filter(competency=competency, question_type=qtype).first()
    return approve_question(question=q, by=by)


def test_unapproved_question_is_refused_in_a_round(ehr, users, bank):
    plan = save_plan(position=ehr["position"], time_budget_minutes=90, by=users["hr"])
    draft = bank.first()
    assert draft.status == Question.Status.DRAFT
    with pytest.raises(ValidationError):
        save_round(plan=plan, name="初面", order=1, duration_minutes=45, competencies=ehr["competencies"],
                   interviewers=[users["interviewer"]], questions=[draft], by=users["hr"])
    assert plan.rounds.count() == 0  # atomic: nothing of the refused round was stored
    # Even code that bypasses the service cannot store it.
    r = save_round(plan=plan, name="初面", order=1, duration_minutes=45, competencies=[], interviewers=[],
                   questions=[], by=users["hr"])
    with pytest.raises(ValidationError):
        RoundQuestion.objects.create(round=r, question=draft, order=1)
    assert RoundQuestion.objects.count() == 0


def test_question_of_another_position_is_refused(ehr, users, bank):
    from recruiting.models import PositionCompetency

    rd = ehr["rd_position"]
    PositionCompetency.objects.create(position=rd, competency=ehr["competencies"][0], weight="100")
    other = approve_question(question=generate_bank(position=rd, by=users["hr"]).created[0], by=users["hr"])
    plan = save_plan(position=ehr["position"], time_budget_minutes=90)
    with pytest.raises(ValidationError):
        save_round(plan=plan, name="初面", order=1, duration_minutes=45, competencies=[], interviewers=[],
                   questions=[other])


def test_coverage_gaps_and_time_budget(ehr, users, bank):
    comm, drive = ehr["competencies"]
    plan = save_plan(position=ehr["position"], time_budget_minutes=60, by=users["hr"])
    assert [(g.competency.code, g.reason) for g in plan.coverage_gaps()] == [("COMM", "no_round"), ("DRIVE", "no_round")]

    q_comm = _approved(bank, comm, by=users["hr"])
    q_tech = _approved(bank, comm, "technical", by=users["hr"])
    first = save_round(plan=plan, name="初面", order=1, duration_minutes=10, competencies=[comm, drive],
                       interviewers=[users["interviewer"]], questions=[q_comm, q_tech], by=users["hr"])
    gaps = plan.coverage_gaps()
    assert [(g.competency.code, g.reason) for g in gaps] == [("DRIVE", "no_question")]
    assert "结果导向" in gaps[0].message

    budget = first.time_budget()
    assert budget.question_minutes == QUESTION_MINUTES["behavioural"] + QUESTION_MINUTES["technical"] == 13
    assert budget.over  # 13 minutes of questions in a 10-minute round

    q_drive = _approved(bank, drive, "situational", by=users["hr"])
    save_round(plan=plan, name="复面", order=2, duration_minutes=60, competencies=[drive], interviewers=[],
               questions=[q_drive], by=users["hr"])
    assert plan.coverage_gaps() == []
    total = plan.time_budget()
    assert (total.question_minutes, total.available_minutes) == (18, 70)
    assert not total.over and total.rounds_over_plan  # 70 minutes of rounds > the 60-minute plan budget


def test_a_question_in_a_round_cannot_be_sent_back_to_draft(ehr, users, bank):
    comm = ehr["competencies"][0]
    q = _approved(bank, comm, by=users["hr"])
    plan = save_plan(position=ehr["position"], time_budget_minutes=90)
    save_round(plan=plan, name="初面", order=1, duration_minutes=45, competencies=[comm], interviewers=[], questions=[q])
    with pytest.raises(ValidationError):
        unapprove_question(question=q, by=users["hr"])
    q.refresh_from_db()
    assert q.is_approved


def test_saving_a_round_again_replaces_its_selection(ehr, users, bank):
    comm = ehr["competencies"][0]
    q1 = _approved(bank, comm, by=users["hr"])
    q2 = _approved(bank, comm, "situational", by=users["hr"])
    plan = save_plan(position=ehr["position"], time_budget_minutes=90)
    r = save_round(plan=plan, name="初面", order=1, duration_minutes=45, competencies=[comm], interviewers=[],
                   questions=[q1, q2])
    save_round(plan=plan, interview_round=r, name="初面", order=1, duration_minutes=30, competencies=[comm],
               interviewers=[], questions=[q2])
    assert [rq.question_id for rq in r.round_questions.all()] == [q2.pk]
    assert save_plan(position=ehr["position"], time_budget_minutes=100).pk == plan.pk
