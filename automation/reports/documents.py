"""The report as files: a standalone workbook, a letter to the Sekretaris (.docx), and a PDF.

* Workbook: the same tab as in the register (`tab.report_tab`), written with XlsxWriter
  with native Excel charts, so the Sekretaris can open it without the register.
* Letter: automation/templates/laporan_bulanan.docx (built by automation/templates/build_report_template.py, editable
  in Word) rendered with docxtpl: nota dinas from the Kasubbag (PPID Pelaksana) to the
  Sekretaris, the tables, and a chart picture ready to sign.
* Chart picture: drawn with Pillow (a 12-month bar chart of requests received and finished).
  matplotlib would be a 40 MB dependency for one bar chart, so it is not used; when Pillow is
  missing the letter is made without the picture and says nothing is wrong.
* PDF: automation.letters.pdf.convert_to_pdf (LibreOffice headless, private profile, time limit), when
  LibreOffice is installed.

File names carry only the period ("Laporan-2026-11.xlsx"), never personal data. Files are
written to a temporary name in the same folder and then moved into place.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from automation.letters.pdf import convert_to_pdf, find_soffice
from automation.letters.render import copies_text, office_context, with_logo
from automation.reports.figures import ReportFigures
from automation.reports.tab import DEFINITIONS, breakdown_tables, report_tab, summary_rows, survey_table, title_of
from automation.rules.bundled import template_file, templates_folder
from automation.rules.errors import PpidError
from automation.rules.files import replace_file, temp_beside
from automation.rules.records import DikEntry, Request
from automation.rules.validate import Rules, validate_request
from automation.rules.values import format_date_id
from sheets.model import SheetContent
from sheets.xlsx_tabs import value_axis

TEMPLATE_NAME = "laporan_bulanan.docx"
TEMPLATE = templates_folder() / TEMPLATE_NAME  # bundled (importlib.resources): checkout, wheel or zip
PDF_TIMEOUT = 180


@dataclass(frozen=True)
class ReportFiles:
    workbook: Path
    letter: Path
    pdf: Path | None = None
    pdf_problem: str = ""  # Indonesian, when a PDF was asked for and not made
    chart: bool = True  # the letter has the chart picture


def file_stem(figures: ReportFigures) -> str:
    """Laporan-2026-11 or Laporan-Tahunan-2026."""
    return figures.period.tab_name.replace(" ", "-")


# --- workbook --------------------------------------------------------------------------------

_XLSX_CHART = {"column": "column", "bar": "bar", "pie": "pie", "line": "line"}


def write_sheet(workbook: Any, content: SheetContent) -> Any:
    """Write a SheetContent as a worksheet of an XlsxWriter workbook, charts included."""
    ws = workbook.add_worksheet(content.name[:31])
    bold = workbook.add_format({"bold": True})
    wrap_title = workbook.add_format({"bold": True, "font_size": 13})
    for i, width in enumerate(content.widths):
        ws.set_column(i, i, width)
    bold_rows = set(content.bold_rows)
    for r, row in enumerate(content.rows):
        fmt = (wrap_title if r == 0 else bold) if r in bold_rows else None
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, str):
                ws.write_string(r, c, value, fmt)  # never a formula, whatever the text
            else:
                ws.write(r, c, value, fmt)
    name = content.name[:31]
    for chart in content.charts:
        ch = workbook.add_chart({"type": _XLSX_CHART[chart.kind]})
        for s in chart.series_cols:
            series = {
                "name": [name, chart.header_row, s],
                "categories": [name, chart.first_row, chart.category_col, chart.last_row, chart.category_col],
                "values": [name, chart.first_row, s, chart.last_row, s],
            }
            if chart.kind == "pie":
                series["data_labels"] = {"value": True}
            elif chart.kind == "line":
                series["marker"] = {"type": "circle"}
            ch.add_series(series)
        ch.set_title({"name": chart.title, "name_font": {"size": 11}})
        axis = value_axis(chart, content.rows)
        if axis is not None:
            (ch.set_x_axis if chart.kind == "bar" else ch.set_y_axis)(axis)
        if chart.kind != "pie" and len(chart.series_cols) == 1:
            ch.set_legend({"none": True})
        ch.set_size({"width": chart.size[0], "height": chart.size[1]})
        ws.insert_chart(chart.anchor[0], chart.anchor[1], ch)
    if content.freeze_header:
        ws.freeze_panes(1, 0)
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)  # printed one page wide, tables and charts together
    if content.form is not None and content.form.row_breaks:
        ws.set_h_pagebreaks([b for b in content.form.row_breaks if b < len(content.rows)])  # charts kept whole
    return ws


def write_workbook(figures: ReportFigures, trend: Sequence[tuple[str, int, int]], path: Path, office: str = "") -> Path:
    """The standalone report workbook (one sheet, native charts)."""
    import xlsxwriter

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_beside(path)
    wb = xlsxwriter.Workbook(str(tmp))
    wb.set_properties({"title": title_of(figures.period), "company": office, "comments": "Dibuat oleh ppid-sheets"})
    write_sheet(wb, report_tab(figures, trend))
    wb.close()
    replace_file(tmp, path)
    return path


# --- chart picture ---------------------------------------------------------------------------


def _font(size: int, bold: bool = False) -> Any:
    from PIL import ImageFont

    names = ("DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf", "arialbd.ttf") if bold else \
        ("DejaVuSans.ttf", "LiberationSans-Regular.ttf", "arial.ttf")
    for name in names:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    try:
        return ImageFont.load_default(size)
    except TypeError:  # Pillow < 10.1
        return ImageFont.load_default()


def trend_chart_png(trend: Sequence[tuple[str, int, int]], path: Path, title: str) -> Path:
    """A grouped bar chart (received, finished per month) as a PNG, drawn with Pillow."""
    from PIL import Image, ImageDraw

    width, height = 1600, 720
    left, right, top, bottom = 110, 40, 110, 120
    img = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(img)
    draw.text((width // 2, 40), title, fill="black", font=_font(34, bold=True), anchor="mm")
    peak = max([1] + [max(r, f) for _, r, f in trend])
    step = max(1, -(-peak // 5))
    top_value = step * 5
    plot_h = height - top - bottom
    axis_font = _font(22)
    for k in range(6):
        value = step * k
        y = height - bottom - plot_h * value / top_value
        draw.line((left, y, width - right, y), fill="#dddddd", width=2)
        draw.text((left - 12, y), str(value), fill="black", font=axis_font, anchor="rm")
    draw.line((left, top, left, height - bottom), fill="black", width=2)
    draw.line((left, height - bottom, width - right, height - bottom), fill="black", width=2)
    value_font = _font(20)
    colours = ("#1f5fa8", "#f0a030")
    n = max(1, len(trend))
    slot = (width - left - right) / n
    bar = slot * 0.35
    for i, (label, received, finished) in enumerate(trend):
        x0 = left + i * slot + slot * 0.15
        for j, value in enumerate((received, finished)):
            h = plot_h * value / top_value
            x = x0 + j * bar
            if value:
                draw.rectangle((x, height - bottom - h, x + bar - 4, height - bottom), fill=colours[j])
                draw.text((x + bar / 2, height - bottom - h - 6), str(value), fill="black", font=value_font, anchor="md")
        draw.text((left + i * slot + slot / 2, height - bottom + 14), label, fill="black", font=axis_font, anchor="ma")
    legend_font = _font(24)
    lx = left
    for colour, text in zip(colours, ("Diterima", "Selesai")):
        draw.rectangle((lx, height - 46, lx + 28, height - 22), fill=colour)
        draw.text((lx + 38, height - 34), text, fill="black", font=legend_font, anchor="lm")
        lx += 200
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path, "PNG")
    return path


# --- letter ----------------------------------------------------------------------------------


# Which figures an error in a column can change (for the note in the letter).
_AFFECTS = {
    "received": "jumlah permohonan diterima dan waktu penyelesaian",
    "notice_date": "permohonan selesai, tepat waktu/terlambat, dan hari kerja terpakai",
    "decision": "jumlah diterima, diterima sebagian dan ditolak",
    "refusal_reason": "alasan penolakan",
    "fee": "biaya diterima",
    "extended": "perpanjangan",
    "extension_notice_date": "perpanjangan dan ketepatan waktu",
    "channel": "rincian menurut kanal",
    "requester_type": "rincian menurut jenis pemohon",
}


def register_notes(requests: Sequence[Request], dik: Mapping[str, DikEntry], start: Any, end: Any,
                   today: Any) -> list[str]:
    """Notes for the letter when rows of the period have error findings: how many, and which
    figures they may affect (no personal data, no row contents)."""
    from sheets.layout import REQUESTS

    rules = Rules(today=today, dik=dik)
    rows, columns = 0, {}
    for r in requests:
        if r.received is None or not start <= r.received <= end:
            continue
        errors = [f for f in validate_request(r, rules) if f.severity == "error"]
        if errors:
            rows += 1
            for f in errors:
                columns[f.header] = columns.get(f.header, 0) + 1
    if not rows:
        return []
    by_header = {REQUESTS.header(k): v for k, v in _AFFECTS.items()}
    affected = sorted({by_header[h] for h in columns if h in by_header})
    text = (f"Register memuat temuan error pada {rows} baris permohonan periode ini (kolom: "
            + ", ".join(f"{h} {n}" for h, n in sorted(columns.items())) + ").")
    text += (" Angka yang dapat terpengaruh: " + "; ".join(affected) + "." if affected
             else " Angka laporan tidak terpengaruh; perbaiki data sesuai Catatan Validasi.")
    return [text]


def _id_number(value: Any) -> Any:
    """6.2 -> "6,2" (Indonesian decimal comma); integers and text unchanged."""
    if isinstance(value, float):
        text = f"{value:.1f}".replace(".", ",")
        return text[:-2] if text.endswith(",0") else text
    return value


def letter_context(figures: ReportFigures, cfg: Any, number: str = "", data_notes: Sequence[str] = ()) -> dict[str, Any]:
    """The docxtpl context (no personal data of requesters; officials come from config.toml)."""
    f = figures
    notes = list(data_notes)
    if f.skipped:
        notes.append(f"{len(f.skipped)} baris register tidak dihitung karena Tanggal Diterima kosong/tidak terbaca "
                     "atau pemberitahuan bertanggal sebelum tanggal diterima (lihat tab laporan).")
    if f.uncertain_years:
        notes.append("Kalender hari kerja tahun " + ", ".join(map(str, f.uncertain_years)) + " masih perkiraan.")
    if f.period.end > f.today:
        notes.append(f"Periode belum berakhir; angka sampai dengan {format_date_id(f.today)}.")
    office, ppid, superior = cfg.office, cfg.ppid, cfg.superior
    return {
        "kantor": office_context(cfg),
        "tembusan": copies_text(cfg, "report"),
        "office_parent": office.parent,
        "office_name": office.name,
        "superior_title": superior.title or "Sekretaris",
        "ppid_title": ppid.title or "Kepala Subbagian",
        "ppid_name": ppid.name,
        "ppid_nip": ppid.nip,
        "city": office.city,
        "date": format_date_id(f.today),
        "number": number or "-",
        "title": title_of(f.period),
        "period_text": f"{format_date_id(f.period.start)} s.d. {format_date_id(f.period.end)}",
        "summary": [{"no": i, "label": label, "value": _id_number(value)}
                    for i, (label, value) in enumerate(summary_rows(f), 1)],
        "tables": [{"title": t, "header": h, "rows": [{"label": a, "value": _id_number(b)} for a, b in rows]}
                   for t, h, rows in breakdown_tables(f)] + _survey_letter_table(f),
        "pending": [{"number": p.number, "received": p.received.strftime("%d-%m-%Y"), "days": p.days_open}
                    for p in f.oldest_pending],
        "notes": notes,
        "definitions": list(DEFINITIONS),
        "chart": "",
    }


def _survey_letter_table(f: ReportFigures) -> list[dict[str, Any]]:
    """The survey's NRR per element for the letter (none when the register has no survey)."""
    rows = survey_table(f)
    if not rows or f.survey is None or f.survey.ikm is None:
        return []
    return [{"title": "Survei Kepuasan Masyarakat: nilai rata-rata per unsur (NRR, skala 1-4)", "header": "Unsur",
             "rows": [{"label": r[0], "value": "-" if r[1] is None else f"{r[1]:.3f}".replace(".", ",")} for r in rows]}]


