"""`ppid report`: the monthly (or annual) report, and the report step of the daily job.

Reads the register, computes the figures (automation.reports.figures), replaces the "Laporan YYYY-MM" /
"Laporan Tahunan YYYY" tab (a toolkit tab: staff tabs are never touched), and writes the
standalone workbook, the letter to the Sekretaris and, when asked, its PDF into
[output] reports. `--json` only prints the figures and writes nothing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

from automation.cli.common import (
    AppContext,
    StepOutcome,
    get_ctx,
    open_backend,
    read_while_loading,
    register_option,
    today_option,
)
from automation.reports.period import Period
from automation.rules.config import Config, require_office_identity
from automation.rules.errors import EXIT_FINDINGS, EXIT_OK, UsageError
from automation.rules.values import format_date_id
from sheets.layout import DIK, HOLIDAYS, LETTERS, OBJECTIONS, REQUESTS, SURVEY
from sheets.model import Backend, Snapshot, Table, WriteSet

if TYPE_CHECKING:
    from automation.reports.documents import ReportFiles
    from automation.reports.figures import ReportFigures, RequestColumns
    from automation.rules.calendar import WorkCalendar
    from automation.rules.records import Objection, Request
    from automation.survey.responses import Response


def load_report_modules() -> None:
    """Import what a report is made with (numpy, the figures, the letters with docxtpl, the
    workbook writer, the chart's Pillow: about 0.25 s), while the register is parsed (see
    read_while_loading); the functions below import their names from these modules again,
    which costs nothing once they are loaded."""
    import rich.console  # noqa: F401 - the command's output
    import xlsxwriter  # noqa: F401 - the tab's charts and the report workbook

    import automation.letters.report_letter
    import automation.reports.documents
    import automation.reports.figures
    import automation.reports.tab
    import automation.rules.office_calendar
    import automation.rules.records
    import automation.survey.responses  # noqa: F401

    with contextlib.suppress(ImportError):  # the letter's chart (Pillow is optional)
        import PIL.Image
        import PIL.ImageDraw
        import PIL.PngImagePlugin  # noqa: F401


# The tabs a report is made from (figures, data notes, the cover letter's number in "Surat"): it
# reads only these, not "Perlu Tindakan", "Cetak Register", "Log" or earlier reports; the tab
# it writes is replaced whole, so it need not be read.
REPORT_TABS = (REQUESTS.name, OBJECTIONS.name, HOLIDAYS.name, SURVEY.name, DIK.name, LETTERS.name)


@dataclass(frozen=True)
class ReportResult:
    figures: ReportFigures
    tab: str
    register: str  # where the tab was written ("" when not written)
    files: ReportFiles | None


def parse_period(month: str | None, year: int | None, today: dt.date) -> Period:
    """--month YYYY-MM, --year YYYY, or by default the month before `today`."""
    if month and year:
        raise UsageError("Pilih salah satu: --month atau --year, tidak keduanya.")
    if year is not None:
        if not 2000 <= year <= 2100:
            raise UsageError(f"Tahun tidak wajar: {year}. Tulis seperti --year 2026.")
        return Period.year(year)
    if month:
        m = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", month)
        if not m or not 1 <= int(m.group(2)) <= 12:
            raise UsageError(f"Bulan tidak dikenali: {month!r}. Tulis seperti --month 2026-11.")
        return Period.month(int(m.group(1)), int(m.group(2)))
    return Period.previous_month(today)


@dataclass(frozen=True)
class ReportInputs:
    """The register rows a report is made from, read once per run (figures, trend, the cover
    letter's number and the data notes all use them). The requests are the columns the figures
    count (no record per row: see RequestColumns); `requests_received` gives whole records of
    the rows received in a period, for the data notes."""

    requests: RequestColumns
    objections: list[Objection]
    calendar: WorkCalendar
    responses: list[Response]
    table: Table  # the request tab as read

    def requests_received(self, start: dt.date, end: dt.date) -> list[Request]:
        """Records of the requests received from `start` to `end` (rows of the tab, read whole)."""
        from automation.rules.records import read_requests

        positions = [i for i, d in enumerate(self.requests.received) if d is not None and start <= d <= end]
        return read_requests(self.table.take(positions))


def report_inputs(snapshot: Snapshot, cfg: Config, today: dt.date) -> ReportInputs:
    """Read the requests, objections, office calendar and survey responses of `snapshot`."""
    from automation.reports.figures import RequestColumns
    from automation.rules.office_calendar import office_calendar
    from automation.rules.records import read_objections
    from automation.survey.responses import read_responses
    from sheets.checks import require_headers

    table = require_headers(snapshot, REQUESTS)
    requests = RequestColumns.from_table(table)
    objections_table = snapshot.table(OBJECTIONS.name)
    objections = read_objections(objections_table) if objections_table is not None else []
    cal = office_calendar(cfg, snapshot).calendar
    responses, _ = read_responses(snapshot.table(SURVEY.name), today)
    return ReportInputs(requests, objections, cal, responses, table)


def figures_of(inputs: ReportInputs, cfg: Config, period: Period,
               today: dt.date) -> tuple[ReportFigures, list[tuple[str, int, int]]]:
    """(figures, trend) for the period from rows already read."""
    from automation.reports.figures import compute_report, monthly_trend

    figures = compute_report(inputs.requests, inputs.objections, inputs.calendar, period.start, period.end, today,
                             cfg, survey_responses=inputs.responses)
    trend = monthly_trend(inputs.requests, period.months()[-1])
    return figures, trend


def figures_from_snapshot(snapshot: Snapshot, cfg: Config, period: Period,
                          today: dt.date) -> tuple[ReportFigures, list[tuple[str, int, int]]]:
    """(figures, trend) for the period from a register snapshot."""
    return figures_of(report_inputs(snapshot, cfg, today), cfg, period, today)


def make_report(backend: Backend, cfg: Config, period: Period, today: dt.date, *, pdf: bool,
                outdir: Path | None = None, snapshot: Snapshot | None = None) -> ReportResult:
    """Compute, replace the register tab, write the files. The one place both entry points use."""
    snapshot = snapshot or read_while_loading(backend, REPORT_TABS, load_report_modules)
    from automation.letters.report_letter import claim_report_number
    from automation.reports.documents import register_notes, report_template, write_report_files
    from automation.reports.tab import report_tab
    from automation.rules.records import read_dik

    inputs = report_inputs(snapshot, cfg, today)  # the rows are read once for everything below
    figures, trend = figures_of(inputs, cfg, period, today)
    require_office_identity(cfg, "Laporan")  # the letter to the Sekretaris is signed: refuse before writing
    report_template(cfg)
    tab = report_tab(figures, trend)
    # the cover letter's number is claimed in the "Surat" tab with the tab write, before the letter
    number, claim = claim_report_number(snapshot, cfg, today, tab.name,
                                        letters=[*inputs.requests.letters, *(o.letters for o in inputs.objections)])
    writes = WriteSet(replace_tabs=[tab])
    writes.extend(claim)
    backend.write(snapshot, writes)
    notes = register_notes(inputs.requests_received(period.start, period.end), read_dik(snapshot.table(DIK.name)),
                           period.start, period.end, today)
    files = write_report_files(figures, trend, cfg, outdir or cfg.output.reports, pdf=pdf, number=number,
                               data_notes=notes)
    return ReportResult(figures, tab.name, backend.describe(), files)


def _summary_line(f: ReportFigures) -> str:
    return (f"diterima {f.received}, selesai {f.finished} (tepat waktu {f.on_time}, dengan perpanjangan "
            f"{f.on_time_extended}, terlambat {f.late}), belum selesai {f.pending_end}, keberatan {f.objections.received}")


SKIPPED_SHOWN = 5


def skipped_text(rows: list[int] | tuple[int, ...]) -> str:
    """"3 baris tidak dihitung ...: baris 4, 9, 12." or, for many, the first few and how many more."""
    shown = ", ".join(map(str, rows[:SKIPPED_SHOWN]))
    more = f" dan {len(rows) - SKIPPED_SHOWN} lainnya" if len(rows) > SKIPPED_SHOWN else ""
    return (f"{len(rows)} baris tidak dihitung (Tanggal Diterima kosong/tidak terbaca): baris {shown}{more}; "
            f"lihat kolom Catatan Validasi.")


def _show(path: Path, base: Path) -> str:
    try:
        return str(path.relative_to(base))
    except ValueError:
        return str(path)


def first_working_day(cal, year: int, month: int) -> dt.date:
    """The first working day of the month (the 1st itself when the month has none, which never happens)."""
    first = dt.date(year, month, 1)
    for offset in range(31):
        d = first + dt.timedelta(days=offset)
        if d.month == month and cal.is_working_day(d):
            return d
    return first


def report_step(app: AppContext, cfg: Config, today: dt.date) -> StepOutcome:
    """The daily job's report step.

    From the first working day of a month on, the previous month's report is made if its tab
    is not in the register yet (so a computer that was off on that day catches up the next
    time it runs); in January the previous year's annual report too. Otherwise nothing.
    """
    backend = open_backend(cfg)
    due = [Period.previous_month(today)]
    if today.month == 1:
        due.append(Period.year(today.year - 1))
    tabs = (*REPORT_TABS, *(p.tab_name for p in due))  # the report tabs only to see whether they exist
    snapshot = read_while_loading(backend, tabs, load_report_modules)
    from automation.rules.office_calendar import office_calendar

    cal = office_calendar(cfg, snapshot).calendar
    first = first_working_day(cal, today.year, today.month)
    if today < first:
        return StepOutcome(EXIT_OK, f"Laporan: belum waktunya (hari kerja pertama bulan ini {format_date_id(first)}).")
    missing = [p for p in due if snapshot.table(p.tab_name) is None]
    if not missing:
        return StepOutcome(EXIT_OK, f"Laporan: \"{due[0].tab_name}\" sudah ada, tidak dibuat ulang.")
    parts, code = [], EXIT_OK
    for period in missing:
        result = make_report(backend, cfg, period, today, pdf=cfg.output.pdf, snapshot=snapshot)
        snapshot = backend.read(tabs)  # the write changed the register (and its token)
        files = result.files
        text = f"\"{result.tab}\" dibuat ({_summary_line(result.figures)})"
        if files is not None:
            text += f", berkas {_show(files.letter, cfg.base_dir)}"
            if files.pdf_problem:
                text += f"; PDF tidak dibuat: {files.pdf_problem}"
                code = EXIT_FINDINGS
        parts.append(text)
    return StepOutcome(code, "Laporan: " + "; ".join(parts) + ".")


@click.command("report")
@register_option
@click.option("--month", "month", metavar="YYYY-MM", default=None,
              help="Bulan laporan, misalnya 2026-11 (bawaan: bulan lalu).")
@click.option("--year", "year", type=int, metavar="YYYY", default=None,
              help="Laporan tahunan (Perki 1/2021 Pasal 56), misalnya 2026.")
@click.option("--json", "as_json", is_flag=True, help="Tampilkan angka sebagai JSON saja; tidak menulis apa pun.")
@click.option("--pdf/--no-pdf", "pdf", default=None,
              help="Buat juga PDF surat laporan dengan LibreOffice (bawaan: [output] pdf di config).")
@today_option
def report_command(register: str | None, month: str | None, year: int | None, as_json: bool, pdf: bool | None,
                   today: dt.date | None) -> int:
    """Laporan bulanan (atau tahunan) layanan informasi publik.

    Menulis tab "Laporan YYYY-MM" (atau "Laporan Tahunan YYYY") di register, buku kerja laporan
    dan surat laporan Kasubbag kepada Sekretaris (.docx, PDF bila diminta) di folder [output]
    reports. Tanpa data pribadi pemohon.
    """
    app = get_ctx()
    cfg = app.config_for(register)
    day = app.today(today)
    period = parse_period(month, year, day)
    backend = open_backend(cfg)
    if as_json:
        figures, _ = figures_from_snapshot(read_while_loading(backend, REPORT_TABS, load_report_modules), cfg,
                                           period, day)
        click.echo(figures.to_json())
        return EXIT_OK
    result = make_report(backend, cfg, period, day, pdf=cfg.output.pdf if pdf is None else pdf)
    from automation.reports.tab import title_of

    f = result.figures
    out = app.console
    out.print(f"[bold]{title_of(f.period)}[/]")
    out.print(f"  {_summary_line(f)}")
    if f.period.end >= day:
        out.print(f"  [yellow]Periode belum berakhir: angka sampai {format_date_id(day)}.[/]")
    if f.skipped:
        out.print(f"  [yellow]{skipped_text(f.skipped)}[/]")
    out.print(f"  Tab \"{result.tab}\" ditulis ke {result.register}")
    code = EXIT_OK
    if result.files is not None:
        files = result.files
        out.print(f"  Buku kerja : {files.workbook}")
        out.print(f"  Surat      : {files.letter}" + ("" if files.chart else " (tanpa gambar grafik: Pillow tidak ada)"))
        if files.pdf is not None:
            out.print(f"  PDF        : {files.pdf}")
        elif files.pdf_problem:
            out.print(f"  [yellow]PDF tidak dibuat: {files.pdf_problem}[/]")
            code = EXIT_FINDINGS
    return code
