"""The commands work unchanged on a Google Sheet: `ppid init --google`, then check, notices and
report through the command layer, with a real service-account key flow against the local
Sheets API test server (PPID_SHEETS_API_URL points gspread at it; loopback only)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from automation.cli.main import main
from automation.rules.values import from_serial
from sheets.layout import OBJECTIONS, REQUESTS
from tests.office_config import OFFICIALS_TOML
from tests.register_factory import request
from tests.sheets_api_ops import load_value
from tests.sheets_api_server import SheetsApiServer, write_key_file

SPREADSHEET = "1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, SheetsApiServer]]:
    server = SheetsApiServer().start()
    server.create({"Sheet1": []}, spreadsheet_id=SPREADSHEET)
    write_key_file(tmp_path, server)
    (tmp_path / "config.toml").write_text(
        "[register]\nbackend = \"google\"\n"
        f"spreadsheet = \"https://docs.google.com/spreadsheets/d/{SPREADSHEET}/edit\"\n"
        "credentials = \"kunci-service-account.json\"\n" + OFFICIALS_TOML, encoding="utf-8")
    monkeypatch.setenv("PPID_SHEETS_API_URL", server.url)
    monkeypatch.delenv("GOOGLE_APPLICATION_CREDENTIALS", raising=False)
    try:
        yield tmp_path, server
    finally:
        server.stop()


def _ppid(folder: Path, *args: str) -> int:
    return main(["--config", str(folder / "config.toml"), *args])


def test_init_check_notices_report_on_google(office: tuple[Path, SheetsApiServer],
                                             capsys: pytest.CaptureFixture[str]) -> None:
    folder, server = office
    assert _ppid(folder, "init", "--google", SPREADSHEET) == 0
    assert "Register Permohonan" in [s.title for s in server.book(SPREADSHEET).sheets]
    assert _ppid(folder, "init", "--google", SPREADSHEET) == 3  # refuses a second layout
    assert "sudah" in capsys.readouterr().err

    # a clerk types one request (received Fri 27-11-2026, no number yet)
    sheet = server.book(SPREADSHEET).sheet(REQUESTS.name)
    for c, value in enumerate(request()):
        if value is not None:
            load_value(sheet, 1, c, value)

    server.clear_log()
    assert _ppid(folder, "check", "--today", "2026-11-30") == 0
    calls = [e.action for e in server.api_requests() if e.action != "token"]
    # 3 reads, plus one of the number cells' formulas on a run that fills numbers (issue 12), plus
    # one of the request and objection tabs' formulas (PMH-044/045: a =TODAY() in a date reads as a
    # plain date)
    assert len([a for a in calls if a in ("get", "values.batchGet", "values.get")]) <= 5, calls
    formula_reads = [e.params.get("ranges") for e in server.api_requests()
                     if e.action == "values.batchGet" and e.params.get("valueRenderOption") == ["FORMULA"]]
    assert [REQUESTS.name, OBJECTIONS.name] in [[r.strip("'") for r in ranges] for ranges in formula_reads], \
        formula_reads  # both tabs in one batchGet
    assert len([a for a in calls if a in ("batchUpdate", "values.batchUpdate", "values.update")]) <= 2, calls
    grid = server.grid(REQUESTS.name, SPREADSHEET)
    headers, values = grid[0], grid[1]
    due = values[headers.index("Batas Waktu")]
    assert (from_serial(due) if isinstance(due, (int, float)) else due) == dt.date(2026, 12, 11)
    assert values[headers.index("No. Pendaftaran")] == "001/PPID/XI/2026"

    assert _ppid(folder, "notices", "--today", "2026-11-30") == 0
    assert len(list((folder / "surat").rglob("*.docx"))) == 1
    assert len(server.grid("Surat", SPREADSHEET)) == 2

    assert _ppid(folder, "report", "--month", "2026-11", "--today", "2026-12-01") == 0
    report = server.book(SPREADSHEET).sheet("Laporan 2026-11")
    assert len(report.charts) == 4  # native Sheets charts
