"""Security review of the WeCom entry points reached without a portal session or from outside: the candidate's
self-service link, the OAuth return, the sandbox's self-POST and the callback endpoint.

Most tests here pin down a problem the review found and fixed (they fail on the code before the fix); the ones
marked "guard" keep a property the review checked and found in place.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from interviews.models import InterviewStatus
from tests.wecom.invitation_setup import interview, sandbox  # noqa: F401 - fixtures
from tests.wecom.test_callback import fake as callback_fake  # noqa: F401 - fixture
from tests.wecom.test_callback import text_xml
from tests.wecom.test_oauth import WECOM_UA, link_employee, logged_in_user_id, wecom_on, wecom_redirect  # noqa: F401
from tests.wecom.test_sandbox import card_payload, deliver
from tests.wecom.test_sandbox import link_employee as sandbox_employee
from wecom.invitations import replies
from wecom.invitations import services as invitations
from wecom.messages import links
from wecom.messages.templates import InvitationOptions
from wecom.models import CallbackEvent, InboundReply, OutboxMessage
from wecom.oauth import services as oauth

pytestmark = pytest.mark.django_db


def link_of(interview) -> str:  # noqa: F811
    return reverse("wecom:candidate_link", kwargs={"token": links.make_token(interview)})


@pytest.fixture
def invited(sandbox, interview, users):  # noqa: F811
    invitations.send_invitations(interview=interview, by=users["hr"], options=InvitationOptions())
    return interview


# --- the candidate's link ---------------------------------------------------------------------------------


def test_no_question_reaches_hr_once_the_interview_is_cancelled(client, invited, users):
    url = link_of(invited)
    invited.set_status(InterviewStatus.CANCELLED, by=users["hr"], reason="岗位暂停")
    client.post(url, {"action": "question", "text": "还有机会吗？"})
    assert not InboundReply.objects.filter(interview=invited, kind=InboundReply.Kind.QUESTION).exists()
    assert not OutboxMessage.objects.filter(interview=invited, kind="question").exists()


def test_a_link_holder_cannot_flood_hr_with_questions(client, invited):
    url = link_of(invited)
    for n in range(replies.QUESTIONS_PER_INTERVIEW + 5):
        client.post(url, {"action": "question", "text": f"问题 {n}"})
    assert InboundReply.objects.filter(interview=invited, kind=InboundReply.Kind.QUESTION).count() == (
        replies.QUESTIONS_PER_INTERVIEW
    )
    assert OutboxMessage.objects.filter(interview=invited, kind="question").count() == replies.QUESTIONS_PER_INTERVIEW
    response = client.post(url, {"action": "question", "text": "再问一个"}, follow=True)
    assert "请直接联系" in response.content.decode()


def test_guard_markup_in_a_question_stays_text_and_the_page_is_not_indexed(client, invited, users):
    url = link_of(invited)
    page = client.get(url)
    assert page["X-Robots-Tag"] == "noindex" and '<meta name="robots" content="noindex">' in page.content.decode()
    client.post(url, {"action": "question", "text": '<script>alert(1)</script><a href="javascript:x">看</a>'})
    forwarded = OutboxMessage.objects.get(interview=invited, kind="question")
    assert "<script>" not in forwarded.data["textcard"]["description"]
    assert "&lt;script&gt;" in forwarded.data["textcard"]["description"]
    client.force_login(users["hr"])
    html = client.get(reverse("interviews:interview_detail", args=[invited.pk])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html


# --- OAuth ------------------------------------------------------------------------------------------------


def test_guard_an_oauth_login_gets_a_new_session_key(client, wecom_on, users):  # noqa: F811
    link_employee(users["interviewer"], "iv_wang")
    authorize = client.get(reverse("interviews:schedule"), HTTP_USER_AGENT=WECOM_UA)["Location"]
    before = client.session.session_key
    assert before  # the pending state lives in this (anonymous) session
    response = wecom_redirect(client, authorize, wecom_on.issue_oauth_code(userid="iv_wang"))
    assert response.status_code == 302
    assert str(logged_in_user_id(client)) == str(users["interviewer"].pk)
    assert client.session.session_key != before


def test_guard_a_disabled_account_is_not_signed_in(client, wecom_on, users):  # noqa: F811
    link_employee(users["interviewer"], "iv_wang")
    users["interviewer"].is_active = False
    users["interviewer"].save()
    link = oauth.oauth_link(reverse("interviews:schedule"), user=users["interviewer"])
    response = wecom_redirect(client, link, wecom_on.issue_oauth_code(userid="iv_wang"))
    assert response.status_code == 403 and logged_in_user_id(client) is None


# --- the sandbox's self-POST ------------------------------------------------------------------------------


class _Recorder(ThreadingHTTPServer):
    """A loopback HTTP server that answers 200 and remembers the paths it was sent."""

    def __init__(self):
        self.paths: list[str] = []
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's naming
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                recorder.paths.append(self.path)
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.shutdown()
        self.server_close()


def test_the_host_header_does_not_choose_where_the_sandbox_posts(client, users, settings):
    """127.0.0.1 is an allowed host; its port is not checked by ALLOWED_HOSTS, so ``Host: 127.0.0.1:<port>``
    used to send the sandbox's POST (and its answer's status) to any port of the machine."""
    settings.WECOM_SANDBOX_CALLBACK_URL = ""
    settings.ALLOWED_HOSTS = ["127.0.0.1", "testserver"]
    sandbox_employee(users["interviewer"], "iv_wang")
    card = deliver(card_payload(), user=users["interviewer"])
    client.force_login(users["interviewer"])
    with _Recorder() as portal, _Recorder() as elsewhere:
        settings.PORTAL_BASE_URL = portal.origin
        response = client.post(
            reverse("wecom:sandbox_action"), {"action": "press", "message": card.pk, "key": "accept:1:1"},
            HTTP_HOST=elsewhere.origin.removeprefix("http://"),
        )
    assert response.status_code == 302
    assert elsewhere.paths == []
    assert [p.split("?")[0] for p in portal.paths] == [reverse("wecom:callback")]


# --- the callback endpoint --------------------------------------------------------------------------------


@pytest.mark.parametrize("timestamp", ["²", "١٢٣٤٥", "1" * 5000])
def test_a_timestamp_that_is_not_ascii_digits_is_a_bad_request(client, callback_fake, timestamp):  # noqa: F811
    params, body = callback_fake.build_callback(text_xml(callback_fake))
    params["timestamp"] = timestamp
    response = client.post(f"{reverse('wecom:callback')}?{urlencode(params)}", data=body, content_type="text/xml")
    assert response.status_code == 400
    assert CallbackEvent.objects.count() == 0

