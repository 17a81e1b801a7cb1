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
import string
from collections.abc import Iterable, Iterator
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
    """0-based column index to letters: 0 -> A, 26 -> AA (XlsxWriter's conversion, memoised;
    XlsxWriter is imported only past ZZ: importing it loads its whole workbook writer, about
    13 ms of the start-up of every check)."""
    if col < len(_LETTERS):
        return _LETTERS[col]
    from xlsxwriter.utility import xl_col_to_name

    return xl_col_to_name(col)


# A..Z, AA..ZZ (every column of a register): spelled out here so that a check need not import
# xlsxwriter; tests/test_excel_backend.py compares them with XlsxWriter's conversion
_LETTERS = [*string.ascii_uppercase, *(a + b for a in string.ascii_uppercase for b in string.ascii_uppercase)]


def _letters(col: int) -> str:
    return _LETTERS[col] if col < 702 else column_letters(col)


_INDEX: dict[bytes, int] = {}


def column_index(letters: str | bytes) -> int:
    if isinstance(letters, bytes):
        known = _INDEX.get(letters)
        if known is None:
            known = _INDEX[letters] = column_index(letters.decode())
        return known
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


# text that a cell can hold as it is (no character to drop, escape or preserve a line for)
# when this finds nothing: `cell_xml` and the writers' own fast paths test it the same way
TEXT_PLAIN_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff&<>\n]")
# the ordinal of a date serial 0, in the 1900 and the 1904 date systems
EPOCH_ORDINAL = {False: dt.date(1899, 12, 30).toordinal(), True: dt.date(1904, 1, 1).toordinal()}


def cell_xml(ref: str, value: object, style: int | None, prefix: str = "", date1904: bool = False) -> str:
    """The `<c>` element for one value; None gives a styled empty cell (or nothing)."""
    s = f' s="{style}"' if style else ""
    c, v = f"{prefix}c", f"{prefix}v"
    t = type(value)
    # fast paths (a million cells per 100k-row run); each gives exactly what the general path gives
    if t is str and value and len(value) <= MAX_TEXT and value.strip() is value \
            and TEXT_PLAIN_BAD.search(value) is None:  # type: ignore[union-attr, arg-type]
        return f'<{c} r="{ref}"{s} t="inlineStr"><{prefix}is><{prefix}t>{value}</{prefix}t></{prefix}is></{c}>'
    if t is int:
        return f"<{c} r=\"{ref}\"{s}><{v}>{value}</{v}></{c}>"
    if t is dt.date:
        days = value.toordinal() - EPOCH_ORDINAL[date1904]  # type: ignore[attr-defined]
        return f"<{c} r=\"{ref}\"{s}><{v}>{days}</{v}></{c}>"
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


_KINDS: dict[type, str] = {dt.datetime: "datetime", dt.date: "date", dt.time: "time"}
_SHEET_DATA_OPEN = re.compile(rb"<(\w+:)?sheetData\b[^>]*?(/?)>")
_OPEN_TAG_REACH = 4096  # a <sheetData ...> start tag cut by a chunk boundary is found again
_ROOT = re.compile(rb"<(\w+:)?worksheet\b")
_ROW_NUMBER = re.compile(rb'\sr="(\d+)"')
_FORMULA = re.compile(rb"<(?:\w+:)?f\b")
_SHARED_FORMULA = re.compile(rb"<(?:\w+:)?f\b[^>]*\bt=\"(?:shared|array)\"[^>]*\bref=")


def _edit_parts(edit: object) -> tuple[object, int | None, bool]:
    """(value, style, like_left) of a target cell: an `Edit`, or any object with a `value`
    (the writer passes the jobs' CellWrite objects as they are: no new object per cell)."""
    if type(edit) is Edit:
        return edit  # type: ignore[return-value]
    return edit.value, None, False  # type: ignore[attr-defined]


Edits = dict[int, dict[int, object]]


