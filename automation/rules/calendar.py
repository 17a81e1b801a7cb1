"""The office's working-day calendar (hari kerja).

A day is *not* a working day when it is:

1. a weekly rest day (by default Saturday and Sunday, Perpres 21/2023), or
2. a national holiday (libur nasional) or, unless switched off, a cuti bersama day.

Holidays come, in increasing order of precedence, from:

* ``holidays.country_holidays("ID", categories=("public", "government"), language="id")``
  (cuti bersama are the package's "government" category; its estimated dates carry
  "(perkiraan)" in their name);
* ``data/holidays_official.csv``: the official 2024-2026 list with the decree of each date.
  For the years it covers it *replaces* the package, so names and decrees are the official ones;
* ``data/holiday_overrides.csv``: changes the package does not have yet (a holiday moved by a new
  SKB or Keppres). Columns: date, action (add|remove), name, kind (libur_nasional|cuti_bersama),
  source (the decree). It may be empty; lines starting with ``#`` are comments;
* the register's "Hari Libur" tab (:class:`LocalDay`): a local closure (libur lokal) or a day
  the office worked (masuk kerja), e.g. a Saturday during an election stage.

Years covered: by default 2015-2040 (:data:`DEFAULT_YEARS`; this module never reads the clock),
or the ``years`` passed to :meth:`WorkCalendar.build`; :func:`years_for` gives a range around a date.
Outside the covered years only the weekly rest days are known; :meth:`WorkCalendar.uncertain_years`
says so, as it does for years whose dates are only estimated.

Counting uses ``numpy.busday_offset(..., roll="backward")``: the day of receipt is day 0 and
day 1 is the first working day after it, whatever day the receipt fell on. ``roll="forward"``
would be one day late for a receipt on a weekend or holiday. Because the office may work a
weekend day, the numpy calendar uses an all-days weekmask and lists every rest day as a
holiday (for 1970-2100), so a worked Saturday is just a date missing from that list.
"""

from __future__ import annotations

import bisect
import csv
import datetime
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import holidays
import numpy as np

from automation.rules.bundled import bundled
from automation.rules.values import CALENDAR_BAND, DAY_ABBR

DATA_DIR = bundled("data")  # inside the installed package (importlib.resources): wheel or zip alike
OFFICIAL_CSV = DATA_DIR / "holidays_official.csv"
OVERRIDES_CSV = DATA_DIR / "holiday_overrides.csv"

DEFAULT_FIRST_YEAR = 2015
DEFAULT_YEARS_AHEAD = 5
DEFAULT_YEARS = range(DEFAULT_FIRST_YEAR, 2041)
# Weekly rest days are listed as numpy holidays over this band (see module docstring).
BAND_START, BAND_END = CALENDAR_BAND

KIND_NATIONAL = "libur nasional"
KIND_CUTI_BERSAMA = "cuti bersama"
KIND_LOCAL = "lokal"
_CSV_KINDS = {"libur_nasional": KIND_NATIONAL, "cuti_bersama": KIND_CUTI_BERSAMA}

ESTIMATED_MARK = "perkiraan"
PACKAGE_SOURCE = f"python-holidays {holidays.__version__}"
LOCAL_SOURCE = "Tab Hari Libur"
NO_CUTI_BERSAMA = "cuti bersama belum ditetapkan"


@dataclass(frozen=True)
class CalendarOptions:
    """The office's calendar settings (config.toml ``[kalender]``)."""

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
    last = max([DEFAULT_YEARS.stop - 1, *(d.year + DEFAULT_YEARS_AHEAD for d in dates)])
    return range(first, last + 1)


def day_abbr(d: datetime.date) -> str:
    """Indonesian weekday abbreviation (Sen ... Min)."""
    return DAY_ABBR[d.weekday()]


def fmt_date(d: datetime.date) -> str:
    """dd-mm-yyyy, the way the office writes dates."""
    return d.strftime("%d-%m-%Y")


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


def _package_days(years: range) -> dict[datetime.date, DayOff]:
    """Package holidays keyed by date; libur nasional wins over cuti bersama on the same date."""
    return dict(_package_days_cached(years))


