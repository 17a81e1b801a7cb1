"""An in-memory backend with the Excel/Google interface, for tests and dry runs.

It follows the same rules as the real backends: staff cells are never written (guard_writes),
rows are found again by their identity before writing, missing toolkit headers are added after
the last column, toolkit tabs are replaced whole or appended to.
"""

from __future__ import annotations

import copy
from collections.abc import Collection, Mapping, Sequence

from sheets.errors import TabMissing
from sheets.layout import TABS_BY_NAME, normalize_header
from sheets.model import (
    CellValue,
    CellWrite,
    SkippedWrite,
    Snapshot,
    Table,
    WriteReport,
    WriteSet,
    guard_writes,
    is_blank,
)

Grid = list[list[CellValue]]

SKIP_NOT_FOUND = "baris tidak ditemukan lagi (diubah/diurutkan saat proses)"
"""Why a write whose row `locate` cannot find is skipped (every backend says it the same way)."""


def table_from_grid(tab: str, grid: Sequence[Sequence[CellValue]], header_row: int = 1) -> Table:
    """A Table from a grid whose row `header_row` (1-based) holds the headers.

    Fully blank rows are left out (they are not records) but row numbers are kept.
    """
    headers = tuple("" if h is None else str(h).strip() for h in (grid[header_row - 1] if len(grid) >= header_row else ()))
    rows: list[tuple[CellValue, ...]] = []
    numbers: list[int] = []
    for n, row in enumerate(grid[header_row:], start=header_row + 1):
        if all(is_blank(v) for v in row):
            continue
        padded = tuple(row) + (None,) * (len(headers) - len(row))
        rows.append(padded)
        numbers.append(n)
    return Table(tab, headers, header_row, tuple(rows), tuple(numbers))


def locate(table_headers: Sequence[str], grid_rows: Mapping[int, Sequence[CellValue]], w: CellWrite) -> int | None:
    """The sheet row that `w` belongs to now, or None when its row cannot be found safely.

    The row it was read at is used when it still matches; otherwise the one row that matches
    (a row inserted or sorted meanwhile); several or none matching means skip.
    """
    if not w.match:
        return w.row
    positions = []
    for header, _ in w.match:
        wanted = normalize_header(header)
        idx = next((i for i, h in enumerate(table_headers) if normalize_header(h) == wanted), None)
        if idx is None:
            return None
        positions.append(idx)

    current = grid_rows.get(w.row)
    if current is not None and row_matches(current, w.match, positions):
        return w.row
    hits = [n for n, row in grid_rows.items() if row_matches(row, w.match, positions)]
    return hits[0] if len(hits) == 1 else None


def row_matches(row: Sequence[CellValue], match: Sequence[tuple[str, CellValue]], positions: Sequence[int]) -> bool:
    """`row` holds the `match` values, the i-th pair's in column `positions[i]` (blank matches blank)."""
    for (_, expected), i in zip(match, positions):
        actual = row[i] if i < len(row) else None
        if is_blank(expected) and is_blank(actual):
            continue
        if match_value(actual) != match_value(expected):
            return False
    return True


SKIP_AMBIGUOUS = ("identitas baris tidak unik (baris kembar) dan baris bergeser saat proses; tidak ditebak, "
                  "ditulis pada pemeriksaan berikutnya")
"""Why a write is skipped when several rows carry its identity and they moved between read and write."""


class IdentityIndex:
    """The sheet rows holding each identity (`CellWrite.match` values), built once per header set."""

    def __init__(self, headers: Sequence[str], rows: Mapping[int, Sequence[CellValue]]) -> None:
        self.headers = [normalize_header(h) for h in headers]
        self.rows = rows
        self._by: dict[tuple[str, ...], dict[tuple[object, ...], list[int]]] = {}

    def hits(self, match: Sequence[tuple[str, CellValue]]) -> list[int]:
        names = tuple(normalize_header(h) for h, _ in match)
        index = self._by.get(names)
        if index is None:
            index = self._by[names] = {}
            if all(n in self.headers for n in names):
                at = [self.headers.index(n) for n in names]
                for number, row in self.rows.items():
                    key = tuple(_identity(row[i] if i < len(row) else None) for i in at)
                    index.setdefault(key, []).append(number)
        return sorted(index.get(tuple(_identity(v) for _, v in match), ()))


def _identity(value: CellValue) -> object:
    return None if is_blank(value) else match_value(value)


