"""Typed pandas frames of a register, for analysts (and the in-memory check the recap uses).

`read_register(path_or_url, today)` reads an .xlsx register or a Google Sheet read-only,
checks it in memory as `ppid check` would (the register's own "Hari Libur" tab included;
nothing is written to the source) and returns one row per request with typed columns:
dates as datetime64, choices as categoricals, counts as nullable integers, and the computed
deadlines, status and finding counts. No personal data: the requester's name, NIK, address,
phone, e-mail, occupation and free-text fields are left out.

`request_frame(snapshot, config, today, now)` does the same for a snapshot already read.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from automation.check.job import CheckResult, run_check
from automation.rules.config import Config, default_config
from automation.rules.deadlines import compute_deadlines, deadline_rules_from_config
from automation.rules.office_calendar import office_calendar
from automation.rules.records import Request, read_requests
from sheets.checks import require_headers
from sheets.layout import CHOICES, OBJECTIONS, REQUESTS
from sheets.memory import MemoryBackend
from sheets.model import CellWrite, Snapshot, Table, WriteSet

CATEGORIES: dict[str, tuple[str, ...]] = {
    "channel": tuple(CHOICES["Kanal Permohonan"]),
    "category": tuple(CHOICES["Kategori Informasi"]),
    "requester_type": tuple(CHOICES["Jenis Pemohon"]),
    "holding": tuple(CHOICES["Status Penguasaan"]),
    "decision": tuple(CHOICES["Keputusan"]),
    "refusal_reason": tuple(CHOICES["Alasan Penolakan"]),
    "extension_reason": tuple(CHOICES["Alasan Perpanjangan"]),
    "officer": (),
    "status": (),
}
"""Categorical columns and their dropdown values (values typed outside the list are added)."""

DATES = ("received", "extension_notice_date", "notice_date", "given_date")
COMPUTED_DATES = ("due", "due_extended", "deadline", "objection_due")


def memory_copy(snapshot: Snapshot) -> MemoryBackend:
    """The snapshot as a MemoryBackend (header in row 1, gaps between rows kept), so the check
    writes to the copy and never to the office's file."""
    tabs: dict[str, list[list[object]]] = {}
    for name, table in snapshot.tables.items():
        grid: list[list[object]] = [list(table.headers)]
        for number, row in zip(table.row_numbers, table.rows):
            at = number - table.header_row  # grid index of this row (the header is index 0)
            while len(grid) < at:
                grid.append([])
            grid.append(list(row))
        tabs[name] = grid
    return MemoryBackend(tabs, name=snapshot.source)


def check_in_memory(snapshot: Snapshot, config: Config, today: dt.date, now: dt.datetime, *,
                    toolkit_writes: bool = True) -> tuple[CheckResult, Snapshot]:
    """Run the daily check on `snapshot` (already a copy in memory: the check never writes) and
    apply its writes to a copy, never to the register it was read from.

    Returns the check result and the checked copy, as the register would be after `ppid
    check`. With `toolkit_writes` every write (registration numbers, toolkit columns, tabs) goes
    to a MemoryBackend copy, which applies them as a real backend would. The recap passes False:
    its figures are computed from staff cells only, so only the staff cells the check fills
    (blank registration numbers) are patched into the rows they were read from, which costs a
    fraction of copying and re-reading the whole register 552 times.
    Raises RegisterError (sheets.errors) when the request tab or a required column is missing.
    """
    require_headers(snapshot, REQUESTS)
    result = run_check(snapshot, config, today, now)
    if not toolkit_writes:
        staff = {layout.name: {c.header for c in layout.staff_columns} for layout in (REQUESTS, OBJECTIONS)}
        return result, patched(snapshot, [w for w in result.changes.cells if w.header in staff.get(w.tab, ())])
    if not result.changes:
        return result, snapshot
    mem = memory_copy(snapshot)
    shift = {name: table.header_row - 1 for name, table in snapshot.tables.items()}  # the copy's header is row 1
    changes = WriteSet([w if not shift.get(w.tab) else replace(w, row=w.row - shift[w.tab])
                        for w in result.changes.cells], result.changes.replace_tabs, result.changes.append_rows)
    mem.write(mem.read(), changes)
    return result, mem.read()


def patched(snapshot: Snapshot, cells: list[CellWrite]) -> Snapshot:
    """A new snapshot with `cells` written into the rows they were read from (the tables of
    `snapshot` are immutable and stay as they were)."""
    if not cells:
        return snapshot
    tables = dict(snapshot.tables)
    for tab in {w.tab for w in cells}:
        table = tables[tab]
        rows = list(table.rows)
        position = {n: i for i, n in enumerate(table.row_numbers)}
        columns: dict[str, int | None] = {}
        for w in cells:
            if w.tab != tab:
                continue
            if w.header not in columns:
                columns[w.header] = table.index(w.header)
            i, col = position.get(w.row), columns[w.header]
            if i is None or col is None:
                continue
            row = list(rows[i]) + [None] * max(0, col + 1 - len(rows[i]))
            row[col] = w.value
            rows[i] = tuple(row)
        tables[tab] = Table(table.tab, table.headers, table.header_row, tuple(rows), table.row_numbers)
    return Snapshot(tables, snapshot.source, snapshot.token)


def _categorical(values: list[str], known: tuple[str, ...]) -> pd.Categorical:
    cleaned = [v.strip() or None for v in values]
    extra = sorted({v for v in cleaned if v is not None and v not in known})
    return pd.Categorical(cleaned, categories=[*known, *extra])


