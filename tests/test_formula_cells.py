"""Formula cells in the staff columns of an Excel register (PMH-044, PMH-045).

The reader (calamine) sees only a formula's last result, so a clerk's `=TODAY()` in Tanggal
Diterima read as a plain date that moves every day the file is opened: the deadline never came.
The guard's scan finds the formula cells in the sheet XML; the check names each one, holds the
number of a row whose received date changes by itself, and never touches the cell."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from automation.rules.errors import EXIT_FINDINGS
from automation.rules.validate import is_volatile
from sheets.excel import ExcelBackend
from sheets.layout import REQUESTS
from sheets.xlsx_guard import CHUNK, _formula_cells
from tests.hostile_office import make_office, ppid, tab_rows
from tests.letter_fixtures import REQUEST_FULL
from tests.test_hostile_register import _part, rewrite_part, sheet_xml

TODAY = ("--today", "2026-12-01")
H = REQUESTS.headers.index
INFO = "O"
assert REQUESTS.headers[ord(INFO) - 65] == REQUESTS.header("information")

# what Excel stores (formula and last result); 46353 is 27-11-2026 (serial 45658 is 01-01-2025,
# plus 365 days of 2025 and 330 of 2026)
TODAY_CELL = b'<c r="C2"><f>TODAY()</f><v>46353</v></c>'
NAME_CELL = b'<c r="B3" t="str"><f>UPPER("budi")</f><v>BUDI</v></c>'
MASTER = b'<c r="O4" t="str"><f t="shared" ref="O4:O5" si="0">"Salinan "&amp;B4</f><v>Salinan Ani</v></c>'
CHILD = b'<c r="O5" t="str"><f t="shared" si="0"/><v>Salinan Ida</v></c>'


def _office(tmp_path: Path) -> Path:
    rows = [{**REQUEST_FULL, "number": None, "received": "=TODAY()", "decision": None, "notice_date": None,
             "given_date": None},
            {**REQUEST_FULL, "number": None, "name": '=UPPER("budi")'},
            {**REQUEST_FULL, "number": None, "name": "Ani"},
            {**REQUEST_FULL, "number": None, "name": "Ida"}]
    office = make_office(tmp_path, rows)
    reg = office / "register-ppid.xlsx"

    def excel_like(xml: bytes) -> bytes:  # openpyxl writes no result; Excel does
        xml = xml.replace(b'<c r="C2"><f>TODAY()</f><v></v></c>', TODAY_CELL)
        xml = xml.replace(b'<c r="B3"><f>UPPER("budi")</f><v></v></c>', NAME_CELL)
        xml = re.sub(rb'<c r="O4"[^>]*>.*?</c>', lambda m: MASTER, xml, count=1)
        return re.sub(rb'<c r="O5"[^>]*>.*?</c>', lambda m: CHILD, xml, count=1)

    rewrite_part(reg, _part(reg, REQUESTS.name), excel_like)
    xml = sheet_xml(reg, REQUESTS.name)
    assert all(cell in xml for cell in (TODAY_CELL, NAME_CELL, MASTER, CHILD))
    return office


def test_the_read_names_every_formula_cell_with_its_formula(tmp_path: Path) -> None:
    reg = _office(tmp_path) / "register-ppid.xlsx"
    snapshot = ExcelBackend(reg).read([REQUESTS.name])
    # (row, 0-based column, formula): the shared formula's child carries its master's text
    assert snapshot.formulas[REQUESTS.name] == ((2, 2, "TODAY()"), (3, 1, 'UPPER("budi")'),
                                                (4, 14, '"Salinan "&B4'), (5, 14, '"Salinan "&B4'))
    table = snapshot.table(REQUESTS.name)
    assert table is not None and table.rows[0][H(REQUESTS.header("name"))] == "Siti Rahmawati"  # results as read
    assert table.rows[1][H(REQUESTS.header("name"))] == "BUDI"


def test_check_names_formula_cells_holds_a_moving_received_date_and_keeps_the_cells(tmp_path: Path,
                                                                                       capsys) -> None:
    office = _office(tmp_path)
    reg = office / "register-ppid.xlsx"
    assert ppid(office, "check", *TODAY) == EXIT_FINDINGS
    rows = tab_rows(reg, REQUESTS.name)
    number, notes = H(REQUESTS.header("number")), H(REQUESTS.header("findings"))
    # row 2: =TODAY() read as 27-11-2026: an error, and no number from a date that moves
    assert rows[0][number] is None
    assert '[PMH-045] Baris 2, kolom "Tanggal Diterima": sel berisi rumus "=TODAY()"' in rows[0][notes]
    assert "[PMH-043]" in rows[0][notes]
    # row 3: a formula with a steady result: a warning; numbered as usual (the rows received the
    # same day are numbered in row order: 3, 4, 5)
    assert '[PMH-044] Baris 3, kolom "Nama Pemohon": sel berisi rumus "=UPPER("budi")"' in rows[1][notes]
    assert "PMH-045" not in rows[1][notes]
    assert [r[number] for r in rows[1:4]] == ["001/PPID/XI/2026", "002/PPID/XI/2026", "003/PPID/XI/2026"]
    for i, row in ((2, 4), (3, 5)):
        assert (f'[PMH-044] Baris {row}, kolom "Informasi yang Diminta": sel berisi rumus "="Salinan "&B4"'
                in rows[i][notes])
    # the clerk's cells are the clerk's: byte for byte
    xml = sheet_xml(reg, REQUESTS.name)
    assert all(cell in xml for cell in (TODAY_CELL, NAME_CELL, MASTER, CHILD))
    # the urgent list says what to do about the error
    assert "Ganti rumus di kolom Tanggal Diterima dengan nilai tetap" in capsys.readouterr().out


def test_a_formula_cell_cut_by_a_chunk_boundary_is_still_found(tmp_path: Path) -> None:
    office = _office(tmp_path)
    reg = office / "register-ppid.xlsx"

    def pad(xml: bytes) -> bytes:  # whitespace before row 2, so that its formula cell straddles the 1 MB mark
        at = xml.index(b'<row r="2"')
        cell = xml.index(TODAY_CELL) - at  # the cell's offset inside the row
        return xml[:at] + b" " * (CHUNK - 12 - at - cell) + xml[at:]

    rewrite_part(reg, _part(reg, REQUESTS.name), pad)
    with zipfile.ZipFile(reg) as z:
        xml = z.read(_part(reg, REQUESTS.name))
    assert xml.index(TODAY_CELL) == CHUNK - 12  # "<c r="C2"><f" begins 12 bytes before the mark
    found = ExcelBackend(reg).read([REQUESTS.name]).formulas[REQUESTS.name]
    assert (2, 2, "TODAY()") in found and len(found) == 4


def test_formula_elements_are_told_from_text_and_other_elements() -> None:
    out: dict[tuple[int, int], str] = {}
    shared: dict[bytes, str] = {}
    _formula_cells(b'<x:row r="2"><x:c r="C2" s="1"><x:f>NOW()</x:f><x:v>1</x:v></x:c></x:row>'  # prefixed
                   b'<c r="D2" t="inlineStr"><is><t>tarif f&gt; <f>x</f></t></is></c>'  # text, not a cell's child
                   b'<c r="E3" t="str" cm="1"><f t="array" ref="E3">_xlfn.RANDARRAY(2)</f><v>0.5</v></c>'
                   b'<c r="F3"><v>1</v></c><c r="G3"/>'
                   b'<c r="H3" t="str"><f t="shared" si="7"/><v>x</v></c>'  # its master was not seen
                   b'<dataValidations><dataValidation sqref="K2:K9"><formula1>Pilihan!$A$2:$A$9</formula1>'
                   b'</dataValidation></dataValidations><autoFilter ref="A1:B2"><filterColumn colId="0"/>'
                   b'</autoFilter>', out, shared)
    assert out == {(2, 2): "NOW()", (3, 4): "_xlfn.RANDARRAY(2)", (3, 7): ""}


def test_volatile_functions() -> None:
    for formula in ("TODAY()", "today()", "C2+NOW ()", "_xlfn.RANDARRAY(3)", "SUM(OFFSET(A1,1,0))", "INDIRECT(\"A1\")"):
        assert is_volatile(formula), formula
    for formula in ("B2", "TODAYS(1)", "MYTODAY()", "UPPER(\"now\")", "DATE(2026,11,27)", ""):
        assert not is_volatile(formula), formula


def test_an_objection_received_by_formula_gets_a_finding_and_no_number(tmp_path: Path) -> None:
    """Register Keberatan too: its Tanggal Diterima starts the 30 working days of the answer."""
    from sheets.layout import OBJECTIONS
    from tests.hostile_office import set_rows
    from tests.letter_fixtures import OBJECTION_FULL

    office = make_office(tmp_path, [REQUEST_FULL])
    reg = office / "register-ppid.xlsx"
    set_rows(reg, OBJECTIONS, [{**OBJECTION_FULL, "number": None, "received": "=NOW()", "decision": None,
                                "answer_date": None},
                               {**OBJECTION_FULL, "number": None, "received": "30-11-2026", "decision": None,
                                "answer_date": None, "name": "Budi"}])
    col = chr(65 + OBJECTIONS.headers.index(OBJECTIONS.header("received")))
    rewrite_part(reg, _part(reg, OBJECTIONS.name),
                 lambda xml: xml.replace(f'<c r="{col}2"><f>NOW()</f><v></v></c>'.encode(),
                                         f'<c r="{col}2"><f>NOW()</f><v>46353.5</v></c>'.encode()))
    assert f'<c r="{col}2"><f>NOW()</f><v>46353.5</v></c>'.encode() in sheet_xml(reg, OBJECTIONS.name)
    ppid(office, "check", *TODAY)
    rows = tab_rows(reg, OBJECTIONS.name)
    number, notes = OBJECTIONS.headers.index(OBJECTIONS.header("number")), OBJECTIONS.headers.index("Catatan Validasi")
    assert rows[0][number] is None  # NOW() read as 27-11-2026 12:00: no permanent number from it
    assert '[PMH-045] Baris 2, kolom "Tanggal Diterima": sel berisi rumus "=NOW()"' in rows[0][notes]
    assert rows[1][number] == "001/KEB/PPID/XI/2026" and "PMH-04" not in (rows[1][notes] or "")
    assert f'<c r="{col}2"><f>NOW()</f><v>46353.5</v></c>'.encode() in sheet_xml(reg, OBJECTIONS.name)


def _sheet(cells: list[tuple[int, int, str, str | None, bool]], prefix: str) -> bytes:
    """Sheet XML of (row, col, text, formula or None, shared child) cells, as Excel writes them."""
    from xml.sax.saxutils import escape

    from sheets.xlsx_patch import column_letters

    p = f"{prefix}:" if prefix else ""
    ns = f' xmlns{":" + prefix if prefix else ""}="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rows: dict[int, list[str]] = {}
    for row, col, text, formula, child in sorted(cells, key=lambda c: (c[0], c[1])):
        ref = f"{column_letters(col)}{row}"
        if formula is None:
            xml = f'<{p}c r="{ref}" t="inlineStr"><{p}is><{p}t>{escape(text)}</{p}t></{p}is></{p}c>'
        elif child:
            xml = f'<{p}c r="{ref}" s="3" t="str"><{p}f t="shared" si="0"/><{p}v>{escape(text)}</{p}v></{p}c>'
        else:
            xml = f'<{p}c r="{ref}" t="str"><{p}f>{escape(formula)}</{p}f><{p}v>{escape(text)}</{p}v></{p}c>'
        rows.setdefault(row, []).append(xml)
    body = "".join(f'<{p}row r="{r}">{"".join(cs)}</{p}row>' for r, cs in sorted(rows.items()))
    return (f'<?xml version="1.0" encoding="UTF-8"?><{p}worksheet{ns}><{p}sheetData>{body}</{p}sheetData>'
            f'<{p}dataValidations><{p}dataValidation sqref="A2:A9"><{p}formula1>Pilihan!$A$2</{p}formula1>'
            f"</{p}dataValidation></{p}dataValidations></{p}worksheet>").encode()


_TEXTS = st.sampled_from(["Budi", "tarif f> <f>x</f>", "=TODAY()", "a & b", "f", "<c r=\"A1\"><f>", "x" * 300])
_FORMULAS = st.sampled_from(["TODAY()", "UPPER(\"f \")", "A1&\"<f>\"", "IF(B2>0,NOW(),\"\")", "SUM(A1:A9)",
                             "CONCATENATE(" + "\"abc\"," * 40 + "\"d\")", "&".join(["A1"] * 60)])  # 420 bytes escaped


@settings(max_examples=150, deadline=None)
@given(cells=st.lists(st.tuples(st.integers(1, 40), st.integers(0, 60), _TEXTS, st.none() | _FORMULAS,
                                st.booleans()), max_size=60, unique_by=lambda c: (c[0], c[1])),
       chunk=st.integers(16, 700), prefix=st.sampled_from(["", "x"]))
def test_the_scan_finds_exactly_the_formula_cells_an_xml_parser_finds(cells, chunk: int, prefix: str) -> None:
    """Whatever the cells and however the sheet is cut into windows (here 16 to 700 bytes, so
    every tag and text is cut somewhere), the scan lists exactly the formula cells that
    ElementTree finds, each with its formula text (a shared child: its master's)."""
    import io
    import xml.etree.ElementTree as ET

    from sheets import xlsx_guard

    # the first formula cell of the sheet is the shared master of the children after it
    ordered = sorted(cells, key=lambda c: (c[0], c[1]))
    master = next((i for i, c in enumerate(ordered) if c[3] is not None), None)
    cells = [(r, c, t, f, child and master is not None and i > master) for i, (r, c, t, f, child) in enumerate(ordered)]
    if master is not None:
        r, c, t, f, _ = cells[master]
        cells[master] = (r, c, t, f, False)
    xml = _sheet(cells, prefix)
    if master is not None:  # make the master a shared one
        r, c, t, f, _ = cells[master]
        xml = xml.replace(b"<" + (prefix.encode() + b":" if prefix else b"") + b"f>", b"<" + (prefix.encode() + b":" if prefix else b"")
                          + b'f t="shared" ref="A1:BZ40" si="0">', 1)
    truth = {}
    ns = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    shared_text = ""
    for cell in ET.fromstring(xml).iter(f"{ns}c"):
        f = cell.find(f"{ns}f")
        if f is None:
            continue
        text = f.text or ""
        if f.get("t") == "shared":
            shared_text = text or shared_text
            text = text or shared_text
        m = re.fullmatch(r"([A-Z]+)(\d+)", cell.get("r"))
        col = 0
        for ch in m.group(1):
            col = col * 26 + ord(ch) - 64
        truth[(int(m.group(2)), col - 1)] = text[:xlsx_guard.FORMULA_TEXT]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("xl/worksheets/sheet1.xml", xml)
    old = xlsx_guard.CHUNK
    xlsx_guard.CHUNK = chunk
    try:
        with zipfile.ZipFile(buffer) as z:
            scan = xlsx_guard._scan_sheet(z, "xl/worksheets/sheet1.xml")
    finally:
        xlsx_guard.CHUNK = old
    assert {(r, c): t for r, c, t in scan.formulas} == truth
