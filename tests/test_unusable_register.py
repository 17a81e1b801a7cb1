"""A renamed header or a missing tab stops every command with one Indonesian message; the
register is not touched and no letter or report is made from it."""

from __future__ import annotations

from pathlib import Path

import pytest
import xlsxwriter

from automation.cli.main import main
from sheets.layout import REQUESTS


def _register(path: Path, tab: str, rename: str | None) -> Path:
    headers = list(REQUESTS.headers)
    if rename:
        headers[headers.index(rename)] = rename.split()[0]  # "Nama Pemohon" -> "Nama"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet(tab)
    ws.write_row(0, 0, headers)
    ws.write_row(1, 0, ["001/PPID/XI/2026", "27/11/2026", "", "Surat", "", "Perorangan", "Siti"])
    wb.close()
    return path


@pytest.mark.parametrize("command", ["check", "notices", "report", "run"])
@pytest.mark.parametrize("case,expected", [
    (("Register Permohonan", "Nama Pemohon"), "\"Nama Pemohon\""),
    (("Sheet1", None), "Tab \"Register Permohonan\" tidak ada"),
])
def test_command_refuses(tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str,
                         case: tuple[str, str | None], expected: str) -> None:
    register = _register(tmp_path / "register.xlsx", *case)
    before = register.read_bytes()
    code = main([command, "--register", str(register), "--today", "2026-12-01"])
    captured = capsys.readouterr()
    text = captured.out + captured.err
    assert code == 3
    assert expected in text and "Traceback" not in text
    assert register.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["register.xlsx"]
