"""AI answer scoring in the room: a suggestion per competency from the interviewer's own notes, shown beside
the human score (never in it), recalibrated by the active model, snapshotted at submit; and the AI notes
panel with claims, STAR completeness and prompts quoting the rubric."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from interviews.engine import ENGINE_VERSION
from interviews.models import AISuggestion, RecalibrationModel
from interviews.room.services import ScoreInput, save_note_segment, save_scorecard_draft, submit_scorecard
from tests.interviews.room_setup import STRONG_ANSWER, WEAK_ANSWER, build_interview, full_scores

pytestmark = pytest.mark.django_db


@pytest.fixture
def room(ehr, users):
    return build_interview(ehr, users)


def note(room, user, text, client_id="n1", rq="rq_comm"):
    return save_note_segment(interview=room["interview"], author=user, client_id=client_id, text=text,
                             round_question_id=room[rq].pk if rq else None)


def score_row(html: str, competency_id: int) -> str:
    match = re.search(rf'<div class="score-row[^"]*" id="submit-score-{competency_id}">(.*?)</textarea>', html, re.S)
    assert match, "score row not found"
    return match.group(1)


def test_a_strong_answer_is_suggested_higher_than_a_weak_one(users, room):
    note(room, users["interviewer"], STRONG_ANSWER)
    note(room, users["manager"], WEAK_ANSWER)
    strong = AISuggestion.objects.get(interviewer=users["interviewer"], competency=room["comm"])
    weak = AISuggestion.objects.get(interviewer=users["manager"], competency=room["comm"])
    assert strong.suggested >= 4
    assert weak.suggested <= 2
    assert strong.engine_version == ENGINE_VERSION
    assert 0 < strong.confidence <= 1
    kinds = {span[3] for span in strong.evidence}
    assert {"percent", "money", "keyword", "result"} <= kinds
    # no suggestion for a competency without notes
    assert not AISuggestion.objects.filter(interviewer=users["interviewer"], competency=room["drive"]).exists()


def test_the_suggestion_is_shown_beside_the_human_score_and_may_differ(client, users, room):
    user = users["interviewer"]
    note(room, user, STRONG_ANSWER)
    save_scorecard_draft(interview=room["interview"], interviewer=user, scores=[ScoreInput(room["comm"].pk, 2, "")])
    client.force_login(user)
    html = client.get(reverse("interviews:room", args=[room["interview"].pk])).content.decode()
    row = score_row(html, room["comm"].pk)
    suggested = AISuggestion.objects.get(interviewer=user, competency=room["comm"]).suggested
    assert f'data-ai-suggested="{suggested}"' in row
    assert f'name="score_{room["comm"].pk}" value="2" checked' in row  # the human's 2 …
    assert suggested != 2  # … beside the AI's own, different value
    assert "<mark>20%</mark>" in row


def test_the_suggestion_is_never_prefilled_into_the_human_field(client, users, room):
    note(room, users["interviewer"], STRONG_ANSWER)
    client.force_login(users["interviewer"])
    html = client.get(reverse("interviews:room", args=[room["interview"].pk])).content.decode()
    row = score_row(html, room["comm"].pk)
    assert "data-ai-suggested" in row
    assert "checked" not in row


def test_unchanged_notes_do_not_recompute(users, room):
    user = users["interviewer"]
    note(room, user, STRONG_ANSWER)
    first = AISuggestion.objects.get(interviewer=user, competency=room["comm"])
    note(room, user, STRONG_ANSWER, client_id="n2", rq=None)  # free notes do not feed a competency
    same = AISuggestion.objects.get(pk=first.pk)
    assert (same.computed_at, same.inputs_hash) == (first.computed_at, first.inputs_hash)
    note(room, user, STRONG_ANSWER + "我还总结了一套续约沟通话术。")
    changed = AISuggestion.objects.get(pk=first.pk)
    assert changed.inputs_hash != first.inputs_hash
    assert changed.computed_at > first.computed_at


def test_clearing_the_notes_removes_the_suggestion(users, room):
    note(room, users["interviewer"], STRONG_ANSWER)
    note(room, users["interviewer"], "")
    assert not AISuggestion.objects.exists()


def test_the_active_recalibration_is_applied_and_recorded(users, room):
    RecalibrationModel.objects.create(
        version=1, is_active=True, pairs_used=80,
        model={"version": "recal-1", "x_thresholds": [1.0, 5.0], "y_thresholds": [1.0, 2.0], "n_pairs": 80},
    )
    note(room, users["interviewer"], STRONG_ANSWER)
    s = AISuggestion.objects.get(interviewer=users["interviewer"], competency=room["comm"])
    assert s.recalibration_version == "recal-1"
    assert s.calibrated is not None and s.calibrated <= 2.0
    assert s.suggested <= 2
    assert s.raw > s.calibrated  # the raw engine score is kept beside the calibrated one


def test_a_new_active_recalibration_refreshes_suggestions_on_the_next_save(users, room):
    note(room, users["interviewer"], STRONG_ANSWER)
    before = AISuggestion.objects.get(competency=room["comm"])
    assert before.recalibration_version == ""
    RecalibrationModel.objects.create(
        version=2, is_active=True, model={"version": "recal-2", "x_thresholds": [1.0, 5.0], "y_thresholds": [1.0, 1.5]},
    )
    submit_scorecard(interview=room["interview"], interviewer=users["interviewer"], scores=full_scores(room),
                     recommendation="yes")
    after = AISuggestion.objects.get(pk=before.pk)
    assert after.recalibration_version == "recal-2"


def test_submit_snapshots_the_suggestions_beside_the_scores(users, room):
    user = users["interviewer"]
    note(room, user, STRONG_ANSWER)
    card = submit_scorecard(interview=room["interview"], interviewer=user, scores=full_scores(room, comm=2),
                            recommendation="no")
    s = AISuggestion.objects.get(interviewer=user, competency=room["comm"])
    rows = {row.competency_id: row for row in card.scores.all()}
    comm = rows[room["comm"].pk]
    assert (comm.score, comm.ai_suggested, comm.ai_raw, comm.ai_confidence) == (2, s.suggested, s.raw, s.confidence)
    assert comm.ai_engine_version == ENGINE_VERSION
    drive = rows[room["drive"].pk]
    assert drive.ai_suggested is None and drive.ai_raw is None  # no notes on that competency
    # Later notes change the live suggestion, never the submitted snapshot.
    note(room, user, WEAK_ANSWER)
    comm.refresh_from_db()
    assert comm.ai_suggested == s.suggested


def test_the_ai_panel_shows_claims_star_and_prompts_quoting_the_rubric(client, users, room):
    note(room, users["interviewer"], "当时客户要流失。我主动与客户沟通了6次，协调了售前团队，最终客户续约。")
    client.force_login(users["interviewer"])
    html = client.get(reverse("interviews:room_ai", args=[room["interview"].pk])).content.decode()
    assert "我主动与客户沟通了6次，协调了售前团队，最终客户续约。" in html  # a claim …
    assert '<span class="chip chip-fig">6次</span>' in html  # … with its figure …
    assert '<span class="chip chip-comp">沟通能力</span>' in html  # … mapped to its competency
    assert "STAR" in html and "第 1 题" in html
    assert "请评估候选人的结果导向；优秀：超额完成" in html  # the prompt quotes the top anchor
    assert "如果季度过半业绩只完成三成，你会怎么做？" in html  # and suggests the unanswered question
    assert "请评估候选人的沟通能力" not in html
    # the suggestion beside the 沟通能力 score is refreshed out of band
    assert f'id="ai-sugg-{room["comm"].pk}" hx-swap-oob="true" data-ai-suggested=' in html


def test_team_only_evidence_asks_for_the_candidates_own_part(client, users, room):
    note(room, users["interviewer"], "我们团队去年完成了业绩目标的120%。", rq="rq_drive")
    client.force_login(users["interviewer"])
    html = client.get(reverse("interviews:room_ai", args=[room["interview"].pk])).content.decode()
    assert "结果导向目前只有团队层面的陈述，请追问候选人本人的贡献" in html


def test_the_room_in_english_shows_the_english_prompts(client, users, room, settings):
    client.force_login(users["interviewer"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    text = client.get(reverse("interviews:room_ai", args=[room["interview"].pk])).content.decode()
    assert "Please assess the candidate&#x27;s Communication" in text


def test_after_submitting_the_panel_no_longer_swaps_suggestion_boxes(client, users, room):
    note(room, users["interviewer"], STRONG_ANSWER)
    submit_scorecard(interview=room["interview"], interviewer=users["interviewer"], scores=full_scores(room),
                     recommendation="yes")
    client.force_login(users["interviewer"])
    html = client.get(reverse("interviews:room_ai", args=[room["interview"].pk])).content.decode()
    assert "续约金额 120 万元" in html  # the structured notes are still there
    assert "hx-swap-oob" not in html
