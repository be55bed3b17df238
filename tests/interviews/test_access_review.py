"""Access and privacy review of the interview pages (issue 4): who reaches the room's partials and writes, what a
panel member who has not submitted yet can learn of the others' scores (room, decision page, calibration page),
what the room shows of the candidate's contact data, and that a submitted scorecard cannot be changed by a direct
POST."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hrportal.roles import Role
from interviews.decision.services import decide_hiring
from interviews.models import Interview, InterviewAssignment, NoteSegment, Scorecard
from tests.conftest import make_user
from tests.interviews.room_setup import build_interview, form_data
from tests.interviews.scorecard_builders import (
    another_applicant,
    interviewing,
    past_interview,
    plan_round,
    scorecard,
)

pytestmark = pytest.mark.django_db

WRITE_URLS = ["interviews:room_notes", "interviews:scorecard_save", "interviews:scorecard_submit",
              "interviews:scorecard_amend"]


@pytest.fixture
def room(ehr, users):
    return build_interview(ehr, users)


def _url(name, interview) -> str:
    return reverse(name, args=[interview.pk])


# --- the room's partials and writes, by interview id ----------------------------------------------------------


@pytest.fixture
def other_interview(ehr, users, room):
    """Interview B: another candidate in the same round; the manager sits on it, the interviewer does not."""
    application = another_applicant(ehr["position"], "李四", users["hr"])
    starts = timezone.now() - dt.timedelta(minutes=10)
    interview = Interview.objects.create(
        application=application, round=room["round"], starts_at=starts, ends_at=starts + dt.timedelta(minutes=45),
    )
    InterviewAssignment.objects.create(interview=interview, interviewer=users["manager"], is_lead=True)
    return interview


@pytest.mark.parametrize("name", WRITE_URLS)
def test_an_interviewer_of_one_interview_cannot_write_into_another_by_its_id(client, users, room, other_interview, name):
    client.force_login(users["interviewer"])  # on interview A's panel, not on B's
    data = form_data(room, client_id="c1", text="写进别人的面试", reason="改一下",
                     round_question=str(room["rq_comm"].pk))
    assert client.post(_url(name, other_interview), data, HTTP_ACCEPT="application/json").status_code == 403
    assert client.post(_url(name, other_interview), data).status_code == 403
    assert not NoteSegment.objects.filter(interview=other_interview).exists()
    assert not Scorecard.objects.filter(interview=other_interview).exists()


def test_the_ai_partial_of_another_interview_is_refused(client, users, room, other_interview):
    client.force_login(users["interviewer"])
    assert client.get(_url("interviews:room_ai", room["interview"])).status_code == 200
    assert client.get(_url("interviews:room_ai", other_interview)).status_code == 403


def test_a_note_cannot_be_filed_under_a_question_of_another_round(client, users, ehr, room):
    """A member of two panels posts interview A's round question into interview B of another round."""
    later = plan_round(ehr["position"], "复面")
    starts = timezone.now() - dt.timedelta(minutes=5)
    second = Interview.objects.create(application=ehr["application"], round=later, starts_at=starts,
                                      ends_at=starts + dt.timedelta(minutes=30))
    InterviewAssignment.objects.create(interview=second, interviewer=users["interviewer"])
    client.force_login(users["interviewer"])
    response = client.post(_url("interviews:room_notes", second),
                           {"client_id": "x1", "text": "记录", "round_question": room["rq_comm"].pk},
                           HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"round_question": ["题目不属于本轮面试。"]}
    assert not NoteSegment.objects.exists()


# --- a submitted scorecard through direct POSTs ------------------------------------------------------------------


def test_direct_posts_cannot_change_a_submitted_scorecard(client, users, room):
    client.force_login(users["interviewer"])
    assert client.post(_url("interviews:scorecard_submit", room["interview"]), form_data(room)).status_code == 302
    card = Scorecard.objects.get()

    autosave = client.post(_url("interviews:scorecard_save", room["interview"]), form_data(room, comm="1"),
                           HTTP_ACCEPT="application/json")
    assert autosave.status_code == 409
    assert "如需更正请提交修订" in autosave.json()["error"]
    resubmit = client.post(_url("interviews:scorecard_submit", room["interview"]), form_data(room, comm="2"),
                           follow=True)
    assert "如需更正请提交修订" in resubmit.content.decode()
    blank_reason = client.post(_url("interviews:scorecard_amend", room["interview"]),
                               form_data(room, comm="2", reason="   "))
    assert blank_reason.status_code == 422

    assert list(Scorecard.objects.values_list("pk", "version", "status")) == [(card.pk, 1, "submitted")]
    assert {s.competency_id: s.score for s in card.scores.all()} == {room["comm"].pk: 4, room["drive"].pk: 3}


