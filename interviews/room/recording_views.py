"""The room's recording endpoints (thin): consent, chunk upload, the growing transcript (htmx polling).
JSON answers for the page script: 202 accepted, 400 bad input, 409 refused by a rule (no consent, no ASR,
outside the notes window)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from interviews import access
from interviews.room import recording
from interviews.room.services import RoomRefused


class ConsentForm(forms.Form):
    consent = forms.BooleanField(required=True, error_messages={"required": _("需候选人同意后才能录音。")})
    keep_audio = forms.BooleanField(required=False)


class ChunkForm(forms.Form):
    sequence = forms.IntegerField(min_value=0, max_value=100_000)
    round_question = forms.IntegerField(min_value=1, required=False)
    audio = forms.FileField()


class TranscriptQuery(forms.Form):
    after = forms.IntegerField(min_value=-1, required=False)


def _errors(exc: ValidationError) -> list[str]:
    return exc.messages


@require_POST
def recording_consent(request, pk):
    interview = access.get_interview_for_interviewer(request.user, pk)
    form = ConsentForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("consent", [])))
    else:
        try:
            recording.record_consent(interview=interview, by=request.user, keep_audio=form.cleaned_data["keep_audio"])
            messages.success(request, _("已记录候选人同意录音。"))
        except RoomRefused as exc:
            messages.error(request, " ".join(exc.messages))
    return redirect(reverse("interviews:room", args=[interview.pk]) + "#recording")


@require_POST
def recording_chunk(request, pk):
    interview = access.get_interview_for_interviewer(request.user, pk)
    form = ChunkForm(request.POST, request.FILES)
    if not form.is_valid():
        return JsonResponse({"ok": False, "errors": form.errors}, status=400)
    audio = form.cleaned_data["audio"]
    try:
        result = recording.store_chunk(
            interview=interview, author=request.user, sequence=form.cleaned_data["sequence"], audio=audio,
            content_type=audio.content_type or "", round_question_id=form.cleaned_data.get("round_question"))
    except RoomRefused as exc:
        return JsonResponse({"ok": False, "errors": {"__all__": _errors(exc)}}, status=409)
    except ValidationError as exc:
        return JsonResponse({"ok": False, "errors": {"__all__": _errors(exc)}}, status=400)
    return JsonResponse({"ok": True, "chunk": result.chunk.pk, "sequence": result.chunk.sequence,
                         "created": result.created}, status=202)


@require_GET
def recording_transcript(request, pk):
    """htmx partial: the transcript lines after ``after`` (appended by the page), polling while chunks wait."""
    interview = access.get_interview_for_interviewer(request.user, pk)
    query = TranscriptQuery(request.GET)
    after = query.cleaned_data.get("after") if query.is_valid() else None
    view = recording.transcript_of(interview, request.user, after=-1 if after is None else after)
    return render(request, "interviews/_room_transcript.html", {
        "interview": interview, "transcript": view, "poll_seconds": settings.ROOM_TRANSCRIPT_POLL_SECONDS,
    })
