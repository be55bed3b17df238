#!/usr/bin/env python
"""Extract gettext strings of the portal into the English catalog (locale/en/LC_MESSAGES/django.po).

Source strings are Simplified Chinese; the English catalog must translate every one of them.
`--locale-dir` writes into another folder (the staleness test uses a temporary copy).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IGNORE = [".venv/*", "tests/*", "bench/*", "docs/*", "scripts/*", "staticfiles/*", "var/*", "static/vendor/*", "build/*"]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--locale-dir", default=str(ROOT / "locale"))
    args = parser.parse_args()
    env = dict(os.environ, HRPORTAL_LOCALE_DIR=args.locale_dir, HRPORTAL_SKIP_DOTENV="1")
    cmd = [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-location", "--no-obsolete"]
    for pattern in IGNORE:
        cmd += ["--ignore", pattern]
    return subprocess.run(cmd, cwd=ROOT, env=env, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
