"""The schedule pages cost a fixed number of queries whatever the number of rows they show.

Each test renders a page as the role that uses it, with realistic data (interviews with a three-person panel,
history, offered slots), then doubles the data and renders it again: the count must stay the same and under
a fixed bound. A select_related/prefetch_related dropped from a selector makes the larger page cost more.
The bounds hold on the embedded default (SQLite) and on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.urls import reverse

from hrportal.roles import Role
from interviews.models import InterviewAssignment, InterviewStatus, InterviewStatusChange, SlotOffer
from recruiting.models import Application, Candidate
from tests.conftest import make_user
from tests.interviews.schedule_builders import DAY, at, book, make_round

pytestmark = pytest.mark.django_db

_seq = itertools.count(1)

# Fixed upper bounds (session, user, roles, scope, filter menus, count, rows, panels, …): a few above what the
# pages cost today, far below what one query per row would cost at the sizes used here.
SCHEDULE_BOUND = 12
DETAIL_BOUND = 14
FORM_BOUND = 13


def _render(client, assert_max, url: str, bound: int, params: dict | None = None) -> tuple[int, str]:
    """(queries, html) of one GET, failing when it takes more than ``bound`` queries."""
    with assert_max(bound) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured), response.content.decode()


@pytest.fixture
def interview_round(ehr, users):
    return make_round(ehr, users)


@pytest.fixture
def panel_pool(db):
    """Six more interviewers, half of them with a full name (the chips show the name, else the username)."""
    people = []
    for k in range(6):
        user = make_user(f"iv_pool{k}", Role.INTERVIEWER)
        if k % 2:
            user.first_name, user.last_name = f"面试官{k}", "陈"
            user.save()
        people.append(user)
    return people


def _book_interviews(ehr, users, interview_round, pool, n: int) -> list:
    """``n`` interviews of ``n`` new applicants, each with a panel of three; the ``interviewer`` user sits on
    every other one (so their "我的面试" shows half). Spread over days, rooms and video links, two statuses."""
    booked = []
    for _ in range(n):
        i = next(_seq)
        candidate = Candidate.objects.create(name=f"排期候选人{i:03d}", phone=f"139{i:08d}", email=f"c{i}@example.com")
        application = Application.objects.create(candidate=candidate, position=ehr["position"])
        panel = [pool[i % 6], pool[(i + 1) % 6], users["interviewer"] if i % 2 == 0 else pool[(i + 2) % 6]]
        interview = book(
            application, interview_round, at(9 + i % 8, day=DAY + dt.timedelta(days=i // 8)), interviewers=panel,
            room=f"会议室{i}" if i % 3 else "", organizer=users["hr"],
            status=InterviewStatus.CONFIRMED if i % 4 == 0 else InterviewStatus.SCHEDULED,
        )
        if not interview.room:
            interview.video_link = f"https://meeting.example.com/{i}"
            interview.save(update_fields=["video_link"])
        booked.append(interview)
    return booked


# --- the schedule list -------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["hr", "manager", "interviewer"])
def test_the_schedule_costs_the_same_for_twice_the_interviews(
    client, ehr, users, interview_round, panel_pool, role, django_assert_max_num_queries,
):
    """HR and the hiring manager see every interview of the position; an interviewer sees "我的面试". 15 → 30
    interviews on one page, then 60 over two pages (PAGE_SIZE 30): the same queries each time."""
    client.force_login(users[role])
    url = reverse("interviews:schedule")
    booked = _book_interviews(ehr, users, interview_round, panel_pool, 15)
    counts = []
    for size in (15, 30, 60):
        if len(booked) < size:
            booked += _book_interviews(ehr, users, interview_round, panel_pool, size - len(booked))
        mine = [iv for iv in booked if iv.assignments.filter(interviewer=users["interviewer"]).exists()]
        visible = len(mine) if role == "interviewer" else len(booked)
        pages = [{}] if visible <= 30 else [{}, {"page": 2}]
        shown = 0
        for params in pages:
            queries, html = _render(client, django_assert_max_num_queries, url, SCHEDULE_BOUND, params)
            counts.append(queries)
            shown += html.count('class="sched-item')
            assert html.count('<span class="chip') == 3 * html.count('class="sched-item')  # every panel drawn
        assert shown == visible
    assert len(set(counts)) == 1, counts


# --- the interview page ------------------------------------------------------------------------------------


def _thicken(interview, users, pool, k: int) -> None:
    """``k`` more of each thing the interview page lists: panel members, history rows of every kind (people
    named in them resolved to names), offered slots."""
    for _ in range(k):
        i = next(_seq)
        person = make_user(f"iv_more{i}", Role.INTERVIEWER)
        InterviewAssignment.objects.create(interview=interview, interviewer=person)
        actor = pool[i % len(pool)]
        InterviewStatusChange.objects.create(
            interview=interview, from_status="scheduled", to_status="scheduled", changed_by=actor,
            details={"event": "interviewers_changed", "added": [person.pk], "removed": [pool[(i + 1) % 6].pk]},
        )
        InterviewStatusChange.objects.create(
            interview=interview, kind=InterviewStatusChange.Kind.RESCHEDULE, from_status="confirmed",
            to_status="scheduled", changed_by=users["hr"], reason=f"候选人出差{i}",
            details={"old_starts_at": at(10).isoformat(), "new_starts_at": at(11).isoformat(),
                     "conflicts_overridden": [{"room": "A"}]},
        )
        InterviewStatusChange.objects.create(
            interview=interview, from_status="scheduled", to_status="scheduled", changed_by=None,
            source=InterviewStatusChange.Source.SYSTEM,
            details={"event": "details_changed", "changes": {"room": {"old": "A", "new": f"B{i}"}}},
        )
        day = DAY + dt.timedelta(days=40 + i)
        SlotOffer.objects.create(interview=interview, starts_at=at(14, day=day), ends_at=at(15, day=day))


@pytest.mark.parametrize("role", ["hr", "manager", "interviewer"])
def test_the_interview_page_costs_the_same_for_twice_the_panel_history_and_slots(
    client, ehr, users, interview_round, panel_pool, role, django_assert_max_num_queries,
):
    booked = _book_interviews(ehr, users, interview_round, panel_pool, 2)
    interview = next(iv for iv in booked if iv.assignments.filter(interviewer=users["interviewer"]).exists())
    InterviewStatusChange.objects.create(
        interview=interview, from_status="scheduled", to_status="scheduled", changed_by=users["hr"],
        details={"event": "scheduled", "interviewers": [a.interviewer_id for a in interview.assignments.all()]},
    )
    client.force_login(users[role])
    url = reverse("interviews:interview_detail", args=[interview.pk])
    phone = interview.application.candidate.phone
    counts = []
    for k in (3, 6):  # measured at panel 6 → 12, history 10 → 28 rows, slots 3 → 9
        _thicken(interview, users, panel_pool, k)
        queries, html = _render(client, django_assert_max_num_queries, url, DETAIL_BOUND)
        counts.append(queries)
        panel = interview.assignments.count()
        assert html.count('class="tag attendance-') == panel  # one line per panel member
        assert html.count("调整面试官") == html.count("修改地点") == (panel - 3)
        # access and masking unchanged: the contact in clear for HR only, masked for the manager, hidden else
        assert (phone in html) is (role == "hr")
        assert (phone[:3] + "****" + phone[-4:] in html) is (role == "manager")
    assert counts[0] == counts[1], counts


def test_the_scheduling_forms_cost_the_same_for_twice_the_panel_and_the_earlier_interviews(
    client, ehr, users, interview_round, panel_pool, django_assert_max_num_queries,
):
    """The edit form (panel checkboxes, rounds' pools) and the new-interview form listing the application's
    earlier interviews with their panels."""
    client.force_login(users["hr"])
    (interview,) = _book_interviews(ehr, users, interview_round, panel_pool, 1)
    application = interview.application
    edit_url = reverse("interviews:interview_edit", args=[interview.pk])
    create_url = reverse("interviews:interview_create", args=[application.pk])
    edit_counts, create_counts = [], []
    for k in (3, 6):  # measured at panel 6 → 12 and 4 → 10 interviews of the application
        _thicken(interview, users, panel_pool, k)
        for j in range(k):
            book(application, interview_round, at(9 + j, day=DAY + dt.timedelta(days=60 + next(_seq))),
                 interviewers=panel_pool[j:j + 3], room=f"R{j}")
        queries, html = _render(client, django_assert_max_num_queries, edit_url, FORM_BOUND)
        edit_counts.append(queries)
        assert html.count('name="interviewers"') >= interview.assignments.count()
        queries, html = _render(client, django_assert_max_num_queries, create_url, FORM_BOUND)
        create_counts.append(queries)
        assert html.count('class="sched-item') == application.interviews.count()
    assert edit_counts[0] == edit_counts[1], edit_counts
    assert create_counts[0] == create_counts[1], create_counts
