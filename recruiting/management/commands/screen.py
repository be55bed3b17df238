"""manage.py screen --position CODE FILE... — parse and score resumes against a position.

Prints one JSON line per document (``file``, ``score``, ``flags``, ``breakdown``, plus matched skills and
missing must-haves; ``--explain`` adds the Chinese and English explanation) and a final summary line
with counts and elapsed seconds. A zip is expanded into its members. A file that cannot be read gets
``score: null``, an ``extraction_failed`` flag and its error, and the batch goes on.

A batch of more than ``POOL_FROM`` files is parsed and scored by a pool of worker processes (``--workers``,
default: 2 where the machine has 2 cores or more). The workers are forked after the engine and the position
model are ready, so the position is prepared once; results are printed in input order and are identical to a
serial run (``--workers 1``). A position's query terms are kept in ``SCREENING_CACHE_DIR`` by the engine, so
from the second run on the jieba dictionary is not loaded at all (``match`` mode).
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import time
from itertools import islice

from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.utils.translation import gettext as _

from recruiting.engine_inputs import build_engine, position_model
from recruiting.management.commands.parse_resume import _parse_date
from recruiting.models import Position
from recruiting.screening import DEFAULT_WEIGHTS, ENGINE_VERSION, iter_paths, normalise
from recruiting.weighting.services import active_weights

POOL_FROM = 200  # files; below this the pool's start-up costs more than it saves
CHUNK = 256  # files read and handed to the workers at a time (bounds the memory of a large zip)
_JOB: dict = {}  # set in the parent before forking: engine, model, weights, as_of, explain


def _score_one(item: tuple[str, str]) -> str:
    """Parse and score one extracted text; the JSON line to print (runs in the parent or a forked worker)."""
    name, text = item
    engine, model, weights = _JOB["engine"], _JOB["model"], _JOB["weights"]
    parsed = engine.parse(normalise(text), as_of=_JOB["as_of"])
    result = engine.score(parsed, model, weights)
    line = {
        "file": name,
        "score": float(result.score),
        "flags": [flag.to_json() for flag in result.flags],
        "breakdown": {key: c.to_json() for key, c in result.breakdown.items()},
        "matched_skills": result.matched_skills,
        "missing_must_haves": result.missing_must_haves,
        "candidate": {"name": parsed.name, "years_experience": parsed.years_experience,
                      "highest_degree": parsed.highest_degree},
        "engine_version": result.engine_version,
        "inputs_hash": result.inputs_hash,
    }
    if _JOB["explain"]:
        line["explanation_zh"] = result.explanation_zh
        line["explanation_en"] = result.explanation_en
    return json.dumps(line, ensure_ascii=False)


def _failed_line(item) -> str:
    return json.dumps(
        {
            "file": item.name, "score": None,
            "flags": [{
                "code": "extraction_failed", "subject": item.error.code,
                "message_zh": item.error.message_zh, "message_en": item.error.message_en,
            }],
            "breakdown": None, "error": item.error.to_json(),
        },
        ensure_ascii=False,
    )


def _default_workers() -> int:
    return max(1, min(2, os.cpu_count() or 1))


class Command(BaseCommand):
    help = "Parse and score resume files against a position; one JSON line per file and a summary line."
    # The system checks import every URLconf and view (≈ 0.5 s of a 2.5 s run over 1,000 files) and check
    # nothing this command uses; `manage.py check`, migrate and the servers still run them (docs/decisions.md).
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help="resume files or zips of resumes")
        parser.add_argument("--position", required=True, help="position code, e.g. SM-01")
        parser.add_argument("--explain", action="store_true", help="add explanation_zh / explanation_en")
        parser.add_argument(
            "--no-history", action="store_true",
            help="score with the configured weights instead of the position's active (learned) weight set",
        )
        parser.add_argument(
            "--similarity", choices=("match", "segment"), default="match",
            help="how resume terms are counted for text similarity (default: match)",
        )
        parser.add_argument("--as-of", help="date that 'present' means, YYYY-MM-DD (default: today)")
        parser.add_argument(
            "--workers", type=int, default=0,
            help=f"worker processes for batches of more than {POOL_FROM} files (default: 2 on a 2-core machine; 1 = serial)",
        )

    def handle(
        self, *args, files, position, explain=False, no_history=False, similarity="match", as_of=None, workers=0,
        **options,
    ):
        started = time.perf_counter()
        as_of_date = _parse_date(as_of)
        found = Position.objects.filter(code=position).first()
        if found is None:
            raise CommandError(_("找不到职位编码 %(code)s") % {"code": position})
        engine = build_engine(similarity_mode=similarity)
        model = position_model(found, engine.lexicon)
        # The same weights the portal scores with: the position's active weight set (see recruiting.weighting.services).
        weights, weight_set = (DEFAULT_WEIGHTS, None) if no_history else active_weights(found)
        hires = weight_set.hires_used if weight_set is not None else 0
        counts = {"files": 0, "scored": 0, "failed": 0}
        engine.prepare(model)  # the position's query terms (cached on disk, else jieba loads here), before any fork
        _JOB.update(engine=engine, model=model, weights=weights, as_of=as_of_date, explain=explain)
        items = iter_paths(files)
        workers = workers or _default_workers()
        pool = None
        if workers > 1 and (len(files) > POOL_FROM or any(str(f).lower().endswith(".zip") for f in files)):
            connections.close_all()  # the forked workers never touch the database
            gc.freeze()  # keep the collector from touching (and so copying) the parent's pages in every worker
            pool = multiprocessing.get_context("fork").Pool(workers)
        try:
            # A chunk is handed to the pool before the previous one is printed, so the workers never wait while
            # the parent reads the next files; at most two chunks of texts are in memory.
            queued = None
            while True:
                chunk = list(islice(items, CHUNK))
                if not chunk:
                    break
                good = [(item.name, item.result.text) for item in chunk if item.error is None]
                scored = iter(pool.imap(_score_one, good, chunksize=8) if pool else map(_score_one, good))
                if queued is not None:
                    self._print_chunk(*queued, counts)
                queued = (chunk, scored)
            if queued is not None:
                self._print_chunk(*queued, counts)
        finally:
            if pool is not None:
                pool.close()
                pool.join()
                gc.unfreeze()
            _JOB.clear()
        self._line(
            {
                "summary": True, **counts, "elapsed_seconds": round(time.perf_counter() - started, 3),
                "position": found.code, "engine_version": ENGINE_VERSION, "weights_version": weights.version,
                "historical_hires": hires, "weights": weights.effective(),
            }
        )

    def _print_chunk(self, chunk: list, scored, counts: dict[str, int]) -> None:
        """One line per item of ``chunk`` in input order: its result from ``scored``, or why it failed."""
        for item in chunk:
            counts["files"] += 1
            if item.error is not None:
                counts["failed"] += 1
                self._write(_failed_line(item))
            else:
                counts["scored"] += 1
                self._write(next(scored))

    def _line(self, data: dict) -> None:
        self._write(json.dumps(data, ensure_ascii=False))

    def _write(self, line: str) -> None:
        self.stdout.write(line)
        self.stdout.flush()