# --- contact data in the room --------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["hr", "admin"])
def test_hr_and_admin_on_a_panel_see_the_contact_masked_in_the_room(client, users, ehr, room, role):
    """They may read contact data in clear elsewhere; the room shows it masked (docs/interviews.md)."""
    candidate = ehr["candidate"]
    candidate.id_number = "110101199001011234"
    candidate.save()
    InterviewAssignment.objects.create(interview=room["interview"], interviewer=users[role])
    client.force_login(users[role])
    html = client.get(_url("interviews:room", room["interview"])).content.decode()
    assert "139****5678" in html and "x***@example.com" in html
    for secret in ("13912345678", "xiaoming@example.com", "110101199001011234", "20000"):
        assert secret not in html


# --- the decision page: an earlier decision's composite ---------------------------------------------------------


@pytest.fixture
def decided_while_manager_pending(ehr, users):
    """Two interviewers scored the first round; the manager sits on the final round and has not submitted;
    HR has already rejected the candidate (composite 3.50)."""
    comm, drive = ehr["competencies"]
    li = make_user("iv_li", Role.INTERVIEWER)
    interviewing(ehr["application"], users["hr"])
    first = past_interview(ehr["application"], plan_round(ehr["position"]), interviewers=[users["interviewer"], li])
    scorecard(first, users["interviewer"], {comm: 4, drive: 3})
    scorecard(first, li, {comm: 5, drive: 2})
    final = past_interview(ehr["application"], plan_round(ehr["position"], "终面"), interviewers=[users["manager"]])
    decide_hiring(application=ehr["application"], outcome="reject", reason="岗位已招满", by=users["hr"])
    return final


def test_an_earlier_decisions_composite_stays_hidden_until_ones_own_scorecard_is_in(
    client, users, ehr, decided_while_manager_pending,
):
    url = reverse("interviews:decision", args=[ehr["application"].pk])
    client.force_login(users["manager"])
    html = client.get(url).content.decode()
    assert 'data-decision="reject"' in html and "岗位已招满" in html  # the decision itself is not a score
    assert "3.50" not in html and "综合分 " not in html
    assert "13912345678" not in html and "xiaoming@example.com" not in html

    scorecard(decided_while_manager_pending, users["manager"], dict.fromkeys(ehr["competencies"], 3))
    assert "综合分 3.50" in client.get(url).content.decode()


# --- the calibration page ------------------------------------------------------------------------------------------


def _pairs_shown(html: str) -> str:
    block = html.split('id="overall"', 1)[1]
    return re.search(r'data-metric="n">([^<]+)<', block).group(1).strip()


@pytest.fixture
def calibration_history(ehr, users):
    """An earlier candidate with two AI pairs (wang); the current candidate, on whose panel HR sits with li:
    li has submitted two pairs, HR has not submitted yet."""
    comm, drive = ehr["competencies"]
    li = make_user("iv_li", Role.INTERVIEWER)
    earlier = another_applicant(ehr["position"], "张三", users["hr"])
    rnd = plan_round(ehr["position"])
    done = past_interview(earlier, rnd, interviewers=[users["interviewer"]], days_ago=7)
    scorecard(done, users["interviewer"], {comm: (4, 4, 4.0), drive: (3, 2, 2.1)})
    pending = past_interview(ehr["application"], rnd, interviewers=[users["hr"], li])
    scorecard(pending, li, {comm: (5, 3, 3.0), drive: (1, 1, 1.2)}, evidence="例子")
    return {"pending": pending, "rnd": rnd, "li": li}


def test_calibration_leaves_out_candidates_the_viewer_still_has_to_score(client, users, ehr, calibration_history):
    url = reverse("interviews:calibration")
    client.force_login(users["hr"])
    html = client.get(url).content.decode()
    assert _pairs_shown(html) == "2"  # li's pairs on the candidate HR has not scored yet are left out
    assert "iv_li" not in html  # not even li's row in the per-interviewer table
    assert "data-withheld" in html

    colleague = make_user("hr_qian", Role.HR)  # not on that panel: sees everything
    client.force_login(colleague)
    other = client.get(url).content.decode()
    assert _pairs_shown(other) == "4" and "iv_li" in other and "data-withheld" not in other

    scorecard(calibration_history["pending"], users["hr"], dict.fromkeys(ehr["competencies"], 3))
    client.force_login(users["hr"])
    after = client.get(url).content.decode()
    assert _pairs_shown(after) == "4" and "data-withheld" not in after


def test_calibration_query_count_does_not_grow_with_the_viewers_pending_panels(
    client, users, ehr, calibration_history,
):
    url = reverse("interviews:calibration")
    client.force_login(users["hr"])
    client.get(url)  # warm per-process caches
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(3):
        application = another_applicant(ehr["position"], f"候选人{n}", users["hr"])
        past_interview(application, calibration_history["rnd"], interviewers=[users["hr"]], days_ago=n + 1)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
