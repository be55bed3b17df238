"""The one-way dependency rule of DESIGN §3: ``hrportal ← recruiting ← interviews ← {wecom, payroll}``.

Every ``.py`` file of the five apps is parsed with ``ast``; each import (module level or inside a
function, ``import x``, ``from x import y``, relative imports resolved) and each string passed to
``import_module("...")`` / ``importlib.import_module("...")`` counts. A module may import its own app
and apps of a lower rank only; ``wecom`` and ``payroll`` share a rank and must not import each other.
Lower layers reach upper ones through signals or registries they define themselves.

Exempt — the composition root, which by its nature names every app: ``hrportal/urls.py``,
``hrportal/settings*.py`` and ``hrportal/wsgi.py``. Nothing else is exempt.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RANK = {"hrportal": 0, "recruiting": 1, "interviews": 2, "wecom": 3, "payroll": 3}
EXEMPT_PATTERNS = ("hrportal/urls.py", "hrportal/settings*.py", "hrportal/wsgi.py")


def _module_name(relative: Path) -> str:
    parts = list(relative.with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(source: str, module: str, *, is_package: bool = False) -> list[tuple[int, str]]:
    """(line, dotted name) of everything ``source`` (the code of ``module``) imports."""
    tree = ast.parse(source)
    package_parts = module.split(".") if is_package else module.split(".")[:-1]
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package_parts[: len(package_parts) - (node.level - 1)] if node.level > 1 else package_parts
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.append((node.lineno, target))
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name == "import_module" and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    found.append((node.lineno, first.value))
    return found


def violations_in(source: str, module: str, *, is_package: bool = False) -> list[str]:
    """Human-readable rule breaks of one module (empty when it respects the layering)."""
    own_app = module.split(".")[0]
    own_rank = RANK[own_app]
    problems = []
    for line, target in imported_modules(source, module, is_package=is_package):
        app = target.split(".")[0]
        if app not in RANK or app == own_app:
            continue
        if RANK[app] > own_rank:
            problems.append(f"{module}:{line} imports {target} (rank {RANK[app]} > {own_app} rank {own_rank})")
        elif RANK[app] == own_rank:
            problems.append(f"{module}:{line} imports {target}: {own_app} and {app} must not depend on each other")
    return problems


def _is_exempt(relative: Path) -> bool:
    return any(relative.match(pattern) for pattern in EXEMPT_PATTERNS)


def project_modules():
    for app in RANK:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if not _is_exempt(relative):
                yield relative


def test_lower_apps_never_import_higher_ones():
    problems = []
    checked = 0
    for relative in project_modules():
        source = (ROOT / relative).read_text(encoding="utf-8")
        problems += violations_in(source, _module_name(relative), is_package=relative.name == "__init__.py")
        checked += 1
    assert checked > 10, "the structure test found almost no modules: wrong ROOT?"
    assert not problems, "Layering rule broken (DESIGN §3):\n" + "\n".join(problems)


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("hrportal.dashboard", "from recruiting.models import Position\n"),
        ("recruiting.services", "def f():\n    import interviews.models\n"),
        ("interviews.calibration.jobs", "from payroll import costs\n"),
        ("wecom.outbox.services", "from payroll.models import Offer\n"),
        ("payroll.offers", "import wecom.protocol.client as client\n"),
        ("recruiting.signals", "from importlib import import_module\nimport_module('interviews.registry')\n"),
        ("recruiting.views", "import importlib\nimportlib.import_module('wecom.transport')\n"),
    ],
)
def test_checker_catches_a_planted_bad_import(module, source):
    assert violations_in(source, module), f"planted import in {module} was not reported"


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("payroll.offers", "from interviews.models import Interview\nfrom recruiting import access\nimport hrportal\n"),
        ("wecom.callbacks.views", "from . import crypto\nfrom .client import WeComClient\nimport django\n"),
        ("recruiting.views", "from hrportal import policy\nimport_module('recruiting.screening_runs.jobs')\n"),
    ],
)
def test_checker_accepts_allowed_imports(module, source):
    assert violations_in(source, module) == []


def test_composition_root_is_the_only_exemption():
    assert _is_exempt(Path("hrportal/urls.py"))
    assert _is_exempt(Path("hrportal/settings_production.py"))
    assert not _is_exempt(Path("hrportal/views.py"))
    assert not _is_exempt(Path("recruiting/urls.py"))
