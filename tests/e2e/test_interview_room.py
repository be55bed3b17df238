"""Browser journey of the interview room on a phone (375 × 812): an assigned interviewer opens their
interview → sees the round's questions with the rubric → dictates/types notes into a plain textarea (autosaved:
已保存) → the AI panel refreshes with structured notes (a claim with its figures) and a prompt for the
competency still without evidence, and the AI suggestion appears beside — not inside — the human score →
fills the 1–5 scores and the recommendation and submits → the scorecard is locked and the scores reach the
EHR. A second interviewer who is not on the panel is refused with 403. The page never scrolls sideways."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from hrportal.roles import Role
from tests.conftest import make_user
from tests.e2e.test_position_journey import log_in, log_out
from tests.interviews.room_setup import build_interview

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ANSWER = "当时客户因为价格要流失。我主动与客户沟通了6次，协调了售前团队，最终客户续约，续约金额120万元。"


def no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the room is {width}px wide on a 375px phone"


def test_interviewer_takes_notes_sees_ai_help_and_submits_on_a_phone(page: Page, live_server, users, ehr):
    from interviews.models import AISuggestion, NoteSegment, Scorecard
    from recruiting.models import ApplicationCompetencyScore

    room = build_interview(ehr, users)
    interview, comm, drive = room["interview"], room["comm"], room["drive"]
    make_user("iv_zhou", Role.INTERVIEWER)
    page.set_viewport_size({"width": 375, "height": 812})
    room_url = live_server.url + reverse("interviews:room", args=[interview.pk])

    log_in(page, live_server.url, "iv_wang")
    page.goto(room_url)
    expect(page.get_by_role("heading", name="王小明")).to_be_visible()
    expect(page.get_by_role("heading", name="请讲一次你说服关键客户改变决定的经历。")).to_be_visible()
    expect(page.get_by_role("heading", name="如果季度过半业绩只完成三成，你会怎么做？")).to_be_visible()
    question = page.locator(f"#q-{room['rq_comm'].pk}")
    expect(question.locator(".rubric")).to_contain_text("实例完整，结果可量化")
    expect(page.locator("#ai .prompts")).to_contain_text("请评估候选人的结果导向；优秀：超额完成")
    no_sideways_scroll(page)

    # Notes: a plain textarea (the phone keyboard's voice input types into it), saved without a button.
    notes = question.locator("textarea[name=text]")
    notes.click()
    notes.fill(ANSWER)
    expect(question.locator(".save-state")).to_have_text("已保存")
    assert NoteSegment.objects.get(interview=interview).text == ANSWER

    # The AI panel refreshed: the claim with its figures, mapped to 沟通能力; 沟通能力 no longer needs a prompt.
    ai = page.locator("#ai")
    expect(ai.locator(".claims")).to_contain_text("续约金额120万元")
    expect(ai.locator(".chip-fig", has_text="6次")).to_be_visible()
    expect(ai.locator(".prompts")).to_contain_text("请评估候选人的结果导向；优秀：超额完成")
    expect(ai.locator(".prompts")).not_to_contain_text("请评估候选人的沟通能力")
    expect(ai.locator(".star-list")).to_contain_text("第 1 题")

    # The AI suggestion stands beside the 沟通能力 score; the human field stays empty until the human picks.
    suggestion = page.locator(f"#ai-sugg-{comm.pk}")
    expect(suggestion.locator(".ai-value")).to_have_text(str(AISuggestion.objects.get(competency=comm).suggested))
    expect(page.locator(f"input[name=score_{comm.pk}]:checked")).to_have_count(0)
    row = page.locator(f"#submit-score-{comm.pk}")
    scale_box, ai_box = row.locator(".scale").bounding_box(), suggestion.bounding_box()
    assert ai_box["x"] > scale_box["x"] + scale_box["width"] - 1  # beside, to the right of the 1–5 scale
    assert abs(ai_box["y"] - scale_box["y"]) < scale_box["height"] + 40

    # The scorecard: 1–5 per competency with anchors, recommendation, submit.
    expect(row.locator(".anchors")).to_contain_text("善于说服")
    row.locator("label.pip", has_text="4").click()
    page.locator(f"#submit-score-{drive.pk} label.pip", has_text="3").click()
    page.locator("#submit-recommendation").select_option("yes")
    expect(page.locator("#scorecard-submit .save-state")).to_have_text("已保存")
    assert Scorecard.objects.get(interview=interview).status == "draft"
    no_sideways_scroll(page)
    page.get_by_role("button", name="提交评分表").click()

    expect(page.locator(".messages")).to_contain_text("评分表已提交")
    expect(page.locator("#scorecard .submitted-scores")).to_contain_text("沟通能力")
    card = Scorecard.objects.get(interview=interview, interviewer=users["interviewer"])
    assert card.status == "submitted" and card.recommendation == "yes"
    assert {s.competency_id: s.score for s in card.scores.all()} == {comm.pk: 4, drive.pk: 3}
    assert card.scores.get(competency=comm).ai_suggested is not None
    assert ApplicationCompetencyScore.objects.get(
        application=ehr["application"], competency=comm, source="interview"
    ).score == Decimal("4.00")
    no_sideways_scroll(page)

    # A second interviewer, not on this interview's panel, is refused.
    log_out(page)
    log_in(page, live_server.url, "iv_zhou")
    response = page.goto(room_url)
    assert response.status == 403
    expect(page.get_by_role("heading", name="无权访问")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text(re.compile("请讲一次你说服关键客户"))


def test_notes_typed_while_offline_are_saved_when_the_network_returns(page: Page, live_server, users, ehr):
    from interviews.models import NoteSegment

    room = build_interview(ehr, users)
    page.set_viewport_size({"width": 375, "height": 812})
    log_in(page, live_server.url, "iv_wang")
    page.goto(live_server.url + reverse("interviews:room", args=[room["interview"].pk]))
    question = page.locator(f"#q-{room['rq_drive'].pk}")

    page.context.set_offline(True)
    question.locator("textarea[name=text]").fill("我会先把剩余商机按金额排序，集中跟进前20%的大单。")
    expect(question.locator(".save-state")).to_have_text("网络已断开，恢复后自动保存")
    assert not NoteSegment.objects.exists()

    page.context.set_offline(False)
    expect(question.locator(".save-state")).to_have_text("已保存")
    segment = NoteSegment.objects.get()
    assert segment.text == "我会先把剩余商机按金额排序，集中跟进前20%的大单。"
    assert segment.round_question == room["rq_drive"]
