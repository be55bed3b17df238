"""The WeCom pages cost a fixed number of queries whatever the number of rows they show: the message log and
a message's detail, the "消息与回复" section of the interview page, the invitation send page (both routing
modes), the template list and the sandbox phone list.

Each test renders the page as the role that uses it with realistic data, doubles the data and renders it
again: the count must stay the same and under a fixed bound (which holds on SQLite and PostgreSQL). A
select_related/annotation dropped from a selector makes the larger page cost more.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re

import pytest
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from hrportal.roles import Role
from interviews.models import InterviewAssignment
from recruiting.models import Application, Candidate, Employee
from tests.conftest import make_user
from tests.interviews.schedule_builders import DAY, at, book, make_round
from tests.wecom.invitation_setup import fake, interview, sandbox  # noqa: F401 - fixtures
from wecom.models import Channel, InboundReply, MessageTemplate, OutboxMessage

pytestmark = pytest.mark.django_db

_seq = itertools.count(1)

# Fixed upper bounds: a few above what each page costs today, far below one query per row at these sizes.
LOG_BOUND = 10
MESSAGE_BOUND = 10
INTERVIEW_PAGE_BOUND = 14
INVITE_BOUND = 13
TEMPLATES_BOUND = 9
SANDBOX_BOUND = 13


def _render(client, assert_max, url: str, bound: int, params: dict | None = None) -> tuple[int, str]:
    """(queries, html) of one GET, failing when it takes more than ``bound`` queries."""
    with assert_max(bound) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured), response.content.decode()


def _employee(user, ehr, *, name: str, userid: str = "") -> Employee:
    i = next(_seq)
    return Employee.objects.create(
        employee_no=f"PQ{i:05d}", name=name, user=user, department=ehr["sales"], hire_date="2021-01-01",
        wecom_userid=userid,
    )


def _payload(text: str) -> str:
    return json.dumps({"msgtype": "text", "text": {"content": text}}, ensure_ascii=False)


@pytest.fixture
def interview_round(ehr, users):
    return make_round(ehr, users)


def _traffic(ehr, users, interview_round, interviews: int) -> list[OutboxMessage]:
    """Three messages per interview, each interview with a candidate of its own: the candidate's invitation
    (e-mail; confirmed or asked about), the interviewer's card (WeCom app; accepted) and a reminder (SMS,
    failed every other time). Statuses, replies and senders vary as in a real outbox."""
    made = []
    for _ in range(interviews):
        i = next(_seq)
        candidate = Candidate.objects.create(name=f"消息候选人{i:03d}", phone=f"137{i:08d}", email=f"m{i}@example.com")
        application = Application.objects.create(candidate=candidate, position=ehr["position"])
        meeting = book(application, interview_round, at(9 + i % 8, day=DAY + dt.timedelta(days=i // 8)),
                         interviewers=[users["interviewer"]], room="A-301", organizer=users["hr"])
        created = timezone.now() - dt.timedelta(minutes=i)
        invitation = OutboxMessage.objects.create(
            channel=Channel.EMAIL, kind=OutboxMessage.Kind.INVITATION, recipient_candidate=candidate,
            recipient_label=candidate.name, address=candidate.email, interview=meeting, payload=_payload("邀请"),
            dedupe_key=f"pq:inv:{i}", status=OutboxMessage.Status.SENT, attempts=1, sent_at=created,
            created_at=created,
        )
        card = OutboxMessage.objects.create(
            channel=Channel.WECOM_APP, kind=OutboxMessage.Kind.INTERVIEWER_CARD, recipient_user=users["interviewer"],
            recipient_label="王面试官", address="iv_wang", interview=meeting, payload=_payload("卡片"),
            dedupe_key=f"pq:card:{i}", status=OutboxMessage.Status.SENT if i % 3 else OutboxMessage.Status.PENDING,
            attempts=1 if i % 3 else 0, created_at=created,
        )
        reminder = OutboxMessage.objects.create(
            channel=Channel.SMS, kind=OutboxMessage.Kind.REMINDER, recipient_candidate=candidate,
            recipient_label=candidate.name, address=candidate.phone, interview=meeting, payload=_payload("提醒"),
            dedupe_key=f"pq:rem:{i}", created_at=created,
            status=OutboxMessage.Status.FAILED if i % 2 else OutboxMessage.Status.PENDING, attempts=3 if i % 2 else 0,
            last_errcode=40001 if i % 2 else None, last_error="SMS gateway said no" if i % 2 else "",
        )
        InboundReply.objects.create(message=invitation, interview=meeting, kind=InboundReply.Kind.CONFIRM,
                                    channel="link", from_label=candidate.name)
        if i % 2:
            InboundReply.objects.create(message=invitation, interview=meeting, kind=InboundReply.Kind.QUESTION,
                                        channel="link", from_label=candidate.name, text=f"可以改到下午吗？{i}")
        if i % 3:
            InboundReply.objects.create(message=card, interview=meeting, kind=InboundReply.Kind.ACCEPT,
                                        channel="wecom_app", from_label="王面试官")
        made += [invitation, card, reminder]
    return made


# --- the message log and a message ---------------------------------------------------------------------


def _expected_reply_counts(page: int, page_size: int = 50) -> list[int]:
    rows = OutboxMessage.objects.annotate(n=Count("replies")).order_by("-created_at", "-id")
    return [row.n for row in rows[(page - 1) * page_size:page * page_size]]


def test_the_message_log_costs_the_same_for_twice_the_messages(
    client, ehr, users, interview_round, django_assert_max_num_queries,
):
    """30 → 60 → 120 messages (replies on two of three) across interviews and candidates: page one and the
    last page cost the same; reply counts are right and e-mail addresses and phones stay masked."""
    client.force_login(users["hr"])
    url = reverse("wecom:message_log")
    made = []
    counts = []
    for interviews in (10, 10, 20):
        made += _traffic(ehr, users, interview_round, interviews)
        last = (len(made) + 49) // 50
        for page in sorted({1, last}):
            queries, html = _render(client, django_assert_max_num_queries, url, LOG_BOUND, {"page": page})
            counts.append(queries)
            shown = [int(n) for n in re.findall(r'data-label="回复">(\d+)</td>', html)]
            assert shown == _expected_reply_counts(page)
        assert all(m.address not in html for m in made if m.channel in (Channel.EMAIL, Channel.SMS))
    assert len(set(counts)) == 1, counts
    # one interview's messages only: the same cost
    queries, html = _render(client, django_assert_max_num_queries, url, LOG_BOUND, {"interview": made[0].interview_id})
    assert queries == counts[0] and html.count('data-label="回复"') == 3


def test_a_message_costs_the_same_for_twice_the_replies(
    client, ehr, users, interview_round, django_assert_max_num_queries,
):
    client.force_login(users["hr"])
    invitation = _traffic(ehr, users, interview_round, 1)[0]
    url = reverse("wecom:message_detail", args=[invitation.pk])
    counts = []
    for more in (4, 4):
        for _ in range(more):
            i = next(_seq)
            InboundReply.objects.create(message=invitation, interview=invitation.interview, channel="link",
                                        kind=InboundReply.Kind.QUESTION, from_label=f"提问人{i}", text=f"问题{i}")
        queries, html = _render(client, django_assert_max_num_queries, url, MESSAGE_BOUND)
        counts.append(queries)
        assert all(r.from_label in html for r in invitation.replies.all())
        assert invitation.address in html  # HR sees the address in clear on the detail (audited)
    assert counts[0] == counts[1], counts


# --- the interview page's "消息与回复" section -----------------------------------------------------------


def _section(html: str) -> str:
    start = html.index('id="wecom-messages"')
    return html[start:html.index("</section>", start)]


def test_the_interview_section_costs_the_same_for_twice_the_messages_and_replies(
    client, ehr, users, interview_round, django_assert_max_num_queries,
):
    """HR's interview page lists what was sent for the interview, replies and the candidate's questions:
    8 → 16 messages with their replies cost the same. The interviewer's page has no section at all."""
    meeting = _traffic(ehr, users, interview_round, 1)[0].interview
    url = reverse("interviews:interview_detail", args=[meeting.pk])
    counts = []
    for more in (5, 8):
        for _ in range(more):
            i = next(_seq)
            message = OutboxMessage.objects.create(
                channel=Channel.SANDBOX, kind=OutboxMessage.Kind.NOTICE, interview=meeting,
                recipient_user=users["interviewer"], recipient_label=f"收件人{i}", payload=_payload("通知"),
                dedupe_key=f"pq:sec:{i}", status=OutboxMessage.Status.FAILED if i % 2 else OutboxMessage.Status.SENT,
                last_error="boom" if i % 2 else "", sent_at=None if i % 2 else timezone.now(),
            )
            InboundReply.objects.create(message=message, interview=meeting, kind=InboundReply.Kind.TEXT,
                                        from_label=f"回复人{i}")
            InboundReply.objects.create(message=message, interview=meeting, kind=InboundReply.Kind.QUESTION,
                                        from_label="候选人", text=f"问题{i}")
        client.force_login(users["hr"])
        queries, html = _render(client, django_assert_max_num_queries, url, INTERVIEW_PAGE_BOUND)
        counts.append(queries)
        section = _section(html)
        sent = OutboxMessage.objects.filter(interview=meeting)
        assert section.count("<tr") == sent.count() + 1
        assert all(r.from_label in section for r in InboundReply.objects.filter(interview=meeting))
        client.force_login(users["interviewer"])
        assert 'id="wecom-messages"' not in client.get(url).content.decode()
    assert counts[0] == counts[1], counts


