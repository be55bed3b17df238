"""hrportal.ai against the fake OpenAI-compatible server on loopback: the model path, the fallback on each
kind of failure, retries, the circuit breaker, schema validation, redaction and the host allow-list."""

from __future__ import annotations

import pytest

from hrportal.ai import breaker, counters
from hrportal.ai.registry import register_task, unregister
from hrportal.ai.service import complete_json, transcribe
from hrportal.models import AIOutput

TASK = "tests.summary"
SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["score", "quotes"],
    "properties": {"score": {"type": "integer", "minimum": 1, "maximum": 5},
                   "quotes": {"type": "array", "items": {"type": "string"}}},
}
FALLBACK = {"score": 3, "quotes": ["engine"]}


@pytest.fixture(autouse=True)
def task():
    register_task(TASK, label="test", prompt_version="t-1", engine_version="engine-9", fallback=lambda inputs: FALLBACK)
    yield
    unregister(TASK)


@pytest.fixture
def no_sleep(monkeypatch):
    slept = []
    monkeypatch.setattr("hrportal.ai.openai_compat.backoff_sleep", slept.append)
    return slept


def ask(prompt="候选人说：我带领团队完成了目标。"):
    return complete_json(TASK, prompt=prompt, schema=SCHEMA, inputs={"text": prompt})


def test_default_is_the_deterministic_engine_and_contacts_no_network(db, settings, fake_openai):
    settings.AI_BASE_URL = ""
    result = ask()
    assert result.data == FALLBACK and not result.used_model
    assert fake_openai.requests == []
    row = AIOutput.objects.get()
    assert (row.backend, row.model, row.prompt_version, row.fallback_reason) == ("deterministic", "engine-9", "t-1", "")
    assert len(row.inputs_hash) == 64


def test_model_answer_sent_as_json_schema_request_and_recorded(db, ai_settings, fake_openai):
    fake_openai.queue_json({"score": 4, "quotes": ["完成了目标"]})
    result = ask()
    assert result.used_model and result.data == {"score": 4, "quotes": ["完成了目标"]}
    body = fake_openai.calls("/chat/completions")[0].body
    assert body["stream"] is False and body["model"] == "qwen2.5-7b-instruct"
    assert body["response_format"]["type"] == "json_schema"
    assert body["response_format"]["json_schema"]["schema"] == SCHEMA
    row = AIOutput.objects.get()
    assert (row.backend, row.model, row.prompt_version) == ("openai_compatible", "qwen2.5-7b-instruct", "t-1")
    assert row.prompt_tokens > 0 and row.completion_tokens > 0
    assert counters.read("openai_compatible", TASK)["calls"] == 1


def test_same_inputs_same_hash_whatever_the_backend(db, ai_settings, fake_openai, settings):
    fake_openai.queue_json({"score": 4, "quotes": []})
    model_hash = ask().output.inputs_hash
    settings.AI_BASE_URL = ""
    assert ask().output.inputs_hash == model_hash


def test_contact_data_and_id_numbers_are_masked_before_leaving(db, ai_settings, fake_openai):
    fake_openai.queue_json({"score": 2, "quotes": []})
    ask("电话 13912345678，邮箱 xiaoming@example.com，身份证号：110101199003071234，健康状况：良好，座机 021-62345678")
    sent = fake_openai.calls("/chat/completions")[0].body["messages"][1]["content"]
    for secret in ("13912345678", "xiaoming@example.com", "110101199003071234", "良好", "62345678"):
        assert secret not in sent
    assert "139****5678" in sent and "x***@example.com" in sent
    assert counters.sample(TASK) == sent  # what the admin page shows


@pytest.mark.parametrize("status", [429, 500, 503])
def test_transient_errors_are_retried_then_answer(db, ai_settings, fake_openai, no_sleep, status):
    fake_openai.fail_next(status, times=2)
    fake_openai.queue_json({"score": 5, "quotes": []})
    result = ask()
    assert result.used_model and result.data["score"] == 5
    assert len(fake_openai.calls("/chat/completions")) == 3
    assert len(no_sleep) == 2


