"""WeComClient against the fake WeCom server over real HTTP on loopback."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

from tests.fakes.fake_wecom import FakeClock, FakeWeCom
from wecom import conf
from wecom.protocol.client import GroupSendStatus, WeComClient
from wecom.protocol.errors import (
    InvalidCredentials,
    InvalidOAuthCode,
    InvalidParameter,
    InvalidUser,
    RateLimited,
    ServiceBusy,
    TaskIdConflict,
    TokenInvalid,
    WeComError,
    WeComUnavailable,
    error_for,
)
from wecom.protocol.payloads import (
    CardButton,
    button_card,
    card_description,
    schedule_payload,
    text_message,
    textcard_message,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def server(clock):
    with FakeWeCom(clock=clock) as fake:
        yield fake


@pytest.fixture
def sleeps():
    return []


def make_client(server, clock, sleeps, *, secret=None, **overrides):
    options = {"base_url": server.base_url, "timeout": 2.0, "clock": clock, "sleep": sleeps.append, **overrides}
    return WeComClient(server.corp_id, secret or server.secret, server.agent_id, **options)


@pytest.fixture
def client(server, clock, sleeps):
    c = make_client(server, clock, sleeps)
    yield c
    c.close()


def errcodes(server, path):
    return [r.errcode for r in server.calls(path)]


# --- access token -----------------------------------------------------------------------------------------


def test_token_is_fetched_once_and_reused(server, client):
    client.send_text("zhangsan", "第一条")
    client.send_text("lisi", "第二条")
    assert len(server.calls("gettoken")) == 1
    tokens = {r.access_token for r in server.calls("message/send")}
    assert len(tokens) == 1 and tokens == set(server.tokens)
    assert [m["to"] for m in server.sent_messages] == [["zhangsan"], ["lisi"]]


def test_token_is_shared_through_the_cache_by_clients_of_the_same_app(server, clock, sleeps, client):
    client.send_text("zhangsan", "你好")
    with make_client(server, clock, sleeps) as other_worker:
        other_worker.send_text("lisi", "你好")
        assert other_worker.token_cache_key == client.token_cache_key
    assert len(server.calls("gettoken")) == 1
    with make_client(server, clock, sleeps, secret="another-app-secret") as other_app:
        assert other_app.token_cache_key != client.token_cache_key
        assert "another-app-secret" not in other_app.token_cache_key


def test_token_is_refreshed_before_expiry_so_no_call_meets_an_expired_token(server, clock, client):
    client.send_text("zhangsan", "1")
    first_token = next(iter(server.tokens))
    clock.advance(7000)  # 200 s left: inside the refresh margin
    client.send_text("zhangsan", "2")
    assert len(server.calls("gettoken")) == 2
    clock.advance(300)  # the first token is now really expired
    client.send_text("zhangsan", "3")
    assert server.calls("message/send")[-1].access_token != first_token
    assert errcodes(server, "message/send") == [0, 0, 0]
    assert len(server.sent_messages) == 3


@pytest.mark.parametrize(("invalidate", "errcode"), [("revoke_tokens", 40014), ("expire_tokens", 42001)])
def test_token_invalidated_mid_send_is_refreshed_once_and_the_message_goes_out(server, client, invalidate, errcode):
    client.send_text("zhangsan", "第一条")
    getattr(server, invalidate)()
    result = client.send_text("zhangsan", "第二条")
    assert result.msgid
    assert errcodes(server, "message/send") == [0, errcode, 0]
    assert len(server.calls("gettoken")) == 2
    assert [m["text"]["content"] for m in server.sent_messages] == ["第一条", "第二条"]


def test_a_second_invalid_token_answer_is_raised_not_looped(server, client):
    server.fail_next("message/send", 40014, times=5)
    with pytest.raises(TokenInvalid) as excinfo:
        client.send_text("zhangsan", "hi")
    assert excinfo.value.errcode == 40014 and excinfo.value.transient
    assert len(server.calls("message/send")) == 2
    assert len(server.calls("gettoken")) == 2
    assert server.sent_messages == []


def test_40001_on_an_ordinary_call_refreshes_once(server, client):
    server.fail_next("message/send", 40001)
    client.send_text("zhangsan", "hi")
    assert errcodes(server, "message/send") == [40001, 0]
    assert len(server.calls("gettoken")) == 2


def test_40001_on_gettoken_is_a_permanent_error_without_retry(server, clock, sleeps):
    with make_client(server, clock, sleeps, secret="wrong-secret") as wrong:
        with pytest.raises(InvalidCredentials) as excinfo:
            wrong.send_text("zhangsan", "hi")
    assert excinfo.value.errcode == 40001 and excinfo.value.permanent
    assert len(server.calls("gettoken")) == 1
    assert server.calls("message/send") == [] and sleeps == []


# --- backoff, outages, timeouts ------------------------------------------------------------------------------


@pytest.mark.parametrize("errcode", [45009, 45033, -1])
def test_rate_limit_or_busy_backs_off_then_succeeds(server, client, sleeps, errcode):
    server.fail_next("message/send", errcode, times=2)
    result = client.send_text("zhangsan", "hi")
    assert result.msgid
    assert errcodes(server, "message/send") == [errcode, errcode, 0]
    assert len(sleeps) == 2 and 0 < sleeps[0] < sleeps[1] <= 5
    assert len(server.sent_messages) == 1


def test_rate_limit_that_persists_is_raised_as_transient_after_a_few_attempts(server, client, sleeps):
    server.fail_next("message/send", 45009, times=10)
    with pytest.raises(RateLimited) as excinfo:
        client.send_text("zhangsan", "hi")
    assert excinfo.value.transient
    assert len(server.calls("message/send")) == client.max_attempts == 3
    assert len(sleeps) == 2


def test_busy_gettoken_is_retried_with_backoff(server, client, sleeps):
    server.fail_next("gettoken", -1)
    client.send_text("zhangsan", "hi")
    assert errcodes(server, "gettoken") == [-1, 0] and len(sleeps) == 1
    server.fail_next("gettoken", -1, times=3)
    with pytest.raises(ServiceBusy):
        client.get_access_token(force_refresh=True)


def test_connection_refused_is_a_transient_error_and_recovers(server, client):
    client.send_text("zhangsan", "before")
    with server.outage("refused"), pytest.raises(WeComUnavailable) as excinfo:
        client.send_text("zhangsan", "during")
    assert excinfo.value.transient and excinfo.value.errcode is None
    client.send_text("zhangsan", "after")
    assert [m["text"]["content"] for m in server.sent_messages] == ["before", "after"]


def test_http_503_is_a_transient_error(server, client):
    client.get_access_token()
    server.start_outage("http503", requests=1)
    with pytest.raises(WeComUnavailable) as excinfo:
        client.send_text("zhangsan", "hi")
    assert excinfo.value.transient and "503" in str(excinfo.value)
    client.send_text("zhangsan", "hi")  # the outage was one request long
    assert len(server.sent_messages) == 1


def test_timeout_is_a_transient_error(server, clock, sleeps):
    with make_client(server, clock, sleeps, timeout=0.3) as impatient:
        impatient.get_access_token()
        server.start_outage("slow", requests=1, delay=1.5)
        with pytest.raises(WeComUnavailable) as excinfo:
            impatient.get_callback_ip()
    assert excinfo.value.transient and "timeout" in str(excinfo.value)


# --- messages ------------------------------------------------------------------------------------------------


def test_invalid_users_are_reported_and_the_others_still_get_the_message(server, client):
    result = client.send_text(["zhangsan", "Ghost_1", "lisi"], "面试提醒")
    assert result.invalid_users == ["ghost_1"]
    assert server.sent_messages[0]["to"] == ["zhangsan", "lisi"]


def test_all_recipients_invalid_is_a_permanent_81013(server, client):
    with pytest.raises(InvalidUser) as excinfo:
        client.send_text("nobody|ghost", "hi")
    assert excinfo.value.errcode == 81013 and excinfo.value.permanent
    assert server.sent_messages == []


def test_long_chinese_text_is_cut_on_a_character_boundary_within_2048_bytes(server, client):
    client.send_text("zhangsan", "面" * 1000)  # 3000 bytes
    delivered = server.sent_messages[0]["text"]["content"]
    assert len(delivered.encode("utf-8")) <= 2048 and delivered == "面" * 682


def test_textcard_is_sent_within_the_documented_limits(server, client):
    description = card_description([("gray", "2025年1月2日"), ("normal", "候选人 <张三>" + "很长" * 300),
                                    ("highlight", "请准时参加")])
    client.send_textcard("iv_wang", title="面试邀请" * 20, description=description,
                         url="https://hr.example.com/i/1", btntxt="查看详情安排")
    card = server.sent_messages[0]["textcard"]
    assert len(card["title"].encode()) <= 128 and len(card["description"].encode()) <= 512
    assert card["description"].startswith('<div class="gray">2025年1月2日</div><div class="normal">候选人 &lt;张三&gt;')
    assert card["description"].endswith("</div>") and card["btntxt"] == "查看详情"


def test_payload_builders_refuse_what_wecom_would_reject():
    with pytest.raises(ValueError):
        textcard_message("u", title="t", description="d", url="ftp://x")
    with pytest.raises(ValueError):
        text_message([], "nobody to send to")
    with pytest.raises(ValueError):
        text_message([f"u{i}" for i in range(1001)], "too many")
    with pytest.raises(ValueError):
        button_card(task_id="has space", title="t", buttons=[CardButton("ok", "k")])
    with pytest.raises(ValueError):
        button_card(task_id="t1", title="t", buttons=[CardButton(str(i), f"k{i}") for i in range(7)])
    with pytest.raises(ValueError):
        button_card(task_id="t1", title="t", buttons=[CardButton("a", "same"), CardButton("b", "same")])


def interview_card(task_id="itv_123_iv_wang"):
    return button_card(
        task_id=task_id, title="面试确认", desc="张三 / 后端工程师", source_desc="HR Portal",
        sub_title_text="2025-01-02 14:00 会议室A", horizontal_content=[("候选人", "张三")],
        url="https://hr.example.com/score/123",
        buttons=[CardButton("确认参加", "confirm:123", 1), CardButton("申请改期", "reschedule:123", 2)],
    )


def test_button_card_response_code_updates_the_card_once(server, client):
    sent = client.send_button_card("iv_wang", interview_card())
    assert sent.response_code
    client.update_template_card(response_code=sent.response_code, userids=["iv_wang"], replace_name="已确认")
    assert server.cards["itv_123_iv_wang"].replaced_button == "已确认"
    with pytest.raises(InvalidParameter):
        client.update_template_card(response_code=sent.response_code, userids=["iv_wang"], replace_name="再次")
    assert len(server.card_updates) == 1


def test_response_code_from_a_button_click_expires_after_72_hours(server, clock, client):
    client.send_button_card("iv_wang", interview_card())
    _xml, click_code = server.template_card_event(userid="iv_wang", task_id="itv_123_iv_wang", key="confirm:123")
    clock.advance(72 * 3600 + 1)
    with pytest.raises(InvalidParameter):
        client.update_template_card(response_code=click_code, userids=["iv_wang"], replace_name="已确认")
    assert server.cards["itv_123_iv_wang"].replaced_button is None


def test_reusing_a_task_id_is_refused(server, client):
    client.send_button_card("iv_wang", interview_card())
    with pytest.raises(TaskIdConflict):
        client.send_button_card("iv_wang", interview_card())


# --- OAuth ---------------------------------------------------------------------------------------------------


def test_getuserinfo_code_works_once(server, client):
    code = server.issue_oauth_code(userid="iv_wang")
    identity = client.get_user_info(code)
    assert identity.userid == "iv_wang" and identity.is_member
    with pytest.raises(InvalidOAuthCode) as excinfo:
        client.get_user_info(code)
    assert excinfo.value.errcode == 40029 and excinfo.value.permanent


def test_getuserinfo_code_expires_after_five_minutes_and_non_members_have_no_userid(server, clock, client):
    stale = server.issue_oauth_code(userid="iv_wang")
    clock.advance(301)
    with pytest.raises(InvalidOAuthCode):
        client.get_user_info(stale)
    outsider = client.get_user_info(server.issue_oauth_code(openid="oABC", external_userid="wmCAND"))
    assert not outsider.is_member and outsider.external_userid == "wmCAND"


# --- customer contact, schedules, callback IPs ---------------------------------------------------------------


def test_customer_group_message_waits_for_the_member_to_confirm(server, client):
    server.add_customer("hr_zhang", "wmCAND1")
    task = client.add_msg_template(sender="hr_zhang", external_userids=["wmCAND1", "wmSTRANGER"], content="面试邀请")
    assert task.fail_list == ["wmSTRANGER"]
    rows, cursor = client.get_groupmsg_send_result(msgid=task.msgid, userid="hr_zhang")
    assert [(r.external_userid, r.status) for r in rows] == [("wmCAND1", GroupSendStatus.NOT_SENT)] and cursor == ""
    server.confirm_group_message(task.msgid)
    rows, _ = client.get_groupmsg_send_result(msgid=task.msgid, userid="hr_zhang")
    assert rows[0].status == GroupSendStatus.SENT and rows[0].send_time


def test_interviewer_schedule_add_update_delete(server, client):
    start = datetime(2025, 1, 2, 14, 0, tzinfo=SHANGHAI)
    schedule = schedule_payload(start=start, end=start + timedelta(hours=1), summary="面试: 张三",
                                attendees=["iv_wang"], location="会议室A")
    schedule_id = client.add_schedule(schedule)
    assert server.schedules[schedule_id]["start_time"] == int(start.timestamp())
    client.update_schedule(schedule_id, {**schedule, "location": "会议室B"})
    assert server.schedules[schedule_id]["location"] == "会议室B"
    client.delete_schedule(schedule_id)
    assert schedule_id not in server.schedules
    with pytest.raises(WeComError):
        client.delete_schedule(schedule_id)


def test_callback_ips(server, client):
    server.callback_ips = ["101.226.103.0", "101.226.62.0"]
    assert client.get_callback_ip() == ["101.226.103.0", "101.226.62.0"]


# --- errors table, logging, configuration --------------------------------------------------------------------


def test_error_table_marks_transient_and_permanent():
    assert error_for(45009).transient and error_for(-1).transient and error_for(42001).transient
    assert error_for(60020).permanent and error_for(81013).permanent and error_for(48002).permanent
    unknown = error_for(99999, "something new")
    assert type(unknown) is WeComError and unknown.permanent and "99999" in str(unknown)


def test_secret_and_token_never_reach_the_logs(server, client, caplog):
    caplog.set_level(logging.DEBUG)
    client.send_text("zhangsan", "hi")
    token = next(iter(server.tokens))
    assert caplog.text  # httpx did log the requests
    assert server.secret not in caplog.text and token not in caplog.text


def test_conf_builds_a_client_for_the_configured_app(server, settings, clock, sleeps):
    for name in ("WECOM_CORP_ID", "WECOM_AGENT_ID", "WECOM_SECRET", "WECOM_TOKEN", "WECOM_ENCODING_AES_KEY"):
        setattr(settings, name, "")
    assert not conf.is_configured() and not conf.callback_configured()
    with pytest.raises(ImproperlyConfigured):
        conf.get_client()
    for name, value in server.django_settings().items():
        setattr(settings, name, value)
    assert conf.is_configured() and conf.callback_configured()
    with conf.get_client(clock=clock, sleep=sleeps.append) as configured:
        assert configured.send_text("zhangsan", "hi").msgid
    params, body = server.build_callback("<xml><MsgType><![CDATA[event]]></MsgType></xml>")
    assert "event" in conf.get_callback_crypto().decrypt_message(body, **params)
    settings.WECOM_AGENT_ID = "not-a-number"
    with pytest.raises(ImproperlyConfigured):
        conf.is_configured()
