"""What the local Sheets API test server does for each call: values get/update/append/clear,
spreadsheets.get (metadata, notes/grid data) and spreadsheets.batchUpdate requests."""

from __future__ import annotations

import ast
import copy
import datetime as dt
import json
import math
import re
from collections.abc import Callable
from typing import Any

from tests.sheets_api_state import (
    EPOCH,
    ApiError,
    Box,
    Formula,
    Sheet,
    Spreadsheet,
    apply_mask,
    display_title,
    merge_masked,
    new_sheet,
    omit_sheet_zero,
    parse_fields,
)

DATE_TYPES = ("DATE", "TIME", "DATE_TIME")


# --- rendering --------------------------------------------------------------------------------

def _number_text(v: float | int) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _format_serial(v: float, fmt: dict[str, Any]) -> str:
    pattern = fmt.get("pattern") or {"DATE": "yyyy-mm-dd", "TIME": "hh:mm:ss", "DATE_TIME": "yyyy-mm-dd hh:mm:ss"}[fmt["type"]]
    when = dt.datetime.combine(EPOCH, dt.time()) + dt.timedelta(days=v)
    out = pattern.replace("yyyy", f"{when.year:04d}").replace("dd", f"{when.day:02d}")
    out = out.replace("hh:mm", f"{when.hour:02d}:{when.minute:02d}").replace("ss", f"{when.second:02d}")
    return out.replace("mm", f"{when.month:02d}")


def render(sheet: Sheet, r: int, c: int, value_option: str, datetime_option: str) -> Any:
    v = sheet.get(r, c)
    if v is None:
        return ""
    if isinstance(v, Formula):
        if value_option == "FORMULA":
            return v.text
        v = v.value
    fmt = sheet.meta.get((r, c), {}).get("userEnteredFormat", {}).get("numberFormat")
    is_number = isinstance(v, int | float) and not isinstance(v, bool)
    dated = is_number and fmt is not None and fmt.get("type") in DATE_TYPES
    if value_option == "FORMATTED_VALUE" or (dated and datetime_option == "FORMATTED_STRING"):
        if isinstance(v, bool):
            return "TRUE" if v else "FALSE"
        if dated:
            return _format_serial(v, fmt)
        return _number_text(v) if is_number else str(v)
    return v


def _trim(rows: list[list[Any]]) -> list[list[Any]]:
    out = []
    for row in rows:
        while row and row[-1] == "":
            row.pop()
        out.append(row)
    while out and not out[-1]:
        out.pop()
    return out


def value_range(book: Spreadsheet, a1: str, params: dict[str, list[str]]) -> dict[str, Any]:
    sheet, box, cells = book.resolve(a1)
    sheet.check(box, cells)
    value_option = params.get("valueRenderOption", ["FORMATTED_VALUE"])[0]
    dt_option = params.get("dateTimeRenderOption", ["SERIAL_NUMBER"])[0]
    major = params.get("majorDimension", ["ROWS"])[0]
    box.r2, box.c2 = min(box.r2, sheet.rows), min(box.c2, sheet.cols)
    rows = [[render(sheet, r, c, value_option, dt_option) for c in range(box.c1, box.c2)] for r in range(box.r1, box.r2)]
    if major == "COLUMNS":
        rows = [list(col) for col in zip(*rows)] if rows else []
    out: dict[str, Any] = {"range": box.a1(sheet.title), "majorDimension": major}
    values = _trim(rows)
    if values:
        out["values"] = values
    return out


# --- writing values ---------------------------------------------------------------------------

def parse_input(value: Any, option: str) -> Any:
    if value is None:
        return None
    if option == "RAW" or not isinstance(value, str):
        return value
    if value.startswith("="):
        return Formula(value, _arithmetic(value[1:]))
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return _Dated(serial(dt.date.fromisoformat(value)))
    if value.upper() in ("TRUE", "FALSE"):
        return value.upper() == "TRUE"
    if not re.fullmatch(r"[-+]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?([eE][-+]?\d+)?", value) or not re.search(r"\d", value):
        return value
    number = float(value.replace(",", ""))
    return int(number) if number.is_integer() and "." not in value else number


class _Dated(float):
    """A date typed by a user: stored as a serial number with a date format."""


