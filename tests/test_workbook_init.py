"""`ppid init` / create_register: the new register carries the layout, checks and its form."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from automation.cli.main import cli
from sheets.errors import RegisterExists
from sheets.excel import ExcelBackend
from sheets.layout import CHOICES, CHOICES_TAB, DIK, HOLIDAYS, LOG, OBJECTIONS, OFFICERS, REQUESTS, TABS
from sheets.workbook_init import choice_source, create_register


@pytest.fixture
def book(tmp_path: Path) -> openpyxl.Workbook:
    path = create_register(tmp_path / "register-ppid.xlsx", officers=["Budi Santoso", ("Sari", "0198", "Staf")],
                           today=dt.date(2026, 11, 28))
    return openpyxl.load_workbook(path)


def _column(ws, col: int):  # noqa: ANN001, ANN202
    """The column's <col> entry; XlsxWriter merges neighbours that look alike into one range."""
    return next(d for d in ws.column_dimensions.values() if d.min <= col <= d.max)


def _validation_for(ws, cell: str):  # noqa: ANN001, ANN202
    return [dv for dv in ws.data_validations.dataValidation if cell in dv.sqref]


def test_every_tab_in_order_with_headers_and_notes(book: openpyxl.Workbook) -> None:
    assert book.sheetnames == [t.name for t in TABS]
    for tab in TABS:
        ws = book[tab.name]
        assert tuple(c.value for c in ws[1]) == tab.headers
        # header frozen; in the registers also the number (and in Permohonan the name) columns
        assert ws.freeze_panes == {REQUESTS.name: "C2", OBJECTIONS.name: "B2"}.get(tab.name, "A2")
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1")
        assert not ws.protection.sheet  # protection would block sorting and deleting rows
        assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$1:$1"
        for col, column in enumerate(tab.columns, start=1):
            if column.help:
                assert ws.cell(1, col).comment.text == column.help


def test_dropdowns_come_from_the_choices_and_officer_tabs(book: openpyxl.Workbook) -> None:
    ws = book[REQUESTS.name]
    channel = REQUESTS.headers.index("Kanal Permohonan")
    letter = openpyxl.utils.get_column_letter(channel + 1)
    dv = _validation_for(ws, f"{letter}2")
    assert len(dv) == 1 and dv[0].type == "list"
    assert dv[0].formula1 == choice_source("Kanal Permohonan").lstrip("=")
    assert "'Pilihan'!$A$2" in dv[0].formula1
    # by hand: Pilihan column A from row 2, as many rows as it has entries below its header
    assert dv[0].formula1 == "OFFSET('Pilihan'!$A$2,0,0,MAX(1,COUNTA('Pilihan'!$A:$A)-1),1)"
    officer = openpyxl.utils.get_column_letter(REQUESTS.headers.index("Petugas") + 1)
    assert "'Petugas'!$A$2" in _validation_for(ws, f"{officer}2")[0].formula1
    lists = book[CHOICES_TAB.name]
    for col, (name, values) in enumerate(CHOICES.items(), start=1):
        assert lists.cell(1, col).value == name
        assert [lists.cell(r, col).value for r in range(2, len(values) + 2)] == list(values)
    officers = book[OFFICERS.name]
    assert [officers["A2"].value, officers["A3"].value, officers["B3"].value] == ["Budi Santoso", "Sari", "0198"]
    kind = _validation_for(book[HOLIDAYS.name], "B2")
    assert kind and "Pilihan" in kind[0].formula1


def test_dates_times_and_identity_numbers(book: openpyxl.Workbook) -> None:
    ws = book[REQUESTS.name]
    received = REQUESTS.headers.index("Tanggal Diterima") + 1
    letter = openpyxl.utils.get_column_letter(received)
    assert _validation_for(ws, f"{letter}2")[0].type == "date"
    assert _column(ws, received).number_format == "dd-mm-yyyy"
    time_col = REQUESTS.headers.index("Jam Diterima") + 1
    assert _validation_for(ws, f"{openpyxl.utils.get_column_letter(time_col)}2")[0].type == "time"
    assert _column(ws, time_col).number_format == "hh:mm"
    for header in ("NIK / No. Identitas", "Nomor Telepon"):
        assert _column(ws, REQUESTS.headers.index(header) + 1).number_format == "@"


