"""The working-day calendar without numpy or the holidays package, for one date at a time.

`ppid due` and `ppid calendar` answer for one date or one year: importing numpy and the
`holidays` package (which imports every country it knows) and laying out a numpy calendar for
1970-2100 cost ten times what the answer does. :class:`LightCalendar` is built from the same
inputs in the same order of precedence as :meth:`automation.rules.calendar.WorkCalendar.build`
(package holidays < the official list < the override table < options < the register's "Hari
Libur" tab) and answers the same scalar questions with plain date arithmetic, counting the way
``numpy.busday_offset(..., roll="backward")`` does with WorkCalendar's numpy calendar (rest days
listed only inside CALENDAR_BAND, holidays everywhere).

The package's tables (one build per range of years) are the one input that needs the
`holidays` package: :func:`package_tables` keeps them in a small JSON file in the user's cache
folder, keyed by the installed `holidays` files, this toolkit's version and the code that builds
them (automation/rules/calendar.py). On a miss, or where no cache folder can be written, they are
built by automation.rules.calendar itself (then numpy and holidays are imported, once).

This module is a numpy-free twin of parts of automation/rules/calendar.py, which could only be
added to while others were changing the code that reads it; tests/test_due_fast.py checks that
both give the same answer for every receipt date of 2024-2027.

May import: automation.rules (values, bundled, errors) and the standard library; never numpy,
never holidays (automation.rules.calendar only on a cache miss).
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import json
import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from automation.rules.bundled import bundled
from automation.rules.values import CALENDAR_BAND

DATA_DIR = bundled("data")
OFFICIAL_CSV = DATA_DIR / "holidays_official.csv"
OVERRIDES_CSV = DATA_DIR / "holiday_overrides.csv"
BAND_START, BAND_END = CALENDAR_BAND
DEFAULT_FIRST_YEAR = 2015
DEFAULT_YEARS_AHEAD = 5
DEFAULT_LAST_YEAR = 2040

KIND_NATIONAL = "libur nasional"
KIND_CUTI_BERSAMA = "cuti bersama"
KIND_LOCAL = "lokal"
_CSV_KINDS = {"libur_nasional": KIND_NATIONAL, "cuti_bersama": KIND_CUTI_BERSAMA}
LOCAL_SOURCE = "Tab Hari Libur"
NO_CUTI_BERSAMA = "cuti bersama belum ditetapkan"
CACHE_FORMAT = 1
ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class CalendarOptions:
    """The office's calendar settings (config.toml ``[calendar]``), as in rules.calendar."""

    cuti_bersama_non_working: bool = True
    working_weekdays: tuple[int, ...] = (0, 1, 2, 3, 4)  # Monday=0
    cutoff: datetime.time | None = None


def calendar_options_from_config(section: Any) -> CalendarOptions:
    return CalendarOptions(
        cuti_bersama_non_working=bool(section.cuti_bersama_non_working),
        working_weekdays=tuple(section.working_days),
        cutoff=section.cutoff,
    )


@dataclass(frozen=True)
class LocalDay:
    """One row of the register's "Hari Libur" tab (closed = libur lokal, else masuk kerja)."""

    date: datetime.date
    closed: bool
    name: str
    source: str = ""


@dataclass(frozen=True)
class DayOff:
    """A non-working day other than an ordinary weekly rest day."""

    date: datetime.date
    name: str
    kind: str
    source: str
    estimated: bool


def years_for(*dates: datetime.date) -> range:
    """The years WorkCalendar is built for around ``dates`` (rules.calendar.years_for)."""
    first = min([DEFAULT_FIRST_YEAR, *(d.year for d in dates)])
    last = max([DEFAULT_LAST_YEAR, *(d.year + DEFAULT_YEARS_AHEAD for d in dates)])
    return range(first, last + 1)


def fmt_date(d: datetime.date) -> str:
    """dd-mm-yyyy, the way the office writes dates."""
    return d.strftime("%d-%m-%Y")


def local_days_from_rows(rows: Iterable[Any]) -> list[LocalDay]:
    """The readable rows of the "Hari Libur" tab (rules.records.read_local_days) as LocalDays,
    named as rules.office_calendar names them; unreadable dates are left out (the check reports
    them as LIB-001)."""
    return [LocalDay(r.date, r.closed, r.name or ("Libur kantor" if r.closed else "Masuk kerja"), r.source)
            for r in rows if r.date is not None]


def _read_csv(path: Path | Traversable) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        lines = [line for line in f if line.strip() and not line.lstrip().startswith("#")]
    return list(csv.DictReader(lines))


