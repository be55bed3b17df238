"""The candidate's self-service link: signed and expiring, confirm / pick a slot / ask, each acted on once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from interviews.models import InterviewStatus, InterviewStatusChange, SlotOffer
from tests.wecom.invitation_setup import interview, local, sandbox  # noqa: F401 - fixtures
from wecom.invitations import services as invitations
from wecom.messages import links
from wecom.messages.templates import InvitationOptions
from wecom.models import InboundReply, OutboxMessage

pytestmark = pytest.mark.django_db


def link_of(interview, **kwargs) -> str:  # noqa: F811
    return reverse("wecom:candidate_link", kwargs={"token": links.make_token(interview, **kwargs)})


@pytest.fixture
def invited(sandbox, interview, users):  # noqa: F811
    invitations.send_invitations(interview=interview, by=users["hr"], options=InvitationOptions(materials="身份证"))
    return interview


def test_the_link_shows_the_interview_without_an_account(client, invited):
    response = client.get(link_of(invited))
    assert response.status_code == 200
    html = response.content.decode()
    assert "王小明，您好！" in html
    assert "上海市浦东新区世纪大道100号 A-301" in html and "14:00 — 14:45" in html
    assert "身份证" in html and "hr_zhang" in html
    assert "确认参加" in html and "提交问题" in html
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "same-origin"  # the token stays on our site, our form posts keep an Origin


def test_a_tampered_token_is_refused(client, invited):
    token = links.make_token(invited)
    other = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert client.get(reverse("wecom:candidate_link", kwargs={"token": other})).status_code == 404
    assert client.get(reverse("wecom:candidate_link", kwargs={"token": "not-a-token"})).status_code == 404
    response = client.post(reverse("wecom:candidate_link", kwargs={"token": other}), {"action": "confirm"})
    assert response.status_code == 404
    invited.refresh_from_db()
    assert invited.status == InterviewStatus.SCHEDULED


def test_a_link_expires_after_the_interview_or_after_at_most_n_days(client, invited, settings):
    # issued 40 days ago: capped at CANDIDATE_LINK_MAX_DAYS (30) after issue
    old = link_of(invited, now=timezone.now() - dt.timedelta(days=40))
    assert client.get(old).status_code == 410
    assert client.post(old, {"action": "confirm"}).status_code == 410
    invited.refresh_from_db()
    assert invited.status == InterviewStatus.SCHEDULED
    # a fresh link is valid until the interview's end + grace, not a minute longer
    token = links.make_token(invited)
    settings.CANDIDATE_LINK_GRACE_HOURS = 12
    end = invited.ends_at + dt.timedelta(hours=12)
    assert links.check_token(token, now=end - dt.timedelta(minutes=1)).ok
    assert links.check_token(token, now=end + dt.timedelta(minutes=1)).state == links.LinkState.EXPIRED


def test_a_link_for_an_older_schedule_says_to_use_the_latest_invitation(client, invited, users):
    old = link_of(invited)
    invited.reschedule(local(4, 10), local(4, 11), by=users["hr"])
    response = client.get(old)
    assert response.status_code == 410
    assert "链接已过期，请以最新邀请为准" in response.content.decode()
    assert client.post(old, {"action": "confirm"}).status_code == 302
    invited.refresh_from_db()
    assert invited.status == InterviewStatus.SCHEDULED  # nothing confirmed through the stale link
    assert client.get(link_of(invited)).status_code == 200


def test_confirm_confirms_the_interview_once_with_history_and_a_reply(client, invited):
    url = link_of(invited)
    response = client.post(url, {"action": "confirm"})
    assert response.status_code == 302 and response["Location"] == url
    invited.refresh_from_db()
    assert invited.status == InterviewStatus.CONFIRMED
    change = InterviewStatusChange.objects.get(interview=invited, to_status=InterviewStatus.CONFIRMED)
    assert change.source == InterviewStatusChange.Source.CANDIDATE and change.changed_by is None
    reply = InboundReply.objects.get(interview=invited)
    assert reply.kind == InboundReply.Kind.CONFIRM
    assert reply.message == OutboxMessage.objects.get(interview=invited, kind="invitation")

    # the double click: the second post changes nothing and says so
    response = client.post(url, {"action": "confirm"}, follow=True)
    assert "您已确认参加，无需重复提交。" in response.content.decode()
    assert InterviewStatusChange.objects.filter(interview=invited, to_status=InterviewStatus.CONFIRMED).count() == 1
    assert InboundReply.objects.filter(interview=invited).count() == 1
    assert "已确认参加" in client.get(url).content.decode()


def test_picking_an_offered_slot_reschedules_to_it(client, invited):
    slot = SlotOffer.objects.create(interview=invited, starts_at=local(5, 9, 30), ends_at=local(5, 10, 15))
    url = link_of(invited)
    assert "9:30" in client.get(url).content.decode()

    response = client.post(url, {"action": "pick_slot", "slot": slot.pk})
    assert response.status_code == 302
    invited.refresh_from_db()
    assert (invited.starts_at, invited.ends_at) == (slot.starts_at, slot.ends_at)
    assert invited.schedule_version == 2
    assert invited.status == InterviewStatus.CONFIRMED  # the candidate chose this time
    move = InterviewStatusChange.objects.get(interview=invited, kind=InterviewStatusChange.Kind.RESCHEDULE)
    assert move.source == InterviewStatusChange.Source.CANDIDATE
    assert dt.datetime.fromisoformat(move.details["new_starts_at"]) == slot.starts_at
    # the candidate continues on the new schedule's link
    assert response["Location"] != url and links.check_token(response["Location"].split("/")[-2]).ok
    assert InboundReply.objects.filter(interview=invited, kind=InboundReply.Kind.PICK_SLOT).count() == 1

    # the double click arrives with the old link: one reschedule only
    response = client.post(url, {"action": "pick_slot", "slot": slot.pk})
    assert "您已选择该时间，无需重复提交。" in response.content.decode()
    invited.refresh_from_db()
    assert invited.schedule_version == 2
    assert InterviewStatusChange.objects.filter(interview=invited, kind=InterviewStatusChange.Kind.RESCHEDULE).count() == 1
    assert InboundReply.objects.filter(interview=invited, kind=InboundReply.Kind.PICK_SLOT).count() == 1


def test_a_slot_of_another_interview_cannot_be_picked(client, invited, ehr, users):
    from interviews.models import Interview

    other = Interview.objects.create(
        application=ehr["application"], round=invited.round, starts_at=local(6, 9), ends_at=local(6, 10),
    )
    foreign = SlotOffer.objects.create(interview=other, starts_at=local(7, 9), ends_at=local(7, 10))
    client.post(link_of(invited), {"action": "pick_slot", "slot": foreign.pk})
    invited.refresh_from_db()
    assert invited.schedule_version == 1 and invited.starts_at == local(3, 14)


def test_a_question_reaches_the_owning_hr_and_the_interview_page(client, invited, users):
    url = link_of(invited)
    client.post(url, {"action": "question", "text": "需要带作品集吗？"})
    reply = InboundReply.objects.get(interview=invited, kind=InboundReply.Kind.QUESTION)
    assert reply.text == "需要带作品集吗？" and reply.from_label == "王小明"
    forwarded = OutboxMessage.objects.get(interview=invited, kind="question")
    assert forwarded.recipient_user == users["hr"]
    assert forwarded.channel == "sandbox" and forwarded.address == "hr_zhang"
    assert forwarded.data["msgtype"] == "textcard"
    assert "需要带作品集吗？" in forwarded.data["textcard"]["description"]

    # the same question posted twice is one question
    client.post(url, {"action": "question", "text": " 需要带作品集吗？ "})
    assert InboundReply.objects.filter(interview=invited, kind=InboundReply.Kind.QUESTION).count() == 1
    assert OutboxMessage.objects.filter(interview=invited, kind="question").count() == 1

    hr = Client()
    hr.force_login(users["hr"])
    html = hr.get(reverse("interviews:interview_detail", args=[invited.pk])).content.decode()
    assert "候选人提问" in html and "需要带作品集吗？" in html


def test_posts_need_the_csrf_token(invited):
    browser = Client(enforce_csrf_checks=True)
    assert browser.post(link_of(invited), {"action": "confirm"}).status_code == 403
    invited.refresh_from_db()
    assert invited.status == InterviewStatus.SCHEDULED


def test_a_cancelled_interview_shows_no_actions(client, invited, users):
    invited.set_status(InterviewStatus.CANCELLED, by=users["hr"], reason="岗位暂停")
    html = client.get(link_of(invited)).content.decode()
    assert "面试已取消" in html and "提交问题" not in html


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_simultaneous_confirms_act_once(sandbox, interview, users):  # noqa: F811
    """Two taps posting at the same moment (PostgreSQL: real row locks between two connections)."""
    from django.db import connection

    from tests.conftest import run_at_once

    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (run with DATABASE_URL)")
    invitations.send_invitations(interview=interview, by=users["hr"], options=InvitationOptions())
    url = link_of(interview)
    codes = run_at_once(lambda: Client().post(url, {"action": "confirm"}).status_code)
    assert codes == [302, 302]
    assert InterviewStatusChange.objects.filter(interview=interview, to_status=InterviewStatus.CONFIRMED).count() == 1
    assert InboundReply.objects.filter(interview=interview, kind=InboundReply.Kind.CONFIRM).count() == 1
