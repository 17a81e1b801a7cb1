"""The job calendar follows the config and the register's Hari Libur tab."""

from __future__ import annotations

import dataclasses
import datetime as dt

from automation.rules.config import default_config
from automation.rules.office_calendar import office_calendar
from sheets.layout import HOLIDAYS
from sheets.memory import MemoryBackend


def test_local_closure_and_worked_saturday_and_bad_row() -> None:
    grid = [list(HOLIDAYS.headers),
            ["02-12-2026", "Libur Kantor", "Rapat pleno", "SE Sekretaris"],
            [dt.date(2026, 12, 5), "Masuk Kerja", "Sabtu kerja tahapan", ""],
            ["besok", "Libur Kantor", "", ""]]
    snap = MemoryBackend({HOLIDAYS.name: grid}).read()
    oc = office_calendar(default_config(), snap)
    cal = oc.calendar
    assert not cal.is_working_day(dt.date(2026, 12, 2))  # Wednesday, closed
    assert cal.is_working_day(dt.date(2026, 12, 5))  # Saturday, worked
    assert cal.is_working_day(dt.date(2026, 12, 3))
    assert [f.code for f in oc.findings] == ["LIB-001"] and oc.findings[0].row == 4


def test_cuti_bersama_switch_from_config() -> None:
    cfg = default_config()
    on = office_calendar(cfg, None).calendar
    off = office_calendar(dataclasses.replace(cfg, calendar=dataclasses.replace(
        cfg.calendar, cuti_bersama_non_working=False)), None).calendar
    # Thu 24-12-2026 is cuti bersama Natal (SKB 1497/2025): a day off only when switched on
    assert not on.is_working_day(dt.date(2026, 12, 24))
    assert off.is_working_day(dt.date(2026, 12, 24))
