"""sheets.model.Table held as rows or as columns, and the Excel reader that makes it from
calamine's rows block by block (issue 19: the check reads a register column by column)."""

from __future__ import annotations

import datetime as dt
import pickle

import pytest

import sheets.excel as excel
from sheets.excel import table_from_rows
from sheets.model import Table

# calamine's rows of an unknown tab (headers in row 1): blank rows, a short row, a row that
# widens the table only in a late block, text of spaces only
GRID: list[list[object]] = [
    ["A", "B"],
    ["a", 1.0],  # row 2
    ["", ""],  # row 3: empty
    ["  ", ""],  # row 4: spaces only, blank
    ["", 2.5],  # row 5
    ["b"],  # row 6: short
    ["", "", "", "x"],  # row 7: a value beyond the headers widens the table
    ["", "", "", ""],  # row 8: empty
    ["", "", " ", ""],  # row 9: spaces only, blank
    [dt.date(2026, 11, 2), "", "", ""],  # row 10
]
# by hand: rows 3, 4, 8 and 9 are blank; the table is 4 columns wide; 1.0 reads as 1
ROWS = (("a", 1, None, None), (None, 2.5, None, None), ("b", None, None, None), (None, None, None, "x"),
        (dt.date(2026, 11, 2), None, None, None))
NUMBERS = (2, 5, 6, 7, 10)
HEADERS = ("A", "B", "", "")


@pytest.mark.parametrize("block", [1, 2, 3, 4096])
def test_blocks_of_any_size_read_the_same_table(block: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(excel, "READ_BLOCK", block)
    table = table_from_rows("X", iter(GRID))
    assert table == Table("X", HEADERS, 1, ROWS, NUMBERS)
    assert table.rows == ROWS and table.row_numbers == NUMBERS and table.headers == HEADERS
    assert [list(c) for c in table.raw_columns()] == [list(c) for c in zip(*ROWS)]
    assert table.column("B") == [1, 2.5, None, None, None] and table.column("nope") == [None] * 5


def test_a_grid_of_nothing_but_blank_rows_has_no_rows() -> None:
    table = table_from_rows("X", iter([["A"], [""], ["   "], []]))
    assert table.rows == () and table.row_numbers == () and table.headers == ("A",)


def test_a_table_from_columns_equals_the_one_from_rows() -> None:
    by_rows = Table("X", HEADERS, 1, ROWS, NUMBERS)
    by_columns = Table.from_columns("X", HEADERS, 1, [list(c) for c in zip(*ROWS)], NUMBERS)
    assert by_columns == by_rows and hash(by_columns) == hash(by_rows)
    assert by_columns.rows == ROWS
    assert by_columns.column("A") == by_rows.column("A") == ["a", None, "b", None, dt.date(2026, 11, 2)]
    assert Table.from_columns("X", HEADERS, 1, [[1], [2], [3], [4]], (2,)) != by_rows
    copy = pickle.loads(pickle.dumps(by_columns))
    assert type(copy) is Table and copy == by_rows


def test_a_table_from_ragged_rows_reads_none_where_a_row_is_short() -> None:
    table = Table("X", ("A", "B", "C"), 1, (("a",), ("b", 2, 3)), (2, 3))
    assert table.raw_columns() == (("a", "b"), (None, 2), (None, 3))
    assert table.column("C") == [None, 3]


def test_a_table_cannot_be_changed() -> None:
    table = Table.from_columns("X", ("A",), 1, [["a"]], (2,))
    with pytest.raises(AttributeError):
        table.tab = "Y"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del table.headers
    with pytest.raises(ValueError):
        Table.from_columns("X", ("A", "B"), 1, [["a"]], (2,))  # a column short
    with pytest.raises(ValueError):
        Table.from_columns("X", ("A",), 1, [["a", "b"]], (2,))  # more values than rows


def test_rows_by_number_reads_the_same_cells_from_either_form() -> None:
    by_rows = Table("X", HEADERS, 1, ROWS, NUMBERS).rows_by_number()
    by_columns = Table.from_columns("X", HEADERS, 1, [list(c) for c in zip(*ROWS)], NUMBERS).rows_by_number()
    assert list(by_columns) == list(by_rows) == list(NUMBERS) and len(by_columns) == 5
    assert {n: tuple(r) for n, r in by_columns.items()} == {n: tuple(r) for n, r in by_rows.items()}
    row7 = by_columns[7]
    assert len(row7) == 4 and row7[3] == "x" and row7[0] is None and row7[1:3] == (None, None)
    assert by_columns.get(3) is None and by_columns[10][0] == dt.date(2026, 11, 2)
    with pytest.raises(IndexError):
        row7[4]


def test_take_keeps_the_rows_asked_for_in_either_form() -> None:
    """Rows 7 and 2 (positions 3 and 0), by hand from ROWS and NUMBERS, in the order asked; a
    short row of a table held as rows stays short (it reads None past its end)."""
    wanted = Table("X", HEADERS, 1, (ROWS[3], ROWS[0]), (7, 2))
    from_columns = table_from_rows("X", iter(GRID)).take([3, 0])
    assert from_columns == wanted and from_columns.raw_columns()[3] == ["x", None]
    ragged = Table("X", ("A", "B"), 1, (("a", 1), ("b",)), (2, 6))
    taken = ragged.take([1])
    assert taken.rows == (("b",),) and taken.row_numbers == (6,) and taken.cell(0, 1) is None
    assert ragged.take([]).row_numbers == ()
