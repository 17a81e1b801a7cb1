"""Looking at an .xlsx package before anyone parses it: sizes, used ranges, merged cells.

The register is typed by many hands. A value typed into XFD1048576 makes the reader allocate
the whole rectangle up to it (16384 x 1048576 cells: the process aborts), and a part of a few
kilobytes can inflate to gigabytes. `scan_package` reads the zip's directory and streams each
worksheet once through a few regular expressions, without building anything:

- every tab's link to its part (workbook.xml through its .rels): a tab whose part is gone
  refuses the register, even when the job would not read that tab;
- every member's uncompressed size against `Limits.max_part_bytes` (declared sizes are what
  `zipfile` enforces while inflating, and a member that inflates to more fails its check);
- each worksheet's used range, bounded cheaply: cells in columns up to BZ and rows up to
  299,999 need no count (at most 23.4 million cells); only a cell beyond them (a three-letter
  or late two-letter column, a row from 300,000 on) is looked at, and only then is the exact
  range counted (one more pass over that tab);
- merged ranges (`<mergeCell ref>`), so a write into a merged cell becomes a finding instead of
  a value nobody sees;
- formula cells (`<c r="..."><f>`), with their formula, because the reader sees only a
  formula's last result: a received date typed as `=TODAY()` reads as a plain date that moves
  every day the file is opened (the check says so, see automation.rules.validate.formula_findings).
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from sheets.errors import RegisterTooLarge, RegisterUnreadable
from sheets.xlsx_package import REL_WORKSHEET, attrs, parse_rels, rels_path, xml_unescape

EXCEL_ROWS = 1_048_576
EXCEL_COLS = 16_384
CHUNK = 1 << 20
_REACH = 2048  # bytes kept from the previous chunk, so a tag (or a formula cell with its text) cut by a
# chunk boundary is still seen whole in the next window

# a reference in a column from CA on, or in a row from 300000 on (literal first: a fast search);
# whether it is a cell with content is looked at only for the (rare) hits
_WIDE = re.compile(rb'r="([A-Z]{3}|[C-Z][A-Z])(\d+)"')
_DEEP = re.compile(rb'r="([A-Z]{1,3})([3-9]\d{5}|\d{7,})"')
_ANY_CELL = re.compile(rb'r="([A-Z]{1,3})(\d+)"')
_CELL_START = re.compile(rb"<(?:\w+:)?c\s")
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]{1,3})(\d+):([A-Z]{1,3})(\d+)"')
# a formula element (<f>, <x:f>; not <formula1> or <filters>): first where a name ends in "f" (a
# quick search: a literal first), then whether the element's name is "f"; the cell start tag
# must come right before it
_F_END = re.compile(rb"f[\s>/]")
_FORMULA_NAME = re.compile(rb"<(?:\w+:)?f")
_CELL_TAG = re.compile(rb'<(?:\w+:)?c\s[^<>]*?(?<=\s)r="([A-Z]{1,3})(\d+)"[^<>]*(?<!/)>\s*\Z')
_SHARED_INDEX = re.compile(rb'\bsi="(\d+)"')
MAX_FORMULAS = 100_000  # formula cells kept per tab (the first ones in sheet order)
FORMULA_TEXT = 200  # characters of a formula kept
NARROW_COLS = 78  # A..BZ
SHALLOW_ROWS = 299_999


@dataclass(frozen=True)
class Limits:
    max_part_bytes: int = 512 * 1024 * 1024  # any member of the zip, uncompressed
    max_cells: int = 25_000_000  # rows x columns of a tab's used range (about 800 MB for the reader)


@dataclass(frozen=True)
class SheetScan:
    rows: int  # upper bound of the last used row
    cols: int  # upper bound of the used columns
    far_cell: str  # the furthest cell seen beyond the cheap bounds ("" when none)
    merges: tuple[tuple[int, int, int, int], ...] = field(default=())  # (row1, col1, row2, col2); cols 0-based
    # the zip entry streamed whole, (name, offset of its local header): `zipfile` checks an
    # entry's CRC-32 when it is read to its end, so this entry was found whole
    entry: tuple[str, int] = ("", -1)
    # formula cells: (row, col, formula text without "="), col 0-based, in sheet order; a cell of
    # a shared formula has its master's text ("" when the master was not seen)
    formulas: tuple[tuple[int, int, str], ...] = field(default=())

    @property
    def cells(self) -> int:
        return self.rows * self.cols


def _col(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n - 1


def scan_package(source: BinaryIO, where: str, limits: Limits = Limits(),
                 tabs: Collection[str] | None = None) -> dict[str, SheetScan]:
    """Each worksheet's scan by tab name (only the `tabs` named, when given: the ones the reader
    will inflate); raises RegisterTooLarge or RegisterUnreadable. Every part's declared size is
    checked whatever `tabs` says (that needs no inflating)."""
    try:
        with zipfile.ZipFile(source) as z:
            for info in z.infolist():
                if info.file_size > limits.max_part_bytes:
                    raise RegisterTooLarge(where, f"bagian {info.filename} berukuran {info.file_size // 1_000_000} MB "
                                                  f"setelah diekstrak, di atas batas {limits.max_part_bytes // 1_000_000} MB "
                                                  f"([register] max_sheet_mb)")
            out = {}
            for name, part in _worksheets(z).items():
                if tabs is not None and name not in tabs:
                    continue
                scan = _scan_sheet(z, part)
                if scan.cells > limits.max_cells:
                    raise RegisterTooLarge(where, f"tab \"{name}\" terpakai sampai sel {scan.far_cell} "
                                                  f"({scan.rows:,} baris x {scan.cols:,} kolom)".replace(",", "."))
                out[name] = scan
            return out
    except (RegisterTooLarge, RegisterUnreadable):
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, KeyError, ValueError, NotImplementedError, RuntimeError) as e:
        raise RegisterUnreadable(where, (str(e).strip() or type(e).__name__)[:200]) from None


def _worksheets(z: zipfile.ZipFile) -> dict[str, str]:
    root = parse_rels(z.read("_rels/.rels"), "")
    workbook = next((r.target for r in root if r.type.endswith("/officeDocument")), None)
    if workbook is None:
        raise KeyError("officeDocument")
    names = set(z.namelist())
    rels = {r.rid: r for r in parse_rels(z.read(rels_path(workbook)), workbook)} if rels_path(workbook) in names else {}
    out = {}
    for m in re.finditer(rb"<(?:\w+:)?sheet\b[^>]*>", z.read(workbook)):
        a = attrs(m.group(0))
        rid = next((v for k, v in a.items() if k.endswith(":id")), "")
        rel = rels.get(rid)
        name = xml_unescape(a.get("name", ""))
        if rel is None or (not rel.external and rel.target not in names):
            # a tab whose part is gone: Excel offers to repair the file, and a read of that tab
            # fails; a job that does not read it must not rewrite the damaged file either
            raise ValueError(f"tab \"{name}\" tidak dapat dibuka: bagiannya "
                             f"{('(' + rel.target + ') ') if rel is not None else ''}tidak ada di berkas")
        if rel.type == REL_WORKSHEET:
            out[name] = rel.target
    return out


def _scan_sheet(z: zipfile.ZipFile, part: str) -> SheetScan:
    max_col, max_row = NARROW_COLS, SHALLOW_ROWS
    far = ""
    wide = False
    merges: list[tuple[int, int, int, int]] = []
    formulas: dict[tuple[int, int], str] = {}  # a cell seen twice (in a window's overlap) is one
    shared: dict[bytes, str] = {}  # shared formula index -> its master's text
    for window in _windows(z, part):
        for m in _WIDE.finditer(window):
            if not _filled_cell(window, m):
                continue
            wide = True
            col = _col(m.group(1)) + 1
            if col > max_col:
                max_col, far = col, (m.group(1) + m.group(2)).decode()
        for m in _DEEP.finditer(window):
            row = int(m.group(2))
            if row > max_row and _filled_cell(window, m):
                max_row, far = row, (m.group(1) + m.group(2)).decode()
        if b"mergeCell" in window:
            for m in _MERGE.finditer(window):
                merges.append((int(m.group(2)), _col(m.group(1)), int(m.group(4)), _col(m.group(3))))
        if len(formulas) < MAX_FORMULAS:
            _formula_cells(window, formulas, shared)
    if wide or max_row > SHALLOW_ROWS:  # beyond the cheap bounds: count the real range
        max_row, max_col = 1, 1
        for window in _windows(z, part):
            for m in _ANY_CELL.finditer(window):
                if _filled_cell(window, m):
                    max_row = max(max_row, int(m.group(2)))
                    max_col = max(max_col, _col(m.group(1)) + 1)
    return SheetScan(min(max_row, EXCEL_ROWS), min(max_col, EXCEL_COLS), far or "", tuple(sorted(set(merges))),
                     (part, z.getinfo(part).header_offset),
                     tuple((row, col, text) for (row, col), text in list(formulas.items())[:MAX_FORMULAS]))


def _formula_cells(window: bytes, out: dict[tuple[int, int], str], shared: dict[bytes, str]) -> None:
    """The formula cells of one window into `out`: (row, col) -> formula text. Looks only where
    a formula element starts (most registers have none: one quick search of the window)."""
    for m in _F_END.finditer(window):
        name_end = m.start() + 1
        start = window.rfind(b"<", max(0, name_end - 64), name_end)
        if start < 0 or not _FORMULA_NAME.fullmatch(window, start, name_end):
            continue  # text, or another element whose name ends in "f"
        lt = window.rfind(b"<", max(0, start - _REACH), start)
        cell = _CELL_TAG.match(window, lt, start) if lt >= 0 else None
        if cell is None:
            continue  # not the first child of a cell start tag (or cut off at the window's start)
        gt = window.find(b">", name_end)
        if gt < 0:
            gt = len(window) - 1  # the window ends inside the tag: the text is in the next window
        attributes = window[name_end:gt]
        text = ""
        if window[gt - 1] != 47:  # 47: "/"; <f>text</f>
            end = window.find(b"<", gt + 1, gt + 1 + 4 * FORMULA_TEXT)
            raw = window[gt + 1:end if end >= 0 else gt + 1 + 4 * FORMULA_TEXT]
            text = xml_unescape(raw.decode("utf-8", "replace"))[:FORMULA_TEXT]
        index = _SHARED_INDEX.search(attributes)
        if index is not None and b"shared" in attributes:
            if text:
                shared[index.group(1)] = text  # the master: it comes first in the sheet
            else:
                text = shared.get(index.group(1), "")
        out[(int(cell.group(2)), _col(cell.group(1)))] = text
        if len(out) >= MAX_FORMULAS:
            return


def _filled_cell(window: bytes, m: re.Match[bytes]) -> bool:
    """The reference `m` is the `r` of a cell start tag, and the cell is not self-closed (empty).
    A tag cut by the window's edge counts as a cell (erring towards the bigger range)."""
    if m.start() == 0 or window[m.start() - 1] not in b" \t\r\n":
        return False  # `xr="..."` or text, not the `r` attribute
    lt = window.rfind(b"<", 0, m.start())
    if lt >= 0 and (not _CELL_START.match(window, lt) or window.find(b">", lt, m.start()) >= 0):
        return False  # another tag's attribute, or text after a tag
    gt = window.find(b">", m.end())
    return gt < 0 or window[gt - 1] != 47  # 47: "/"


def _windows(z: zipfile.ZipFile, part: str) -> Iterator[bytes]:
    """The part's bytes in chunks, each with the end of the one before (a match cut in two is
    found in the next window; one seen twice changes no maximum, and merges are de-duplicated)."""
    tail = b""
    with z.open(part) as f:
        while chunk := f.read(CHUNK):
            window = tail + chunk
            yield window
            tail = window[-_REACH:]
