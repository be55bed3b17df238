"""manage.py screen --position CODE FILE... — parse and score resumes against a position.

Prints one JSON line per document (``file``, ``score``, ``flags``, ``breakdown``, plus matched skills and
missing must-haves; ``--explain`` adds the Chinese and English explanation) and a final summary line
with counts and elapsed seconds. A zip is expanded into its members. A file that cannot be read gets
``score: null``, an ``extraction_failed`` flag and its error, and the batch goes on.
"""

from __future__ import annotations

import json
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from recruiting.engine_inputs import build_engine, position_model
from recruiting.management.commands.parse_resume import _parse_date
from recruiting.models import Position
from recruiting.screening import DEFAULT_WEIGHTS, ENGINE_VERSION, iter_paths, normalise
from recruiting.weighting.services import active_weights


class Command(BaseCommand):
    help = "Parse and score resume files against a position; one JSON line per file and a summary line."

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

    def handle(self, *args, files, position, explain=False, no_history=False, similarity="match", as_of=None, **options):
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
        for item in iter_paths(files):
            counts["files"] += 1
            if item.error is not None:
                counts["failed"] += 1
                self._line(
                    {
                        "file": item.name, "score": None,
                        "flags": [{
                            "code": "extraction_failed", "subject": item.error.code,
                            "message_zh": item.error.message_zh, "message_en": item.error.message_en,
                        }],
                        "breakdown": None, "error": item.error.to_json(),
                    }
                )
                continue
            parsed = engine.parse(normalise(item.result.text), as_of=as_of_date)
            result = engine.score(parsed, model, weights)
            counts["scored"] += 1
            line = {
                "file": item.name,
                "score": float(result.score),
                "flags": [flag.to_json() for flag in result.flags],
                "breakdown": {name: c.to_json() for name, c in result.breakdown.items()},
                "matched_skills": result.matched_skills,
                "missing_must_haves": result.missing_must_haves,
                "candidate": {"name": parsed.name, "years_experience": parsed.years_experience,
                              "highest_degree": parsed.highest_degree},
                "engine_version": result.engine_version,
                "inputs_hash": result.inputs_hash,
            }
            if explain:
                line["explanation_zh"] = result.explanation_zh
                line["explanation_en"] = result.explanation_en
            self._line(line)
        self._line(
            {
                "summary": True, **counts, "elapsed_seconds": round(time.perf_counter() - started, 3),
                "position": found.code, "engine_version": ENGINE_VERSION, "weights_version": weights.version,
                "historical_hires": hires, "weights": weights.effective(),
            }
        )

    def _line(self, data: dict) -> None:
        self.stdout.write(json.dumps(data, ensure_ascii=False))
        self.stdout.flush()
