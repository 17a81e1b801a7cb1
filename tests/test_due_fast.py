"""`ppid due` and `ppid calendar` count with LightCalendar (rules.light_calendar: plain date
arithmetic, the holidays package's tables from a cache) where the check counts with WorkCalendar
(rules.calendar: numpy busday functions): both calendars must give the same answer.

The rules, the chain (`due_chain`, `explain`) and the way a calendar is assembled exist once
(rules.light_calendar, rules.light_deadlines, re-exported by rules.calendar and rules.deadlines);
what differs is the counting and where the package's tables come from. The expected values here
are WorkCalendar's answers, computed with numpy.busday_offset; the hand-checked figures of the
full path are in tests/test_calendar.py and tests/test_deadlines.py.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import random
from pathlib import Path
from types import SimpleNamespace

import pytest

from automation.rules import calendar as full_calendar
from automation.rules import deadlines as full_deadlines
from automation.rules import light_calendar, light_deadlines
from automation.rules.config import Config
from automation.rules.office_calendar import office_calendar
from automation.rules.records import read_local_days
from sheets.excel import ExcelBackend
from sheets.layout import HOLIDAYS
from sheets.workbook_init import create_register

DAYS_2024_2027 = [dt.date(2024, 1, 1) + dt.timedelta(days=i) for i in range(366 + 365 + 365 + 365)]
YEARS = full_calendar.years_for(dt.date(2026, 1, 1))

# A register's "Hari Libur" tab: a closure on a Thursday, a worked Saturday, a closure on an
# official holiday (the local name wins), a worked cuti bersama day.
LOCAL = [
    (dt.date(2026, 12, 3), True, "Rapat pleno", "SE Sekretaris"),
    (dt.date(2026, 12, 5), False, "Masuk tahapan", "SE Sekretaris"),
    (dt.date(2025, 8, 18), True, "Libur kantor", ""),
    (dt.date(2024, 12, 26), False, "Masuk kerja", ""),
]


def _rules(section: SimpleNamespace | None) -> light_deadlines.DeadlineRules:
    return light_deadlines.DEFAULT_RULES if section is None else light_deadlines.deadline_rules_from_config(section)


CUSTOM_DEADLINES = SimpleNamespace(election_notice_days=5, election_extension_days=4, election_objection_answer_days=7,
                                   completion_notice_days=2, completion_days=6)


def test_the_rules_and_the_chain_exist_once() -> None:
    # rules.deadlines and rules.calendar re-export the definitions `ppid due` uses: a copy made
    # again in either would be a second source of the same rule or text.
    for name in ("DeadlineRule", "TrackRules", "DeadlineRules", "DEFAULT_RULES", "CATEGORIES", "election_rules",
                 "completion_rules", "deadline_rules_from_config", "explain", "due_chain", "year_warnings",
                 "date_warnings", "describe_days_off", "short_day"):
        assert getattr(full_deadlines, name) is getattr(light_deadlines, name), name
    for name in ("CalendarOptions", "LocalDay", "DayOff", "OverrideRow", "calendar_options_from_config",
                 "years_for", "fmt_date", "day_abbr", "load_official", "load_overrides", "unsure_official_dates"):
        assert getattr(full_calendar, name) is getattr(light_calendar, name), name
    assert issubclass(full_calendar.WorkCalendar, light_calendar.DayQueries)


def _pair(options: dict, local: list[tuple] = (), years: range = YEARS):
    options = light_calendar.CalendarOptions(**options)
    local = [light_calendar.LocalDay(*row) for row in local]
    return full_calendar.WorkCalendar.build(options, local, years=years), light_calendar.LightCalendar.build(
        options, local, years=years)


def _same_chains(full, light, days, category: str, at: dt.time | None, section=None) -> None:
    rules = _rules(section)
    for day in days:
        expected = light_deadlines.due_chain(day, category, full, at=at, rules=rules)
        assert light_deadlines.due_chain(day, category, light, at=at, rules=rules) == expected, (day, category, at)


@pytest.mark.parametrize("category", ["badan-publik", "pemilu"])
def test_due_chain_is_the_same_for_every_day_of_2024_to_2027(category: str) -> None:
    full, light = _pair({})
    _same_chains(full, light, DAYS_2024_2027, category, None)


@pytest.mark.parametrize("at", [dt.time(14, 0), dt.time(16, 30)])
def test_due_chain_is_the_same_with_a_cutoff_hour(at: dt.time) -> None:
    # 16:30 is after the cut-off: a working-day receipt counts from the next working day.
    full, light = _pair({"cutoff": dt.time(15, 0)})
    for category in ("badan-publik", "pemilu"):
        _same_chains(full, light, DAYS_2024_2027, category, at)


def test_due_chain_is_the_same_with_the_offices_settings_and_local_days() -> None:
    # cuti bersama as working days, a six-day week, the register's local days, other election numbers
    full, light = _pair({"cuti_bersama_non_working": False, "working_weekdays": (0, 1, 2, 3, 4, 5)}, LOCAL)
    for category in ("badan-publik", "pemilu"):
        _same_chains(full, light, DAYS_2024_2027, category, None, CUSTOM_DEADLINES)
    full, light = _pair({}, LOCAL)
    _same_chains(full, light, DAYS_2024_2027, "badan-publik", dt.time(9, 0))


@pytest.mark.parametrize("received", [dt.date(1970, 1, 1), dt.date(2014, 12, 31), dt.date(2040, 12, 20),
                                      dt.date(2099, 9, 30), dt.date(2099, 12, 31)])
def test_due_chain_is_the_same_at_the_edges_of_the_calendar(received: dt.date) -> None:
    # Years outside the package range are "belum tersedia"; after 2100 the rest days are not
    # listed (the numpy calendar's band), and the trace is empty.
    years = full_calendar.years_for(received)
    full, light = _pair({}, years=years)
    _same_chains(full, light, [received], "badan-publik", None)
    _same_chains(full, light, [received], "pemilu", dt.time(16, 0))


def test_counting_past_the_end_of_the_band_is_the_same() -> None:
    # WorkCalendar lists rest days up to 2100-12-31 only: after it every day that is not a
    # holiday counts (a count that long is refused by `ppid due`, but the calendars must agree).
    full, light = _pair({}, years=full_calendar.years_for(dt.date(2099, 12, 31)))
    for start in (dt.date(2100, 12, 1), dt.date(2100, 12, 24), dt.date(2101, 1, 2)):
        for n in (0, 1, 5, 20, 60):
            assert light.add_working_days(start, n) == full.add_working_days(start, n), (start, n)
    # by hand from Thu 30-12-2100: Fri 31 (1), then past the band (and past the holidays
    # package's years, so no Tahun Baru either) Sat 01-01-2101 (2) and Sun 02-01-2101 (3)
    assert light.add_working_days(dt.date(2100, 12, 30), 3) == dt.date(2101, 1, 2)


def test_calendar_year_figures_are_the_same() -> None:
    for options, local in (({}, []), ({"cuti_bersama_non_working": False}, LOCAL)):
        full, light = _pair(options, local)
        for year in range(2015, 2041):
            start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
            assert light.days_off(start, end, weekdays_only=True) == full.days_off(start, end, weekdays_only=True)
            assert light.worked_days(start, end) == full.worked_days(start, end)
            assert light.working_days_between(start - dt.timedelta(days=1), end) == full.working_days_between(
                start - dt.timedelta(days=1), end)
            assert light_deadlines.year_warnings(light, start, end) == light_deadlines.year_warnings(full, start, end)


def test_working_days_between_counts_backwards_as_numpy_does() -> None:
    full, light = _pair({}, LOCAL)
    rng = random.Random(19)
    for _ in range(500):
        a = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(1461))
        b = a + dt.timedelta(days=rng.randrange(-60, 61))
        assert light.working_days_between(a, b) == full.working_days_between(a, b), (a, b)
    # by hand: Fri 27-11-2026 to Mon 30-11-2026 is 1 (Mon 30), backwards -1 (Mon 30 again);
    # Fri 27 back from Sun 29 is 0 (Sat 28 and Sun 29 are rest days)
    assert light.working_days_between(dt.date(2026, 11, 27), dt.date(2026, 11, 30)) == 1
    assert light.working_days_between(dt.date(2026, 11, 30), dt.date(2026, 11, 27)) == -1
    assert light.working_days_between(dt.date(2026, 11, 29), dt.date(2026, 11, 27)) == 0


def test_local_days_read_as_the_office_calendar_reads_them(tmp_path: Path) -> None:
    register = create_register(tmp_path / "reg.xlsx", data={HOLIDAYS.name: [
        [dt.date(2026, 12, 3), "Libur Kantor", "Rapat pleno", "SE Sekretaris"],
        [dt.date(2026, 12, 5), "Masuk Kerja", "", ""],
        ["31-02-2026", "Libur Kantor", "Tanggal salah", ""],
        [dt.date(2026, 12, 7), "Libur Kantor", "", ""]]})
    snapshot = ExcelBackend(register).read([HOLIDAYS.name])
    # by hand: the rows as typed, a row without a name named after its kind, 31-02-2026 left out
    expected = [light_calendar.LocalDay(dt.date(2026, 12, 3), True, "Rapat pleno", "SE Sekretaris"),
                light_calendar.LocalDay(dt.date(2026, 12, 5), False, "Masuk kerja", ""),
                light_calendar.LocalDay(dt.date(2026, 12, 7), True, "Libur kantor", "")]
    assert light_calendar.local_days_from_rows(read_local_days(snapshot.table(HOLIDAYS.name))) == expected
    office = office_calendar(Config(), snapshot)  # the check's calendar reads the same days
    assert list(office.local_days) == expected
    assert [(f.code, f.row) for f in office.findings] == [("LIB-001", 4)]  # header, then rows 2-5


def test_package_tables_are_cached_and_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PPID_CACHE_DIR", str(tmp_path))
    years = range(2020, 2031)
    built = light_calendar.package_tables(years)
    path = tmp_path / "holidays-id-2020-2030.json"
    assert not built.cached and path.is_file()
    again = light_calendar.package_tables(years)
    assert again.cached and again == built
    full_days = full_calendar._package_days(years)
    assert {d: dataclasses.astuple(o) for d, o in again.days.items()} == {
        d: dataclasses.astuple(o) for d, o in full_days.items()}
    assert again.status == full_calendar._package_year_status(years)

    # a cache from another holidays release or another version of the code is built again
    data = json.loads(path.read_text(encoding="utf-8"))
    data["key"] = "another holidays release"
    data["days"][0][1] = "Nama lain"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert light_calendar.package_tables(years) == built
    path.write_text("{ rusak", encoding="utf-8")
    assert light_calendar.package_tables(years) == built
    assert light_calendar.package_tables(years).cached

    # PPID_CACHE_DIR="" turns the cache off; an unwritable folder is no error either
    monkeypatch.setenv("PPID_CACHE_DIR", "")
    assert not light_calendar.package_tables(years).cached
    blocker = tmp_path / "berkas"
    blocker.write_text("bukan folder", encoding="utf-8")
    monkeypatch.setenv("PPID_CACHE_DIR", str(blocker / "cache"))
    assert light_calendar.package_tables(years) == built


@pytest.mark.parametrize("options", [{}, {"working_weekdays": (0, 1, 2, 3, 4, 5)}, {"cuti_bersama_non_working": False}])
def test_one_date_counted_a_day_at_a_time_equals_numpys_count(options: dict) -> None:
    # WorkCalendar counts a single date a day at a time (step_working_days, issue 19: a trace
    # asks for thousands); numpy's busday_offset over an array is the reference, day by day
    full, _ = _pair(options, LOCAL)
    band_start, band_end = light_calendar.BAND_START, light_calendar.BAND_END
    days = DAYS_2024_2027 + [band_start - dt.timedelta(days=3) + dt.timedelta(days=i) for i in range(10)] + [
        band_end - dt.timedelta(days=i) for i in range(10)]
    as_array = full_calendar.as_day_array(days)
    for n in (0, 1, 2, 3, 5, 7, 10, 14, 17, 30, 44):
        expected = full.add_working_days(as_array, n).tolist()  # the numpy path (an array)
        assert [full.add_working_days(d, n) for d in days] == expected, n
        assert [full.step_working_days(d, n) for d in days] == expected, n
