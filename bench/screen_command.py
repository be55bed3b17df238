#!/usr/bin/env python
"""Benchmark: ``manage.py screen --position CODE`` on N text resumes, end to end as a user runs it (issue 13).

    .venv/bin/python bench/screen_command.py [-n 1000] [--repeat 3] [--workers auto|1|2]

Sets up a scratch SQLite database with the small demo company (once, not timed), writes N generated zh/en text
resumes (bench/screening.py's generator, 2–4 KB each) to a temp dir, then times, as fresh processes:
- ``python manage.py screen --position CODE FILE…`` (process start, Django set-up, jieba dictionary load, parse,
  score, one JSON line per file to /dev/null);
- jieba alone on the same files: a fresh process that imports jieba, loads its dictionary into a private
  ``jieba.Tokenizer`` and cuts every file with HMM off (the engine's setting), and once with ``jieba.lcut``
  defaults (HMM on).
Prints the best of ``--repeat`` wall times, resumes/s and the ratio screen / jieba-alone (targets: ≥ 300/s,
≤ 2×). Also checks that the pooled run prints the same lines in the same order as a serial run.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

JIEBA_ALONE = """
import sys, jieba, logging
jieba.setLogLevel(logging.WARNING)
tokenizer = jieba.Tokenizer()
tokenizer.initialize()
hmm = sys.argv[1] == "hmm"
for path in sys.argv[2:]:
    with open(path, encoding="utf-8") as handle:
        list(tokenizer.cut(handle.read(), HMM=hmm))
"""


def _env(scratch: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "HRPORTAL_SKIP_DOTENV": "1",
            "DJANGO_SETTINGS_MODULE": "hrportal.settings",
            "DATABASE_URL": f"sqlite:///{scratch}/bench.sqlite3",
            "MEDIA_ROOT": f"{scratch}/media",
        }
    )
    env.pop("REDIS_URL", None)
    return env


def _timed(command: list[str], env: dict[str, str], repeat: int, out: str | None = None) -> float:
    best = float("inf")
    for _ in range(repeat):
        with open(out or os.devnull, "w") as sink:
            started = time.perf_counter()
            subprocess.run(command, env=env, stdout=sink, check=True, cwd=str(ROOT))
            best = min(best, time.perf_counter() - started)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    scratch = tempfile.mkdtemp(prefix="hrportal-screen-bench-")
    env = _env(scratch)
    python = sys.executable
    manage = str(ROOT / "manage.py")
    subprocess.run([python, manage, "migrate", "--verbosity", "0"], env=env, check=True, cwd=str(ROOT))
    subprocess.run([python, manage, "seed_demo", "--small", "--no-accounts", "--verbosity", "0"], env=env, check=True,
                   cwd=str(ROOT), stdout=subprocess.DEVNULL)
    code = subprocess.run(
        [python, manage, "shell", "-c", "from recruiting.models import Position; print(Position.objects.order_by('code').first().code)"],
        env=env, check=True, cwd=str(ROOT), capture_output=True, text=True,
    ).stdout.strip().splitlines()[-1]

    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_screening", ROOT / "bench" / "screening.py")
    bench_screening = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench_screening)
    folder = Path(scratch) / "resumes"
    folder.mkdir()
    files = []
    for index, text in enumerate(bench_screening.generate_resumes(args.n)):
        path = folder / f"{index:05d}.txt"
        path.write_text(text, encoding="utf-8")
        files.append(str(path))

    print("Machine:", bench_screening.machine())
    print(f"{args.n} text resumes, position {code}, best of {args.repeat} fresh processes each")
    screen = [python, manage, "screen", "--position", code, "--as-of", "2026-11-01", *files]
    serial_out, pooled_out = f"{scratch}/serial.jsonl", f"{scratch}/pooled.jsonl"
    serial = _timed([*screen, "--workers", "1"], env, args.repeat, serial_out)
    pooled = _timed(screen, env, args.repeat, pooled_out)
    jieba_off = _timed([python, "-c", JIEBA_ALONE, "nohmm", *files], env, args.repeat)
    jieba_on = _timed([python, "-c", JIEBA_ALONE, "hmm", *files], env, args.repeat)
    same = [line for line in Path(serial_out).read_text().splitlines() if '"summary"' not in line] == [
        line for line in Path(pooled_out).read_text().splitlines() if '"summary"' not in line
    ]
    print(f"  jieba alone (private tokenizer, HMM off):  {jieba_off:6.2f} s = {args.n / jieba_off:5.0f} resumes/s")
    print(f"  jieba alone (HMM on, jieba defaults):      {jieba_on:6.2f} s = {args.n / jieba_on:5.0f} resumes/s")
    print(f"  manage.py screen --workers 1:              {serial:6.2f} s = {args.n / serial:5.0f} resumes/s "
          f"= {serial / jieba_off:.2f}× jieba alone")
    print(f"  manage.py screen (default: pool for large batches): {pooled:6.2f} s = {args.n / pooled:5.0f} resumes/s "
          f"= {pooled / jieba_off:.2f}× jieba alone (targets ≥ 300/s, ≤ 2×)")
    print(f"  pooled output identical to serial, same order: {same}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
