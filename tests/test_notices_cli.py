"""`ppid notices` on a real Excel register made by `ppid init`: output, tabs, files, reruns."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from automation.cli.main import main
from sheets.layout import LETTERS, REQUESTS
from tests.letter_fixtures import REQUEST_FULL
from tests.office_config import example_with_officials


@pytest.fixture
def office(tmp_path: Path) -> Path:
    (tmp_path / "config.toml").write_text(example_with_officials(), encoding="utf-8")
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
        # letter dates are real dates (read back as date-times), so the Surat tab sorts by date
        ("001/TT/PPID/XI/2026", "Tanda Bukti Permohonan", dt.datetime(2026, 11, 27), "001/PPID/XI/2026"),
        ("002/PT/PPID/XII/2026", "Pemberitahuan Tertulis", dt.datetime(2026, 12, 11), "001/PPID/XI/2026"),
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


def test_daily_step_issues_once_and_reports_a_missing_libreoffice(office: Path, monkeypatch) -> None:
    import dataclasses
    import datetime as dt

    from automation.cli.common import AppContext
    from automation.cli.notices_cmd import notices_step
    from automation.rules.config import load_config

    cfg = load_config(office / "config.toml")
    app = AppContext(config_path=str(office / "config.toml"))
    first = notices_step(app, cfg, dt.date(2027, 3, 1))
    assert (first.code, first.line) == (0, "Surat: 2 surat baru (Tanda Bukti Permohonan 1, Pemberitahuan Tertulis 1).")
    again = notices_step(app, cfg, dt.date(2027, 3, 2))
    assert (again.code, again.line) == (0, "Surat: 0 surat baru.")

    # a new letter with PDFs asked for in config.toml, but no LibreOffice: the .docx is made, exit 1
    wb = openpyxl.load_workbook(office / "register-ppid.xlsx")
    ws = wb[REQUESTS.name]
    headers = [c.value for c in ws[1]]
    for key, value in {**REQUEST_FULL, "number": "002/PPID/XII/2026", "decision": "", "notice_date": ""}.items():
        ws.cell(row=3, column=headers.index(REQUESTS.header(key)) + 1, value=value)
    wb.save(office / "register-ppid.xlsx")
    monkeypatch.setenv("PPID_SOFFICE", "/tidak/ada/soffice")
    with_pdf = dataclasses.replace(cfg, output=dataclasses.replace(cfg.output, pdf=True))
    step = notices_step(app, with_pdf, dt.date(2027, 3, 2))
    assert step.code == 1 and "LibreOffice tidak ditemukan" in step.line and "1 surat baru" in step.line
    assert (office / "surat/2026/11/003-TT-PPID-XI-2026_tanda-bukti.docx").is_file()


def test_pdf_asked_but_not_made_is_exit_1(office: Path, monkeypatch, capsys) -> None:
    """`ppid notices --pdf` without LibreOffice: the .docx are made and the message says so, and the
    exit code is 1 (a human must make the PDFs), as the same step of `ppid run` returns."""
    monkeypatch.setenv("PPID_SOFFICE", "/tidak/ada/soffice")
    assert ppid(office, "--pdf") == 1
    out = capsys.readouterr().out
    assert "LibreOffice tidak ditemukan" in out
    assert len(surat_rows(office)) == 2  # tanda bukti and pemberitahuan tertulis, as in the daily step above
    assert ppid(office) == 0  # nothing new, no PDF asked: nothing for a human
