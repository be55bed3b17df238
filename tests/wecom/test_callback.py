"""The callback endpoint /wecom/callback/ as WeCom's servers use it: verification, delivery, retries, forgeries."""

from __future__ import annotations

import time
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.urls import reverse

from recruiting.models import Department, Employee
from tests.fakes.fake_wecom import FakeClock, FakeWeCom
from tests.wecom.test_crypto import AES_KEY, C1, C1_PLAIN, C2, C2_BODY, CORP_ID, TOKEN
from wecom.callbacks import registry as callbacks
from wecom.callbacks.jobs import process_callback_event
from wecom.callbacks.registry import CallbackMessage, TemplateCardClick
from wecom.models import CallbackEvent
from wecom.protocol.crypto import CallbackCrypto, cdata_xml, signature

URL = "/wecom/callback/"


@pytest.fixture
def reference(settings):
    """The portal configured with the documentation's example app (token QDG6eK, corp wx5823bf96d3bd56c7)."""
    settings.WECOM_CORP_ID = CORP_ID
    settings.WECOM_AGENT_ID = "218"
    settings.WECOM_SECRET = "reference-secret"
    settings.WECOM_TOKEN = TOKEN
    settings.WECOM_ENCODING_AES_KEY = AES_KEY
    settings.WECOM_CALLBACK_MAX_AGE = 0  # the example is from 2014
    settings.REDIS_URL = ""  # jobs run in-process
    return settings


@pytest.fixture
def fake(settings):
    """A FakeWeCom (not listening: only its callback builders are used) whose clock is real time."""
    server = FakeWeCom(clock=FakeClock(start=time.time()))
    for name, value in server.django_settings().items():
        setattr(settings, name, value)
    settings.REDIS_URL = ""
    settings.WECOM_CALLBACK_MAX_AGE = 300
    return server


def employee(userid: str) -> Employee:
    dept, _ = Department.objects.get_or_create(code="WECOM", defaults={"name": "企业微信测试部"})
    return Employee.objects.create(
        employee_no=f"E-{userid}"[:20], name=userid, department=dept, hire_date="2022-01-01", wecom_userid=userid
    )


@pytest.fixture
def handled(monkeypatch):
    """Registers recording handlers for text messages and card clicks; returns what they received."""
    seen: list[CallbackMessage] = []
    monkeypatch.setitem(callbacks._HANDLERS, ("text", ""), seen.append)
    monkeypatch.setitem(callbacks._HANDLERS, ("event", "template_card_event"), seen.append)
    return seen


def post(client, params: dict, body: str | bytes):
    return client.post(f"{URL}?{urlencode(params)}", data=body, content_type="text/xml")


def text_xml(fake: FakeWeCom, *, sender: str = "zhangsan", msg_id: str = "10001", msg_type: str = "text") -> str:
    return cdata_xml("xml", {
        "ToUserName": fake.corp_id, "FromUserName": sender, "CreateTime": int(fake.clock()), "MsgType": msg_type,
        "Content": "确认", "MsgId": msg_id, "AgentID": fake.agent_id,
    })


# --- URL verification (GET) ------------------------------------------------------------------------------


def test_reference_url_verification_echoes_the_plaintext(client, reference):
    assert reverse("wecom:callback") == URL
    response = client.get(URL, C1)
    assert response.status_code == 200
    assert response.content == C1_PLAIN.encode()  # exactly: no quotes, no newline
    assert response["Content-Type"].startswith("text/plain")


def test_url_verification_with_the_percent_encoded_query_of_the_sample(client, reference):
    raw = (
        f"msg_signature={C1['msg_signature']}&timestamp={C1['timestamp']}&nonce={C1['nonce']}&echostr="
        "P9nAzCzyDtyTWESHep1vC5X9xho%2FqYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp%2B4RPcs8TgAE7OaBO%2BFZXvnaqQ%3D%3D"
    )
    assert client.get(f"{URL}?{raw}").content == C1_PLAIN.encode()


def test_url_verification_with_a_wrong_signature_is_forbidden(client, reference):
    assert client.get(URL, {**C1, "msg_signature": "0" * 40}).status_code == 403


def test_fake_wecom_url_verification(client, fake):
    params, echo = fake.verify_url_params()
    assert client.get(URL, params).content == echo.encode()