class SheetPatcher:
    """Applies `edits` {row: {col: Edit or CellWrite}} (1-based rows, 0-based columns) to one
    sheet part, given whole (`apply`) or as a stream of decompressed chunks (`stream`)."""

    def __init__(self, styles: StyleBook, date1904: bool = False, protect: frozenset[int] = frozenset()) -> None:
        self.styles = styles
        self.date1904 = date1904
        self.protect = protect  # columns whose formula cells are never replaced (staff columns)
        self.prefix = ""

    def _setup(self, head: bytes) -> None:
        """Prefix and column styles, from the part up to `<sheetData>`."""
        root = _ROOT.search(head)
        self.prefix = (root.group(1) or b"").decode() if root else ""
        p = re.escape(self.prefix.encode())
        pb = self.prefix.encode()
        self._row = re.compile(rb"<" + p + rb"row\b([^>]*?)(/>|>)")
        self._row_end = re.compile(rb"</" + p + rb"row\s*>")
        self._row_open = b"<" + pb + b"row"
        self._cell_end = re.compile(rb"<" + p + rb"c\b[^>]*?(?:/>|>.*?</" + p + rb"c\s*>)", re.S)
        self._close = re.compile(rb"</" + p + rb"sheetData\s*>")
        self._ref_at = re.compile(rb"<" + p + rb'c r="([A-Z]+)\d')
        self._cell_open = b"<" + pb + b'c r="'
        self._c_tag = b"<" + pb + b"c"
        self._c_close_start = b"</" + pb + b"c"
        # a whole cell whose `r` comes first: column letters, the rest of its start tag
        # (`[^<]*(?:<(?!...)[^<]*)*` is `.*?` up to the first close tag, unrolled: much quicker)
        close = rb"</" + p + rb"c\s*>"
        self._cell_re = re.compile(rb"<" + p + rb'c r="([A-Z]+)\d+"([^>]*?)(?:/>|>[^<]*(?:<(?!' + close[1:]
                                   + rb")[^<]*)*" + close + rb")")
        pre = self.prefix
        self._c_open = f'<{pre}c r="'
        self._text_open = f' t="inlineStr"><{pre}is><{pre}t>'
        self._text_close = f"</{pre}t></{pre}is></{pre}c>"
        self._v_open = f"><{pre}v>"
        self._v_close = f"</{pre}v></{pre}c>"
        self._epoch = EPOCH_ORDINAL[self.date1904]
        self._cell_tags = tuple(b"<" + pb + b"c" + t for t in (b" ", b">", b"/", b"\t", b"\n"))
        self._row_tag = b"<" + pb + b"row"
        self._row_close = b"</" + pb + b"row>"
        self._row_close_start = b"</" + pb + b"row"
        self._row_close_len = len(self._row_close_start)
        self._date_styles: dict[int | None, int | None] = {}
        self._col_styles = self._read_col_styles(head)
        self._col_style_cache: dict[int, int | None] = {}

    @staticmethod
    def _read_col_styles(head: bytes) -> list[tuple[int, int, int]]:
        cols = re.search(rb"<(?:\w+:)?cols\b.*?</(?:\w+:)?cols>", head, re.S)
        out = []
        for m in re.finditer(rb"<(?:\w+:)?col\b[^>]*>", cols.group(0) if cols else b""):
            a = attrs(m.group(0))
            if a.get("style"):
                out.append((int(a.get("min", "1")) - 1, int(a.get("max", "1")) - 1, int(a["style"])))
        return out

    def _col_style(self, col: int) -> int | None:
        try:
            return self._col_style_cache[col]
        except KeyError:
            style = self._col_style_cache[col] = next((s for lo, hi, s in self._col_styles if lo <= col <= hi), None)
            return style

    def apply(self, xml: bytes, edits: Edits) -> PatchResult:
        result = PatchResult(b"")
        result.data = b"".join(self.stream((xml,), edits, result))
        return result

    def stream(self, chunks: Iterable[bytes], edits: Edits, result: PatchResult) -> Iterator[bytes]:
        """The patched part, piece by piece, from the part's decompressed `chunks`. Only the
        rows not yet complete in the chunks read so far are held (plus one chunk).

        Linear in the size of the part whatever its shape: every search starts where the last
        one stopped (a huge row, or megabytes of whitespace between rows, are never rescanned),
        and the held bytes grow in a bytearray, not by concatenating bytes objects."""
        source = iter(chunks)
        buf = bytearray()
        open_tag = None
        searched = 0
        for chunk in source:
            buf += chunk
            open_tag = _SHEET_DATA_OPEN.search(buf, max(0, searched - _OPEN_TAG_REACH))
            if open_tag is not None:
                self._setup(bytes(buf[: open_tag.start()]))
                open_tag = re.compile(rb"<" + re.escape(self.prefix.encode()) + rb"sheetData\b[^>]*?(/?)>").search(
                    buf, open_tag.start())
                if open_tag is not None:
                    head = bytes(buf[: open_tag.start()])
                    break
            searched = len(buf)
        if open_tag is None:
            raise ValueError("sheetData not found")
        yield self._dimension(head, edits)
        pending = sorted(edits)
        state = _RowState(pending)
        if open_tag.group(1):  # <sheetData/>
            yield bytes(buf[open_tag.start(): open_tag.end() - 2]) + b">"
            yield self._new_rows(pending, edits, result)
            yield b"</" + self.prefix.encode() + b"sheetData>" + bytes(buf[open_tag.end():])
            yield from source
            return
        yield bytes(buf[open_tag.start(): open_tag.end()])
        del buf[: open_tag.end()]
        close_start = b"</" + self.prefix.encode() + b"sheetData"
        searched = 0  # buf[:searched] holds no close_start
        rows_searched = 0  # buf[1:rows_searched] holds no row start
        while True:
            at = buf.find(close_start, searched)
            close = self._close.search(buf, at) if at >= 0 else None
            if close is not None:
                break
            cut = self._last_row_start(buf, max(1, rows_searched - len(self._row_open)))
            if cut > 0:
                block = bytes(buf[:cut])
                del buf[:cut]
                out = self._rows(block, cut, edits, state, result)
                if out:
                    yield out
                del block
            rows_searched = len(buf)
            searched = max(0, len(buf) - len(close_start))
            chunk = next(source, None)
            if chunk is None:
                raise ValueError("sheetData not closed")
            buf += chunk
        block = bytes(buf)
        del buf
        yield self._rows(block, close.start(), edits, state, result)
        yield self._new_rows(pending[state.k:], edits, result)
        yield block[close.start():]
        yield from source

    def _last_row_start(self, buf: bytes | bytearray, lo: int = 1) -> int:
        """Where the last row starting in buf[lo:] starts (0: none there, or only at the start)."""
        tag = self._row_open
        end = len(buf)
        while True:
            at = buf.rfind(tag, lo, end)
            if at <= 0:
                return 0
            nxt = buf[at + len(tag): at + len(tag) + 1]
            if nxt in (b" ", b">", b"/", b"\t", b"\n", b"\r"):
                return at
            if nxt == b"":  # the tag is cut off: the row starts there all the same
                return at
            end = at

    def _rows(self, buf: bytes, end: int, edits: Edits, state: _RowState, result: PatchResult) -> bytes:
        """Complete rows in buf[:end], patched; rows due before one of them are inserted."""
        pending = state.pending
        k = state.k
        n_pending = len(pending)
        pieces: list[bytes] = []
        pos = 0
        last_row = state.last_row
        row_open, row_match = self._row_open, self._row.match
        search_at = 0
        while True:
            at = buf.find(row_open, search_at, end)
            if at < 0:
                break
            m = row_match(buf, at, end)
            if m is None:  # not a row start tag (or one cut off at `end`)
                search_at = at + 1
                continue
            tag_attrs = m.group(1)
            rm = _ROW_NUMBER.search(tag_attrs)
            if rm is not None:
                number = int(rm.group(1))
            else:
                a = attrs(tag_attrs)
                number = int(a["r"]) if a.get("r", "").isdigit() else last_row + 1
            last_row = number
            if k < n_pending and pending[k] < number:  # new rows before this one
                j = k
                while j < n_pending and pending[j] < number:
                    j += 1
                pieces.append(buf[pos: m.start()])
                pos = m.start()
                pieces.append(self._new_rows(pending[k:j], edits, result))
                k = j
            if m.group(2) == b"/>":
                row_end = at = m.end()
            else:
                at = buf.find(self._row_close_start, m.end(), end)
                if at >= 0 and buf[at + self._row_close_len: at + self._row_close_len + 1] == b">":
                    row_end = at + self._row_close_len + 1  # the usual `</row>`
                else:
                    close_row = self._row_end.search(buf, m.end(), end)
                    if close_row is None:
                        raise ValueError(f"row {number} not closed")
                    at, row_end = close_row.start(), close_row.end()
            if k < n_pending and pending[k] == number:  # its content is buf[m.end():at]
                pieces.append(buf[pos: m.start()])
                self._patch_row(number, tag_attrs, buf, m.end(), at, edits[number], result, pieces)
                pos = row_end
                k += 1
            search_at = row_end  # rows do not nest: the next one starts after this one
        pieces.append(buf[pos:end])
        state.k = k
        state.last_row = last_row
        return b"".join(pieces)

    def _dimension(self, head: bytes, edits: Edits) -> bytes:
        """`<dimension ref>` widened to cover the written cells."""
        m = re.search(rb'<(?:\w+:)?dimension\b[^>]*\bref="([^"]*)"', head)
        if m is None or not any(edits.values()):
            return head
        parts = re.fullmatch(rb"\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?", m.group(1))
        if parts is None:
            return head
        lo_col = min(min(row) for row in edits.values() if row)
        hi_col = max(max(row) for row in edits.values() if row)
        c1, r1 = column_index(parts.group(1)), int(parts.group(2))
        c2, r2 = (column_index(parts.group(3)), int(parts.group(4))) if parts.group(3) else (c1, r1)
        c1, c2 = min(c1, lo_col), max(c2, hi_col)
        r1, r2 = min(r1, *edits), max(r2, *edits)
        new = f"{column_letters(c1)}{r1}:{column_letters(c2)}{r2}"
        return head[: m.start(1)] + new.encode() + head[m.end(1):]

    def _new_rows(self, numbers: Iterable[int], edits: Edits, result: PatchResult) -> bytes:
        return b"".join(self._new_row(n, edits[n], result) for n in numbers)

    def _new_row(self, number: int, row_edits: dict[int, object], result: PatchResult) -> bytes:
        cells = "".join(self._render(number, col, e, None, None) for col, e in sorted(row_edits.items()))
        if not cells:
            return b""
        return f'<{self.prefix}row r="{number}">{cells}</{self.prefix}row>'.encode()

    def _render(self, number: int, col: int, edit: object, existing_style: int | None,
                left_style: int | None, row_style: int | None = None) -> str:
        value, forced, like_left = _edit_parts(edit)
        if forced is not None:
            style: int | None = forced
        elif like_left:
            style = left_style
        elif existing_style is not None:
            style = existing_style
        else:
            style = row_style if row_style is not None else self._col_style(col)
        kind = _KINDS.get(type(value)) or value_kind(value)
        if kind is not None:
            style = self.styles.for_value(style, kind)
        return cell_xml(f"{column_letters(col)}{number}", value, style, self.prefix, self.date1904)

    def _render_new(self, number: int, todo: list[tuple[int, object]], left_style: int | None,
                    row_style: int | None) -> str:
        """The cells of `todo`, none of which the row has yet."""
        num = str(number)
        return "".join([self._render_cell(number, num, col, edit, None, left_style, row_style) for col, edit in todo])

    def _render_cell(self, number: int, num: str, col: int, edit: object, existing_style: int | None,
                     left_style: int | None, row_style: int | None) -> str:
        """`_render`, inlined for the common cases (a CellWrite of plain text, an int or a date):
        a million calls for a 100k-row run. Each gives exactly what `cell_xml` gives."""
        if type(edit) is not Edit:
            value = edit.value  # type: ignore[attr-defined]
            t = type(value)
            if existing_style is not None:
                style = existing_style
            else:
                style = row_style if row_style is not None else self._col_style(col)
            if t is str:
                if value and len(value) <= MAX_TEXT and value.strip() is value and TEXT_PLAIN_BAD.search(value) is None:
                    s = f' s="{style}"' if style else ""
                    return f'{self._c_open}{_letters(col)}{num}"{s}{self._text_open}{value}{self._text_close}'
            elif t is int:
                s = f' s="{style}"' if style else ""
                return f'{self._c_open}{_letters(col)}{num}"{s}{self._v_open}{value}{self._v_close}'
            elif t is dt.date:
                try:
                    style = self._date_styles[style]
                except KeyError:
                    style = self._date_styles[style] = self.styles.for_value(style, "date")
                s = f' s="{style}"' if style else ""
                days = value.toordinal() - self._epoch
                return f'{self._c_open}{_letters(col)}{num}"{s}{self._v_open}{days}{self._v_close}'
        return self._render(number, col, edit, existing_style, left_style, row_style)

    def _patch_row(self, number: int, tag_attrs: bytes, buf: bytes, cs: int, ce: int,
                   row_edits: dict[int, object], result: PatchResult, pieces: list[bytes]) -> None:
        """Row `number` with content buf[cs:ce], patched, appended to `pieces`."""
        row_style = None
        if b"customFormat" in tag_attrs:
            a = attrs(tag_attrs)
            row_style = int(a["s"]) if a.get("customFormat") in ("1", "true") and a.get("s") else None
        todo = sorted(row_edits.items())
        num = str(number)
        cells = self._cells_from(buf, cs, ce, todo[0][0], num)
        if cells is None:
            cells = [(col, cs + s, cs + e, _style_of(cell)) for col, s, e, cell in self._split_cells(buf[cs:ce])]
        out = pieces
        out.append(self._row_tag + _widen_spans(tag_attrs, todo[0][0], todo[-1][0]) + b">")
        text: list[str] = []  # rendered cells, encoded together when a piece of buf comes next
        i = 0
        n_todo = len(todo)
        pos = cs
        left_style: int | None = None
        for col, start, end, cell_style in cells:
            while i < n_todo and todo[i][0] < col:
                if start > pos:
                    if text:
                        out.append("".join(text).encode())
                        text = []
                    out.append(buf[pos:start])
                    pos = start
                text.append(self._render_cell(number, num, todo[i][0], todo[i][1], None, left_style, row_style))
                i += 1
            if i < n_todo and todo[i][0] == col:
                # a quick look before the regular expressions
                formula = buf.find(b"<f", start, end) >= 0 or buf.find(b":f", start, end) >= 0
                if formula and ((col in self.protect and _FORMULA.search(buf[start:end]))
                                or _SHARED_FORMULA.search(buf[start:end])):
                    result.refused.add((number, col))
                else:
                    if formula and _FORMULA.search(buf[start:end]):
                        result.overwrote_formula = True
                    if start > pos:
                        if text:
                            out.append("".join(text).encode())
                            text = []
                        out.append(buf[pos:start])
                    text.append(self._render_cell(number, num, col, todo[i][1], cell_style, left_style, row_style))
                    pos = end
                i += 1
            left_style = cell_style
        tail_at = cells[-1][2] if cells else cs
        if i < n_todo:
            if tail_at > pos:
                if text:
                    out.append("".join(text).encode())
                    text = []
                out.append(buf[pos:tail_at])
                pos = tail_at
            text.append(self._render_new(number, todo[i:] if i else todo, left_style, row_style))
        if text:
            out.append("".join(text).encode())
        out.append(buf[pos:ce])
        out.append(self._row_close)

    def _cells_from(self, buf: bytes, cs: int, ce: int, first_col: int,
                    num: str) -> list[tuple[int, int, int, int | None]] | None:
        """The cells at or after the one left of `first_col`, plus the last cell: all a patch of
        columns >= `first_col` needs. Fast because toolkit columns are usually the last ones:
        the row is searched from its end and only those cells are located. None when a cell
        has no leading `r` (use _split_cells). Each cell is (col, start, end, style)."""
        opener = self._cell_open
        at = buf.find(f'{self._c_open}{_letters(first_col)}{num}"'.encode(), cs, ce)
        if at >= 0:  # the first target cell exists (a rerun): one pass over the cells from there
            cells = self._cells_forward(buf, cs, ce, first_col, at)
            if cells is not None:
                return cells
        ref_at = self._ref_at.match
        out = []
        end = ce
        while True:
            start = buf.rfind(opener, cs, end)
            if start < 0:
                break
            ref = ref_at(buf, start, ce)
            gt = buf.find(b">", start, ce)
            stop = self._cell_stop(buf, start, gt, ce)
            if ref is None or stop < 0:
                return None
            letters = ref.group(1)
            col = _INDEX.get(letters)
            if col is None:
                col = column_index(letters)
            style = _STYLE.search(buf, start, gt + 1)  # as _style_of: in the start tag
            out.append((col, start, stop, int(style.group(1)) if style else None))
            if col < first_col:
                break
            end = start
        out.reverse()
        # Every cell from the one left of `first_col` on must start with `r` (cells are in
        # column order, so those before it are further left); with no cell left of it, all.
        ts = out[0][1] if out and out[0][0] < first_col else cs
        n_open = buf.count(opener, ts, ce)
        if buf.count(self._c_tag, ts, ce) != n_open and n_open != sum(buf.count(t, ts, ce) for t in self._cell_tags):
            return None  # two counts; the five only when rich text has `<color` etc.
        return out

    def _cells_forward(self, buf: bytes, cs: int, ce: int, first_col: int,
                       at: int) -> list[tuple[int, int, int, int | None]] | None:
        """`_cells_from` when the cell of `first_col` is at `at`; None: use the general way."""
        opener = self._cell_open
        left = buf.rfind(opener, cs, at)
        ts = left if left >= 0 else cs
        n_open = buf.count(opener, ts, ce)
        if buf.count(self._c_tag, ts, ce) != n_open and n_open != sum(buf.count(t, ts, ce) for t in self._cell_tags):
            return None
        out = []
        style_in = _STYLE.search
        for m in self._cell_re.finditer(buf, left if left >= 0 else at, ce):
            letters = m.group(1)
            col = _INDEX.get(letters)
            if col is None:
                col = column_index(letters)
            style = style_in(m.group(2))
            out.append((col, m.start(), m.end(), int(style.group(1)) if style else None))
        if len(out) != buf.count(opener, left if left >= 0 else at, ce) or not out:
            return None  # a cell the pattern does not take as written: the general way decides
        if (left >= 0) != (out[0][0] < first_col) or any(a[0] >= b[0] for a, b in zip(out, out[1:])):
            return None  # not in column order
        return out

    def _cell_stop(self, buf: bytes, start: int, gt: int, ce: int) -> int:
        """Where the cell starting at `start` (its first `>` at `gt`) ends, as `_cell_end`
        matches it; -1: no cell."""
        if gt > start and buf[gt - 1] == 47:  # `/>`: an empty cell
            return gt + 1
        if gt > start:
            at = buf.find(self._c_close_start, gt, ce)
            n = len(self._c_close_start)
            if at >= 0 and buf[at + n: at + n + 1] == b">":
                return at + n + 1
        m = self._cell_end.match(buf, start, ce)  # `</c >` and the like
        return m.end() if m is not None else -1

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


