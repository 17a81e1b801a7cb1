"""Whole toolkit tabs ("Perlu Tindakan", "Log", reports) as worksheet parts for the register.

The sheet XML is written here (inline strings, a bold header style, widths, a frozen header).
Charts are drawn by XlsxWriter, which writes correct DrawingML: a scratch workbook with a sheet
of the same name and the same values is built in memory, and its drawing and chart parts are
lifted out and renamed to part names free in the register. Their formulas already name the
right sheet, because the scratch sheet has the register tab's name.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass

import xlsxwriter

from sheets.model import CellValue, Chart, SheetContent
from sheets.xlsx_package import parse_rels, rels_path
from sheets.xlsx_patch import cell_xml, column_letters, excel_serial, value_kind
from sheets.xlsx_styles import StyleBook

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


@dataclass(frozen=True)
class ChartParts:
    """A drawing part and the chart parts it shows, with targets still to be named."""

    drawing: bytes
    drawing_rels: list[tuple[str, int]]  # (rId in the drawing, index into charts)
    charts: list[bytes]


def sheet_xml(content: SheetContent, styles: StyleBook, date1904: bool, drawing_rid: str | None) -> bytes:
    """A complete worksheet part for a toolkit tab."""
    rows = content.rows
    width = max((len(r) for r in rows), default=1) or 1
    bold = set(content.bold_rows)
    out: list[str] = [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
        f'<worksheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">',
        f'<dimension ref="A1:{column_letters(width - 1)}{max(len(rows), 1)}"/>',
        '<sheetViews><sheetView workbookViewId="0">',
    ]
    if content.freeze_header and rows:
        out.append('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
                   '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>')
    out.append('</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>')
    if content.widths:
        out.append("<cols>")
        for i, w in enumerate(content.widths):
            out.append(f'<col min="{i + 1}" max="{i + 1}" width="{float(w) + 0.7:g}" customWidth="1"/>')
        out.append("</cols>")
    out.append("<sheetData>")
    for n, row in enumerate(rows, start=1):
        cells = []
        for col, value in enumerate(row):
            kind = value_kind(value)
            if n - 1 in bold:
                style = styles.bold(kind)
            else:
                style = styles.for_value(None, kind) if kind else None
            cells.append(cell_xml(f"{column_letters(col)}{n}", value, style, "", date1904))
        out.append(f'<row r="{n}">{"".join(cells)}</row>')
    out.append("</sheetData>")
    out.append('<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>')
    if drawing_rid:
        out.append(f'<drawing r:id="{drawing_rid}"/>')
    out.append("</worksheet>")
    return "".join(out).encode("utf-8")


def chart_parts(name: str, rows: Sequence[Sequence[CellValue]], charts: Sequence[Chart]) -> ChartParts:
    """Drawing + chart XML for `charts` over the tab `name` holding `rows`, made by XlsxWriter."""
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False,
                                      "strings_to_formulas": False, "strings_to_urls": False})
    ws = wb.add_worksheet(name)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None:
                continue
            if value_kind(value):
                ws.write_number(r, c, excel_serial(value))  # type: ignore[arg-type]
            elif isinstance(value, bool):
                ws.write_boolean(r, c, value)
            elif isinstance(value, (int, float)):
                ws.write_number(r, c, value)
            else:
                ws.write_string(r, c, str(value))
    for spec in charts:
        chart = wb.add_chart({"type": spec.kind})
        for col in spec.series_cols:
            series: dict[str, object] = {
                "name": [name, spec.header_row, col],
                "categories": [name, spec.first_row, spec.category_col, spec.last_row, spec.category_col],
                "values": [name, spec.first_row, col, spec.last_row, col],
            }
            if spec.kind == "pie":
                series["data_labels"] = {"percentage": True}
            chart.add_series(series)
        chart.set_title({"name": spec.title})
        if spec.kind == "pie" or len(spec.series_cols) == 1:
            chart.set_legend({"none": spec.kind != "pie"})
        ws.insert_chart(spec.anchor[0], spec.anchor[1], chart,
                        {"x_scale": spec.size[0] / 480, "y_scale": spec.size[1] / 288})
    wb.close()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as z:
        sheet_rels = parse_rels(z.read(rels_path("xl/worksheets/sheet1.xml")), "xl/worksheets/sheet1.xml")
        drawing_part = next(r.target for r in sheet_rels if r.type.endswith("/drawing"))
        drawing_rels = parse_rels(z.read(rels_path(drawing_part)), drawing_part)
        chart_xml = []
        links = []
        for rel in drawing_rels:
            links.append((rel.rid, len(chart_xml)))
            chart_xml.append(z.read(rel.target))
        return ChartParts(z.read(drawing_part), links, chart_xml)


def drawing_rels_xml(links: Sequence[tuple[str, str]]) -> bytes:
    """The drawing's .rels part: (rId, relative target of a chart part)."""
    entries = "".join(
        f'<Relationship Id="{rid}" Type="{REL_NS}/chart" Target="{target}"/>' for rid, target in links
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f"{entries}</Relationships>"
    ).encode()


def valid_sheet_name(name: str) -> bool:
    return 0 < len(name) <= 31 and not re.search(r"[\[\]:*?/\\]", name) and not name.startswith("'")
