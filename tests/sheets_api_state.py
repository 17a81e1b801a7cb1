"""Grid state of the local Sheets API v4 test server: spreadsheets, sheets, cells, A1 ranges.

Keeps what the real API keeps for the calls the toolkit and gspread's recorded tests use:
values (RAW as given), cell formats/notes/validation, protected ranges, basic filter,
conditional formats, charts, frozen rows, column sizes. Errors are raised as `ApiError` with
Google's status names and messages; the HTTP layer (sheets_api_server) shapes them.
"""

from __future__ import annotations

import copy
import datetime as dt
import itertools
import re
from dataclasses import dataclass, field
from typing import Any

EPOCH = dt.date(1899, 12, 30)
STATUS = {400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED", 404: "NOT_FOUND",
          429: "RESOURCE_EXHAUSTED", 500: "INTERNAL", 502: "BAD_GATEWAY", 503: "UNAVAILABLE", 504: "DEADLINE_EXCEEDED"}

DEFAULT_FORMAT = {"backgroundColor": {"red": 1, "green": 1, "blue": 1}, "padding": {"top": 2, "right": 3, "bottom": 2, "left": 3},
                  "verticalAlignment": "BOTTOM", "wrapStrategy": "OVERFLOW_CELL",
                  "textFormat": {"foregroundColor": {}, "fontFamily": "arial,sans,sans-serif", "fontSize": 10, "bold": False,
                                 "italic": False, "strikethrough": False, "underline": False,
                                 "foregroundColorStyle": {"rgbColor": {}}},
                  "backgroundColorStyle": {"rgbColor": {"red": 1, "green": 1, "blue": 1}}}
THEME = {"primaryFontFamily": "Arial", "themeColors": [
    {"colorType": t, "color": {"rgbColor": {"red": 1, "green": 1, "blue": 1} if t != "TEXT" else {}}}
    for t in ("TEXT", "BACKGROUND", "ACCENT1", "ACCENT2", "ACCENT3", "ACCENT4", "ACCENT5", "ACCENT6", "LINK")]}


