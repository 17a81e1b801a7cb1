"""The calendar a job works with: config options plus the register's "Hari Libur" tab.

Every job (check, notices, report) builds its calendar here, so that a closure typed into the
tab moves every deadline the same way. Unreadable rows of the tab are returned as findings.
"""

from __future__ import annotations

from dataclasses import dataclass

from automation.rules.calendar import LocalDay, WorkCalendar, calendar_options_from_config
from automation.rules.config import Config
from automation.rules.findings import Finding, define
from automation.rules.light_calendar import local_days_from_rows
from automation.rules.records import read_local_days
from sheets.layout import HOLIDAYS
from sheets.model import Snapshot

HOLIDAY_DATE = define(
    "LIB-001", "warning", "Tanggal di tab Hari Libur tidak terbaca",
    "tanggal \"{raw}\" di tab Hari Libur tidak dapat dibaca, baris ini diabaikan dalam penghitungan hari kerja.",
    "Tulis tanggal seperti 24-12-2026 atau 24 Desember 2026.",
)


@dataclass(frozen=True)
class OfficeCalendar:
    calendar: WorkCalendar
    local_days: tuple[LocalDay, ...]
    findings: tuple[Finding, ...]


def office_calendar(config: Config, snapshot: Snapshot | None) -> OfficeCalendar:
    """The working-day calendar for this office and register."""
    table = snapshot.table(HOLIDAYS.name) if snapshot is not None else None
    rows = read_local_days(table)
    date_header = HOLIDAYS.header("date")
    findings = [Finding.make(HOLIDAY_DATE, HOLIDAYS.name, row.row, date_header, raw=row.issue.raw)
                for row in rows if row.date is None and row.issue is not None]
    local = local_days_from_rows(rows)  # the same LocalDays `ppid due` and `ppid calendar` count with
    options = calendar_options_from_config(config.calendar)
    return OfficeCalendar(WorkCalendar.build(options, local), tuple(local), tuple(findings))
