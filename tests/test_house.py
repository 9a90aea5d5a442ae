"""The house rules of ../shared/STYLE.md that a tree can break silently: who imports whom, where tables and routes
live. A module put in the wrong place fails here, not in review."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "sankofa"
WEB = ROOT / "web"
MATCHING = ROOT / "matching"
DOMAINS = {
    "identity",
    "organisations",
    "profiles",
    "agreements",
    "partners",
    "vacancies",
    "imports",
    "search",
    "applications",
    "ranking",
    "reference",
    "events",
}


def _modules(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*.py") if "__pycache__" not in path.parts)


def _imports(path: Path) -> set[str]:
    """Every module a file imports, at any depth (inside functions too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _top(name: str) -> str:
    return name.split(".")[0]


def test_the_domain_never_imports_the_web_layer_or_litestar():
    wrong = {
        str(path.relative_to(ROOT)): sorted(name for name in _imports(path) if _top(name) in {"web", "litestar"})
        for path in _modules(SRC)
    }
    assert {path: names for path, names in wrong.items() if names} == {}


def test_the_engine_imports_nothing_of_ours_and_no_web_database_or_queue_library():
    banned = {"sankofa", "web", "litestar", "sqlalchemy", "sqlmodel", "asyncpg", "psycopg", "dramatiq", "redis"}
    wrong = {
        str(path.relative_to(ROOT)): sorted(name for name in _imports(path) if _top(name) in banned)
        for path in _modules(MATCHING)
    }
    assert {path: names for path, names in wrong.items() if names} == {}


def test_core_depends_on_no_domain():
    wrong = {}
    for path in _modules(SRC / "core"):
        names = sorted(name for name in _imports(path) if name.startswith("sankofa.") and name.split(".")[1] in DOMAINS)
        if names:
            wrong[str(path.relative_to(ROOT))] = names
    assert wrong == {}


def test_every_table_is_declared_in_its_domains_models_module():
    misplaced = []
    for path in _modules(SRC):
        if path.name == "models.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ClassDef) and any(
                keyword.arg == "table" and isinstance(keyword.value, ast.Constant) and keyword.value.value is True
                for keyword in node.keywords
            ):
                misplaced.append(f"{path.relative_to(ROOT)}: {node.name}")
    assert misplaced == []
    assert {path.parent.name for path in SRC.glob("*/models.py")} == DOMAINS | {"core"}


def test_web_packages_are_named_after_the_domains():
    packages = {path.parent.name for path in WEB.glob("*/__init__.py")}
    assert packages <= DOMAINS, packages - DOMAINS


def test_every_route_module_is_registered_in_web_routes_and_nowhere_else():
    routes = WEB / "routes.py"
    declaring = {
        ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for path in _modules(WEB)
        if any(
            isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "HANDLERS" for t in node.targets)
            for node in ast.parse(path.read_text()).body
        )
    }
    imported = {name for name in _imports(routes) if name in declaring}
    assert declaring, "no module declares HANDLERS"
    assert imported == declaring, f"not registered in web/routes.py: {sorted(declaring - imported)}"
    elsewhere = [
        str(path.relative_to(ROOT))
        for path in _modules(WEB)
        if path != routes
        and any(isinstance(n, ast.Attribute) and n.attr == "HANDLERS" for n in ast.walk(ast.parse(path.read_text())))
    ]
    assert elsewhere == [], "only web/routes.py gathers HANDLERS"
