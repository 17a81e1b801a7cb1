"""The files of the Monev pack that are tables and documents (used by `automation.reports.monev`).

Each function takes plain data and writes one file (written to a temporary name, then moved
into place). Nothing here holds personal data: callers pass registration numbers, dates,
counts and masked text only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from automation.rules.files import replace_file, temp_beside
from sheets.model import CellValue


@dataclass(frozen=True)
class Sheet:
    """One worksheet: title lines, a header row, rows; optional native chart over columns."""

    name: str
    title: str
    notes: tuple[str, ...]
    headers: tuple[str, ...]
    rows: tuple[tuple[CellValue, ...], ...]
    widths: tuple[int, ...] = ()
    chart: dict[str, Any] | None = None  # {"type", "title", "category_col", "value_cols"}
    extra: tuple[tuple[str, tuple[tuple[CellValue, ...], ...]], ...] = field(default=())  # (title, rows) below


def write_xlsx(path: Path, sheets: Sequence[Sheet], office: str = "") -> Path:
    """A workbook of `sheets` (XlsxWriter: text is always a string cell, never a formula)."""
    import xlsxwriter

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_beside(path)
    wb = xlsxwriter.Workbook(str(tmp), {"strings_to_numbers": False, "strings_to_formulas": False,
                                        "strings_to_urls": False})
    wb.set_properties({"company": office, "comments": "Dibuat oleh ppid-sheets (bukti dukung Monev)"})
    title_fmt = wb.add_format({"bold": True, "font_size": 12})
    head = wb.add_format({"bold": True, "text_wrap": True, "border": 1, "valign": "vcenter", "bg_color": "#DDEBF7"})
    cell = wb.add_format({"text_wrap": True, "border": 1, "valign": "top"})
    date_fmt = wb.add_format({"border": 1, "valign": "top", "num_format": "dd-mm-yyyy"})
    bold = wb.add_format({"bold": True})
    for sheet in sheets:
        ws = wb.add_worksheet(sheet.name[:31])
        ws.write_string(0, 0, sheet.title, title_fmt)
        r = 1
        for note in sheet.notes:
            ws.write_string(r, 0, note)
            r += 1
        r += 1
        header_row = r
        for c, h in enumerate(sheet.headers):
            ws.write_string(r, c, h, head)
            ws.set_column(c, c, sheet.widths[c] if c < len(sheet.widths) else 14)
        for row in sheet.rows:
            r += 1
            for c, value in enumerate(row):
                _write(ws, r, c, value, cell, date_fmt)
        last = r
        for title, rows in sheet.extra:
            r += 2
            ws.write_string(r, 0, title, bold)
            for row in rows:
                r += 1
                for c, value in enumerate(row):
                    _write(ws, r, c, value, cell, date_fmt)
        if sheet.chart and sheet.rows:
            ch = wb.add_chart({"type": sheet.chart["type"]})
            name = sheet.name[:31]
            cat = sheet.chart["category_col"]
            for col in sheet.chart["value_cols"]:
                ch.add_series({"name": [name, header_row, col],
                               "categories": [name, header_row + 1, cat, last, cat],
                               "values": [name, header_row + 1, col, last, col]})
            ch.set_title({"name": sheet.chart["title"], "name_font": {"size": 11}})
            if len(sheet.chart["value_cols"]) == 1:
                ch.set_legend({"none": True})
            ch.set_size({"width": 620, "height": 320})
            ws.insert_chart(header_row, len(sheet.headers) + 1, ch)
        ws.freeze_panes(header_row + 1, 0)
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(header_row)
    wb.close()
    replace_file(tmp, path)
    return path


def _write(ws: Any, r: int, c: int, value: CellValue, cell: Any, date_fmt: Any) -> None:
    if value is None:
        ws.write_blank(r, c, None, cell)
    elif isinstance(value, bool):
        ws.write_string(r, c, "Ya" if value else "Tidak", cell)
    elif isinstance(value, (dt.date, dt.datetime)):
        ws.write_datetime(r, c, value, date_fmt)
    elif isinstance(value, (int, float)):
        ws.write_number(r, c, value, cell)
    else:
        ws.write_string(r, c, str(value), cell)


# --- a histogram picture -------------------------------------------------------------------------

def histogram_png(bins: Sequence[tuple[str, int]], path: Path, title: str, xlabel: str) -> Path:
    """A bar chart of (label, count) as a PNG, drawn with Pillow."""
    from PIL import Image, ImageDraw

    from automation.reports.documents import _font

    width, height = 1600, 720
    left, right, top, bottom = 110, 40, 110, 150
    img = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(img)
    draw.text((width // 2, 40), title, fill="black", font=_font(34, bold=True), anchor="mm")
    peak = max([1] + [n for _, n in bins])
    step = max(1, -(-peak // 5))
    top_value = step * 5
    plot_h = height - top - bottom
    axis_font = _font(22)
    for k in range(6):
        y = height - bottom - plot_h * step * k / top_value
        draw.line((left, y, width - right, y), fill="#dddddd", width=2)
        draw.text((left - 12, y), str(step * k), fill="black", font=axis_font, anchor="rm")
    draw.line((left, top, left, height - bottom), fill="black", width=2)
    draw.line((left, height - bottom, width - right, height - bottom), fill="black", width=2)
    slot = (width - left - right) / max(1, len(bins))
    for i, (label, n) in enumerate(bins):
        x0 = left + i * slot + slot * 0.12
        h = plot_h * n / top_value
        if n:
            draw.rectangle((x0, height - bottom - h, x0 + slot * 0.76, height - bottom), fill="#1f5fa8")
            draw.text((x0 + slot * 0.38, height - bottom - h - 6), str(n), fill="black", font=_font(20), anchor="md")
        draw.text((left + i * slot + slot / 2, height - bottom + 14), label, fill="black", font=axis_font, anchor="ma")
    draw.text((width // 2, height - 50), xlabel, fill="black", font=_font(24), anchor="mm")
    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path, "PNG")
    return path


# --- documents -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class DocPart:
    """A part of a document: heading, paragraphs, tables (header + rows), and whether the office
    must complete it (then it is marked in the document)."""

    heading: str
    paragraphs: tuple[str, ...] = ()
    tables: tuple[tuple[str, tuple[str, ...], tuple[tuple[str, ...], ...]], ...] = ()
    to_complete: str = ""  # what the office writes here; "" = filled from the register
    picture: Path | None = None


TO_COMPLETE = "[DILENGKAPI OLEH KANTOR]"


def write_docx(path: Path, title: str, subtitle: Sequence[str], parts: Sequence[DocPart]) -> Path:
    """A plain A4 document (python-docx): title, parts with headings, tables and marked sections."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt, RGBColor

    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin = section.bottom_margin = Cm(2.0)
    doc.styles["Normal"].font.name = "Arial"
    doc.styles["Normal"].font.size = Pt(10)
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(title)
    run.bold, run.font.size = True, Pt(14)
    for line in subtitle:
        q = doc.add_paragraph(line)
        q.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for part in parts:
        doc.add_heading(part.heading, level=2)
        if part.to_complete:
            box = doc.add_table(rows=1, cols=1)
            box.style = "Table Grid"
            cell = box.cell(0, 0)
            r = cell.paragraphs[0].add_run(TO_COMPLETE)
            r.bold = True
            r.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
            cell.add_paragraph(part.to_complete)
            for _ in range(3):
                cell.add_paragraph("")
        for text in part.paragraphs:
            doc.add_paragraph(text)
        for caption, headers, rows in part.tables:
            if caption:
                doc.add_paragraph().add_run(caption).bold = True
            table = doc.add_table(rows=1, cols=len(headers))
            table.style = "Table Grid"
            for c, h in enumerate(headers):
                table.cell(0, c).text = h
                for run in table.cell(0, c).paragraphs[0].runs:
                    run.bold = True
            for row in rows:
                cells = table.add_row().cells
                for c, value in enumerate(row):
                    cells[c].text = str(value)
        if part.picture is not None and part.picture.is_file():
            doc.add_picture(str(part.picture), width=Cm(16))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_beside(path)
    doc.save(str(tmp))
    replace_file(tmp, path)
    return path
