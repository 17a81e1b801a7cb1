"""The working-day calendar without numpy or the holidays package, and what both calendars share.

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

Everything the two calendars have in common is defined here once and imported (and re-exported)
by automation.rules.calendar: the options, the day records, the bundled tables, the order in
which the inputs are laid over each other (:func:`assemble_days`) and the scalar questions
(:class:`DayQueries`). What differs is the counting only: numpy's busday functions there, date
arithmetic here; tests/test_due_fast.py checks that both count the same for every receipt date
of 2024-2027.

May import: automation.rules (values, bundled, errors) and the standard library; never numpy,
never holidays (automation.rules.calendar only on a cache miss).
"""

from __future__ import annotations

import bisect
import contextlib
import csv
import datetime
import functools
import json
import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from automation.rules.bundled import bundled
from automation.rules.values import CALENDAR_BAND, DAY_ABBR

DATA_DIR = bundled("data")  # inside the installed package (importlib.resources): wheel or zip alike
OFFICIAL_CSV = DATA_DIR / "holidays_official.csv"
OVERRIDES_CSV = DATA_DIR / "holiday_overrides.csv"
DEFAULT_FIRST_YEAR = 2015
DEFAULT_YEARS_AHEAD = 5
DEFAULT_LAST_YEAR = 2040
DEFAULT_YEARS = range(DEFAULT_FIRST_YEAR, DEFAULT_LAST_YEAR + 1)
# Weekly rest days are counted (listed as numpy holidays in rules.calendar) over this band only.
BAND_START, BAND_END = CALENDAR_BAND

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
    """The office's calendar settings (config.toml ``[calendar]``)."""

    cuti_bersama_non_working: bool = True
    working_weekdays: tuple[int, ...] = (0, 1, 2, 3, 4)  # Monday=0
    cutoff: datetime.time | None = None  # receipt after this hour counts as next working day


def calendar_options_from_config(section: Any) -> CalendarOptions:
    """Options from config.toml's ``[calendar]`` (any object with cuti_bersama_non_working,
    working_days, cutoff)."""
    return CalendarOptions(
        cuti_bersama_non_working=bool(section.cuti_bersama_non_working),
        working_weekdays=tuple(section.working_days),
        cutoff=section.cutoff,
    )


@dataclass(frozen=True)
class LocalDay:
    """One row of the register's "Hari Libur" tab."""

    date: datetime.date
    closed: bool  # True = office closed that day (libur lokal); False = office worked (masuk kerja)
    name: str
    source: str = ""


@dataclass(frozen=True)
class DayOff:
    """A non-working day other than an ordinary weekly rest day."""

    date: datetime.date
    name: str
    kind: str  # "libur nasional" | "cuti bersama" | "lokal"
    source: str
    estimated: bool


@dataclass(frozen=True)
class OverrideRow:
    """One row of the bundled override table."""

    date: datetime.date
    action: str  # "add" | "remove"
    name: str
    kind: str  # "libur_nasional" | "cuti_bersama"
    source: str


def years_for(*dates: datetime.date) -> range:
    """Years to build for work around ``dates``: from 2015 (or earlier) to 5 years after the latest."""
    first = min([DEFAULT_FIRST_YEAR, *(d.year for d in dates)])
    last = max([DEFAULT_LAST_YEAR, *(d.year + DEFAULT_YEARS_AHEAD for d in dates)])
    return range(first, last + 1)


def day_abbr(d: datetime.date) -> str:
    """Indonesian weekday abbreviation (Sen ... Min)."""
    return DAY_ABBR[d.weekday()]


def fmt_date(d: datetime.date) -> str:
    """dd-mm-yyyy, the way the office writes dates."""
    return d.strftime("%d-%m-%Y")


def local_days_from_rows(rows: Iterable[Any]) -> list[LocalDay]:
    """The readable rows of the "Hari Libur" tab (rules.records.read_local_days) as LocalDays,
    a row without a name named "Libur kantor" or "Masuk kerja"; unreadable dates are left out
    (rules.office_calendar reports them as LIB-001)."""
    return [LocalDay(r.date, r.closed, r.name or ("Libur kantor" if r.closed else "Masuk kerja"), r.source)
            for r in rows if r.date is not None]


def _read_csv(path: Path | Traversable) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        lines = [line for line in f if line.strip() and not line.lstrip().startswith("#")]
    return list(csv.DictReader(lines))


