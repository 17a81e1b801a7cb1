"""`ppid survei ...`: the satisfaction survey (Permenpan RB 14/2017).

* `ppid survei formulir` writes the printable form (.docx) and the questions for a Google Form (.txt).
* `ppid survei impor FILE.csv` appends a Google Form responses CSV to the "Survei Kepuasan" tab
  (new responses only; safe to repeat).
* `ppid survei periksa` validates the tab (findings SKM-...).
* `ppid survei indeks [--month|--year] [--json]` prints the index.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from automation.cli.common import get_ctx, open_backend, register_option, today_option
from automation.cli.report_cmd import parse_period
from automation.rules.errors import EXIT_FINDINGS, EXIT_OK, UsageError
from automation.rules.records import read_requests
from automation.rules.values import as_text
from automation.survey.form import google_form_text, write_form_docx
from automation.survey.importer import plan_import, tab_rows
from automation.survey.index import BANDS_TEXT, format_decimal, skm_index
from automation.survey.responses import in_period, read_responses
from sheets.layout import REQUESTS, SURVEY
from sheets.model import Snapshot, WriteSet

FORM_DOCX = "Formulir-Survei-Kepuasan.docx"
FORM_TXT = "Pertanyaan-Survei-Google-Form.txt"


@click.group("survei")
def survey_group() -> None:
    """Survei Kepuasan Masyarakat (Permenpan RB 14/2017): formulir, impor, pemeriksaan, indeks."""


def _request_numbers(snapshot: Snapshot) -> list[str] | None:
    table = snapshot.table(REQUESTS.name)
    if table is None:
        return None
    return [r.number for r in read_requests(table) if r.number]


@survey_group.command("formulir")
@click.option("--output", "output", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder hasil (bawaan: folder laporan).")
def form_command(output: Path | None) -> int:
    """Formulir survei untuk dicetak (.docx) dan daftar pertanyaan untuk Google Form (.txt)."""
    app = get_ctx()
    cfg = app.config
    folder = output or Path(cfg.output.reports)
    docx = write_form_docx(folder / FORM_DOCX, cfg.office.name, cfg.office.parent)
    txt = folder / FORM_TXT
    txt.write_text(google_form_text(cfg.office.name), encoding="utf-8")
    app.console.print(f"Formulir cetak   : {docx}")
    app.console.print(f"Pertanyaan Google Form: {txt}")
    return EXIT_OK


@survey_group.command("impor")
@register_option
@today_option
@click.argument("csv_file", metavar="FILE.csv", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--bulan-dulu", "month_first", is_flag=True,
              help="Cap waktu CSV berurutan bulan/hari/tahun (ekspor berbahasa Inggris AS).")
@click.option("--dry-run", "dry_run", is_flag=True, help="Tampilkan yang akan ditambahkan; tidak menulis.")
def import_command(register: str | None, today: dt.date | None, csv_file: Path, month_first: bool,
                   dry_run: bool) -> int:
    """Impor respons Google Form (CSV) ke tab "Survei Kepuasan".

    Hanya respons baru yang ditambahkan (dikenali dari ID Respons); aman dijalankan ulang.
    Kolom nama, email, telepon dan NIK tidak pernah diimpor.
    """
    app = get_ctx()
    cfg = app.config_for(register)
    day = app.today(today)
    backend = open_backend(cfg)
    snapshot = backend.read()
    table = snapshot.table(SURVEY.name)
    existing = [as_text(v) for v in table.column(SURVEY.header("response_id"))] if table is not None else []
    plan = plan_import(csv_file.read_bytes(), {e for e in existing if e}, day, month_first=month_first)
    for issue in plan.issues:
        app.console.print(("[red]" if issue.severity == "error" else "[yellow]") + f"[{issue.code}] {issue.message}[/]")
    if plan.failed:
        return EXIT_FINDINGS
    rows = tab_rows(plan, table.headers if table is not None else None)
    if dry_run:
        app.console.print(f"Akan ditambahkan {len(rows)} respons; {plan.already} sudah ada. Tidak ada yang ditulis.")
        return EXIT_OK
    if rows:
        report = backend.write(snapshot, WriteSet(append_rows={SURVEY.name: rows}))
        app.console.print(f"{report.rows_appended} respons ditambahkan ke tab \"{SURVEY.name}\" ({backend.describe()}); "
                          f"{plan.already} sudah ada sebelumnya.")
    else:
        app.console.print(f"Tidak ada respons baru; {plan.already} sudah ada di tab \"{SURVEY.name}\".")
    after = backend.read([SURVEY.name, REQUESTS.name]) if rows else snapshot
    _, findings = read_responses(after.table(SURVEY.name), day, _request_numbers(after))
    errors = [f for f in findings if f.severity == "error"]
    if findings:
        app.console.print(f"Pemeriksaan tab: {len(errors)} error, {len(findings) - len(errors)} peringatan "
                          "(lihat `ppid survei periksa`).")
    return EXIT_FINDINGS if errors or any(i.severity == "error" for i in plan.issues) else EXIT_OK


@survey_group.command("periksa")
@register_option
@today_option
def check_command(register: str | None, today: dt.date | None) -> int:
    """Periksa tab "Survei Kepuasan": tanggal, skala 1-4, baris ganda, data pribadi di saran."""
    app = get_ctx()
    cfg = app.config_for(register)
    day = app.today(today)
    snapshot = open_backend(cfg).read()
    table = snapshot.table(SURVEY.name)
    if table is None:
        app.console.print(f"Tab \"{SURVEY.name}\" tidak ada di register: belum ada survei (tab ini boleh tidak ada; "
                          "register baru dari `ppid init` memilikinya).")
        return EXIT_OK
    responses, findings = read_responses(table, day, _request_numbers(snapshot))
    for f in findings:
        colour = "red" if f.severity == "error" else "yellow"
        app.console.print(f"[{colour}]{f.cell_text}[/]")
    errors = sum(1 for f in findings if f.severity == "error")
    app.console.print(f"{len(responses)} respons dapat dihitung; {errors} error, {len(findings) - errors} peringatan.")
    return EXIT_FINDINGS if errors else EXIT_OK


@survey_group.command("indeks")
@register_option
@today_option
@click.option("--month", "month", metavar="YYYY-MM", default=None, help="Satu bulan, misalnya 2026-11.")
@click.option("--year", "year", type=int, metavar="YYYY", default=None, help="Satu tahun (bawaan: tahun ini).")
@click.option("--json", "as_json", is_flag=True, help="Tampilkan sebagai JSON.")
def index_command(register: str | None, today: dt.date | None, month: str | None, year: int | None,
                  as_json: bool) -> int:
    """Indeks Kepuasan Masyarakat (IKM) per unsur dan keseluruhan, dengan mutu pelayanan A-D."""
    app = get_ctx()
    cfg = app.config_for(register)
    day = app.today(today)
    if month and year:
        raise UsageError("Pilih salah satu: --month atau --year, tidak keduanya.")
    period = parse_period(month, year if (year or month) else day.year, day)
    snapshot = open_backend(cfg).read()
    responses, _ = read_responses(snapshot.table(SURVEY.name), day)
    result = skm_index(in_period(responses, period.start, period.end))
    if as_json:
        click.echo(json.dumps({"period": period.key} | result.to_dict(), ensure_ascii=False, indent=2))
        return EXIT_OK
    out = app.console
    out.print(f"[bold]Indeks Kepuasan Masyarakat {period.label}[/] ({result.respondents} responden)")
    for n, e in enumerate(result.elements, start=1):
        out.print(f"  U{n} {e.name:<42} NRR {format_decimal(e.nrr, 3):>6}  ({e.answered} jawaban)")
    if result.ikm is None:
        out.print("  Belum ada responden dalam periode ini.")
        return EXIT_OK
    out.print(f"  Nilai interval {format_decimal(result.interval, 4)}; IKM {format_decimal(result.ikm)}: "
              f"mutu {result.grade} ({result.performance})")
    out.print("  Rumus: NRR = jumlah nilai / jumlah jawaban; IKM = jumlah (NRR x 1/9) x 25 (Permenpan RB 14/2017). "
              "Mutu: " + "; ".join(f"{g} {lo}" for g, _, _, lo in BANDS_TEXT) + ".")
    return EXIT_OK
