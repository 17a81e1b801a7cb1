"""The period of a report (a calendar month or year): light, so that `ppid report` can read its
arguments before the figures' modules (numpy) are imported. automation.reports.figures re-exports it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from automation.rules.values import MONTH_NAMES
from sheets.layout import REPORT_TAB_PREFIX


@dataclass(frozen=True)
class Period:
    """A report period: a calendar month or a calendar year."""

    start: dt.date
    end: dt.date
    kind: str  # "month" | "year"

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        first = dt.date(year, month, 1)
        nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
        return cls(first, nxt - dt.timedelta(days=1), "month")

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")

    @classmethod
    def previous_month(cls, today: dt.date) -> Period:
        last = today.replace(day=1) - dt.timedelta(days=1)
        return cls.month(last.year, last.month)

    @property
    def key(self) -> str:
        """2026-11 or 2026 (file names, JSON)."""
        return f"{self.start:%Y-%m}" if self.kind == "month" else f"{self.start.year}"

    @property
    def tab_name(self) -> str:
        """"Laporan 2026-11" or "Laporan Tahunan 2026"."""
        return f"{REPORT_TAB_PREFIX}{self.key}" if self.kind == "month" else f"{REPORT_TAB_PREFIX}Tahunan {self.key}"

    @property
    def label(self) -> str:
        """"November 2026" or "Tahun 2026" (Indonesian, for titles)."""
        if self.kind == "month":
            return f"{MONTH_NAMES[self.start.month - 1]} {self.start.year}"
        return f"Tahun {self.start.year}"

    def months(self) -> list[Period]:
        """The calendar months of the period."""
        out, d = [], self.start
        while d <= self.end:
            out.append(Period.month(d.year, d.month))
            d = out[-1].end + dt.timedelta(days=1)
        return out
