"""`ppid check`: the daily check of the register (validation, numbers, deadlines, flags)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table as RichTable

from automation.cli.common import (
    AppContext,
    StepOutcome,
    get_ctx,
    open_backend,
    read_while_loading,
    register_option,
    today_option,
)
from automation.rules.actions import sort_actions
from automation.rules.config import Config
from automation.rules.findings import Finding
from automation.rules.values import as_text
from sheets.errors import RegisterChanged
from sheets.gc_pause import gc_paused
from sheets.layout import CHECK_FIRST_TABS, LOG, OBJECTIONS, REQUESTS
from sheets.model import Backend, Snapshot, Table, WriteReport

if TYPE_CHECKING:
    from automation.check.job import CheckResult

PROGRESS_MIN_ROWS = 2000
STAGES = ("membaca baris", "nomor pendaftaran", "batas waktu", "validasi", "bendera", "menyusun perubahan", "menulis")
DRY_RUN_SHOWN = 40
URGENT_SHOWN = 10
TYPED_CODE = "PMH-061"  # a grey toolkit cell typed over: put right by this run, said once here


@contextmanager
def _progress(console: Console, enabled: bool) -> Iterator:
    """A stage-by-stage progress bar (rich) on large registers; a no-op otherwise."""
    if not enabled:
        yield lambda _stage: None
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn  # a terminal run only: 7 ms

    with Progress(TextColumn("[bold]Pemeriksaan[/] {task.description}"), BarColumn(), TimeElapsedColumn(),
                  console=console, transient=True) as bar:
        task = bar.add_task("", total=len(STAGES))
        seen: list[str] = []

        def advance(stage: str) -> None:
            if stage not in seen:
                seen.append(stage)
                bar.update(task, description=stage, completed=len(seen) - 1)

        yield advance
        bar.update(task, completed=len(STAGES))


def _rows(snapshot: Snapshot) -> int:
    table = snapshot.table(REQUESTS.name)
    return len(table.row_numbers) if table is not None else 0


def append_log(cfg: Config, line: str) -> None:
    """One line per run in config.output.log_file (no personal data in `line`)."""
    path = Path(cfg.output.log_file)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as f:
        f.write(line.replace("\n", " ") + "\n")


def perform_check(app: AppContext, cfg: Config, today: dt.date, *, dry_run: bool, console: Console | None = None,
                  show_progress: bool = False, seen: list[Snapshot] | None = None,
                  ) -> tuple[CheckResult, WriteReport | None]:
    """Open, read, check, and (unless dry-run) write and log. The one place with side effects.
    `seen`, when given, receives the snapshot that was read (so a caller needs no second read)."""
    with gc_paused():  # from the read to the write (see sheets.gc_pause)
        return _perform_check(app, cfg, today, dry_run=dry_run, console=console, show_progress=show_progress,
                              seen=seen)


def _perform_check(app: AppContext, cfg: Config, today: dt.date, *, dry_run: bool, console: Console | None,
                   show_progress: bool, seen: list[Snapshot] | None) -> tuple[CheckResult, WriteReport | None]:
    backend: Backend = open_backend(cfg)
    load_tab = None
    cheap = getattr(backend, "cheap_fingerprints", False)

    def load_job() -> None:
        import automation.check.job  # noqa: F401 - numpy and the rules: 0.1 s, while calamine parses

    # "Perlu Tindakan" and "Cetak Register" are read only if the check must compare them
    # the staff formula cells are findings (PMH-044/045): Google asks for these tabs once more
    snapshot = read_while_loading(backend, CHECK_FIRST_TABS if cheap else None, load_job,
                                  formulas=[REQUESTS.name, OBJECTIONS.name])
    if cheap:

        def load_tab(name: str) -> Table | None:
            later = backend.read([name])
            if later.token != snapshot.token:
                raise RegisterChanged(backend.describe())
            return later.table(name)
    from automation.check.job import run_check

    swept = list(getattr(backend, "swept", ()))  # stale temporary files of a killed run, removed
    if seen is not None:
        seen.append(snapshot)
    with _progress(console or app.err, show_progress and _rows(snapshot) > PROGRESS_MIN_ROWS) as step:
        result = run_check(snapshot, cfg, today, app.now(), progress=step, load_tab=load_tab)
        if swept:
            _note_in_log(result, f"{len(swept)} berkas sementara lama (.ppid-tmp-*) dihapus")
        report = None
        if not dry_run:
            step("menulis")
            report = backend.write(snapshot, result.changes)
    if not dry_run:
        line = result.log_line
        if report is not None and report.skipped:
            line += f"; {len(report.skipped)} sel dilewati"
        append_log(cfg, line)
    return result, report


def _note_in_log(result: CheckResult, note: str) -> None:
    """Add `note` to the run's Log row ("Keterangan") and log line."""
    rows = result.changes.append_rows.get(LOG.name)
    if rows:
        rows[0] = rows[0][:-1] + (f"{rows[0][-1]}, {note}" if rows[0][-1] else note,)
    result.log_line += f"; {note}"


