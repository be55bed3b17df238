"""Shared fixtures: one user per role, and a small EHR (department, position, candidate, application)."""
from __future__ import annotations

import os
import time
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection

from hrportal.roles import Role

pytest_plugins = ["tests.fakes.fake_wecom", "tests.fakes.fake_openai"]


def make_user(username: str, *roles: Role, superuser: bool = False) -> User:
    user = User.objects.create_user(username=username, password="pw-" + username + "-123456")
    if superuser:
        user.is_superuser = True
        user.is_staff = True
        user.save()
    for role in roles:
        user.groups.add(Group.objects.get_or_create(name=role.value)[0])
    return user


@pytest.fixture
def users(db):
    return {
        "hr": make_user("hr_zhang", Role.HR),
        "manager": make_user("mgr_li", Role.MANAGER),
        "interviewer": make_user("iv_wang", Role.INTERVIEWER),
        "finance": make_user("fin_zhao", Role.FINANCE),
        "admin": make_user("admin_chen", Role.ADMIN, superuser=True),
    }


@pytest.fixture
def ehr(db, users):
    """A department with a position (two competencies) and one applicant; the manager belongs to it."""
    from recruiting.models import (
        Application,
        Candidate,
        Competency,
        Department,
        Employee,
        Position,
        PositionCompetency,
        Skill,
    )

    sales = Department.objects.create(code="SALES", name="销售部", name_en="Sales")
    other = Department.objects.create(code="RD", name="研发部", name_en="R&D")
    Employee.objects.create(
        employee_no="E0001", name="李经理", user=users["manager"], department=sales, hire_date="2020-01-01",
        phone="13800001111", base_salary=Decimal("30000"),
    )
    python = Skill.objects.create(name="Python", category="编程", aliases=["python3", "py"])
    comm = Competency.objects.create(
        code="COMM", name_zh="沟通能力", name_en="Communication", anchor_1="表达不清", anchor_3="表达清楚", anchor_5="善于说服",
        evidence_keywords=["沟通", "协调"],
    )
    drive = Competency.objects.create(
        code="DRIVE", name_zh="结果导向", name_en="Drive for results", anchor_1="被动", anchor_3="完成目标", anchor_5="超额完成",
        evidence_keywords=["业绩", "目标"],
    )
    position = Position.objects.create(
        code="SM-01", title_zh="销售经理", title_en="Sales Manager", department=sales, status=Position.Status.OPEN,
        min_years=3, salary_min=Decimal("15000"), salary_max=Decimal("25000"),
    )
    pc = PositionCompetency.objects.create(position=position, competency=comm, weight=Decimal("60"))
    pc.must_have_skills.add(python)
    PositionCompetency.objects.create(position=position, competency=drive, weight=Decimal("40"))
    rd_position = Position.objects.create(
        code="RD-01", title_zh="研发工程师", title_en="R&D Engineer", department=other, status=Position.Status.OPEN
    )
    candidate = Candidate.objects.create(
        name="王小明", phone="13912345678", email="xiaoming@example.com", city="上海", expected_salary=Decimal("20000")
    )
    application = Application.objects.create(candidate=candidate, position=position)
    rd_candidate = Candidate.objects.create(name="赵研发", phone="13700000000", email="rd@example.com")
    rd_application = Application.objects.create(candidate=rd_candidate, position=rd_position)
    return {
        "sales": sales, "rd": other, "position": position, "rd_position": rd_position, "candidate": candidate,
        "application": application, "rd_candidate": rd_candidate, "rd_application": rd_application,
        "competencies": [comm, drive], "skill": python,
    }


@pytest.fixture(autouse=True)
def _jobs_in_process_unless_about_the_queue(request, settings):
    """Jobs run in-process (the embedded default) in every test that does not ask for ``redis_url``:
    with REDIS_URL set (CI) they would otherwise wait in a queue no worker reads. Tests about the
    queue itself request the ``redis_url`` fixture and run real workers."""
    if "redis_url" not in request.fixturenames:
        settings.REDIS_URL = ""