def load_official(path: Path | Traversable = OFFICIAL_CSV) -> list[DayOff]:
    """The bundled official list (date, kind, name, source, certainty)."""
    return [
        DayOff(
            date=datetime.date.fromisoformat(row["date"]),
            name=row["name"].strip(),
            kind=_CSV_KINDS[row["kind"].strip()],
            source=row["source"].strip(),
            estimated=False,
        )
        for row in _read_csv(path)
    ]


def unsure_official_dates(path: Path | Traversable = OFFICIAL_CSV) -> frozenset[datetime.date]:
    """Dates the official list marks certainty=unsure: used as days off, to be checked against
    the latest amendment of the decree (shown by `ppid calendar`)."""
    return frozenset(datetime.date.fromisoformat(row["date"]) for row in _read_csv(path)
                     if row.get("certainty", "").strip() == "unsure")


def load_overrides(path: Path | Traversable = OVERRIDES_CSV) -> list[OverrideRow]:
    """The bundled override table; raises ValueError on a malformed row."""
    rows = []
    for row in _read_csv(path):
        action = row["action"].strip().lower()
        kind = (row.get("kind") or "libur_nasional").strip()
        if action not in ("add", "remove") or kind not in _CSV_KINDS:
            raise ValueError(f"{path.name}: baris tidak valid: {row}")
        rows.append(
            OverrideRow(
                date=datetime.date.fromisoformat(row["date"].strip()),
                action=action,
                name=(row.get("name") or "").strip(),
                kind=kind,
                source=(row.get("source") or "").strip(),
            )
        )
    return rows


def check_options(options: CalendarOptions) -> None:
    """ValueError (in Indonesian) when the weekly working days are not a set of 0-6."""
    if not options.working_weekdays or not set(options.working_weekdays) <= set(range(7)):
        raise ValueError("Hari kerja mingguan harus berisi angka 0 (Senin) sampai 6 (Minggu).")


def assemble_days(
    package_days: dict[datetime.date, DayOff],
    package_status: dict[int, str],
    options: CalendarOptions,
    local: Sequence[LocalDay] = (),
    *,
    official: Iterable[DayOff] | None = None,
    overrides: Iterable[OverrideRow] | None = None,
) -> tuple[dict[datetime.date, DayOff], dict[datetime.date, LocalDay], dict[int, str]]:
    """(days off by date, days worked by date, status of the years not final), for both calendars.

    In increasing order of precedence: the holidays package's days (``package_days``), the
    official list (for the years it covers it replaces the package, and those years are final),
    the override table, the options (cuti bersama as working days), the register's local days.
    ``official`` and ``overrides`` default to the bundled tables; tests may pass their own.
    """
    check_options(options)
    official = list(load_official() if official is None else official)
    overrides = list(load_overrides() if overrides is None else overrides)
    official_years = {o.date.year for o in official}
    days = {d: v for d, v in package_days.items() if d.year not in official_years}
    status = {y: s for y, s in package_status.items() if y not in official_years}
    for o in official:
        days[o.date] = o
    for row in overrides:
        if row.action == "remove":
            days.pop(row.date, None)
        else:
            days[row.date] = DayOff(row.date, row.name, _CSV_KINDS[row.kind], row.source, False)
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
    return dict(sorted(days.items())), worked, status


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

    return PackageTables(calendar._package_days(years), calendar._package_year_status(years))


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