def register_findings(result: CheckResult) -> list[Finding]:
    """Findings about the register itself (REG-xxx): shown in every output, not only the tab."""
    return [f for f in result.findings if f.code.startswith("REG-")]


def check_step(app: AppContext, cfg: Config, today: dt.date, *, dry_run: bool = False) -> StepOutcome:
    """The check as one step of the daily job (`ppid run`): exit code and one summary line."""
    result, report = perform_check(app, cfg, today, dry_run=dry_run)
    s = result.summary
    skipped = f", {len(report.skipped)} sel dilewati" if report and report.skipped else ""
    reg = register_findings(result)
    if reg:
        skipped += ", temuan register: " + " ".join(sorted({f.code for f in reg}))
    line = f"Pemeriksaan: {summary_line(s)}, {s['cells']} sel {'akan diubah' if dry_run else 'diubah'}{skipped}."
    return StepOutcome(result.exit_code, line)


def summary_line(s: dict[str, int]) -> str:
    """Counts that agree with each other: rows of both registers, and "Perlu Tindakan" rows
    (one per flagged request or objection)."""
    objections = s.get("objections_rows", 0)
    rows = f"{s['rows']} permohonan" + (f" dan {objections} keberatan" if objections else "")
    from automation.check.job import summary_rows

    counts = dict(summary_rows(s))  # the same counts as the table of `ppid check`
    return (f"{rows}; {counts['Error']} error, {counts['Peringatan']} peringatan; {counts['Terlambat']} terlambat, "
            f"{counts['Jatuh tempo']} jatuh tempo; {s['flagged']} baris di \"Perlu Tindakan\"")


def _survey_findings_line(snapshot: Snapshot, today: dt.date) -> str:
    """One line about the "Survei Kepuasan" tab when it has findings (its own command lists them);
    it does not change the check's exit code. No tab, or nothing found: no line."""
    from sheets.layout import SURVEY

    table = snapshot.table(SURVEY.name)
    if table is None:
        return ""  # no tab: no finding (and no import of the survey modules)
    from automation.survey.responses import read_responses

    _, findings = read_responses(table, today)
    if not findings:
        return ""
    errors = sum(1 for f in findings if f.severity == "error")
    return (f"[yellow]Tab \"{SURVEY.name}\": {errors} error, {len(findings) - errors} peringatan "
            "(rinciannya: ppid survei periksa).[/]")


def _print_summary(console: Console, result: CheckResult, today: dt.date, dry_run: bool) -> None:
    table = RichTable(title=f"Pemeriksaan register per {today.strftime('%d-%m-%Y')}", show_header=True)
    table.add_column("Hal")
    table.add_column("Jumlah", justify="right")
    from automation.check.job import summary_rows

    for label, value in summary_rows(result.summary):
        if label == "Sel diubah" and dry_run:
            label = "Sel yang akan diubah"
        table.add_row(label, str(value))
    console.print(table)


