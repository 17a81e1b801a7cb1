"""What every command shares: the context (config, console, clock), options, backends.

This is the only layer that reads the clock or opens a register. Jobs below it get `today`
and plain data.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from automation.rules.values import CALENDAR_BAND, parse_date, parse_time

if TYPE_CHECKING:  # imported where used: `ppid --help` and `ppid due` start without rich (issue 19)
    from rich.console import Console

    from automation.rules.config import Config
    from sheets.model import Backend, Snapshot

F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class AppContext:
    """Lazily loaded config and shared consoles (made on first use); `now` is the one clock of
    the program."""

    config_path: str | None = None
    now: Callable[[], dt.datetime] = dt.datetime.now
    _config: Config | None = None

    @functools.cached_property
    def console(self) -> Console:
        from rich.console import Console

        return Console(highlight=False, soft_wrap=True)

    @functools.cached_property
    def err(self) -> Console:
        from rich.console import Console

        return Console(stderr=True, highlight=False, soft_wrap=True)

    @property
    def config(self) -> Config:
        if self._config is None:
            from automation.rules.config import load_config

            self._config = load_config(self.config_path)
            if self._config.is_default:
                click.secho("Tidak ada config.toml: memakai pengaturan bawaan "
                            "(buat config.toml dengan `ppid config`, lalu isi kop surat dan pejabat).",
                            err=True, fg="yellow")
        return self._config

    def config_for(self, register: str | None) -> Config:
        """The config with --register applied when given."""
        return self.config.with_register(register) if register else self.config

    def today(self, given: dt.date | None = None) -> dt.date:
        return given or self.now().date()


def get_ctx() -> AppContext:
    ctx = click.get_current_context()
    obj = ctx.find_object(AppContext)
    if obj is None:
        obj = ctx.ensure_object(AppContext)
    return obj


FIRST_DAY = CALENDAR_BAND[0]
LAST_DAY = dt.date(CALENDAR_BAND[1].year - 1, 12, 31)  # room for the longest chain (30 + 14 working days)


class DateParam(click.ParamType):
    """A date on the command line, read like a date cell (automation.rules.values.parse_date):
    2026-11-28, 28-11-2026, 28/11/2026, 28 November 2026; never guessed."""

    name = "TANGGAL"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> dt.date:
        if isinstance(value, dt.date):
            return value
        day, _ = parse_date(str(value))
        if day is None:
            self.fail(f"Tanggal tidak dikenali: {value!r}. Tulis seperti 2026-11-28 atau 28-11-2026.", param, ctx)
        if not FIRST_DAY <= day <= LAST_DAY:
            # the calendar knows rest days for 1970-2100 only; a deadline past it cannot be counted
            self.fail(f"Tanggal {value!r} di luar jangkauan kalender ({FIRST_DAY.year}-{LAST_DAY.year}).", param, ctx)
        return day


class TimeParam(click.ParamType):
    """An hour on the command line (14:30, 08.05), read like a time cell."""

    name = "JJ:MM"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> dt.time:
        if isinstance(value, dt.time):
            return value
        at, _ = parse_time(str(value))
        if at is None:
            self.fail(f"Jam tidak dikenali: {value!r}. Tulis seperti 14:30.", param, ctx)
        return at


DATE = DateParam()
TIME = TimeParam()


def register_option(f: F) -> F:
    return click.option(
        "--register", "register", metavar="PATH",
        help="Berkas register .xlsx (atau URL Google Sheet), menggantikan [register] di config.",
    )(f)


def today_option(f: F) -> F:
    return click.option(
        "--today", "today", type=DATE, default=None, metavar="TANGGAL",
        help="Tanggal 'hari ini' untuk perhitungan (bawaan: tanggal komputer).",
    )(f)


def read_while_loading(backend: Backend, tabs: Sequence[str] | None, load: Callable[[], object],
                       formulas: Collection[str] = ()) -> Snapshot:
    """`backend.read(tabs, formulas=formulas)`, with `load` (a job importing its modules) run
    while the Excel backend's reader parses the sheets in a second thread (ExcelBackend.read's
    `meanwhile`); other backends read first, then load."""
    if getattr(backend, "parses_in_background", False):
        return backend.read(tabs, meanwhile=load, formulas=formulas)  # type: ignore[call-arg]
    snapshot = backend.read(tabs, formulas=formulas)
    load()
    return snapshot


def open_backend(cfg: Config) -> Backend:
    """The register store named by the config: Excel (default) or Google Sheets."""
    if cfg.register.backend == "google":
        from sheets.google import open_google_backend

        return open_google_backend(cfg.register.spreadsheet, cfg.register.credentials)
    from sheets.excel import ExcelBackend
    from sheets.xlsx_guard import Limits

    out = cfg.output
    return ExcelBackend(Path(cfg.register.path), backup_dir=out.backups, keep_backups=out.keep_backups,
                        keep_backup_days=out.keep_backup_days, keep_daily_backup_days=out.keep_daily_backup_days,
                        limits=Limits(cfg.register.max_sheet_mb * 1024 * 1024, cfg.register.max_cells))


@dataclass(frozen=True)
class StepOutcome:
    """What one step of the daily job (`ppid run`) reports: its exit code and one line;
    `changed` says the step wrote something another step's output depends on."""

    code: int
    line: str
    changed: bool = False