# --- sending invitations, the templates -------------------------------------------------------------------


def _add_panel(meeting, ehr, n: int) -> None:
    """``n`` more interviewers; every other one has an employee record with a WeCom account."""
    for _ in range(n):
        i = next(_seq)
        person = make_user(f"pq_panel{i}", Role.INTERVIEWER)
        if i % 2:
            _employee(person, ehr, name=f"面试官{i}", userid=f"pq{i}")
        InterviewAssignment.objects.create(interview=meeting, interviewer=person)


@pytest.mark.parametrize("mode", ["sandbox", "fake"])
def test_the_invitation_page_costs_the_same_for_twice_the_panel(
    client, ehr, users, interview, request, mode, django_assert_max_num_queries,  # noqa: F811
):
    """The preview lists the candidate and every interviewer with their channel: a panel of 3 → 6 costs the
    same, in the sandbox and against a configured WeCom."""
    request.getfixturevalue(mode)
    client.force_login(users["hr"])
    url = reverse("wecom:send_invitations", args=[interview.pk])
    assert client.get(url).status_code == 200  # the first visit creates the default templates
    counts = []
    for more in (2, 3):
        _add_panel(interview, ehr, more)
        queries, html = _render(client, django_assert_max_num_queries, url, INVITE_BOUND)
        counts.append(queries)
        panel = interview.assignments.count()
        assert html.count("面试官（确认卡片）") == panel
    assert counts[0] == counts[1], counts


