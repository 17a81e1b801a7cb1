"""The register in a Google Sheet: gspread over a service account (extra `google`).

Request budget: `read` is one metadata call plus one values batchGet (more batchGets only when
the grid exceeds `max_cells_per_read` cells); `write` is one batchGet that re-reads the header
row and the key/match columns, at most one spreadsheets batchUpdate for structure (new
columns, date formats, toolkit tabs, appended rows, charts) and one values batchUpdate. A check
run is therefore 3 reads and 2 writes; a run that fills blank registration numbers reads once
more, those cells' formulas (a staff formula whose result is "" looks blank, and is never
replaced). Every value goes in RAW: a requester's `=IMPORTXML(..)`
is stored as the text it is. Dates the toolkit writes are serial numbers (RAW) with the
dd-mm-yyyy number format applied to the column, so they stay dates that sort and filter.

Rows are found again by their key (`CellWrite.match`, `sheets.memory.locate`) right before
writing: rows a clerk inserted, deleted or sorted meanwhile never receive another row's values.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import random
import time
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sheets.errors import TabMissing
from sheets.google_http import (  # noqa: F401 (the transport, re-exported for callers of sheets.google)
    _ID,
    _URL_ID,
    BASE_URL_ENV,
    RETRY_STATUSES,
    SCOPES,
    SHEETS_API,
    ApiCall,
    GoogleError,
    GoogleKeyInvalid,
    GoogleKeyMissing,
    GoogleNotInstalled,
    GoogleNotShared,
    GoogleQuotaExhausted,
    GoogleRequestRejected,
    GoogleSpreadsheetIdInvalid,
    GoogleSpreadsheetNotFound,
    GoogleUnavailable,
    RetryPolicy,
    SheetsHTTPClient,
    _env_base_url,
    _kind,
    _retry_after,
    load_service_account,
    parse_spreadsheet_id,
)
from sheets.google_plan import EPOCH, StructurePlan, a1_column, cell_json, quote_title
from sheets.layout import TABS_BY_NAME, normalize_header
from sheets.memory import IdentityIndex, locate_unambiguous, table_from_grid
from sheets.model import CellValue, CellWrite, SkippedWrite, Snapshot, WriteReport, WriteSet, guard_writes
from sheets.xlsx_guard import FORMULA_TEXT
from sheets.xlsx_writer import SKIP_STAFF_FORMULA

try:  # the `google` extra
    import google.auth.exceptions
    from gspread import Client
    from gspread.exceptions import APIError
    from gspread.http_client import HTTPClient
except ImportError:  # pragma: no cover - exercised only without the extra
    _INSTALLED = False
    HTTPClient = object  # type: ignore[assignment,misc]
else:
    _INSTALLED = True

# --- opening ----------------------------------------------------------------------------------

def open_google_backend(spreadsheet: str, credentials: Path | str | None = None, *, base_url: str | None = None,
                        timeout: float = 30, auth: Any = None, email: str | None = None,
                        policy: RetryPolicy = RetryPolicy(), sleep: Callable[[float], None] = time.sleep,
                        rng: random.Random | None = None, max_cells_per_read: int = 500_000,
                        session: Any = None, env: Mapping[str, str] | None = None) -> GoogleBackend:
    """A backend on the spreadsheet (id or URL). Makes no request until `read`/`write`.

    `auth` (any google-auth credentials, e.g. a token that needs no refresh), `session` (a
    requests session that authenticates itself; gspread then ignores `auth`), `base_url`,
    `sleep` and `rng` are test seams; production passes only the spreadsheet and key path.
    """
    if not _INSTALLED:
        raise GoogleNotInstalled()
    env = os.environ if env is None else env
    spreadsheet_id = parse_spreadsheet_id(spreadsheet)
    key_path = credentials
    if auth is None:
        auth, email = load_service_account(credentials, env)
        key_path = credentials or env.get("GOOGLE_APPLICATION_CREDENTIALS")
    base = base_url or _env_base_url(env)

    def make(a: Any, s: Any) -> SheetsHTTPClient:
        return SheetsHTTPClient(a, s, base_url=base, timeout=timeout, policy=policy, sleep=sleep, rng=rng)

    client = Client(auth, session=session, http_client=make)  # type: ignore[arg-type]
    return GoogleBackend(client.http_client, spreadsheet_id, email=email, key_path=key_path,
                         max_cells_per_read=max_cells_per_read)


# --- the backend ------------------------------------------------------------------------------

@dataclass(frozen=True)
class SheetInfo:
    sheet_id: int
    title: str
    index: int
    rows: int
    cols: int


@dataclass(frozen=True)
class SheetsMeta:
    """The spreadsheet's tabs as seen at read time (carried in `Snapshot.token`)."""

    spreadsheet_id: str
    sheets: tuple[SheetInfo, ...]

    def find(self, title: str) -> SheetInfo | None:
        return next((s for s in self.sheets if s.title == title), None)


