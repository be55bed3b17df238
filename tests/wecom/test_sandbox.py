"""The sandbox phone: WeCom's messages shown per person, and its buttons driving the real callback endpoint.

The click tests run the portal on pytest-django's live server: the sandbox POSTs its encrypted, signed
callback over real HTTP to ``/wecom/callback/`` and the interviewer-card handler (wecom/cards/services.py) acts on it,
exactly as it would on WeCom's own callback.
"""

from __future__ import annotations

import itertools
import json
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from interviews.models import InterviewAssignment
from recruiting.models import Department, Employee
from tests.interviews.schedule_builders import at, book, make_round
from wecom.callbacks import services as callback_services
from wecom.cards import services as cards
from wecom.models import CallbackEvent, Channel, OutboxMessage
from wecom.protocol.crypto import CallbackCrypto, generate_encoding_aes_key
from wecom.sandbox import mode
from wecom.sandbox import services as sandbox

_seq = itertools.count(1)


def link_employee(user, userid: str) -> Employee:
    dept, _ = Department.objects.get_or_create(code="SBX", defaults={"name": "沙箱测试部"})
    return Employee.objects.create(
        employee_no=f"E-{userid}"[:20], name=f"员工{userid}", department=dept, hire_date="2022-01-01",
        wecom_userid=userid, user=user,
    )


def deliver(payload: dict, *, user=None, candidate=None, response_code: str = "") -> OutboxMessage:
    """A message the sandbox transport has delivered (setup: the phone reads sent sandbox rows)."""
    return OutboxMessage.objects.create(
        channel=Channel.SANDBOX, kind=OutboxMessage.Kind.NOTICE, payload=json.dumps(payload, ensure_ascii=False),
        dedupe_key=f"test:{next(_seq)}", recipient_user=user, recipient_candidate=candidate,
        status=OutboxMessage.Status.SENT, sent_at=timezone.now(), response_code=response_code,
    )


def card_payload(task_id="task-1"):
    return {"touser": "iv_wang", "msgtype": "template_card", "template_card": {
        "card_type": "button_interaction", "source": {"desc": "智聘 HR"},
        "main_title": {"title": "面试确认", "desc": "初面"}, "sub_title_text": "请确认是否参加",
        "horizontal_content_list": [{"keyname": "候选人", "value": "王小明"}],
        "card_action": {"type": 1, "url": "http://127.0.0.1:8000/interviews/1/room/"},
        "task_id": task_id,
        "button_list": [{"text": "确认参加", "style": 1, "key": "accept:1:1"},
                        {"text": "无法参加", "style": 2, "key": "decline:1:1"}]}}


def phone_url(kind: str, pk: int) -> str:
    return reverse("wecom:sandbox_phone", kwargs={"kind": kind, "pk": pk})


@pytest.fixture
def sandbox_mode(settings):
    settings.PORTAL_BASE_URL = "http://127.0.0.1:8000"
    assert mode.is_active()
    return settings


# --- credentials and the endpoint -------------------------------------------------------------------------


def test_sandbox_credentials_are_per_installation_and_valid(settings):
    first = (mode.token(), mode.encoding_aes_key(), mode.corp_id())
    assert first == (mode.token(), mode.encoding_aes_key(), mode.corp_id())  # stable across calls
    assert len(first[1]) == 43 and first[0].isalnum() and len(first[0]) <= 32
    mode.crypto().decrypt(mode.crypto().encrypt("ok"))  # the derived key is a usable AES-256 key
    settings.SECRET_KEY = "another-installation-" + "x" * 40
    assert (mode.token(), mode.encoding_aes_key(), mode.corp_id()) != first
    key = generate_encoding_aes_key()
    settings.WECOM_SANDBOX_TOKEN, settings.WECOM_SANDBOX_ENCODING_AES_KEY = "Tok3n", key
    settings.WECOM_SANDBOX_CORP_ID = "wwsandbox1"
    assert (mode.token(), mode.encoding_aes_key(), mode.corp_id()) == ("Tok3n", key, "wwsandbox1")


