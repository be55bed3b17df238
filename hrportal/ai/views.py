"""The admin's AI page: which endpoints are configured and allowed, the circuit breakers, calls, fallbacks,
tokens and latency per task and backend, the last redacted text sent per task, and recent AI outputs."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from hrportal.ai import breaker, counters
from hrportal.ai.conf import asr_endpoint, chat_endpoint
from hrportal.ai.registry import tasks
from hrportal.ai.service import DETERMINISTIC, HTTP
from hrportal.models import AIOutput

ASR_TASK = "asr.transcribe"


def _endpoint_view(endpoint, kind: str) -> dict:
    if endpoint is None:
        return {"kind": kind, "configured": False}
    return {"kind": kind, "configured": True, "base_url": endpoint.base_url, "host": endpoint.host,
            "model": endpoint.model, "allowed": endpoint.allowed, "key_set": bool(endpoint.api_key),
            "breaker": breaker.status(kind)}


@require_GET
def ai_admin(request):
    rows = []
    for task in tasks():
        rows.append({"task": task, "deterministic": counters.read(DETERMINISTIC, task.name),
                     "model": counters.read(HTTP, task.name), "sample": counters.sample(task.name)})
    return render(request, "hrportal/ai_admin.html", {
        "endpoints": [_endpoint_view(chat_endpoint(), "chat"), _endpoint_view(asr_endpoint(), "asr")],
        "rows": rows, "asr": counters.read(HTTP, ASR_TASK),
        "recent": AIOutput.objects.all()[:30],
    })