@pytest.fixture
def redis_url(settings):
    """The configured Redis (REDIS_URL), flushed; tests about the queue skip on the embedded default."""
    import os

    url = os.environ.get("REDIS_URL") or settings.REDIS_URL
    settings.REDIS_URL = url
    if not url:
        pytest.skip("REDIS_URL is not set: queue behaviour is tested against a real Redis (CI sets it)")
    import redis

    client = redis.Redis.from_url(url)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as exc:
        pytest.fail(f"REDIS_URL={url} is set but Redis does not answer: {exc}")
    client.flushdb()
    yield url
    client.flushdb()


def test_database_url() -> str:
    """The URL of the test database (PostgreSQL), for a worker subprocess that must share it."""
    db = connection.settings_dict
    return f"postgres://{db['USER'] or ''}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def worker_env(*, redis_url: str | None = None, **overrides) -> dict:
    """The environment of a worker subprocess: the test database, Redis (the suite's, or ``redis_url``), the
    same secrets and keys, and ``overrides`` (settings as environment variables)."""
    from django.conf import settings

    env = dict(os.environ)
    env.update({
        "HRPORTAL_SKIP_DOTENV": "1",
        "DATABASE_URL": test_database_url(),
        "REDIS_URL": redis_url or settings.REDIS_URL,
        "SECRET_KEY": settings.SECRET_KEY,
        "FIELD_ENCRYPTION_KEYS": settings.FIELD_ENCRYPTION_KEYS,
        "FIELD_HASH_KEY": settings.FIELD_HASH_KEY,
    })
    env.update({name: str(value) for name, value in overrides.items()})
    return env


def run_rq_worker_burst(*queues: str, env_overrides: dict | None = None, timeout: int = 120):
    """Run a real `manage.py rqworker --burst` in a subprocess against the test database."""
    import subprocess
    import sys

    if connection.settings_dict["ENGINE"].endswith("sqlite3"):
        pytest.skip("a worker subprocess needs a database it can share: run with DATABASE_URL (PostgreSQL)")
    root = Path(__file__).resolve().parent.parent
    return subprocess.run(
        [sys.executable, "manage.py", "rqworker", "--burst", *queues],
        cwd=root, env=worker_env(**(env_overrides or {})), capture_output=True, text=True, timeout=timeout,
        check=False,
    )


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """PBKDF2 is most of a test's run time when fixtures create users; tests do not measure it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the default language (zh-hans): LocaleMiddleware leaves the language of the
    last request active in the thread, so an English page in one test would make the next one English."""
    from django.conf import settings as django_settings
    from django.utils import translation

    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


def run_at_once(func, *, threads: int = 2) -> list:
    """Call ``func()`` from ``threads`` threads released together by a barrier (a race, as two workers or two
    clicks make one); each thread closes its database connections. Returns the results in finishing order; a
    thread that raised contributes its exception, for the test's assertion to show."""
    import threading

    from django.db import connections

    barrier = threading.Barrier(threads)
    results: list = []

    def run():
        try:
            barrier.wait()
            results.append(func())
        except Exception as exc:  # noqa: BLE001 - reported by the caller's assertion
            results.append(exc)
        finally:
            connections.close_all()

    started = [threading.Thread(target=run) for _ in range(threads)]
    for thread in started:
        thread.start()
    for thread in started:
        thread.join()
    return results


# --- processes and sessions left by real workers (queue and fault tests) -------------------------------


def descendants(pid: int) -> list[int]:
    """Ids of the processes below ``pid`` (from /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = [], [pid]
    while frontier:
        children = [child for child, parent in parents.items() if parent in frontier]
        found.extend(children)
        frontier = children
    return found


def wait_other_sessions_gone(timeout: float = 30) -> None:
    """PostgreSQL drops a killed worker's session a moment later; the test database can only be dropped then."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                           "AND pid <> pg_backend_pid()")
            if cursor.fetchone()[0] == 0:
                return
        time.sleep(0.2)
