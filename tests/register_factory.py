"""Small in-memory registers for the check tests (a complete, valid row by default)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sheets.layout import DIK, HOLIDAYS, OBJECTIONS, OFFICERS, REQUESTS, Tab
from sheets.memory import MemoryBackend

D = dt.date.fromisoformat

VALID: dict[str, Any] = {
    "received": D("2026-11-27"),
    "channel": "Email",
    "requester_type": "Perorangan",
    "name": "Siti Aminah",
    "identity": "1503014101900001",
    "phone": "0812-3456-7890",
    "information": "Salinan keputusan penetapan DPT Kecamatan Sarolangun",
    "purpose": "Penelitian skripsi",
}
DECIDED: dict[str, Any] = {
    "decision": "Diterima",
    "holding": "Dikuasai",
    "access_method": "Melihat/Membaca/Mendengarkan/Mencatat",
    "form": "Softcopy",
    "notice_date": D("2026-12-03"),
    "letters": "Tanda Bukti Permohonan: 001/TT/PPID/XII/2026; Pemberitahuan Tertulis: 002/PT/PPID/XII/2026",
    "supervised": "Ya",
}


def row(layout: Tab = REQUESTS, **values: Any) -> list[Any]:
    out: list[Any] = [None] * len(layout.columns)
    for key, v in values.items():
        out[layout.columns.index(layout.column(key))] = v
    return out


def request(**values: Any) -> list[Any]:
    """A request row: VALID plus `values` (a value None blanks the field)."""
    return row(REQUESTS, **{**VALID, **values})


def backend(*rows: list[Any], dik: list[list[Any]] | None = None, holidays: list[list[Any]] | None = None,
            extra_tabs: dict[str, list[list[Any]]] | None = None) -> MemoryBackend:
    tabs = {
        REQUESTS.name: [list(REQUESTS.headers), *[list(r) for r in rows]],
        DIK.name: [list(DIK.headers), *(dik or [])],
        HOLIDAYS.name: [list(HOLIDAYS.headers), *(holidays or [])],
        OFFICERS.name: [list(OFFICERS.headers), ["Rina", "", "Staf", "Ya"]],
        "Pilihan": [["Kanal Permohonan"], ["Datang Langsung"]],
        OBJECTIONS.name: [list(OBJECTIONS.headers)],  # empty, as `ppid init` makes it
    }
    tabs.update(extra_tabs or {})
    return MemoryBackend(tabs)


def cell(b: MemoryBackend, sheet_row: int, key: str, layout: Tab = REQUESTS) -> Any:
    grid = b.tabs[layout.name]
    header = layout.header(key)
    col = grid[0].index(header)
    r = grid[sheet_row - 1]
    return r[col] if col < len(r) else None


def check(today: dt.date, *rows: list[Any], config: Any = None, write: bool = True, **kw: Any):
    """Run the check job on a memory register; returns (result, backend)."""
    from automation.check.job import run_check
    from automation.rules.config import default_config

    b = backend(*rows, **kw)
    snap = b.read()
    result = run_check(snap, config or default_config(), today, dt.datetime.combine(today, dt.time(8, 0)))
    if write:
        b.write(snap, result.changes)
    return result, b


def codes(result: Any, sheet_row: int) -> set[str]:
    return {f.code for f in result.findings if f.row == sheet_row}
