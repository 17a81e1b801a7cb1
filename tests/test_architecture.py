"""DESIGN.md rules that code review alone would let slip."""

from __future__ import annotations

import ast
import re

from tests.conftest import REPO


def _imports(path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_sheets_never_imports_automation() -> None:
    offenders = [p.name for p in (REPO / "sheets").rglob("*.py") if "automation" in _imports(p)]
    assert offenders == []


def test_only_the_command_layer_reads_the_clock() -> None:
    clock = re.compile(r"date\.today\(\)|datetime\.now\(|datetime\.today\(|time\.time\(\)")
    offenders = []
    for p in (REPO / "automation").rglob("*.py"):
        if "cli" in p.relative_to(REPO / "automation").parts:
            continue
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
            if clock.search(line):
                offenders.append(f"{p.name}:{n}")
    assert offenders == []


def test_google_writes_are_raw() -> None:
    bad = re.compile(r"update_cell\(|update_acell\(|USER_ENTERED")
    offenders = [
        f"{p.name}:{n}"
        for folder in ("sheets", "automation")
        for p in (REPO / folder).rglob("*.py")
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if bad.search(line)
    ]
    assert offenders == []


# Which automation subpackages each subpackage may import (itself always allowed). A new
# subpackage must be added here, with the directions its __init__ docstring states.
ALLOWED = {
    "rules": set(),
    "check": {"rules"},
    "letters": {"rules"},
    "reports": {"rules", "check", "letters", "survey"},
    "survey": {"rules"},
    "demo": {"rules"},
    "docs": {"rules", "letters"},
    "mail": {"rules", "letters"},
    "data": set(),
    "cli": {"rules", "check", "letters", "reports", "demo", "docs", "data", "survey", "mail"},
}


def _automation_imports(path) -> set[str]:
    """The automation subpackages a module imports, lazy imports inside functions included."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        modules = []
        if isinstance(node, ast.Import):
            modules = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        for m in modules:
            parts = m.split(".")
            if parts[0] == "automation" and len(parts) > 1 and parts[1] in ALLOWED:
                found.add(parts[1])
    return found


def test_automation_modules_live_in_their_rooms() -> None:
    loose = sorted(
        p.name for p in (REPO / "automation").glob("*.py") if p.name not in {"__init__.py", "__main__.py"}
    )
    assert loose == [], "every module belongs to a subpackage of automation/"
    rooms = {p.name for p in (REPO / "automation").iterdir() if (p / "__init__.py").exists()}
    assert rooms == set(ALLOWED), "a new subpackage needs its import rule in ALLOWED"
    for room in rooms:
        doc = ast.get_docstring(ast.parse((REPO / "automation" / room / "__init__.py").read_text(encoding="utf-8")))
        assert doc and "May import" in doc or room in {"cli", "data"}, f"{room}/__init__.py must say what it may import"


def test_import_directions_between_subpackages() -> None:
    offenders = []
    for room, allowed in ALLOWED.items():
        for p in (REPO / "automation" / room).rglob("*.py"):
            bad = _automation_imports(p) - allowed - {room}
            if bad:
                offenders.append(f"{p.relative_to(REPO)} imports {sorted(bad)}")
    assert offenders == []


def test_import_rule_catches_a_wrong_direction(tmp_path) -> None:
    # The rule above must be able to fail: a rules module importing letters is caught.
    bad = tmp_path / "x.py"
    bad.write_text("def f():\n    from automation.letters.render import render\n", encoding="utf-8")
    assert _automation_imports(bad) - ALLOWED["rules"] == {"letters"}