def _arithmetic(text: str) -> Any:
    """The value of a formula made of numbers and + - * / ( ); anything else is #NAME?."""
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError:
        return "#NAME?"
    ok = (ast.Expression, ast.BinOp, ast.UnaryOp, ast.Constant, ast.Add, ast.Sub, ast.Mult, ast.Div, ast.USub)
    if not all(isinstance(n, ok) for n in ast.walk(tree)) or any(
            isinstance(n, ast.Constant) and not isinstance(n.value, int | float) for n in ast.walk(tree)):
        return "#NAME?"
    try:
        value = eval(compile(tree, "<formula>", "eval"), {"__builtins__": {}})  # arithmetic only, checked above
    except ZeroDivisionError:
        return "#DIV/0!"
    return int(value) if isinstance(value, float) and value.is_integer() else value


def write_values(book: Spreadsheet, a1: str, values: Any, option: str | None, major: str | None = None,
                 expand: bool = False) -> dict[str, Any]:
    if option not in ("RAW", "USER_ENTERED"):
        raise ApiError(400, "'valueInputOption' is required but not specified" if not option
                       else f"Invalid value at 'value_input_option' (type.googleapis.com/google.apps.sheets.v4.ValueInputOption), \"{option}\"")
    if not isinstance(values, list) or any(not isinstance(r, list) for r in values):
        message = f"Invalid value at 'data.values' (type.googleapis.com/google.protobuf.ListValue), {json.dumps(values)}"
        raise ApiError(400, message, details=[{"@type": "type.googleapis.com/google.rpc.BadRequest",
                                               "fieldViolations": [{"field": "data.values", "description": message}]}])
    if major == "COLUMNS":
        width = max((len(r) for r in values), default=0)
        values = [[col[i] if i < len(col) else None for col in values] for i in range(width)]
    sheet, box, cells = book.resolve(a1)
    height, width = len(values), max((len(r) for r in values), default=0)
    bounded = ":" in cells or not cells
    if bounded and (height > box.r2 - box.r1 or width > box.c2 - box.c1):
        over = f"row [{box.r1 + height}]" if height > box.r2 - box.r1 else f"column [{box.c1 + width}]"
        raise ApiError(400, f"Requested writing within range [{display_title(sheet.title)}!{cells}], but tried writing to {over}")
    written = Box(box.r1, box.c1, box.r1 + height, box.c1 + width)
    if expand and written.r2 > sheet.rows:
        sheet.props["gridProperties"]["rowCount"] = written.r2
    sheet.check(written, written.a1(sheet.title).split("!", 1)[1])
    for i, row in enumerate(values):
        for j, v in enumerate(row):
            if v is not None:
                parsed = parse_input(v, option)
                if isinstance(parsed, _Dated):
                    parsed = int(parsed)
                    sheet.meta.setdefault((box.r1 + i, box.c1 + j), {})["userEnteredFormat"] = {
                        "numberFormat": {"type": "DATE", "pattern": "yyyy-mm-dd"}}
                sheet.set(box.r1 + i, box.c1 + j, parsed)
    return {"spreadsheetId": book.spreadsheet_id, "updatedRange": written.a1(sheet.title), "updatedRows": height,
            "updatedColumns": width, "updatedCells": sum(len(r) for r in values)}


def append_values(book: Spreadsheet, a1: str, body: dict[str, Any], params: dict[str, list[str]]) -> dict[str, Any]:
    sheet, box, _ = book.resolve(a1)

    def filled(r: int) -> bool:
        return r < len(sheet.values) and any(v is not None for v in sheet.values[r][box.c1:box.c2])

    last = box.r1  # the table starts at the range's first row and runs down to the first empty row
    while filled(last):
        last += 1
    start = last
    last = last if last > box.r1 else 0
    values = body.get("values", [])
    anchor = f"{display_title(sheet.title)}!{Box(start, box.c1, start + 1, box.c1 + 1).a1(sheet.title).split('!', 1)[1]}"
    updates = write_values(book, anchor, values, params.get("valueInputOption", [None])[0], body.get("majorDimension"), expand=True)
    out: dict[str, Any] = {"spreadsheetId": book.spreadsheet_id}
    if last:
        out["tableRange"] = Box(box.r1, box.c1, last, max(box.c1 + 1, max((len(r) for r in sheet.values[box.r1:last]), default=1))).a1(sheet.title)
    if params.get("includeValuesInResponse", ["false"])[0].lower() == "true":
        updates["updatedData"] = value_range(book, updates["updatedRange"], params)
    out["updates"] = updates
    return out