def load_official(path: Path | Traversable = OFFICIAL_CSV) -> list[DayOff]:
    return [DayOff(datetime.date.fromisoformat(row["date"]), row["name"].strip(), _CSV_KINDS[row["kind"].strip()],
                   row["source"].strip(), False) for row in _read_csv(path)]


def unsure_official_dates(path: Path | Traversable = OFFICIAL_CSV) -> frozenset[datetime.date]:
    return frozenset(datetime.date.fromisoformat(row["date"]) for row in _read_csv(path)
                     if row.get("certainty", "").strip() == "unsure")


def load_overrides(path: Path | Traversable = OVERRIDES_CSV) -> list[tuple[datetime.date, str, DayOff]]:
    """(date, action, the day off an "add" row makes); ValueError on a malformed row."""
    rows = []
    for row in _read_csv(path):
        action = row["action"].strip().lower()
        kind = (row.get("kind") or "libur_nasional").strip()
        if action not in ("add", "remove") or kind not in _CSV_KINDS:
            raise ValueError(f"{path.name}: baris tidak valid: {row}")
        day = datetime.date.fromisoformat(row["date"].strip())
        rows.append((day, action, DayOff(day, (row.get("name") or "").strip(), _CSV_KINDS[kind],
                                         (row.get("source") or "").strip(), False)))
    return rows


# --- the package's tables, cached -----------------------------------------------------------


def cache_dir() -> Path | None:
    """Where the package tables are kept: PPID_CACHE_DIR (empty = no cache), else the user's
    cache folder (%LOCALAPPDATA% on Windows, ~/Library/Caches on macOS, $XDG_CACHE_HOME or
    ~/.cache elsewhere)."""
    given = os.environ.get("PPID_CACHE_DIR")
    if given is not None:
        return Path(given) if given.strip() else None
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) / "ppid-sheets" / "cache" if base else None
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "ppid-sheets"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "ppid-sheets"


def _cache_key() -> str | None:
    """What the package tables depend on: the installed holidays package (its version file),
    this toolkit's version and the code that builds them. None when that cannot be told
    (then there is no cache)."""
    import importlib.util

    from automation import __version__

    try:
        spec = importlib.util.find_spec("holidays")
        if spec is None or spec.origin is None:
            return None
        parts = [f"format {CACHE_FORMAT}", __version__]
        for path in (Path(spec.origin).with_name("version.py"), Path(__file__).with_name("calendar.py")):
            st = path.stat()
            parts.append(f"{path} {st.st_size} {st.st_mtime_ns}")
    except (OSError, ValueError, ImportError):
        return None
    return "; ".join(parts)


@dataclass(frozen=True)
class PackageTables:
    """The holidays package's days off (libur nasional over cuti bersama) and the years it knows
    only partly ('perkiraan', 'cuti bersama belum ditetapkan'), for one range of years."""

    days: dict[datetime.date, DayOff]
    status: dict[int, str]
    cached: bool = field(default=False, compare=False)


def _cache_file(years: range) -> Path | None:
    folder = cache_dir()
    return folder / f"holidays-id-{years.start}-{years.stop - 1}.json" if folder is not None else None


def _read_cache(path: Path, key: str) -> PackageTables | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT or data.get("key") != key:
            return None
        days = {}
        for iso, name, kind, source, estimated in data["days"]:
            day = datetime.date.fromisoformat(iso)
            if kind not in (KIND_NATIONAL, KIND_CUTI_BERSAMA):
                return None
            days[day] = DayOff(day, str(name), kind, str(source), bool(estimated))
        status = {int(y): str(s) for y, s in data["status"].items()}
    except (OSError, ValueError, TypeError, KeyError):
        return None  # missing, unreadable or from another version: build it again
    return PackageTables(days, status, cached=True)


def _write_cache(path: Path, key: str, tables: PackageTables) -> None:
    data = {
        "format": CACHE_FORMAT,
        "key": key,
        "days": [[d.isoformat(), o.name, o.kind, o.source, o.estimated] for d, o in sorted(tables.days.items())],
        "status": {str(y): s for y, s in sorted(tables.status.items())},
    }
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:  # a cache only: never stop the run for it
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


def _build_tables(years: range) -> PackageTables:
    from automation.rules import calendar  # numpy and holidays: only here

    days = {d: DayOff(o.date, o.name, o.kind, o.source, o.estimated) for d, o in calendar._package_days(years).items()}
    return PackageTables(days, calendar._package_year_status(years))


def package_tables(years: range) -> PackageTables:
    """The package's tables for ``years``: from the cache when it is current, else built by
    automation.rules.calendar (and cached for the next run)."""
    key = _cache_key()
    path = _cache_file(years)
    if key is not None and path is not None:
        found = _read_cache(path, key)
        if found is not None:
            return found
    tables = _build_tables(years)
    if key is not None and path is not None:
        _write_cache(path, key, tables)
    return tables


