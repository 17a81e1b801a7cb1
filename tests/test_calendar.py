"""The working-day calendar: fact tables checked by hand against the official calendar.

Every expected date below was counted on paper from the official 2024-2026 list
(../shared/holidays-id-2024-2026.csv), never copied from the code's output.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from automation.rules.calendar import (
    OFFICIAL_CSV,
    OVERRIDES_CSV,
    CalendarOptions,
    LocalDay,
    OverrideRow,
    WorkCalendar,
    load_official,
    load_overrides,
)

D = dt.date.fromisoformat
YEARS = range(2020, 2031)
KINDS = {"libur_nasional": "libur nasional", "cuti_bersama": "cuti bersama"}


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar.build(years=YEARS)


def _official_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


def _check_official(cal: WorkCalendar, rows: list[dict[str, str]]) -> None:
    listed = {D(r["date"]): r for r in rows}
    assert len(listed) == 82
    for d, r in listed.items():
        assert not cal.is_working_day(d), d
        off = cal.day_off(d)
        assert off is not None, d
        assert off.kind == KINDS[r["kind"]], d
        assert off.source == r["source"], d
        assert not off.estimated
    # No extra non-working day: every other weekday of 2024-2026 is a working day.
    day = D("2024-01-01")
    while day <= D("2026-12-31"):
        if day not in listed:
            assert cal.is_working_day(day) == (day.weekday() < 5), day
        day += dt.timedelta(days=1)
    assert {o.date for o in cal.days_off(D("2024-01-01"), D("2026-12-31"))} == set(listed)


def test_official_list_from_shared_date_by_date(cal: WorkCalendar) -> None:
    shared = Path(__file__).resolve().parents[1].parent / "shared" / "holidays-id-2024-2026.csv"
    if not shared.is_file():
        pytest.skip(f"{shared} tidak ada: daftar resmi bersama tidak tersedia")
    _check_official(cal, _official_rows(shared))


def test_bundled_official_copy_date_by_date(cal: WorkCalendar) -> None:
    _check_official(cal, _official_rows(OFFICIAL_CSV))
    shared = Path(__file__).resolve().parents[1].parent / "shared" / "holidays-id-2024-2026.csv"
    if shared.is_file():
        assert _official_rows(OFFICIAL_CSV) == _official_rows(shared)


def test_package_alone_matches_official_list() -> None:
    """Guard for holidays upgrades: the package must still agree with the decrees."""
    package_only = WorkCalendar.build(years=YEARS, official=[], overrides=[])
    expected = {o.date for o in load_official()}
    got = {o.date for o in package_only.days_off(D("2024-01-01"), D("2026-12-31"))}
    assert got == expected


def test_bundled_overrides_table_parses(tmp_path: Path) -> None:
    # The bundled table ships with its header and a comment only (read by hand): no rows.
    assert load_overrides() == []
    assert OVERRIDES_CSV.read_text(encoding="utf-8").splitlines()[0] == "date,action,name,kind,source"
    # The same parser on a table with rows, as an office would fill it in.
    table = tmp_path / "holiday_overrides.csv"
    table.write_text(
        "date,action,name,kind,source\n"
        "# a comment line\n"
        "2026-12-31,add,Cuti bersama tambahan,cuti_bersama,SKB contoh 1/2026\n"
        "2026-12-24, Remove ,,cuti_bersama,SKB contoh 1/2026\n", encoding="utf-8")
    rows = load_overrides(table)
    assert rows == [
        OverrideRow(D("2026-12-31"), "add", "Cuti bersama tambahan", "cuti_bersama", "SKB contoh 1/2026"),
        OverrideRow(D("2026-12-24"), "remove", "", "cuti_bersama", "SKB contoh 1/2026"),
    ]
    cal = WorkCalendar.build(years=YEARS, overrides=rows)
    assert not cal.is_working_day(D("2026-12-31")) and cal.is_working_day(D("2026-12-24"))
    for bad in ("2026-12-31,tambah,X,cuti_bersama,S", "2026-12-31,add,X,libur_daerah,S"):
        table.write_text("date,action,name,kind,source\n" + bad + "\n", encoding="utf-8")
        with pytest.raises(ValueError, match="baris tidak valid"):
            load_overrides(table)


@pytest.mark.parametrize(
    ("received", "n", "expected"),
    [
        # DOMAIN.md worked examples.
        ("2024-04-01", 10, "2024-04-23"),  # Lebaran 2024: 8-12 and 15 April off
        ("2024-04-01", 17, "2024-05-03"),  # 1 May (Hari Buruh) skipped
        ("2024-12-20", 10, "2025-01-08"),  # 25, 26 Dec and 1 Jan off
        ("2024-12-20", 17, "2025-01-17"),
        ("2026-05-11", 10, "2026-05-29"),  # 14, 15, 27, 28 May off
        ("2026-05-11", 17, "2026-06-10"),  # 1 June off
        # Weekend receipt: Fri, Sat and Sun all count from Mon 30-11.
        ("2026-11-27", 10, "2026-12-11"),
        ("2026-11-28", 10, "2026-12-11"),
        ("2026-11-29", 10, "2026-12-11"),
        ("2026-11-27", 17, "2026-12-22"),
        # Receipt on a holiday (Idul Fitri 10-04-2024): day 1 is Tue 16-04.
        ("2024-04-10", 1, "2024-04-16"),
        ("2024-04-10", 10, "2024-04-29"),
        ("2024-04-10", 17, "2024-05-13"),  # 1, 9, 10 May off
        # Lebaran 2025 from cuti bersama Nyepi (Fri 28-03): day 1 is Tue 08-04; 18-04 off.
        ("2025-03-28", 1, "2025-04-08"),
        ("2025-03-28", 10, "2025-04-22"),
        ("2025-03-28", 17, "2025-05-02"),
        # Nyepi + Lebaran 2026 (18-24 March) and Wafat Yesus Kristus (3 April).
        ("2026-03-17", 10, "2026-04-08"),
        # 2024 election day (Wed 14-02, Keppres 10/2024) and Isra Mikraj/Imlek (8-9 Feb).
        ("2024-02-13", 10, "2024-02-28"),
        ("2024-02-13", 3, "2024-02-19"),
        ("2024-02-07", 10, "2024-02-26"),
        # Pilkada 2024 (Wed 27-11, Keppres 33/2024).
        ("2024-11-25", 3, "2024-11-29"),
        ("2024-11-25", 5, "2024-12-03"),
        # Year end 2025 into 2026 (25, 26 Dec, 1 Jan, Isra Mikraj 16 Jan 2026).
        ("2025-12-22", 10, "2026-01-08"),
        ("2025-12-22", 17, "2026-01-20"),
        # Day 0.
        ("2026-11-28", 0, "2026-11-28"),
    ],
)
def test_add_working_days_fact_table(cal: WorkCalendar, received: str, n: int, expected: str) -> None:
    assert cal.add_working_days(D(received), n) == D(expected)


def test_vectorised_matches_scalar_and_passes_nat(cal: WorkCalendar) -> None:
    arr = np.array(["2024-04-01", "NaT", "2026-11-28"], dtype="datetime64[D]")
    out = cal.add_working_days(arr, 10)
    assert out[0] == np.datetime64("2024-04-23")
    assert np.isnat(out[1])
    assert out[2] == np.datetime64("2026-12-11")


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2026-11-27", "2026-12-11", 10),
        ("2026-12-11", "2026-11-27", -10),
        ("2026-11-27", "2026-11-27", 0),
        ("2026-11-28", "2026-11-30", 1),
        ("2026-12-11", "2026-12-12", 0),  # Sat after a Friday deadline
        ("2026-12-14", "2026-12-11", -1),  # Mon after a Friday deadline: late by 1
        ("2026-12-15", "2026-12-10", -3),  # Thu 10 -> Tue 15: 11, 14, 15
        ("2026-12-12", "2026-12-11", 0),
        ("2024-04-16", "2024-04-05", -1),
        ("2024-04-05", "2024-04-16", 1),  # across Lebaran 2024
    ],
)
def test_working_days_between(cal: WorkCalendar, start: str, end: str, expected: int) -> None:
    assert cal.working_days_between(D(start), D(end)) == expected


def test_working_days_between_vectorised(cal: WorkCalendar) -> None:
    start = np.array(["2026-11-27", "NaT"], dtype="datetime64[D]")
    out = cal.working_days_between(start, np.datetime64("2026-12-11"))
    assert out[0] == 10 and np.isnan(out[1])


def _naive_add(cal: WorkCalendar, start: dt.date, n: int) -> dt.date:
    d = start
    while n > 0:
        d += dt.timedelta(days=1)
        if cal.is_working_day(d):
            n -= 1
    return d


@settings(max_examples=200, deadline=None)
@given(
    start=st.dates(min_value=dt.date(2023, 1, 1), max_value=dt.date(2027, 12, 31)),
    n=st.integers(min_value=0, max_value=40),
    closed=st.lists(st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2026, 12, 31)), max_size=5),
    worked=st.lists(st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2026, 12, 31)), max_size=5),
)
def test_numpy_counting_equals_day_by_day_counting(
    start: dt.date, n: int, closed: list[dt.date], worked: list[dt.date]
) -> None:
    local = [LocalDay(d, True, "tutup") for d in closed] + [LocalDay(d, False, "masuk") for d in worked]
    cal = WorkCalendar.build(local=local, years=YEARS)
    end = _naive_add(cal, start, n)
    assert cal.add_working_days(start, n) == end
    assert cal.working_days_between(start, end) == n
    # Backwards: the working days in (start, end], negated, whatever kind of day start is.
    back = -sum(cal.is_working_day(start + dt.timedelta(days=k)) for k in range(1, (end - start).days + 1))
    assert cal.working_days_between(end, start) == back


def test_cutoff_hour() -> None:
    cal = WorkCalendar.build(CalendarOptions(cutoff=dt.time(15, 0)), years=YEARS)
    mon = D("2026-11-30")
    assert cal.effective_receipt(mon, dt.time(15, 30)) == D("2026-12-01")
    assert cal.effective_receipt(mon, dt.time(15, 0)) == mon  # "after" the hour, not at it
    assert cal.effective_receipt(mon, dt.time(14, 59)) == mon
    assert cal.effective_receipt(mon, None) == mon
    # A weekend receipt already counts from Monday: the hour does not move it.
    assert cal.effective_receipt(D("2026-11-28"), dt.time(16, 0)) == D("2026-11-28")
    # Fri 16:00 -> counts as Mon 30-11 -> due Mon 14-12.
    fri = cal.effective_receipt(D("2026-11-27"), dt.time(16, 0))
    assert fri == D("2026-11-30")
    assert cal.add_working_days(fri, 10) == D("2026-12-14")
    # Mon 15:30 -> Tue 01-12 -> due Tue 15-12.
    assert cal.add_working_days(cal.effective_receipt(mon, dt.time(15, 30)), 10) == D("2026-12-15")
    arr = np.array(["2026-11-30", "2026-11-30", "2026-11-28", "NaT"], dtype="datetime64[D]")
    got = cal.effective_receipts(arr, [dt.time(15, 30), dt.time(9, 0), dt.time(16, 0), dt.time(16, 0)])
    assert [str(x) for x in got] == ["2026-12-01", "2026-11-30", "2026-11-28", "NaT"]


def test_office_closure_from_tab() -> None:
    closure = LocalDay(D("2026-12-03"), True, "Rapat pleno rekapitulasi", "Nota dinas 12/2026")
    cal = WorkCalendar.build(local=[closure], years=YEARS)
    assert not cal.is_working_day(D("2026-12-03"))
    off = cal.day_off(D("2026-12-03"))
    assert off is not None and off.kind == "lokal" and off.source == "Nota dinas 12/2026"
    assert cal.add_working_days(D("2026-11-27"), 10) == D("2026-12-14")
    no_source = WorkCalendar.build(local=[LocalDay(D("2026-12-03"), True, "Tutup")], years=YEARS)
    assert no_source.day_off(D("2026-12-03")).source == "Tab Hari Libur"


def test_worked_saturday_and_worked_holiday_from_tab() -> None:
    sat = LocalDay(D("2026-12-05"), False, "Masuk kerja tahapan pemilihan")
    cal = WorkCalendar.build(local=[sat], years=YEARS)
    assert cal.is_working_day(D("2026-12-05"))
    assert cal.day_off(D("2026-12-05")) is None
    assert cal.add_working_days(D("2026-11-27"), 10) == D("2026-12-10")
    assert [w.date for w in cal.worked_days(D("2026-12-01"), D("2026-12-31"))] == [D("2026-12-05")]
    # KPU works on election day: 14-02-2024 becomes day 1.
    election_day = LocalDay(D("2024-02-14"), False, "Hari pemungutan suara")
    cal = WorkCalendar.build(local=[election_day], years=YEARS)
    assert cal.add_working_days(D("2024-02-13"), 1) == D("2024-02-14")
    assert cal.add_working_days(D("2024-02-13"), 10) == D("2024-02-27")


def test_cuti_bersama_switched_off() -> None:
    cal = WorkCalendar.build(CalendarOptions(cuti_bersama_non_working=False), years=YEARS)
    assert cal.is_working_day(D("2024-04-08"))  # cuti bersama Idul Fitri
    assert not cal.is_working_day(D("2024-04-10"))  # Idul Fitri itself
    assert cal.add_working_days(D("2024-04-01"), 10) == D("2024-04-17")
    assert cal.add_working_days(D("2024-04-01"), 17) == D("2024-04-26")
    assert cal.add_working_days(D("2024-12-20"), 10) == D("2025-01-07")  # 26-12 is worked
    assert all(o.kind != "cuti bersama" for o in cal.days_off(D("2024-01-01"), D("2026-12-31")))


def test_six_day_week() -> None:
    cal = WorkCalendar.build(CalendarOptions(working_weekdays=(0, 1, 2, 3, 4, 5)), years=YEARS)
    assert cal.is_working_day(D("2026-11-28"))
    assert cal.add_working_days(D("2026-11-27"), 10) == D("2026-12-09")


def test_override_table_adds_and_removes() -> None:
    overrides = [
        OverrideRow(D("2026-12-31"), "add", "Cuti bersama tambahan", "cuti_bersama", "SKB contoh 1/2026"),
        OverrideRow(D("2026-12-24"), "remove", "", "cuti_bersama", "SKB contoh 1/2026"),
    ]
    cal = WorkCalendar.build(years=YEARS, overrides=overrides)
    assert not cal.is_working_day(D("2026-12-31"))
    assert cal.day_off(D("2026-12-31")).source == "SKB contoh 1/2026"
    assert cal.is_working_day(D("2026-12-24"))


def test_estimated_and_uncovered_years(cal: WorkCalendar) -> None:
    assert cal.uncertain_years(D("2024-01-01"), D("2026-12-31")) == []
    assert cal.uncertain_years(D("2026-12-01"), D("2027-01-15")) == [2027]
    assert cal.year_uncertainty(2027) == "perkiraan"
    assert cal.year_uncertainty(2040) == "belum tersedia"
    idul_fitri_2027 = [o for o in cal.days_off(D("2027-01-01"), D("2027-12-31")) if o.estimated]
    assert idul_fitri_2027 and all("perkiraan" in o.source for o in idul_fitri_2027)


def test_days_off_weekdays_only(cal: WorkCalendar) -> None:
    # Paskah 31-03-2024 is a Sunday: listed, but not among the weekday days off.
    all_days = {o.date for o in cal.days_off(D("2024-03-01"), D("2024-03-31"))}
    weekdays = {o.date for o in cal.days_off(D("2024-03-01"), D("2024-03-31"), weekdays_only=True)}
    assert D("2024-03-31") in all_days and D("2024-03-31") not in weekdays
    assert weekdays == {D("2024-03-11"), D("2024-03-12"), D("2024-03-29")}


# --- written against mutants bench/mutation.py found surviving in calendar.py ------------------

def test_package_days_carry_kind_and_estimate() -> None:
    # 2027 is past the official list: the package's days, Christmas (fixed) certain, Idul Fitri estimated
    cal = WorkCalendar.build(years=YEARS, official=[], overrides=[])
    days = {o.date: o for o in cal.days_off(D("2027-01-01"), D("2027-12-31"))}
    natal = days[D("2027-12-25")]
    assert (natal.kind, natal.estimated, "perkiraan" in natal.source) == ("libur nasional", False, False)
    fitri = [o for o in days.values() if "Idul Fitri" in o.name and not o.name.startswith("Cuti")]
    assert fitri and all(o.estimated and o.kind == "libur nasional" for o in fitri)
    cuti = [o for o in days.values() if o.name.startswith("Cuti Bersama")]
    assert cuti and {o.kind for o in cuti} == {"cuti bersama"}


def test_scalar_and_array_answers(cal: WorkCalendar) -> None:
    # Fri 27-11-2026 + 10 working days = Fri 11-12-2026 (DOMAIN.md): a date in, a date out
    out = cal.add_working_days(D("2026-11-27"), 10)
    assert type(out) is dt.date and out == D("2026-12-11")
    arr = cal.add_working_days(np.array(["2026-11-27", "NaT"], "datetime64[D]"), 10)
    assert isinstance(arr, np.ndarray) and str(arr[0]) == "2026-12-11" and np.isnat(arr[1])
    assert cal.working_days_between(D("2026-11-27"), D("2026-12-11")) == 10
    assert cal.working_days_between(D("2026-12-11"), D("2026-11-27")) == -10
    assert cal.working_days_between(None, D("2026-12-11")) is None
    assert cal.working_days_between(D("2026-11-27"), None) is None


def test_cutoff_moves_to_the_next_working_day_of_this_calendar() -> None:
    # received Wed 13-05-2026 16:00 after a 15:00 cut-off: Thu 14 (Kenaikan) and Fri 15 (cuti
    # bersama) are off, so the clock starts Mon 18-05; at 14:00 it stays Wed 13-05
    cal = WorkCalendar.build(CalendarOptions(cutoff=dt.time(15, 0)), years=YEARS)
    got = cal.effective_receipts(np.array(["2026-05-13", "2026-05-13", "NaT"], "datetime64[D]"),
                                 [dt.time(16, 0), dt.time(14, 0), dt.time(16, 0)])
    assert [str(x) for x in got] == ["2026-05-18", "2026-05-13", "NaT"]
    assert cal.effective_receipt(D("2026-05-13"), dt.time(16, 0)) == D("2026-05-18")


def test_options_and_local_days_are_checked_and_named() -> None:
    with pytest.raises(ValueError):
        WorkCalendar.build(CalendarOptions(working_weekdays=(0, 1, 2, 3, 7)), years=YEARS)
    # removing a day that is no holiday is harmless; a local closure keeps its name
    cal = WorkCalendar.build(local=[LocalDay(D("2026-12-03"), True, "Rapat pleno")], years=YEARS,
                             overrides=[OverrideRow(D("2026-12-02"), "remove", "", "cuti_bersama", "SKB contoh")])
    assert cal.is_working_day(D("2026-12-02"))
    assert cal.day_off(D("2026-12-03")).name == "Rapat pleno"


def test_small_helpers() -> None:
    from automation.rules.calendar import fmt_date, unsure_official_dates, years_for

    assert fmt_date(D("2026-12-11")) == "11-12-2026"
    assert years_for(D("2026-12-11")) == range(2015, 2041)  # the default band, 2015 .. 2040
    assert years_for(D("2038-01-04")) == range(2015, 2044)  # 2038 + 5
    assert years_for(D("2010-01-04")).start == 2010
    # holidays-id-2024-2026.csv marks Idul Adha 2026-05-27 and 2024-12-26 unsure (read by hand)
    assert unsure_official_dates() == {D("2024-12-26"), D("2026-05-27")}


def test_a_column_of_dates_becomes_the_day_array_numpy_makes() -> None:
    # as_day_array counts a column of dates and blanks itself (issue 19: ten times faster); the
    # days must be numpy's own, at the edges of the calendar too, and other inputs still work
    import random

    from automation.rules.calendar import as_day_array

    rng = random.Random(7)
    column = [None if rng.random() < 0.2 else dt.date.fromordinal(rng.randrange(1, 3_652_059))
              for _ in range(5000)] + [dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.date(1970, 1, 1)]
    numpy_own = np.array([d if d is not None else "NaT" for d in column], dtype="datetime64[D]")
    for values in (column, tuple(column)):
        days = as_day_array(values)
        assert days.dtype == np.dtype("datetime64[D]")
        assert days.tolist() == numpy_own.tolist()
    mixed = [dt.date(2026, 11, 27), dt.datetime(2026, 11, 27, 23, 59), "2026-11-30", None]
    assert as_day_array(mixed).tolist() == [dt.date(2026, 11, 27)] * 2 + [dt.date(2026, 11, 30), None]
    assert as_day_array([]).dtype == np.dtype("datetime64[D]")
