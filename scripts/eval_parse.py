#!/usr/bin/env python
"""Parse accuracy on the hand-annotated evaluation set ``tests/screening/eval/bios.jsonl`` (issue 13).

    .venv/bin/python scripts/eval_parse.py [--split dev|heldout|all] [--errors] [--file PATH]

Each line of the set: ``text``, ``degree`` (canonical level or null), ``titles`` (job titles) and
``professional_titles``, plus ``id``, ``split`` (dev: used while writing the rules; heldout: measured at the
end only) and ``shape`` (prose, section, table, english, mixed, fragment).

Measures, per split and per shape:
- highest-degree accuracy: ``parse_resume(text).highest_degree`` equals the annotated level (null = null);
- job-title precision and recall, micro-averaged: per document, the predicted and annotated titles are sets of
  strings after normalisation (full-width → half-width, ASCII lower-cased, whitespace removed); a predicted
  title counts only if it matches an annotated one exactly (no partial credit: "某某协会副会长" against "副会长"
  is one false positive and one miss);
- the same for professional titles.
Parsing is pure engine (no Django, no skill lexicon), ``as_of`` 2026-12-07.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from recruiting.screening import parse_resume  # noqa: E402
from recruiting.screening.normalise import ascii_lower, to_half_width  # noqa: E402

AS_OF = date(2026, 12, 7)
DEFAULT = ROOT / "tests" / "screening" / "eval" / "bios.jsonl"


def norm(value: str) -> str:
    return "".join(ascii_lower(to_half_width(value)).split())


class Tally:
    def __init__(self) -> None:
        self.docs = self.degree_ok = 0
        self.t = [0, 0, 0]  # true positives, predicted, annotated
        self.p = [0, 0, 0]

    def add(self, degree_ok: bool, titles: tuple[set, set], professional: tuple[set, set]) -> None:
        self.docs += 1
        self.degree_ok += degree_ok
        for counts, (pred, gold) in ((self.t, titles), (self.p, professional)):
            counts[0] += len(pred & gold)
            counts[1] += len(pred)
            counts[2] += len(gold)

    @staticmethod
    def _pr(counts: list[int]) -> str:
        precision = counts[0] / counts[1] if counts[1] else 1.0
        recall = counts[0] / counts[2] if counts[2] else 1.0
        return f"P {precision:6.1%} R {recall:6.1%} ({counts[0]}/{counts[1]} pred, {counts[0]}/{counts[2]} gold)"

    def line(self, label: str) -> str:
        return (f"{label:<18} n={self.docs:<4} degree {self.degree_ok / self.docs:6.1%}  "
                f"titles {self._pr(self.t)}  professional {self._pr(self.p)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", default="dev", choices=("dev", "heldout", "all"))
    parser.add_argument("--file", default=str(DEFAULT))
    parser.add_argument("--errors", action="store_true", help="print every document with a wrong field")
    args = parser.parse_args()
    rows = [json.loads(line) for line in Path(args.file).read_text(encoding="utf-8").splitlines() if line.strip()]
    if args.split != "all":
        rows = [row for row in rows if row["split"] == args.split]
    tallies: dict[str, Tally] = defaultdict(Tally)
    for row in rows:
        parsed = parse_resume(row["text"], as_of=AS_OF)
        degree_ok = parsed.highest_degree == row["degree"]
        titles = ({norm(t) for t in parsed.titles}, {norm(t) for t in row["titles"]})
        professional = ({norm(t) for t in parsed.professional_titles}, {norm(t) for t in row["professional_titles"]})
        for key in ("all", f"{row['split']}", f"{row['split']}/{row['shape']}"):
            tallies[key].add(degree_ok, titles, professional)
        if args.errors and (not degree_ok or titles[0] != titles[1] or professional[0] != professional[1]):
            print(f"--- {row['id']} ({row['shape']}): {row['text'][:90]!r}")
            if not degree_ok:
                print(f"    degree: got {parsed.highest_degree}, want {row['degree']}")
            if titles[0] != titles[1]:
                print(f"    titles: extra {sorted(titles[0] - titles[1])}, missing {sorted(titles[1] - titles[0])}")
            if professional[0] != professional[1]:
                print(f"    professional: extra {sorted(professional[0] - professional[1])}, "
                      f"missing {sorted(professional[1] - professional[0])}")
    for key in sorted(tallies, key=lambda k: (k != "all", k)):
        print(tallies[key].line(key))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
