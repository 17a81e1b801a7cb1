"""What a backend reads and writes, independent of Excel or Google Sheets.

A backend reads a `Snapshot` (one `Table` per tab, values only) and applies a `WriteSet`:
cell writes into toolkit columns of staff tabs, matched to their row, plus whole toolkit tabs
that are rebuilt ("Perlu Tindakan", reports) or appended to ("Log", "Surat"), and new rows
at the end of an `appendable` staff tab (survey answers imported from a Google Form). `guard_writes`
is the one place that refuses a write into a staff cell, whatever the job asked for.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from sheets.errors import StaffCellWrite
from sheets.layout import TABS_BY_NAME, Column, Tab, TabForm, is_toolkit_tab, normalize_header

CellValue = str | int | float | bool | dt.date | dt.datetime | dt.time | None


def is_blank(value: CellValue) -> bool:
    """None, or text with nothing but spaces: a cell staff left empty."""
    return value is None or (isinstance(value, str) and not value.strip())


class Table:
    """The values of one tab as read. Rows keep their sheet row numbers (1-based).

    Immutable, and held either as rows or as columns (`from_columns`: the Excel reader's
    form, one list per header). A table held as columns makes its `rows` the first time they
    are asked for and keeps them; a table held as rows makes `raw_columns` anew on each call.
    A check works column by column, so a register read from Excel is never turned into 100k
    row tuples unless something asks for `rows`. Equal tables compare equal whichever form
    they were made from."""

    __slots__ = ("tab", "headers", "header_row", "row_numbers", "_rows", "_columns")
    tab: str
    headers: tuple[str, ...]
    header_row: int
    row_numbers: tuple[int, ...]

    def __init__(self, tab: str, headers: tuple[str, ...], header_row: int,
                 rows: tuple[tuple[CellValue, ...], ...], row_numbers: tuple[int, ...]) -> None:
        self._set(tab, headers, header_row, row_numbers, rows, None)

    @classmethod
    def from_columns(cls, tab: str, headers: tuple[str, ...], header_row: int,
                     columns: Sequence[Sequence[CellValue]], row_numbers: tuple[int, ...]) -> Table:
        """A table from one column per header, each holding one value per row (in
        `row_numbers` order). The columns are kept as they are: do not change them after."""
        if len(columns) != len(headers) or any(len(c) != len(row_numbers) for c in columns):
            raise ValueError(f"tab {tab}: one column per header, one value per row")
        table = cls.__new__(cls)
        table._set(tab, headers, header_row, row_numbers, None, tuple(columns))
        return table

    def _set(self, tab: str, headers: tuple[str, ...], header_row: int, row_numbers: tuple[int, ...],
             rows: tuple[tuple[CellValue, ...], ...] | None, columns: tuple[Sequence[CellValue], ...] | None) -> None:
        for name, value in (("tab", tab), ("headers", headers), ("header_row", header_row),
                            ("row_numbers", row_numbers), ("_rows", rows), ("_columns", columns)):
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Table is immutable: cannot set {name}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"Table is immutable: cannot delete {name}")

    @property
    def rows(self) -> tuple[tuple[CellValue, ...], ...]:
        if self._rows is None:
            columns = self._columns or ()
            rows = tuple(zip(*columns)) if columns else ((),) * len(self.row_numbers)
            object.__setattr__(self, "_rows", rows)
        return self._rows  # type: ignore[return-value]

    def cell(self, position: int, i: int) -> CellValue:
        """The value of row `position` (0-based, in `rows` order) in column `i` (None past the
        end of a short row), from whichever form the table holds."""
        if self._columns is not None:
            return self._columns[i][position] if i < len(self._columns) else None
        row = self.rows[position]
        return row[i] if i < len(row) else None

    def rows_by_number(self) -> Mapping[int, Sequence[CellValue]]:
        """Each row by its sheet row number. A table held as columns gives views into them
        (a row is never copied: the writer looks at a few cells of the rows it writes into)."""
        if self._columns is None:
            return dict(zip(self.row_numbers, self.rows))
        return _RowsByNumber(self._columns, self.row_numbers)

    def take(self, positions: Sequence[int]) -> Table:
        """The table of the rows at `positions` (0-based, in `rows` order; kept in the order
        given), in the same form as this one."""
        numbers = tuple(map(self.row_numbers.__getitem__, positions))
        if self._columns is not None:
            return Table.from_columns(self.tab, self.headers, self.header_row,
                                      [list(map(c.__getitem__, positions)) for c in self._columns], numbers)
        return Table(self.tab, self.headers, self.header_row, tuple(map(self.rows.__getitem__, positions)), numbers)

    def raw_columns(self) -> tuple[Sequence[CellValue], ...]:
        """The values column by column, as wide as the widest row (a short row reads None in
        the columns it lacks): one sequence per column, one value per row. A table made from
        rows makes them anew on each call (not kept: the memory of a second copy)."""
        if self._columns is not None:
            return self._columns
        rows = self._rows or ()
        width = max(map(len, rows), default=0)
        return tuple(zip(*(r if len(r) == width else tuple(r) + (None,) * (width - len(r)) for r in rows)))

    def _key(self) -> tuple[object, ...]:
        return (self.tab, self.headers, self.header_row, self.rows, self.row_numbers)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._key() == other._key()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return (f"Table(tab={self.tab!r}, headers={self.headers!r}, header_row={self.header_row!r}, "
                f"rows={self.rows!r}, row_numbers={self.row_numbers!r})")

    def __reduce__(self) -> tuple[object, ...]:
        return (Table, (self.tab, self.headers, self.header_row, self.rows, self.row_numbers))

    def index(self, header: str) -> int | None:
        """Position of a header (matched loosely: case, extra spaces), or None."""
        wanted = normalize_header(header)
        for i, h in enumerate(self.headers):
            if normalize_header(h) == wanted:
                return i
        return None

    def column(self, header: str) -> list[CellValue]:
        i = self.index(header)
        if self._columns is not None:
            return list(self._columns[i]) if i is not None and i < len(self._columns) else [None] * len(self.row_numbers)
        if i is None:
            return [None] * len(self.rows)
        return [row[i] if i < len(row) else None for row in self.rows]

    def records(self, layout: Tab) -> list[dict[str, CellValue]]:
        """Rows as dicts keyed by layout column key; missing columns are None."""
        positions = {c.key: self.index(c.header) for c in layout.columns}
        out = []
        for row in self.rows:
            out.append({k: (row[i] if i is not None and i < len(row) else None) for k, i in positions.items()})
        return out

    def missing_headers(self, layout: Tab, required_only: bool = False) -> list[str]:
        """Layout headers not present (staff columns only when `required_only`)."""
        missing = []
        for c in layout.columns:
            if required_only and (c.is_toolkit or not c.required):
                continue
            if self.index(c.header) is None:
                missing.append(c.header)
        return missing


class _RowView(Sequence[CellValue]):
    """Row `position` of a table held as columns, read cell by cell."""

    __slots__ = ("_columns", "_position")

    def __init__(self, columns: tuple[Sequence[CellValue], ...], position: int) -> None:
        self._columns = columns
        self._position = position

    def __getitem__(self, i):  # type: ignore[override]  # an index, or a slice as a tuple
        if isinstance(i, slice):
            return tuple(c[self._position] for c in self._columns[i])
        return self._columns[i][self._position]

    def __len__(self) -> int:
        return len(self._columns)


class _RowsByNumber(Mapping[int, Sequence[CellValue]]):
    """`Table.rows_by_number` of a table held as columns (a row number read twice: the last)."""

    def __init__(self, columns: tuple[Sequence[CellValue], ...], row_numbers: tuple[int, ...]) -> None:
        self._columns = columns
        self._at = dict(zip(row_numbers, range(len(row_numbers))))

    def __getitem__(self, number: int) -> Sequence[CellValue]:
        return _RowView(self._columns, self._at[number])

    def __iter__(self) -> Iterator[int]:
        return iter(self._at)

    def __len__(self) -> int:
        return len(self._at)


_SLOT_OPEN = "{sidik:"
# A slot as it stands in a sheet part's XML (a tab name holds no brace; "<>" are escaped there)
FINGERPRINT_SLOT_XML = re.compile(re.escape(_SLOT_OPEN).encode() + rb"([^{}<>]*)\}")


def fingerprint_slot(tab: str) -> str:
    """Text a job may put into an appended row where `tab`'s fingerprint *as this same write
    leaves it* belongs. Only for a backend with fingerprints (Snapshot.fingerprints not empty):
    the Excel writer replaces it (FINGERPRINT_SLOT_XML) with "@" and the fingerprint, or with
    "" when it cannot."""
    return _SLOT_OPEN + tab + "}"


@dataclass(frozen=True)
class Snapshot:
    """Everything read from a register in one go. `token` lets the backend detect a change."""

    tables: dict[str, Table]
    source: str
    token: object = None
    # merged ranges by tab, (row1, col1, row2, col2) with 1-based rows and 0-based columns
    # (Excel: from the sheet XML; other backends: none known)
    merged: dict[str, tuple[tuple[int, int, int, int], ...]] = field(default_factory=dict)
    # Tab name -> a fingerprint of the tab as stored, known without reading the tab (Excel: the
    # sizes and CRC-32s of its sheet part, shared strings and styles, from the zip directory).
    # Equal fingerprints mean equal content; a backend that has no cheap one leaves this empty.
    fingerprints: dict[str, str] = field(default_factory=dict)
    # formula cells by tab, (row, col, formula text without "="), 1-based rows, 0-based columns:
    # the table holds only their last results (Excel: from the sheet XML; other backends: none
    # known, or read with the formulas: see GoogleBackend.read)
    formulas: dict[str, tuple[tuple[int, int, str], ...]] = field(default_factory=dict)

    def table(self, name: str) -> Table | None:
        return self.tables.get(name)


@dataclass(frozen=True, slots=True)
class CellWrite:
    """Write `value` into column `header` of the row that was at `row` when read.

    `match` lists (header, value-as-read) pairs that identify the row: normally the key column
    and its value; for a row whose key was blank, the key (blank) plus other staff values.
    Backends that can see rows move (Google Sheets) locate the row by `match` again before
    writing; a row that no longer matches is skipped and reported, never overwritten.
    """

    tab: str
    row: int
    header: str
    value: CellValue
    match: tuple[tuple[str, CellValue], ...] = ()


ChartKind = Literal["column", "bar", "pie", "line"]


@dataclass(frozen=True)
class Chart:
    """A native chart over a block of a toolkit tab (0-based rows/cols within that tab).

    Categories are in column `category_col`, rows `first_row`..`last_row`; each series is a
    column in the same rows, named by the header cell in `header_row`.
    """

    kind: ChartKind
    title: str
    header_row: int
    first_row: int
    last_row: int
    category_col: int
    series_cols: tuple[int, ...]
    anchor: tuple[int, int]  # (row, col) of the top-left cell where the chart sits
    size: tuple[int, int] = (480, 288)  # width, height in pixels


@dataclass(frozen=True, slots=True)
class CellLink:
    """A cell of a toolkit tab (0-based row/col) that links to row `target_row` (as the user
    sees it) of tab `target_tab`: a hyperlink inside the workbook, never a formula."""

    row: int
    col: int
    target_tab: str
    target_row: int
    tip: str = ""


@dataclass(frozen=True)
class SheetContent:
    """A whole toolkit tab, replaced in one piece (created if missing).

    `form` (sheets.layout.TabForm) is the tab's declared look and print setup; a tab with a form
    is rebuilt with it (header colours, filter, row colours, frozen panes, landscape page).
    """

    name: str
    rows: tuple[tuple[CellValue, ...], ...]
    widths: tuple[int, ...] = ()
    bold_rows: tuple[int, ...] = (0,)
    charts: tuple[Chart, ...] = ()
    freeze_header: bool = True
    form: TabForm | None = None
    links: tuple[CellLink, ...] = ()


@dataclass
class WriteSet:
    cells: list[CellWrite] = field(default_factory=list)
    replace_tabs: list[SheetContent] = field(default_factory=list)
    append_rows: dict[str, list[tuple[CellValue, ...]]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.cells or self.replace_tabs or any(self.append_rows.values()))

    def extend(self, other: WriteSet) -> None:
        self.cells.extend(other.cells)
        self.replace_tabs.extend(other.replace_tabs)
        for tab, rows in other.append_rows.items():
            self.append_rows.setdefault(tab, []).extend(rows)


@dataclass(frozen=True)
class SkippedWrite:
    write: CellWrite
    reason: str  # Indonesian, shown to the user


@dataclass(frozen=True)
class WriteReport:
    cells_written: int
    skipped: tuple[SkippedWrite, ...] = ()
    tabs_replaced: tuple[str, ...] = ()
    rows_appended: int = 0
    backup: str | None = None
    requests: int = 0  # backend calls made (Google)


class Backend(Protocol):
    """A register store. `read` then `write(snapshot, changes)`; never writes a staff cell."""

    def describe(self) -> str:
        """Where the register is, for messages (no secrets)."""
        ...

    def read(self, tabs: Sequence[str] | None = None, *, formulas: Collection[str] = ()) -> Snapshot:
        """The tabs named (every tab when None). `formulas`: tabs whose formula cells the
        snapshot must list (Snapshot.formulas); a backend that finds them at no cost lists them
        for every tab, one that must ask again (Google) only for these."""
        ...

    def write(self, snapshot: Snapshot, changes: WriteSet) -> WriteReport:
        ...


_UNSEEN: Any = object()


def guard_writes(snapshot: Snapshot, changes: WriteSet) -> None:
    """Refuse any write outside the toolkit's own cells.

    Allowed: toolkit columns of staff tabs and of keyed toolkit tabs ("Surat"); a `fill_blank`
    staff column (the registration number) only when the cell was blank when read; whole
    toolkit tabs. Anything else raises
    StaffCellWrite: a bug in a job, never something to carry out.

    A write set can hold a million cell writes (10 columns of 100k rows): the column of each
    (tab, header) is looked up once, and a tab's row positions are indexed once.
    """
    # (tab, header) -> None for a toolkit column (any write allowed), else the staff Column
    staff: dict[tuple[str, str], Column | None] = {}
    rows_at: dict[str, dict[int, int]] = {}
    for w in changes.cells:
        key = (w.tab, w.header)
        col = staff.get(key, _UNSEEN)
        if col is None:
            continue
        if col is _UNSEEN:
            layout = TABS_BY_NAME.get(w.tab)
            # a toolkit tab takes cell writes only when its rows have a key to be found by
            # (the "Surat" tab: the sending columns of a letter's row)
            if layout is None or (layout.owner == "toolkit" and layout.key is None):
                raise StaffCellWrite(w.tab, w.header, w.row)
            found = layout.by_header().get(normalize_header(w.header))
            if found is None:
                raise StaffCellWrite(w.tab, w.header, w.row)
            col = staff[key] = None if found.is_toolkit else found
            if col is None:
                continue
        if not col.fill_blank or not _was_blank(snapshot, w, rows_at):  # type: ignore[union-attr]
            raise StaffCellWrite(w.tab, w.header, w.row)
    for content in changes.replace_tabs:
        if not is_toolkit_tab(content.name):
            raise StaffCellWrite(content.name, "*", 0)
    for name in changes.append_rows:
        layout = TABS_BY_NAME.get(name)
        if not is_toolkit_tab(name) and not (layout is not None and layout.appendable):
            raise StaffCellWrite(name, "*", 0)


def _was_blank(snapshot: Snapshot, w: CellWrite, rows_at: dict[str, dict[int, int]] | None = None) -> bool:
    table = snapshot.table(w.tab)
    if table is None:
        return False
    i = table.index(w.header)
    if i is None:
        return False
    if rows_at is None:
        rows_at = {}
    at = rows_at.get(w.tab)
    if at is None:  # row number -> position of its first occurrence (as tuple.index gives)
        at = rows_at[w.tab] = {n: p for p, n in reversed(list(enumerate(table.row_numbers)))}
    pos = at.get(w.row)
    if pos is None:
        return False
    return is_blank(table.cell(pos, i))


def row_identity(table: Table, position: int, layout: Tab, extra: Iterable[str] = ()) -> tuple[tuple[str, CellValue], ...]:
    """The `match` pairs for row `position` of `table`: its key, plus `extra` headers when the
    key is blank (so a row with no number yet is still found by what staff typed)."""
    def value(header: str) -> CellValue:
        i = table.index(header)
        return table.cell(position, i) if i is not None else None

    key_header = layout.header(layout.key) if layout.key else None
    pairs: list[tuple[str, CellValue]] = []
    if key_header is not None:
        key_value = value(key_header)
        pairs.append((key_header, key_value))
        if not is_blank(key_value):
            return tuple(pairs)
    for header in extra:
        pairs.append((header, value(header)))
    return tuple(pairs)