def clear_values(book: Spreadsheet, a1: str) -> str:
    sheet, box, cells = book.resolve(a1)
    sheet.check(box, cells)
    for r in range(box.r1, min(box.r2, len(sheet.values))):
        for c in range(box.c1, min(box.c2, len(sheet.values[r]))):
            sheet.values[r][c] = None
    return box.a1(sheet.title)


# --- spreadsheets.get -------------------------------------------------------------------------

def cell_data(sheet: Sheet, r: int, c: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    v = sheet.get(r, c)
    if v is not None:
        if isinstance(v, Formula):
            out["userEnteredValue"] = {"formulaValue": v.text}
        elif isinstance(v, bool):
            out["userEnteredValue"] = out["effectiveValue"] = {"boolValue": v}
        elif isinstance(v, int | float):
            out["userEnteredValue"] = out["effectiveValue"] = {"numberValue": v}
        else:
            out["userEnteredValue"] = out["effectiveValue"] = {"stringValue": v}
        out["formattedValue"] = render(sheet, r, c, "FORMATTED_VALUE", "FORMATTED_STRING")
    out.update(copy.deepcopy(sheet.meta.get((r, c), {})))
    return out


def get_spreadsheet(book: Spreadsheet, params: dict[str, list[str]]) -> dict[str, Any]:
    meta = book.metadata()
    ranges = params.get("ranges", [])
    mask = parse_fields(params["fields"][0]) if params.get("fields") else None
    with_data = params.get("includeGridData", ["false"])[0].lower() == "true" or (
        mask is not None and "data" in (mask.get("sheets") or {}))
    if ranges:
        wanted = []
        for a1 in ranges:
            sheet, box, cells = book.resolve(a1)
            sheet.check(box, cells)
            wanted.append((sheet, box))
        keep = {s.sheet_id for s, _ in wanted}
        meta["sheets"] = [e for e in meta["sheets"] if e["properties"]["sheetId"] in keep]
    else:
        wanted = [(s, Box(0, 0, s.rows, s.cols)) for s in book.sheets]
    if with_data:
        for entry in meta["sheets"]:
            sid = entry["properties"]["sheetId"]
            entry["data"] = [_grid_data(s, b, mask) for s, b in wanted if s.sheet_id == sid]
    return apply_mask(meta, mask)


def _grid_data(sheet: Sheet, box: Box, mask: dict[str, Any] | None) -> dict[str, Any]:
    cell_mask = None
    if mask is not None:
        cell_mask = (((mask.get("sheets") or {}).get("data") or {}).get("rowData") or {}).get("values")
    rows = []
    for r in range(box.r1, min(box.r2, max(sheet.used().r2, max((k[0] + 1 for k in sheet.meta), default=0)))):
        cells = [apply_mask(cell_data(sheet, r, c), cell_mask) for c in range(box.c1, min(box.c2, sheet.cols))]
        while cells and not cells[-1]:
            cells.pop()
        rows.append({"values": cells} if cells else {})
    while rows and not rows[-1]:
        rows.pop()
    out: dict[str, Any] = {}
    if box.r1:
        out["startRow"] = box.r1
    if box.c1:
        out["startColumn"] = box.c1
    if rows:
        out["rowData"] = rows
    return out


# --- spreadsheets.batchUpdate -----------------------------------------------------------------

def _set_cell(sheet: Sheet, r: int, c: int, cell: dict[str, Any], tree: dict[str, Any]) -> None:
    if "*" in tree or "userEnteredValue" in tree:
        v = (cell.get("userEnteredValue") or {})
        value: Any = None
        if "stringValue" in v:
            value = v["stringValue"]
        elif "numberValue" in v:
            value = v["numberValue"]
        elif "boolValue" in v:
            value = v["boolValue"]
        elif "formulaValue" in v:
            value = Formula(v["formulaValue"])
        if value is not None or r < len(sheet.values):
            sheet.set(r, c, value if value != "" else None)
    rest = {k: sub for k, sub in tree.items() if k != "userEnteredValue"}
    if rest:
        meta = sheet.meta.setdefault((r, c), {})
        merge_masked(meta, {k: v for k, v in cell.items() if k != "userEnteredValue"},
                     rest if "*" not in tree else {"note": None, "userEnteredFormat": None, "dataValidation": None})
        if not meta:
            del sheet.meta[(r, c)]


def _clip(sheet: Sheet, box: Box) -> Box:
    return Box(box.r1, box.c1, min(box.r2, sheet.rows), min(box.c2, sheet.cols))


def _update_cells(book: Spreadsheet, req: dict[str, Any]) -> None:
    tree = parse_fields(req.get("fields", "*"))
    rows = req.get("rows", [])
    if "range" in req:
        sheet = book.by_id(req["range"].get("sheetId", 0))
        box = _clip(sheet, sheet.gridrange(req["range"]))
    else:
        start = req["start"]
        sheet = book.by_id(start.get("sheetId", 0))
        r1, c1 = start.get("rowIndex", 0), start.get("columnIndex", 0)
        box = Box(r1, c1, r1 + len(rows), c1 + max((len(x.get("values", [])) for x in rows), default=0))
        sheet.check(box, box.a1(sheet.title))
    for i, r in enumerate(range(box.r1, box.r2)):
        values = rows[i].get("values", []) if i < len(rows) else []
        for j, c in enumerate(range(box.c1, box.c2)):
            _set_cell(sheet, r, c, values[j] if j < len(values) else {}, tree)


def _repeat_cell(book: Spreadsheet, req: dict[str, Any]) -> None:
    sheet = book.by_id(req["range"].get("sheetId", 0))
    box = _clip(sheet, sheet.gridrange(req["range"]))
    tree = parse_fields(req["fields"])
    for r in range(box.r1, box.r2):
        for c in range(box.c1, box.c2):
            _set_cell(sheet, r, c, req.get("cell", {}), tree)


def _append_cells(book: Spreadsheet, req: dict[str, Any]) -> None:
    sheet = book.by_id(req["sheetId"])
    start = sheet.last_data_row()
    rows = req.get("rows", [])
    if start + len(rows) > sheet.rows:
        sheet.props["gridProperties"]["rowCount"] = start + len(rows)
    width = max((len(x.get("values", [])) for x in rows), default=0)
    sheet.check(Box(start, 0, start + len(rows), width), f"A{start + 1}")
    tree = parse_fields(req.get("fields", "*"))
    for i, row in enumerate(rows):
        for j, cell in enumerate(row.get("values", [])):
            _set_cell(sheet, start + i, j, cell, tree)


def _add_sheet(book: Spreadsheet, req: dict[str, Any]) -> dict[str, Any]:
    props = copy.deepcopy(req.get("properties", {}))
    title = props.get("title") or f"Sheet{len(book.sheets) + 1}"
    if any(s.title == title for s in book.sheets):
        raise ApiError(400, f"A sheet with the name \"{title}\" already exists. Please enter another name.")
    sid = props.get("sheetId", book.next_id())
    if any(s.sheet_id == sid for s in book.sheets):
        raise ApiError(400, f"Sheet with id {sid} already exists.")
    grid = props.get("gridProperties", {})
    sheet = new_sheet(sid, title, 0, grid.get("rowCount", 1000), grid.get("columnCount", 26))
    for k in ("frozenRowCount", "frozenColumnCount"):
        if grid.get(k):
            if grid[k] >= (sheet.rows if k == "frozenRowCount" else sheet.cols):
                raise ApiError(400, "You can't freeze all visible rows on the sheet.")
            sheet.props["gridProperties"][k] = grid[k]
    for k in ("hidden", "tabColor", "rightToLeft"):
        if k in props:
            sheet.props[k] = props[k]
    index = props.get("index", len(book.sheets))
    book.sheets.insert(min(index, len(book.sheets)), sheet)
    book.reindex()
    return {"addSheet": {"properties": copy.deepcopy(sheet.props)}}


def _delete_sheet(book: Spreadsheet, req: dict[str, Any]) -> None:
    sheet = book.by_id(req["sheetId"])
    if len(book.sheets) == 1:
        raise ApiError(400, "You can't remove all the sheets in a document.")
    book.sheets.remove(sheet)
    book.reindex()


def _update_sheet_properties(book: Spreadsheet, req: dict[str, Any]) -> None:
    props = req["properties"]
    sheet = book.by_id(props.get("sheetId", 0))
    title = props.get("title")
    if title and title != sheet.title and any(s.title == title for s in book.sheets):
        raise ApiError(400, f"A sheet with the name \"{title}\" already exists. Please enter another name.")
    tree = parse_fields(req["fields"])
    tree.pop("sheetId", None)
    merge_masked(sheet.props, props, tree)
    sheet.props["sheetId"] = props.get("sheetId", 0) if "sheetId" not in sheet.props else sheet.props["sheetId"]
    if all(s.props.get("hidden") for s in book.sheets):
        sheet.props.pop("hidden", None)
        raise ApiError(400, "You can't hide all the sheets in a document.")
    if "index" in props and "index" in tree:
        book.sheets.remove(sheet)
        book.sheets.insert(min(props["index"], len(book.sheets)), sheet)
        book.reindex()


def _set_validation(book: Spreadsheet, req: dict[str, Any]) -> None:
    sheet = book.by_id(req["range"].get("sheetId", 0))
    box = _clip(sheet, sheet.gridrange(req["range"]))
    tree = {"dataValidation": None}
    for r in range(box.r1, box.r2):
        for c in range(box.c1, box.c2):
            _set_cell(sheet, r, c, {"dataValidation": req["rule"]} if req.get("rule") else {}, tree)


def _add_protected(book: Spreadsheet, req: dict[str, Any]) -> dict[str, Any]:
    pr = {k: v for k, v in req["protectedRange"].items() if v not in (None, False)}
    sheet = book.by_id(pr.get("range", {}).get("sheetId", 0))
    pr["protectedRangeId"] = book.next_id()
    pr["range"] = dict(pr.get("range", {}), sheetId=sheet.sheet_id)
    pr["requestingUserCanEdit"] = True
    pr.pop("editors", None)
    sheet.protected.append(pr)
    reply = {"protectedRangeId": pr["protectedRangeId"], "range": omit_sheet_zero(pr["range"])}
    reply.update({k: v for k, v in pr.items() if k in ("description", "warningOnly")})
    reply.update(requestingUserCanEdit=True, editors={})
    return {"addProtectedRange": {"protectedRange": reply}}


def _set_basic_filter(book: Spreadsheet, req: dict[str, Any]) -> None:
    f = copy.deepcopy(req["filter"])
    sheet = book.by_id(f.get("range", {}).get("sheetId", 0))
    box = sheet.gridrange(f.get("range", {}))
    f["range"] = {"sheetId": sheet.sheet_id, "startRowIndex": box.r1, "endRowIndex": box.r2,
                  "startColumnIndex": box.c1, "endColumnIndex": box.c2}
    sheet.basic_filter = f


def _clear_basic_filter(book: Spreadsheet, req: dict[str, Any]) -> None:
    book.by_id(req.get("sheetId", 0)).basic_filter = None


def _add_conditional(book: Spreadsheet, req: dict[str, Any]) -> None:
    rule = copy.deepcopy(req["rule"])
    ranges = rule.get("ranges", [])
    if not ranges:
        raise ApiError(400, "Must specify at least one range.")
    sheet = book.by_id(ranges[0].get("sheetId", 0))
    sheet.conditional.insert(req.get("index", 0), rule)


def _add_chart(book: Spreadsheet, req: dict[str, Any]) -> dict[str, Any]:
    chart = copy.deepcopy(req["chart"])
    anchor = chart.get("position", {}).get("overlayPosition", {}).get("anchorCell")
    if anchor is None:
        raise ApiError(400, "Chart position must name an overlayPosition anchor cell (test server).")
    sheet = book.by_id(anchor.get("sheetId", 0))
    for source in _chart_sources(chart.get("spec", {})):
        book.by_id(source.get("sheetId", 0))
    chart["chartId"] = book.next_id()
    sheet.charts.append(chart)
    return {"addChart": {"chart": copy.deepcopy(chart)}}


def _chart_sources(spec: dict[str, Any]) -> list[dict[str, Any]]:
    found = []

    def walk(x: Any) -> None:
        if isinstance(x, dict):
            if "sources" in x:
                found.extend(x["sources"])
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk(spec)
    return found


def _dimension_props(book: Spreadsheet, req: dict[str, Any]) -> None:
    rng = req["range"]
    sheet = book.by_id(rng.get("sheetId", 0))
    tree = parse_fields(req["fields"])
    for i in range(rng.get("startIndex", 0), rng.get("endIndex", sheet.rows if rng["dimension"] == "ROWS" else sheet.cols)):
        merge_masked(sheet.dims.setdefault((rng["dimension"], i), {}), req["properties"], tree)


def _insert_dimension(book: Spreadsheet, req: dict[str, Any]) -> None:
    rng = req["range"]
    book.by_id(rng.get("sheetId", 0)).shift(rng["dimension"], rng["startIndex"], rng["endIndex"] - rng["startIndex"])


def _delete_dimension(book: Spreadsheet, req: dict[str, Any]) -> None:
    rng = req["range"]
    sheet = book.by_id(rng.get("sheetId", 0))
    size = sheet.rows if rng["dimension"] == "ROWS" else sheet.cols
    start, end = rng.get("startIndex", 0), rng.get("endIndex", size)
    if end - start >= size:
        raise ApiError(400, "You can't delete all the rows on the sheet." if rng["dimension"] == "ROWS"
                       else "You can't delete all the columns on the sheet.")
    sheet.shift(rng["dimension"], start, start - end)


def _append_dimension(book: Spreadsheet, req: dict[str, Any]) -> None:
    sheet = book.by_id(req["sheetId"])
    key = "rowCount" if req["dimension"] == "ROWS" else "columnCount"
    sheet.props["gridProperties"][key] += req["length"]


def _sort_range(book: Spreadsheet, req: dict[str, Any]) -> None:
    sheet = book.by_id(req["range"].get("sheetId", 0))
    box = _clip(sheet, sheet.gridrange(req["range"]))
    rows = [[sheet.get(r, c) for c in range(box.c1, box.c2)] for r in range(box.r1, box.r2)]

    def key(col: int) -> Callable[[list[Any]], Any]:
        def k(row: list[Any]) -> Any:
            v = row[col - box.c1]
            return (v is None, 0 if isinstance(v, int | float) else 1, v if v is not None else 0)
        return k

    for spec in reversed(req.get("sortSpecs", [])):
        rows.sort(key=key(spec.get("dimensionIndex", 0)), reverse=spec.get("sortOrder") == "DESCENDING")
        if spec.get("sortOrder") == "DESCENDING":  # blanks stay last either way
            rows.sort(key=lambda row, c=spec.get("dimensionIndex", 0): row[c - box.c1] is None)
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            if v is not None or sheet.get(box.r1 + i, box.c1 + j) is not None:
                sheet.set(box.r1 + i, box.c1 + j, v)


OPERATIONS: dict[str, Callable[[Spreadsheet, dict[str, Any]], dict[str, Any] | None]] = {
    "addSheet": _add_sheet, "deleteSheet": _delete_sheet, "updateSheetProperties": _update_sheet_properties,
    "updateCells": _update_cells, "repeatCell": _repeat_cell, "appendCells": _append_cells,
    "setDataValidation": _set_validation, "addProtectedRange": _add_protected, "setBasicFilter": _set_basic_filter,
    "clearBasicFilter": _clear_basic_filter, "addConditionalFormatRule": _add_conditional, "addChart": _add_chart,
    "updateDimensionProperties": _dimension_props, "insertDimension": _insert_dimension,
    "deleteDimension": _delete_dimension, "appendDimension": _append_dimension, "sortRange": _sort_range,
}


def batch_update(book: Spreadsheet, body: dict[str, Any]) -> dict[str, Any]:
    """Apply every request or none (Google's batchUpdate is atomic)."""
    saved = book.clone_sheets()
    replies = []
    try:
        for i, request in enumerate(body.get("requests", [])):
            (kind, req), = request.items()
            op = OPERATIONS.get(kind)
            if op is None:
                raise ApiError(400, f"Invalid JSON payload received. Unknown name \"{kind}\" at 'requests[{i}]': Cannot find field.")
            try:
                replies.append(op(book, req) or {})
            except ApiError as e:
                raise ApiError(e.code, f"Invalid requests[{i}].{kind}: {e.message}") from None
            except (KeyError, TypeError) as e:
                raise ApiError(400, f"Invalid requests[{i}].{kind}: missing or bad field {e}") from None
    except ApiError:
        book.sheets = saved
        raise
    return {"spreadsheetId": book.spreadsheet_id, "replies": replies}


def serial(value: dt.date | dt.datetime | dt.time) -> float | int:
    if isinstance(value, dt.datetime):
        d = value - dt.datetime(1899, 12, 30)
        return d.days + d.seconds / 86400
    if isinstance(value, dt.date):
        return (value - EPOCH).days
    return (value.hour * 3600 + value.minute * 60 + value.second) / 86400


def load_value(sheet: Sheet, r: int, c: int, value: Any) -> None:
    """Put a Python value in a cell the way Sheets would hold it (dates as formatted serials)."""
    if isinstance(value, dt.date | dt.time):
        kind = "DATE_TIME" if isinstance(value, dt.datetime) else "DATE" if isinstance(value, dt.date) else "TIME"
        sheet.set(r, c, serial(value))
        sheet.meta.setdefault((r, c), {})["userEnteredFormat"] = {"numberFormat": {"type": kind}}
    elif isinstance(value, float) and math.isnan(value):
        return
    elif value is not None and value != "":
        sheet.set(r, c, value)