def test_toolkit_columns_grey_staff_columns_blue(book: openpyxl.Workbook) -> None:
    ws = book[REQUESTS.name]
    assert REQUESTS.headers[:2] == ("No. Pendaftaran", "Nama Pemohon")  # frozen beside the header
    for col, column in enumerate(REQUESTS.columns, start=1):
        dim = _column(ws, col)
        assert dim.width == pytest.approx(column.width, abs=1)
        header_fill = ws.cell(1, col).fill.fgColor.rgb
        assert header_fill.endswith("BFBFBF") if column.is_toolkit else header_fill.endswith("DDEBF7")
        if column.is_toolkit:
            assert dim.fill.fgColor.rgb.endswith("F2F2F2")
    assert _column(book[LOG.name], 1).number_format == "dd-mm-yyyy hh:mm"  # a real date-time


def test_date_entry_prompt_and_only_dates_accepted(book: openpyxl.Workbook) -> None:
    ws = book[REQUESTS.name]
    letter = openpyxl.utils.get_column_letter(REQUESTS.headers.index("Tanggal Diterima") + 1)
    dv = _validation_for(ws, f"{letter}2")[0]
    assert dv.type == "date" and dv.errorStyle in (None, "stop")  # a non-date is refused, not warned
    assert "05-11-2026" in dv.prompt and "5 November 2026" in dv.prompt and dv.showInputMessage
    assert "hari-bulan-tahun" in REQUESTS.column("received").help


def test_choice_columns_wide_enough(book: openpyxl.Workbook) -> None:
    ws = book[CHOICES_TAB.name]
    for col, (name, values) in enumerate(CHOICES.items(), start=1):
        longest = max(len(v) for v in (name, *values))
        assert _column(ws, col).width >= min(longest, 58), name


def test_rows_coloured_by_the_flag_column(book: openpyxl.Workbook) -> None:
    for tab in (REQUESTS, OBJECTIONS):
        ws = book[tab.name]
        letter = openpyxl.utils.get_column_letter(tab.headers.index("Bendera") + 1)
        rules = [r for cf in ws.conditional_formatting for r in cf.rules]
        formulas = [r.formula[0] for r in rules]
        assert f'ISNUMBER(SEARCH("TERLAMBAT",${letter}2))' in formulas
        assert f'ISNUMBER(SEARCH("JATUH TEMPO",${letter}2))' in formulas
        red = next(r for r in rules if "TERLAMBAT" in r.formula[0])
        assert red.dxf.fill.bgColor.rgb.endswith("FFC7CE")


def test_dik_seeded_with_pasal_17(book: openpyxl.Workbook) -> None:
    ws = book[DIK.name]
    rows = [tuple(c.value for c in row[:3]) for row in ws.iter_rows(min_row=2)]
    assert [r[0] for r in rows] == [f"P17-{x}" for x in "ABCDEFGHIJ"]
    assert rows[0][1] == "Menghambat proses penegakan hukum" and rows[7][2] == "huruf h"


def test_the_backend_reads_the_new_register(tmp_path: Path) -> None:
    path = create_register(tmp_path / "r.xlsx")
    snap = ExcelBackend(path).read()
    assert set(snap.tables) == {t.name for t in TABS}
    assert snap.table(REQUESTS.name).headers == REQUESTS.headers  # type: ignore[union-attr]
    assert len(snap.table(DIK.name).rows) == 10  # type: ignore[union-attr]


def test_refusing_to_overwrite(tmp_path: Path) -> None:
    path = create_register(tmp_path / "r.xlsx")
    data = path.read_bytes()
    with pytest.raises(RegisterExists, match="sudah ada"):
        create_register(path)
    assert path.read_bytes() == data
    assert [p.name for p in tmp_path.iterdir()] == ["r.xlsx"]


def test_init_command(tmp_path: Path) -> None:
    runner = CliRunner()
    target = tmp_path / "baru.xlsx"
    result = runner.invoke(cli, ["init", str(target)])
    assert result.exit_code == 0, result.output
    assert "Register baru dibuat" in result.output and "ppid check" in result.output
    assert target.exists()
    again = runner.invoke(cli, ["init", str(target)])
    assert again.exit_code != 0 and isinstance(again.exception, RegisterExists)
