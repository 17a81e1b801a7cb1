"""`ppid init`: a new, empty register built with XlsxWriter from sheets.layout.

Everything staff need to fill it in correctly is in the workbook itself: a note on each header
with the column's help text, dropdowns fed from the "Pilihan" and "Petugas" tabs, date and time
checks (dates shown dd-mm-yyyy whatever the computer's regional setting, only real dates
accepted, a prompt saying how to type them), text format for identity and phone numbers
(leading zeros kept), a frozen header and number/name columns with a filter, toolkit columns
set apart in grey, and rows coloured by the "Bendera" column. How each tab looks and prints is
its `TabForm` (sheets.layout), the same one a rebuilt toolkit tab gets.

No sheet protection: it would block sorting, filtering, inserting and deleting rows in Excel
and LibreOffice. A toolkit cell typed over is put right by the next check, with a finding.
Only new files are built this way; an existing register is only ever patched.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from sheets.errors import RegisterExists
from sheets.layout import (
    CHOICES,
    CHOICES_TAB,
    DIK,
    GREY_CELL,
    GREY_HEADER,
    OFFICERS,
    PASAL17,
    STAFF_HEADER,
    TABS,
    Column,
    Tab,
)
from sheets.model import CellValue
from sheets.xlsx_patch import column_letters

FORMATTED_ROWS = 10000
"""Rows (below the header) that carry dropdowns, date checks and the row colouring."""

DATE_FORMAT = "dd-mm-yyyy"
DATETIME_FORMAT = "dd-mm-yyyy hh:mm"
TIME_FORMAT = "hh:mm"

Officer = str | Sequence[str]


def create_register(path: Path | str, *, officers: Iterable[Officer] = (),
                    today: dt.date | None = None, data: Mapping[str, Sequence[Sequence[CellValue]]] | None = None,
                    ) -> Path:
    """Build a new register at `path`; RegisterExists if anything is already there.

    `officers` are names (or (name, NIP, title) tuples) for the Petugas tab; `today` stamps the
    workbook's creation date (default: none, so the file is reproducible). `data` gives staff
    rows (below the header, in layout column order) for some tabs, e.g. the demo register; a
    tab given there is not seeded. Text is always written as text, never as a formula.
    """
    target = Path(path)
    if target.exists():
        raise RegisterExists(str(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".ppid-init-{os.getpid()}-{target.name}")
    wb = xlsxwriter.Workbook(str(tmp), {"strings_to_numbers": False, "strings_to_formulas": False,
                                        "strings_to_urls": False})
    try:
        _Builder(wb, list(officers), data or {}).build()
        properties: dict[str, object] = {"title": "Register Layanan Informasi Publik (PPID)",
                                         "comments": "Dibuat dengan ppid init (ppid-sheets)."}
        if today is not None:
            properties["created"] = dt.datetime.combine(today, dt.time())
        wb.set_properties(properties)
        wb.close()
        if target.exists():  # created meanwhile: still never overwrite
            raise RegisterExists(str(target))
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()
    return target


def choice_source(name: str) -> str:
    """The dropdown formula for list `name`: its column on the Pilihan tab (or the Petugas
    names), as long as the list is, so entries staff add there appear in the dropdown."""
    if name == "Petugas":
        sheet, col = OFFICERS.name, 0
    else:
        sheet, col = CHOICES_TAB.name, list(CHOICES).index(name)
    letter = column_letters(col)
    return f"=OFFSET('{sheet}'!${letter}$2,0,0,MAX(1,COUNTA('{sheet}'!${letter}:${letter})-1),1)"


class _Builder:
    def __init__(self, wb: Workbook, officers: list[Officer], data: Mapping[str, Sequence[Sequence[CellValue]]]) -> None:
        self.wb = wb
        self.data = data
        self.officers = officers
        self._formats: dict[tuple[object, ...], object] = {}

    def fmt(self, *, toolkit: bool, kind: str = "text", header: bool = False, plain: bool = False) -> object:
        """A cell format. `plain`: a cell of a toolkit tab (top-aligned, wrapped, as rebuilt)."""
        key = (toolkit, kind, header, plain)
        if key not in self._formats:
            spec: dict[str, object] = {"valign": "top"}
            if header:
                spec.update(bold=True, text_wrap=True, border=1,
                            bg_color="#" + (GREY_HEADER if toolkit else STAFF_HEADER))
            else:
                if plain:
                    spec["text_wrap"] = True
                elif toolkit:
                    spec["bg_color"] = "#" + GREY_CELL
                number = {"date": DATE_FORMAT, "datetime": DATETIME_FORMAT, "time": TIME_FORMAT, "id": "@",
                          "phone": "@", "money": "#,##0"}.get(kind)
                if number:
                    spec["num_format"] = number
            self._formats[key] = self.wb.add_format(spec)
        return self._formats[key]

    def build(self) -> None:
        for tab in TABS:
            ws = self.wb.add_worksheet(tab.name)
            self.tab(ws, tab)
            if tab.name in self.data:
                self.write_rows(ws, tab, self.data[tab.name])
            elif tab is DIK:
                self.seed_dik(ws)
            elif tab is CHOICES_TAB:
                self.seed_choices(ws)
            elif tab is OFFICERS:
                self.seed_officers(ws)
        self.wb.worksheets()[0].activate()

    def tab(self, ws: Worksheet, tab: Tab) -> None:
        toolkit_tab = tab.owner == "toolkit"
        form = tab.form
        last = len(tab.columns) - 1
        for col, column in enumerate(tab.columns):
            toolkit = column.is_toolkit or toolkit_tab
            ws.set_column(col, col, column.width, self.fmt(toolkit=toolkit, kind=column.type, plain=toolkit_tab))
            ws.write_string(0, col, column.header, self.fmt(toolkit=toolkit, header=True))
            note = column.help or ("Diisi toolkit; jangan diubah." if toolkit else "")
            if note:
                ws.write_comment(0, col, note, {"author": "ppid", "x_scale": 2, "y_scale": 1.4})
            if not toolkit_tab:
                self.validate(ws, col, column)
        ws.set_row(0, form.header_height)
        ws.freeze_panes(form.freeze_rows, form.freeze_cols)
        if form.autofilter:
            ws.autofilter(0, 0, 0, last)
        if form.landscape:
            ws.set_landscape()
        ws.set_paper(9)
        ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
        if form.fit_width:
            ws.fit_to_pages(1, 0)
        if form.repeat_header:
            ws.repeat_rows(0)
        if form.print_columns:
            end = next(i for i, c in enumerate(tab.columns) if c.key == form.print_columns)
            ws.print_area(0, 0, FORMATTED_ROWS, end)
        if form.tab_color:
            ws.set_tab_color("#" + form.tab_color)
        self.flag_colours(ws, tab)

    def validate(self, ws: Worksheet, col: int, column: Column) -> None:
        rows = (1, col, FORMATTED_ROWS, col)
        if column.choices:
            ws.data_validation(*rows, {
                "validate": "list", "source": choice_source(column.choices), "error_type": "warning",
                "error_title": "Di luar daftar",
                "error_message": f"Pilih dari daftar \"{column.choices}\" (tab Pilihan). Lanjutkan?",
            })
        elif column.type == "date":
            ws.data_validation(*rows, {
                "validate": "date", "criteria": "between", "minimum": dt.date(2000, 1, 1),
                "maximum": dt.date(2100, 12, 31), "error_title": "Bukan tanggal",
                "error_message": "Hanya tanggal: ketik hari-bulan-tahun, misalnya 05-11-2026 untuk 5 November "
                                 "2026. Bila komputer memakai urutan bulan dulu, ketik 5 Nov 2026.",
                "input_title": "Tanggal (hari-bulan-tahun)",
                "input_message": "Contoh: 05-11-2026 = 5 November 2026. Periksa bahwa yang tampil sama "
                                 "dengan formulir.",
            })
        elif column.scale is not None:
            lo, hi = column.scale
            ws.data_validation(*rows, {
                "validate": "integer", "criteria": "between", "minimum": lo, "maximum": hi,
                "error_title": "Di luar skala", "error_message": f"Isi angka bulat {lo} sampai {hi}.",
            })
        elif column.type == "time":
            ws.data_validation(*rows, {
                "validate": "time", "criteria": "between", "minimum": dt.time(0, 0),
                "maximum": dt.time(23, 59, 59), "error_title": "Bukan jam",
                "error_message": "Isi jam seperti 09:30.",
            })

    def flag_colours(self, ws: Worksheet, tab: Tab) -> None:
        area = (1, 0, FORMATTED_ROWS, len(tab.columns) - 1)
        for h in tab.form.highlights:
            try:
                col = next(i for i, c in enumerate(tab.columns) if c.key == h.column)
            except StopIteration:
                continue
            ws.conditional_format(*area, {
                "type": "formula", "criteria": f'=ISNUMBER(SEARCH("{h.word}",${column_letters(col)}2))',
                "format": self.wb.add_format({"bg_color": "#" + h.fill, "font_color": "#" + h.font}),
                "stop_if_true": True,
            })

    def write_rows(self, ws: Worksheet, tab: Tab, rows: Sequence[Sequence[CellValue]]) -> None:
        for r, row in enumerate(rows, start=1):
            for c, (column, value) in enumerate(zip(tab.columns, row)):
                fmt = self.fmt(toolkit=column.is_toolkit, kind=column.type)
                if value is None or value == "":
                    continue
                if isinstance(value, (dt.date, dt.datetime, dt.time)):
                    ws.write_datetime(r, c, value, fmt)
                elif isinstance(value, bool):
                    ws.write_boolean(r, c, value, fmt)
                elif isinstance(value, (int, float)):
                    ws.write_number(r, c, value, fmt)
                else:
                    ws.write_string(r, c, str(value), fmt)

    def seed_dik(self, ws: Worksheet) -> None:
        for n, (letter, text) in enumerate(PASAL17.items(), start=1):
            ws.write_string(n, 0, f"P17-{letter.upper()}")
            ws.write_string(n, 1, text[0].upper() + text[1:])
            ws.write_string(n, 2, f"huruf {letter}")

    def seed_choices(self, ws: Worksheet) -> None:
        unlocked = self.fmt(toolkit=False)
        for col, values in enumerate(CHOICES.values()):
            for row, value in enumerate(values, start=1):
                ws.write_string(row, col, value, unlocked)

    def seed_officers(self, ws: Worksheet) -> None:
        text = self.fmt(toolkit=False, kind="id")
        for row, officer in enumerate(self.officers, start=1):
            parts = (officer,) if isinstance(officer, str) else tuple(officer)
            for col, value in enumerate(parts[:3]):
                ws.write_string(row, col, str(value), text if col == 1 else self.fmt(toolkit=False))
            ws.write_string(row, 3, "Ya", self.fmt(toolkit=False))


__all__ = ["FORMATTED_ROWS", "choice_source", "create_register"]