def test_persistent_500_falls_back_with_the_reason(db, ai_settings, fake_openai, no_sleep):
    fake_openai.fail_next(500, times=3)
    result = ask()
    assert result.data == FALLBACK and not result.used_model
    assert result.output.fallback_reason == "http_500"
    assert no_sleep == [0.5, 1.0]  # exponential backoff
    assert counters.read("deterministic", TASK)["fallbacks"] == 1


def test_client_error_is_not_retried(db, ai_settings, fake_openai, settings):
    settings.AI_API_KEY = "wrong"
    result = ask()
    assert result.output.fallback_reason == "http_401"
    assert len(fake_openai.calls("/chat/completions")) == 1


def test_malformed_body_falls_back(db, ai_settings, fake_openai):
    fake_openai.malformed_next()
    assert ask().output.fallback_reason == "malformed"


def test_content_that_is_not_json_falls_back(db, ai_settings, fake_openai):
    fake_openai.bad_content_next()
    assert ask().output.fallback_reason == "malformed"


@pytest.mark.parametrize("answer", [{"score": 9, "quotes": []}, {"score": 4}, {"score": "4", "quotes": []},
                                    {"score": 4, "quotes": [], "extra": 1}])
def test_answer_outside_the_schema_is_refused(db, ai_settings, fake_openai, answer):
    fake_openai.queue_json(answer)
    result = ask()
    assert result.data == FALLBACK and result.output.fallback_reason == "invalid_output"


def test_slow_response_times_out_and_falls_back(db, ai_settings, fake_openai, no_sleep):
    ai_settings.AI_TIMEOUT_SECONDS = 0.3
    ai_settings.AI_MAX_RETRIES = 0
    fake_openai.slow_next(1.0)
    result = ask()
    assert result.output.fallback_reason == "timeout" and result.data == FALLBACK


def test_circuit_breaker_opens_after_failures_and_closes_after_cooldown(db, ai_settings, fake_openai, no_sleep,
                                                                        monkeypatch):
    ai_settings.AI_MAX_RETRIES = 0
    fake_openai.fail_next(500, times=3)
    reasons = [ask().output.fallback_reason for _ in range(4)]
    assert reasons == ["http_500", "http_500", "http_500", "circuit_open"]
    assert len(fake_openai.calls("/chat/completions")) == 3  # the open breaker sent nothing
    assert breaker.status("chat")["state"] == "open"
    # after the cool-down one trial call goes through; its success closes the breaker
    now = breaker.status("chat")["open_until"] + 1
    monkeypatch.setattr("hrportal.ai.breaker.time.time", lambda: now)
    fake_openai.queue_json({"score": 4, "quotes": []})
    assert ask().used_model
    assert breaker.status("chat")["state"] == "closed"


def test_host_not_in_allow_list_is_never_contacted(db, ai_settings, fake_openai):
    ai_settings.AI_ALLOWED_HOSTS = ["llm.corp.example.cn"]
    result = ask()
    assert result.output.fallback_reason == "host_not_allowed"
    assert fake_openai.requests == []


def test_transcription_multipart_and_fallback(db, ai_settings, fake_openai, no_sleep):
    result = transcribe(b"RIFF....WAVEfmt ", filename="chunk.wav", content_type="audio/wav")
    assert result.available and "业绩增长" in result.text and len(result.segments) == 2
    form = fake_openai.calls("/audio/transcriptions")[0].body
    assert form["model"] == "whisper-large-v3" and form["language"] == "zh" and form["file"].startswith(b"RIFF")
    assert result.output.backend == "openai_compatible" and result.output.task == "asr.transcribe"
    fake_openai.fail_next(503, times=3)
    failed = transcribe(b"RIFF", filename="chunk.wav", content_type="audio/wav")
    assert not failed.available and failed.error == "http_503"


def test_no_asr_configured_means_no_transcript(db, settings):
    settings.ASR_BASE_URL = ""
    result = transcribe(b"RIFF")
    assert not result.available and result.error == "not_configured"
