"""Small steps the browser journeys share (one home: the login step of the test users' known passwords)."""

from __future__ import annotations

import re

from django.urls import reverse
from playwright.sync_api import Page, expect


def log_in(page: Page, base_url: str, username: str) -> None:
    """Sign in through the login page as a user made by the test fixtures (password ``pw-<username>-123456``)."""
    page.goto(base_url + reverse("login"))
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("pw-" + username + "-123456")
    page.get_by_role("button", name="登录").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
