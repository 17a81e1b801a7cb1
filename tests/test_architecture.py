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
