"""A toolkit tab's cells as `sheet_xml_pieces` writes them: its fast paths for common values
(text, empty, whole numbers, dates) must give exactly what `cell_xml` gives (issue 19)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from sheets.layout import ACTIONS
from sheets.model import CellLink, SheetContent
from sheets.workbook_init import create_register
from sheets.xlsx_package import Package
from sheets.xlsx_patch import cell_xml
from sheets.xlsx_styles import StyleBook
from sheets.xlsx_tabs import sheet_xml

VALUES: list[object] = [
    "Kirim pemberitahuan", "", " awal", "akhir ", "A & B <c>", "dua\nbaris", "x" * 300, "\u00a0nbsp", "a\x01b",
    None, 0, 7, -3, 10**15, True, False, 1.5, 2.0, float("nan"), dt.date(2026, 12, 1), dt.date(1900, 1, 1),
    dt.datetime(2026, 12, 1, 8, 30), dt.time(14, 5), "=SUM(A1)",
]
_CELL = re.compile(r'<c r="([A-Z]+\d+)"(?: s="(\d+)")?[^>]*?(?:/>|>.*?</c>)', re.S)


def _rows(width: int) -> tuple[tuple[object, ...], ...]:
    body = [tuple(VALUES[(r * width + c) % len(VALUES)] for c in range(width)) for r in range(len(VALUES))]
    return (tuple(f"Kolom {c}" for c in range(width)), *body)


@pytest.fixture(scope="module")
def styles(tmp_path_factory: pytest.TempPathFactory) -> StyleBook:
    """The style book of a register made by `ppid init` (styled cells get a style number)."""
    path = create_register(tmp_path_factory.mktemp("reg") / "r.xlsx")
    with Package(str(path)) as pkg:
        part = next(r.target for r in pkg.workbook_rels if r.type.endswith("/styles"))
        return StyleBook(pkg.read(part))


@pytest.mark.parametrize("form", [None, ACTIONS.form])
@pytest.mark.parametrize("date1904", [False, True])
def test_every_cell_is_what_cell_xml_writes(form, date1904: bool, styles: StyleBook) -> None:
    width = len(ACTIONS.columns)
    rows = _rows(width)
    links = (CellLink(2, 4, "Register Permohonan", 9, "Buka baris 9"),)
    content = SheetContent(ACTIONS.name, rows, widths=tuple(c.width for c in ACTIONS.columns), form=form,
                           links=links, bold_rows=(0, 3))
    xml = sheet_xml(content, styles, date1904, None).decode("utf-8")
    cells = {m.group(1): (m.group(0), int(m.group(2)) if m.group(2) else None) for m in _CELL.finditer(xml)}
    seen = 0
    for n, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            ref = f"{chr(65 + c)}{n}"
            if ref not in cells:  # nothing written: only an empty cell without a style
                assert cell_xml(ref, value, None, "", date1904) == "", ref
                assert n != 4 and (form is None or n != 1), ref  # bold and header cells all have one
                continue
            written, style = cells[ref]
            assert written == cell_xml(ref, value, style, "", date1904), (ref, value)
            seen += 1
    assert seen > len(rows) * width * 3 // 4  # most cells are there to compare
    assert 'r="E3"' in xml and "Buka baris 9" in xml