# --- the calendar ------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class LightCalendar:
    """Working days of the office, answered one date at a time (see the module docstring)."""

    options: CalendarOptions
    years: range
    holidays_by_date: dict[datetime.date, DayOff] = field(repr=False)
    worked: dict[datetime.date, LocalDay] = field(repr=False)
    year_status: dict[int, str] = field(repr=False)

    @classmethod
    def build(cls, options: CalendarOptions = CalendarOptions(), local: Sequence[LocalDay] = (),
              years: range | None = None, *, package: PackageTables | None = None,
              official: Iterable[DayOff] | None = None) -> LightCalendar:
        """As WorkCalendar.build: package < official list < overrides < options < local days."""
        years = years if years is not None else range(DEFAULT_FIRST_YEAR, DEFAULT_LAST_YEAR + 1)
        if not options.working_weekdays or not set(options.working_weekdays) <= set(range(7)):
            raise ValueError("Hari kerja mingguan harus berisi angka 0 (Senin) sampai 6 (Minggu).")
        official = list(load_official() if official is None else official)
        package = package if package is not None else package_tables(years)
        official_years = {o.date.year for o in official}
        days = {d: v for d, v in package.days.items() if d.year not in official_years}
        status = {y: s for y, s in package.status.items() if y not in official_years}
        for o in official:
            days[o.date] = o
        for day, action, added in load_overrides():
            if action == "remove":
                days.pop(day, None)
            else:
                days[day] = added
        if not options.cuti_bersama_non_working:
            days = {d: v for d, v in days.items() if v.kind != KIND_CUTI_BERSAMA}
        worked: dict[datetime.date, LocalDay] = {}
        for entry in local:
            if entry.closed:
                worked.pop(entry.date, None)
                days[entry.date] = DayOff(entry.date, entry.name, KIND_LOCAL, entry.source or LOCAL_SOURCE, False)
            else:
                days.pop(entry.date, None)
                worked[entry.date] = entry
        return cls(options, years, dict(sorted(days.items())), worked, status)

    def is_working_day(self, d: datetime.date) -> bool:
        if d in self.worked:
            return True
        if d in self.holidays_by_date:
            return False
        return d.weekday() in self.options.working_weekdays

    def _counts(self, d: datetime.date) -> bool:
        """A working day as WorkCalendar's numpy calendar sees it: rest days are listed only
        inside CALENDAR_BAND, holidays and closures everywhere."""
        if d in self.holidays_by_date:
            return False
        if BAND_START <= d <= BAND_END and d.weekday() not in self.options.working_weekdays:
            return d in self.worked
        return True

    def day_off(self, d: datetime.date) -> DayOff | None:
        return self.holidays_by_date.get(d)

    def days_off(self, start: datetime.date, end: datetime.date, *, weekdays_only: bool = False) -> list[DayOff]:
        return [v for d, v in self.holidays_by_date.items()
                if start <= d <= end and (not weekdays_only or d.weekday() in self.options.working_weekdays)]

    def worked_days(self, start: datetime.date, end: datetime.date) -> list[LocalDay]:
        return [v for d, v in sorted(self.worked.items()) if start <= d <= end]

    def add_working_days(self, start: datetime.date, n: int) -> datetime.date:
        """The n-th working day after ``start`` (day 0 = start, whatever kind of day it is)."""
        d = start
        for _ in range(n):
            d += ONE_DAY
            while not self._counts(d):
                d += ONE_DAY
        return d

    def working_days_between(self, start: datetime.date, end: datetime.date) -> int:
        """Working days d with start < d <= end; minus those with end < d <= start when end < start."""
        lo, hi, sign = (start + ONE_DAY, end, 1) if start <= end else (end + ONE_DAY, start, -1)
        count, d = 0, lo
        while d <= hi:
            count += self._counts(d)
            d += ONE_DAY
        return sign * count

    def effective_receipt(self, received: datetime.date, at: datetime.time | None) -> datetime.date:
        cutoff = self.options.cutoff
        if cutoff is None or at is None or at <= cutoff or not self.is_working_day(received):
            return received
        return self.add_working_days(received, 1)

    def year_uncertainty(self, year: int) -> str | None:
        if year not in self.years:
            return "belum tersedia"
        status = self.year_status.get(year)
        if status == NO_CUTI_BERSAMA and not self.options.cuti_bersama_non_working:
            return None
        return status

    def uncertain_years(self, start: datetime.date, end: datetime.date) -> list[int]:
        lo, hi = sorted((start.year, end.year))
        return [y for y in range(lo, hi + 1) if self.year_uncertainty(y)]
