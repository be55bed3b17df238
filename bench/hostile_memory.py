"""Peak memory and time of extracting each file of the hostile corpus (issue 14 item 3), one fresh child
process per file so that each figure is that file's own peak RSS (VmHWM of the child, Linux).

    .venv/bin/python bench/hostile_memory.py [--small] [--names a.docx,b.pdf]

Prints one line per file: kind, size, outcome, peak RSS (MB), wall time (s); and the child's peak RSS after the
imports alone, for reference. Target: under 300 MB for any single file. Pure engine, no database.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.screening.hostile_corpus import corpus  # noqa: E402

CHILD = r"""
import json, sys, time
def hwm_kb():  # VmHWM: this process's own peak (ru_maxrss would carry the parent's peak across exec)
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
from recruiting.screening import iter_batch
from recruiting.screening.limits import Limits
path, name = sys.argv[1], sys.argv[2]
data = open(path, "rb").read() if name != "-" else b""
base = hwm_kb()
started = time.perf_counter()
outcomes = [] if name == "-" else ["ok" if i.ok else i.error.code for i in iter_batch(data, name, Limits(ocr=False))]
elapsed = time.perf_counter() - started
print(json.dumps({"outcomes": outcomes, "peak_kb": hwm_kb(),
                  "base_kb": base, "seconds": elapsed}))
"""


def measure(path: Path, name: str) -> dict:
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", CHILD, str(path), name], capture_output=True, text=True, cwd=ROOT, check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--small", action="store_true", help="the shrunk corpus of the fast tests")
    parser.add_argument("--names", default="", help="comma-separated subset")
    args = parser.parse_args()
    print(f"# machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    files = corpus(full_size=not args.small)
    wanted = {n for n in args.names.split(",") if n}
    with tempfile.TemporaryDirectory() as tmp:
        empty = Path(tmp) / "-"
        empty.write_bytes(b"")
        baseline = measure(empty, "-")
        print(f"# child after imports: {baseline['peak_kb'] / 1024:.0f} MB")
        print(f"{'file':24} {'kind':5} {'size MB':>8} {'outcome':12} {'peak RSS MB':>11} {'seconds':>8}")
        worst = 0.0
        for name, (data, _) in files.items():
            if wanted and name not in wanted:
                continue
            path = Path(tmp) / name
            path.write_bytes(data)
            result = measure(path, name)
            peak = result["peak_kb"] / 1024
            worst = max(worst, peak)
            kind = name.rsplit(".", 1)[-1]
            outcome = ",".join(sorted(set(result["outcomes"])))
            print(f"{name:24} {kind:5} {len(data) / 2**20:8.1f} {outcome:12} {peak:11.0f} {result['seconds']:8.2f}")
            path.unlink()
        print(f"# worst peak RSS: {worst:.0f} MB (target < 300 MB)")


if __name__ == "__main__":
    main()
