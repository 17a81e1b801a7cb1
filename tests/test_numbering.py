"""Registration numbers: the format read back, each year's sequence continued, receipt order.

Written to kill the mutants bench/mutation.py found surviving in automation/rules/numbering.py;
each expected number is counted by hand in the comment beside it.
"""

from __future__ import annotations

import datetime as dt

import pytest

from automation.rules.numbering import assign_numbers, format_regex, next_numbers, next_sequences
from automation.rules.records import read_requests
from sheets.layout import REQUESTS
from tests.register_factory import D, backend, request

FORMAT = "{seq:03d}/PPID/{month_roman}/{year}"


def test_the_format_read_back_ignores_case() -> None:
    # staff typed the month in lower case: still number 7 of 2026
    assert next_sequences(["007/ppid/xi/2026"], FORMAT) == {2026: 7}
    assert format_regex(FORMAT).fullmatch("007/ppid/xi/2026") is not None


def test_an_unknown_field_matches_any_text() -> None:
    # {kantor} is no field the toolkit knows: any text stands for it
    template = "{seq:03d}/{kantor}/{year}"
    assert next_sequences(["004/KPU-SRL/2026", "009/PPID/2026", "x/PPID/2026"], template) == {2026: 9}


def test_a_repeated_field_matches_but_only_the_first_is_captured() -> None:
    template = "{year}-{seq:04d}/{year}"
    pattern = format_regex(template)
    m = pattern.fullmatch("2026-0012/2026")
    assert m is not None and m.group("year") == "2026" and m.group("seq") == "0012"
    assert pattern.fullmatch("2026-0012/20x6") is None  # the repeat is still a year
    assert next_sequences(["2026-0012/2026", "2025-0040/2025"], template) == {2026: 12, 2025: 40}


def test_one_sequence_when_the_format_has_no_year() -> None:
    template = "{seq:04d}/PPID"
    assert next_sequences(["0012/PPID", "0003/PPID"], template) == {None: 12}
    # the sequence goes on across years: 0013 in 2026, 0014 in 2027
    assert next_numbers(template, ["0012/PPID"], [D("2026-12-30"), D("2027-01-04")]) == ["0013/PPID", "0014/PPID"]


def test_the_first_number_of_a_year_is_followed_by_the_second() -> None:
    # only 001 used in 2026: the next is 002, never 001 again; 2027 starts at 001
    assert next_sequences(["001/PPID/XI/2026"], FORMAT) == {2026: 1}
    assert next_numbers(FORMAT, ["001/PPID/XI/2026"], [D("2026-12-01"), D("2027-01-04")]) == [
        "002/PPID/XII/2026", "001/PPID/I/2027"]


def test_blank_and_missing_numbers_are_skipped() -> None:
    assert next_sequences(["", "   ", None, "003/PPID/XI/2026 "], FORMAT) == {2026: 3}  # type: ignore[list-item]


def test_same_day_rows_numbered_by_time_then_untimed_then_row() -> None:
    # Fri 27-11-2026: row 2 at 15:00, row 3 without a time, row 4 at 08:30, row 5 without a time.
    # Order: 08:30 (row 4) -> 001, 15:00 (row 2) -> 002, then the untimed in row order: 3 -> 003, 5 -> 004.
    snap = backend(
        request(received_time=dt.time(15, 0)),
        request(received_time=None, name="Budi", identity="1503010101800002"),
        request(received_time=dt.time(8, 30), name="Citra", identity="1503010101800003"),
        request(received_time=None, name="Dodi", identity="1503010101800004"),
    ).read()
    requests = read_requests(snap.table(REQUESTS.name))
    assignments, waiting = assign_numbers(requests, FORMAT)
    assert waiting == []
    by_row = {requests[a.position].ref.row: a.number for a in assignments}
    assert by_row == {4: "001/PPID/XI/2026", 2: "002/PPID/XI/2026", 3: "003/PPID/XI/2026", 5: "004/PPID/XI/2026"}


@pytest.mark.parametrize("earlier_time", [dt.time(7, 0), dt.time(0, 0)])
def test_an_earlier_time_comes_first_whatever_the_rows(earlier_time: dt.time) -> None:
    # midnight is a time too: it sorts before 09:00, not with the untimed rows
    snap = backend(request(received_time=dt.time(9, 0)),
                   request(received_time=earlier_time, name="Budi", identity="1503010101800002")).read()
    requests = read_requests(snap.table(REQUESTS.name))
    assignments, _ = assign_numbers(requests, FORMAT)
    assert {requests[a.position].ref.row: a.number for a in assignments} == {
        3: "001/PPID/XI/2026", 2: "002/PPID/XI/2026"}


def test_no_number_for_a_date_after_today_or_a_held_row() -> None:
    # rows 2..5 received Fri 27-11, Mon 30-11, Tue 01-12, Wed 02-12-2026; today Tue 01-12; row 3 held
    # (its date may be mistyped). Numbered: row 2 -> 001, row 4 (received today) -> 002.
    # Waiting: row 3 (held) and row 5 (after today), in row order.
    snap = backend(
        request(received=D("2026-11-27")),
        request(received=D("2026-11-30"), name="Budi", identity="1503010101800002"),
        request(received=D("2026-12-01"), name="Citra", identity="1503010101800003"),
        request(received=D("2026-12-02"), name="Dodi", identity="1503010101800004"),
    ).read()
    requests = read_requests(snap.table(REQUESTS.name))
    assignments, waiting = assign_numbers(requests, FORMAT, today=D("2026-12-01"), hold=frozenset({1}))
    assert {requests[a.position].ref.row: a.number for a in assignments} == {
        2: "001/PPID/XI/2026", 4: "002/PPID/XII/2026"}
    assert [requests[i].ref.row for i in waiting] == [3, 5]
    # without a today every dated, unheld row is numbered
    assignments, waiting = assign_numbers(requests, FORMAT)
    assert len(assignments) == 4 and waiting == []