@pytest.mark.django_db
def test_missing_parameters_are_a_bad_request_not_a_forbidden(client, reference):
    assert client.get(URL).status_code == 400
    assert client.post(URL, data="<xml/>", content_type="text/xml").status_code == 400
    assert client.get(URL, {**C1, "timestamp": "yesterday"}).status_code == 400


@pytest.mark.django_db
def test_endpoint_is_absent_when_callbacks_are_not_configured(client, settings):
    settings.WECOM_TOKEN = ""
    settings.WECOM_ENCODING_AES_KEY = ""
    settings.WECOM_SANDBOX_ENABLED = False  # else the sandbox's own token/key serve the endpoint (test_sandbox.py)
    assert client.get(URL, C1).status_code == 404
    assert client.post(f"{URL}?{urlencode(C2)}", data=C2_BODY, content_type="text/xml").status_code == 404
    assert CallbackEvent.objects.count() == 0


def test_other_methods_are_refused(client, reference):
    assert client.put(URL).status_code == 405


# --- messages and events (POST) ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_reference_message_is_accepted_once_and_processed(client, reference, handled, django_capture_on_commit_callbacks):
    employee("mycreate")
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, C2, C2_BODY)
    assert response.status_code == 200
    assert response.content == b""
    event = CallbackEvent.objects.get()
    assert (event.dedupe_key, event.msg_type, event.from_user, event.agent_id) == (
        "msg:4561255354251345929", "text", "mycreate", "218")
    assert event.status == CallbackEvent.Status.PROCESSED and event.processed_at is not None
    assert event.fields["Content"] == "hello"
    assert [m.fields["Content"] for m in handled] == ["hello"]


@pytest.mark.django_db
def test_a_delivery_repeated_three_times_is_acted_on_once(client, reference, handled,
                                                            django_capture_on_commit_callbacks):
    employee("mycreate")
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True) as callbacks_run:
            assert post(client, C2, C2_BODY).status_code == 200
    assert CallbackEvent.objects.count() == 1
    assert len(handled) == 1
    assert callbacks_run == []  # the repeats did not even enqueue a job


@pytest.mark.django_db
def test_payload_is_encrypted_at_rest(client, reference):
    employee("mycreate")
    post(client, C2, C2_BODY)
    with connection.cursor() as cursor:
        cursor.execute("SELECT payload FROM wecom_callbackevent")
        (raw,) = cursor.fetchone()
    assert "hello" not in raw and "mycreate" not in raw
    assert CallbackEvent.objects.get().fields["FromUserName"] == "mycreate"


@pytest.mark.django_db
def test_forged_signature_is_forbidden_and_leaves_no_row(client, reference, handled):
    forged = {**C2, "msg_signature": "477715d11cdb4164915debcba66cb864d751f3e7"}
    assert post(client, forged, C2_BODY).status_code == 403
    tampered = C2_BODY.replace("RypEvHKD8QQ", "RypEvHKD8QR")
    assert post(client, C2, tampered).status_code == 403
    assert CallbackEvent.objects.count() == 0 and handled == []


@pytest.mark.django_db
def test_message_encrypted_for_another_corp_is_forbidden(client, fake, handled):
    employee("zhangsan")
    other_corp = CallbackCrypto(fake.callback_token, fake.encoding_aes_key, "ww_another_corp")
    params, body = other_corp.encrypt_callback(text_xml(fake), agent_id=fake.agent_id, timestamp=int(time.time()))
    assert post(client, params, body).status_code == 403
    assert CallbackEvent.objects.count() == 0 and handled == []


@pytest.mark.django_db
def test_stale_timestamp_is_forbidden_unless_the_window_is_disabled(client, fake, settings, handled,
                                                                    django_capture_on_commit_callbacks):
    employee("zhangsan")
    params, body = fake.build_callback(text_xml(fake), timestamp=int(time.time()) - 301)
    assert post(client, params, body).status_code == 403
    future_params, future_body = fake.build_callback(text_xml(fake, msg_id="2"), timestamp=int(time.time()) + 600)
    assert post(client, future_params, future_body).status_code == 403
    assert CallbackEvent.objects.count() == 0

    settings.WECOM_CALLBACK_MAX_AGE = 0
    with django_capture_on_commit_callbacks(execute=True):
        assert post(client, params, body).status_code == 200
    assert CallbackEvent.objects.get().status == CallbackEvent.Status.PROCESSED
    assert len(handled) == 1


