"""Interviewer template cards: 确认参加 / 无法参加 clicks come back through /wecom/callback/, change the
attendance once and update the card once (message/update_template_card on the fake WeCom server)."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from interviews.models import InterviewAssignment
from tests.wecom.invitation_setup import fake, interview, local, sandbox  # noqa: F401 - fixtures
from wecom.callbacks.registry import CallbackMessage
from wecom.cards import services as cards
from wecom.invitations import services as invitations
from wecom.messages.templates import InvitationOptions
from wecom.models import CallbackEvent, InboundReply, OutboxMessage
from wecom.protocol.crypto import xml_fields

CALLBACK = "/wecom/callback/"


def attendance(interview, user) -> str:  # noqa: F811
    return InterviewAssignment.objects.get(interview=interview, interviewer=user).attendance


def the_card(interview) -> OutboxMessage:  # noqa: F811
    return OutboxMessage.objects.get(interview=interview, kind="interviewer_card")


def deliver(client, fake, xml: str):  # noqa: F811
    params, body = fake.build_callback(xml)
    return client.post(f"{CALLBACK}?{urlencode(params)}", data=body, content_type="text/xml")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_click_delivered_three_times_acts_once_and_updates_the_card_once(fake, interview, users, live_server):  # noqa: F811
    invitations.send_invitations(interview=interview, by=users["hr"], options=InvitationOptions())
    card = the_card(interview)
    assert card.status == "sent" and card.response_code  # really sent to the fake WeCom
    [sent] = fake.messages_to("iv_wang")
    task_id = sent["template_card"]["task_id"]
    assert card.dedupe_key == f"card:{task_id}"
    accept_key = sent["template_card"]["button_list"][0]["key"]
    assert sent["template_card"]["card_action"]["url"].startswith("https://open.weixin.qq.com/connect/oauth2/authorize")

    xml, _ = fake.template_card_event(userid="iv_wang", task_id=task_id, key=accept_key)
    for _ in range(3):  # WeCom retries when it does not hear back within 5 s
        response = fake.post_callback(live_server.url + CALLBACK, xml)
        assert response.status_code == 200 and response.text == ""

    assert CallbackEvent.objects.count() == 1
    assert CallbackEvent.objects.get().status == CallbackEvent.Status.PROCESSED
    assert attendance(interview, users["interviewer"]) == InterviewAssignment.Attendance.ACCEPTED
    assert InboundReply.objects.filter(interview=interview, kind=InboundReply.Kind.ACCEPT).count() == 1
    assert len(fake.calls("message/update_template_card")) == 1
    [update] = fake.card_updates
    assert update["task_id"] == task_id and update["button"] == {"replace_name": "已确认参加"}
    assert update["userids"] == ["iv_wang"]
    assert fake.cards[task_id].replaced_button == "已确认参加"
    notice = OutboxMessage.objects.get(interview=interview, kind="notice")
    assert notice.status == "sent" and notice.data["msgtype"] == "update_template_card"


@pytest.mark.django_db
def test_cannot_attend_is_recorded_hr_is_told_and_no_reminder_follows(
    client, fake, interview, users, django_capture_on_commit_callbacks,  # noqa: F811
):
    with django_capture_on_commit_callbacks(execute=True):
        invitations.send_invitations(interview=interview, by=users["hr"], options=InvitationOptions())
    [sent] = fake.messages_to("iv_wang")
    task_id = sent["template_card"]["task_id"]
    decline_key = sent["template_card"]["button_list"][1]["key"]
    xml, _ = fake.template_card_event(userid="iv_wang", task_id=task_id, key=decline_key)
    with django_capture_on_commit_callbacks(execute=True):
        assert deliver(client, fake, xml).status_code == 200
    assert attendance(interview, users["interviewer"]) == InterviewAssignment.Attendance.DECLINED
    assert fake.cards[task_id].replaced_button == "已反馈无法参加"
    [told] = fake.messages_to("hr_zhang")
    assert told["msgtype"] == "textcard" and "无法参加" in told["textcard"]["title"]
    reminder = OutboxMessage.objects.get(
        interview=interview, kind="reminder", recipient_user=users["interviewer"],
    )
    assert reminder.status == "cancelled"


@pytest.mark.django_db
def test_clicks_on_an_old_card_or_by_someone_else_change_nothing(
    client, fake, interview, users, django_capture_on_commit_callbacks,  # noqa: F811
):
    from tests.wecom.invitation_setup import give_wecom_account

    give_wecom_account(users["manager"], "lisi", interview.application.position.department)
    with django_capture_on_commit_callbacks(execute=True):
        invitations.send_invitations(interview=interview, by=users["hr"], options=InvitationOptions())
    [old] = fake.messages_to("iv_wang")
    old_task, old_key = old["template_card"]["task_id"], old["template_card"]["button_list"][0]["key"]

    # someone else pressing the interviewer's card
    xml, _ = fake.template_card_event(userid="lisi", task_id=old_task, key=old_key)
    with django_capture_on_commit_callbacks(execute=True):
        deliver(client, fake, xml)
    assert attendance(interview, users["interviewer"]) == InterviewAssignment.Attendance.PENDING

    # the interview moved: the interviewer got a new card; the old one no longer counts
    with django_capture_on_commit_callbacks(execute=True):
        interview.reschedule(local(4, 15), local(4, 16), by=users["hr"])
    new = fake.messages_to("iv_wang")[-1]
    assert new["template_card"]["task_id"] != old_task
    # the superseded card was updated to its final state with the response_code message/send returned for it
    [final] = fake.card_updates
    assert final["task_id"] == old_task and final["button"] == {"replace_name": "已改期，请看新卡片"}
    assert fake.cards[old_task].replaced_button == "已改期，请看新卡片"
    assert fake.cards[new["template_card"]["task_id"]].replaced_button is None
    # a press that still arrives on the old card changes nothing and gets a clear answer, once
    xml, _ = fake.template_card_event(userid="iv_wang", task_id=old_task, key=old_key)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            deliver(client, fake, xml)
    assert attendance(interview, users["interviewer"]) == InterviewAssignment.Attendance.PENDING
    assert len(fake.card_updates) == 1  # the final update is not sent twice
    answers = [m for m in fake.messages_to("iv_wang") if m["msgtype"] == "textcard"]
    assert len(answers) == 1 and "此邀请已更新，请查看最新卡片" in answers[0]["textcard"]["description"]

    xml, _ = fake.template_card_event(
        userid="iv_wang", task_id=new["template_card"]["task_id"], key=new["template_card"]["button_list"][0]["key"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        deliver(client, fake, xml)
    assert attendance(interview, users["interviewer"]) == InterviewAssignment.Attendance.ACCEPTED
    assert len(fake.card_updates) == 2


@pytest.mark.django_db
def test_a_cancelled_interview_greys_out_the_delivered_cards(
    fake, interview, users, django_capture_on_commit_callbacks,  # noqa: F811
):
    with django_capture_on_commit_callbacks(execute=True):
        invitations.send_invitations(interview=interview, by=users["hr"], options=InvitationOptions())
    [card] = fake.messages_to("iv_wang")
    with django_capture_on_commit_callbacks(execute=True):
        interview.set_status("cancelled", by=users["hr"], reason="候选人已入职他处")
    [final] = fake.card_updates
    assert final["task_id"] == card["template_card"]["task_id"]
    assert final["button"] == {"replace_name": "面试已取消"}


@pytest.mark.django_db
def test_in_the_sandbox_the_update_goes_to_the_sandbox_phone(sandbox, interview, users, django_capture_on_commit_callbacks):  # noqa: F811
    with django_capture_on_commit_callbacks(execute=True):
        invitations.send_invitations(interview=interview, by=users["hr"], options=InvitationOptions())
    card = the_card(interview)
    assert (card.channel, card.status) == ("sandbox", "sent")
    task_id = card.data["template_card"]["task_id"]
    key = card.data["template_card"]["button_list"][0]["key"]
    xml = (
        "<xml><ToUserName><![CDATA[sandbox]]></ToUserName><FromUserName><![CDATA[iv_wang]]></FromUserName>"
        "<CreateTime>1700000000</CreateTime><MsgType><![CDATA[event]]></MsgType>"
        "<Event><![CDATA[template_card_event]]></Event>"
        f"<EventKey><![CDATA[{key}]]></EventKey><TaskId><![CDATA[{task_id}]]></TaskId>"
        "<CardType><![CDATA[button_interaction]]></CardType><ResponseCode><![CDATA[rc-1]]></ResponseCode>"
        "<AgentID>1</AgentID></xml>"
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert cards.handle_card_click(CallbackMessage.from_fields(xml_fields(xml))) == "accept"
        assert cards.handle_card_click(CallbackMessage.from_fields(xml_fields(xml))) == "unchanged"
    update = OutboxMessage.objects.get(interview=interview, kind="notice")
    assert (update.channel, update.status, update.recipient_user) == ("sandbox", "sent", users["interviewer"])
    assert update.data["task_id"] == task_id
    assert update.data["update_template_card"]["button"] == {"replace_name": "已确认参加"}
    assert update.data["update_template_card"]["response_code"] == "rc-1"