def test_the_endpoint_verifies_with_the_sandbox_crypto_only_in_sandbox_mode(settings, fake_wecom):
    assert callback_services.callback_crypto().receive_id == mode.corp_id()
    settings.WECOM_SANDBOX_ENABLED = False
    assert callback_services.callback_crypto() is None
    settings.WECOM_SANDBOX_ENABLED = True
    for name, value in fake_wecom.django_settings().items():
        setattr(settings, name, value)
    assert not mode.is_active() and callback_services.callback_crypto().receive_id == fake_wecom.corp_id


@pytest.mark.django_db
def test_a_callback_forged_with_another_key_is_refused(client, users):
    link_employee(users["interviewer"], "iv_wang")
    xml = sandbox.card_click_xml(corp=mode.corp_id(), userid="iv_wang", task_id="t1", key="accept:1:1",
                                 card_type="button_interaction", response_code="sbx1xab")

    def post(crypto: CallbackCrypto):
        params, body = crypto.encrypt_callback(xml, agent_id=sandbox.SANDBOX_AGENT_ID)
        return client.post(f"{reverse('wecom:callback')}?{urlencode(params)}", data=body, content_type="text/xml")

    # another installation's sandbox (or anyone guessing): wrong token → wrong signature
    assert post(CallbackCrypto("NotTheSandboxToken", generate_encoding_aes_key(), mode.corp_id())).status_code == 403
    # even knowing the token, a ciphertext under another key does not decrypt
    assert post(CallbackCrypto(mode.token(), generate_encoding_aes_key(), mode.corp_id())).status_code == 400
    # and a genuine click is accepted, so the two refusals above are about the forgery
    assert post(mode.crypto()).status_code == 200
    assert CallbackEvent.objects.count() == 1


# --- clicks through the real callback view ------------------------------------------------------------------


@pytest.fixture
def live_sandbox(settings, live_server, users, ehr):
    settings.PORTAL_BASE_URL = live_server.url
    settings.WECOM_SANDBOX_CALLBACK_URL = live_server.url + reverse("wecom:callback")
    link_employee(users["interviewer"], "iv_wang")
    ehr["application"].set_stage("screening", by=users["hr"])
    ehr["application"].set_stage("shortlisted", by=users["hr"])
    interview = book(ehr["application"], make_round(ehr, users), at(10), interviewers=[users["interviewer"]],
                     organizer=users["hr"])
    card, created = cards.queue_card(interview, users["interviewer"])
    assert created
    card.refresh_from_db()
    assert card.channel == Channel.SANDBOX and card.status == OutboxMessage.Status.SENT
    return {"interview": interview, "card": card}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_pressing_a_card_button_runs_the_real_callback_and_updates_the_card(client, users, live_sandbox):
    interview, card = live_sandbox["interview"], live_sandbox["card"]
    client.force_login(users["interviewer"])
    key = next(b["key"] for b in card.data["template_card"]["button_list"] if b["text"] == "确认参加")

    response = client.post(reverse("wecom:sandbox_action"), {"action": "press", "message": card.pk, "key": key})
    assert response.status_code == 302

    event = CallbackEvent.objects.get()
    assert (event.msg_type, event.event, event.from_user) == ("event", "template_card_event", "iv_wang")
    assert event.status == CallbackEvent.Status.PROCESSED
    assert event.fields["TaskId"] == card.data["template_card"]["task_id"] and event.fields["EventKey"] == key
    assignment = InterviewAssignment.objects.get(interview=interview, interviewer=users["interviewer"])
    assert assignment.attendance == InterviewAssignment.Attendance.ACCEPTED

    page = client.get(response["Location"]).content.decode()
    assert "已确认参加" in page
    assert f'name="message" value="{card.pk}"' not in page  # the card's buttons are gone

    again = client.post(reverse("wecom:sandbox_action"), {"action": "press", "message": card.pk, "key": key},
                        follow=True)
    assert "已处理" in again.content.decode()
    assert CallbackEvent.objects.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_text_reply_arrives_as_a_wecom_text_message(client, users, live_sandbox):
    client.force_login(users["interviewer"])
    response = client.post(reverse("wecom:sandbox_action"), {"action": "text", "content": "我会准时到"}, follow=True)
    assert "回复已发送" in response.content.decode()
    event = CallbackEvent.objects.get()
    assert event.msg_type == "text" and event.from_user == "iv_wang"
    assert event.fields["Content"] == "我会准时到" and event.fields["MsgId"].isdigit()
    assert event.status == CallbackEvent.Status.PROCESSED


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_nobody_presses_buttons_on_another_persons_phone(client, users, live_sandbox):
    card = live_sandbox["card"]
    key = card.data["template_card"]["button_list"][0]["key"]
    client.force_login(users["hr"])  # HR may look at the interviewer's phone, not act for them
    assert client.get(phone_url("user", users["interviewer"].pk)).status_code == 200
    response = client.post(reverse("wecom:sandbox_action"), {"action": "press", "message": card.pk, "key": key})
    assert response.status_code == 403
    assert client.post(reverse("wecom:sandbox_action"), {"action": "press", "message": 999999, "key": key}
                       ).status_code == 404
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(users["interviewer"])
    assert csrf_client.post(reverse("wecom:sandbox_action"),
                            {"action": "press", "message": card.pk, "key": key}).status_code == 403
    assert CallbackEvent.objects.count() == 0
    assert InterviewAssignment.objects.get(interviewer=users["interviewer"]).attendance == "pending"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_key_that_is_not_on_the_card_is_not_posted(client, users, live_sandbox):
    client.force_login(users["interviewer"])
    response = client.post(reverse("wecom:sandbox_action"),
                           {"action": "press", "message": live_sandbox["card"].pk, "key": "accept:999:1"}, follow=True)
    assert "没有这个按钮" in response.content.decode()
    assert CallbackEvent.objects.count() == 0


