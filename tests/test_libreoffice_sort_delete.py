"""Staff sort, delete and insert rows in LibreOffice Calc; the next check keeps every value with
its row. The edits are made by LibreOffice itself (headless, through UNO: tests/lo_calc.py)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from automation.cli.main import main
from sheets.excel import ExcelBackend
from sheets.layout import ACTIONS, REQUESTS
from sheets.workbook_init import create_register
from tests.register_factory import D, request

pytestmark = [pytest.mark.libreoffice, pytest.mark.slow]
HERE = Path(__file__).resolve().parent
TODAY = "2026-12-09"


def _uno_python() -> str | None:
    for candidate in (os.environ.get("PPID_UNO_PYTHON"), "/usr/bin/python3", "/usr/lib/libreoffice/program/python"):
        if candidate and Path(candidate).exists():
            ok = subprocess.run([candidate, "-c", "import uno"], capture_output=True, timeout=60)
            if ok.returncode == 0:
                return candidate
    return None


def _staff_rows(path: Path) -> dict[str, dict[str, object]]:
    """Staff values of every request row, keyed by the requester's name (unique here)."""
    table = ExcelBackend(path).read().table(REQUESTS.name)
    assert table is not None
    out = {}
    for rec in table.records(REQUESTS):
        if rec["name"]:
            out[str(rec["name"])] = {c.key: rec[c.key] for c in REQUESTS.staff_columns if rec[c.key] not in (None, "")}
    return out


def _toolkit_rows(path: Path) -> dict[str, dict[str, object]]:
    table = ExcelBackend(path).read().table(REQUESTS.name)
    assert table is not None
    return {str(r["name"]): {c.key: r[c.key] for c in REQUESTS.toolkit_columns if c.key != "checked"}
            for r in table.records(REQUESTS) if r["name"]}


def test_sort_delete_insert_in_libreoffice_then_check(tmp_path: Path) -> None:
    python = _uno_python()
    if python is None or not shutil.which("soffice"):
        pytest.skip("LibreOffice's Python (uno) not installed: apt-get install python3-uno")
    names = ["Ani", "Budi", "Citra", "Dedi", "Eka", "Fajar"]
    rows = [request(received=D(f"2026-11-{2 + 3 * i:02d}"), name=n, identity=f"150301010180000{i + 1}",
                    officer="Rina") for i, n in enumerate(names)]
    path = create_register(tmp_path / "register-ppid.xlsx", officers=["Rina"], data={REQUESTS.name: rows})
    cfg = tmp_path / "config.toml"
    cfg.write_text('[output]\nbackups = "cadangan"\nlog_file = "log/ppid.log"\n', encoding="utf-8")
    check = ["--config", str(cfg), "check", "--register", str(path), "--today", TODAY]
    main(check)
    staff_before, toolkit_before = _staff_rows(path), _toolkit_rows(path)
    assert staff_before["Ani"]["number"] == "001/PPID/XI/2026" and staff_before["Fajar"]["number"] == "006/PPID/XI/2026"

    # by a clerk in Calc: sort by name Z-A (Fajar first), delete sheet row 3 (now Eka),
    # insert an empty row before row 4
    edited = tmp_path / "edited.xlsx"
    ops = [{"op": "sort", "sheet": REQUESTS.name, "header": "Nama Pemohon", "descending": True},
           {"op": "delete_row", "sheet": REQUESTS.name, "row": 3},
           {"op": "insert_row", "sheet": REQUESTS.name, "row": 4}]
    run = subprocess.run([python, str(HERE / "lo_calc.py"), str(path), str(edited), str(tmp_path / "lo-profile"),
                          json.dumps(ops)], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    shutil.move(edited, path)
    moved = _staff_rows(path)
    assert list(moved) == ["Fajar", "Dedi", "Citra", "Budi", "Ani"]  # sorted, Eka deleted
    table = ExcelBackend(path).read().table(REQUESTS.name)
    assert table is not None and table.row_numbers[:2] == (2, 3)

    main(check)
    after = _staff_rows(path)
    # every staff value stayed with its row; the deleted row's number is not given again
    assert after == {n: v for n, v in staff_before.items() if n != "Eka"}
    # toolkit values follow their row (the same day: the same deadlines and flags as before)
    toolkit_after = _toolkit_rows(path)
    for name in after:
        assert toolkit_after[name] == toolkit_before[name], name
    numbers = [v["number"] for v in after.values()]
    assert "005/PPID/XI/2026" not in numbers and len(set(numbers)) == 5
    actions = ExcelBackend(path).read().table(ACTIONS.name)
    assert actions is not None
    links = dict(zip(actions.column("Nama Pemohon"), actions.column("Baris")))
    rows_now = {str(r["name"]): n for r, n in zip(table.records(REQUESTS), table.row_numbers) if r["name"]}
    for name, row in links.items():  # the action rows point at where the rows are now
        assert rows_now[str(name)] == row
