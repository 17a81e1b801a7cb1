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

What does not need numpy or the holidays package (the options, the day records, the bundled
tables, :func:`assemble_days` and the scalar questions of :class:`DayQueries`) is defined in
:mod:`automation.rules.light_calendar`, which `ppid due` uses alone, and re-exported here.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

# The options, day records, bundled tables, the order of precedence and the scalar questions
# are shared with the numpy-free calendar of `ppid due` and are defined there; they are
# re-exported here, where the rest of the toolkit imports them from.
from automation.rules.light_calendar import (  # noqa: F401 - re-exported
    BAND_END,
    BAND_START,
    DATA_DIR,
    DEFAULT_FIRST_YEAR,
    DEFAULT_YEARS,
    DEFAULT_YEARS_AHEAD,
    KIND_CUTI_BERSAMA,
    KIND_LOCAL,
    KIND_NATIONAL,
    LOCAL_SOURCE,
    NO_CUTI_BERSAMA,
    OFFICIAL_CSV,
    OVERRIDES_CSV,
    CalendarOptions,
    DayOff,
    DayQueries,
    LocalDay,
    OverrideRow,
    PackageTables,
    assemble_days,
    calendar_options_from_config,
    check_options,
    day_abbr,
    fmt_date,
    load_official,
    load_overrides,
    package_tables,
    unsure_official_dates,
    years_for,
)

ESTIMATED_MARK = "perkiraan"


def _package_source() -> str:
    import holidays  # only when the package's tables are built (light_calendar caches them)

    return f"python-holidays {holidays.__version__}"


def _package_days(years: range) -> dict[datetime.date, DayOff]:
    """Package holidays keyed by date; libur nasional wins over cuti bersama on the same date."""
    return dict(_package_days_cached(years))


@functools.lru_cache(maxsize=8)
def _package_days_cached(years: range) -> dict[datetime.date, DayOff]:
    # Building the package tables costs ~20 ms; a recap builds one calendar per register.
    import holidays

    package_source = _package_source()
    found: dict[datetime.date, DayOff] = {}
    for category, kind in (("government", KIND_CUTI_BERSAMA), ("public", KIND_NATIONAL)):
        table = holidays.country_holidays("ID", categories=(category,), language="id", years=years)
        for d in sorted(table):
            names = table.get_list(d)
            estimated = any(ESTIMATED_MARK in n for n in names)
            # The estimate is carried by `estimated` and the source, not repeated in the name.
            name = "; ".join(n.replace(f" ({ESTIMATED_MARK})", "") for n in names)
            source = f"{package_source}, {ESTIMATED_MARK}" if estimated else package_source
            found[d] = DayOff(d, name, kind, source, estimated)
    return found


def _package_year_status(years: range) -> dict[int, str]:
    """Years the package knows only partly: 'perkiraan' (estimated dates) or no cuti bersama yet."""
    return dict(_package_year_status_cached(years))


@functools.lru_cache(maxsize=8)
def _package_year_status_cached(years: range) -> dict[int, str]:
    import holidays

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


@functools.lru_cache(maxsize=8)
def _package_tables(years: range) -> PackageTables:
    """The package's tables, through light_calendar's cache (so a run whose cache is current
    never imports the holidays package: it imports every country it knows, ~0.1 s), once per
    process (a recap builds one calendar per register). Read only: assemble_days copies."""
    return package_tables(years)


_STEP_MAX = 400  # working days counted a day at a time for one date (the law's periods are 1-30)
_PLAIN_DAYS = frozenset({datetime.date, type(None)})  # exactly date: a datetime goes through numpy
_EPOCH_ORDINAL = datetime.date(1970, 1, 1).toordinal()
_NAT_DAY = np.iinfo(np.int64).min  # NaT as datetime64's integer


def as_day_array(values: object) -> np.ndarray:
    """Anything date-like (date, ISO string, sequence with None, datetime64 array) -> datetime64[D]."""
    if isinstance(values, np.ndarray) and values.dtype.kind == "M":
        return values.astype("datetime64[D]")
    if isinstance(values, (datetime.date, str, np.datetime64)) or values is None:
        return np.array(values if values is not None else "NaT", dtype="datetime64[D]")
    if isinstance(values, (list, tuple)) and set(map(type, values)) <= _PLAIN_DAYS:
        # a column of dates and blanks (every register column): day numbers counted in Python,
        # ten times faster than numpy converting each date object
        return np.fromiter((_NAT_DAY if v is None else v.toordinal() - _EPOCH_ORDINAL for v in values),
                           np.int64, len(values)).view("datetime64[D]")
    return np.array(
        [v if v is not None else "NaT" for v in values],  # type: ignore[union-attr]
        dtype="datetime64[D]",
    )


def to_date(value: np.datetime64) -> datetime.date | None:
    """datetime64 -> date (None for NaT)."""
    return None if np.isnat(value) else value.astype("datetime64[D]").item()


@dataclass(frozen=True, eq=False)
class WorkCalendar(DayQueries):
    """Working days of the office, counted for whole columns with numpy; build it with :meth:`build`.

    The day tables and the scalar questions (is_working_day, day_off, days_off, worked_days,
    effective_receipt, year_uncertainty, uncertain_years) are :class:`DayQueries`'.
    """

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
        """Assemble the calendar (see module docstring for precedence, :func:`assemble_days`).

        ``official`` and ``overrides`` default to the bundled tables; tests may pass their own.
        """
        if years is None:
            years = DEFAULT_YEARS
        check_options(options)
        package = _package_tables(years)
        days, worked, status = assemble_days(package.days, package.status, options, local,
                                             official=official, overrides=overrides)

        # numpy calendar: all-days weekmask, every rest day and holiday listed as a holiday.
        band = np.arange(np.datetime64(BAND_START, "D"), np.datetime64(BAND_END, "D") + np.timedelta64(1, "D"))
        weekday = (band.astype("int64") + 3) % 7  # 1970-01-01 was a Thursday; Monday = 0
        rest = band[~np.isin(weekday, list(options.working_weekdays))]
        worked_arr = as_day_array(sorted(worked))
        rest = rest[~np.isin(rest, worked_arr)]
        # busdaycalendar sorts the holidays and drops repeats itself (np.union1d would do the same
        # and import numpy.ma, about 7 ms of every start-up)
        cal = np.busdaycalendar(weekmask="1111111", holidays=np.concatenate((rest, as_day_array(sorted(days)))))
        return cls(options, years, days, worked, status, cal)

    @property
    def busdaycalendar(self) -> np.busdaycalendar:
        """The numpy calendar; use with ``roll="backward"`` for day-0 counting."""
        return self._busdaycal

    def add_working_days(self, start: datetime.date | np.ndarray, n: int | np.ndarray) -> datetime.date | np.ndarray:
        """The n-th working day after ``start`` (day 0 = start, whatever kind of day it is).

        ``start`` is a date or an array of datetime64[D] (NaT passes through); ``n`` an int
        (>= 0) or an int array. Returns the same shape: a date for a date, else an array.
        """
        # one date (a trace, a letter): counted in Python, from inside the band only (stepping from
        # near date.max would overflow where numpy's answer is merely past the calendar)
        if type(start) is datetime.date and type(n) is int and 0 <= n <= _STEP_MAX and start <= BAND_END:
            return self.step_working_days(start, n)
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
