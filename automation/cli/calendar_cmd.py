"""`ppid calendar` and `ppid due`: the working-day calendar and a request's deadline chain.

Settings come from config.toml through the program context (see :func:`_settings`).
"""

from __future__ import annotations

import datetime
import json
from typing import TYPE_CHECKING

import click

from automation.cli.common import DATE, TIME, get_ctx, open_backend, register_option
from automation.rules.light_calendar import (
    CalendarOptions,
    LightCalendar,
    LocalDay,
    calendar_options_from_config,
    fmt_date,
    local_days_from_rows,
    unsure_official_dates,
    years_for,
)
from automation.rules.light_deadlines import (
    CATEGORIES,
    DeadlineRules,
    day_abbr,
    deadline_rules_from_config,
    due_chain,
    year_warnings,
)

# `ppid due` and `ppid calendar` count with LightCalendar and import the rules and the chain from
# where they are defined (light_calendar, light_deadlines; rules.calendar and rules.deadlines
# re-export them): a start-up without numpy, the holidays package or rich for `due` (issue 19);
# tests/test_due_fast.py keeps LightCalendar's counting equal to WorkCalendar's.

if TYPE_CHECKING:
    from rich.console import Console

_KIND_LABEL = {"lokal": "libur lokal"}


def _settings(ctx: click.Context) -> tuple[CalendarOptions, DeadlineRules]:
    """Calendar options and deadline rules of this run: [calendar] and [deadlines] of config.toml
    (defaults without one); a bad config stops here with its message."""
    cfg = get_ctx().config
    return calendar_options_from_config(cfg.calendar), deadline_rules_from_config(cfg.deadlines)


def _register_local_days(ctx: click.Context, register: str | None) -> tuple[LocalDay, ...]:
    """The "Hari Libur" tab of the register named by --register, or of the configured Excel
    register when it exists; none when there is no register to read (then the config alone counts)."""
    cfg = get_ctx().config_for(register)
    if register is None and (cfg.is_default or cfg.register.backend != "excel" or not cfg.register.path.is_file()):
        return ()
    from automation.rules.records import read_local_days
    from sheets.layout import HOLIDAYS

    snapshot = open_backend(cfg).read([HOLIDAYS.name])
    return tuple(local_days_from_rows(read_local_days(snapshot.table(HOLIDAYS.name))))


def _today(ctx: click.Context) -> datetime.date:
    """The program's clock (AppContext.today)."""
    return get_ctx().today()


def _console() -> Console:
    from rich.console import Console

    console = Console(highlight=False)
    if not console.is_terminal:
        console = Console(highlight=False, width=140)
    return console


@click.command(name="calendar", help="Tampilkan hari libur (hari kerja yang diliburkan) satu tahun.")
@click.option(
    "--year",
    type=int,
    default=None,
    help="Tahun yang ditampilkan (bawaan: tahun ini).",
)
@register_option
@click.pass_context
def calendar_command(ctx: click.Context, year: int | None, register: str | None) -> None:
    from rich.table import Table

    year = year or _today(ctx).year
    if not 1970 <= year <= 2100:
        raise click.BadParameter("tahun harus antara 1970 dan 2100.", param_hint="--year")
    options, _rules = _settings(ctx)
    local = _register_local_days(ctx, register)
    cal = LightCalendar.build(options, local, years=years_for(datetime.date(year, 1, 1)))
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    days = cal.days_off(start, end, weekdays_only=True)
    unsure = unsure_official_dates()

    table = Table(title=f"Hari libur pada hari kerja, tahun {year}")
    for header in ("Tanggal", "Hari", "Nama", "Jenis", "Sumber", "Keterangan"):
        table.add_column(header)
    rows = [(o.date, o.name, _KIND_LABEL.get(o.kind, o.kind), o.source,
             "perkiraan" if o.estimated else ("perlu dicek" if o.date in unsure else "")) for o in days]
    rows += [(w.date, w.name, "masuk kerja", w.source, "") for w in cal.worked_days(start, end)]
    for day, name, kind, source, note in sorted(rows, key=lambda r: r[0]):  # one list in date order
        table.add_row(fmt_date(day), day_abbr(day), name, kind, source, note)
    console = _console()
    console.print(table)
    working = cal.working_days_between(start - datetime.timedelta(days=1), end)
    console.print(f"Jumlah hari libur pada hari kerja: {len(days)}; jumlah hari kerja: {working}.")
    if not options.cuti_bersama_non_working:
        console.print("Cuti bersama dihitung sebagai hari kerja (pengaturan kantor).")
    for warning in year_warnings(cal, start, end):
        console.print(f"Peringatan: {warning}; periksa SKB terbaru dan tab Hari Libur.")


@click.command(name="due", help="Hitung batas waktu permohonan dari tanggal diterima (TANGGAL).")
@click.argument("received", metavar="TANGGAL", type=DATE)
@click.option(
    "--category",
    type=click.Choice(sorted(CATEGORIES)),
    default="badan-publik",
    show_default=True,
    help="Jalur: badan-publik (UU 14/2008) atau pemilu (tahapan Pemilu/Pemilihan).",
)
@click.option("--time", "at", type=TIME, default=None, help="Jam permohonan diterima.")
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON.")
@register_option
@click.pass_context
def due_command(ctx: click.Context, received: datetime.date, category: str, at: datetime.time | None,
                as_json: bool, register: str | None) -> None:
    options, rules = _settings(ctx)
    local = _register_local_days(ctx, register)
    cal = LightCalendar.build(options, local, years=years_for(received))
    chain = due_chain(received, category, cal, at=at, rules=rules)
    if as_json:
        click.echo(json.dumps(chain, ensure_ascii=False, indent=2))
        return

    def show(iso: str) -> str:
        d = datetime.date.fromisoformat(iso)
        return f"{day_abbr(d)} {fmt_date(d)}"

    lines = [
        f"Diterima          : {show(chain['received'])}"
        + (f" pukul {chain['received_at']}" if chain["received_at"] else ""),
    ]
    if chain["effective_receipt"] != chain["received"]:
        lines.append(f"Dihitung diterima : {show(chain['effective_receipt'])} (setelah batas jam)")
    lines.append(f"Jalur             : {chain['track']}")
    for step in chain["steps"]:
        lines.append(f"{step['label']}: {show(step['date'])} ({step['working_days']} HK; {step['source']})")
        if step["warnings"]:
            lines.append(f"    perhatian: {'; '.join(step['warnings'])}; tanggal ini dapat berubah.")
    lines.append(f"Jejak Perhitungan : {chain['trace']}")
    for warning in chain["warnings"]:
        lines.append(f"Peringatan: {warning}; tanggal dapat berubah.")
    click.echo("\n".join(lines))
