"""The structure rules of DESIGN §3, checked on the code itself.

1. The one-way dependency rule: ``hrportal ← recruiting ← interviews ← {wecom, payroll} ← api``.
2. No import circles between modules (inside an app or across apps): a module never reaches itself by
   following imports. Imports inside functions count like module-level ones — moving an import into a
   function only hides a circle, it does not remove it.

Every ``.py`` file of the six apps is parsed with ``ast``; each import (module level or inside a
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
# api (issue 21) sits on top: it reads recruiting, interviews and payroll and delivers webhooks through the
# wecom outbox, so it must be above both rank-3 apps; nothing below may import it (they reach it through
# signals and the outbox's transport registry).
RANK = {"hrportal": 0, "recruiting": 1, "interviews": 2, "wecom": 3, "payroll": 3, "api": 4}
EXEMPT_PATTERNS = ("hrportal/urls.py", "hrportal/settings*.py", "hrportal/wsgi.py")


def _module_name(relative: Path) -> str:
    parts = list(relative.with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(source: str, module: str, *, is_package: bool = False):
    """(line, dotted target, names taken from it) for every import in ``source`` (the code of ``module``):
    ``import x``, ``from x import y`` (relative ones resolved), and ``import_module("x")`` strings."""
    tree = ast.parse(source)
    package_parts = module.split(".") if is_package else module.split(".")[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, ()
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package_parts[: len(package_parts) - (node.level - 1)] if node.level > 1 else package_parts
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            yield node.lineno, target, tuple(alias.name for alias in node.names)
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name == "import_module" and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    yield node.lineno, first.value, ()


def imported_modules(source: str, module: str, *, is_package: bool = False) -> list[tuple[int, str]]:
    """(line, dotted name) of everything ``source`` (the code of ``module``) imports."""
    return [(line, target) for line, target, _names in _imports(source, module, is_package=is_package)]


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


def module_graph(sources: dict[str, tuple[str, bool]]) -> dict[str, set[str]]:
    """``{module: {project modules it imports}}`` for ``{module: (source, is_package)}``.

    ``from pkg import name`` points at ``pkg.name`` when that is a module of the project, else at ``pkg``."""
    graph: dict[str, set[str]] = {}
    for module, (source, is_package) in sources.items():
        edges = graph.setdefault(module, set())
        for _line, target, names in _imports(source, module, is_package=is_package):
            resolved = [f"{target}.{name}" if f"{target}.{name}" in sources else target for name in names]
            for each in resolved or [target]:
                if each in sources and each != module:
                    edges.add(each)
    return graph


def import_circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each sorted, the list sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []
    counter = 0

    def visit(start: str) -> None:
        nonlocal counter
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    circles.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return sorted(circles)


def _project_sources() -> dict[str, tuple[str, bool]]:
    sources = {}
    for app in RANK:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if "migrations" in relative.parts:
                continue
            sources[_module_name(relative)] = (path.read_text(encoding="utf-8"), path.name == "__init__.py")
    return sources


def test_no_import_circles():
    circles = import_circles(module_graph(_project_sources()))
    assert not circles, "Import circles (DESIGN §3; a function-level import still counts):\n" + "\n".join(
        " → ".join(group) for group in circles
    )


def test_circle_checker_finds_a_circle_hidden_in_a_function():
    sources = {
        "wecom.outbox.services": ("def wake():\n    from wecom.outbox import jobs\n", False),
        "wecom.outbox.jobs": ("from wecom.outbox.services import wake\n", False),
        "wecom.outbox": ("", True),
        "wecom.cards": ("from wecom.outbox import services\n", False),
    }
    assert import_circles(module_graph(sources)) == [["wecom.outbox.jobs", "wecom.outbox.services"]]


def test_circle_checker_accepts_a_one_way_chain():
    sources = {
        "wecom.outbox.services": ("import logging\n", False),
        "wecom.outbox.jobs": ("from . import services\n", False),
        "wecom.outbox": ("", True),
        "wecom.cards": ("from wecom.outbox import jobs, services\n", False),
    }
    assert import_circles(module_graph(sources)) == []


def test_composition_root_is_the_only_exemption():
    assert _is_exempt(Path("hrportal/urls.py"))
    assert _is_exempt(Path("hrportal/settings_production.py"))
    assert not _is_exempt(Path("hrportal/views.py"))
    assert not _is_exempt(Path("recruiting/urls.py"))


# Pure engines: computation only, testable and benchmarkable without Django (DESIGN §3). They may import each
# other and the pure helpers, never Django or a module that does.
PURE_PACKAGES = ("recruiting/screening", "interviews/engine", "payroll/tax")
PURE_HELPERS = ("hrportal.stats", "hrportal.decimals", "hrportal.lazy_imports", "hrportal.charts")
# pure modules inside feature packages: the score→performance model, the impact-ratio arithmetic, a month's
# social-insurance contributions and pay line, an interview's cost
PURE_MODULES = ("interviews.learning.model", "interviews.learning.labels", "interviews.fairness.rates",
                "payroll.social_insurance.contributions", "payroll.runs.compute", "payroll.costs.engine",
                "payroll.offers.checks")


def _pure_modules() -> list[Path]:
    paths = [p for package in PURE_PACKAGES for p in sorted((ROOT / package).rglob("*.py"))]
    return paths + [ROOT / (name.replace(".", "/") + ".py") for name in PURE_HELPERS + PURE_MODULES]


def test_pure_engines_import_no_django():
    pure = {_module_name(p.relative_to(ROOT)) for p in _pure_modules()}
    graph = module_graph(_project_sources())
    problems = []
    for path in _pure_modules():
        module = _module_name(path.relative_to(ROOT))
        source = path.read_text(encoding="utf-8")
        problems += [f"{module}:{line} imports {target}"
                     for line, target in imported_modules(source, module, is_package=path.name == "__init__.py")
                     if target.split(".")[0] == "django"]
        problems += [f"{module} imports {target}" for target in sorted(graph[module] - pure)]
    assert len(pure) > 10
    assert not problems, "A pure engine imports Django or a Django module:\n" + "\n".join(problems)