def report_template(cfg: Any) -> Path | Traversable:
    """The report letter's template (the office's copy, else the bundled one); raises when none
    can be read, so a caller can check before it writes anything."""
    template = template_file(TEMPLATE_NAME, getattr(getattr(cfg, "output", None), "templates", None))
    if not template.is_file():
        raise PpidError(f"Templat laporan tidak ditemukan: {template}. Pasang ulang ppid-sheets (templat bawaan "
                        "ikut terpasang) atau periksa [output] templates di config.toml.")
    return template


def render_letter(figures: ReportFigures, trend: Sequence[tuple[str, int, int]], cfg: Any, path: Path,
                  template: Path | Traversable | None = None, number: str = "", data_notes: Sequence[str] = ()) -> bool:
    """Render the letter; returns whether the chart picture is in it. The template is the
    office's own copy when [output] templates names a folder that has one, else the bundled."""
    from docx.shared import Cm
    from docxtpl import DocxTemplate, InlineImage

    template = template or report_template(cfg)
    doc = DocxTemplate(io.BytesIO(template.read_bytes()))
    context = with_logo(doc, letter_context(figures, cfg, number, data_notes))
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="ppid-chart-") as tmpdir:
        has_chart = True
        try:
            png = trend_chart_png(trend, Path(tmpdir) / "tren.png", "Permohonan diterima dan selesai, 12 bulan")
            context["chart"] = InlineImage(doc, str(png), width=Cm(16))
        except ImportError:
            has_chart = False
        doc.render(context, autoescape=True)
        tmp = temp_beside(path)
        doc.save(str(tmp))
    replace_file(tmp, path)
    return has_chart