def locate_unambiguous(headers: Sequence[str], rows: Mapping[int, Sequence[CellValue]], w: CellWrite,
                       now: IdentityIndex, then: IdentityIndex | None) -> tuple[int | None, str]:
    """`locate`, without guessing between twin rows: when several rows now carry the write's
    identity, the write goes to its own row only if exactly those rows carried it when read
    (nothing moved among them); else it is skipped. Returns (row or None, why skipped)."""
    twins = now.hits(w.match) if w.match else []
    if len(twins) > 1:
        if then is None or then.hits(w.match) != twins or w.row not in twins:
            return None, SKIP_AMBIGUOUS
        return w.row, ""
    target = locate(headers, rows, w)
    return (target, "") if target is not None else (None, SKIP_NOT_FOUND)


_NAN = object()  # NaN never equals itself; as a cell value it must still match itself


def match_value(value: CellValue) -> object:
    """A cell value as row matching compares it: text stripped, 5.0 as 5, NaN equal to NaN."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float):
        if value != value:
            return _NAN
        if value.is_integer():
            return int(value)
    return value


class MemoryBackend:
    """Tabs as lists of rows; row 1 of each grid is the header row."""

    def __init__(self, tabs: Mapping[str, Grid] | None = None, name: str = "memori") -> None:
        self.tabs: dict[str, Grid] = {k: [list(r) for r in v] for k, v in (tabs or {}).items()}
        self.name = name
        self.version = 0
        self.writes = 0

    def describe(self) -> str:
        return self.name

    def read(self, tabs: Sequence[str] | None = None, *, formulas: Collection[str] = ()) -> Snapshot:
        """The grids as tables (a grid holds values only: no formula cells, whatever `formulas`)."""
        wanted = list(tabs) if tabs is not None else list(self.tabs)
        tables = {}
        for name in wanted:
            if name in self.tabs:
                tables[name] = table_from_grid(name, self.tabs[name])
        return Snapshot(tables, self.name, token=self.version)

    def write(self, snapshot: Snapshot, changes: WriteSet) -> WriteReport:
        guard_writes(snapshot, changes)
        written = 0
        skipped: list[SkippedWrite] = []
        # Locate every row first, against the register as it is now, then write: a write set
        # that fills a blank number must not lose the row for its other cells.
        targets: list[tuple[CellWrite, Grid, int, int]] = []
        rows_of: dict[str, dict[int, list[CellValue]]] = {}  # each tab's rows, indexed once
        col_of: dict[tuple[str, str], int] = {}  # (tab, header) -> column, looked up once
        pos_of: dict[tuple[str, tuple[str, ...]], list[int]] = {}  # (tab, match headers) -> columns
        for w in changes.cells:
            grid = self.tabs.get(w.tab)
            if grid is None:
                raise TabMissing(self.name, w.tab)
            headers = grid[0]
            col = col_of.get((w.tab, w.header))
            if col is None:
                wanted = normalize_header(w.header)
                col = next((i for i, h in enumerate(headers) if normalize_header(h) == wanted), None)
                if col is None:
                    headers.append(w.header)
                    col = len(headers) - 1
                col_of[(w.tab, w.header)] = col
            rows = rows_of.get(w.tab)
            if rows is None:
                rows = rows_of[w.tab] = {n: r for n, r in enumerate(grid[1:], start=2)}
            target = None
            if w.match:  # the usual case, the row is still where it was read: checked without a search
                names = tuple(h for h, _ in w.match)
                positions = pos_of.get((w.tab, names))
                if positions is None:
                    wanted_all = [normalize_header(h) for h in names]
                    found = [next((i for i, h in enumerate(headers) if normalize_header(h) == x), None)
                             for x in wanted_all]
                    positions = pos_of[(w.tab, names)] = [] if None in found else found  # type: ignore[assignment]
                current = rows.get(w.row)
                if positions and current is not None and row_matches(current, w.match, positions):
                    target = w.row
            if target is None:
                target = locate([str(h or "") for h in headers], rows, w)
            if target is None:
                skipped.append(SkippedWrite(w, SKIP_NOT_FOUND))
                continue
            targets.append((w, grid, target, col))
        for w, grid, target, col in targets:
            while len(grid) < target:
                grid.append([])
            row = grid[target - 1]
            while len(row) <= col:
                row.append(None)
            if row[col] != w.value:
                row[col] = copy.copy(w.value)
                written += 1
        for content in changes.replace_tabs:
            self.tabs[content.name] = [list(r) for r in content.rows]
        appended = 0
        for name, rows in changes.append_rows.items():
            grid = self.tabs.get(name)
            if grid is None:
                layout = TABS_BY_NAME.get(name)
                grid = self.tabs[name] = [list(layout.headers) if layout else []]
            for r in rows:
                grid.append(list(r))
                appended += 1
        if changes:
            self.version += 1
            self.writes += 1
        return WriteReport(
            written, tuple(skipped), tuple(c.name for c in changes.replace_tabs), appended
        )
