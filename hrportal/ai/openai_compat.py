"""The OpenAI-compatible HTTP backend (vLLM, Ollama, LMDeploy, Xinference, a Whisper server…): chat completions
with JSON-schema output and audio transcriptions, over httpx, streaming off.

Transient failures (timeouts, refused connections, 429, 5xx) are retried AI_MAX_RETRIES times with exponential
backoff (0.5 s, 1 s, 2 s…; a 429's Retry-After is honoured up to 5 s); anything else fails at once. Every
failure is a ``BackendError`` whose ``kind`` the service records as the fallback reason.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings

from hrportal.ai.conf import Endpoint

if TYPE_CHECKING:
    import httpx

RETRYABLE_STATUS = frozenset({429, 500, 502, 503, 504})
BACKOFF_BASE_SECONDS = 0.5
RETRY_AFTER_CAP_SECONDS = 5.0


def backoff_sleep(seconds: float) -> None:
    """The wait between retries (tests replace it)."""
    time.sleep(seconds)


class BackendError(Exception):
    """``kind``: timeout | connection | http_<status> | malformed | refused_host."""

    def __init__(self, kind: str, message: str = ""):
        super().__init__(f"{kind}: {message}" if message else kind)
        self.kind = kind


@dataclass
class ChatAnswer:
    data: Any
    prompt_tokens: int = 0
    completion_tokens: int = 0
    attempts: int = 1


@dataclass
class TranscriptAnswer:
    text: str
    segments: list[dict] = field(default_factory=list)
    language: str = ""
    duration: float | None = None
    attempts: int = 1


class OpenAICompatibleBackend:
    name = "openai_compatible"

    def __init__(self, endpoint: Endpoint, *, sleep: Callable[[float], None] | None = None,
                 transport: httpx.BaseTransport | None = None):
        if not endpoint.allowed:
            raise BackendError("refused_host", f"{endpoint.host} is not in AI_ALLOWED_HOSTS")
        self.endpoint = endpoint
        self.sleep = sleep
        self.transport = transport

    def _client(self) -> httpx.Client:
        import httpx  # at first use, like wecom/protocol/client.py: no Django process pays for it at start-up

        headers = {"Authorization": f"Bearer {self.endpoint.api_key}"} if self.endpoint.api_key else {}
        return httpx.Client(base_url=self.endpoint.base_url, headers=headers, transport=self.transport,
                            timeout=httpx.Timeout(settings.AI_TIMEOUT_SECONDS, connect=5.0), follow_redirects=False)

    def _post(self, path: str, **kwargs) -> tuple[httpx.Response, int]:
        import httpx

        attempts = 0
        with self._client() as client:
            while True:
                attempts += 1
                delay = BACKOFF_BASE_SECONDS * 2 ** (attempts - 1)
                try:
                    response = client.post(path, **kwargs)
                except httpx.TimeoutException as exc:
                    error = BackendError("timeout", str(exc))
                except httpx.TransportError as exc:
                    error = BackendError("connection", str(exc))
                else:
                    if response.status_code == 200:
                        return response, attempts
                    error = BackendError(f"http_{response.status_code}", response.text[:200])
                    if response.status_code not in RETRYABLE_STATUS:
                        raise error
                    retry_after = response.headers.get("Retry-After", "")
                    if retry_after.replace(".", "", 1).isdigit():
                        delay = min(float(retry_after), RETRY_AFTER_CAP_SECONDS)
                if attempts > settings.AI_MAX_RETRIES:
                    raise error
                (self.sleep or backoff_sleep)(delay)

    def complete_json(self, *, task: str, system: str, prompt: str, schema: dict) -> ChatAnswer:
        body = {
            "model": self.endpoint.model,
            "messages": [{"role": "system", "content": system}, {"role": "user", "content": prompt}],
            "response_format": {
                "type": "json_schema",
                "json_schema": {"name": task.replace(".", "_"), "schema": schema, "strict": True},
            },
            "temperature": 0,
            "stream": False,
        }
        response, attempts = self._post("/chat/completions", json=body)
        try:
            payload = response.json()
            content = payload["choices"][0]["message"]["content"]
            data = json.loads(content)
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise BackendError("malformed", f"not a chat completion with JSON content: {exc}") from exc
        usage = payload.get("usage") or {}
        return ChatAnswer(data, int(usage.get("prompt_tokens") or 0), int(usage.get("completion_tokens") or 0),
                          attempts)

    def transcribe(self, *, audio: bytes, filename: str, content_type: str, language: str) -> TranscriptAnswer:
        data = {"model": self.endpoint.model, "language": language, "response_format": "verbose_json",
                "temperature": "0"}
        response, attempts = self._post("/audio/transcriptions", data=data,
                                        files={"file": (filename, audio, content_type)})
        try:
            payload = response.json()
            text = payload["text"]
            if not isinstance(text, str):
                raise TypeError("text is not a string")
        except (ValueError, KeyError, TypeError) as exc:
            raise BackendError("malformed", f"not a transcription: {exc}") from exc
        segments = [
            {"start": float(s.get("start") or 0), "end": float(s.get("end") or 0), "text": str(s.get("text") or ""),
             **({"speaker": str(s["speaker"])} if s.get("speaker") is not None else {})}
            for s in payload.get("segments") or [] if isinstance(s, dict)
        ]
        return TranscriptAnswer(text.strip(), segments, str(payload.get("language") or language),
                                payload.get("duration"), attempts)
