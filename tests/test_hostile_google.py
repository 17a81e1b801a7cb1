"""Issue 12, case 8: on Google Sheets, two rows that cannot be told apart (no number, same date,
name and request) and a row inserted above them between read and write: the toolkit does not
guess which is which. Real gspread against the local Sheets API v4 test server."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from automation.check.job import run_check
from automation.rules.config import default_config
from sheets.layout import REQUESTS
from sheets.memory import SKIP_AMBIGUOUS
from tests.register_factory import DECIDED, request
from tests.sheets_api_server import SheetsApiServer, backend_on, running_server

TAB = REQUESTS.name
COL = {h: i for i, h in enumerate(REQUESTS.headers)}
TODAY = dt.date(2026, 12, 9)
NOW = dt.datetime(2026, 12, 9, 7, 30)


@pytest.fixture
def sheets_server() -> Iterator[SheetsApiServer]:
    with running_server() as server:
        yield server


def _status_by_decision(server: SheetsApiServer) -> dict[str, object]:
    out = {}
    for row in server.grid(TAB)[1:]:
        row = row + [None] * (len(REQUESTS.headers) - len(row))
        if row[COL["Nama Pemohon"]] == "Siti Aminah":
            out[row[COL["Keputusan"]] or "belum"] = row[COL["Status"]]
    return out


def test_twin_rows_are_not_guessed_when_a_row_is_inserted_above(sheets_server) -> None:
    decided = {**DECIDED, "letters": None}
    rows = [request(number=None, **decided), request(number=None)]  # same date, name, information
    sheets_server.create({TAB: [list(REQUESTS.headers), *rows]})
    backend = backend_on(sheets_server)
    snap = backend.read()
    result = run_check(snap, default_config(), TODAY, NOW)
    assert sorted(f.row for f in result.findings if f.code == "REG-004") == [2, 3]
    sheet = sheets_server.book().sheet(TAB)
    sheet.shift("ROWS", 1, 1)  # a clerk inserts a row above both and types a request into it
    sheet.set(1, COL["Nama Pemohon"], "Baris Baru")
    report = backend.write(snap, result.changes)
    skipped_rows = {s.write.row for s in report.skipped if s.reason == SKIP_AMBIGUOUS}
    assert skipped_rows == {2, 3}
    status = _status_by_decision(sheets_server)
    assert status == {"Diterima": None, "belum": None}  # nothing guessed: no "Selesai Tepat Waktu" on the undecided row
    numbers = [r[COL["No. Pendaftaran"]] if r else None for r in sheets_server.grid(TAB)[1:]]
    assert numbers == [None, None, None]

    # the next run, with nothing moving meanwhile, writes each row its own values
    snap = backend.read()
    result = run_check(snap, default_config(), TODAY, NOW)
    report = backend.write(snap, result.changes)
    assert not [s for s in report.skipped if s.reason == SKIP_AMBIGUOUS]
    status = _status_by_decision(sheets_server)
    assert status["Diterima"] == "Selesai Tepat Waktu" and status["belum"] != "Selesai Tepat Waktu"


def test_a_staff_formula_in_the_number_cell_is_never_replaced(sheets_server) -> None:
    """Case 3 on Google: "No. Pendaftaran" holds =IF(...) whose result is "": read as blank, it is
    still a formula, and filling the number would replace it. Skipped, with its reason."""
    from tests.sheets_api_state import Formula

    rows = [request(number=None), request(number=None, name="Budi", information="Daftar PPK")]
    sheets_server.create({TAB: [list(REQUESTS.headers), *rows]})
    sheet = sheets_server.book().sheet(TAB)
    sheet.set(1, COL["No. Pendaftaran"], Formula('=IF(B2="","","")', ""))
    backend = backend_on(sheets_server)
    snap = backend.read()
    assert snap.table(TAB).rows[0][COL["No. Pendaftaran"]] is None  # read as blank
    result = run_check(snap, default_config(), TODAY, NOW)
    assert sorted(w.row for w in result.changes.cells if w.header == "No. Pendaftaran") == [2, 3]
    report = backend.write(snap, result.changes)
    assert [(s.write.row, s.write.header) for s in report.skipped] == [(2, "No. Pendaftaran")]
    assert isinstance(sheet.get(1, COL["No. Pendaftaran"]), Formula)  # the formula is still there
    # the other row got its number (002: numbers go in receipt order, then row; 001 fell on the formula)
    assert sheet.get(2, COL["No. Pendaftaran"]) == "002/PPID/XI/2026"


def test_formula_cells_are_read_when_asked_and_a_moving_received_date_gets_no_number(sheets_server) -> None:
    """A clerk's =TODAY() in Tanggal Diterima reads as a plain date. Asked for (as `ppid check`
    asks for the request tab), one more batchGet with valueRenderOption=FORMULA lists it; the
    check then names it (PMH-045) and gives the row no number. Text typed as "=abc" (stored by
    RAW input as text) is not a formula, and a read that does not ask costs no more."""
    from tests.sheets_api_state import Formula

    rows = [request(number=None), request(number=None, name="Budi", information="=abc")]
    sheets_server.create({TAB: [list(REQUESTS.headers), *rows]})
    sheet = sheets_server.book().sheet(TAB)
    sheet.set(1, COL["Tanggal Diterima"], Formula("=TODAY()", 46353))  # its result: 27-11-2026
    backend = backend_on(sheets_server)
    assert backend.read().formulas == {} and backend.reads == 2  # metadata, values
    snap = backend.read(formulas=[TAB])
    assert backend.reads == 2 + 3  # metadata, values, formulas
    assert snap.formulas == {TAB: ((2, COL["Tanggal Diterima"], "TODAY()"),)}
    assert snap.table(TAB).rows[0][COL["Tanggal Diterima"]] == dt.date(2026, 11, 27)
    assert snap.table(TAB).rows[1][COL["Informasi yang Diminta"]] == "=abc"
    result = run_check(snap, default_config(), TODAY, NOW)
    assert {f.code for f in result.findings if f.row == 2} >= {"PMH-045", "PMH-043"}
    assert not [f for f in result.findings if f.row == 3 and f.code in ("PMH-044", "PMH-045")]
    assert [(w.row, w.value) for w in result.changes.cells if w.header == "No. Pendaftaran"] == [
        (3, "001/PPID/XI/2026")]
