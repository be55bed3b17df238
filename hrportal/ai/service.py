"""The one entry point of AI tasks: ``complete_json`` and ``transcribe``.

``complete_json(task, prompt=..., schema=..., inputs=...)``: when a chat endpoint is configured, allowed and its
breaker closed, the redacted prompt goes to it and the answer must match ``schema``; otherwise — or when the call
fails or the answer is refused — the task's registered deterministic fallback answers from ``inputs``. Either
way an ``AIOutput`` row records backend, model, prompt version and the inputs' hash, and the counters move.

``transcribe(audio, ...)``: the ASR endpoint when configured; there is no deterministic speech-to-text, so
without one (or when it fails) the result says ``available=False`` and the room keeps its typed notes.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from dataclasses import dataclass, field
from typing import Any

from hrportal.ai import breaker, counters
from hrportal.ai.conf import asr_endpoint, chat_endpoint
from hrportal.ai.openai_compat import BackendError, OpenAICompatibleBackend
from hrportal.ai.registry import get_task
from hrportal.ai.schema import SchemaError, validate
from hrportal.masking import redact_for_processing
from hrportal.models import AIOutput

log = logging.getLogger(__name__)

DETERMINISTIC = AIOutput.Backend.DETERMINISTIC.value
HTTP = AIOutput.Backend.OPENAI_COMPATIBLE.value
SYSTEM_PROMPT = (
    "你是企业招聘系统的助手。只根据给定内容回答，不编造事实；只输出符合给定 JSON Schema 的 JSON。"
    "你的输出只是供人参考的建议，决定由人作出。"
)


@dataclass
class AIResult:
    data: dict[str, Any]
    output: AIOutput

    @property
    def backend(self) -> str:
        return self.output.backend

    @property
    def used_model(self) -> bool:
        return self.output.backend != DETERMINISTIC


@dataclass
class TranscriptResult:
    available: bool
    text: str = ""
    segments: list[dict] = field(default_factory=list)
    output: AIOutput | None = None
    error: str = ""


def inputs_hash(task: str, prompt_version: str, payload: Any) -> str:
    blob = json.dumps({"task": task, "prompt_version": prompt_version, "inputs": payload}, ensure_ascii=False,
                      sort_keys=True, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def _record(task: str, backend: str, model: str, prompt_version: str, digest: str, *, reason: str = "",
            latency_ms: int = 0, prompt_tokens: int = 0, completion_tokens: int = 0) -> AIOutput:
    return AIOutput.objects.create(
        task=task, backend=backend, model=model[:120], prompt_version=prompt_version, inputs_hash=digest,
        fallback_reason=reason[:60], latency_ms=latency_ms, prompt_tokens=prompt_tokens,
        completion_tokens=completion_tokens,
    )


def chat_backend() -> OpenAICompatibleBackend | None:
    endpoint = chat_endpoint()
    return OpenAICompatibleBackend(endpoint) if endpoint is not None and endpoint.usable else None


def complete_json(task: str, *, prompt: str, schema: dict, inputs: dict[str, Any],
                  system: str = SYSTEM_PROMPT) -> AIResult:
    """The task's answer, validated against ``schema``; never raises for a backend's failure.

    Guarantees: the prompt is redacted (contact data, ID numbers, labelled sensitive data) before it leaves the
    process; a model's answer is returned only when it matches ``schema``; otherwise the registered fallback's
    answer (itself checked against ``schema``) is returned with the reason recorded.
    """
    entry = get_task(task)
    digest = inputs_hash(task, entry.prompt_version, inputs)
    reason = ""
    endpoint = chat_endpoint()
    if endpoint is not None and not endpoint.allowed:
        reason = "host_not_allowed"
    elif endpoint is not None and endpoint.usable:
        if breaker.is_open("chat"):
            reason = "circuit_open"
        else:
            redacted = redact_for_processing(prompt)
            counters.remember_sample(task, redacted)
            started = time.perf_counter()
            try:
                answer = OpenAICompatibleBackend(endpoint).complete_json(
                    task=task, system=system, prompt=redacted, schema=schema)
                validate(answer.data, schema)
            except (BackendError, SchemaError) as exc:
                reason = exc.kind if isinstance(exc, BackendError) else "invalid_output"
                elapsed = round((time.perf_counter() - started) * 1000)
                counters.add(HTTP, task, calls=1, failures=1, latency_ms=elapsed)
                if breaker.record_failure("chat"):
                    log.warning("AI chat endpoint %s: circuit opened after repeated failures", endpoint.host)
                log.warning("AI task %s: %s answer refused (%s), deterministic fallback used", task, endpoint.host, exc)
            else:
                elapsed = round((time.perf_counter() - started) * 1000)
                breaker.record_success("chat")
                counters.add(HTTP, task, calls=1, latency_ms=elapsed, prompt_tokens=answer.prompt_tokens,
                             completion_tokens=answer.completion_tokens)
                output = _record(task, HTTP, endpoint.model, entry.prompt_version, digest, latency_ms=elapsed,
                                 prompt_tokens=answer.prompt_tokens, completion_tokens=answer.completion_tokens)
                return AIResult(answer.data, output)
    started = time.perf_counter()
    data = entry.fallback(inputs)
    validate(data, schema)  # our own engine must keep the contract: a bug here is loud, not hidden
    elapsed = round((time.perf_counter() - started) * 1000)
    counters.add(DETERMINISTIC, task, calls=1, latency_ms=elapsed, fallbacks=1 if reason else 0)
    output = _record(task, DETERMINISTIC, entry.engine_version, entry.prompt_version, digest, reason=reason,
                     latency_ms=elapsed)
    return AIResult(data, output)


def asr_available() -> bool:
    endpoint = asr_endpoint()
    return endpoint is not None and endpoint.usable


def transcribe(audio: bytes, *, filename: str = "chunk.webm", content_type: str = "audio/webm",
               language: str = "zh", task: str = "asr.transcribe") -> TranscriptResult:
    """Speech to text through the ASR endpoint; ``available=False`` (with ``error``) when there is none, its host
    is not allowed, its breaker is open or the call failed. Audio cannot be redacted: only an allowed,
    self-hosted endpoint ever receives it."""
    endpoint = asr_endpoint()
    if endpoint is None:
        return TranscriptResult(False, error="not_configured")
    if not endpoint.allowed:
        return TranscriptResult(False, error="host_not_allowed")
    if not endpoint.model:
        return TranscriptResult(False, error="not_configured")
    if breaker.is_open("asr"):
        return TranscriptResult(False, error="circuit_open")
    digest = hashlib.sha256(audio).hexdigest()
    started = time.perf_counter()
    try:
        answer = OpenAICompatibleBackend(endpoint).transcribe(
            audio=audio, filename=filename, content_type=content_type, language=language)
    except BackendError as exc:
        elapsed = round((time.perf_counter() - started) * 1000)
        counters.add(HTTP, task, calls=1, failures=1, latency_ms=elapsed)
        breaker.record_failure("asr")
        log.warning("ASR endpoint %s failed: %s", endpoint.host, exc)
        return TranscriptResult(False, error=exc.kind)
    elapsed = round((time.perf_counter() - started) * 1000)
    breaker.record_success("asr")
    counters.add(HTTP, task, calls=1, latency_ms=elapsed)
    output = _record(task, HTTP, endpoint.model, "", digest, latency_ms=elapsed)
    return TranscriptResult(True, answer.text, answer.segments, output)