# --- PDF -------------------------------------------------------------------------------------


def _letter_pdf(letter: Path) -> tuple[Path | None, str]:
    """PDF beside the letter with automation.letters.pdf (the same LibreOffice call as the notices);
    (pdf, problem)."""
    exe = find_soffice()
    if exe is None:
        return None, "LibreOffice (soffice) tidak terpasang; PDF tidak dibuat."
    done = convert_to_pdf([letter], soffice=exe, timeout=PDF_TIMEOUT)
    if done.pdfs:
        return done.pdfs[0], ""
    return None, " ".join(done.messages)


def write_report_files(figures: ReportFigures, trend: Sequence[tuple[str, int, int]], cfg: Any, outdir: Path,
                       pdf: bool = False, number: str = "", data_notes: Sequence[str] = ()) -> ReportFiles:
    """Workbook + letter (+ PDF of the letter) into `outdir`; a failed PDF is reported, not raised."""
    outdir.mkdir(parents=True, exist_ok=True)
    stem = file_stem(figures)
    workbook = write_workbook(figures, trend, outdir / f"{stem}.xlsx", office=cfg.office.name)
    letter = outdir / f"{stem}.docx"
    has_chart = render_letter(figures, trend, cfg, letter, number=number, data_notes=data_notes)
    pdf_path, problem = _letter_pdf(letter) if pdf else (None, "")
    return ReportFiles(workbook, letter, pdf_path, problem, has_chart)
