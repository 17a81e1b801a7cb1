"""Whole toolkit tabs ("Perlu Tindakan", "Log", reports) as worksheet parts for the register.

The sheet XML is written here (inline strings, a bold header style, widths, a frozen header).
Charts are drawn by XlsxWriter, which writes correct DrawingML: a scratch workbook with a sheet
of the same name and the same values is built in memory, and its drawing and chart parts are
lifted out and renamed to part names free in the register. Their formulas already name the
right sheet, because the scratch sheet has the register tab's name.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from sheets.layout import GREY_HEADER, TABS_BY_NAME, TabForm
from sheets.model import CellValue, Chart, SheetContent
from sheets.xlsx_package import parse_rels, rels_path, xml_attr
from sheets.xlsx_patch import (
    EPOCH_ORDINAL,
    MAX_TEXT,
    TEXT_PLAIN_BAD,
    cell_xml,
    column_letters,
    excel_serial,
    value_kind,
)
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
    """A complete worksheet part for a toolkit tab, in its declared form when it has one."""
    return b"".join(sheet_xml_pieces(content, styles, date1904, drawing_rid))


ROWS_PER_PIECE = 2000


def sheet_xml_pieces(content: SheetContent, styles: StyleBook, date1904: bool,
                     drawing_rid: str | None) -> Iterator[bytes]:
    """`sheet_xml` as encoded pieces of about ROWS_PER_PIECE rows each, so that a big tab (a
    "Perlu Tindakan" of 100k rows) can be deflated as it is made instead of being held whole
    twice (as text and as bytes)."""
    rows = content.rows
    form = content.form
    width = max((len(r) for r in rows), default=1) or 1
    bold = set(content.bold_rows)
    out: list[str] = [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
        f'<worksheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">',
    ]
    if form is not None:
        out.append(sheet_pr(form))
    out.append(f'<dimension ref="A1:{column_letters(width - 1)}{max(len(rows), 1)}"/>')
    out.append('<sheetViews><sheetView workbookViewId="0">')
    if form is not None:
        out.append(pane_xml(form.freeze_rows, form.freeze_cols))
    elif content.freeze_header and rows:
        out.append(pane_xml(1, 0))
    out.append('</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>')
    if content.widths:
        out.append("<cols>")
        for i, w in enumerate(content.widths):
            out.append(f'<col min="{i + 1}" max="{i + 1}" width="{float(w) + 0.7:g}" customWidth="1"/>')
        out.append("</cols>")
    out.append("<sheetData>")
    styled = form is not None and form.style_header
    header_style = styles.header(GREY_HEADER) if styled else None
    linked: dict[int, set[int]] = {}  # row index -> the columns whose cell is a link
    for link in content.links:
        linked.setdefault(link.row, set()).add(link.col)
    link_style = styles.link() if linked else None
    letters = [column_letters(c) for c in range(width)]
    body: dict[str | None, int | None] = {}
    attr: dict[int | None, str] = {}  # a style as its attribute (' s="3"'; "" for none)
    widths = content.widths
    kind_of = _KIND_OF
    epoch = EPOCH_ORDINAL[date1904]
    line_memo: dict[tuple[str, int], int] = {}
    for n, row in enumerate(rows, start=1):
        cells = []
        num = str(n)
        link_cols = linked.get(n - 1, ())
        for col, value in enumerate(row):
            t = type(value)
            kind = kind_of.get(t, _UNKNOWN)
            if kind is _UNKNOWN:
                kind = value_kind(value)
            if styled:
                if n == 1:
                    style = header_style
                elif col in link_cols:
                    style = link_style
                else:
                    style = body.get(kind, -1)
                    if style == -1:
                        style = body[kind] = styles.body(kind)
            elif n - 1 in bold:
                style = styles.bold(kind)
            else:
                style = styles.for_value(None, kind) if kind else None
            # the common cells written here as `cell_xml` writes them (1.1 million cells for a
            # 100k-row "Perlu Tindakan"); every other value goes through it
            s = attr.get(style)
            if s is None:
                s = attr[style] = f' s="{style}"' if style else ""
            if t is str and value:
                if len(value) <= MAX_TEXT and value.strip() is value and TEXT_PLAIN_BAD.search(value) is None:
                    cells.append(f'<c r="{letters[col]}{num}"{s} t="inlineStr"><is><t>{value}</t></is></c>')
                    continue
            elif value is None or t is str:  # None or ""
                if s:
                    cells.append(f'<c r="{letters[col]}{num}"{s}/>')
                continue
            elif t is int:
                cells.append(f'<c r="{letters[col]}{num}"{s}><v>{value}</v></c>')
                continue
            elif t is dt.date:
                cells.append(f'<c r="{letters[col]}{num}"{s}><v>{value.toordinal() - epoch}</v></c>')
                continue
            cells.append(cell_xml(f"{letters[col]}{num}", value, style, "", date1904))
        height = ""
        if styled and form is not None:
            lines = form.header_height / LINE_HEIGHT if n == 1 else _lines(row, widths, line_memo)
            if lines > 1:
                height = f' ht="{lines * LINE_HEIGHT:g}" customHeight="1"'
        out.append(f'<row r="{n}"{height}>{"".join(cells)}</row>')
        if n % ROWS_PER_PIECE == 0:
            yield "".join(out).encode("utf-8")
            out = []
    out.append("</sheetData>")
    last = column_letters(width - 1)
    if form is not None and form.autofilter and rows:
        out.append(f'<autoFilter ref="A1:{last}{len(rows)}"/>')
    if form is not None and form.highlights and len(rows) > 1:
        out.append(highlights_xml(content.name, form, list(rows[0]), len(rows), width, styles))
    if content.links:
        out.append("<hyperlinks>")
        for link in content.links:
            ref = f"{column_letters(link.col)}{link.row + 1}"
            target = f"'{link.target_tab.replace(chr(39), chr(39) * 2)}'!A{link.target_row}"
            tip = f" tooltip={xml_attr(link.tip)}" if link.tip else ""
            out.append(f"<hyperlink ref=\"{ref}\" location={xml_attr(target)} display={xml_attr(str(link.target_row))}"
                       f"{tip}/>")
        out.append("</hyperlinks>")
    out.append('<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>'
               if form is not None else
               '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>')
    if form is not None:
        out.append(page_setup_xml(form))
        if form.row_breaks:
            breaks = [b for b in form.row_breaks if b < len(rows)]
            if breaks:
                out.append(f'<rowBreaks count="{len(breaks)}" manualBreakCount="{len(breaks)}">'
                           + "".join(f'<brk id="{b}" max="16383" man="1"/>' for b in breaks) + "</rowBreaks>")
    if drawing_rid:
        out.append(f'<drawing r:id="{drawing_rid}"/>')
    out.append("</worksheet>")
    yield "".join(out).encode("utf-8")


LINE_HEIGHT = 15
_UNKNOWN = object()
# value_kind by exact type, for the common types (anything else, e.g. a datetime subclass, asks it)
_KIND_OF: dict[type, object] = {str: None, int: None, float: None, bool: None, type(None): None,
                                dt.datetime: "datetime", dt.date: "date", dt.time: "time"}


def _lines(row: Sequence[CellValue], widths: Sequence[int], memo: dict[tuple[str, int], int]) -> int:
    """Lines a wrapped row needs (Excel and LibreOffice keep a stored height; they do not grow
    a row for wrapped text on their own). `memo` keeps the count of each long text met (the same
    instructions recur from row to row)."""
    most = 1
    for value, width in zip(row, widths):
        if type(value) is str and (len(value) > width or "\n" in value):
            lines = memo.get((value, width))
            if lines is None:
                per_line = max(int(width * 1.1), 1)
                lines = memo[(value, width)] = sum(-(-max(len(part), 1) // per_line) for part in value.split("\n"))
            if lines > most:
                most = lines
    return most


def sheet_pr(form: TabForm) -> str:
    colour = f'<tabColor rgb="FF{form.tab_color}"/>' if form.tab_color else ""
    fit = '<pageSetUpPr fitToPage="1"/>' if form.fit_width else ""
    return f"<sheetPr>{colour}{fit}</sheetPr>" if colour or fit else ""


def pane_xml(rows: int, cols: int) -> str:
    """A frozen pane below `rows` rows and right of `cols` columns (as Excel writes it)."""
    if not rows and not cols:
        return ""
    top_left = f"{column_letters(cols)}{rows + 1}"
    if rows and cols:
        return (f'<pane xSplit="{cols}" ySplit="{rows}" topLeftCell="{top_left}" activePane="bottomRight" '
                f'state="frozen"/><selection pane="topRight"/><selection pane="bottomLeft"/>'
                f'<selection pane="bottomRight" activeCell="{top_left}" sqref="{top_left}"/>')
    if rows:
        return (f'<pane ySplit="{rows}" topLeftCell="{top_left}" activePane="bottomLeft" state="frozen"/>'
                f'<selection pane="bottomLeft" activeCell="{top_left}" sqref="{top_left}"/>')
    return (f'<pane xSplit="{cols}" topLeftCell="{top_left}" activePane="topRight" state="frozen"/>'
            f'<selection pane="topRight" activeCell="{top_left}" sqref="{top_left}"/>')


def highlights_xml(name: str, form: TabForm, headers: list[object], height: int, width: int,
                   styles: StyleBook) -> str:
    """Row colouring by the text of a column (e.g. red for TERLAMBAT in "Bendera")."""
    out = []
    area = f"A2:{column_letters(width - 1)}{height}"
    for priority, h in enumerate(form.highlights, start=1):
        col = _column_of(name, headers, h.column)
        dxf = styles.dxf(h.fill, h.font)
        if col is None or dxf is None:
            continue
        formula = f'ISNUMBER(SEARCH("{h.word}",${column_letters(col)}2))'
        out.append(f'<conditionalFormatting sqref="{area}"><cfRule type="expression" dxfId="{dxf}" '
                   f'priority="{priority}" stopIfTrue="1"><formula>{xml_text(formula)}</formula></cfRule>'
                   f'</conditionalFormatting>')
    return "".join(out)


def _column_of(name: str, headers: list[object], key: str) -> int | None:
    """Where column `key` of layout tab `name` is among `headers`."""
    layout = TABS_BY_NAME.get(name)
    if layout is None or not any(c.key == key for c in layout.columns):
        return None
    wanted = layout.column(key).header
    return next((i for i, h in enumerate(headers) if h == wanted), None)


def xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def page_setup_xml(form: TabForm) -> str:
    orientation = "landscape" if form.landscape else "portrait"
    fit = ' fitToWidth="1" fitToHeight="0"' if form.fit_width else ""
    return f'<pageSetup paperSize="9" orientation="{orientation}"{fit}/>'


def chart_parts(name: str, rows: Sequence[Sequence[CellValue]], charts: Sequence[Chart]) -> ChartParts:
    """Drawing + chart XML for `charts` over the tab `name` holding `rows`, made by XlsxWriter
    (imported here: only a report's tab has charts, and the import costs every check 12 ms)."""
    import xlsxwriter

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
        axis = value_axis(spec, rows)
        if axis is not None:
            (chart.set_x_axis if spec.kind == "bar" else chart.set_y_axis)(axis)
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


def value_axis(spec: Chart, rows: Sequence[Sequence[CellValue]]) -> dict[str, object] | None:
    """The value axis of a column/bar/line chart counts whole requests: from 0, in whole steps
    (about five of them), labelled without decimals. None for a pie."""
    if spec.kind == "pie":
        return None
    values = [rows[r][c] for r in range(spec.first_row, spec.last_row + 1) for c in spec.series_cols
              if r < len(rows) and c < len(rows[r])]
    top = max((v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)), default=0)
    step = max(1, math.ceil(top / 5))
    return {"min": 0, "max": max(step * math.ceil(top / step), step) if top else 1, "major_unit": step,
            "num_format": "0"}


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