def test_the_template_list_costs_the_same_when_every_template_was_edited(
    client, ehr, users, django_assert_max_num_queries,
):
    client.force_login(users["hr"])
    url = reverse("wecom:templates")
    assert client.get(url).status_code == 200  # the first visit creates the default templates
    untouched, html = _render(client, django_assert_max_num_queries, url, TEMPLATES_BOUND)
    editors = []
    for template in MessageTemplate.objects.all():
        editor = make_user(f"pq_editor{template.pk}", Role.HR)
        MessageTemplate.objects.filter(pk=template.pk).update(updated_by=editor)
        editors.append(editor.username)
    edited, html = _render(client, django_assert_max_num_queries, url, TEMPLATES_BOUND)
    assert len(editors) >= 10 and all(f"· {name}" in html for name in editors)
    assert untouched == edited


# --- the sandbox phones --------------------------------------------------------------------------------


def _phones(ehr, n: int) -> None:
    """``n`` employees' and ``n`` candidates' phones, each with two delivered sandbox messages and one that
    is still pending (not on the phone yet); every other employee has an employee record with a name."""
    for _ in range(n):
        i = next(_seq)
        person = make_user(f"pq_phone{i}", Role.INTERVIEWER)
        if i % 2:
            _employee(person, ehr, name=f"员工{i}", userid=f"pq{i}")
        candidate = Candidate.objects.create(name=f"沙箱候选人{i}")
        for who, owner in (("user", {"recipient_user": person}), ("cand", {"recipient_candidate": candidate})):
            for k, status in enumerate(("sent", "sent", "pending")):
                OutboxMessage.objects.create(
                    channel=Channel.SANDBOX, payload=_payload(f"消息{k}"), dedupe_key=f"pq:sbx:{who}:{i}:{k}",
                    status=status, sent_at=timezone.now() if status == "sent" else None, **owner,
                )


@pytest.mark.parametrize("role", ["hr", "interviewer"])
def test_the_sandbox_phone_list_costs_the_same_for_twice_the_phones(
    client, ehr, users, sandbox, role, django_assert_max_num_queries,  # noqa: F811
):
    """A recruiter sees every phone with a message (count and latest time); anyone else only their own."""
    client.force_login(users[role])
    url = reverse("wecom:sandbox_phones")
    counts = []
    for more in (4, 4):
        _phones(ehr, more)
        queries, html = _render(client, django_assert_max_num_queries, url, SANDBOX_BOUND)
        counts.append(queries)
        listed = html.count("2 条消息")
        assert listed == (OutboxMessage.objects.filter(status="sent").count() // 2 if role == "hr" else 0)
        assert ("沙箱候选人" in html) is (role == "hr")
    assert counts[0] == counts[1], counts
