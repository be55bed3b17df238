"""The interview room (mobile first) and its scorecard. Thin: the interview is loaded through
``access.get_interview_for_interviewer`` (404 missing, 403 not on the panel), the rules live in
``room_services``, the page data comes from ``room_selectors``.

Autosave requests (``Accept: application/json``, sent by static/js/room.js) get small JSON answers:
200 saved, 400 bad input, 409 refused by a rule (message shown beside the field), 422 invalid values.
Without JavaScript the same forms post normally and are redirected back to the room.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hrportal import audit
from interviews import access
from interviews.models import Scorecard
from interviews.room import recording
from interviews.room import selectors as room_selectors
from interviews.room import services as room_services
from interviews.room.forms import AmendForm, NoteSegmentForm, ScorecardForm
from interviews.room.services import RoomRefused


def _wants_json(request) -> bool:
    return request.headers.get("Accept", "").startswith("application/json")


def _messages_of(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {name: [str(m) for e in errors for m in e.messages] for name, errors in exc.error_dict.items()}
    return {"__all__": [str(m) for m in exc.messages]}


def _json_error(exc: ValidationError, status: int) -> JsonResponse:
    errors = _messages_of(exc)
    first = next((m for msgs in errors.values() for m in msgs), "")
    return JsonResponse({"ok": False, "error": first, "errors": errors}, status=status)


def _room_url(interview, anchor: str = "") -> str:
    return reverse("interviews:room", kwargs={"pk": interview.pk}) + (f"#{anchor}" if anchor else "")


def _render_room(request, interview, *, form=None, status: int = 200):
    data = room_selectors.room_data(interview, request.user)
    # Opening the room shows candidate data: who saw what, when (masked contact is listed as masked).
    audit.record(
        action="view", obj=interview.application.candidate, fields=data.audit_fields, request=request,
        note=f"interview room #{interview.pk}",
    )
    recommendation = data.scorecard.recommendation if data.scorecard else ""
    summary = data.scorecard.summary if data.scorecard else ""
    if form is not None and form.is_bound:
        # Show back what was posted, with the errors beside the fields.
        for row in data.score_rows:
            posted = form.data.get(row.score_field, "")
            row.score = int(posted) if posted in {"1", "2", "3", "4", "5"} else None
            row.evidence = form.data.get(row.evidence_field, "")
            row.score_errors = form.errors.get(row.score_field, [])
            row.evidence_errors = form.errors.get(row.evidence_field, [])
        recommendation, summary = form.data.get("recommendation", ""), form.data.get("summary", "")
    return render(request, "interviews/room.html", {
        "room": data, "interview": interview, "notes": room_selectors.ai_notes(
            interview, request.user, segments=data.segments, competencies=data.competencies,
            round_questions=data.round_questions,
        ),
        "form": form, "recommendation": recommendation, "summary": summary,
        "recommendation_choices": ScorecardForm.base_fields["recommendation"].choices[1:],
        "notes_refusal": room_services.notes_refusal(interview),
        "scoring_refusal": room_services.scoring_refusal(interview),
        "amending": isinstance(form, AmendForm),
        "new_client_id": _new_client_id(),
        "recording": recording.recording_panel(interview, request.user),
        "poll_seconds": settings.ROOM_TRANSCRIPT_POLL_SECONDS,
    }, status=status)


def _new_client_id() -> str:
    return uuid.uuid4().hex


@require_GET
def room(request, pk):
    interview = access.get_interview_for_interviewer(request.user, pk)
    return _render_room(request, interview)


@require_POST
def room_notes(request, pk):
    """Autosave of one note segment (idempotent by client_id)."""
    interview = access.get_interview_for_interviewer(request.user, pk)
    form = NoteSegmentForm(request.POST)
    if not form.is_valid():
        exc = ValidationError({k: v for k, v in form.errors.items()})
        if _wants_json(request):
            return _json_error(exc, 400)
        messages.error(request, _("记录未能保存：%(error)s") % {"error": " ".join(form.errors.get("text", [])) or _("输入无效")})
        return redirect(_room_url(interview, "questions"))
    data = form.cleaned_data
    try:
        result = room_services.save_note_segment(
            interview=interview, author=request.user, client_id=data["client_id"], text=data["text"],
            round_question_id=data.get("round_question"),
        )
    except RoomRefused as exc:
        if _wants_json(request):
            return _json_error(exc, 409)
        messages.error(request, " ".join(exc.messages))
        return redirect(_room_url(interview, "questions"))
    except ValidationError as exc:
        if _wants_json(request):
            return _json_error(exc, 400)
        messages.error(request, " ".join(exc.messages))
        return redirect(_room_url(interview, "questions"))
    if _wants_json(request):
        return JsonResponse({
            "ok": True, "client_id": data["client_id"], "segment": result.segment.pk if result.segment else None,
            "created": result.created, "changed": result.changed,
        })
    messages.success(request, _("记录已保存。"))
    return redirect(_room_url(interview, "questions"))


@require_GET
def room_ai(request, pk):
    """htmx partial: the AI structured notes and prompts, plus the AI suggestion beside each score
    (swapped out of band)."""
    interview = access.get_interview_for_interviewer(request.user, pk)
    segments = room_selectors.own_segments(interview, request.user)
    comps = room_selectors.round_competencies(interview.round)
    notes = room_selectors.ai_notes(interview, request.user, segments=segments, competencies=comps)
    oob = []
    # The boxes beside the scores exist only while the scorecard is being filled in (not once it is submitted).
    if not Scorecard.objects.filter(
        interview=interview, interviewer=request.user, is_current=True, status=Scorecard.Status.SUBMITTED
    ).exists():
        suggestions = room_selectors.suggestion_views(interview, request.user, segments, room_selectors.room_language())
        oob = [(c, suggestions.get(c.pk)) for c in comps]
    return render(request, "interviews/_room_ai.html", {"interview": interview, "notes": notes, "oob_suggestions": oob})


def _scorecard_form(request, interview, form_class=ScorecardForm):
    questions = [rq.question for rq in interview.round.round_questions.select_related("question")] if interview.round_id else []
    return form_class(request.POST, competencies=room_selectors.round_competencies(interview.round), questions=questions)


@require_POST
def scorecard_save(request, pk):
    """Autosave of the scorecard draft."""
    interview = access.get_interview_for_interviewer(request.user, pk)
    form = _scorecard_form(request, interview)
    if not form.is_valid():
        if _wants_json(request):
            return _json_error(ValidationError(dict(form.errors.items())), 422)
        return _render_room(request, interview, form=form, status=422)
    try:
        room_services.save_scorecard_draft(
            interview=interview, interviewer=request.user, scores=form.score_inputs(),
            recommendation=form.cleaned_data["recommendation"], summary=form.cleaned_data["summary"],
            question_scores=form.question_inputs(),
        )
    except RoomRefused as exc:
        if _wants_json(request):
            return _json_error(exc, 409)
        messages.error(request, " ".join(exc.messages))
        return redirect(_room_url(interview, "scorecard"))
    except ValidationError as exc:
        if _wants_json(request):
            return _json_error(exc, 422)
        form.add_error(None, exc)
        return _render_room(request, interview, form=form, status=422)
    if _wants_json(request):
        return JsonResponse({"ok": True})
    messages.success(request, _("评分草稿已保存。"))
    return redirect(_room_url(interview, "scorecard"))


@require_POST
def scorecard_submit(request, pk):
    interview = access.get_interview_for_interviewer(request.user, pk)
    form = _scorecard_form(request, interview)
    if not form.is_valid():
        return _render_room(request, interview, form=form, status=422)
    try:
        room_services.submit_scorecard(
            interview=interview, interviewer=request.user, scores=form.score_inputs(),
            recommendation=form.cleaned_data["recommendation"], summary=form.cleaned_data["summary"],
            question_scores=form.question_inputs(),
        )
    except RoomRefused as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_room_url(interview, "scorecard"))
    except ValidationError as exc:
        form.add_error(None, exc)
        return _render_room(request, interview, form=form, status=422)
    messages.success(request, _("评分表已提交，分数已计入候选人档案。"))
    return redirect(_room_url(interview, "scorecard"))


@require_POST
def scorecard_amend(request, pk):
    interview = access.get_interview_for_interviewer(request.user, pk)
    form = _scorecard_form(request, interview, AmendForm)
    if not form.is_valid():
        return _render_room(request, interview, form=form, status=422)
    try:
        room_services.amend_scorecard(
            interview=interview, interviewer=request.user, scores=form.score_inputs(),
            recommendation=form.cleaned_data["recommendation"], summary=form.cleaned_data["summary"],
            reason=form.cleaned_data["reason"], question_scores=form.question_inputs(),
        )
    except RoomRefused as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_room_url(interview, "scorecard"))
    except ValidationError as exc:
        form.add_error(None, exc)
        return _render_room(request, interview, form=form, status=422)
    messages.success(request, _("已提交修订后的评分表。"))
    return redirect(_room_url(interview, "scorecard"))


@require_POST
def room_clock(request, pk):
    """Records the actual start or end of the interview (buttons in the room; used by interview costs)."""
    interview = access.get_interview_for_interviewer(request.user, pk)
    try:
        room_services.record_clock(interview=interview, user=request.user, which=request.POST.get("which", ""))
    except RoomRefused as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(_room_url(interview))
