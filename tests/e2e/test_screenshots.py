"""Screenshot check of the main pages (issue 20 item 5): the demo company (small), each page as the role that
uses it, at 1366 px and 375 px wide, in Chinese and English. Every page is saved as a screenshot in a temporary
directory (kept out of the repository; ``HRPORTAL_SCREENSHOTS`` names another) and must have

- no horizontal overflow: ``document.documentElement.scrollWidth <= window.innerWidth + 1``;
- no text cut off: no visible element with its own text whose box clips it (``overflow`` hidden/clip, or
  ``text-overflow: ellipsis``) while ``scrollWidth > clientWidth + 1``. Boxes meant to scroll (``overflow``
  auto/scroll, tables inside ``.table-scroll``), form controls and visually hidden labels (``.sr-only``, 1×1 px)
  are not checked.

One browser context per viewport and language; roles change by signing in again in that context.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import Page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "mobile": {"width": 375, "height": 740}}
LANGUAGES = ("zh-hans", "en")

PROBLEMS_JS = """() => {
  const problems = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > window.innerWidth + 1) {
    problems.push(`page ${doc.scrollWidth}px wide in a ${window.innerWidth}px window`);
  }
  const skip = new Set(["INPUT", "SELECT", "TEXTAREA", "OPTION", "SCRIPT", "STYLE", "svg", "SVG"]);
  for (const el of document.body.querySelectorAll("*")) {
    if (skip.has(el.tagName) || el.closest("svg") || el.closest(".table-scroll")) continue;
    const own = Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    const style = getComputedStyle(el);
    if (style.display === "none" || style.visibility === "hidden") continue;
    const rect = el.getBoundingClientRect();
    if (rect.width <= 2 || rect.height <= 2) continue;  // visually hidden on purpose (.sr-only: 1×1 px, clipped)
    const clips = ["hidden", "clip"].includes(style.overflowX) || style.textOverflow === "ellipsis";
    if (!clips || ["auto", "scroll"].includes(style.overflowX)) continue;
    if (el.scrollWidth > el.clientWidth + 1) {
      const text = el.textContent.trim().replace(/\\s+/g, " ").slice(0, 40);
      problems.push(`text cut off in <${el.tagName.toLowerCase()} class="${el.className}">: ${text}`);
    }
  }
  // elements wider than the window that push the page (the usual culprit of horizontal overflow)
  if (doc.scrollWidth > window.innerWidth + 1) {
    for (const el of document.body.querySelectorAll("*")) {
      const r = el.getBoundingClientRect();
      if (r.right > window.innerWidth + 1 && !el.closest(".table-scroll") && getComputedStyle(el).position !== "fixed") {
        let scroller = el.parentElement, inside = false;
        while (scroller) { if (["auto", "scroll", "hidden"].includes(getComputedStyle(scroller).overflowX)) { inside = true; break; } scroller = scroller.parentElement; }
        if (!inside) { problems.push(`wider than the window: <${el.tagName.toLowerCase()} class="${el.className}"> right=${Math.round(r.right)}`); break; }
      }
    }
  }
  return problems;
}"""


# On a wide screen every navigation item is in view (the strip's scrollbar is hidden, so a cut item has no cue).
NAV_CUT_JS = """() => { const nav = document.querySelector(".mainnav");
  return !!nav && nav.scrollWidth > nav.clientWidth + 1; }"""


@pytest.fixture
def demo_company(settings, live_server):
    settings.PORTAL_BASE_URL = live_server.url
    settings.REDIS_URL = ""
    quiet = {"stdout": io.StringIO(), "stderr": io.StringIO()}
    call_command("seed_demo", "--small", "--allow-demo-accounts", **quiet)
    call_command("seed_demo_interviews", **quiet)
    call_command("seed_demo_payroll", **quiet)
    call_command("seed_demo_feedback", **quiet)


def _pages() -> list[tuple[str, str, str]]:
    """(role, name, path) of the main pages, grouped by role."""
    from django.contrib.auth import get_user_model

    from interviews.models import Interview, Scorecard
    from recruiting.models import Application, Candidate, Position

    interviewer = get_user_model().objects.get(username="interviewer")
    position = Position.objects.filter(applications__isnull=False).order_by("id").first()
    candidate = Candidate.objects.filter(applications__position=position).order_by("id").first()
    room = Interview.objects.filter(assignments__interviewer=interviewer).order_by("starts_at").first()
    scored = Scorecard.objects.filter(status=Scorecard.Status.SUBMITTED).select_related("interview").first()
    decided = scored.interview.application if scored else Application.objects.order_by("id").first()
    return [
        ("", "careers", reverse("recruiting:careers_list")),
        ("hr", "dashboard", reverse("dashboard")),
        ("hr", "position_list", reverse("recruiting:position_list")),
        ("hr", "position_detail", reverse("recruiting:position_detail", args=[position.pk])),
        ("hr", "candidate_list", reverse("recruiting:candidate_list")),
        ("hr", "candidate_detail", reverse("recruiting:candidate_detail", args=[candidate.pk])),
        ("hr", "board", reverse("recruiting:application_board")),
        ("hr", "screening_results", reverse("recruiting:screening_results", args=[position.pk])),
        ("hr", "schedule", reverse("interviews:schedule")),
        ("hr", "calibration", reverse("interviews:calibration")),
        ("hr", "decision", reverse("interviews:decision", args=[decided.pk])),
        ("hr", "offers", reverse("payroll:offer_list")),
        ("hr", "survey_report", reverse("interviews:survey_report")),
        ("finance", "payroll_runs", reverse("payroll:run_list")),
        ("interviewer", "dashboard_interviewer", reverse("dashboard")),
        ("interviewer", "room", reverse("interviews:room", args=[room.pk])),
        ("interviewer", "sandbox_phone", reverse("wecom:sandbox_phone", kwargs={"kind": "user", "pk": interviewer.pk})),
    ]


def _sign_in(page: Page, base: str, username: str) -> None:
    from recruiting.demo.seed import DEMO_PASSWORD

    page.context.clear_cookies()
    page.goto(base + reverse("login"))
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"^(?!.*/accounts/login/)"))


def test_main_pages_have_no_horizontal_overflow_and_no_cut_off_text(page: Page, live_server, demo_company):
    from django.conf import settings

    base = live_server.url
    out = Path(os.environ.get("HRPORTAL_SCREENSHOTS") or tempfile.mkdtemp(prefix="hrportal-screens-"))
    out.mkdir(parents=True, exist_ok=True)
    pages = _pages()
    browser = page.context.browser
    problems: list[str] = []
    for viewport_name, viewport in VIEWPORTS.items():
        for language in LANGUAGES:
            context = browser.new_context(viewport=viewport, locale="zh-CN", timezone_id="Asia/Shanghai",
                                          is_mobile=viewport_name == "mobile", has_touch=viewport_name == "mobile")
            tab = context.new_page()
            tab.set_default_timeout(20_000)
            role = None
            try:
                for page_role, name, path in pages:
                    if page_role != role:
                        if page_role:
                            _sign_in(tab, base, page_role)
                        else:
                            context.clear_cookies()
                        role = page_role
                    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base}])
                    response = tab.goto(base + path + ("?lang=en" if name == "careers" and language == "en" else ""))
                    assert response is not None and response.status == 200, (name, path, response and response.status)
                    tab.wait_for_load_state("load")
                    tab.screenshot(path=str(out / f"{viewport_name}-{language}-{name}.png"), full_page=True)
                    problems += [f"{viewport_name} {language} {name}: {p}" for p in tab.evaluate(PROBLEMS_JS)]
                    if viewport_name == "desktop" and tab.evaluate(NAV_CUT_JS):  # its scrollbar is hidden
                        problems.append(f"{viewport_name} {language} {name}: navigation items cut off")
            finally:
                context.close()
    print(f"screenshots in {out}")
    assert problems == [], "\n".join(problems)
