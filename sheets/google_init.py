"""`ppid init --google SPREADSHEET`: lay out an empty Google Sheet like the Excel template.

Everything comes from sheets/layout.py: tabs, headers with their help as notes, dropdowns
from the Pilihan tab (and Petugas), dd-mm-yyyy date formats, text format for NIK and phone
numbers (no lost leading zeros), frozen header (and number/name columns), basic filter, toolkit columns and tabs
protected with a warning (staff can still edit after confirming), and the flagged rows
coloured: red for TERLAMBAT, amber for JATUH TEMPO. The DIK tab is seeded with the ten
Pasal 17 categories.

Requests: metadata, one values read (only to see that a default "Sheet1" is empty before
removing it), one spreadsheets.batchUpdate, one values.batchUpdate (RAW).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sheets.errors import RegisterError
from sheets.google import GoogleBackend, open_google_backend
from sheets.google_plan import (
    DATE_FORMAT,
    DATETIME_FORMAT,
    TIME_FORMAT,
    a1_column,
    column_width_px,
    grid_range,
    quote_title,
    rgb,
)
from sheets.layout import CHOICES, CHOICES_TAB, DIK, OBJECTIONS, OFFICERS, PASAL17, REQUESTS, TABS, Tab

DEFAULT_SHEET_NAMES = ("Sheet1", "Lembar1", "Lembar 1", "Sheet 1")
FLAG_COLOURS = (("TERLAMBAT", {"red": 0.96, "green": 0.78, "blue": 0.76}),
                ("JATUH TEMPO", {"red": 1.0, "green": 0.9, "blue": 0.6}))
HEADER_STAFF = {"red": 0.85, "green": 0.89, "blue": 0.95}
HEADER_TOOLKIT = {"red": 0.89, "green": 0.94, "blue": 0.85}
REGISTER_ROWS = 1000


class GoogleRegisterExists(RegisterError):
    def __init__(self, spreadsheet: str) -> None:
        super().__init__(
            f"Google Sheet {spreadsheet} sudah berisi register (ada tab \"{REQUESTS.name}\"). 'ppid init' "
            f"tidak pernah menimpa register. Untuk register baru, buat Google Sheet kosong, bagikan ke "
            f"service account, lalu jalankan 'ppid init --google' dengan id Google Sheet itu."
        )


@dataclass(frozen=True)
class InitReport:
    spreadsheet_id: str
    tabs: tuple[str, ...]
    removed: tuple[str, ...]
    requests: int


def init_google_register(spreadsheet: str, credentials: Path | str | None = None, **seams: Any) -> InitReport:
    """Lay out the register in an empty spreadsheet shared with the service account.

    `seams` go to `open_google_backend` (base_url, auth, sleep, ... for tests).
    """
    backend = open_google_backend(spreadsheet, credentials, **seams)
    return init_on_backend(backend)


def init_on_backend(backend: GoogleBackend) -> InitReport:
    start = backend.requests
    meta = backend.metadata()
    if meta.find(REQUESTS.name) is not None:
        raise GoogleRegisterExists(backend.spreadsheet_id)
    clash = [t.name for t in TABS if meta.find(t.name) is not None]
    if clash:
        raise RegisterError(f"Google Sheet {backend.spreadsheet_id} sudah punya tab {', '.join(clash)}. "
                            f"Pakai Google Sheet yang kosong untuk 'ppid init --google'.")
    defaults = [s for s in meta.sheets if s.title in DEFAULT_SHEET_NAMES]
    empty = []
    if defaults:
        for sheet, values in zip(defaults, backend.get_values([quote_title(s.title) for s in defaults])):
            if not any(v not in (None, "") for row in values for v in row):
                empty.append(sheet)
    ids = _sheet_ids(meta)
    requests: list[dict[str, Any]] = []
    for i, tab in enumerate(TABS):
        requests += _tab_requests(tab, ids, i)
    requests += [{"deleteSheet": {"sheetId": s.sheet_id}} for s in empty]
    backend.update_structure(requests)
    backend.update_values(_values())
    return InitReport(backend.spreadsheet_id, tuple(t.name for t in TABS), tuple(s.title for s in empty),
                      backend.requests - start)


def _sheet_ids(meta: Any) -> dict[str, int]:
    taken = {s.sheet_id for s in meta.sheets}
    ids, next_id = {}, 1001
    for tab in TABS:
        while next_id in taken:
            next_id += 1
        ids[tab.name] = next_id
        taken.add(next_id)
    return ids


def _rows_for(tab: Tab) -> int:
    if tab is CHOICES_TAB:
        return max(len(v) for v in CHOICES.values()) + 50
    return REGISTER_ROWS


def _tab_requests(tab: Tab, ids: dict[str, int], index: int) -> list[dict[str, Any]]:
    sid, width, rows = ids[tab.name], len(tab.columns), _rows_for(tab)
    out: list[dict[str, Any]] = [{"addSheet": {"properties": {
        "sheetId": sid, "title": tab.name, "index": index, "sheetType": "GRID",
        "gridProperties": {"rowCount": rows, "columnCount": width, "frozenRowCount": tab.form.freeze_rows,
                           "frozenColumnCount": tab.form.freeze_cols},
        **({"tabColorStyle": {"rgbColor": rgb(tab.form.tab_color)}} if tab.form.tab_color else {})}}}]
    # header cells: colour, bold, wrap, note with the column's help
    out.append({"updateCells": {"range": grid_range(sid, 0, 1, 0, width), "fields": "note,userEnteredFormat", "rows": [{
        "values": [_header_cell(c.help, c.is_toolkit) for c in tab.columns]}]}})
    for i, col in enumerate(tab.columns):
        out.append({"updateDimensionProperties": {
            "range": {"sheetId": sid, "dimension": "COLUMNS", "startIndex": i, "endIndex": i + 1},
            "properties": {"pixelSize": column_width_px(col.width)}, "fields": "pixelSize"}})
        fmt = {"date": DATE_FORMAT, "datetime": DATETIME_FORMAT, "time": TIME_FORMAT, "id": {"type": "TEXT"}, "phone": {"type": "TEXT"},
               "money": {"type": "NUMBER", "pattern": "#,##0"}}.get(col.type)
        if fmt:
            out.append({"repeatCell": {"range": grid_range(sid, 1, rows, i, i + 1),
                                       "cell": {"userEnteredFormat": {"numberFormat": fmt}},
                                       "fields": "userEnteredFormat.numberFormat"}})
        source = _choice_source(col.choices)
        if source:
            out.append({"setDataValidation": {"range": grid_range(sid, 1, rows, i, i + 1), "rule": {
                "condition": {"type": "ONE_OF_RANGE", "values": [{"userEnteredValue": source}]},
                "inputMessage": f"Pilih dari daftar {col.choices}", "strict": False, "showCustomUi": True}}})
    if tab.owner == "toolkit":
        out.append(_protect(grid_range(sid), f"Tab {tab.name} diisi toolkit ppid; perubahan akan ditimpa."))
        return out
    toolkit = [i for i, c in enumerate(tab.columns) if c.is_toolkit]
    if toolkit:
        out.append(_protect(grid_range(sid, None, None, toolkit[0], toolkit[-1] + 1),
                            f"Kolom toolkit di {tab.name}: diisi otomatis oleh ppid, jangan diketik."))
    if tab in (REQUESTS, OBJECTIONS):
        out.append({"setBasicFilter": {"filter": {"range": grid_range(sid, 0, rows, 0, width)}}})
        flags = next(i for i, c in enumerate(tab.columns) if c.key == "flags")
        for n, (word, colour) in enumerate(FLAG_COLOURS):
            out.append({"addConditionalFormatRule": {"index": n, "rule": {
                "ranges": [grid_range(sid, 1, rows, 0, width)],
                "booleanRule": {"condition": {"type": "CUSTOM_FORMULA", "values": [
                    {"userEnteredValue": f"=REGEXMATCH(${a1_column(flags)}2, \"{word}\")"}]},
                    "format": {"backgroundColor": colour}}}}})
    return out


def _header_cell(note: str, toolkit: bool) -> dict[str, Any]:
    cell: dict[str, Any] = {"userEnteredFormat": {
        "backgroundColor": HEADER_TOOLKIT if toolkit else HEADER_STAFF,
        "textFormat": {"bold": True}, "wrapStrategy": "WRAP", "verticalAlignment": "MIDDLE"}}
    if note:
        cell["note"] = note
    return cell


def _protect(rng: dict[str, Any], description: str) -> dict[str, Any]:
    return {"addProtectedRange": {"protectedRange": {"range": rng, "description": description, "warningOnly": True}}}


def _choice_source(name: str | None) -> str | None:
    """The dropdown's source range: a Pilihan column, or the officers' names."""
    if name is None:
        return None
    if name in CHOICES:
        col = a1_column(list(CHOICES).index(name))
        return f"={quote_title(CHOICES_TAB.name)}!${col}$2:${col}"
    if name == "Petugas":
        return f"={quote_title(OFFICERS.name)}!$A$2:$A"
    return None


def _values() -> list[dict[str, Any]]:
    """Headers of every tab, the Pilihan lists and the DIK seed (RAW)."""
    data = [{"range": f"{quote_title(t.name)}!A1", "values": [list(t.headers)]} for t in TABS]
    for i, items in enumerate(CHOICES.values()):
        col = a1_column(i)
        data.append({"range": f"{quote_title(CHOICES_TAB.name)}!{col}2:{col}{len(items) + 1}",
                     "values": [[v] for v in items]})
    seed = [[f"P17-{letter.upper()}", text, f"huruf {letter}"]
            for letter, text in PASAL17.items()]
    data.append({"range": f"{quote_title(DIK.name)}!A2:C{len(seed) + 1}", "values": seed})
    return data