@functools.lru_cache(maxsize=8)
def _package_days_cached(years: range) -> dict[datetime.date, DayOff]:
    # Building the package tables costs ~20 ms; a recap builds one calendar per register.
    found: dict[datetime.date, DayOff] = {}
    for category, kind in (("government", KIND_CUTI_BERSAMA), ("public", KIND_NATIONAL)):
        table = holidays.country_holidays("ID", categories=(category,), language="id", years=years)
        for d in sorted(table):
            names = table.get_list(d)
            estimated = any(ESTIMATED_MARK in n for n in names)
            # The estimate is carried by `estimated` and the source, not repeated in the name.
            name = "; ".join(n.replace(f" ({ESTIMATED_MARK})", "") for n in names)
            source = f"{PACKAGE_SOURCE}, {ESTIMATED_MARK}" if estimated else PACKAGE_SOURCE
            found[d] = DayOff(d, name, kind, source, estimated)
    return found


def _package_year_status(years: range) -> dict[int, str]:
    """Years the package knows only partly: 'perkiraan' (estimated dates) or no cuti bersama yet."""
    return dict(_package_year_status_cached(years))


@functools.lru_cache(maxsize=8)
def _package_year_status_cached(years: range) -> dict[int, str]:
    status: dict[int, str] = {}
    gov = holidays.country_holidays("ID", categories=("government",), language="id", years=years)
    pub = holidays.country_holidays("ID", categories=("public",), language="id", years=years)
    gov_years = {d.year for d in gov}
    for y in years:
        if any(ESTIMATED_MARK in n for d, n in pub.items() if d.year == y):
            status[y] = ESTIMATED_MARK
        elif y not in gov_years:
            status[y] = NO_CUTI_BERSAMA
    return status


def as_day_array(values: object) -> np.ndarray:
    """Anything date-like (date, ISO string, sequence with None, datetime64 array) -> datetime64[D]."""
    if isinstance(values, np.ndarray) and values.dtype.kind == "M":
        return values.astype("datetime64[D]")
    if isinstance(values, (datetime.date, str, np.datetime64)) or values is None:
        return np.array(values if values is not None else "NaT", dtype="datetime64[D]")
    return np.array(
        [v if v is not None else "NaT" for v in values],  # type: ignore[union-attr]
        dtype="datetime64[D]",
    )


def to_date(value: np.datetime64) -> datetime.date | None:
    """datetime64 -> date (None for NaT)."""
    return None if np.isnat(value) else value.astype("datetime64[D]").item()