# --- what the phone shows --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_phone_renders_text_textcard_card_and_email_like_wecom(client, users, ehr, sandbox_mode):
    link_employee(users["interviewer"], "iv_wang")
    deliver({"msgtype": "text", "text": {"content": "明天 10:00 面试，<a href=\"http://127.0.0.1:8000/x/\">查看</a>"}},
            user=users["interviewer"])
    deliver({"msgtype": "textcard", "textcard": {
        "title": "面试提醒", "url": "http://127.0.0.1:8000/interviews/1/room/", "btntxt": "进入面试间",
        "description": '<div class="gray">2031年3月10日</div><div class="highlight">10:00 A-301</div>'
                       '<script>alert(1)</script>'}}, user=users["interviewer"])
    card = deliver(card_payload(), user=users["interviewer"])
    client.force_login(users["interviewer"])

    page = client.get(phone_url("user", users["interviewer"].pk)).content.decode()
    assert "明天 10:00 面试" in page and 'href="/x/"' in page
    assert "面试提醒" in page and '<p class="tc-highlight">10:00 A-301</p>' in page
    assert 'href="/interviews/1/room/"' in page and "进入面试间" in page
    assert "<script>alert(1)</script>" not in page
    assert "面试确认" in page and "王小明" in page
    assert page.count(f'name="message" value="{card.pk}"') == 2  # two clickable buttons

    deliver({"msgtype": "update_template_card", "task_id": "task-1", "update_template_card": {
        "response_code": f"sbx{card.pk}xdeadbeef", "userids": ["iv_wang"], "button": {"replace_name": "已确认参加"}}},
        user=users["interviewer"])
    page = client.get(phone_url("user", users["interviewer"].pk)).content.decode()
    assert "已确认参加" in page and f'name="message" value="{card.pk}"' not in page


@pytest.mark.django_db
def test_the_open_phone_polls_and_hears_of_new_messages_only(client, users, sandbox_mode):
    import re

    link_employee(users["interviewer"], "iv_wang")
    card = deliver(card_payload(), user=users["interviewer"])
    client.force_login(users["interviewer"])
    url = phone_url("user", users["interviewer"].pk)
    page = client.get(url).content.decode()
    poll = re.search(r'hx-get="([^"]+)"', page).group(1).replace("&amp;", "&")
    assert 'hx-trigger="every 4s' in page and poll.startswith(url + "?seen=")

    quiet = client.get(poll, headers={"HX-Request": "true"})
    assert quiet.status_code == 204 and quiet.content == b""  # nothing new: no render, no swap

    deliver({"msgtype": "update_template_card", "task_id": "task-1", "update_template_card": {
        "response_code": f"sbx{card.pk}xfeed", "userids": ["iv_wang"], "button": {"replace_name": "已确认参加"}}},
        user=users["interviewer"])
    news = client.get(poll, headers={"HX-Request": "true"})
    assert news.status_code == 200 and "已确认参加" in news.content.decode()
    assert client.get(poll).status_code == 200  # a plain visit to the same address always shows the page


