"""Issue 14 item 6: a Content-Security-Policy (django-csp) that the pages pass with no inline-script exception.
Scripts come only from our static files; no template carries an inline <script>, an on*= handler, a
javascript: URL or an htmx expression that htmx would have to eval."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted((ROOT / "templates").rglob("*.html"))


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in (p.strip() for p in header.split(";")) if part}


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["dashboard", "recruiting:candidate_list", "recruiting:intake", "wecom:message_log"])
def test_pages_carry_a_policy_without_inline_script_or_eval(client, users, name):
    client.force_login(users["hr"])
    response = client.get(reverse(name))
    assert response.status_code == 200
    policy = _policy(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in policy["style-src"]  # only style attributes, see settings


def test_the_login_page_has_the_policy(client, db):
    assert "script-src 'self'" in client.get(reverse("login"))["Content-Security-Policy"]


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT / "templates")))
def test_no_template_needs_an_inline_script_exception(path):
    text = path.read_text(encoding="utf-8")
    inline_scripts = [m for m in re.finditer(r"<script\b([^>]*)>", text, re.I) if "src=" not in m.group(1)
                      and 'type="application/json"' not in m.group(1)]
    assert not inline_scripts, "inline <script>: move it into static/js"
    assert not re.search(r"\son[a-z]+\s*=", text, re.I), "event-handler attribute: bind it in static/js"
    assert "javascript:" not in text.lower()
    assert not re.search(r'hx-trigger="[^"]*\[', text), "an hx-trigger filter is eval'd by htmx"
    assert "hx-on" not in text and 'hx-vals="js:' not in text


def test_htmx_eval_is_off():
    assert '"allowEval":false' in (ROOT / "templates" / "base.html").read_text(encoding="utf-8")
