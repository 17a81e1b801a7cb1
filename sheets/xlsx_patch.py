"""Patch cells inside one worksheet's XML without parsing the whole sheet.

A 100k-row sheet is tens of megabytes of XML. Rows are found with one regular-expression pass
over `<sheetData>`; only rows that get a write are split into cells, and only the target cells
are replaced or inserted (in column order; new rows in row order). Everything else, including
row attributes, other cells, formulas and whatever follows `</sheetData>` (validations,
conditional formats, extension lists), is copied as it was.

Text is always an inline string (`t="inlineStr"`), so sharedStrings.xml never changes and a
value such as `=IMPORTXML(...)` is text, never a formula.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from sheets.xlsx_package import attrs
from sheets.xlsx_styles import StyleBook

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
MAX_TEXT = 32767


class Edit(NamedTuple):
    """One target cell. `style` forces a style index; `like_left` copies the style of the
    nearest cell to the left in the same row (a new header cell looks like its neighbours).
    A NamedTuple, not a dataclass: a million of them are made for a 100k-row run."""

    value: object
    style: int | None = None
    like_left: bool = False


@dataclass
class PatchResult:
    data: bytes
    overwrote_formula: bool = False
    refused: set[tuple[int, int]] = field(default_factory=set)  # (row, col) holding a shared formula


@functools.lru_cache(maxsize=4096)
def column_letters(col: int) -> str:
    """0-based column index to letters: 0 -> A, 26 -> AA."""
    out = ""
    n = col + 1
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def column_index(letters: str | bytes) -> int:
    if isinstance(letters, bytes):
        letters = letters.decode()
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n - 1


def excel_serial(value: dt.date | dt.datetime | dt.time, date1904: bool = False) -> float:
    if isinstance(value, dt.time):
        return (value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6) / 86400
    epoch = dt.datetime(1904, 1, 1) if date1904 else dt.datetime(1899, 12, 30)
    if not isinstance(value, dt.datetime):
        return float((value - epoch.date()).days)
    delta = value.replace(tzinfo=None) - epoch
    return delta.days + delta.seconds / 86400 + delta.microseconds / 86400e6


def value_kind(value: object) -> str | None:
    if isinstance(value, dt.datetime):
        return "datetime"
    if isinstance(value, dt.date):
        return "date"
    if isinstance(value, dt.time):
        return "time"
    return None


def clean_text(text: str) -> str:
    return _INVALID_XML.sub("", text)[:MAX_TEXT]


def cell_xml(ref: str, value: object, style: int | None, prefix: str = "", date1904: bool = False) -> str:
    """The `<c>` element for one value; None gives a styled empty cell (or nothing)."""
    s = f' s="{style}"' if style else ""
    c, v = f"{prefix}c", f"{prefix}v"
    if value is None or value == "":
        return f'<{c} r="{ref}"{s}/>' if s else ""
    if isinstance(value, bool):
        return f'<{c} r="{ref}"{s} t="b"><{v}>{int(value)}</{v}></{c}>'
    if isinstance(value, int) or (isinstance(value, float) and math.isfinite(value)):
        return f"<{c} r=\"{ref}\"{s}><{v}>{_number(value)}</{v}></{c}>"
    if isinstance(value, (dt.date, dt.time)):
        return f"<{c} r=\"{ref}\"{s}><{v}>{_number(excel_serial(value, date1904))}</{v}></{c}>"
    text = clean_text(str(value))
    space = ' xml:space="preserve"' if text != text.strip() or "\n" in text else ""
    body = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f'<{c} r="{ref}"{s} t="inlineStr"><{prefix}is><{prefix}t{space}>{body}</{prefix}t></{prefix}is></{c}>'


def _number(value: float) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


class SheetPatcher:
    """Applies `edits` {row: {col: Edit}} (1-based rows, 0-based columns) to one sheet part."""

    def __init__(self, xml: bytes, styles: StyleBook, date1904: bool = False) -> None:
        self.xml = xml
        self.styles = styles
        self.date1904 = date1904
        root = re.search(rb"<(\w+:)?worksheet\b", xml)
        self.prefix = (root.group(1) or b"").decode() if root else ""
        p = re.escape(self.prefix.encode())
        self._row = re.compile(rb"<" + p + rb"row\b([^>]*?)(/>|>)")
        self._row_end = re.compile(rb"</" + p + rb"row\s*>")
        self._cell_end = re.compile(rb"<" + p + rb"c\b[^>]*?(?:/>|>.*?</" + p + rb"c\s*>)", re.S)
        self._col_styles = self._read_col_styles()
        self._col_style_cache: dict[int, int | None] = {}
        self._refs = re.compile(rb"<" + p + rb'c r="([A-Z]+)\d')
        self._cell_open = b"<" + self.prefix.encode() + b'c r="'
        self._cell_tags = tuple(b"<" + self.prefix.encode() + b"c" + t for t in (b" ", b">", b"/", b"\t", b"\n"))

    def _read_col_styles(self) -> list[tuple[int, int, int]]:
        cols = re.search(rb"<(?:\w+:)?cols\b.*?</(?:\w+:)?cols>", self.xml, re.S)
        out = []
        for m in re.finditer(rb"<(?:\w+:)?col\b[^>]*>", cols.group(0) if cols else b""):
            a = attrs(m.group(0))
            if a.get("style"):
                out.append((int(a.get("min", "1")) - 1, int(a.get("max", "1")) - 1, int(a["style"])))
        return out

    def _col_style(self, col: int) -> int | None:
        if col not in self._col_style_cache:
            self._col_style_cache[col] = next((s for lo, hi, s in self._col_styles if lo <= col <= hi), None)
        return self._col_style_cache[col]

    def apply(self, edits: dict[int, dict[int, Edit]]) -> PatchResult:
        xml = self.xml
        result = PatchResult(b"")
        open_tag = re.search(rb"<" + re.escape(self.prefix.encode()) + rb"sheetData\b[^>]*?(/?)>", xml)
        if open_tag is None:
            raise ValueError("sheetData not found")
        pieces: list[bytes] = [xml[: open_tag.start()]]
        if open_tag.group(1):  # <sheetData/>
            pieces.append(xml[open_tag.start(): open_tag.end() - 2] + b">")
            body_start = body_end = open_tag.end()
            tail = b"</" + self.prefix.encode() + b"sheetData>" + xml[open_tag.end():]
        else:
            pieces.append(xml[open_tag.start(): open_tag.end()])
            body_start = open_tag.end()
            close = re.compile(rb"</" + re.escape(self.prefix.encode()) + rb"sheetData\s*>").search(xml, body_start)
            if close is None:
                raise ValueError("sheetData not closed")
            body_end = close.start()
            tail = xml[body_end:]
        pending = sorted(edits)
        k = 0
        pos = body_start
        last_row = 0
        for m in self._row.finditer(xml, body_start, body_end):
            a = attrs(m.group(1))
            number = int(a["r"]) if a.get("r", "").isdigit() else last_row + 1
            last_row = number
            while k < len(pending) and pending[k] < number:  # new rows before this one
                pieces.append(xml[pos: m.start()])
                pos = m.start()
                pieces.append(self._new_row(pending[k], edits[pending[k]], result))
                k += 1
            if m.group(2) == b"/>":
                row_end = m.end()
                content = b""
            else:
                close_row = self._row_end.search(xml, m.end(), body_end)
                if close_row is None:
                    raise ValueError(f"row {number} not closed")
                row_end = close_row.end()
                content = xml[m.end(): close_row.start()]
            if k < len(pending) and pending[k] == number:
                pieces.append(xml[pos: m.start()])
                pieces.append(self._patch_row(number, m.group(1), content, edits[number], result))
                pos = row_end
                k += 1
        pieces.append(xml[pos:body_end])
        for number in pending[k:]:
            pieces.append(self._new_row(number, edits[number], result))
        pieces[0] = self._dimension(pieces[0], edits)
        pieces.append(tail)
        result.data = b"".join(pieces)
        return result

    def _dimension(self, head: bytes, edits: dict[int, dict[int, Edit]]) -> bytes:
        """`<dimension ref>` widened to cover the written cells."""
        m = re.search(rb'<(?:\w+:)?dimension\b[^>]*\bref="([^"]*)"', head)
        cols = [c for row in edits.values() for c in row]
        if m is None or not cols:
            return head
        parts = re.fullmatch(rb"\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?", m.group(1))
        if parts is None:
            return head
        c1, r1 = column_index(parts.group(1)), int(parts.group(2))
        c2, r2 = (column_index(parts.group(3)), int(parts.group(4))) if parts.group(3) else (c1, r1)
        c1, c2 = min(c1, *cols), max(c2, *cols)
        r1, r2 = min(r1, *edits), max(r2, *edits)
        new = f"{column_letters(c1)}{r1}:{column_letters(c2)}{r2}"
        return head[: m.start(1)] + new.encode() + head[m.end(1):]

    def _new_row(self, number: int, row_edits: dict[int, Edit], result: PatchResult) -> bytes:
        cells = "".join(self._render(number, col, e, None, None) for col, e in sorted(row_edits.items()))
        if not cells:
            return b""
        return f'<{self.prefix}row r="{number}">{cells}</{self.prefix}row>'.encode()

    def _render(self, number: int, col: int, edit: Edit, existing_style: int | None,
                left_style: int | None, row_style: int | None = None) -> str:
        if edit.style is not None:
            style: int | None = edit.style
        elif edit.like_left:
            style = left_style
        elif existing_style is not None:
            style = existing_style
        else:
            style = row_style if row_style is not None else self._col_style(col)
        kind = value_kind(edit.value)
        if kind is not None:
            style = self.styles.for_value(style, kind)
        ref = f"{column_letters(col)}{number}"
        return cell_xml(ref, edit.value, style, self.prefix, self.date1904)

    def _patch_row(self, number: int, tag_attrs: bytes, content: bytes, row_edits: dict[int, Edit],
                   result: PatchResult) -> bytes:
        a = attrs(tag_attrs)
        row_style = int(a["s"]) if a.get("customFormat") in ("1", "true") and a.get("s") else None
        todo = sorted(row_edits.items())
        cells = self._cells_from(content, number, todo[0][0])
        if cells is None:
            cells = self._split_cells(content)
        out: list[bytes] = []
        i = 0
        pos = 0
        left_style: int | None = None
        for col, start, end, cell in cells:
            while i < len(todo) and todo[i][0] < col:
                out.append(content[pos:start])
                pos = start
                out.append(self._render(number, todo[i][0], todo[i][1], None, left_style, row_style).encode())
                i += 1
            cell_style = _style_of(cell)
            if i < len(todo) and todo[i][0] == col:
                if re.search(rb"<(?:\w+:)?f\b[^>]*\bt=\"(?:shared|array)\"[^>]*\bref=", cell):
                    result.refused.add((number, col))
                else:
                    if re.search(rb"<(?:\w+:)?f\b", cell):
                        result.overwrote_formula = True
                    out.append(content[pos:start])
                    out.append(self._render(number, col, todo[i][1], cell_style, left_style, row_style).encode())
                    pos = end
                i += 1
            left_style = cell_style
        tail_at = cells[-1][2] if cells else 0
        if i < len(todo):
            out.append(content[pos:tail_at])
            pos = tail_at
            for col, edit in todo[i:]:
                out.append(self._render(number, col, edit, None, left_style, row_style).encode())
        out.append(content[pos:])
        new_attrs = _widen_spans(tag_attrs, [c for c, _ in todo])
        return b"<" + self.prefix.encode() + b"row" + new_attrs + b">" + b"".join(out) + \
            b"</" + self.prefix.encode() + b"row>"

    def _cells_from(self, content: bytes, number: int, first_col: int) -> list[tuple[int, int, int, bytes]] | None:
        """The cells at or after the one left of `first_col`, plus the last cell: all a patch of
        columns >= `first_col` needs. Fast because toolkit columns are usually the last ones:
        only those cells are located. None when a cell has no leading `r` (use _split_cells)."""
        refs = self._refs.findall(content)
        if len(refs) != sum(content.count(t) for t in self._cell_tags):
            return None
        first = (len(letters := column_letters(first_col)), letters.encode())
        j = len(refs) - 1
        while j >= 0 and (len(refs[j]), refs[j]) >= first:
            j -= 1
        out = []
        row = str(number).encode()
        for letters_b in refs[max(j, 0):]:
            start = content.find(self._cell_open + letters_b + row + b'"')
            if start < 0:
                return None
            m = self._cell_end.match(content, start)
            if m is None:
                return None
            out.append((column_index(letters_b), start, m.end(), m.group(0)))
        return out

    def _split_cells(self, content: bytes) -> list[tuple[int, int, int, bytes]]:
        """(col, start, end, xml) of each cell in a row's content."""
        out = []
        col = -1
        for m in self._cell_end.finditer(content):
            cell = m.group(0)
            ref = re.search(rb'\sr="([A-Z]+)\d*"', cell[: cell.find(b">") + 1])
            col = column_index(ref.group(1)) if ref else col + 1
            out.append((col, m.start(), m.end(), cell))
        return out


def _style_of(cell: bytes) -> int | None:
    m = re.search(rb'\ss="(\d+)"', cell[: cell.find(b">") + 1])
    return int(m.group(1)) if m else None


def _widen_spans(tag_attrs: bytes, cols: list[int]) -> bytes:
    m = re.search(rb'\sspans="(\d+):(\d+)"', tag_attrs)
    if m is None:
        return re.sub(rb'\sspans="[^"]*"', b"", tag_attrs)
    lo = min(int(m.group(1)), *(c + 1 for c in cols))
    hi = max(int(m.group(2)), *(c + 1 for c in cols))
    return tag_attrs[: m.start()] + f' spans="{lo}:{hi}"'.encode() + tag_attrs[m.end():]
