"""Building Sheets API request bodies: A1 names, RAW cell values, structure requests.

Pure functions and one collector (`StructurePlan`) of `spreadsheets.batchUpdate` requests, so
a whole write needs one structure call. No HTTP here.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Iterable, Sequence
from typing import Any

from xlsxwriter.utility import xl_col_to_name

from sheets.layout import GREY_HEADER, TABS_BY_NAME
from sheets.model import CellValue, Chart, SheetContent

EPOCH = dt.date(1899, 12, 30)
DATE_FORMAT = {"type": "DATE", "pattern": "dd-mm-yyyy"}
DATETIME_FORMAT = {"type": "DATE_TIME", "pattern": "dd-mm-yyyy hh:mm"}
TIME_FORMAT = {"type": "TIME", "pattern": "hh:mm"}


def quote_title(title: str) -> str:
    """A sheet title as it goes in an A1 range, always quoted: 'Log' is a sheet, not a cell."""
    return "'" + title.replace("'", "''") + "'"


def a1_column(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    return xl_col_to_name(index)


def to_serial(value: dt.date | dt.datetime | dt.time) -> float | int:
    """Sheets serial number (days since 1899-12-30; time as a fraction of a day)."""
    if isinstance(value, dt.datetime):
        delta = value.replace(tzinfo=None) - dt.datetime(1899, 12, 30)
        return delta.days + delta.seconds / 86400
    if isinstance(value, dt.date):
        return (value - EPOCH).days
    return (value.hour * 3600 + value.minute * 60 + value.second) / 86400


def cell_json(value: CellValue) -> Any:
    """A value for a RAW values write: text stays text, dates become serial numbers."""
    if value is None:
        return ""
    if isinstance(value, bool | str | int):
        return value
    if isinstance(value, float):
        return "" if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return to_serial(value)
    return str(value)


def cell_data(value: CellValue) -> dict[str, Any]:
    """A CellData for updateCells/appendCells: stringValue is literal text, never a formula."""
    if value is None or (isinstance(value, str) and value == ""):
        return {}
    if isinstance(value, bool):
        return {"userEnteredValue": {"boolValue": value}}
    if isinstance(value, int | float) and not (isinstance(value, float) and not math.isfinite(value)):
        return {"userEnteredValue": {"numberValue": value}}
    if isinstance(value, dt.date | dt.datetime | dt.time):
        fmt = DATETIME_FORMAT if isinstance(value, dt.datetime) else DATE_FORMAT if isinstance(value, dt.date) else TIME_FORMAT
        return {"userEnteredValue": {"numberValue": to_serial(value)}, "userEnteredFormat": {"numberFormat": fmt}}
    return {"userEnteredValue": {"stringValue": str(value)}}


def grid_range(sheet_id: int, r1: int | None = None, r2: int | None = None, c1: int | None = None,
               c2: int | None = None) -> dict[str, int]:
    """A GridRange (0-based, end exclusive); None leaves that side open."""
    out = {"sheetId": sheet_id}
    for key, value in (("startRowIndex", r1), ("endRowIndex", r2), ("startColumnIndex", c1), ("endColumnIndex", c2)):
        if value is not None:
            out[key] = value
    return out


def rgb(hex_colour: str) -> dict[str, float]:
    """"9C0006" -> a Sheets Color (0..1 floats)."""
    return {k: round(int(hex_colour[i:i + 2], 16) / 255, 3) for k, i in (("red", 0), ("green", 2), ("blue", 4))}


def column_width_px(chars: int) -> int:
    """Excel column width (characters) to Sheets pixels."""
    return int(chars * 7 + 5)


def chart_request(sheet_id: int, chart: Chart) -> dict[str, Any]:
    """addChart for a `Chart` over a block of the same tab."""
    headered = chart.header_row == chart.first_row - 1
    r1 = chart.header_row if headered else chart.first_row

    def source(col: int) -> dict[str, Any]:
        return {"sourceRange": {"sources": [grid_range(sheet_id, r1, chart.last_row + 1, col, col + 1)]}}

    if chart.kind == "pie":
        spec: dict[str, Any] = {"title": chart.title, "pieChart": {
            "legendPosition": "RIGHT_LEGEND", "domain": source(chart.category_col),
            "series": source(chart.series_cols[0])}}
    else:
        spec = {"title": chart.title, "basicChart": {
            "chartType": chart.kind.upper(), "legendPosition": "BOTTOM_LEGEND", "headerCount": 1 if headered else 0,
            "domains": [{"domain": source(chart.category_col)}],
            "series": [{"series": source(c), "targetAxis": "BOTTOM_AXIS" if chart.kind == "bar" else "LEFT_AXIS"}
                       for c in chart.series_cols]}}
    width, height = chart.size
    return {"addChart": {"chart": {"spec": spec, "position": {"overlayPosition": {
        "anchorCell": {"sheetId": sheet_id, "rowIndex": chart.anchor[0], "columnIndex": chart.anchor[1]},
        "widthPixels": width, "heightPixels": height}}}}}


class StructurePlan:
    """Collects the requests of one spreadsheets.batchUpdate: new sheets, columns, formats, charts."""

    def __init__(self, sheets: Iterable[Any], rng: random.Random | None = None) -> None:
        self.ids = {s.title: s.sheet_id for s in sheets}
        self.index = {s.title: s.index for s in sheets}
        self.cols = {s.title: s.cols for s in sheets}
        self.requests: list[dict[str, Any]] = []
        self._rng = rng or random.Random()
        self._taken = set(self.ids.values())

    def new_sheet_id(self) -> int:
        while True:
            sid = self._rng.randrange(1, 2**31 - 1)
            if sid not in self._taken:
                self._taken.add(sid)
                return sid

    def ensure_columns(self, tab: str, count: int) -> None:
        """The grid of `tab` has at least `count` columns (values writes beyond it are refused)."""
        have = self.cols.get(tab, 0)
        if count > have:
            self.requests.append({"appendDimension": {"sheetId": self.ids[tab], "dimension": "COLUMNS",
                                                      "length": count - have}})
            self.cols[tab] = count

    def date_format(self, tab: str, col: int, first_row: int | None = 1) -> None:
        """Show the serial numbers of a toolkit date column as dd-mm-yyyy (from `first_row`,
        0-based; None: the whole column)."""
        self.requests.append({"repeatCell": {
            "range": grid_range(self.ids[tab], first_row, None, col, col + 1),
            "cell": {"userEnteredFormat": {"numberFormat": DATE_FORMAT}},
            "fields": "userEnteredFormat.numberFormat"}})

    def add_sheet(self, title: str, rows: int, cols: int, frozen: int = 0, index: int | None = None) -> int:
        sid = self.new_sheet_id()
        props: dict[str, Any] = {"sheetId": sid, "title": title, "sheetType": "GRID",
                                 "gridProperties": {"rowCount": max(rows, frozen + 1, 1), "columnCount": max(cols, 1)}}
        if frozen:
            props["gridProperties"]["frozenRowCount"] = frozen
        if index is not None:
            props["index"] = index
        self.requests.append({"addSheet": {"properties": props}})
        self.ids[title], self.cols[title] = sid, max(cols, 1)
        return sid

    def bold_rows(self, sheet_id: int, rows: Iterable[int]) -> None:
        for r in rows:
            self.requests.append({"repeatCell": {
                "range": grid_range(sheet_id, r, r + 1),
                "cell": {"userEnteredFormat": {"textFormat": {"bold": True}}},
                "fields": "userEnteredFormat.textFormat.bold"}})

    def widths(self, sheet_id: int, widths: Sequence[int]) -> None:
        for i, w in enumerate(widths):
            self.requests.append({"updateDimensionProperties": {
                "range": {"sheetId": sheet_id, "dimension": "COLUMNS", "startIndex": i, "endIndex": i + 1},
                "properties": {"pixelSize": column_width_px(w)}, "fields": "pixelSize"}})

    def replace_tab(self, content: SheetContent) -> list[dict[str, Any]]:
        """Delete and re-add a toolkit tab at the same place (old charts go with it).

        Returns the values-batchUpdate data that fills it (RAW).
        """
        index = None
        if content.name in self.ids:
            index = self.index.get(content.name)
            self.requests.append({"deleteSheet": {"sheetId": self.ids.pop(content.name)}})
        width = max([len(r) for r in content.rows] + [len(content.widths), 1])
        anchors = [c.anchor for c in content.charts]
        rows = max([len(content.rows) + 1] + [a[0] + 1 for a in anchors])
        cols = max([width] + [a[1] + 1 for a in anchors])
        frozen = 1 if content.freeze_header and len(content.rows) > 0 else 0
        if content.form is not None:
            frozen = content.form.freeze_rows if content.rows else 0
        sid = self.add_sheet(content.name, rows, cols, frozen, index)
        self.bold_rows(sid, [r for r in content.bold_rows if r < len(content.rows)])
        if content.form is not None and content.rows:
            self.form(sid, content, width)
        self.widths(sid, content.widths)
        date_cols = {i for row in content.rows for i, v in enumerate(row) if isinstance(v, dt.date | dt.time)}
        for i in sorted(date_cols):
            self.date_format(content.name, i, first_row=None)
        for chart in content.charts:
            self.requests.append(chart_request(sid, chart))
        if not content.rows:
            return []
        return [{"range": f"{quote_title(content.name)}!A1", "majorDimension": "ROWS",
                 "values": [[cell_json(v) for v in row] for row in content.rows]}]

    def form(self, sid: int, content: SheetContent, width: int) -> None:
        """The tab's declared form (sheets.layout.TabForm), as far as Sheets has it: tab colour,
        frozen columns, grey wrapped header, filter, row colours, links to register rows.
        (Print setup is Excel's; Sheets prints from its own dialog.)"""
        form = content.form
        assert form is not None
        height = len(content.rows)
        props: dict[str, Any] = {"sheetId": sid}
        fields = []
        if form.tab_color:
            props["tabColorStyle"] = {"rgbColor": rgb(form.tab_color)}
            fields.append("tabColorStyle")
        if form.freeze_cols:
            props["gridProperties"] = {"frozenColumnCount": form.freeze_cols}
            fields.append("gridProperties.frozenColumnCount")
        if fields:
            self.requests.append({"updateSheetProperties": {"properties": props, "fields": ",".join(fields)}})
        if form.style_header:
            self.requests.append({"repeatCell": {
                "range": grid_range(sid, 0, 1, 0, width),
                "cell": {"userEnteredFormat": {"backgroundColor": rgb(GREY_HEADER), "textFormat": {"bold": True},
                                               "wrapStrategy": "WRAP", "verticalAlignment": "TOP"}},
                "fields": "userEnteredFormat(backgroundColor,textFormat,wrapStrategy,verticalAlignment)"}})
            if height > 1:
                self.requests.append({"repeatCell": {
                    "range": grid_range(sid, 1, height, 0, width),
                    "cell": {"userEnteredFormat": {"wrapStrategy": "WRAP", "verticalAlignment": "TOP"}},
                    "fields": "userEnteredFormat(wrapStrategy,verticalAlignment)"}})
        if form.autofilter:
            self.requests.append({"setBasicFilter": {"filter": {"range": grid_range(sid, 0, height, 0, width)}}})
        layout = TABS_BY_NAME.get(content.name)
        headers = list(content.rows[0])
        for n, h in enumerate(form.highlights):
            if layout is None or not any(c.key == h.column for c in layout.columns):
                continue
            header = layout.column(h.column).header
            if header not in headers:
                continue
            col = a1_column(headers.index(header))
            self.requests.append({"addConditionalFormatRule": {"index": n, "rule": {
                "ranges": [grid_range(sid, 1, max(height, 2), 0, width)],
                "booleanRule": {"condition": {"type": "CUSTOM_FORMULA", "values": [
                    {"userEnteredValue": f"=REGEXMATCH(${col}2, \"{h.word}\")"}]},
                    "format": {"backgroundColor": rgb(h.fill), "textFormat": {"foregroundColor": rgb(h.font)}}}}}})
        for link in content.links:
            target = self.ids.get(link.target_tab)
            if target is None:
                continue
            self.requests.append({"repeatCell": {
                "range": grid_range(sid, link.row, link.row + 1, link.col, link.col + 1),
                "cell": {"userEnteredFormat": {"textFormat": {
                    "link": {"uri": f"#gid={target}&range=A{link.target_row}"}}}},
                "fields": "userEnteredFormat.textFormat.link"}})

    def append_rows(self, name: str, rows: Sequence[Sequence[CellValue]]) -> int:
        """appendCells after the last row with data; a missing tab is created with its headers."""
        if not rows:
            return 0
        layout = TABS_BY_NAME.get(name)
        out = [{"values": [cell_data(v) for v in row]} for row in rows]
        if name not in self.ids:
            headers = list(layout.headers) if layout else []
            width = max([len(headers)] + [len(r) for r in rows])
            sid = self.add_sheet(name, len(rows) + 1, width, frozen=1 if headers else 0)
            if headers:
                out.insert(0, {"values": [cell_data(h) for h in headers]})
                self.bold_rows(sid, [0])
            if layout:
                self.widths(sid, [c.width for c in layout.columns])
        else:
            width = max(len(r) for r in rows)
            self.ensure_columns(name, width)
        self.requests.append({"appendCells": {"sheetId": self.ids[name], "rows": out,
                                              "fields": "userEnteredValue,userEnteredFormat.numberFormat"}})
        return len(rows)
