"""Feedback surveys: planned when an interview is done, delivered through wecom's outbox (sandbox), the signed
single-use link (expiry, reuse, tampering), answering, the one reminder, the minimum group size of the report,
the interviewers' remarks in the interview summary, and the report's query count."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from interviews.models import (
    Audience,
    CompetencyRemark,
    InterviewStatus,
    SurveyInvitation,
    SurveyResponse,
)
from interviews.surveys import links, services
from tests.interviews.schedule_builders import book, make_round
from wecom.models import OutboxMessage

pytestmark = pytest.mark.django_db


@pytest.fixture
def done_interview(ehr, users, settings):
    settings.SURVEY_DELAY_HOURS = 2
    interview_round = make_round(ehr, users, pool=("interviewer", "manager"))
    interview_round.competencies.set(ehr["competencies"])
    starts = timezone.now() - dt.timedelta(hours=3)
    interview = book(ehr["application"], interview_round, starts, minutes=60,
                     interviewers=[users["interviewer"], users["manager"]], room="A-301")
    interview.set_status(InterviewStatus.DONE, by=users["hr"])
    return interview


def _answers(invitation, **overrides):
    data = {}
    for q in invitation.template.questions.all():
        if q.kind == "scale":
            data[f"q{q.pk}"] = overrides.get(q.topic, "4")
        elif q.kind == "single":
            data[f"q{q.pk}"] = overrides.get(q.topic, q.choices[0]["value"])
        else:
            data[f"q{q.pk}"] = overrides.get(q.topic, "")
    return data


def test_done_interview_plans_one_survey_per_person_and_queues_the_links(done_interview, users):
    invitations = SurveyInvitation.objects.filter(interview=done_interview)
    assert sorted((i.audience, i.interviewer_id or 0) for i in invitations) == sorted(
        [("candidate", 0), ("interviewer", users["interviewer"].pk), ("interviewer", users["manager"].pk)]
    )
    candidate_invitation = invitations.get(audience=Audience.CANDIDATE)
    changed_at = done_interview.status_history.latest("at").at
    assert candidate_invitation.send_at == changed_at + dt.timedelta(hours=2)
    messages = OutboxMessage.objects.filter(dedupe_key__startswith="survey:")
    assert messages.count() == 3
    candidate_message = messages.get(dedupe_key=f"survey:{candidate_invitation.pk}:invite")
    assert candidate_message.channel == "sandbox" and candidate_message.next_attempt_at == candidate_invitation.send_at
    assert "/interviews/survey/" in candidate_message.payload
    # planning again (a repeated signal) adds nobody and sends nothing twice
    assert services.plan_invitations(interview=done_interview) == []
    assert OutboxMessage.objects.filter(dedupe_key__startswith="survey:").count() == 3


def test_the_link_is_single_use_and_a_second_answer_is_refused_politely(client, done_interview):
    invitation = SurveyInvitation.objects.get(interview=done_interview, audience=Audience.CANDIDATE)
    url = reverse("interviews:survey_answer", kwargs={"token": links.make_token(invitation)})
    page = client.get(url)
    assert page.status_code == 200 and "匿名" in page.content.decode()
    answer = client.post(url, _answers(invitation, improvement="安排很顺利，面试官很专业"))
    assert answer.status_code == 302
    response = SurveyResponse.objects.get(invitation=invitation)
    assert response.position_id == done_interview.application.position_id
    assert response.answers.count() == 5
    again = client.post(url, _answers(invitation))
    assert again.status_code == 409
    assert "您已提交过本问卷" in again.content.decode()
    assert SurveyResponse.objects.filter(invitation=invitation).count() == 1
    assert "您已提交过本问卷" in client.get(url).content.decode()


def test_expired_and_tampered_links_are_refused(client, done_interview):
    invitation = SurveyInvitation.objects.get(interview=done_interview, audience=Audience.CANDIDATE)
    token = links.make_token(invitation)
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert client.get(reverse("interviews:survey_answer", kwargs={"token": tampered})).status_code == 404
    SurveyInvitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    invitation.refresh_from_db()
    expired = reverse("interviews:survey_answer", kwargs={"token": links.make_token(invitation)})
    assert client.get(expired).status_code == 410
    assert client.post(expired, _answers(invitation)).status_code == 410
    assert not SurveyResponse.objects.exists()
    # the expiry is signed into the token: moving the row's expiry later does not revive an old token
    SurveyInvitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() + dt.timedelta(days=1))
    assert links.check_token(links.make_token(invitation)).state == links.SurveyLinkState.EXPIRED


def test_a_missing_required_answer_or_a_bad_value_is_refused(client, done_interview):
    invitation = SurveyInvitation.objects.get(interview=done_interview, audience=Audience.CANDIDATE)
    url = reverse("interviews:survey_answer", kwargs={"token": links.make_token(invitation)})
    data = _answers(invitation, satisfaction="9")
    assert client.post(url, data).status_code == 422
    data = _answers(invitation)
    data.pop(next(k for k in data))
    assert client.post(url, data).status_code == 422
    assert not SurveyResponse.objects.exists()


def test_one_reminder_for_unanswered_surveys_only(done_interview, users):
    candidate = SurveyInvitation.objects.get(interview=done_interview, audience=Audience.CANDIDATE)
    answered = SurveyInvitation.objects.get(interview=done_interview, interviewer=users["manager"])
    services.submit_response(invitation=answered, answers={q.pk: "4" if q.kind == "scale" else (q.choices[0]["value"] if q.choices else "")
                                                             for q in answered.template.questions.all()})
    assert services.send_due_reminders(now=candidate.remind_at - dt.timedelta(minutes=1)) == 0
    later = candidate.remind_at + dt.timedelta(minutes=1)
    assert services.send_due_reminders(now=later) == 2  # the candidate and the interviewer who has not answered
    assert services.send_due_reminders(now=later + dt.timedelta(hours=1)) == 0
    reminders = OutboxMessage.objects.filter(dedupe_key__endswith=":reminder")
    assert sorted(m.dedupe_key for m in reminders) == sorted(
        [f"survey:{candidate.pk}:reminder",
         f"survey:{SurveyInvitation.objects.get(interview=done_interview, interviewer=users['interviewer']).pk}:reminder"]
    )


def test_interviewer_remarks_land_in_the_interview_summary_for_hr_only(client, done_interview, users, ehr):
    invitation = SurveyInvitation.objects.get(interview=done_interview, interviewer=users["interviewer"])
    comm = ehr["competencies"][0]
    url = reverse("interviews:survey_answer", kwargs={"token": links.make_token(invitation)})
    page = client.get(url).content.decode()
    assert "沟通能力" in page
    data = _answers(invitation, improvement="情景题可以更具体")
    data.update({f"meets_{comm.pk}": "yes", f"remark_{comm.pk}": "风险分析清楚，沟通有条理"})
    assert client.post(url, data).status_code == 302
    remark = CompetencyRemark.objects.get()
    assert remark.meets is True and remark.competency == comm
    detail = reverse("interviews:interview_detail", args=[done_interview.pk])
    client.force_login(users["hr"])
    assert "风险分析清楚，沟通有条理" in client.get(detail).content.decode()
    client.force_login(users["interviewer"])
    shown = client.get(detail)
    assert shown.status_code == 200 and "风险分析清楚" not in shown.content.decode()


def _answered_candidates(ehr, users, interview_round, n, *, satisfaction="5", difficulty="too_easy", start=0):
    from recruiting.models import Application, Candidate

    for i in range(start, start + n):
        candidate = Candidate.objects.create(name=f"候选{i}", email=f"c{i}@example.com")
        application = Application.objects.create(candidate=candidate, position=ehr["position"])
        interview = book(application, interview_round, timezone.now() - dt.timedelta(days=1, hours=i % 20), minutes=60,
                         interviewers=[users["interviewer"]])
        interview.set_status(InterviewStatus.DONE, by=users["hr"])
        invitation = SurveyInvitation.objects.get(interview=interview, audience=Audience.CANDIDATE)
        answers = {}
        for q in invitation.template.questions.all():
            if q.kind == "scale":
                answers[q.pk] = satisfaction
            elif q.kind == "single":
                answers[q.pk] = difficulty if q.topic == "difficulty" else q.choices[0]["value"]
            else:
                answers[q.pk] = "流程清晰，沟通及时"
        services.submit_response(invitation=invitation, answers=answers, now=invitation.send_at + dt.timedelta(minutes=5))


def test_no_breakdown_below_the_minimum_group_size(client, ehr, users, settings):
    from interviews.surveys.selectors import survey_report

    settings.SURVEY_DELAY_HOURS = 0
    interview_round = make_round(ehr, users)
    _answered_candidates(ehr, users, interview_round, 4)
    report = survey_report()
    assert report["response"]["candidate"]["answered"] == 4
    assert not report["totals"]["satisfaction"].shown
    assert report["interviewers"] == [] and report["hidden_interviewers"] == 1
    assert not report["positions"][0]["shown"]
    client.force_login(users["hr"])
    page = client.get(reverse("interviews:survey_report")).content.decode()
    assert "data-too-few" in page and 'data-metric="satisfied"' not in page

    _answered_candidates(ehr, users, interview_round, 1, start=4)
    report = survey_report()
    assert report["totals"]["satisfaction"].shown and report["totals"]["satisfaction"].satisfied_share == 100
    assert [r["label"] for r in report["interviewers"]] == ["iv_wang"]
    page = client.get(reverse("interviews:survey_report")).content.decode()
    assert 'data-metric="satisfied">100.0%' in page


def test_report_query_count_is_constant_as_responses_double(client, ehr, users, settings):
    settings.SURVEY_DELAY_HOURS = 0
    interview_round = make_round(ehr, users)
    client.force_login(users["hr"])
    url = reverse("interviews:survey_report")
    _answered_candidates(ehr, users, interview_round, 5)
    client.get(url)  # suggestions recorded once
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _answered_candidates(ehr, users, interview_round, 5, start=5)
    client.get(url)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small)


def test_report_rows_chart_and_advice_name_positions_and_rounds_in_the_ui_language(client, ehr, users, settings):
    """Issue 20: the per-position and per-round rows, the satisfaction chart's bars and a suggestion's advice
    use the English names in English — also for a suggestion first recorded while someone read it in Chinese."""
    settings.SURVEY_DELAY_HOURS = 0
    interview_round = make_round(ehr, users)
    interview_round.name_en = "First interview"
    interview_round.save(update_fields=["name_en"])
    _answered_candidates(ehr, users, interview_round, 5, satisfaction="1")  # fires "round_low_satisfaction"
    client.force_login(users["hr"])
    url = reverse("interviews:survey_report")

    chinese = client.get(url).content.decode()
    assert "销售经理" in chinese and "“初面”候选人满意度平均 1.00 分" in chinese
    assert "Sales Manager" not in chinese and "First interview" not in chinese

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url).content.decode()
    positions = english.split('id="positions"', 1)[1].split("</section>", 1)[0]
    rounds = english.split('id="rounds"', 1)[1].split("</section>", 1)[0]
    suggestions = english.split('id="suggestions"', 1)[1].split("</section>", 1)[0]
    assert "Sales Manager" in positions and "<svg" in positions  # the table row and the chart's bar
    assert "First interview" in rounds
    assert "Candidates rated “First interview” 1.00 on average" in suggestions
    assert "销售经理" not in english and "初面" not in english


def test_the_answer_page_names_the_position_round_and_competencies_in_its_language(client, done_interview, settings):
    done_interview.round.name_en = "First interview"
    done_interview.round.save(update_fields=["name_en"])
    for audience, language, shown, hidden in (
        (Audience.CANDIDATE, "en", "Sales Manager · First interview", "销售经理"),
        (Audience.CANDIDATE, "zh-hans", "销售经理 · 初面", "Sales Manager"),
        (Audience.INTERVIEWER, "en", "“Communication”", "沟通能力"),
        (Audience.INTERVIEWER, "zh-hans", "“沟通能力”", "Communication"),
    ):
        invitation = SurveyInvitation.objects.filter(interview=done_interview, audience=audience).first()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        page = client.get(reverse("interviews:survey_answer", kwargs={"token": links.make_token(invitation)})).content.decode()
        assert shown in page and hidden not in page, (audience, language)


def test_survey_messages_name_the_position_and_round_in_the_installations_language(ehr, users, settings):
    """Issue 20: the survey links go out in the installation's language (LANGUAGE_CODE), names included."""
    settings.SURVEY_DELAY_HOURS = 0
    interview_round = make_round(ehr, users)
    interview_round.name_en = "First interview"
    interview_round.save(update_fields=["name_en"])
    payloads = {}
    for n, language in enumerate(("en", "zh-hans")):
        settings.LANGUAGE_CODE = language
        interview = book(ehr["application"], interview_round, timezone.now() - dt.timedelta(days=n + 1), minutes=60,
                         interviewers=[users["interviewer"]])
        interview.set_status(InterviewStatus.DONE, by=users["hr"])
        payloads[language] = " ".join(m.payload for m in OutboxMessage.objects.filter(
            interview=interview, dedupe_key__startswith="survey:"))
    assert "Sales Manager" in payloads["en"] and "First interview" in payloads["en"]
    assert "销售经理" not in payloads["en"] and "初面" not in payloads["en"]
    assert "销售经理" in payloads["zh-hans"] and "初面" in payloads["zh-hans"] and "Sales Manager" not in payloads["zh-hans"]