# --- the calendars ----------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class DayQueries:
    """The day tables of a calendar (from :func:`assemble_days`) and the scalar questions both
    calendars answer alike from them: LightCalendar here, automation.rules.calendar.WorkCalendar
    there. Each brings its own counting (``add_working_days``)."""

    options: CalendarOptions
    years: range
    holidays_by_date: dict[datetime.date, DayOff] = field(repr=False)
    worked: dict[datetime.date, LocalDay] = field(repr=False)
    year_status: dict[int, str] = field(repr=False)

    def add_working_days(self, start: Any, n: Any) -> Any:
        raise NotImplementedError

    def is_working_day(self, d: datetime.date) -> bool:
        if d in self.worked:
            return True
        if d in self.holidays_by_date:
            return False
        return d.weekday() in self.options.working_weekdays

    def day_off(self, d: datetime.date) -> DayOff | None:
        """The holiday or closure on ``d`` (None on working days and ordinary rest days)."""
        return self.holidays_by_date.get(d)

    @functools.cached_property
    def _sorted_days_off(self) -> tuple[list[datetime.date], list[DayOff]]:
        items = sorted(self.holidays_by_date.items())
        return [d for d, _ in items], [v for _, v in items]

    def days_off(self, start: datetime.date, end: datetime.date, *, weekdays_only: bool = False) -> list[DayOff]:
        """Holidays and closures in [start, end]; ``weekdays_only`` drops those on rest days."""
        dates, values = self._sorted_days_off  # a trace asks for every row: a bisect, not a scan
        lo, hi = bisect.bisect_left(dates, start), bisect.bisect_right(dates, end)
        return [
            v
            for d, v in zip(dates[lo:hi], values[lo:hi])
            if not weekdays_only or d.weekday() in self.options.working_weekdays
        ]

    def worked_days(self, start: datetime.date, end: datetime.date) -> list[LocalDay]:
        """Rest days or holidays the office worked (from the tab), in [start, end]."""
        return [v for d, v in sorted(self.worked.items()) if start <= d <= end]

    def effective_receipt(self, received: datetime.date, at: datetime.time | None) -> datetime.date:
        """The day the clock starts from: the next working day when received after the cut-off.

        Only a working-day receipt moves: a receipt on a rest day already counts from the next
        working day.
        """
        cutoff = self.options.cutoff
        if cutoff is None or at is None or at <= cutoff or not self.is_working_day(received):
            return received
        return self.add_working_days(received, 1)

    def _counts(self, d: datetime.date) -> bool:
        """A working day as WorkCalendar's numpy calendar sees it: rest days are listed only
        inside CALENDAR_BAND, holidays and closures everywhere."""
        if d in self.holidays_by_date:
            return False
        if BAND_START <= d <= BAND_END and d.weekday() not in self.options.working_weekdays:
            return d in self.worked
        return True

    def step_working_days(self, start: datetime.date, n: int) -> datetime.date:
        """`add_working_days` for one date, a day at a time: LightCalendar's counting, and
        WorkCalendar's for a single date inside the band (numpy's per call cost is ten times
        more; tests/test_due_fast.py compares the two countings day by day)."""
        d = start
        for _ in range(n):
            d += ONE_DAY
            while not self._counts(d):
                d += ONE_DAY
        return d

    def year_uncertainty(self, year: int) -> str | None:
        """Why a year's calendar is not final ('perkiraan', 'belum tersedia', ...), or None."""
        if year not in self.years:
            return "belum tersedia"
        status = self.year_status.get(year)
        if status == NO_CUTI_BERSAMA and not self.options.cuti_bersama_non_working:
            return None
        return status

    def uncertain_years(self, start: datetime.date, end: datetime.date) -> list[int]:
        """Years in [start, end] whose dates are only estimated or not covered."""
        lo, hi = sorted((start.year, end.year))
        return [y for y in range(lo, hi + 1) if self.year_uncertainty(y)]


@dataclass(frozen=True, eq=False)
class LightCalendar(DayQueries):
    """Working days of the office, counted one date at a time (see the module docstring)."""

    @classmethod
    def build(cls, options: CalendarOptions = CalendarOptions(), local: Sequence[LocalDay] = (),
              years: range | None = None, *, package: PackageTables | None = None,
              official: Iterable[DayOff] | None = None,
              overrides: Iterable[OverrideRow] | None = None) -> LightCalendar:
        """As WorkCalendar.build (:func:`assemble_days`), the package's tables from the cache."""
        years = years if years is not None else DEFAULT_YEARS
        check_options(options)  # before the package's tables may have to be built
        package = package if package is not None else package_tables(years)
        days, worked, status = assemble_days(package.days, package.status, options, local,
                                             official=official, overrides=overrides)
        return cls(options, years, days, worked, status)

    def add_working_days(self, start: datetime.date, n: int) -> datetime.date:
        """The n-th working day after ``start`` (day 0 = start, whatever kind of day it is)."""
        return self.step_working_days(start, n)

    def working_days_between(self, start: datetime.date, end: datetime.date) -> int:
        """Working days d with start < d <= end; minus those with end < d <= start when end < start."""
        lo, hi, sign = (start + ONE_DAY, end, 1) if start <= end else (end + ONE_DAY, start, -1)
        count, d = 0, lo
        while d <= hi:
            count += self._counts(d)
            d += ONE_DAY
        return sign * count
