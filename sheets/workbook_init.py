"""`ppid init`: a new, empty register built with XlsxWriter from sheets.layout.

Everything staff need to fill it in correctly is in the workbook itself: a note on each header
with the column's help text, dropdowns fed from the "Pilihan" and "Petugas" tabs, date and time
checks, text format for identity and phone numbers (leading zeros kept), a frozen header with a
filter, toolkit columns set apart in grey and protected, and rows coloured by the "Bendera"
column. Only new files are built this way; an existing register is only ever patched.
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
from sheets.layout import CHOICES, CHOICES_TAB, DIK, OFFICERS, PASAL17, TABS, Column, Tab
from sheets.model import CellValue
from sheets.xlsx_patch import column_letters

FORMATTED_ROWS = 10000
"""Rows (below the header) that carry dropdowns, date checks and the row colouring."""

DATE_FORMAT = "dd-mm-yyyy"
TIME_FORMAT = "hh:mm"
GREY_HEADER = "#BFBFBF"
GREY_CELL = "#F2F2F2"
STAFF_HEADER = "#DDEBF7"
RED_FILL, RED_FONT = "#FFC7CE", "#9C0006"
AMBER_FILL, AMBER_FONT = "#FFEB9C", "#9C5700"

Officer = str | Sequence[str]


def create_register(path: Path | str, *, protection_password: str = "", officers: Iterable[Officer] = (),
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
        _Builder(wb, protection_password, list(officers), data or {}).build()
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
    def __init__(self, wb: Workbook, password: str, officers: list[Officer],
                 data: Mapping[str, Sequence[Sequence[CellValue]]]) -> None:
        self.wb = wb
        self.data = data
        self.password = password
        self.officers = officers
        self._formats: dict[tuple[object, ...], object] = {}

    def fmt(self, *, toolkit: bool, kind: str = "text", header: bool = False) -> object:
        key = (toolkit, kind, header)
        if key not in self._formats:
            spec: dict[str, object] = {"locked": toolkit or header, "valign": "top"}
            if header:
                spec.update(bold=True, text_wrap=True, border=1,
                            bg_color=GREY_HEADER if toolkit else STAFF_HEADER)
            else:
                if toolkit:
                    spec["bg_color"] = GREY_CELL
                number = {"date": DATE_FORMAT, "time": TIME_FORMAT, "id": "@", "phone": "@",
                          "money": "#,##0"}.get(kind)
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
        last = len(tab.columns) - 1
        for col, column in enumerate(tab.columns):
            toolkit = column.is_toolkit or toolkit_tab
            ws.set_column(col, col, column.width, self.fmt(toolkit=toolkit, kind=column.type))
            ws.write_string(0, col, column.header, self.fmt(toolkit=toolkit, header=True))
            note = column.help or ("Diisi toolkit; jangan diubah." if toolkit else "")
            if note:
                ws.write_comment(0, col, note, {"author": "ppid", "x_scale": 2, "y_scale": 1.4})
            if not toolkit_tab:
                self.validate(ws, col, column)
        ws.set_row(0, 45)
        ws.freeze_panes(1, 0)
        ws.autofilter(0, 0, 0, last)
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(0)
        if toolkit_tab:
            ws.set_tab_color(GREY_HEADER)
        self.flag_colours(ws, tab)
        ws.protect(self.password, {"autofilter": True, "sort": True, "format_columns": True,
                                   "format_rows": True, "insert_rows": True})

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
                "error_message": "Isi tanggal seperti 28-11-2026.",
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
        try:
            flags = next(i for i, c in enumerate(tab.columns) if c.key == "flags")
        except StopIteration:
            return
        letter = column_letters(flags)
        area = (1, 0, FORMATTED_ROWS, len(tab.columns) - 1)
        for text, fill, font in (("TERLAMBAT", RED_FILL, RED_FONT), ("JATUH TEMPO", AMBER_FILL, AMBER_FONT)):
            ws.conditional_format(*area, {
                "type": "formula", "criteria": f'=ISNUMBER(SEARCH("{text}",${letter}2))',
                "format": self.wb.add_format({"bg_color": fill, "font_color": font}), "stop_if_true": True,
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
