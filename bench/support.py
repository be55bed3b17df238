"""Helpers the benchmarks share: Django set up against a given database, a scratch PostgreSQL database, a free
port, and stopping a child process politely."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
from urllib.parse import urlsplit, urlunsplit


def configure_django(database_url: str) -> None:
    """Set Django up on ``database_url`` as the benchmarks run it: no .env, no Redis (in-process jobs), DEBUG off."""
    os.environ["HRPORTAL_SKIP_DOTENV"] = "1"
    os.environ["DATABASE_URL"] = database_url
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hrportal.settings")
    os.environ.setdefault("DEBUG", "0")
    import django

    django.setup()


def scratch_database(base_url: str, name: str, *, drop: bool = False) -> str:
    """(Re)create database ``name`` on the server of ``base_url`` — or only drop it — and return its URL."""
    import psycopg

    with psycopg.connect(base_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop:
            conn.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(base_url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop(proc: subprocess.Popen) -> None:
    """SIGTERM, then SIGKILL after 15 s."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