@pytest.mark.django_db
def test_fresh_callback_inside_the_window_is_accepted(client, fake, handled, django_capture_on_commit_callbacks):
    employee("zhangsan")
    params, body = fake.build_callback(text_xml(fake), timestamp=int(time.time()) - 60)
    with django_capture_on_commit_callbacks(execute=True):
        assert post(client, params, body).status_code == 200
    assert len(handled) == 1


@pytest.mark.django_db
def test_unknown_message_type_is_stored_as_ignored(client, fake, handled, django_capture_on_commit_callbacks):
    employee("zhangsan")
    params, body = fake.build_callback(text_xml(fake, msg_type="hologram"))
    with django_capture_on_commit_callbacks(execute=True) as run:
        response = post(client, params, body)
    assert response.status_code == 200 and response.content == b""
    event = CallbackEvent.objects.get()
    assert event.status == CallbackEvent.Status.IGNORED
    assert "hologram" in event.error
    assert run == [] and handled == []


@pytest.mark.django_db
def test_unknown_sender_is_stored_as_ignored(client, fake, handled, django_capture_on_commit_callbacks):
    params, body = fake.build_callback(text_xml(fake, sender="stranger"))
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            assert post(client, params, body).status_code == 200
    event = CallbackEvent.objects.get()
    assert event.status == CallbackEvent.Status.IGNORED and "stranger" in event.error
    assert handled == []


@pytest.mark.django_db
def test_callback_of_another_app_is_ignored(client, fake, handled):
    employee("zhangsan")
    xml = text_xml(fake).replace(f"<AgentID>{fake.agent_id}</AgentID>", "<AgentID>9999</AgentID>")
    params, body = fake.build_callback(xml)
    assert post(client, params, body).status_code == 200
    assert CallbackEvent.objects.get().status == CallbackEvent.Status.IGNORED


@pytest.mark.django_db
def test_card_click_reaches_its_handler_as_a_typed_click(client, fake, handled, django_capture_on_commit_callbacks):
    employee("iv_wang")
    xml, response_code = fake.template_card_event(userid="iv_wang", task_id="iv-42-wang", key="attend:yes")
    params, body = fake.build_callback(xml)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):  # WeCom's retries
            assert post(client, params, body).status_code == 200
    event = CallbackEvent.objects.get()
    assert event.dedupe_key == "card:iv-42-wang:attend:yes:iv_wang"
    assert event.status == CallbackEvent.Status.PROCESSED
    assert len(handled) == 1
    click = TemplateCardClick.from_message(handled[0])
    assert (click.userid, click.task_id, click.event_key, click.response_code, click.card_type) == (
        "iv_wang", "iv-42-wang", "attend:yes", response_code, "button_interaction")


@pytest.mark.django_db
def test_two_different_buttons_on_one_card_are_two_events(client, fake, handled, django_capture_on_commit_callbacks):
    employee("iv_wang")
    with django_capture_on_commit_callbacks(execute=True):
        for key in ("attend:yes", "attend:no"):
            xml, _ = fake.template_card_event(userid="iv_wang", task_id="iv-43", key=key, create_time=1_800_000_000)
            assert post(client, *fake.build_callback(xml)).status_code == 200
    assert CallbackEvent.objects.count() == 2 and len(handled) == 2


@pytest.mark.django_db
@pytest.mark.parametrize("body", ["not xml at all", "<xml><ToUserName>x</ToUserName></xml>", ""])
def test_malformed_body_is_a_bad_request(client, fake, body):
    params, _ = fake.build_callback(text_xml(fake))
    assert post(client, params, body).status_code == 400
    assert CallbackEvent.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("encrypt", ["***not base64***", "c2hvcnQ="])
def test_correctly_signed_garbage_ciphertext_is_a_bad_request(client, fake, encrypt):
    ts, nonce = str(int(time.time())), "42"
    params = {"msg_signature": signature(fake.callback_token, ts, nonce, encrypt), "timestamp": ts, "nonce": nonce}
    assert post(client, params, f"<xml><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>").status_code == 400
    assert CallbackEvent.objects.count() == 0


