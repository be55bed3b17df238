"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

- Chromium is Debian's ``/usr/bin/chromium`` (Playwright's own browser download does not work on the
  project machines); without it every test in this folder is skipped with the reason below, and
  ``.ci/run`` installs it so CI always runs them.
- Playwright's sync API runs an asyncio event loop in the test thread. Django refuses database calls
  while a loop runs, so ``DJANGO_ALLOW_ASYNC_UNSAFE`` is set while a browser test runs, and only then
  (left in the environment it would leak into subprocesses of other tests, and ``check --deploy``
  rejects it). For the same reason the ``page`` fixture below starts and stops its own Playwright and
  browser per test instead of pytest-playwright's session-wide ones: a loop left running after the
  test would break every later database test. Use ``page`` (not ``browser``/``context``) in tests here.
- Every test here is marked ``e2e`` (``-m "not e2e"`` leaves them out) and, when it fails, leaves a
  full-page screenshot in ``test-results/``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("HRPORTAL_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SKIP_REASON = f"browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium; .ci/run installs it)"
HERE = Path(__file__).resolve().parent
RESULTS = HERE.parent.parent / "test-results"
_PREVIOUS_ASYNC_UNSAFE = pytest.StashKey[str | None]()
_CALL_REPORT = pytest.StashKey[pytest.TestReport]()


def _is_browser_test(item) -> bool:
    return HERE in Path(str(item.path)).resolve().parents


def pytest_collection_modifyitems(config, items):
    chromium_present = CHROMIUM.exists() and os.access(CHROMIUM, os.X_OK)
    for item in items:
        if not _is_browser_test(item):
            continue
        item.add_marker(pytest.mark.e2e)
        if not chromium_present:
            item.add_marker(pytest.mark.skip(reason=SKIP_REASON))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item):
    if _is_browser_test(item):
        item.stash[_PREVIOUS_ASYNC_UNSAFE] = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    yield
    if _PREVIOUS_ASYNC_UNSAFE in item.stash:
        previous = item.stash[_PREVIOUS_ASYNC_UNSAFE]
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when == "call":
        item.stash[_CALL_REPORT] = report


@pytest.fixture(scope="session")
def browser_type_launch_args():
    """Launch options for Debian's Chromium (also used by pytest-playwright's fixtures, if ever requested)."""
    return {"executable_path": str(CHROMIUM), "args": CHROMIUM_FLAGS, "headless": True}


@pytest.fixture
def page(request, browser_type_launch_args):
    """A fresh Chromium page (zh-CN, Asia/Shanghai); Playwright and the browser stop after the test."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**browser_type_launch_args)
        context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(15_000)
        try:
            yield page
        finally:
            report = request.node.stash.get(_CALL_REPORT, None)
            if report is not None and report.failed:
                RESULTS.mkdir(exist_ok=True)
                name = re.sub(r"[^A-Za-z0-9_.-]+", "-", request.node.nodeid)[-150:]
                try:
                    page.screenshot(path=str(RESULTS / f"{name}.png"), full_page=True)
                except Exception as exc:  # a crashed page must not hide the test's own failure
                    print(f"could not save a screenshot: {exc}")
            context.close()
            browser.close()
            # While Playwright's event loop runs, the test body's ORM calls get a database connection of their own
            # (Django keeps connections in an asgiref Local, which is per context while a loop runs); close it
            # here, still inside that context, or it stays open and PostgreSQL refuses to drop the test
            # database at the end of the run ("is being accessed by other users").
            from django.db import connections

            connections.close_all()
