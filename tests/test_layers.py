"""The layers of DESIGN.md, checked on the source: imports only point down.

ui → report / exchange → store → domain. Qt only in ui/, SQL only in store/.
A module that breaks a rule is named with the offending import.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "undercover"

# What each layer may import from the project, besides itself.
_BASE = {"undercover", "undercover.errors", "undercover.paths", "undercover.logs"}
ALLOWED = {
    "domain": {"undercover.errors"},
    "store": _BASE | {"undercover.domain", "undercover.outputs"},  # the safety copy's temp name
    "report": _BASE | {"undercover.domain", "undercover.store", "undercover.outputs"},
    "exchange": _BASE | {"undercover.domain", "undercover.store", "undercover.outputs"},
}
QT = ("PySide6", "shiboken6")
DATABASE_MODULES = ("sqlite3", "sqlite_utils")
# A string that reads like SQL: a statement keyword followed by its usual partner.
SQL = re.compile(
    r"\b(SELECT\b[\s\S]+\bFROM|INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|"
    r"CREATE\s+(UNIQUE\s+)?(TABLE|INDEX|TRIGGER)|PRAGMA\s+\w+)\b"
)


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def _layer(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0] if len(rel.parts) > 1 else "top"


def _imports(tree: ast.AST) -> list[str]:
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def _within(name: str, prefixes: set[str] | tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def test_the_package_has_every_layer() -> None:
    layers = {_layer(p) for p in _modules()}
    assert {"domain", "store", "report", "exchange", "ui"} <= layers


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_down(path: Path) -> None:
    layer = _layer(path)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imports = _imports(tree)
    problems = []
    if layer != "ui":
        problems += [f"Qt outside ui/: {n}" for n in imports if _within(n, QT)]
    if layer != "store":
        problems += [f"database access outside store/: {n}" for n in imports
                     if _within(n, DATABASE_MODULES)]
    if layer in ALLOWED:
        own = f"undercover.{layer}"
        problems += [
            f"{layer}/ imports {n}"
            for n in imports
            if n.startswith("undercover") and not _within(n, {own}) and n not in ALLOWED[layer]
            and not _within(n, ALLOWED[layer] - {"undercover"})
        ]
    assert not problems, f"{path.relative_to(PACKAGE)}: " + "; ".join(problems)


@pytest.mark.parametrize(
    "path", [p for p in _modules() if _layer(p) != "store"],
    ids=lambda p: str(p.relative_to(PACKAGE)),
)
def test_no_sql_outside_the_store(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = [
        node.value[:60]
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        and SQL.search(node.value)
    ]
    assert not found, f"{path.relative_to(PACKAGE)} holds SQL: {found}"


def test_the_checks_catch_a_bad_module(tmp_path: Path) -> None:
    """The rules above would notice a domain module that reaches up or speaks SQL."""
    bad = ast.parse("import sqlite3\nfrom undercover.ui import app\nq = 'SELECT id FROM visits'\n")
    imports = _imports(bad)
    assert any(_within(n, DATABASE_MODULES) for n in imports)
    assert [n for n in imports if n.startswith("undercover")
            and not _within(n, ALLOWED["domain"])] == ["undercover.ui"]
    assert SQL.search("SELECT id FROM visits")
    assert not SQL.search("Select the visits you want from the list")
