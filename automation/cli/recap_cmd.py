"""`ppid rekap`: the recap across offices for a KPU Provinsi (or KPU RI).

Sources: a folder of .xlsx registers (`--folder`, or `[rekap] folder`) and/or the offices listed
in `[[rekap.offices]]` (a path or a Google Sheet each). Every register is read read-only and
checked in memory (automation.reports.recap); the outputs are one workbook, a letter and the
figures as JSON in `[rekap] output` (default: [output] reports/rekap). `--json` prints the
figures and writes nothing but the resume state of Google sources.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from automation.cli.common import get_ctx, today_option
from automation.rules.config import Config
from automation.rules.errors import EXIT_FINDINGS, EXIT_OK, UsageError
from automation.rules.values import format_date_id

if TYPE_CHECKING:  # pandas is imported only when the recap runs: other commands start faster
    from automation.reports.recap import OfficeResult, OfficeSource, RecapPeriod


def parse_recap_period(month: str | None, quarter: str | None, year: int | None, today: dt.date) -> RecapPeriod:
    """--month YYYY-MM, --quarter YYYY-Q (2026-3, 2026-T3, 2026-Q3), --year YYYY, or last month."""
    from automation.reports.recap import RecapPeriod

    if sum(x is not None for x in (month, quarter, year)) > 1:
        raise UsageError("Pilih salah satu: --month, --quarter atau --year.")
    if year is not None:
        if not 2000 <= year <= 2100:
            raise UsageError(f"Tahun tidak wajar: {year}. Tulis seperti --year 2026.")
        return RecapPeriod.year(year)
    if quarter is not None:
        m = re.fullmatch(r"\s*(\d{4})-[TtQq]?([1-4])\s*", quarter)
        if not m:
            raise UsageError(f"Triwulan tidak dikenali: {quarter!r}. Tulis seperti --quarter 2026-3 (Juli-September).")
        return RecapPeriod.quarter(int(m.group(1)), int(m.group(2)))
    if month is not None:
        m = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", month)
        if not m or not 1 <= int(m.group(2)) <= 12:
            raise UsageError(f"Bulan tidak dikenali: {month!r}. Tulis seperti --month 2026-11.")
        return RecapPeriod.month(int(m.group(1)), int(m.group(2)))
    last = today.replace(day=1) - dt.timedelta(days=1)
    return RecapPeriod.month(last.year, last.month)


def recap_offices(cfg: Config, folder: Path | None) -> list[OfficeSource]:
    """The config's offices, then the folder's other registers; codes made unique."""
    from automation.cli.recap_sources import offices_from_config, offices_from_folder, unique_codes

    listed = offices_from_config(cfg)
    folder = folder or cfg.rekap.folder
    found: list[OfficeSource] = []
    if folder is not None:
        if not folder.is_dir():
            raise UsageError(f"Folder register tidak ditemukan: {folder}. Periksa --folder atau [rekap] folder.")
        found = offices_from_folder(folder, listed)
    offices = unique_codes([*listed, *found])
    if not offices:
        raise UsageError("Tidak ada register untuk direkap. Beri --folder FOLDER (berisi .xlsx tiap kantor) atau "
                         "daftar kantor di [[rekap.offices]] config.toml.")
    return offices


@contextmanager
def _bar(console: Console, total: int, enabled: bool) -> Iterator[Callable[[OfficeResult], None]]:
    if not enabled:
        yield lambda _r: None
        return
    with Progress(TextColumn("[bold]Rekap[/] {task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=console, transient=True) as bar:
        task = bar.add_task("", total=total)

        def advance(result: OfficeResult) -> None:
            bar.update(task, advance=1, description=result.office.name[:40])

        yield advance


def collect(cfg: Config, offices: list[OfficeSource], period: RecapPeriod, today: dt.date, now: dt.datetime, *,
            workers: int, state_dir: Path, advance: Callable[[OfficeResult], None] = lambda _r: None,
            open_sheet: Callable[[OfficeSource], object] | None = None,
            clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep,
            ) -> tuple[list[OfficeResult], bool]:
    """Every office's result in the order given, and whether every Google source was read
    (False: Google's quota stopped the run; run again to continue)."""
    from automation.cli.recap_sources import Job, ReadBudget, ResumeState, recap_files, recap_google

    job = Job(cfg, period, today, now)
    files = [o for o in offices if not o.google]
    sheets = [o for o in offices if o.google]
    results = {r.office.code: r for r in recap_files(files, job, workers, advance)}
    complete = True
    if sheets:
        if open_sheet is None:
            from sheets.google import open_google_backend

            def open_sheet(office: OfficeSource) -> object:
                key = cfg.rekap.credentials or cfg.register.credentials  # else GOOGLE_APPLICATION_CREDENTIALS
                return open_google_backend(office.source.removeprefix("google:"), key, sleep=sleep)

        state = ResumeState(state_dir / f".rekap-{period.key}-{today.isoformat()}.json", period, today)
        budget = ReadBudget(cfg.rekap.reads_per_minute, clock=clock, sleep=sleep)
        google, complete = recap_google(sheets, job, open_sheet, budget, state, advance)
        results.update({r.office.code: r for r in google})
        if complete:
            state.clear()
    return [results[o.code] for o in offices], complete


@click.command("rekap")
@click.option("--folder", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder berisi register .xlsx tiap kantor (bawaan: [rekap] folder di config).")
@click.option("--month", "month", metavar="YYYY-MM", default=None, help="Bulan, misalnya 2026-11 (bawaan: bulan lalu).")
@click.option("--quarter", "quarter", metavar="YYYY-T", default=None, help="Triwulan, misalnya 2026-3 (Juli-September).")
@click.option("--year", "year", type=int, metavar="YYYY", default=None, help="Tahun, misalnya 2026.")
@click.option("--json", "as_json", is_flag=True, help="Tampilkan angka sebagai JSON saja; tidak menulis berkas rekap.")
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder hasil (bawaan: [rekap] output, atau folder laporan/rekap).")
@click.option("--workers", type=click.IntRange(1, 64), default=None, metavar="N",
              help="Jumlah proses pembaca register (bawaan: [rekap] workers, atau jumlah inti CPU).")
@today_option
def recap_command(folder: Path | None, month: str | None, quarter: str | None, year: int | None, as_json: bool,
                  out: Path | None, workers: int | None, today: dt.date | None) -> int:
    """Rekap layanan informasi publik semua kantor (KPU Provinsi / KPU RI).

    Membaca register setiap kantor (folder .xlsx dan/atau daftar [[rekap.offices]] di config,
    termasuk Google Sheets) tanpa mengubahnya, memeriksanya di memori seperti `ppid check`, lalu
    menyusun angka per kantor dan total: buku kerja dengan grafik dan peringkat, nota dinas
    (.docx) dan JSON. Kantor yang tidak melapor atau registernya tidak dapat dipakai disebut
    beserta sebabnya. Tanpa data pribadi.
    """
    from automation.cli.recap_sources import default_workers
    from automation.reports.recap import OK, build_recap
    from automation.reports.recap_documents import write_recap_files

    app = get_ctx()
    cfg = app.config
    day = app.today(today)
    period = parse_recap_period(month, quarter, year, day)
    offices = recap_offices(cfg, folder.expanduser().resolve() if folder else None)
    outdir = (out.expanduser().resolve() if out else None) or cfg.rekap.output or cfg.output.reports / "rekap"
    n_workers = workers or cfg.rekap.workers or default_workers()
    with _bar(app.err, len(offices), enabled=len(offices) > 1) as advance:
        results, complete = collect(cfg, offices, period, day, app.now(), workers=n_workers, state_dir=outdir,
                                    advance=advance)
    recap = build_recap(results, period, day)
    if as_json:
        click.echo(recap.to_json())
        return EXIT_OK if complete and not recap.not_counted else EXIT_FINDINGS
    files = write_recap_files(recap, cfg, outdir)
    echo = app.console.print
    t = recap.total
    echo(f"[bold]Rekapitulasi {recap.period.label}[/] ({format_date_id(period.start)} s.d. {format_date_id(period.end)})")
    echo(f"  Kantor terhitung {len(recap.counted)} dari {len(recap.results)}; permohonan diterima {t['received']}, "
         f"selesai {t['finished']} (tepat waktu {t['on_time']}, dengan perpanjangan {t['on_time_extended']}, "
         f"terlambat {t['late']}), lewat batas kini {t['overdue_now']}, keberatan {t['objections_received']}")
    if period.end >= day:
        echo(f"  [yellow]Periode belum berakhir: angka sampai {format_date_id(day)}.[/]")
    for r in recap.not_counted:
        echo(f"  [yellow]{r.office.name} ({r.office.code}): {r.status}: {r.why}[/]")
    if not complete:
        echo("  [yellow]Sebagian Google Sheet belum dibaca (kuota). Jalankan lagi perintah yang sama: yang sudah "
             "dibaca tidak dibaca ulang.[/]")
    echo(f"  Buku kerja : {files.workbook}")
    echo(f"  Nota dinas : {files.letter}")
    echo(f"  JSON       : {files.json}")
    return EXIT_OK if complete and all(r.status == OK for r in results) else EXIT_FINDINGS
