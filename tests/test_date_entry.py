"""Dates that cannot silently go wrong: future and day/month-swapped received dates get a
finding, and such rows get no number and no letter until they are fixed."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from automation.letters.issue import plan_notices
from automation.rules.config import default_config
from automation.rules.office_calendar import office_calendar
from automation.rules.validate import swapped_reading
from sheets.layout import REQUESTS
from tests.register_factory import D, cell, check, request

TODAY = D("2026-11-27")  # Fri


def _codes(result, row: int) -> list[str]:  # noqa: ANN001
    return [f.code for f in result.findings if f.row == row]


def test_swapped_reading() -> None:
    assert swapped_reading(D("2026-05-11")) == D("2026-11-05")
    assert swapped_reading(D("2026-11-13")) is None  # no 13th month
    assert swapped_reading(D("2026-07-07")) is None  # the same either way


def test_future_received_date_is_an_error_and_gets_no_number() -> None:
    # "05-12-2026" typed for 5 November: on Fri 27-11 it lies in the future
    result, b = check(TODAY, request(received=D("2026-11-02"), name="A", identity="1503010101800002"),
                      request(received=D("2026-12-05"), name="B", identity="1503010101800003"))
    assert "PMH-013" in _codes(result, 3) and "PMH-043" in _codes(result, 3)
    assert cell(b, 3, "number") in (None, "")
    assert cell(b, 2, "number") == "001/PPID/XI/2026"
    # swapped 12-05-2026 lies in the past but far from its neighbour (02-11): both readings named
    swap = next(f for f in result.findings if f.row == 3 and f.code == "PMH-060")
    assert "05-12-2026 (5 Desember 2026)" in swap.message and "12-05-2026 (12 Mei 2026)" in swap.message
    # once fixed, the row is numbered
    again, b2 = check(TODAY, request(received=D("2026-11-02"), name="A", identity="1503010101800002"),
                      request(received=D("2026-11-05"), name="B", identity="1503010101800003"))
    assert cell(b2, 3, "number") == "002/PPID/XI/2026"
    assert not {"PMH-013", "PMH-043", "PMH-060"} & set(_codes(again, 3))


def test_month_first_reading_that_breaks_the_row_order_is_named_with_both_readings() -> None:
    # LibreOffice en-US read "05/11/2026" as 11 May 2026; the rows around were received in November
    rows = [request(received=D("2026-11-03"), name="A", identity="1503010101800002"),
            request(received=D("2026-05-11"), name="B", identity="1503010101800003"),
            request(received=D("2026-11-06"), name="C", identity="1503010101800004")]
    result, b = check(TODAY, *rows)
    swap = [f for f in result.findings if f.code == "PMH-060"]
    assert [f.row for f in swap] == [3]
    assert "11-05-2026 (11 Mei 2026)" in swap[0].message and "05-11-2026 (5 November 2026)" in swap[0].message
    assert swap[0].severity == "error"
    assert cell(b, 3, "number") in (None, "")  # not 00x/PPID/V/2026 for ever
    assert [cell(b, r, "number") for r in (2, 4)] == ["001/PPID/XI/2026", "002/PPID/XI/2026"]
    assert "Periksa Tanggal Diterima: 11-05-2026" in next(a for a in result.actions if a.row == 3).action


def test_a_decision_date_before_the_received_date_points_at_the_swap() -> None:
    row = request(number="001/PPID/XI/2026", received=D("2026-11-10"), notice_date=D("2026-10-20"),
                  decision="Diterima", holding="Dikuasai", access_method="Melihat/Membaca/Mendengarkan/Mencatat",
                  form="Softcopy")
    result, _ = check(TODAY, row)
    swap = [f for f in result.findings if f.code == "PMH-060"]
    # 10-11 read; 11-10 (11 Oktober) is before the notice of 20-10: it fits, the read one does not
    assert len(swap) == 1 and "11-10-2026 (11 Oktober 2026)" in swap[0].message


def test_a_confirmed_date_and_an_ordinary_register_raise_nothing() -> None:
    rows = [request(received=D("2026-11-03"), name="A", identity="1503010101800002"),
            request(received=D("2026-05-11"), name="B", identity="1503010101800003", remarks="Tanggal benar (arsip lama)"),
            request(received=D("2026-11-06"), name="C", identity="1503010101800004")]
    result, b = check(TODAY, *rows)
    assert not [f for f in result.findings if f.code == "PMH-060"]
    ordinary = [request(received=D(f"2026-11-{d:02d}"), name=f"P{d}", identity=f"15030101018000{d:02d}")
                for d in (2, 3, 5, 9, 10, 11, 12, 16)]
    result, _ = check(TODAY, *ordinary)
    assert not [f for f in result.findings if f.code == "PMH-060"]


@pytest.mark.parametrize("received", [D("2026-12-05"), "31-11-2026"])
def test_no_letter_for_a_future_or_unreadable_received_date(received) -> None:  # noqa: ANN001
    cfg = default_config()
    # a number typed by hand: the letters job must still refuse the receipt letter
    _, b = check(TODAY, request(number="009/PPID/XI/2026", received=received))
    cal = office_calendar(cfg, None).calendar
    plan = plan_notices(b.read(), dataclasses.replace(cfg), cal, TODAY)
    assert not plan.letters
    assert plan.blocked and "Tanggal Diterima" in plan.blocked[0].message()


def test_typed_toolkit_cell_is_restored_with_a_finding() -> None:
    result, b = check(TODAY, request(received=D("2026-11-02")))
    grid = b.tabs[REQUESTS.name]
    status = grid[0].index("Status")
    due = grid[0].index("Batas Waktu")
    grid[1][status] = "Selesai kok"  # typed by a clerk over a grey cell
    grid[1][due] = "besok"
    snap = b.read()
    from automation.check.job import run_check

    again = run_check(snap, default_config(), TODAY, dt.datetime(2026, 11, 27, 9))
    b.write(snap, again.changes)
    typed = [f for f in again.findings if f.code == "PMH-061"]
    assert {f.header for f in typed} == {"Status", "Batas Waktu"}
    assert any('"Selesai kok"' in f.message and "Terlambat" in f.message for f in typed)
    assert cell(b, 2, "status") == "Terlambat"  # received 02-11, due 16-11: late on 27-11
    assert cell(b, 2, "due") == D("2026-11-16")
    assert "PMH-061" not in str(cell(b, 2, "findings"))  # said in the run's output, so the next run writes nothing
    assert run_check(b.read(), default_config(), TODAY, dt.datetime(2026, 11, 27, 10)).changes.cells == []


def test_typed_toolkit_cells_of_many_rows_in_row_then_column_order() -> None:
    # the typed-over test runs column by column, once per distinct (type, value) (issue 19): the
    # findings must still come row by row, each row's cells in column order, and a True typed
    # into a number cell is not the 1 the toolkit writes
    from automation.check.job import run_check

    rows = [request(received=D("2026-11-02"), name=f"Pemohon {i}") for i in range(5)]
    rows[2] = request(received=D("2026-11-02"), name="Pemohon 2", email="siti@gmail")  # row 4 has a finding
    _, b = check(TODAY, *rows)
    grid = b.tabs[REQUESTS.name]
    col = {key: grid[0].index(REQUESTS.header(key)) for key in ("status", "flags", "findings", "remaining", "due")}
    grid[1][col["remaining"]] = True  # row 2: a tick in a number cell
    grid[2][col["flags"]] = "Terlambat; Ngawur"  # row 3: a flag the toolkit does not know
    grid[3][col["findings"]] = "catatan saya"  # row 4: a note typed into Catatan Validasi ...
    grid[3][col["status"]] = "Beres"  # ... and a status
    grid[4][col["remaining"]] = 1.0  # row 5: a whole number, as the toolkit writes it: not typed over
    grid[5][col["due"]] = "besok"  # row 6: text in a date cell
    snap = b.read()
    again = run_check(snap, default_config(), TODAY, dt.datetime(2026, 11, 27, 9))
    typed = [(f.row, f.header) for f in again.findings if f.code == "PMH-061"]
    assert typed == [(2, REQUESTS.header("remaining")), (3, REQUESTS.header("flags")),
                     (4, REQUESTS.header("status")), (4, REQUESTS.header("findings")), (6, REQUESTS.header("due"))]
    # a typed-over Catatan Validasi is said to be recomputed, not repeated whole in the message
    (note,) = [f.message for f in again.findings if f.code == "PMH-061" and f.header == REQUESTS.header("findings")]
    assert '"catatan saya"' in note and "dihitung ulang" in note and "PMH-038" not in note