def _print_urgent(console: Console, result: CheckResult) -> None:
    """The most urgent rows of "Perlu Tindakan": number, name, what to do, when."""
    urgent = sort_actions(result.actions)
    if not urgent:
        console.print("Tidak ada yang perlu tindakan.")
        return
    console.print(f"[bold]Paling mendesak ({min(len(urgent), URGENT_SHOWN)} dari {len(urgent)}):[/]")
    for n, a in enumerate(urgent[:URGENT_SHOWN], start=1):
        who = " ".join(x for x in (a.number or f"baris {a.row}", a.name) if x)
        when = f" - {a.timing}" if a.timing else ""
        console.print(f"{n:>2}. {escape(who)} [{escape(a.reason or a.register)}]{escape(when)}", highlight=False)
        for line in a.todo:
            console.print(f"      - {escape(line)}", highlight=False)
    if len(urgent) > URGENT_SHOWN:
        console.print(f"... dan {len(urgent) - URGENT_SHOWN} lainnya di tab \"Perlu Tindakan\".")


def _print_dry_run(console: Console, result: CheckResult) -> None:
    cells = result.changes.cells
    console.print(f"[bold]Uji coba (--dry-run): tidak ada yang ditulis.[/] {len(cells)} sel akan diubah.")
    if cells:
        table = RichTable(show_header=True)
        for h in ("Baris", "Kolom", "Nilai baru"):
            table.add_column(h)
        for c in cells[:DRY_RUN_SHOWN]:
            value = as_text(c.value)
            table.add_row(str(c.row), c.header, value if len(value) <= 80 else value[:77] + "...")
        console.print(table)
        if len(cells) > DRY_RUN_SHOWN:
            console.print(f"... dan {len(cells) - DRY_RUN_SHOWN} sel lainnya.")
    for content in result.changes.replace_tabs:
        console.print(f"Tab \"{content.name}\" akan dibuat ulang ({len(content.rows) - 1} baris).")


@click.command("check")
@register_option
@today_option
@click.option("--dry-run", "dry_run", is_flag=True, help="Tidak menulis apa pun; tampilkan yang akan diubah.")
@click.option("--json", "as_json", is_flag=True,
              help="Cetak hasil per baris (kunci: No. Pendaftaran) dan yang paling mendesak (urgent) sebagai JSON.")
def check_command(register: str | None, today: dt.date | None, dry_run: bool, as_json: bool) -> int:
    """Periksa register: temuan data, nomor pendaftaran, batas waktu, status, dan bendera.

    Menulis kolom toolkit, tab "Perlu Tindakan" dan "Log". Kode keluar 1 bila ada error
    atau permohonan terlambat (perlu tindakan manusia), 0 bila tidak ada.
    """
    app = get_ctx()
    cfg = app.config_for(register)
    day = app.today(today)
    seen: list[Snapshot] = []
    result, report = perform_check(app, cfg, day, dry_run=dry_run, show_progress=not as_json, seen=seen)
    reg = register_findings(result)
    if as_json:
        payload = {"today": day.isoformat(), "dry_run": dry_run, "summary": result.summary,
                   "urgent": [a.to_json() for a in sort_actions(result.actions)[:URGENT_SHOWN]], **result.rows_json,
                   "register_findings": [{"code": f.code, "tab": f.tab, "row": f.row, "message": f.message}
                                         for f in reg]}
        click.echo(json.dumps(payload, ensure_ascii=False, indent=1))
        return result.exit_code
    console = app.console
    _print_summary(console, result, day, dry_run)
    _print_urgent(console, result)
    for f in reg:
        console.print(f"[yellow][{f.code}][/] " + escape(f.message))
    if dry_run:
        _print_dry_run(console, result)
    elif report is not None:
        console.print(f"{report.cells_written} sel ditulis" + (f"; cadangan: {report.backup}" if report.backup else "")
                      + ".")
        for s in report.skipped:
            app.err.print(f"[yellow]Baris {s.write.row} kolom \"{s.write.header}\" dilewati: {s.reason}.[/]")
    for line in result.moved[:10]:
        console.print(line)
    for f in [f for f in result.findings if f.code == TYPED_CODE][:10]:
        console.print(f"[yellow]{escape(f.message)}[/]", highlight=False)
    survey_line = _survey_findings_line(seen[0], day)
    if survey_line:
        console.print(survey_line)
    if result.exit_code:
        console.print("[red]Ada yang perlu ditangani: lihat kolom Catatan Validasi dan tab \"Perlu Tindakan\".[/]")
    return result.exit_code