def _dates(values: object) -> pd.Series:
    arr = np.asarray(values, dtype="datetime64[D]") if not isinstance(values, np.ndarray) else values
    return pd.Series(arr.astype("datetime64[s]"))


def _ints(values: np.ndarray | list[int | None]) -> pd.Series:
    arr = np.asarray(values, dtype="float64")
    return pd.Series(pd.array([None if np.isnan(v) else int(v) for v in arr], dtype="Int64"))


def frame_from_requests(requests: list[Request], result: CheckResult, checked: Snapshot, config: Config,
                        today: dt.date) -> pd.DataFrame:
    """The typed frame (module docstring) from the checked copy's requests."""
    cal = office_calendar(config, checked).calendar
    cols = compute_deadlines(
        [r.received for r in requests], cal=cal, today=today,
        received_times=[r.received_time for r in requests],
        election=[r.election for r in requests], extended=[r.extended for r in requests],
        extension_dates=[r.extension_notice_date for r in requests],
        extension_reasons=[r.extension_reason for r in requests],
        notice_dates=[r.notice_date for r in requests], rules=deadline_rules_from_config(config.deadlines),
    )
    errors = Counter(f.row for f in result.findings if f.tab == REQUESTS.name and f.severity == "error")
    warnings = Counter(f.row for f in result.findings if f.tab == REQUESTS.name and f.severity != "error")
    codes: dict[int, list[str]] = {}
    for f in result.findings:
        if f.tab == REQUESTS.name:
            codes.setdefault(f.row, []).append(f.code)
    rows = [r.ref.row for r in requests]
    data: dict[str, object] = {
        "row": pd.array(rows, dtype="Int64"),
        "number": pd.array([r.number or None for r in requests], dtype="string"),
    }
    for key in DATES:
        data[key] = _dates([getattr(r, key) for r in requests])
    for key, known in CATEGORIES.items():
        values = [str(r.toolkit.get("status") or "") for r in requests] if key == "status" else \
            [getattr(r, key) for r in requests]
        data[key] = _categorical(values, known)
    data["extended"] = pd.array([r.extended for r in requests], dtype="boolean")
    data["fee"] = pd.array([r.fee for r in requests], dtype="Int64")
    data["supervised"] = pd.array([r.supervised for r in requests], dtype="boolean")
    for key in COMPUTED_DATES:
        data[key] = _dates(getattr(cols, key))
    data["remaining"] = _ints(cols.remaining)
    data["days_taken"] = _ints(cols.taken)
    data["late"] = pd.array(cols.late.tolist(), dtype="boolean")
    data["extension_lawful"] = pd.array(list(cols.extension_lawful), dtype="boolean")
    data["flags"] = pd.array([str(r.toolkit.get("flags") or "") or None for r in requests], dtype="string")
    data["errors"] = pd.array([errors.get(n, 0) for n in rows], dtype="Int64")
    data["warnings"] = pd.array([warnings.get(n, 0) for n in rows], dtype="Int64")
    data["finding_codes"] = pd.array([" ".join(codes.get(n, [])) or None for n in rows], dtype="string")
    frame = pd.DataFrame({k: (v.reset_index(drop=True) if isinstance(v, pd.Series) else v) for k, v in data.items()})
    frame.attrs.update(source=checked.source, today=today.isoformat())
    return frame


def request_frame(snapshot: Snapshot, config: Config, today: dt.date, now: dt.datetime | None = None) -> pd.DataFrame:
    """One typed row per request of `snapshot`, checked in memory as of `today`."""
    result, checked = check_in_memory(snapshot, config, today, now or dt.datetime.combine(today, dt.time(0, 0)))
    requests = read_requests(require_headers(checked, REQUESTS))
    return frame_from_requests(requests, result, checked, config, today)


def is_google_source(source: str) -> bool:
    """A Google Sheet URL or "google:ID" (anything else is a file path)."""
    return source.startswith("https://docs.google.com/") or source.startswith("google:")


def read_register(path_or_url: str | Path, today: dt.date, *, config: Config | None = None,
                  credentials: str | Path | None = None) -> pd.DataFrame:
    """Read a register (an .xlsx path, a Google Sheet URL or "google:ID") read-only and
    return its typed request frame as of `today` (see the module docstring).

    `config` supplies the calendar and deadline options (default: the built-in ones);
    `credentials` the service-account key for Google (default: GOOGLE_APPLICATION_CREDENTIALS).
    """
    cfg = config or default_config()
    text = str(path_or_url)
    if is_google_source(text):
        from sheets.google import open_google_backend

        snapshot = open_google_backend(text.removeprefix("google:"), credentials).read()
    else:
        from sheets.excel import ExcelBackend

        snapshot = ExcelBackend(Path(text).expanduser()).read()
    return request_frame(snapshot, cfg, today)


def read_registers(sources: dict[str, str | Path], today: dt.date, *, config: Config | None = None,
                   credentials: str | Path | None = None) -> pd.DataFrame:
    """Several offices' registers in one frame: `sources` maps an office code to its path or
    Google URL; the frame gets an `office` column (categorical) in front. A register that cannot
    be read raises (use `ppid rekap` for a run that reports unusable registers and goes on)."""
    frames = []
    for code, source in sources.items():
        frame = read_register(source, today, config=config, credentials=credentials)
        frame.insert(0, "office", code)
        frames.append(frame)
    if not frames:
        return pd.DataFrame()
    out = pd.concat(frames, ignore_index=True)
    out["office"] = pd.Categorical(out["office"], categories=list(sources))
    return out
