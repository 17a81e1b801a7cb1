"""`ppid demo`: a working register with every job run on it; running it again adds nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from automation.cli.main import main
from sheets.excel import ExcelBackend
from sheets.layout import ACTIONS, LETTERS, OBJECTIONS, REQUESTS

TODAY = "2026-11-28"


def _staff_values(path: Path) -> dict[str, list[list[object]]]:
    wb = CalamineWorkbook.from_path(str(path))
    out = {}
    for tab in (REQUESTS, OBJECTIONS):
        rows = wb.get_sheet_by_name(tab.name).to_python()
        staff = [i for i, h in enumerate(rows[0]) if h in {c.header for c in tab.staff_columns}]
        out[tab.name] = [[r[i] if i < len(r) else "" for i in staff] for r in rows]
    return out


def test_demo_makes_a_register_letters_and_a_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "demo"
    assert main(["demo", str(folder), "--today", TODAY]) == 0
    out = capsys.readouterr().out
    register = folder / "register-ppid.xlsx"
    assert register.is_file() and (folder / "config.toml").is_file()
    snap = ExcelBackend(register).read()
    requests = snap.table(REQUESTS.name)
    assert 55 <= len(requests.rows) <= 65
    assert len(snap.table(OBJECTIONS.name).rows) >= 4
    # the Kasubbag's tab lists overdue rows first
    actions = snap.table(ACTIONS.name)
    assert actions is not None and actions.rows and "TERLAMBAT" in str(actions.column("Bendera")[0])
    assert snap.table("Laporan 2026-10") is not None
    letters = snap.table(LETTERS.name)
    docx = sorted((folder / "surat").rglob("*.docx"))
    # every kind of letter is issued, the new Pemberitahuan Kelengkapan Persyaratan included;
    # the report's cover letter is numbered in the same sequence ("Nota Dinas Laporan", no file)
    from automation.letters.render import KINDS

    kinds = {row[1] for row in letters.rows}
    assert {k.label for k in KINDS} <= kinds, {k.label for k in KINDS} - kinds
    assert "Nota Dinas Laporan" in kinds
    assert len(docx) == sum(row[1] != "Nota Dinas Laporan" for row in letters.rows) > 50
    assert "Surat:" in out and "Perlu Tindakan" in out
    # the planted mistakes are named, and the counts agree with each other
    assert "sengaja dibuat" in out and "31-02" in out and "baris " in out
    n_requests, n_objections = len(requests.rows), len(snap.table(OBJECTIONS.name).rows)
    assert f"{n_requests} permohonan dan {n_objections} keberatan" in out
    assert f"{len(actions.rows)} baris di \"Perlu Tindakan\"" in out  # the last check's count is the tab's
    # the hint works as printed: each command on its own line (a check exiting 1 must not stop the next)
    hint = out[out.index("Coba"):].splitlines()[1:4]
    assert [h.split()[0] for h in hint] == ["cd", "ppid", "ppid"] and "&&" not in out
    # the Kasubbag's digest as an .eml file, without a mail server (sending is off in the demo)
    digest = re.search(r"email +(\S+\.eml)", out)
    assert digest and "Email: tidak aktif" in out
    assert b"Perlu tindakan" in Path(digest.group(1)).read_bytes()
    # no personal data in any letter's file name
    names = {str(v) for row in requests.rows for v in row if v}
    assert not any(n in p.name for p in docx for n in names if len(n) > 6 and not n[0].isdigit())

    before = _staff_values(register)
    letters_before = len(letters.rows)
    assert main(["demo", str(folder), "--today", TODAY]) == 0
    again = capsys.readouterr().out
    assert "sudah ada" in again and "0 surat baru" in again
    assert _staff_values(register) == before
    assert len(ExcelBackend(register).read().table(LETTERS.name).rows) == letters_before


def test_demo_before_the_first_working_day_still_shows_last_months_report(tmp_path: Path,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    # Fri 01-01-2027 is Tahun Baru; Jan's first working day is Mon 04-01-2027, so the daily
    # rule makes no report yet: the demo makes December's itself
    folder = tmp_path / "demo"
    assert main(["demo", str(folder), "--today", "2027-01-01"]) == 0
    out = capsys.readouterr().out
    assert "belum waktunya" in out and "tab \"Laporan 2026-12\" dibuat" in out
    assert ExcelBackend(folder / "register-ppid.xlsx").read().table("Laporan 2026-12") is not None
