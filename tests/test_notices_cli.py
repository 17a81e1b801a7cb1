"""`ppid notices` on a real Excel register made by `ppid init`: output, tabs, files, reruns."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from automation.cli.main import main
from sheets.layout import LETTERS, REQUESTS
from tests.conftest import REPO
from tests.letter_fixtures import REQUEST_FULL


@pytest.fixture
def office(tmp_path: Path) -> Path:
    shutil.copy(REPO / "config.toml", tmp_path / "config.toml")
    assert main(["--config", str(tmp_path / "config.toml"), "init", str(tmp_path / "register-ppid.xlsx")]) == 0
    wb = openpyxl.load_workbook(tmp_path / "register-ppid.xlsx")
    ws = wb[REQUESTS.name]
    headers = [c.value for c in ws[1]]
    for key, value in REQUEST_FULL.items():
        ws.cell(row=2, column=headers.index(REQUESTS.header(key)) + 1, value=value)
    wb.save(tmp_path / "register-ppid.xlsx")
    return tmp_path


def ppid(office: Path, *args: str) -> int:
    return main(["--config", str(office / "config.toml"), "notices", "--today", "2027-03-01", *args])


def surat_rows(office: Path) -> list[tuple]:
    wb = openpyxl.load_workbook(office / "register-ppid.xlsx", read_only=True)
    return [r for r in wb[LETTERS.name].iter_rows(min_row=2, values_only=True) if any(r)]


def test_dry_run_then_issue_then_nothing_new(office: Path, capsys) -> None:
    assert ppid(office, "--dry-run") == 0
    out = capsys.readouterr().out
    assert "Uji coba (--dry-run)" in out and "Surat baru akan dibuat: 2" in out
    assert surat_rows(office) == [] and not (office / "surat").exists()

    assert ppid(office) == 0
    out = capsys.readouterr().out
    assert "001/TT/PPID/XI/2026" in out and "002/PT/PPID/XII/2026" in out
    assert "Siti" not in out  # no personal data in the command output
    assert [r[:4] for r in surat_rows(office)] == [
        ("001/TT/PPID/XI/2026", "Tanda Bukti Permohonan", "27-11-2026", "001/PPID/XI/2026"),
        ("002/PT/PPID/XII/2026", "Pemberitahuan Tertulis", "11-12-2026", "001/PPID/XI/2026"),
    ]
    assert (office / "surat/2026/12/002-PT-PPID-XII-2026_pemberitahuan.docx").is_file()
    assert (office / "surat/2026/11/001-TT-PPID-XI-2026_tanda-bukti.txt").is_file()

    assert ppid(office) == 0
    assert "Tidak ada surat baru." in capsys.readouterr().out
    assert len(surat_rows(office)) == 2


def test_force_remakes_a_deleted_file_under_its_number(office: Path, capsys) -> None:
    assert ppid(office) == 0
    target = office / "surat/2026/12/002-PT-PPID-XII-2026_pemberitahuan.docx"
    target.unlink()
    assert ppid(office, "--force", "--kind", "pemberitahuan") == 0
    out = capsys.readouterr().out
    assert "dibuat ulang (nomor tetap): 1" in out
    assert target.is_file() and len(surat_rows(office)) == 2


def test_unknown_kind_is_a_usage_error(office: Path) -> None:
    assert ppid(office, "--kind", "undangan") == 2