class ApiError(Exception):
    def __init__(self, code: int, message: str, details: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.code, self.message, self.details = code, message, details

    def body(self) -> dict[str, Any]:
        error = {"code": self.code, "message": self.message, "status": STATUS.get(self.code, "UNKNOWN")}
        if self.details:
            error["details"] = self.details
        return {"error": error}


@dataclass(frozen=True)
class Formula:
    """A formula cell (only USER_ENTERED input makes one; the toolkit must never)."""

    text: str
    value: Any = "#NAME?"


# --- A1 notation ------------------------------------------------------------------------------

_CELL = re.compile(r"^([A-Za-z]*)(\d*)$")


def col_index(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n - 1


def col_letters(index: int) -> str:
    s, n = "", index + 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def split_range(text: str) -> tuple[str | None, str]:
    """("Sheet title" or None, "A1:B2" or "") from an A1 range; quoted titles may hold '' and !."""
    if text.startswith("'"):
        i, title = 1, ""
        while i < len(text):
            if text[i] == "'":
                if text[i + 1:i + 2] == "'":
                    title += "'"
                    i += 2
                    continue
                break
            title += text[i]
            i += 1
        rest = text[i + 1:]
        return title, rest[1:] if rest.startswith("!") else rest
    if "!" in text:
        title, _, cells = text.rpartition("!")
        return title, cells
    if _CELL.match(text.split(":")[0]) and text:
        return None, text
    return text, ""


def display_title(title: str) -> str:
    return title if re.fullmatch(r"[A-Za-z0-9_]+", title) and not re.fullmatch(r"[A-Za-z]{1,3}\d+", title) \
        else "'" + title.replace("'", "''") + "'"


@dataclass
class Box:
    """A 0-based, end-exclusive rectangle."""

    r1: int
    c1: int
    r2: int
    c2: int

    def a1(self, title: str) -> str:
        start = f"{col_letters(self.c1)}{self.r1 + 1}"
        end = f"{col_letters(self.c2 - 1)}{self.r2}"
        return f"{display_title(title)}!{start}" + ("" if start == end else f":{end}")


# --- sheets -----------------------------------------------------------------------------------

@dataclass
class Sheet:
    props: dict[str, Any]
    values: list[list[Any]] = field(default_factory=list)
    meta: dict[tuple[int, int], dict[str, Any]] = field(default_factory=dict)  # formats, notes, validation
    protected: list[dict[str, Any]] = field(default_factory=list)
    conditional: list[dict[str, Any]] = field(default_factory=list)
    charts: list[dict[str, Any]] = field(default_factory=list)
    basic_filter: dict[str, Any] | None = None
    dims: dict[tuple[str, int], dict[str, Any]] = field(default_factory=dict)

    @property
    def title(self) -> str:
        return self.props["title"]

    @property
    def sheet_id(self) -> int:
        return self.props["sheetId"]

    @property
    def rows(self) -> int:
        return self.props["gridProperties"]["rowCount"]

    @property
    def cols(self) -> int:
        return self.props["gridProperties"]["columnCount"]

    def box(self, cells: str) -> Box:
        """The rectangle of "A1:B2", "A:A", "2:2", "A2:C" (open ends run to the grid's edge)."""
        if not cells:
            return Box(0, 0, self.rows, self.cols)
        first, _, last = cells.partition(":")
        m1, m2 = _CELL.match(first), _CELL.match(last or first)
        if not m1 or not m2 or not (first.strip()):
            raise ApiError(400, f"Unable to parse range: {display_title(self.title)}!{cells}")
        c1 = col_index(m1.group(1)) if m1.group(1) else 0
        r1 = int(m1.group(2)) - 1 if m1.group(2) else 0
        c2 = col_index(m2.group(1)) + 1 if m2.group(1) else self.cols
        r2 = int(m2.group(2)) if m2.group(2) else self.rows
        if not last and m1.group(1) and m1.group(2):
            c2, r2 = c1 + 1, r1 + 1
        if r2 <= r1:  # "D4:A1" means A1:D4
            r1, r2 = r2 - 1, r1 + 1
        if c2 <= c1:
            c1, c2 = c2 - 1, c1 + 1
        return Box(r1, c1, r2, c2)

    def check(self, box: Box, cells: str) -> None:
        if box.r2 > self.rows or box.c2 > self.cols:
            raise ApiError(400, f"Range ({display_title(self.title)}!{cells}) exceeds grid limits. "
                                f"Max rows: {self.rows}, max columns: {self.cols}")

    def get(self, r: int, c: int) -> Any:
        return self.values[r][c] if r < len(self.values) and c < len(self.values[r]) else None

    def set(self, r: int, c: int, value: Any) -> None:
        while len(self.values) <= r:
            self.values.append([])
        row = self.values[r]
        while len(row) <= c:
            row.append(None)
        row[c] = None if value == "" else value

    def last_data_row(self) -> int:
        """1 + index of the last row holding a value (0 when empty)."""
        for r in range(len(self.values) - 1, -1, -1):
            if any(v is not None for v in self.values[r]):
                return r + 1
        return 0

    def used(self) -> Box:
        return Box(0, 0, self.last_data_row(), max((len(r) for r in self.values), default=0))

    def gridrange(self, gr: dict[str, Any]) -> Box:
        return Box(gr.get("startRowIndex", 0), gr.get("startColumnIndex", 0),
                   gr.get("endRowIndex", self.rows), gr.get("endColumnIndex", self.cols))

    def shift(self, dim: str, start: int, count: int) -> None:
        """Insert (count > 0) or delete (count < 0) rows/columns at `start`, moving cell metadata."""
        axis = 0 if dim == "ROWS" else 1
        if axis == 0:
            if count > 0:
                while len(self.values) < start:
                    self.values.append([])
                self.values[start:start] = [[] for _ in range(count)]
            else:
                del self.values[start:start - count]
        else:
            for row in self.values:
                if count > 0:
                    if len(row) > start:
                        row[start:start] = [None] * count
                else:
                    del row[start:start - count]
        moved = {}
        for (r, c), m in self.meta.items():
            pos = [r, c]
            if pos[axis] >= start:
                if count < 0 and pos[axis] < start - count:
                    continue
                pos[axis] += count
            moved[(pos[0], pos[1])] = m
        self.meta = moved
        key = "rowCount" if axis == 0 else "columnCount"
        self.props["gridProperties"][key] += count


@dataclass
class Spreadsheet:
    spreadsheet_id: str
    title: str
    sheets: list[Sheet]
    shared: bool = True
    editors: tuple[str, ...] = ("ppid-bot@ppid-test.iam.gserviceaccount.com",)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1_000_001))

    def next_id(self) -> int:
        return next(self._ids)

    def sheet(self, title: str | None) -> Sheet:
        if title is None:
            return self.sheets[0]
        for s in self.sheets:
            if s.title == title:
                return s
        raise ApiError(400, f"Unable to parse range: {title}")

    def by_id(self, sheet_id: int, where: str = "") -> Sheet:
        for s in self.sheets:
            if s.sheet_id == sheet_id:
                return s
        raise ApiError(400, f"No grid with id: {sheet_id}")

    def reindex(self) -> None:
        for i, s in enumerate(self.sheets):
            s.props["index"] = i

    def resolve(self, a1: str) -> tuple[Sheet, Box, str]:
        if any(s.title == a1 for s in self.sheets):  # a bare sheet name wins over A1 ("Log")
            title, cells = a1, ""
        else:
            title, cells = split_range(a1)
        sheet = self.sheet(title)
        return sheet, sheet.box(cells), cells

    def clone_sheets(self) -> list[Sheet]:
        """A copy to restore if a batchUpdate fails half-way (Google applies it atomically)."""
        out = []
        for s in self.sheets:
            c = copy.copy(s)
            c.props = copy.deepcopy(s.props)
            c.values = [list(r) for r in s.values]
            c.meta = {k: copy.deepcopy(v) for k, v in s.meta.items()}
            c.protected, c.conditional, c.charts = (copy.deepcopy(x) for x in (s.protected, s.conditional, s.charts))
            c.basic_filter, c.dims = copy.deepcopy(s.basic_filter), copy.deepcopy(s.dims)
            out.append(c)
        return out

    def metadata(self) -> dict[str, Any]:
        sheets = []
        for s in self.sheets:
            entry: dict[str, Any] = {"properties": copy.deepcopy(s.props)}
            grid = entry["properties"]["gridProperties"]
            for k in ("frozenRowCount", "frozenColumnCount"):
                if not grid.get(k):
                    grid.pop(k, None)
            if s.basic_filter:
                entry["basicFilter"] = {"range": omit_sheet_zero(s.basic_filter["range"])}
            if s.protected:
                entry["protectedRanges"] = [dict(p, range=omit_sheet_zero(p["range"]), editors={"users": list(self.editors)})
                                            for p in s.protected]
            if s.conditional:
                entry["conditionalFormats"] = copy.deepcopy(s.conditional)
            if s.charts:
                entry["charts"] = copy.deepcopy(s.charts)
            sheets.append(entry)
        return {"spreadsheetId": self.spreadsheet_id,
                "properties": {"title": self.title, "locale": "en_US", "autoRecalc": "ON_CHANGE", "timeZone": "Etc/GMT",
                               "defaultFormat": copy.deepcopy(DEFAULT_FORMAT), "spreadsheetTheme": copy.deepcopy(THEME)},
                "sheets": sheets,
                "spreadsheetUrl": f"https://docs.google.com/spreadsheets/d/{self.spreadsheet_id}/edit"}


