"""Production settings: `check --deploy` is clean, and missing secrets stop the start."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run_check(extra_env: dict) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FIELD_", "SECRET_KEY", "DEBUG"))}
    env.update({"HRPORTAL_SKIP_DOTENV": "1", "DJANGO_SETTINGS_MODULE": "hrportal.settings_production"})
    env.update(extra_env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )


def test_check_deploy_reports_nothing_with_real_secrets():
    done = _run_check(
        {
            "SECRET_KEY": "x" * 20 + "a-long-random-production-secret-key-for-the-test-1234567890",
            "FIELD_ENCRYPTION_KEYS": "k1:" + "A" * 43,
            "FIELD_HASH_KEY": "B" * 43,
            "ALLOWED_HOSTS": "hr.example.com",
        }
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout


def test_production_refuses_to_start_without_secrets():
    done = _run_check({})
    assert done.returncode != 0
    assert "SECRET_KEY must be set" in done.stderr


def test_outbox_tuning_comes_from_the_environment():
    env = {k: v for k, v in os.environ.items() if not k.startswith("OUTBOX_")}
    env.update({"OUTBOX_DRAIN_CONCURRENCY": "4", "OUTBOX_LEASE_SECONDS": " ", "DJANGO_SETTINGS_MODULE": "hrportal.settings"})
    code = (
        "import django; django.setup(); from wecom.outbox import jobs, retry; "
        "print(retry.setting('OUTBOX_DRAIN_CONCURRENCY', 2), retry.lease().total_seconds(), jobs.drain_seconds())"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["4", "300.0", "60.0"]
