"""`ppid monev --year 2026`: the Monev evidence pack (folder + zip) for the Komisi Informasi."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from automation.cli.common import get_ctx, open_backend, register_option, today_option
from automation.letters.issue import read_issued
from automation.reports.monev import MonevInput, build_monev_pack
from automation.rules.errors import EXIT_FINDINGS, EXIT_OK, UsageError
from automation.rules.office_calendar import office_calendar
from automation.rules.records import read_dik, read_objections, read_requests
from automation.survey.responses import read_responses
from sheets.checks import require_headers
from sheets.layout import DIK, OBJECTIONS, REQUESTS, SURVEY


@click.command("monev")
@register_option
@today_option
@click.option("--year", "year", type=int, metavar="YYYY", default=None, help="Tahun yang dinilai (bawaan: tahun lalu).")
@click.option("--output", "output", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder tempat paket dibuat (bawaan: folder laporan).")
@click.option("--pdf/--no-pdf", "pdf", default=True, help="Laporan tahunan juga sebagai PDF (perlu LibreOffice).")
def monev_command(register: str | None, today: dt.date | None, year: int | None, output: Path | None,
                  pdf: bool) -> int:
    """Paket bukti dukung Monev Keterbukaan Informasi Publik (folder dan zip).

    Berisi register 21 kolom (disamarkan), contoh surat per jenis (PDF), perpanjangan dengan
    alasannya, register keberatan dan hasilnya, statistik waktu layanan, laporan tahunan
    (Perki 1/2021 Pasal 56), hasil survei kepuasan, dan indeks berkas per indikator Monev.
    Tanpa NIK, telepon, email atau alamat lengkap; indeks menyebut yang tidak dimuat.
    """
    app = get_ctx()
    cfg = app.config_for(register)
    day = app.today(today)
    year = year or day.year - 1
    if not 2000 <= year <= 2100:
        raise UsageError(f"Tahun tidak wajar: {year}. Tulis seperti --year 2026.")
    snapshot = open_backend(cfg).read()
    requests = read_requests(require_headers(snapshot, REQUESTS))
    objections_table = snapshot.table(OBJECTIONS.name)
    survey_table = snapshot.table(SURVEY.name)
    inp = MonevInput(
        requests=requests,
        objections=read_objections(objections_table) if objections_table is not None else [],
        issued=read_issued(snapshot),
        survey=read_responses(survey_table, day)[0],
        dik=read_dik(snapshot.table(DIK.name)),
        has_survey_tab=survey_table is not None,
    )
    cal = office_calendar(cfg, snapshot).calendar
    pack = build_monev_pack(inp, cal, cfg, year, day, output or Path(cfg.output.reports), pdf=pdf)
    out = app.console
    out.print(f"[bold]Paket bukti dukung Monev {year}[/]: {pack.folder}")
    for f in pack.files:
        out.print(f"  {f.name:<44} {f.indicator}")
    if pack.zip is not None:
        out.print(f"Zip untuk diunggah: {pack.zip}")
    out.print(f"Tidak dimuat (lihat indeks): {len(pack.omitted)} hal, antara lain NIK, telepon, email, alamat lengkap.")
    for p in pack.problems:
        out.print(f"[yellow]Catatan: {p}[/]")
    if year >= day.year:
        out.print(f"[yellow]Tahun {year} belum berakhir: angka sampai {day:%d-%m-%Y}.[/]")
    return EXIT_FINDINGS if any("tidak dibuat" in p for p in pack.problems) else EXIT_OK
