"""WeCom transports against the fake server: app messages and cards (wecom_app), the customer-contact 群发
for candidates (wecom_customer), and the sandbox that delivers without any network."""

from __future__ import annotations

import pytest

from tests.wecom.outbox_fixtures import wecom_on  # noqa: F401 - fixture
from wecom.models import CandidateContact, OutboxMessage
from wecom.outbox import jobs as outbox_jobs
from wecom.outbox.services import queue_message
from wecom.outbox.transports import transport_for
from wecom.outbox.transports.base import TransportError
from wecom.outbox.transports.wecom_customer import group_send_status
from wecom.protocol.payloads import (
    CardButton,
    button_card,
    card_description,
    textcard_message,
    update_card_payload,
)

pytestmark = pytest.mark.django_db


def _queue(channel: str, payload: dict, *, address: str, key: str, **options) -> OutboxMessage:
    message, _ = queue_message(channel=channel, kind="notice", payload=payload, dedupe_key=key, address=address,
                               **options)
    return message


def _card(task_id: str) -> dict:
    card = button_card(task_id=task_id, title="面试确认", desc="王小明 / 销售经理",
                       buttons=[CardButton("确认参加", "accept:1"), CardButton("无法参加", "decline:1", style=2)],
                       url="https://hr.example.com/interviews/1/room/")
    return {"msgtype": "template_card", "template_card": card}


def test_a_textcard_reaches_the_member(wecom_on):  # noqa: F811
    body = textcard_message("placeholder", title="面试邀请", url="https://hr.example.com/i/1",
                            description=card_description([("gray", "2026-01-02 14:00"), ("highlight", "A-301")]))
    message = _queue("wecom_app", body, address="iv_wang", key="t:textcard")
    assert outbox_jobs.send_message(message.pk) == "sent"
    (sent,) = wecom_on.messages_to("iv_wang")
    assert sent["msgtype"] == "textcard" and sent["body"]["touser"] == "iv_wang"
    assert sent["body"]["agentid"] == wecom_on.agent_id
    message.refresh_from_db()
    assert message.msgid == sent["msgid"]


def test_a_card_keeps_its_response_code_and_the_update_spends_it(wecom_on):  # noqa: F811
    card = _queue("wecom_app", _card("itv_1_iv_wang_v1"), address="iv_wang", key="t:card")
    assert outbox_jobs.send_message(card.pk) == "sent"
    card.refresh_from_db()
    assert card.response_code.startswith("rc-")

    update = {"msgtype": "update_template_card", "task_id": "itv_1_iv_wang_v1",
              "update_template_card": update_card_payload(response_code=card.response_code, userids=["iv_wang"],
                                                          replace_name="已确认参加")}
    first = _queue("wecom_app", update, address="iv_wang", key="t:update")
    assert outbox_jobs.send_message(first.pk) == "sent"
    assert wecom_on.cards["itv_1_iv_wang_v1"].replaced_button == "已确认参加"

    # A response_code works once: a second update with it is refused by WeCom and stops (permanent).
    again = _queue("wecom_app", update, address="iv_wang", key="t:update-again")
    assert outbox_jobs.send_message(again.pk) == "failed"
    again.refresh_from_db()
    assert again.last_errcode == 40058


def test_a_reused_task_id_is_a_permanent_error(wecom_on):  # noqa: F811
    assert outbox_jobs.send_message(_queue("wecom_app", _card("dup_task"), address="iv_wang", key="t:c1").pk) == "sent"
    second = _queue("wecom_app", _card("dup_task"), address="lisi", key="t:c2")
    assert outbox_jobs.send_message(second.pk) == "failed"
    second.refresh_from_db()
    assert second.last_errcode == 42014


def test_wecom_channels_refuse_to_send_when_wecom_is_not_configured(settings):
    settings.WECOM_CORP_ID = settings.WECOM_SECRET = settings.WECOM_AGENT_ID = ""
    message = _queue("wecom_app", {"msgtype": "text", "text": {"content": "x"}}, address="lisi", key="t:off")
    assert outbox_jobs.send_message(message.pk) == "failed"
    message.refresh_from_db()
    assert "not configured" in message.last_error


def test_a_candidate_customer_gets_a_group_message_task(wecom_on, ehr):  # noqa: F811
    wecom_on.add_customer("hr_zhang", "wm_candidate_1")
    CandidateContact.objects.create(candidate=ehr["candidate"], external_userid="wm_candidate_1",
                                    recruiter_userid="hr_zhang")
    body = textcard_message("placeholder", title="面试邀请", url="https://hr.example.com/c/abc",
                            description=card_description([("normal", "1月2日 14:00 A-301")]))
    message = _queue("wecom_customer", body, address="wm_candidate_1", key="t:customer",
                     recipient_candidate=ehr["candidate"])
    assert outbox_jobs.send_message(message.pk) == "sent"
    message.refresh_from_db()
    assert message.msgid.startswith("msgGROUP") and message.external_ref == "hr_zhang"
    task = wecom_on.group_messages[message.msgid]
    assert task["sender"] == "hr_zhang" and "面试邀请" in task["content"] and "1月2日 14:00 A-301" in task["content"]
    assert task["attachments"] == [{"msgtype": "link", "link": {"title": "面试邀请", "url": "https://hr.example.com/c/abc"}}]

    assert group_send_status(message).status == 0  # the recruiter has not confirmed the 群发 yet
    wecom_on.confirm_group_message(message.msgid)
    assert group_send_status(message).status == 1


def test_a_candidate_who_is_not_the_recruiters_customer_fails(wecom_on):  # noqa: F811
    message = _queue("wecom_customer", {"msgtype": "text", "text": {"content": "面试邀请"}, "sender": "hr_zhang"},
                     address="wm_stranger", key="t:stranger")
    assert outbox_jobs.send_message(message.pk) == "failed"
    message.refresh_from_db()
    assert "fail_list" in message.last_error


def test_the_sandbox_delivers_without_network(settings):
    settings.WECOM_API_BASE = "http://127.0.0.1:9/cgi-bin/"  # would refuse, were it ever called
    card = _queue("sandbox", _card("sandbox_task"), address="iv_wang", key="t:sandbox-card")
    text = _queue("sandbox", {"msgtype": "email", "subject": "邀请", "body": "正文"}, address="c1", key="t:sandbox-mail")
    assert outbox_jobs.send_message(card.pk) == "sent" and outbox_jobs.send_message(text.pk) == "sent"
    card.refresh_from_db()
    text.refresh_from_db()
    assert card.response_code.startswith(f"sbx{card.pk}x") and text.response_code == ""
    assert card.msgid == f"sandbox-{card.pk}"


def test_an_unknown_channel_is_a_permanent_error():
    with pytest.raises(TransportError) as error:
        transport_for("pigeon")
    assert error.value.permanent


def test_a_bare_update_body_is_sent_as_a_card_update(wecom_on):  # noqa: F811
    card = _queue("wecom_app", _card("bare_task"), address="iv_wang", key="t:bare-card")
    outbox_jobs.send_message(card.pk)
    card.refresh_from_db()
    update = _queue("wecom_app", {"response_code": card.response_code, "button": {"replace_name": "已反馈无法参加"}},
                    address="iv_wang", key="t:bare-update")
    assert outbox_jobs.send_message(update.pk) == "sent"
    assert wecom_on.cards["bare_task"].replaced_button == "已反馈无法参加"
    assert wecom_on.card_updates[-1]["userids"] == ["iv_wang"]  # the address, when the body names nobody