@pytest.mark.django_db
def test_doctype_in_the_body_is_refused(client, fake):
    params, body = fake.build_callback(text_xml(fake))
    evil = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "boom">]>' + body
    assert post(client, params, evil).status_code == 400


@pytest.mark.django_db
def test_correctly_signed_plaintext_without_a_header_is_a_bad_request(client, fake):
    params, body = fake.build_callback("<xml><Content>no MsgType</Content></xml>")
    assert post(client, params, body).status_code == 400
    assert CallbackEvent.objects.count() == 0


@pytest.mark.django_db
def test_oversized_body_is_refused(client, fake, settings):
    settings.WECOM_CALLBACK_MAX_BYTES = 1024
    params, body = fake.build_callback(text_xml(fake))
    assert post(client, params, body + " " * 2000).status_code == 413
    assert CallbackEvent.objects.count() == 0


@pytest.mark.django_db
def test_accepting_a_callback_takes_few_queries(client, fake, django_assert_max_num_queries):
    employee("zhangsan")
    params, body = fake.build_callback(text_xml(fake))
    with django_assert_max_num_queries(6):
        assert post(client, params, body).status_code == 200


# --- the job -----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_job_is_idempotent(client, fake, handled):
    employee("zhangsan")
    post(client, *fake.build_callback(text_xml(fake)))  # on_commit not run: the job is still to do
    event = CallbackEvent.objects.get()
    assert event.status == CallbackEvent.Status.RECEIVED
    assert process_callback_event(event.pk) == CallbackEvent.Status.PROCESSED
    assert process_callback_event(event.pk) == CallbackEvent.Status.PROCESSED
    assert len(handled) == 1
    assert process_callback_event(987654) == "missing"


@pytest.mark.django_db
def test_failing_handler_marks_the_event_failed_and_rolls_back_its_writes(client, fake, monkeypatch):
    employee("zhangsan")

    def broken(message):
        Department.objects.create(code="HALF", name="half-written")
        raise RuntimeError("handler bug")

    monkeypatch.setitem(callbacks._HANDLERS, ("text", ""), broken)
    post(client, *fake.build_callback(text_xml(fake)))
    event = CallbackEvent.objects.get()
    assert process_callback_event(event.pk) == CallbackEvent.Status.FAILED
    event.refresh_from_db()
    assert event.status == CallbackEvent.Status.FAILED and "handler bug" in event.error
    assert not Department.objects.filter(code="HALF").exists()
    assert process_callback_event(event.pk) == CallbackEvent.Status.FAILED  # not retried behind anyone's back


@pytest.mark.django_db
def test_message_without_a_handler_is_recorded_and_processed(client, fake, django_capture_on_commit_callbacks):
    employee("zhangsan")
    xml = cdata_xml("xml", {"ToUserName": fake.corp_id, "FromUserName": "zhangsan", "CreateTime": int(fake.clock()),
                            "MsgType": "event", "Event": "enter_agent", "EventKey": "", "AgentID": fake.agent_id})
    with django_capture_on_commit_callbacks(execute=True):
        assert post(client, *fake.build_callback(xml)).status_code == 200
    event = CallbackEvent.objects.get()
    assert event.dedupe_key == f"evt:zhangsan:{int(fake.clock())}:enter_agent"
    assert event.status == CallbackEvent.Status.PROCESSED


def test_long_card_keys_fit_the_column():
    message = CallbackMessage.from_fields({"MsgType": "event", "Event": "template_card_event", "CreateTime": "1",
                                           "FromUserName": "u", "TaskId": "t", "EventKey": "k" * 1024})
    assert message.dedupe_key.startswith("card:sha256:") and len(message.dedupe_key) <= 255
    with pytest.raises(ValueError):
        TemplateCardClick.from_message(CallbackMessage.from_fields({"MsgType": "text", "CreateTime": "1"}))


def test_registering_two_handlers_for_one_kind_is_refused(monkeypatch):
    monkeypatch.setattr(callbacks, "_HANDLERS", {})
    callbacks.register("event", "click")(print)
    with pytest.raises(ValueError):
        callbacks.register("event", "click")(repr)