class _RowState:
    __slots__ = ("pending", "k", "last_row")

    def __init__(self, pending: list[int]) -> None:
        self.pending = pending
        self.k = 0
        self.last_row = 0


_STYLE = re.compile(rb'\ss="(\d+)"')
_CELL_START = re.compile(rb'<(?:\w+:)?c\b[^>]*>')
_CELL_COLUMN = re.compile(rb'\sr="([A-Z]+)\d*"')


def row_styles(xml: bytes, number: int) -> dict[int, int]:
    """Column -> style index of each styled cell of row `number` (0-based columns; {} when the
    row is not there): a row appended below it is given the same look."""
    m = re.search(rb'<(?:\w+:)?row\b[^>]*?\sr="' + str(number).encode() + rb'"[^>]*?(/?)>', xml)
    if m is None or m.group(1):
        return {}
    end = re.compile(rb"</(?:\w+:)?row\s*>").search(xml, m.end())
    out = {}
    for cell in _CELL_START.finditer(xml, m.end(), end.start() if end else len(xml)):
        tag = cell.group(0)
        ref, style = _CELL_COLUMN.search(tag), _STYLE.search(tag)
        if ref and style:
            out[column_index(ref.group(1))] = int(style.group(1))
    return out


def _style_of(cell: bytes) -> int | None:
    m = _STYLE.search(cell, 0, cell.find(b">") + 1)
    return int(m.group(1)) if m else None


def _widen_spans(tag_attrs: bytes, lo_col: int, hi_col: int) -> bytes:
    if b"spans" not in tag_attrs:
        return tag_attrs
    m = re.search(rb'\sspans="(\d+):(\d+)"', tag_attrs)
    if m is None:
        return re.sub(rb'\sspans="[^"]*"', b"", tag_attrs)
    lo = min(int(m.group(1)), lo_col + 1)
    hi = max(int(m.group(2)), hi_col + 1)
    return tag_attrs[: m.start()] + f' spans="{lo}:{hi}"'.encode() + tag_attrs[m.end():]
