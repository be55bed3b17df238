"""Notes that could not be saved (the phone lost its network) wait in the browser for a retry — under a key of
that person and that interview, so a second panel member on the same shared tablet never gets them restored
into their form, and logging out clears them."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.e2e.test_position_journey import log_in, log_out
from tests.interviews.room_setup import build_interview

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

KEYS = "Object.keys(window.localStorage).filter(k => k.startsWith('hrportal.room.'))"


def test_unsaved_notes_are_kept_per_person_and_forgotten_at_logout(page: Page, live_server, users, ehr):
    from interviews.models import NoteSegment

    room = build_interview(ehr, users)  # panel: iv_wang and mgr_li
    interview = room["interview"]
    page.set_viewport_size({"width": 375, "height": 812})
    log_in(page, live_server.url, "iv_wang")
    page.goto(live_server.url + reverse("interviews:room", args=[interview.pk]))

    page.context.set_offline(True)
    notes = page.locator(f"#q-{room['rq_comm'].pk} textarea[name=text]")
    notes.fill("离线时记下的回答：主导过3个项目。")
    expect(page.locator(f"#q-{room['rq_comm'].pk} .save-state")).not_to_have_text("已保存")
    # Polled from here: wait_for_function evaluates its predicate with eval, which the portal's CSP forbids.
    for _ in range(100):
        if page.evaluate(KEYS):
            break
        page.wait_for_timeout(100)
    assert page.evaluate(KEYS) == [f"hrportal.room.{users['interviewer'].pk}.{interview.pk}"]

    page.context.set_offline(False)  # the retry delivers it
    expect(page.locator(f"#q-{room['rq_comm'].pk} .save-state")).to_have_text("已保存", timeout=40_000)
    assert NoteSegment.objects.get(interview=interview).text == "离线时记下的回答：主导过3个项目。"

    # Something still waiting (e.g. from another interview) is forgotten when this person logs out.
    page.evaluate(f"window.localStorage.setItem('hrportal.room.{users['interviewer'].pk}.999', '{{\"x\": 1}}')")
    log_out(page)
    assert page.evaluate(KEYS) == []

    # The next person on this device starts with an empty form.
    log_in(page, live_server.url, "mgr_li")
    page.goto(live_server.url + reverse("interviews:room", args=[interview.pk]))
    expect(page.locator(f"#q-{room['rq_comm'].pk} textarea[name=text]")).to_have_value("")
