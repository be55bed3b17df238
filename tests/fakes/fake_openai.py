"""A fake OpenAI-compatible server (what vLLM, Ollama or a Whisper server answer): real HTTP on 127.0.0.1
(ephemeral port) in a background thread, used as a pytest plugin (fixture ``fake_openai``).

- ``POST /v1/chat/completions``: checks the Bearer key, the model, ``stream`` off, and a ``response_format`` of
  type ``json_schema`` with a schema; answers a chat.completion whose message content is the JSON string of the
  next queued answer (``queue_json``) or of ``default_json`` — with ``usage`` token counts.
- ``POST /v1/audio/transcriptions``: multipart form (``file``, ``model``, ``language``, ``response_format``);
  answers ``verbose_json`` with ``text`` and ``segments`` (``transcript`` sets the fixed text).

Failure injection (consumed one request each, in order): ``fail_next(status, times=…)`` (429 with Retry-After,
500, 503…), ``malformed_next(times=…)`` (a 200 whose body is not JSON), ``bad_content_next`` (valid envelope,
content that is not JSON), ``slow_next(delay, times=…)``. Every request is recorded in ``requests``.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

API_KEY = "sk-fake-local"
CHAT_MODEL = "qwen2.5-7b-instruct"
ASR_MODEL = "whisper-large-v3"
DEFAULT_TRANSCRIPT = "我负责华东区的销售团队，去年业绩增长了百分之三十，超额完成目标。"


@dataclass
class RecordedRequest:
    path: str
    headers: dict[str, str]
    body: Any  # parsed JSON, or the multipart fields (file as bytes)
    status: int = 0


@dataclass
class _Fault:
    kind: str  # "status" | "malformed" | "bad_content" | "slow"
    status: int = 0
    delay: float = 0.0


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # noqa: A002
        pass

    def do_POST(self):
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        status, body, headers = self.server.fake._handle(self.path, dict(self.headers), raw)
        data = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
        except OSError:
            pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    fake: FakeOpenAI

    def handle_error(self, request, client_address):
        pass


@dataclass
class FakeOpenAI:
    api_key: str = API_KEY
    chat_model: str = CHAT_MODEL
    asr_model: str = ASR_MODEL
    transcript: str = DEFAULT_TRANSCRIPT
    default_json: dict = field(default_factory=dict)
    requests: list[RecordedRequest] = field(default_factory=list)
    port: int | None = None

    def __post_init__(self):
        self._lock = threading.RLock()
        self._queued: list[dict] = []
        self._faults: list[_Fault] = []
        self._server: _Server | None = None

    # -- lifecycle
    def start(self) -> FakeOpenAI:
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.fake = self
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, args=(0.05,), name="fake-openai", daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def __enter__(self) -> FakeOpenAI:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    # -- scripting
    def queue_json(self, *answers: dict) -> None:
        with self._lock:
            self._queued.extend(answers)

    def fail_next(self, status: int, *, times: int = 1) -> None:
        with self._lock:
            self._faults.extend(_Fault("status", status=status) for _ in range(times))

    def malformed_next(self, *, times: int = 1) -> None:
        with self._lock:
            self._faults.extend(_Fault("malformed") for _ in range(times))

    def bad_content_next(self, *, times: int = 1) -> None:
        with self._lock:
            self._faults.extend(_Fault("bad_content") for _ in range(times))

    def slow_next(self, delay: float, *, times: int = 1) -> None:
        with self._lock:
            self._faults.extend(_Fault("slow", delay=delay) for _ in range(times))

    def calls(self, path_suffix: str) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path.endswith(path_suffix)]

    # -- protocol
    def _handle(self, path: str, headers: dict[str, str], raw: bytes) -> tuple[int, Any, dict[str, str]]:
        with self._lock:
            fault = self._faults.pop(0) if self._faults else None
        lower = {k.lower(): v for k, v in headers.items()}
        if path.endswith("/audio/transcriptions"):
            body: Any = _multipart(lower.get("content-type", ""), raw)
        else:
            try:
                body = json.loads(raw or b"{}")
            except ValueError:
                body = raw
        record = RecordedRequest(path, lower, body)
        with self._lock:
            self.requests.append(record)
        status, payload, extra = self._answer(path, lower, body, fault)
        record.status = status
        return status, payload, extra

    def _answer(self, path, headers, body, fault):
        if fault is not None and fault.kind == "slow":
            time.sleep(fault.delay)
        if headers.get("authorization") != f"Bearer {self.api_key}":
            return 401, _error("invalid api key", "invalid_request_error"), {}
        if fault is not None and fault.kind == "status":
            extra = {"Retry-After": "0"} if fault.status == 429 else {}
            return fault.status, _error(f"injected {fault.status}", "server_error"), extra
        if fault is not None and fault.kind == "malformed":
            return 200, b'{"id": "chatcmpl-broken", "choices": [', {}
        if path == "/v1/chat/completions":
            return self._chat(body, bad_content=fault is not None and fault.kind == "bad_content")
        if path == "/v1/audio/transcriptions":
            return self._transcription(body)
        return 404, _error("unknown path", "invalid_request_error"), {}

    def _chat(self, body, *, bad_content: bool):
        if not isinstance(body, dict) or body.get("model") != self.chat_model:
            return 404, _error("model not found", "invalid_request_error"), {}
        if body.get("stream"):
            return 400, _error("this fake speaks streaming off only", "invalid_request_error"), {}
        fmt = body.get("response_format") or {}
        if fmt.get("type") != "json_schema" or "schema" not in (fmt.get("json_schema") or {}):
            return 400, _error("response_format json_schema required", "invalid_request_error"), {}
        with self._lock:
            answer = self._queued.pop(0) if self._queued else self.default_json
        content = "这不是JSON" if bad_content else json.dumps(answer, ensure_ascii=False)
        prompt_chars = sum(len(m.get("content") or "") for m in body.get("messages") or [])
        return 200, {
            "id": f"chatcmpl-{len(self.requests)}", "object": "chat.completion", "created": int(time.time()),
            "model": self.chat_model,
            "choices": [{"index": 0, "finish_reason": "stop",
                         "message": {"role": "assistant", "content": content}}],
            "usage": {"prompt_tokens": prompt_chars, "completion_tokens": len(content),
                      "total_tokens": prompt_chars + len(content)},
        }, {}

    def _transcription(self, form):
        if form.get("model") != self.asr_model:
            return 404, _error("model not found", "invalid_request_error"), {}
        audio = form.get("file") or b""
        if not audio:
            return 400, _error("file is required", "invalid_request_error"), {}
        if form.get("response_format", "json") == "verbose_json":
            half = len(self.transcript) // 2
            return 200, {"task": "transcribe", "language": form.get("language") or "zh", "duration": 15.0,
                         "text": self.transcript,
                         "segments": [{"id": 0, "start": 0.0, "end": 7.5, "text": self.transcript[:half]},
                                      {"id": 1, "start": 7.5, "end": 15.0, "text": self.transcript[half:]}]}, {}
        return 200, {"text": self.transcript}, {}


def _multipart(content_type: str, raw: bytes) -> dict[str, Any]:
    """multipart/form-data → {name: str value, or bytes for a file} (parsed by the e-mail MIME parser)."""
    message = BytesParser(policy=HTTP).parsebytes(b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + raw)
    fields: dict[str, Any] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True) or b""
        fields[name] = payload if part.get_filename() is not None else payload.decode("utf-8")
    return fields


def _error(message: str, kind: str) -> dict[str, Any]:
    return {"error": {"message": message, "type": kind, "param": None, "code": None}}


@pytest.fixture
def fake_openai() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as server:
        yield server


@pytest.fixture
def ai_settings(settings, fake_openai):
    """Settings pointing the chat and ASR backends at the fake server, in the embedded mode (jobs in-process),
    with an empty cache (breaker and counters). Tests that retry replace ``backoff_sleep`` (0.5 s, 1 s…)."""
    settings.AI_BASE_URL = fake_openai.base_url
    settings.AI_API_KEY = API_KEY
    settings.AI_MODEL = CHAT_MODEL
    settings.ASR_BASE_URL = fake_openai.base_url
    settings.ASR_API_KEY = API_KEY
    settings.ASR_MODEL = ASR_MODEL
    settings.AI_ALLOWED_HOSTS = ["127.0.0.1"]
    settings.AI_TIMEOUT_SECONDS = 2.0
    settings.AI_MAX_RETRIES = 2
    settings.AI_BREAKER_FAILURES = 3
    settings.AI_BREAKER_COOLDOWN_SECONDS = 60
    settings.REDIS_URL = ""  # the embedded mode: jobs (transcription, model scoring) run in-process
    from django.core.cache import cache

    cache.clear()
    return settings