@dataclass(frozen=True, eq=False)
class WorkCalendar:
    """Working days of the office; build it with :meth:`build`."""

    options: CalendarOptions
    years: range
    holidays_by_date: dict[datetime.date, DayOff] = field(repr=False)
    worked: dict[datetime.date, LocalDay] = field(repr=False)
    year_status: dict[int, str] = field(repr=False)
    _busdaycal: np.busdaycalendar = field(repr=False)

    @classmethod
    def build(
        cls,
        options: CalendarOptions = CalendarOptions(),
        local: Sequence[LocalDay] = (),
        years: range | None = None,
        *,
        official: Iterable[DayOff] | None = None,
        overrides: Iterable[OverrideRow] | None = None,
    ) -> WorkCalendar:
        """Assemble the calendar (see module docstring for precedence).

        ``official`` and ``overrides`` default to the bundled tables; tests may pass their own.
        """
        if years is None:
            years = DEFAULT_YEARS
        if not options.working_weekdays or not set(options.working_weekdays) <= set(range(7)):
            raise ValueError("Hari kerja mingguan harus berisi angka 0 (Senin) sampai 6 (Minggu).")
        official = list(load_official() if official is None else official)
        overrides = list(load_overrides() if overrides is None else overrides)

        days = _package_days(years)
        status = _package_year_status(years)
        official_years = {o.date.year for o in official}
        days = {d: v for d, v in days.items() if d.year not in official_years}
        for o in official:
            days[o.date] = o
        for y in official_years:
            status.pop(y, None)
        for o in overrides:
            if o.action == "remove":
                days.pop(o.date, None)
            else:
                days[o.date] = DayOff(o.date, o.name, _CSV_KINDS[o.kind], o.source, False)
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

        # numpy calendar: all-days weekmask, every rest day and holiday listed as a holiday.
        band = np.arange(np.datetime64(BAND_START, "D"), np.datetime64(BAND_END, "D") + np.timedelta64(1, "D"))
        weekday = (band.astype("int64") + 3) % 7  # 1970-01-01 was a Thursday; Monday = 0
        rest = band[~np.isin(weekday, list(options.working_weekdays))]
        worked_arr = as_day_array(sorted(worked))
        rest = rest[~np.isin(rest, worked_arr)]
        off = np.union1d(rest, as_day_array(sorted(days)))
        cal = np.busdaycalendar(weekmask="1111111", holidays=off)
        return cls(options, years, dict(sorted(days.items())), worked, status, cal)

    @property
    def busdaycalendar(self) -> np.busdaycalendar:
        """The numpy calendar; use with ``roll="backward"`` for day-0 counting."""
        return self._busdaycal

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

    def add_working_days(self, start: datetime.date | np.ndarray, n: int | np.ndarray) -> datetime.date | np.ndarray:
        """The n-th working day after ``start`` (day 0 = start, whatever kind of day it is).

        ``start`` is a date or an array of datetime64[D] (NaT passes through); ``n`` an int
        (>= 0) or an int array. Returns the same shape: a date for a date, else an array.
        """
        scalar = isinstance(start, datetime.date)
        days = as_day_array(start)
        out = np.busday_offset(days, n, roll="backward", busdaycal=self._busdaycal)
        out = np.where(np.asarray(n) == 0, days, out)  # day 0 is the start itself, not rolled back
        return to_date(out) if scalar and np.ndim(out) == 0 else out

    def working_days_between(
        self, start: datetime.date | np.ndarray | None, end: datetime.date | np.ndarray | None
    ) -> int | np.ndarray | None:
        """Working days d with start < d <= end; minus those with end < d <= start when end < start.

        Scalars give an int (None if either is None); arrays give float64 with NaN for NaT.
        """
        if isinstance(start, datetime.date) and isinstance(end, datetime.date):
            return int(self.working_days_between(np.array([start], "datetime64[D]"), end)[0])
        if start is None or end is None:
            if not isinstance(start, np.ndarray) and not isinstance(end, np.ndarray):
                return None
        s, e = np.broadcast_arrays(as_day_array(start), as_day_array(end))
        s, e = np.atleast_1d(s), np.atleast_1d(e)
        valid = ~(np.isnat(s) | np.isnat(e))
        out = np.full(s.shape, np.nan)
        # numpy counts [begin, end) forwards but (end, begin] backwards (negated), so shift
        # by one day only when counting forwards.
        shift = (s <= e).astype("timedelta64[D]")
        out[valid] = np.busday_count(s[valid] + shift[valid], e[valid] + shift[valid], busdaycal=self._busdaycal)
        return out

    def effective_receipt(self, received: datetime.date, at: datetime.time | None) -> datetime.date:
        """The day the clock starts from: the next working day when received after the cut-off.

        Only a working-day receipt moves: a receipt on a rest day already counts from the next
        working day.
        """
        cutoff = self.options.cutoff
        if cutoff is None or at is None or at <= cutoff or not self.is_working_day(received):
            return received
        return self.add_working_days(received, 1)

    def effective_receipts(self, received: np.ndarray, times: Sequence[datetime.time | None] | None) -> np.ndarray:
        """Vectorised :meth:`effective_receipt` over a datetime64[D] column."""
        received = as_day_array(received)
        cutoff = self.options.cutoff
        if cutoff is None or times is None:
            return received
        late = np.fromiter((t is not None and t > cutoff for t in times), bool, len(received))
        late &= ~np.isnat(received)
        if not late.any():
            return received
        busy = np.zeros(len(received), bool)
        busy[late] = np.is_busday(received[late], busdaycal=self._busdaycal)
        moved = np.busday_offset(received, 1, roll="backward", busdaycal=self._busdaycal)
        return np.where(busy, moved, received)

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