def serial_to_date(value: float) -> dt.date:
    return EPOCH + dt.timedelta(days=math.floor(value))


def serial_to_time(value: float) -> dt.time:
    seconds = round((value - math.floor(value)) * 86400) % 86400
    return dt.time(seconds // 3600, seconds % 3600 // 60, seconds % 60)


def convert_grid(tab: str, grid: list[list[CellValue]], header_row: int = 1) -> list[list[CellValue]]:
    """Serial numbers in the layout's date/time columns become dates/times (in place)."""
    layout = TABS_BY_NAME.get(tab)
    if layout is None or len(grid) < header_row:
        return grid
    by_header = layout.by_header()
    kinds = {}
    for i, h in enumerate(grid[header_row - 1]):
        col = by_header.get(normalize_header(h))
        if col is not None and col.type in ("date", "time"):
            kinds[i] = col.type
    for row in grid[header_row:]:
        for i, kind in kinds.items():
            if i < len(row):
                row[i] = convert_value(row[i], kind)
    return grid


def convert_value(v: CellValue, kind: str) -> CellValue:
    if isinstance(v, bool) or not isinstance(v, int | float):
        return v
    return serial_to_date(v) if kind == "date" else serial_to_time(v) if kind == "time" else v


_READ_PARAMS = {"valueRenderOption": "UNFORMATTED_VALUE", "dateTimeRenderOption": "SERIAL_NUMBER",
                "majorDimension": "ROWS"}


class GoogleBackend:
    """Backend protocol over one spreadsheet. `requests`, `reads`, `writes` count API calls."""

    def __init__(self, http: SheetsHTTPClient, spreadsheet_id: str, *, email: str | None = None,
                 key_path: Path | str | None = None, max_cells_per_read: int = 500_000) -> None:
        self.http = http
        self.spreadsheet_id = spreadsheet_id
        self.email = email
        self.key_path = key_path
        self.max_cells_per_read = max_cells_per_read

    # counting
    @property
    def requests(self) -> int:
        return len(self.http.calls)

    @property
    def reads(self) -> int:
        return sum(1 for c in self.http.calls if c.method == "GET")

    @property
    def writes(self) -> int:
        return sum(1 for c in self.http.calls if c.method != "GET")

    def describe(self) -> str:
        return f"Google Sheet {self.spreadsheet_id}"

    # low level, with errors translated
    def _call(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(self.spreadsheet_id, *args, **kwargs)
        except APIError as e:
            raise self._translate(e) from None
        except google.auth.exceptions.RefreshError as e:
            raise GoogleKeyInvalid(self.key_path or "(kredensial)", f"Google menolak kunci ini ({e.args[0] if e.args else e})") from None
        except google.auth.exceptions.TransportError as e:
            raise GoogleUnavailable(f"token: {type(e).__name__}") from None

    def _translate(self, e: APIError) -> GoogleError:
        if e.code == 403:
            return GoogleNotShared(self.spreadsheet_id, self.email)
        if e.code == 404:
            return GoogleSpreadsheetNotFound(self.spreadsheet_id)
        if e.code == 401:
            return GoogleKeyInvalid(self.key_path or "(kredensial)", "Google tidak menerima kredensial ini")
        return GoogleRequestRejected(str(e.error.get("message", e)))

    def metadata(self) -> SheetsMeta:
        body = self._call(self.http.fetch_sheet_metadata, params={
            "includeGridData": "false", "fields": "spreadsheetId,sheets.properties"})
        sheets = []
        for s in body.get("sheets", []):
            p = s["properties"]
            grid = p.get("gridProperties", {})
            sheets.append(SheetInfo(p["sheetId"], p["title"], p.get("index", 0),
                                    grid.get("rowCount", 0), grid.get("columnCount", 0)))
        return SheetsMeta(self.spreadsheet_id, tuple(sheets))

    def update_structure(self, requests: list[dict[str, Any]]) -> dict[str, Any]:
        """One spreadsheets.batchUpdate (sheets, formats, validation, protection, charts)."""
        return self._call(self.http.batch_update, {"requests": requests})

    def update_values(self, data: list[dict[str, Any]]) -> dict[str, Any]:
        """One values.batchUpdate, always RAW: text is stored as text, never run as a formula."""
        return self._call(self.http.values_batch_update, {"valueInputOption": "RAW", "data": data})

    def get_values(self, ranges: Sequence[str], *, formulas: bool = False) -> list[list[list[CellValue]]]:
        """One values.batchGet (unformatted values, dates as serial numbers), one list per range.
        `formulas`: a formula cell gives its formula ("=IF(...)") instead of its result."""
        if not ranges:
            return []
        params = dict(_READ_PARAMS, valueRenderOption="FORMULA") if formulas else dict(_READ_PARAMS)
        body = self._call(self.http.values_batch_get, list(ranges), params=params)
        return [vr.get("values", []) for vr in body.get("valueRanges", [])]

    def _read_plan(self, sheets: Sequence[SheetInfo]) -> list[list[tuple[SheetInfo, int, str]]]:
        """Ranges grouped into batchGet calls of at most `max_cells_per_read` grid cells each."""
        calls: list[list[tuple[SheetInfo, int, str]]] = [[]]
        used = 0
        for s in sheets:
            q = quote_title(s.title)
            cols = max(s.cols, 1)
            if s.rows * cols <= self.max_cells_per_read:
                chunks = [(1, q)]
                cost = s.rows * cols
            else:
                step = max(1, self.max_cells_per_read // cols)
                chunks = [(r, f"{q}!A{r}:{a1_column(cols - 1)}{min(r + step - 1, s.rows)}")
                          for r in range(1, s.rows + 1, step)]
                cost = step * cols
            for first, rng in chunks:
                if calls[-1] and used + cost > self.max_cells_per_read:
                    calls.append([])
                    used = 0
                calls[-1].append((s, first, rng))
                used += cost
        return [c for c in calls if c]

    def read(self, tabs: Sequence[str] | None = None, *, formulas: Collection[str] = ()) -> Snapshot:
        """The tabs named (every tab when None), in batchGets of bounded size. For the tabs in
        `formulas`, one more pass asks for their formulas (`formula_cells`)."""
        meta = self.metadata()
        wanted = [s for s in meta.sheets if tabs is None or s.title in tabs]
        grids: dict[str, list[list[CellValue]]] = {s.title: [] for s in wanted}
        for call in self._read_plan(wanted):
            for (sheet, first, _), values in zip(call, self.get_values([r for _, _, r in call])):
                grid = grids[sheet.title]
                if values:
                    grid.extend([] for _ in range(first - 1 - len(grid)))
                    grid.extend([None if v == "" else v for v in row] for row in values)
        found = self.formula_cells([s for s in wanted if s.title in formulas], grids) if formulas else {}
        tables = {t: table_from_grid(t, convert_grid(t, g)) for t, g in grids.items()}
        return Snapshot(tables, self.describe(), token=meta, formulas=found)

    def formula_cells(self, sheets: Sequence[SheetInfo], grids: Mapping[str, list[list[CellValue]]],
                      ) -> dict[str, tuple[tuple[int, int, str], ...]]:
        """(row, col, formula without "=") of each formula cell of `sheets`, whose values were
        just read into `grids`: the same ranges asked again with valueRenderOption=FORMULA. A
        cell is a formula when that gives text starting with "=" other than its value (text
        typed as "=abc" gives itself both ways). Read a moment after the values: a row a clerk
        inserted in between can shift a finding for this one run; the cells are never written."""
        out: dict[str, tuple[tuple[int, int, str], ...]] = {}
        for call in self._read_plan(sheets):
            for (sheet, first, _), values in zip(call, self.get_values([r for _, _, r in call], formulas=True)):
                grid = grids[sheet.title]
                cells = []
                for r, row in enumerate(values, start=first):
                    as_read = grid[r - 1] if r - 1 < len(grid) else []
                    for c, v in enumerate(row):
                        if type(v) is str and v[:1] == "=" and v != (as_read[c] if c < len(as_read) else None):
                            cells.append((r, c, v[1:FORMULA_TEXT + 1]))
                if cells:
                    out[sheet.title] = out.get(sheet.title, ()) + tuple(cells)
        return out

    def write(self, snapshot: Snapshot, changes: WriteSet) -> WriteReport:
        guard_writes(snapshot, changes)
        start = self.requests
        token = snapshot.token
        meta = token if isinstance(token, SheetsMeta) and token.spreadsheet_id == self.spreadsheet_id else self.metadata()
        plan = StructurePlan(meta.sheets)
        data: list[dict[str, Any]] = []
        written, skipped = self._plan_cells(snapshot, changes.cells, meta, plan, data)
        for content in changes.replace_tabs:
            data.extend(plan.replace_tab(content))
        appended = 0
        for name, rows in changes.append_rows.items():
            appended += plan.append_rows(name, rows)
        if plan.requests:
            self.update_structure(plan.requests)
        if data:
            self.update_values(data)
        return WriteReport(written, tuple(skipped), tuple(c.name for c in changes.replace_tabs), appended,
                           requests=self.requests - start)

    def _plan_cells(self, snapshot: Snapshot, cells: Sequence[CellWrite], meta: SheetsMeta, plan: StructurePlan,
                    data: list[dict[str, Any]]) -> tuple[int, list[SkippedWrite]]:
        by_tab: dict[str, list[CellWrite]] = {}
        for w in cells:
            by_tab.setdefault(w.tab, []).append(w)
        for tab in by_tab:
            if meta.find(tab) is None:
                raise TabMissing(self.describe(), tab)
        current = _CurrentRows(self, snapshot, meta, by_tab)
        skipped: list[SkippedWrite] = []
        targets: list[tuple[str, int, int, CellValue]] = []
        target_writes: list[CellWrite] = []
        for tab, writes in by_tab.items():
            headers, rows = current.headers[tab], current.rows[tab]
            table = snapshot.table(tab)
            now = IdentityIndex(headers, rows)
            then = IdentityIndex(table.headers, dict(zip(table.row_numbers, table.rows))) if table else None
            for w in writes:
                target, why = locate_unambiguous(headers, rows, w, now, then)
                if target is None:
                    skipped.append(SkippedWrite(w, why))
                    continue
                col = current.column(tab, w.header, data, plan)
                if target == w.row and current.unchanged(tab, w, col):
                    continue
                targets.append((tab, target, col, w.value))
                target_writes.append(w)
        targets = self._without_staff_formulas(targets, target_writes, current.headers, skipped)
        data.extend(_column_runs(targets))
        for tab, col in {(t, c) for t, _, c, _ in targets}:
            layout_col = TABS_BY_NAME[tab].by_header().get(normalize_header(current.headers[tab][col]))
            if layout_col is not None and layout_col.type == "date":
                plan.date_format(tab, col, first_row=current.header_row[tab])
        return len(targets), skipped


    def _without_staff_formulas(self, targets: list[tuple[str, int, int, CellValue]], writes: list[CellWrite],
                                headers: Mapping[str, list[str]],
                                skipped: list[SkippedWrite]) -> list[tuple[str, int, int, CellValue]]:
        """Drop writes into staff cells (a blank registration number being filled) that hold a
        formula whose result is "": a formula cell is never replaced. One more batchGet, made
        only on a run that fills numbers (new rows), asking for those cells' formulas."""
        staff = [i for i, (tab, _, col, _) in enumerate(targets)
                 if col < len(headers[tab]) and _is_staff_column(tab, headers[tab][col])]
        if not staff:
            return targets
        ranges = [f"{quote_title(targets[i][0])}!{a1_column(targets[i][2])}{targets[i][1]}" for i in staff]
        drop = set()
        for i, got in zip(staff, self.get_values(ranges, formulas=True)):
            value = got[0][0] if got and got[0] else None
            if isinstance(value, str) and value.startswith("="):
                drop.add(i)
                skipped.append(SkippedWrite(writes[i], SKIP_STAFF_FORMULA))
        return [t for i, t in enumerate(targets) if i not in drop]


def _is_staff_column(tab: str, header: str) -> bool:
    layout = TABS_BY_NAME.get(tab)
    col = layout.by_header().get(normalize_header(header)) if layout is not None and header else None
    return col is not None and not col.is_toolkit


class _CurrentRows:
    """The header row and key/match columns of each written tab, re-read in one batchGet."""

    def __init__(self, backend: GoogleBackend, snapshot: Snapshot, meta: SheetsMeta,
                 by_tab: Mapping[str, Sequence[CellWrite]]) -> None:
        self.snapshot = snapshot
        self.headers: dict[str, list[str]] = {}
        self.rows: dict[str, dict[int, list[CellValue]]] = {}
        self.header_row: dict[str, int] = {}
        self._positions: dict[str, dict[int, int]] = {}
        self._cache: dict[tuple[str, str, str], int | None] = {}
        wanted: dict[str, list[str]] = {}
        guess: dict[str, dict[str, int | None]] = {}
        for tab, writes in by_tab.items():
            table = snapshot.table(tab)
            self.header_row[tab] = table.header_row if table else 1
            names = list(dict.fromkeys(h for w in writes for h, _ in w.match))
            wanted[tab] = names
            guess[tab] = {h: table.index(h) if table else None for h in names}
        def below_header(tab: str, i: int) -> str | None:
            """Column `i` of `tab` below its header row, as an A1 range; None: no rows there."""
            info, hr = meta.find(tab), self.header_row[tab]
            if info is None or info.rows <= hr:
                return None
            return f"{quote_title(tab)}!{a1_column(i)}{hr + 1}:{a1_column(i)}{info.rows}"

        def fetch(keys: list[tuple[str, int | None]], ranges: list[str]) -> None:
            for (tab, i), values in zip(keys, backend.get_values(ranges)):
                if i is None:
                    self.headers[tab] = ["" if v is None else str(v).strip() for v in (values[0] if values else [])]
                else:
                    columns[tab][i] = [r[0] if r and r[0] != "" else None for r in values]

        columns: dict[str, dict[int, list[CellValue]]] = {tab: {} for tab in by_tab}
        ranges, keys = [], []
        for tab in by_tab:
            hr = self.header_row[tab]
            ranges.append(f"{quote_title(tab)}!{hr}:{hr}")
            keys.append((tab, None))
            for h in wanted[tab]:
                i = guess[tab][h]
                rng = below_header(tab, i) if i is not None else None
                if rng is not None:
                    ranges.append(rng)
                    keys.append((tab, i))
        fetch(keys, ranges)
        # A column moved since the read (staff inserted or deleted one): fetch it where it is now.
        ranges, keys = [], []
        for tab in by_tab:
            for h in wanted[tab]:
                now = self._index(tab, h)
                rng = below_header(tab, now) if now is not None and now not in columns[tab] else None
                if rng is not None:
                    ranges.append(rng)
                    keys.append((tab, now))
        fetch(keys, ranges)
        for tab in by_tab:
            self.rows[tab] = self._rows(tab, columns[tab])

    def _index(self, tab: str, header: str) -> int | None:
        key = (tab, "now", header)
        if key not in self._cache:
            wanted = normalize_header(header)
            self._cache[key] = next((i for i, h in enumerate(self.headers[tab]) if normalize_header(h) == wanted), None)
        return self._cache[key]

    def _rows(self, tab: str, columns: Mapping[int, list[CellValue]]) -> dict[int, list[CellValue]]:
        headers = self.headers[tab]
        layout = TABS_BY_NAME.get(tab)
        by_header = layout.by_header() if layout else {}
        height = max((len(v) for v in columns.values()), default=0)
        width = len(headers)
        rows = {n: [None] * width for n in range(self.header_row[tab] + 1, self.header_row[tab] + 1 + height)}
        for i, values in columns.items():
            if i >= width:
                continue
            col = by_header.get(normalize_header(headers[i]))
            kind = col.type if col is not None else "text"
            for n, v in enumerate(values, start=self.header_row[tab] + 1):
                rows[n][i] = convert_value(v, kind)
        return rows

    def column(self, tab: str, header: str, data: list[dict[str, Any]], plan: StructurePlan) -> int:
        """Where `header` is now; a missing toolkit header is added after the last column."""
        i = self._index(tab, header)
        if i is None:
            self.headers[tab].append(header)
            i = len(self.headers[tab]) - 1
            self._cache[(tab, "now", header)] = i
            hr = self.header_row[tab]
            data.append({"range": f"{quote_title(tab)}!{a1_column(i)}{hr}", "values": [[header]]})
            plan.ensure_columns(tab, i + 1)
        return i

    def unchanged(self, tab: str, w: CellWrite, col: int) -> bool:
        """The cell already holds the value (as read, same row, same column): no need to send it."""
        table = self.snapshot.table(tab)
        if table is None:
            return False
        if tab not in self._positions:
            self._positions[tab] = {n: p for p, n in enumerate(table.row_numbers)}
        pos = self._positions[tab].get(w.row)
        key = (tab, "read", w.header)
        if key not in self._cache:
            self._cache[key] = table.index(w.header)
        i = self._cache[key]
        if pos is None or i is None or i != col:
            return False
        row = table.rows[pos]
        old = row[i] if i < len(row) else None
        if old in (None, "") and w.value in (None, ""):
            return True
        return type(old) is type(w.value) and old == w.value


def _column_runs(targets: Sequence[tuple[str, int, int, CellValue]]) -> list[dict[str, Any]]:
    """One values range per run of consecutive rows in one column (keeps big writes small)."""
    cells: dict[tuple[str, int], dict[int, CellValue]] = {}
    for tab, row, col, value in targets:
        cells.setdefault((tab, col), {})[row] = value
    data = []
    for (tab, col), by_row in cells.items():
        rows = sorted(by_row)
        start = prev = rows[0]
        for r in rows[1:] + [None]:
            if r is not None and r == prev + 1:
                prev = r
                continue
            letter = a1_column(col)
            data.append({"range": f"{quote_title(tab)}!{letter}{start}:{letter}{prev}", "majorDimension": "ROWS",
                         "values": [[cell_json(by_row[n])] for n in range(start, prev + 1)]})
            if r is not None:
                start = prev = r
    return data
