"""A register full of hostile input: the check never crashes and never changes a staff cell.

Cell contents come from hypothesis: formulas, spreadsheet error values, huge text, control
characters, numbers in text columns, dates in text columns, blanks where a merged cell hides
a value (a values-only read gives None there), and garbage in the toolkit's own columns.
"""

from __future__ import annotations

import copy
import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from automation.check.job import run_check
from automation.rules.config import default_config
from automation.rules.findings import CATALOGUE
from sheets.layout import REQUESTS
from sheets.memory import MemoryBackend
from tests.register_factory import backend

HOSTILE_TEXT = st.sampled_from([
    "=IMPORTXML(\"http://evil\",\"//a\")", "=1+1", "+SUM(A1:A9)", "-cmd|' /C calc'!A0", "@SUM(1)", "#REF!", "#N/A",
    "#VALUE!", "#DIV/0!", "\x00\x01\x02", "a\tb\nc\r\nd", "\u202eevil", "  ", "'", "Ya", "Tidak", "Ditolak",
    "Dikecualikan Pasal 17 huruf h", "Perorangan", "Badan Hukum", "Kelompok Orang", "Tahapan Pemilu/Pemilihan",
    "31-02-2026", "27/11/26", "27 Nopember 2026", "2026-11-27", "0", "1e308", "-5", "Rp 5.000", "NaN",
    "x" * 40_000, "ğüß 日本 🙂", "1503014101900001", "DIK-01", "99:99",
])
CELL = st.one_of(
    st.none(),
    HOSTILE_TEXT,
    st.text(max_size=80),
    st.integers(min_value=-(10**18), max_value=10**18),
    st.floats(allow_infinity=False),  # NaN yes; a spreadsheet cell cannot hold infinity
    st.booleans(),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
    st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2100, 12, 31)),
    st.times(),
)
ROW = st.lists(CELL, min_size=len(REQUESTS.columns), max_size=len(REQUESTS.columns))
NUMBER = REQUESTS.headers.index("No. Pendaftaran")


def _staff(grid: list[list]) -> list[list]:
    keep = [i for i, c in enumerate(REQUESTS.columns) if not c.is_toolkit]
    return [[r[i] if i < len(r) else None for i in keep] for r in grid[1:]]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(rows=st.lists(ROW, min_size=1, max_size=6), today=st.dates(dt.date(2024, 1, 1), dt.date(2026, 12, 31)))
def test_hostile_register(rows: list[list], today: dt.date) -> None:
    b: MemoryBackend = backend(*rows)
    before = copy.deepcopy(b.tabs[REQUESTS.name])
    snap = b.read()
    result = run_check(snap, default_config(), today, dt.datetime.combine(today, dt.time(7, 30)))
    b.write(snap, result.changes)
    after = b.tabs[REQUESTS.name]
    for old, new in zip(_staff(before), _staff(after)):
        staff_number = [i for i, c in enumerate(REQUESTS.columns) if not c.is_toolkit].index(NUMBER)
        for i, (x, y) in enumerate(zip(old, new)):
            if i == staff_number and (x is None or (isinstance(x, str) and not x.strip())):
                continue  # a blank registration number may be filled, once
            assert x is y or x == y or (x != x and y != y), (i, x, y)
    for f in result.findings:
        kind = CATALOGUE[f.code]
        assert f.message.startswith(f"Baris {f.row}") or f.row == 0
        assert f.message.endswith(kind.fix)
        # Python's None never leaks into a message (unless a clerk typed the text "None")
        typed_none = any(isinstance(v, str) and "None" in v for row in rows for v in row)
        assert typed_none or "None" not in f.message
        assert "Traceback" not in f.message
    for c in result.changes.cells:
        col = REQUESTS.by_header()[c.header.casefold()]
        assert col.is_toolkit or col.fill_blank
        assert not (isinstance(c.value, str) and c.value.startswith(("=", "+", "-", "@")) and col.key != "findings")
    # a second run on the result writes no cell
    again = run_check(b.read(), default_config(), today, dt.datetime.combine(today, dt.time(9, 0)))
    assert again.changes.cells == []


def test_dates_past_the_calendar_give_no_deadline_instead_of_a_crash() -> None:
    """Serial 2958465 is 31-12-9999, a date; its deadline would not be one (hypothesis found it)."""
    from tests.register_factory import DECIDED, cell, check, codes, request

    today = dt.date(2026, 12, 9)
    result, b = check(today, request(received=2958465),
                      request(**{**DECIDED, "notice_date": 2958465}, name="Ani", identity="1503010101800004"),
                      request(received=dt.date(2100, 12, 30), name="Budi", identity="1503010101800005"))
    for n in (2, 4):
        assert "PMH-013" in codes(result, n)  # a receipt date in the future
        assert cell(b, n, "due") is None and cell(b, n, "trace") is None
    assert cell(b, 3, "due") is not None and cell(b, 3, "objection_deadline") is None


def test_a_completion_notice_dated_near_9999_gives_no_completion_deadline_instead_of_a_crash() -> None:
    """Hypothesis found it (random run): requirements incomplete and the completion notice dated
    29-12-9999 (serial 2958463). Ten working days on fall past 9999, where numpy's day is no date,
    and the completion trace crashed. Such a row gets no completion dates and no completion part
    in its Jejak, as rows past the calendar get no deadline; the rest of the row is checked."""
    from tests.register_factory import cell, check, codes, request

    today = dt.date(2026, 12, 9)
    result, b = check(today, request(received=dt.date(2026, 12, 1), missing_requirements="Salinan KTP",
                                     completion_notice_date=2958463),
                      request(received=dt.date(2026, 12, 1), missing_requirements="Salinan KTP", name="Ani",
                              identity="1503010101800004", completion_notice_date=dt.date(2026, 12, 2)))
    assert cell(b, 2, "status") == cell(b, 3, "status") == "Menunggu Kelengkapan"  # checked like any row
    assert codes(result, 2) == set()  # a completion date is not (yet) checked for being in the future
    assert cell(b, 2, "due") is not None and "Kelengkapan" not in (cell(b, 2, "trace") or "")
    assert "Kelengkapan persyaratan" in cell(b, 3, "trace")  # an ordinary row keeps its completion trace


def test_twin_rows_numbered_this_run_are_said_once_so_a_second_run_writes_nothing() -> None:
    """Hypothesis found it: two unnumbered rows alike in date, name and information (REG-004).
    The run numbers both; had REG-004 gone into their Catatan Validasi, the next run (the rows
    now numbered, no longer twins) would rewrite both cells. It is said in the run's output."""
    from tests.register_factory import request

    b: MemoryBackend = backend(request(number=None), request(number=None))
    today = dt.date(2026, 12, 9)
    snap = b.read()
    result = run_check(snap, default_config(), today, dt.datetime(2026, 12, 9, 7, 30))
    assert sorted(f.row for f in result.findings if f.code == "REG-004") == [2, 3]
    assert sorted(w.row for w in result.changes.cells if w.header == "No. Pendaftaran") == [2, 3]
    notes = [w.value for w in result.changes.cells if w.header == "Catatan Validasi"]
    assert not any("REG-004" in str(v) for v in notes)
    b.write(snap, result.changes)
    again = run_check(b.read(), default_config(), today, dt.datetime(2026, 12, 9, 9, 0))
    assert again.changes.cells == [] and not [f for f in again.findings if f.code == "REG-004"]