def omit_sheet_zero(gr: dict[str, Any]) -> dict[str, Any]:
    """Google leaves proto default values out of JSON: sheetId 0 is not shown."""
    return {k: v for k, v in gr.items() if not (k == "sheetId" and v == 0)}


def new_sheet(sheet_id: int, title: str, index: int, rows: int = 1000, cols: int = 26) -> Sheet:
    return Sheet({"sheetId": sheet_id, "title": title, "index": index, "sheetType": "GRID",
                  "gridProperties": {"rowCount": rows, "columnCount": cols}})


# --- field masks ------------------------------------------------------------------------------

def parse_fields(mask: str) -> dict[str, Any]:
    """"a.b,c(d,e)" or "a/b" -> {"a": {"b": None}, "c": {"d": None, "e": None}}; None = whole."""
    tree: dict[str, Any] = {}
    depth, start, parts = 0, 0, []
    for i, ch in enumerate(mask):
        depth += ch == "("
        depth -= ch == ")"
        if ch == "," and depth == 0:
            parts.append(mask[start:i])
            start = i + 1
    parts.append(mask[start:])
    for part in (p.strip() for p in parts if p.strip()):
        inner = None
        if "(" in part:
            part, _, rest = part.partition("(")
            inner = parse_fields(rest[:-1])
        node = tree
        keys = re.split(r"[./]", part)
        for k in keys[:-1]:
            node = node.setdefault(k, {}) if node.get(k, {}) is not None else {}
        last = keys[-1]
        if inner is None:
            node[last] = None
        elif node.get(last, {}) is not None:
            node.setdefault(last, {}).update(inner)
    return tree


def apply_mask(obj: Any, tree: dict[str, Any] | None) -> Any:
    if tree is None or "*" in tree:
        return obj
    if isinstance(obj, list):
        return [apply_mask(x, tree) for x in obj]
    if isinstance(obj, dict):
        return {k: apply_mask(obj[k], sub) for k, sub in tree.items() if k in obj}
    return obj


def proto_clean(value: Any) -> Any:
    """Drop null/false/0/empty members, as proto3 JSON does; add the *Style twin of a colour."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            v = proto_clean(v)
            if v not in (None, False, 0, "", {}, []):
                out[k] = v
        for colour in ("backgroundColor", "foregroundColor"):
            if colour in out and f"{colour}Style" not in out:
                out[f"{colour}Style"] = {"rgbColor": out[colour]}
        return out
    return value


def merge_masked(target: dict[str, Any], source: dict[str, Any], tree: dict[str, Any]) -> None:
    """Set in `target` the fields named by the mask, from `source` (absent there = cleared)."""
    if "*" in tree:
        target.clear()
        target.update(copy.deepcopy(source))
        return
    for k, sub in tree.items():
        if sub is None:
            value = proto_clean(copy.deepcopy(source.get(k)))
            if value in (None, False, 0, "", {}, []):
                target.pop(k, None)  # Google leaves default values out of its JSON
            else:
                target[k] = value
                if k in ("backgroundColor", "foregroundColor", "tabColor"):
                    target[f"{k}Style"] = {"rgbColor": value}
        else:
            child = target.setdefault(k, {})
            merge_masked(child, source.get(k, {}) or {}, sub)
            if not child:
                target.pop(k, None)
