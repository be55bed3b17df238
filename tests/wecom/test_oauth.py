"""WeCom OAuth2 login: the card's link signs the interviewer in on their phone and lands in the room.

WeCom itself is the fake server (real HTTP on loopback): ``issue_oauth_code`` hands out codes that work once
and for five minutes, as ``auth/getuserinfo`` does. The browser's trip through open.weixin.qq.com is played
by reading the authorize URL and calling our redirect_uri with the code and the state WeCom would append.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.urls import reverse

from recruiting.models import Department, Employee
from tests.interviews.schedule_builders import at, book, make_round
from wecom.oauth import services as oauth

WECOM_UA = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
            "Mobile/15E148 wxwork/4.1.22 MicroMessenger/7.0.1 Language/zh ColorScheme/Light")
DESKTOP_UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"


@pytest.fixture
def wecom_on(settings, fake_wecom):
    """The portal configured against the fake WeCom server."""
    for name, value in fake_wecom.django_settings().items():
        setattr(settings, name, value)
    settings.PORTAL_BASE_URL = "https://hr.example.com"
    cache.clear()  # access tokens are cached per corp + secret; every fake server is a new WeCom
    yield fake_wecom
    cache.clear()


def link_employee(user, userid: str) -> Employee:
    dept, _ = Department.objects.get_or_create(code="OAUTH", defaults={"name": "授权测试部"})
    return Employee.objects.create(
        employee_no=f"E-{userid}"[:20], name=userid, department=dept, hire_date="2022-01-01", wecom_userid=userid,
        user=user,
    )


@pytest.fixture
def interview(ehr, users):
    ehr["application"].set_stage("screening", by=users["hr"])
    ehr["application"].set_stage("shortlisted", by=users["hr"])
    return book(ehr["application"], make_round(ehr, users), at(10), interviewers=[users["interviewer"]],
                organizer=users["hr"])


def state_of(url: str) -> str:
    return parse_qs(urlsplit(url).query)["state"][0]


def wecom_redirect(client, url: str, code: str, **headers):
    """What WeCom does after the member opened ``url``: send the browser to redirect_uri?code=…&state=…."""
    query = parse_qs(urlsplit(url).query)
    redirect_uri = urlsplit(query["redirect_uri"][0])
    return client.get(redirect_uri.path, {"code": code, "state": query["state"][0]}, **headers)


def logged_in_user_id(client):
    return client.session.get(SESSION_KEY)


# --- the link in the card -------------------------------------------------------------------------------


def test_room_link_is_wecoms_authorize_url_when_configured(wecom_on, interview, users):
    url = oauth.room_link(interview, user=users["interviewer"])
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "open.weixin.qq.com", "/connect/oauth2/authorize")
    assert parts.fragment == "wechat_redirect"
    assert query["appid"] == wecom_on.corp_id
    assert query["agentid"] == str(wecom_on.agent_id)
    assert query["response_type"] == "code" and query["scope"] == "snsapi_base"
    assert query["redirect_uri"] == "https://hr.example.com" + reverse("wecom:oauth_callback")
    assert query["state"].isalnum() and len(query["state"]) <= 128


def test_room_link_is_the_plain_room_url_without_wecom(settings, interview):
    settings.PORTAL_BASE_URL = "http://127.0.0.1:8000"
    assert oauth.room_link(interview) == "http://127.0.0.1:8000" + reverse("interviews:room", args=[interview.pk])


@pytest.mark.django_db
def test_valid_code_signs_the_interviewer_in_and_lands_in_the_room(client, wecom_on, interview, users):
    link_employee(users["interviewer"], "iv_wang")
    url = oauth.room_link(interview, user=users["interviewer"])
    response = wecom_redirect(client, url, wecom_on.issue_oauth_code(userid="iv_wang"), HTTP_USER_AGENT=WECOM_UA)
    room = reverse("interviews:room", args=[interview.pk])
    assert response.status_code == 302 and response["Location"] == room
    assert str(logged_in_user_id(client)) == str(users["interviewer"].pk)
    assert client.get(room, HTTP_USER_AGENT=WECOM_UA).status_code == 200
    assert len(wecom_on.calls("auth/getuserinfo")) == 1


@pytest.mark.django_db
def test_a_reused_code_asks_to_reopen_the_link_instead_of_failing(client, wecom_on, interview, users):
    link_employee(users["interviewer"], "iv_wang")
    url = oauth.room_link(interview, user=users["interviewer"])
    code = wecom_on.issue_oauth_code(userid="iv_wang")
    assert wecom_redirect(client, url, code).status_code == 302
    client.logout()

    response = wecom_redirect(client, url, code)
    assert response.status_code == 400
    assert "重新点开消息中的链接" in response.content.decode()
    assert logged_in_user_id(client) is None
    assert [c.errcode for c in wecom_on.calls("auth/getuserinfo")] == [0, 40029]


@pytest.mark.django_db
def test_a_code_older_than_five_minutes_is_refused_with_the_same_page(client, wecom_on, interview, users):
    link_employee(users["interviewer"], "iv_wang")
    url = oauth.room_link(interview, user=users["interviewer"])
    code = wecom_on.issue_oauth_code(userid="iv_wang")
    wecom_on.clock.advance(5 * 60 + 1)
    response = wecom_redirect(client, url, code)
    assert response.status_code == 400 and "5 分钟内有效" in response.content.decode()
    assert logged_in_user_id(client) is None


@pytest.mark.django_db
def test_a_member_without_a_portal_account_is_refused(client, wecom_on, interview, users):
    # zhangsan is a member of the corp but no employee record carries that userid
    response = wecom_redirect(client, oauth.room_link(interview), wecom_on.issue_oauth_code(userid="zhangsan"))
    assert response.status_code == 403
    assert "没有可用的门户账号" in response.content.decode()
    assert logged_in_user_id(client) is None


@pytest.mark.django_db
def test_a_wechat_user_who_is_not_a_member_is_refused(client, wecom_on, interview):
    code = wecom_on.issue_oauth_code(openid="oAbCdEf123", external_userid="wmXyZ")
    response = wecom_redirect(client, oauth.room_link(interview), code)
    assert response.status_code == 403 and logged_in_user_id(client) is None


@pytest.mark.django_db
def test_an_employee_who_has_left_is_refused(client, wecom_on, interview, users):
    employee = link_employee(users["interviewer"], "iv_wang")
    employee.leave_date = "2020-01-01"
    employee.save()
    response = wecom_redirect(client, oauth.room_link(interview), wecom_on.issue_oauth_code(userid="iv_wang"))
    assert response.status_code == 403 and logged_in_user_id(client) is None


@pytest.mark.django_db
def test_a_link_opened_by_someone_else_does_not_sign_them_in(client, wecom_on, interview, users):
    link_employee(users["interviewer"], "iv_wang")
    link_employee(users["hr"], "hr_zhang")
    url = oauth.room_link(interview, user=users["interviewer"])
    response = wecom_redirect(client, url, wecom_on.issue_oauth_code(userid="hr_zhang"))
    assert response.status_code == 403
    assert "发给其他同事" in response.content.decode()
    assert logged_in_user_id(client) is None


# --- state: CSRF and open redirects -----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_tampered_link_state_is_refused_before_the_code_is_spent(client, wecom_on, interview, users):
    link_employee(users["interviewer"], "iv_wang")
    state = state_of(oauth.room_link(interview, user=users["interviewer"]))
    evil_path = b"/admin/".hex()
    forged = "l" + evil_path + state[state.index("u"):]
    code = wecom_on.issue_oauth_code(userid="iv_wang")
    response = client.get(reverse("wecom:oauth_callback"), {"code": code, "state": forged})
    assert response.status_code == 400 and logged_in_user_id(client) is None
    assert wecom_on.calls("auth/getuserinfo") == []


def test_a_link_state_cannot_carry_another_site():
    for target in ("https://evil.example/phish", "//evil.example/phish", "evil.example"):
        with pytest.raises(ValueError):
            oauth.link_state(target)


@pytest.mark.django_db
def test_a_session_state_this_browser_did_not_start_is_refused(client, wecom_on, users):
    """Login CSRF: an attacker's code with a nonce from the attacker's own session does not log the victim in."""
    link_employee(users["interviewer"], "iv_wang")
    attacker = client.__class__()
    authorize = attacker.get("/", HTTP_USER_AGENT=WECOM_UA)["Location"]
    code = wecom_on.issue_oauth_code(userid="iv_wang")
    response = wecom_redirect(client, authorize, code)  # the victim's browser, another session
    assert response.status_code == 400 and logged_in_user_id(client) is None


@pytest.mark.django_db
def test_the_login_round_trip_returns_only_to_pages_of_this_site(client, wecom_on, users):
    link_employee(users["interviewer"], "iv_wang")
    login_page = reverse("login")
    authorize = client.get(login_page, {"next": "https://evil.example/phish"}, HTTP_USER_AGENT=WECOM_UA)["Location"]
    assert authorize.startswith(oauth.AUTHORIZE_URL)
    response = wecom_redirect(client, authorize, wecom_on.issue_oauth_code(userid="iv_wang"))
    assert response.status_code == 302 and response["Location"] == reverse("dashboard")
    assert str(logged_in_user_id(client)) == str(users["interviewer"].pk)


@pytest.mark.django_db
def test_a_session_state_works_once(client, wecom_on, users):
    link_employee(users["interviewer"], "iv_wang")
    authorize = client.get(reverse("interviews:schedule"), HTTP_USER_AGENT=WECOM_UA)["Location"]
    first = wecom_redirect(client, authorize, wecom_on.issue_oauth_code(userid="iv_wang"))
    assert first.status_code == 302 and first["Location"] == reverse("interviews:schedule")
    client.logout()
    again = wecom_redirect(client, authorize, wecom_on.issue_oauth_code(userid="iv_wang"))
    assert again.status_code == 400 and logged_in_user_id(client) is None


# --- the login provider -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_provider_claims_only_the_wecom_browser(client, wecom_on, interview):
    room = reverse("interviews:room", args=[interview.pk])
    inside = client.get(room, HTTP_USER_AGENT=WECOM_UA)
    assert inside.status_code == 302 and inside["Location"].startswith(oauth.AUTHORIZE_URL)
    assert parse_qs(urlsplit(inside["Location"]).query)["redirect_uri"] == [
        "http://testserver" + reverse("wecom:oauth_callback")
    ]
    for headers in ({"HTTP_USER_AGENT": DESKTOP_UA}, {}):
        outside = client.get(room, **headers)
        assert outside.status_code == 302 and outside["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_the_login_page_sends_the_wecom_browser_to_oauth_and_keeps_a_password_escape(client, wecom_on):
    login_page = reverse("login")
    assert client.get(login_page, HTTP_USER_AGENT=WECOM_UA)["Location"].startswith(oauth.AUTHORIZE_URL)
    assert client.get(login_page, HTTP_USER_AGENT=DESKTOP_UA).status_code == 200
    escape = client.get(login_page, {"local": "1"}, HTTP_USER_AGENT=WECOM_UA)
    assert escape.status_code == 200 and "密码" in escape.content.decode()


@pytest.mark.django_db
def test_without_wecom_the_wecom_browser_gets_the_password_login(client, interview):
    room = reverse("interviews:room", args=[interview.pk])
    response = client.get(room, HTTP_USER_AGENT=WECOM_UA)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert client.get(reverse("login"), HTTP_USER_AGENT=WECOM_UA).status_code == 200
    assert client.get(reverse("wecom:oauth_callback"), {"code": "x", "state": "y"}).status_code == 404


@pytest.mark.django_db
def test_wecom_unreachable_is_a_retry_page_not_a_server_error(client, wecom_on, interview, users):
    link_employee(users["interviewer"], "iv_wang")
    url = oauth.room_link(interview, user=users["interviewer"])
    code = wecom_on.issue_oauth_code(userid="iv_wang")
    with wecom_on.outage("refused"):
        response = wecom_redirect(client, url, code)
    assert response.status_code == 503 and "稍后" in response.content.decode()
    assert logged_in_user_id(client) is None
