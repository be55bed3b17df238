"""Numeric settings from the environment are checked in one place (hrportal/envvars.py): a fraction where
one is meant works, and bad values stop the start with one message naming every one of them."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from hrportal.envvars import NumericEnv

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args: str, **env_overrides: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update({"HRPORTAL_SKIP_DOTENV": "1", **env_overrides})
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120, check=False)


def test_a_fractional_stall_time_is_accepted_by_every_command():
    done = _manage("shell", "-c", "from django.conf import settings; print(settings.SCREENING_STALL_MINUTES)",
                   SCREENING_STALL_MINUTES="0.25")
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "0.25"


def test_bad_numbers_stop_the_start_with_one_message_naming_each():
    done = _manage("check", SCREENING_CHUNK_SIZE="ten", OUTBOX_MAX_ATTEMPTS="-3", WECOM_TIMEOUT="0")
    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr
    for expected in ("SCREENING_CHUNK_SIZE='ten': expected a whole number",
                     "OUTBOX_MAX_ATTEMPTS='-3': out of range (>= 0)", "WECOM_TIMEOUT='0': must be greater than 0"):
        assert expected in done.stderr
    assert "ValueError" not in done.stderr


def test_the_reader_keeps_defaults_and_collects_problems():
    numbers = NumericEnv({"A": " 7 ", "B": "", "C": "1.5", "D": "nan", "E": "24"})
    assert numbers.int("A", 1) == 7
    assert numbers.int("B", 3) == 3 and numbers.int("MISSING", None) is None
    assert numbers.float("C", 0.0, above=0) == 1.5
    assert numbers.int("C", 2) == 2 and numbers.float("D", 1.0) == 1.0
    assert numbers.int("E", 10, minimum=0, maximum=23) == 10
    with pytest.raises(ImproperlyConfigured) as raised:
        numbers.check()
    message = str(raised.value)
    assert "C='1.5'" in message and "D='nan'" in message and "E='24'" in message
    assert NumericEnv({"X": "5"}).check() is None
