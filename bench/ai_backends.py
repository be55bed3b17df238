#!/usr/bin/env python
"""Real model check (issue 22 item 5, NOT run in CI): the portal's AI tasks against any OpenAI-compatible
endpoint, with latency and agreement figures. Prints figures, asserts nothing.

    AI_BASE_URL=http://10.0.0.5:8000/v1 AI_MODEL=Qwen2.5-7B-Instruct AI_API_KEY=… AI_ALLOWED_HOSTS=10.0.0.5 \\
    [ASR_BASE_URL=http://10.0.0.6:9000/v1 ASR_MODEL=whisper-large-v3 --audio interview.wav] \\
    .venv/bin/python bench/ai_backends.py [--database-url postgres://…/hrportal] [--positions 5]

What it runs
  1. ``interviews.question_drafts`` for ``--positions`` positions: latency, whether the answer passed the
     schema (else the fallback answered and why), questions drafted vs the deterministic bank.
  2. ``interviews.answer_scoring`` for each answer with a human score: the model's score, the engine's
     (``score_answer``) and the human's, then QWK / Spearman / exact and within-1 agreement (hrportal.stats) of
     model–human, engine–human and model–engine.
     Answers with human scores come from ``--database-url`` (a portal database: the interviewer's notes of each
     round question and the competency score on the same current, submitted scorecard). Without it, a fresh
     SQLite database gets ``seed_demo --small`` (positions and competency models) and the built-in ``LABELLED``
     answers below, whose scores were set by the developer against the BARS anchors — a smoke test of the
     endpoint, not a validation study: the demo company has no scored interview notes.
  3. ``--audio FILE``: one transcription through ``ASR_*`` with its latency and text.
Everything goes through hrportal.ai exactly as in the portal (redaction, schema check, circuit breaker, AIOutput
rows), so a fallback shows up as such. Settings come from the environment (docs/ai.md).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# (competency code of the demo library, question type, answer, reference score 1–5)
LABELLED = [
    ("COMM", "behavioural", "当时客户因为价格问题准备流失。我主动约了客户决策人，先听他们的顾虑，再用过去两年帮他们节省的成本数据"
     "说明我们的价值，最后提出分阶段付款，客户续约了，金额 120 万元。", 5),
    ("COMM", "behavioural", "我们团队和客户沟通了几次，后来客户还是续约了。", 2),
    ("COMM", "situational", "我会先了解对方的真实诉求，再找双方都能接受的方案，必要时请领导一起沟通。", 3),
    ("COMM", "behavioural", "不太记得了，一般都是领导去谈。", 1),
    ("DRIVE", "behavioural", "去年我的目标是 800 万，上半年只完成 30%。我把商机按金额和成交概率排序，集中跟进前 20% 的大单，"
     "每周复盘，年底完成 960 万，达成率 120%。", 5),
    ("DRIVE", "situational", "如果业绩落后，我会多打电话、多拜访客户，争取完成目标。", 3),
    ("DRIVE", "behavioural", "业绩还可以吧，基本完成了。", 2),
    ("DRIVE", "behavioural", "我负责的区域两年里客户数从 40 家增加到 95 家，回款周期从 90 天缩短到 60 天，我本人签下其中 31 家。", 5),
    ("TEAM", "behavioural", "项目上线前两周测试发现大量缺陷，我主动协调开发和测试每天站会，把任务拆细，最终按时上线。", 4),
    ("TEAM", "behavioural", "我一般自己做自己的事情，别人需要帮忙可以问我。", 1),
    ("TEAM", "situational", "同事之间有分歧时，我会先听双方意见，再按项目目标来决定。", 3),
    ("TEAM", "behavioural", "我们组五个人配合得挺好的。", 2),
]


def configure(database_url: str) -> None:
    os.environ["HRPORTAL_SKIP_DOTENV"] = "1"
    os.environ["DATABASE_URL"] = database_url
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hrportal.settings")
    import django

    django.setup()


def quantiles(values: list[float]) -> str:
    if not values:
        return "—"
    ordered = sorted(values)
    return (f"median {statistics.median(ordered):.0f} ms, p95 {ordered[min(len(ordered) - 1, int(.95 * len(ordered)))]:.0f}"
            f" ms (N={len(ordered)})")


def agreement(name: str, a: list[int], b: list[int]) -> None:
    from hrportal import stats

    if not a:
        print(f"  {name}: no pairs")
        return
    exact = sum(x == y for x, y in zip(a, b, strict=True)) / len(a)
    within = sum(abs(x - y) <= 1 for x, y in zip(a, b, strict=True)) / len(a)
    qwk = stats.quadratic_weighted_kappa(a, b, low=1, high=5)
    rho = stats.spearman(a, b)
    print(f"  {name}: N={len(a)}, QWK {qwk if qwk is None else round(qwk, 3)}, Spearman "
          f"{rho if rho is None else round(rho, 3)}, exact {exact:.0%}, within 1 point {within:.0%}, "
          f"mean bias {stats.mean_bias(a, b):+.2f}")


def labelled_answers():
    """(CompetencySpec, question type, text, human score) from the database, or from LABELLED."""
    from interviews.engine import CompetencySpec
    from interviews.models import NoteSegment, ScorecardScore
    from recruiting.models import Competency

    rows = []
    scores = (ScorecardScore.objects.filter(scorecard__is_current=True, scorecard__status="submitted", score__isnull=False)
              .select_related("scorecard", "competency"))
    for score in scores[:500]:
        segments = NoteSegment.objects.filter(
            interview_id=score.scorecard.interview_id, author_id=score.scorecard.interviewer_id,
            round_question__question__competency_id=score.competency_id).select_related("round_question__question")
        text = "\n".join(s.text for s in segments if s.text.strip())
        if text:
            qtype = segments[0].round_question.question.question_type
            rows.append((_spec(CompetencySpec, score.competency), qtype, text, score.score, "database"))
    if rows:
        return rows
    by_code = {c.code: c for c in Competency.objects.filter(code__in={code for code, *_ in LABELLED})}
    return [(_spec(CompetencySpec, by_code[code]), qtype, text, human, "built-in")
            for code, qtype, text, human in LABELLED if code in by_code]


def _spec(cls, comp):
    return cls(code=comp.code, name_zh=comp.name_zh, name_en=comp.name_en, anchor_1=comp.anchor_1,
               anchor_3=comp.anchor_3, anchor_5=comp.anchor_5, evidence_keywords=tuple(comp.evidence_keywords or ()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--positions", type=int, default=5)
    parser.add_argument("--audio", default="")
    args = parser.parse_args()
    tmp = tempfile.TemporaryDirectory(prefix="ai-bench-")
    configure(args.database_url or f"sqlite:///{tmp.name}/bench.sqlite3")
    from django.conf import settings
    from django.core.management import call_command

    from hrportal.ai.conf import chat_endpoint
    from hrportal.ai.service import complete_json, transcribe
    from interviews.bank import ai_drafts
    from interviews.bank.specs import position_spec
    from interviews.engine import generate_question_bank, score_answer
    from interviews.room import model_scoring
    from recruiting.models import Position

    if not args.database_url:
        call_command("migrate", verbosity=0)
        call_command("seed_demo", "--small", "--no-accounts", verbosity=0)
    endpoint = chat_endpoint()
    print(f"chat endpoint: {endpoint.base_url if endpoint else '—'} model {settings.AI_MODEL or '—'} "
          f"(allowed: {bool(endpoint and endpoint.allowed)}); without one every task answers deterministically")

    latencies, fallbacks, drafted, bank = [], {}, 0, 0
    for position in Position.objects.order_by("id")[: args.positions]:
        spec = position_spec(position)
        started = time.perf_counter()
        result = complete_json(ai_drafts.TASK, prompt=ai_drafts.prompt_for(spec), schema=ai_drafts.schema_for(spec),
                               inputs={"position": asdict(spec)})
        latencies.append((time.perf_counter() - started) * 1000)
        if result.output.fallback_reason:
            fallbacks[result.output.fallback_reason] = fallbacks.get(result.output.fallback_reason, 0) + 1
        drafted += len(result.data["questions"]) if result.used_model else 0
        bank += len(generate_question_bank(spec).questions)
    print(f"question drafts: {quantiles(latencies)}; model drafted {drafted} questions (deterministic bank: {bank}); "
          f"fallbacks {fallbacks or 'none'}")

    model, engine, human, latencies, fallbacks = [], [], [], [], {}
    rows = labelled_answers()
    source = rows[0][4] if rows else ""
    for spec, qtype, text, score, _source in rows:
        answers = [{"question_type": qtype, "extra_keywords": [], "text": text}]
        started = time.perf_counter()
        result = complete_json(model_scoring.TASK, prompt=model_scoring.prompt_for(spec, answers),
                               schema=model_scoring.SCHEMA, inputs={"competency": asdict(spec), "answers": answers})
        latencies.append((time.perf_counter() - started) * 1000)
        if not result.used_model:
            fallbacks[result.output.fallback_reason or "not configured"] = fallbacks.get(
                result.output.fallback_reason or "not configured", 0) + 1
            continue
        model.append(result.data["score"])
        engine.append(score_answer(text, spec, qtype).suggested)
        human.append(score)
    print(f"answer scoring ({source or 'no'} answers): {quantiles(latencies)}; fallbacks {fallbacks or 'none'}")
    agreement("model–human", model, human)
    agreement("engine–human", engine, human)
    agreement("model–engine", model, engine)

    if args.audio:
        audio = Path(args.audio).read_bytes()
        started = time.perf_counter()
        result = transcribe(audio, filename=Path(args.audio).name, content_type="audio/wav")
        elapsed = (time.perf_counter() - started) * 1000
        print(f"transcription: {elapsed:.0f} ms, available {result.available} {result.error}: {result.text[:120]}")
    tmp.cleanup()


if __name__ == "__main__":
    main()
