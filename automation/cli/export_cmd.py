"""`ppid export`: the classic 21-column register (Model PPID-C) as a workbook of its own."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click
import xlsxwriter

from automation.cli.common import get_ctx, open_backend, register_option, today_option
from automation.cli.report_cmd import parse_period
from automation.reports.export import HEADERS, perki_rows
from automation.reports.figures import Period
from automation.rules.errors import EXIT_OK
from automation.rules.files import replace_file, temp_beside
from automation.rules.records import read_requests
from sheets.checks import require_headers
from sheets.layout import REQUESTS

WIDTHS = {"No": 5, "Tanggal": 11, "Nama": 22, "Alamat": 26, "Nomor Kontak": 18, "Informasi yang Diminta": 34,
          "Tujuan Penggunaan Informasi": 22, "Alasan Penolakan": 22}


def write_perki_workbook(path: Path, rows: list[list[str | int]], office: str, period: Period, masked: bool) -> Path:
    """Title, the 21 headers, the rows; landscape A4, header repeated on every printed page."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_beside(path)
    wb = xlsxwriter.Workbook(str(tmp), {"strings_to_numbers": False, "strings_to_formulas": False,
                                        "strings_to_urls": False})
    ws = wb.add_worksheet("Register Permohonan")
    title = wb.add_format({"bold": True, "font_size": 12})
    head = wb.add_format({"bold": True, "text_wrap": True, "border": 1, "align": "center", "valign": "vcenter",
                          "bg_color": "#DDEBF7"})
    cell = wb.add_format({"text_wrap": True, "border": 1, "valign": "top"})
    ws.write_string(0, 0, "REGISTER PERMOHONAN INFORMASI PUBLIK", title)
    ws.write_string(1, 0, office)
    ws.write_string(2, 0, f"Periode: {period.label}" + (" (alamat dan kontak disamarkan)" if masked else ""))
    for c, header in enumerate(HEADERS):
        ws.set_column(c, c, WIDTHS.get(header, 13))
        ws.write_string(4, c, header, head)
    for r, row in enumerate(rows, start=5):
        ws.set_row(r, 45)  # wrapped text: up to three lines show without resizing
        for c, value in enumerate(row):
            if isinstance(value, int):
                ws.write_number(r, c, value, cell)
            else:
                ws.write_string(r, c, value, cell)
    ws.set_row(4, 60)
    ws.freeze_panes(5, 0)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(4)
    wb.close()
    replace_file(tmp, path)
    return path


@click.command("export")
@register_option
@today_option
@click.option("--year", "year", type=int, metavar="YYYY", default=None, help="Tahun (bawaan: tahun ini).")
@click.option("--month", "month", metavar="YYYY-MM", default=None, help="Hanya satu bulan, misalnya 2026-11.")
@click.option("--samarkan", "masked", is_flag=True,
              help="Samarkan alamat dan nomor kontak (untuk berkas yang dikirim ke luar kantor).")
@click.option("--output", "output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Berkas hasil (bawaan: folder laporan).")
def export_command(register: str | None, today: dt.date | None, year: int | None, month: str | None,
                   masked: bool, output: Path | None) -> int:
    """Ekspor register ke format 21 kolom (Model PPID-C / Perki 1/2021) sebagai buku kerja baru.

    Register tidak diubah. Berkas berisi data pribadi (nama, alamat, kontak) kecuali dengan
    --samarkan: simpan di komputer kantor, jangan disebarkan (UU 27/2022).
    """
    app = get_ctx()
    cfg = app.config_for(register)
    day = app.today(today)
    period = parse_period(month, year if year or month else day.year, day)
    snapshot = open_backend(cfg).read([REQUESTS.name])
    requests = read_requests(require_headers(snapshot, REQUESTS))
    rows = perki_rows(requests, period.start, period.end, masked=masked)
    target = output or Path(cfg.output.reports) / f"Register-Permohonan-{period.key}{'-disamarkan' if masked else ''}.xlsx"
    write_perki_workbook(target, rows, cfg.office.name, period, masked)
    app.console.print(f"{len(rows)} permohonan ({period.label}) diekspor ke {target}.")
    if not masked:
        app.console.print("[yellow]Berkas ini berisi data pribadi pemohon: jangan disebarkan "
                          "(gunakan --samarkan untuk salinan keluar kantor).[/]")
    return EXIT_OK
