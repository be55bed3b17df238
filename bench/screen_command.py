#!/usr/bin/env python
"""Benchmark: ``manage.py screen --position CODE`` on N text resumes, end to end as a user runs it (issue 13).

    .venv/bin/python bench/screen_command.py [-n 1000] [--repeat 5]

Sets up a scratch SQLite database with the small demo company (once, not timed), writes N generated zh/en text
resumes (bench/screening.py's generator, 2–4 KB each) to a temp dir, then times, as fresh processes:
- ``python manage.py screen --position CODE FILE…`` (process start, Django set-up, parse, score, one JSON line
  per file to /dev/null): pooled (the default) and ``--workers 1``, with the screening cache of the scratch
  directory warm (the position's query terms stored by an earlier run, as from a user's second run on);
  pooled as the first run for a position (its query terms removed from the cache before every run: jieba and
  its tables load in the run, from the cache); and pooled with an empty cache directory (a fresh install:
  everything is derived from jieba's files and stored);
- jieba alone on the same files: a fresh process that imports jieba, loads its dictionary into a private
  ``jieba.Tokenizer`` and cuts every file with HMM off (the engine's setting), and once with ``jieba.lcut``
  defaults (HMM on). jieba's own dictionary cache (in the temp dir) is warm for it, as for the cold run.
The machine may be shared: the commands run round-robin (one of each per round) so that a burst of other work
hits all of them alike; the script prints the median and best wall time of each, its median CPU time (user +
system, the pool's workers included: what a run costs whatever else runs), the median of the per-round ratios
screen / jieba-alone, and the load average (targets: ≥ 300 resumes/s, ≤ 2× jieba alone). It also checks that
the pooled, first-run, empty-cache and serial runs print the same lines in the same order.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
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
            "SCREENING_CACHE_DIR": f"{scratch}/cache",
        }
    )
    env.pop("REDIS_URL", None)
    return env


def _cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed_once(command: list[str], env: dict[str, str], out: str | None = None, before=None) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system, the pool's workers included) of one fresh process."""
    if before is not None:
        before()
    with open(out or os.devnull, "w") as sink:
        cpu = _cpu_of_children()
        started = time.perf_counter()
        subprocess.run(command, env=env, stdout=sink, check=True, cwd=str(ROOT))
        return time.perf_counter() - started, _cpu_of_children() - cpu


def _load() -> str:
    return "/".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
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
    print(f"{args.n} text resumes, position {code}, {args.repeat} rounds of fresh processes, round-robin")
    screen = [python, manage, "screen", "--position", code, "--as-of", "2026-11-01", *files]
    cache = Path(scratch) / "cache"
    outputs = {name: f"{scratch}/{name}.jsonl" for name in ("serial", "pooled", "cold", "empty")}

    def forget_positions() -> None:
        for path in cache.glob("query-terms-*"):
            path.unlink()

    commands = {
        "pooled": (screen, outputs["pooled"], None),
        "serial": ([*screen, "--workers", "1"], outputs["serial"], None),
        "cold": (screen, outputs["cold"], forget_positions),
        "empty": (screen, outputs["empty"], lambda: shutil.rmtree(cache, ignore_errors=True)),
        "jieba_off": ([python, "-c", JIEBA_ALONE, "nohmm", *files], None, None),
        "jieba_on": ([python, "-c", JIEBA_ALONE, "hmm", *files], None, None),
    }
    _timed_once(screen, env)  # warm-up, not timed: stores the position's query terms, jieba's own cache
    _timed_once(commands["jieba_off"][0], env)
    times: dict[str, list[float]] = {name: [] for name in commands}
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    loads = [_load()]
    for _ in range(args.repeat):
        for name, (command, out, before) in commands.items():
            wall, used = _timed_once(command, env, out, before)
            times[name].append(wall)
            cpu[name].append(used)
        loads.append(_load())

    def row(label: str, name: str, ratio: bool = True) -> None:
        values = times[name]
        median = statistics.median(values)
        line = (f"  {label:<52} median {median:6.2f} s = {args.n / median:4.0f}/s  "
                f"(best {min(values):5.2f} s = {args.n / min(values):4.0f}/s; CPU {statistics.median(cpu[name]):5.2f} s)")
        if ratio:
            ratios = [t / j for t, j in zip(values, times["jieba_off"], strict=True)]
            line += f"  = {statistics.median(ratios):.2f}× jieba alone (median of rounds)"
        print(line)

    row("jieba alone (private tokenizer, HMM off)", "jieba_off", ratio=False)
    row("jieba alone (HMM on, jieba defaults)", "jieba_on", ratio=False)
    row("manage.py screen --workers 1 (cache warm)", "serial")
    row("manage.py screen (default pool, cache warm)", "pooled")
    row("manage.py screen (pool, first run for the position)", "cold")
    row("manage.py screen (pool, empty cache directory)", "empty")
    print("  targets: ≥ 300 resumes/s, ≤ 2× jieba alone")
    print("  load average (1/5/15 min) before and after each round:", ", ".join(loads))

    def lines(name: str) -> list[str]:
        return [line for line in Path(outputs[name]).read_text().splitlines() if '"summary"' not in line]

    same = lines("pooled") == lines("serial") == lines("cold") == lines("empty")
    print(f"  pooled, first-run and empty-cache output identical to serial, same order: {same}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