@pytest.mark.django_db
def test_a_card_update_by_the_response_code_of_the_send_also_applies(client, users, sandbox_mode):
    link_employee(users["interviewer"], "iv_wang")
    card = deliver(card_payload(), user=users["interviewer"], response_code="sandbox-rc-abc")
    deliver({"response_code": "sandbox-rc-abc", "userids": ["iv_wang"], "button": {"replace_name": "已反馈无法参加"}},
            user=users["interviewer"])
    client.force_login(users["interviewer"])
    page = client.get(phone_url("user", users["interviewer"].pk)).content.decode()
    assert "已反馈无法参加" in page and f'name="message" value="{card.pk}"' not in page


@pytest.mark.django_db
def test_a_candidates_phone_shows_the_email_with_its_link_and_calendar_file(client, users, ehr, sandbox_mode):
    deliver({"msgtype": "email", "subject": "面试邀请：销售经理",
             "body": "王小明您好，\n请点击确认：http://127.0.0.1:8000/wecom/i/abc123/\n",
             "ics": "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"}, candidate=ehr["candidate"])
    client.force_login(users["hr"])
    page = client.get(phone_url("candidate", ehr["candidate"].pk)).content.decode()
    assert "面试邀请：销售经理" in page
    assert 'href="/wecom/i/abc123/"' in page  # the portal's own link, on whatever host the phone is opened
    assert 'download="interview.ics"' in page and "data:text/calendar" in page
    from hrportal.models import AuditLog

    assert AuditLog.objects.filter(object_id=str(ehr["candidate"].pk), action="view").exists()


@pytest.mark.django_db
def test_who_sees_which_phone(client, users, ehr, sandbox_mode):
    deliver({"msgtype": "text", "text": {"content": "你好"}}, user=users["interviewer"])
    deliver({"msgtype": "text", "text": {"content": "候选人消息"}}, candidate=ehr["candidate"])
    client.force_login(users["interviewer"])
    assert client.get(phone_url("user", users["interviewer"].pk)).status_code == 200
    assert client.get(phone_url("user", users["hr"].pk)).status_code == 403
    assert client.get(phone_url("candidate", ehr["candidate"].pk)).status_code == 403
    assert client.get(phone_url("user", 999999)).status_code == 404
    assert client.get(phone_url("robot", users["interviewer"].pk)).status_code == 404
    directory = client.get(reverse("wecom:sandbox_phones")).content.decode()
    assert "王小明" not in directory

    client.force_login(users["hr"])
    directory = client.get(reverse("wecom:sandbox_phones")).content.decode()
    assert phone_url("user", users["interviewer"].pk) in directory
    assert phone_url("candidate", ehr["candidate"].pk) in directory
    hr_view = client.get(phone_url("user", users["interviewer"].pk)).content.decode()
    assert "你好" in hr_view and 'name="action" value="text"' not in hr_view  # read-only for HR


@pytest.mark.django_db
def test_the_sandbox_disappears_once_wecom_is_configured(client, users, settings, fake_wecom):
    client.force_login(users["hr"])
    assert "沙箱手机" in client.get(reverse("dashboard")).content.decode()
    for name, value in fake_wecom.django_settings().items():
        setattr(settings, name, value)
    assert "沙箱手机" not in client.get(reverse("dashboard")).content.decode()
    assert client.get(reverse("wecom:sandbox_phones")).status_code == 404
    assert client.get(phone_url("user", users["hr"].pk)).status_code == 404
    assert client.post(reverse("wecom:sandbox_action"), {"action": "text", "content": "x"}).status_code == 404
