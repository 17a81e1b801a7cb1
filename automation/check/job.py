"""The daily check (`ppid check`): validate, number, compute deadlines, flag, and say what changed.

`run_check` is a function over plain data: a `Snapshot` in, a `CheckResult` out (the cells to
write, the rebuilt "Perlu Tindakan" tab, one "Log" row). It never writes and never reads the
clock: the command layer does both. It runs as named stages, each a function of the earlier
stages' results: `stage_read`, `stage_number`, `stage_deadlines` (vectorised), `stage_validate`,
`stage_flag`, `stage_diff` (plus the objections register and `stage_tabs`), `stage_summarise`.

Idempotence: a toolkit cell is written only when its new value differs from the value read
(compared by type: dates as dates, numbers as numbers, text without surrounding spaces).
"Diperiksa" (the check time) is written only for rows whose other toolkit values changed, so a
second run on an unchanged register writes no cell. "Sisa Hari Kerja" changes from one day to
the next, as it should, and then "Diperiksa" moves with it. "Perlu Tindakan" is replaced only
when its content changed; the "Log" tab gets one row per run (that is its purpose).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import itertools
import math
import operator
import pickle
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

import numpy as np

from automation.check.objections import check_objections
from automation.rules.actions import Action, actions_tab
from automation.rules.calendar import BAND_END, WorkCalendar, unsure_official_dates
from automation.rules.config import Config
from automation.rules.deadlines import (
    DeadlineColumns,
    calendar_finding,
    completion_deadlines,
    completion_trace,
    compute_deadlines,
    deadline_rules_from_config,
    format_moved,
    moved_due_dates,
    trace_column,
)
from automation.rules.errors import EXIT_FINDINGS, EXIT_OK
from automation.rules.findings import Finding
from automation.rules.flags import (
    FLAGS,
    STATUSES,
    TERLAMBAT,
    DikMatcher,
    RowDeadlines,
    RowFlags,
    flag_rows,
    row_flag_values,
)
from automation.rules.numbering import assign_numbers
from automation.rules.office_calendar import office_calendar
from automation.rules.records import DikEntry, Request, read_dik, read_officers, read_requests, records_from_columns
from automation.rules.register_findings import merged_findings, register_actions, twice_headers, twin_rows
from automation.rules.validate import (
    COLUMN_MISSING,
    COLUMN_NEW,
    NO_NUMBER,
    TAB_MISSING,
    Rules,
    allowed_choices,
    duplicate_numbers,
    extension_finding,
    formula_findings,
    moving_rows,
    quote,
    repeat_requests,
    staff_formulas,
    swapped_dates,
    tab_finding,
    typed_finding,
    typed_over,
    validate_request,
)
from automation.rules.values import as_text, is_blank, parse_date
from sheets.checks import require_headers
from sheets.gc_pause import gc_paused
from sheets.layout import (
    ACTIONS,
    CHECK_LAZY_TABS,
    CHOICES_TAB,
    DIK,
    HOLIDAYS,
    LOG,
    NEW_STAFF_COLUMNS,
    OBJECTIONS,
    OFFICERS,
    PRINT_REGISTER,
    REQUESTS,
    Column,
)
from sheets.model import CellValue, CellWrite, SheetContent, Snapshot, Table, WriteSet, fingerprint_slot

Progress = Callable[[str], None]
CHECKED_FORMAT = "%d-%m-%Y %H:%M"
MAX_MOVED_IN_LOG = 20
# Toolkit columns this job writes (Surat Terbit belongs to the letters job).
WRITTEN = ("due", "due_extended", "remaining", "days_taken", "status", "flags", "findings", "trace",
           "objection_deadline")
_DEFAULTED = ("category",)  # read_requests fills a blank category with "Badan Publik"
_STAFF_KEYS = tuple(c.key for c in REQUESTS.staff_columns if c.key not in _DEFAULTED)
_SUPPORT_TABS = {
    DIK.name: "Kode DIK tidak dapat diperiksa dan saran KEMUNGKINAN DIKECUALIKAN tidak dibuat",
    HOLIDAYS.name: "libur lokal kantor tidak ikut dihitung",
    OFFICERS.name: "nama petugas tidak dapat diperiksa",
    CHOICES_TAB.name: "hanya daftar pilihan bawaan yang dipakai",
    OBJECTIONS.name: "keberatan tidak diperiksa, tidak diberi nomor dan tidak masuk \"Perlu Tindakan\"",
}


@dataclass
class CheckResult:
    """What one check run found and would write."""

    changes: WriteSet
    findings: list[Finding]
    summary: dict[str, int]
    make_rows_json: Callable[[], dict[str, Any]]
    exit_code: int
    log_line: str
    actions: list[Action] = field(default_factory=list)
    numbers: dict[int, str] = field(default_factory=dict)  # sheet row -> number given this run
    moved: list[str] = field(default_factory=list)  # format_moved lines

    @property
    def cell_count(self) -> int:
        return len(self.changes.cells)

    @cached_property
    def rows_json(self) -> dict[str, Any]:
        """Per row (keyed by No. Pendaftaran) and per objection: status, dates, flags, codes.
        Built when asked for (--json, tests): a daily run on 100k rows need not pay for it."""
        return self.make_rows_json()


def _choices_from_tab(table: Table | None) -> dict[str, list[str]]:
    if table is None:
        return {}
    return {h: [as_text(v) for v in table.column(h) if not is_blank(v)] for h in table.headers if h}


def _has_staff_data(req: Request) -> bool:
    """False for a row that holds only toolkit leftovers (staff cleared it): it is ignored."""
    if req.received is not None or req.name or req.information:  # most rows: known at once
        return True
    return any(getattr(req, key) not in (None, "", False) for key in _STAFF_KEYS) or bool(req.issues)


def _num(a: np.ndarray) -> list[int | None]:
    return [None if math.isnan(v) else int(v) for v in a.tolist()]


def _row_deadlines(cols: DeadlineColumns) -> list[RowDeadlines]:
    due, due_ext, deadline = cols.due.tolist(), cols.due_extended.tolist(), cols.deadline.tolist()
    remaining, taken, objection = _num(cols.remaining), _num(cols.taken), cols.objection_due.tolist()
    late, answered_late = cols.late.tolist(), cols.answered_late.tolist()
    n = len(due)
    blank = [None] * n  # completion dates: filled by _completion for the rows that need them
    return records_from_columns(RowDeadlines, n, {
        "due": due, "due_extended": due_ext, "deadline": deadline, "remaining": remaining, "late": late,
        "answered_late": answered_late, "taken": taken, "objection_due": objection,
        "extension_lawful": cols.extension_lawful.tolist(), "extension_problem": cols.extension_problem,
        "completion_notice_due": blank, "completion_due": blank})


# --- comparing what was read with what would be written ---------------------------------------


def same_value(col: Column, old: CellValue, new: CellValue) -> bool:
    """True when writing `new` over `old` would change nothing the user can see."""
    if old is None:  # the first run: every toolkit cell is empty
        return new is None or new == ""
    if old == new and type(old) is type(new):  # the daily case: nothing changed
        return True
    if type(old) is dt.datetime and type(new) is dt.date:
        return old.date() == new
    if is_blank(old) and (new is None or new == ""):
        return True
    if col.type == "date":
        parsed, _ = parse_date(old)
        return parsed is not None and parsed == new
    if col.type == "number":
        if new is None or isinstance(old, bool):
            return False
        if isinstance(old, (int, float)):
            return float(old) == float(new)
        try:
            return float(str(old).strip()) == float(new)
        except ValueError:
            return False
    if new is None or is_blank(old):
        return False
    return _text(old) == _text(new)


def _text(value: CellValue) -> str:
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def _same_tab(table: Table | None, content: SheetContent) -> bool:
    if table is None:
        return False
    header, *rows = content.rows
    if tuple(h.strip() for h in table.headers[: len(header)]) != tuple(header):
        return False
    if len(table.rows) != len(rows):
        return False
    for old, new in zip(table.rows, rows):
        if _same_row_exactly(old, new):
            continue
        for i, value in enumerate(new):
            before = old[i] if i < len(old) else None
            if is_blank(before) and (value is None or value == ""):
                continue
            if isinstance(value, (int, float)) and isinstance(before, (int, float)) and not isinstance(before, bool):
                if float(before) != float(value):
                    return False
            elif isinstance(value, dt.date) and not isinstance(value, dt.datetime):
                if parse_date(before)[0] != value:
                    return False
            elif as_text(before) != as_text(value):
                return False
    return True


def _same_row_exactly(old: Sequence[CellValue], new: Sequence[CellValue]) -> bool:
    """The common case of `_same_tab`, without a look at each cell: the row as read holds the
    very values (and types) written, "" read back as an empty cell. Anything else (a number read
    as text, a date as a datetime, spaces around text) is left to the cell-by-cell comparison."""
    if len(old) < len(new):
        return False
    written = tuple(None if v == "" else v for v in new) if "" in new else tuple(new)
    read = tuple(old[: len(new)]) if len(old) != len(new) or type(old) is not tuple else old
    return read == written and all(map(operator.is_, map(type, read), map(type, written)))


# --- the toolkit tabs: compared only when they may be unchanged ------------------------------
#
# Each check's Log row ends with a stamp per toolkit tab: "<tab>=<digest of its content>" and,
# when this run saw the tab hold exactly that content, "@<fingerprint of the tab as stored>".
# A later run then
#   - rewrites the tab without reading it when its new content has another digest (the tab
#     changes either way; it never holds staff data);
#   - leaves it alone without reading it when the digest is the same and the tab's fingerprint
#     (Excel: sizes and CRCs from the zip directory, sheets.excel.tab_fingerprints) is the one
#     stamped: nobody has touched the tab since it was seen to hold that content;
#   - otherwise reads it and compares, as before (a staff edit of the tab changes its
#     fingerprint, so it is always seen and put right).
# Every stamp is a true statement about some past state, so an old, copied or sorted Log row
# can cost a rewrite or a comparison, never a wrong answer.

TabLoader = Callable[[str], Table | None]
STAMP_WORD = "tab:"
TOOLKIT_TAB_CODES = {ACTIONS.name: "PT", PRINT_REGISTER.name: "CR"}
_CODE_TABS = {v: k for k, v in TOOLKIT_TAB_CODES.items()}
assert tuple(TOOLKIT_TAB_CODES) == CHECK_LAZY_TABS  # the tabs `ppid check` need not read up front
_STAMP = re.compile(r"\b(PT|CR)=([0-9a-f]{16})(?:@([0-9a-f.\-]+))?")


def content_digest(content: SheetContent) -> str:
    """The values of a toolkit tab (what `_same_tab` compares), as 16 hex digits: their pickle
    without its memo (so equal values give equal bytes however objects are shared; twice as
    fast as repr). Another Python's pickle may differ: that costs one comparison, see above."""
    out = io.BytesIO()
    pickler = pickle.Pickler(out, protocol=5)
    pickler.fast = True  # no memo: every value written out in full
    pickler.dump(content.rows)
    return hashlib.sha256(out.getbuffer()).hexdigest()[:16]


def stored_stamps(log: Table | None) -> dict[str, tuple[str, str | None]]:
    """Tab name -> (digest, fingerprint or None) from the last check row of the Log tab."""
    if log is None:
        return {}
    command = log.index(LOG.header("command"))
    remarks = log.index(LOG.header("remarks"))
    if command is None or remarks is None:
        return {}
    for row in reversed(log.rows):
        if len(row) > max(command, remarks) and row[command] == "check" and isinstance(row[remarks], str):
            text = row[remarks]
            at = text.rfind(STAMP_WORD)
            if at < 0:
                return {}
            return {_CODE_TABS[code]: (digest, seen) for code, digest, seen in _STAMP.findall(text[at:])}
    return {}


def settle_tab(content: SheetContent, snapshot: Snapshot, stored: tuple[str, str | None] | None,
               load_tab: TabLoader | None) -> tuple[bool, str]:
    """(replace the tab?, this run's stamp for it)."""
    digest = content_digest(content)
    code = TOOLKIT_TAB_CODES[content.name]
    now_seen = snapshot.fingerprints.get(content.name)
    if content.name in snapshot.tables:
        table = snapshot.tables[content.name]
    elif stored is not None and stored[0] != digest:
        return True, _rewritten(code, digest, content.name, snapshot)
    elif stored is not None and stored[1] is not None and now_seen == stored[1]:
        return False, f"{code}={digest}@{now_seen}"
    else:
        table = load_tab(content.name) if load_tab is not None else None
    if _same_tab(table, content):
        return False, f"{code}={digest}" + (f"@{now_seen}" if now_seen else "")
    return True, _rewritten(code, digest, content.name, snapshot)


def _rewritten(code: str, digest: str, tab: str, snapshot: Snapshot) -> str:
    """The stamp of a tab this run rewrites: with a backend that has fingerprints, a slot the
    writer fills with the tab's fingerprint as written, so the next run need not read it."""
    return f"{code}={digest}" + (fingerprint_slot(tab) if snapshot.fingerprints else "")


# --- the job -----------------------------------------------------------------------------------


def run_check(
    snapshot: Snapshot,
    config: Config,
    today: dt.date,
    now: dt.datetime,
    progress: Progress | None = None,
    load_tab: TabLoader | None = None,
) -> CheckResult:
    """Check the whole register as of `today`; `now` only stamps "Diperiksa" and the Log row.

    The toolkit tabs ("Perlu Tindakan", "Cetak Register") need not be in `snapshot`: when one is
    not, it is read through `load_tab` only if it must be compared (see `settle_tab`)."""
    # millions of short-lived, acyclic objects (typed rows, findings, cell writes): see gc_pause
    with gc_paused():
        return _run_check(snapshot, config, today, now, progress, load_tab)


def _run_check(
    snapshot: Snapshot,
    config: Config,
    today: dt.date,
    now: dt.datetime,
    progress: Progress | None,
    load_tab: TabLoader | None,
) -> CheckResult:
    """The check as named stages, each a function of what the earlier ones produced."""
    step = progress or (lambda _stage: None)
    step("membaca baris")
    read = stage_read(snapshot, config, today)
    requests = read.requests
    step("nomor pendaftaran")
    num = stage_number(requests, config, today, hold_rows=read.volatile_received)
    step("batas waktu")
    dl = stage_deadlines(requests, read.cal, config, today)
    step("validasi")
    row_findings, said_once = stage_validate(requests, read.rules, num, dl, read.cal, read.formulas)
    step("bendera")
    flagged = stage_flag(requests, num.numbers, dl.per_row, row_findings, read.dik, config, today)
    step("menyusun perubahan")
    changes, typed_at = stage_diff(requests, num, dl, flagged, row_findings, now)
    step("keberatan")
    obj = check_objections(snapshot.table(OBJECTIONS.name), requests, read.cal, config, today,
                           deadlines=[d.deadline for d in dl.per_row],
                           formula_cells=snapshot.formulas.get(OBJECTIONS.name, ()))
    changes.cells.extend(obj.cells)  # Register Keberatan cells only
    all_findings = (read.findings + [f for fs in row_findings for f in fs] + said_once
                    + [f for fs in typed_at.values() for f in fs] + list(obj.findings))
    actions = [f.action for f in flagged if f.action is not None] + list(obj.actions)
    actions.extend(register_actions(all_findings))  # the register itself: REG-xxx, one line each
    step("tab Perlu Tindakan dan Cetak Register")
    stamps = stage_tabs(snapshot, changes, actions, requests, num.numbers, dl.per_row, flagged, today, load_tab)

    def make_rows_json() -> dict[str, Any]:
        return {"rows": rows_json(requests, num.numbers, dl.per_row, flagged, row_findings, typed_at),
                "objections": obj.rows_json}

    step("ringkasan")
    return stage_summarise(changes, all_findings, actions, stamps, requests, num, dl.per_row, flagged,
                           {f"objections_{k}": v for k, v in obj.summary.items()}, make_rows_json, now)


# --- the stages --------------------------------------------------------------------------------


@dataclass
class ReadStage:
    """The register as typed records, the office calendar, the rules, and tab-level findings."""

    requests: list[Request]
    cal: WorkCalendar
    dik: dict[str, DikEntry]
    rules: Rules
    findings: list[Finding]
    # staff cells that hold a formula, by sheet row: (header, formula text); and the rows whose
    # Tanggal Diterima is a formula whose result changes by itself (=TODAY()): not numbered
    formulas: dict[int, list[tuple[str, str]]] = field(default_factory=dict)
    volatile_received: frozenset[int] = frozenset()


def stage_read(snapshot: Snapshot, config: Config, today: dt.date) -> ReadStage:
    table = require_headers(snapshot, REQUESTS)
    findings_global: list[Finding] = []
    for name, effect in _SUPPORT_TABS.items():
        if snapshot.table(name) is None:
            findings_global.append(tab_finding(TAB_MISSING, name, effect=effect))
    for header in table.missing_headers(REQUESTS):
        col = REQUESTS.by_header()[" ".join(header.split()).casefold()]
        if col.is_toolkit:
            continue
        if col.header in NEW_STAFF_COLUMNS:
            findings_global.append(tab_finding(COLUMN_NEW, REQUESTS.name, column=header))
        else:
            findings_global.append(tab_finding(COLUMN_MISSING, REQUESTS.name, column=header))
    findings_global.extend(merged_findings(table, snapshot.merged.get(REQUESTS.name, ())))
    findings_global.extend(twice_headers(table, REQUESTS))
    requests = [r for r in read_requests(table) if _has_staff_data(r)]
    oc = office_calendar(config, snapshot)
    findings_global.extend(oc.findings)
    dik = read_dik(snapshot.table(DIK.name))
    choices_extra = _choices_from_tab(snapshot.table(CHOICES_TAB.name))
    officers = read_officers(snapshot.table(OFFICERS.name))
    if officers:
        choices_extra["Petugas"] = officers
    ids = table.column(REQUESTS.header("identity"))
    numeric_ids = frozenset(n for n, v in zip(table.row_numbers, ids)
                            if isinstance(v, (int, float)) and not isinstance(v, bool))
    rules = Rules(today=today, dik=dik, choices=allowed_choices(choices_extra),
                  repeat_window_days=config.deadlines.repeat_window_days, identity_numeric=numeric_ids)
    formulas = staff_formulas(table, snapshot.formulas.get(REQUESTS.name, ()), REQUESTS)
    return ReadStage(requests, oc.calendar, dik, rules, findings_global, formulas,
                     moving_rows(formulas, REQUESTS.header("received")))


@dataclass
class NumberStage:
    """Registration numbers: given this run (`assigned`), held back, and every row's number."""

    swaps: dict[int, list[Finding]]
    assigned: list[Any]
    waiting: list[int]
    numbers: list[str]


def stage_number(requests: Sequence[Request], config: Config, today: dt.date,
                 hold_rows: frozenset[int] = frozenset()) -> NumberStage:
    """`hold_rows`: sheet rows whose received date must not give a number yet (besides the
    swapped ones found here): a number from a doubtful date would be permanent."""
    swaps = swapped_dates(requests, today)
    hold = set(swaps)
    if hold_rows:
        hold.update(i for i, r in enumerate(requests) if r.ref.row in hold_rows)
    assigned, waiting = assign_numbers(requests, config.numbers.request, today, hold=frozenset(hold))
    numbers = [r.number for r in requests]
    for a in assigned:
        numbers[a.position] = a.number
    return NumberStage(swaps, list(assigned), list(waiting), numbers)


@dataclass
class DeadlineStage:
    """The deadline columns (vectorised), per row, and each row's trace text."""

    cols: DeadlineColumns
    per_row: list[RowDeadlines]
    traces: list[str]


def stage_deadlines(requests: Sequence[Request], cal: WorkCalendar, config: Config, today: dt.date) -> DeadlineStage:
    deadline_rules = deadline_rules_from_config(config.deadlines)
    cols = compute_deadlines(
        [r.received for r in requests], cal=cal, today=today,
        received_times=[r.received_time for r in requests],
        election=np.fromiter((r.election for r in requests), bool, len(requests)),
        extended=np.fromiter((r.extended for r in requests), bool, len(requests)),
        extension_dates=[r.extension_notice_date for r in requests],
        extension_reasons=[r.extension_reason for r in requests],
        notice_dates=[r.notice_date for r in requests],
        rules=deadline_rules,
    )
    per_row = _row_deadlines(cols)
    lawful_ext = [bool(r.extended and d.extension_lawful) for r, d in zip(requests, per_row)]
    traces = trace_column([r.received for r in requests], cal, election=[r.election for r in requests],
                          received_times=[r.received_time for r in requests], extended=lawful_ext,
                          rules=deadline_rules, until=_warn_until(per_row, cal))
    traces = list(traces)
    _completion(requests, per_row, traces, cal, deadline_rules)
    return DeadlineStage(cols, per_row, traces)


def stage_validate(requests: Sequence[Request], rules: Rules, num: NumberStage, dl: DeadlineStage,
                   cal: WorkCalendar, formulas: Mapping[int, Sequence[tuple[str, str]]] | None = None,
                   ) -> tuple[list[list[Finding]], list[Finding]]:
    """Each row's findings (not yet in display order: `stage_flag` sorts them), and the findings
    said in this run's output only. `formulas`: the staff cells holding a formula, by sheet row
    (see `staff_formulas`).

    Twin rows without a number (REG-004) that this run numbers are said once: this run's write
    locates them by their values, and after it they have numbers. In Catatan Validasi the
    finding would be gone on the next run, which would then rewrite the cell (a second run must
    write nothing); rows that stay unnumbered keep it there."""
    row_findings: list[list[Finding]] = [validate_request(r, rules) for r in requests]
    if formulas:
        for i, r in enumerate(requests):
            cells = formulas.get(r.ref.row)
            if cells:
                row_findings[i].extend(formula_findings(r.ref.tab, r.ref.row, cells))
    twins = twin_rows(requests)
    numbered = {a.position for a in num.assigned} if twins else set()
    said_once = [f for i, fs in twins.items() if i in numbered for f in fs]
    for extra in (duplicate_numbers(requests, num.numbers), repeat_requests(requests, rules.repeat_window_days),
                  num.swaps, {i: fs for i, fs in twins.items() if i not in numbered}):
        for i, fs in extra.items():
            row_findings[i].extend(fs)
    for i in num.waiting:
        r = requests[i]
        row_findings[i].append(Finding.make(NO_NUMBER, r.ref.tab, r.ref.row, REQUESTS.header("number")))
    per_row = dl.per_row
    calendar_memo: dict[tuple[dt.date, dt.date], Finding | None] = {}
    for i in np.flatnonzero(dl.cols.uncertain):
        r, d = requests[i], per_row[i]
        last = d.due_extended or d.due
        if r.received is None or last is None:
            continue
        key = (r.received, last)
        if key not in calendar_memo:
            calendar_memo[key] = calendar_finding(cal, r.received, last, r.ref.tab, 0, REQUESTS.header("due"))
        template = calendar_memo[key]
        if template is not None:
            row_findings[i].append(_at_row(template, r.ref.row))
    for i, d in enumerate(per_row):
        if d.extension_lawful is False:
            row_findings[i].append(extension_finding(requests[i], d.extension_problem))
    return row_findings, said_once


def stage_flag(requests: Sequence[Request], numbers: Sequence[str], per_row: Sequence[RowDeadlines],
               row_findings: list[list[Finding]], dik: Mapping[str, DikEntry], config: Config,
               today: dt.date) -> list[RowFlags]:
    """Status, flags and the "Perlu Tindakan" action of each row; sorts each row's findings."""
    matcher = DikMatcher(dik)
    due_soon = config.deadlines.due_soon_days
    values = []
    suggested: dict[str, tuple[str, ...]] = {}  # the same information text is asked for again and again
    suggest = matcher.suggest
    for i, r in enumerate(requests):
        fs = row_findings[i]
        if len(fs) > 1:
            fs.sort(key=_finding_order)
        info = r.information
        suggestions = suggested.get(info)
        if suggestions is None:
            suggestions = suggested[info] = suggest(info)
        values.append(row_flag_values(r, numbers[i], per_row[i], fs, today=today, due_soon_days=due_soon,
                                      suggestions=suggestions))
    return flag_rows(values)


def stage_diff(requests: Sequence[Request], num: NumberStage, dl: DeadlineStage, flagged: Sequence[RowFlags],
               row_findings: Sequence[Sequence[Finding]], now: dt.datetime,
               ) -> tuple[WriteSet, dict[int, list[Finding]]]:
    """The cells to write (numbers given, then toolkit cells that differ from what was read) and
    the typed-over toolkit cells found on the way (PMH-061, by row position)."""
    per_row = dl.per_row
    new_values: dict[str, list[CellValue]] = {
        "due": [d.due for d in per_row], "due_extended": [d.due_extended for d in per_row],
        "remaining": [d.remaining for d in per_row], "days_taken": [d.taken for d in per_row],
        "trace": list(dl.traces), "objection_deadline": [d.objection_due for d in per_row],
    }
    checked = now.strftime(CHECKED_FORMAT)
    changes = WriteSet()
    number_header = REQUESTS.header("number")
    for a in num.assigned:
        r = requests[a.position]
        changes.cells.append(CellWrite(REQUESTS.name, r.ref.row, number_header, a.number, r.ref.match))
    # Column by column: the new values of every row, compared with what was read; a row with
    # any change also gets "Diperiksa". Only differing cells become writes (idempotent reruns).
    new_values["status"] = [f.status if r.received is not None else "" for f, r in zip(flagged, requests)]
    new_values["flags"] = [f.text for f in flagged]
    # Typed-over toolkit cells are put right by this run's writes; the finding says so in the
    # run's output (not in Catatan Validasi, which would then change again on the next run).
    new_values["findings"] = ["\n".join(x.cell_text for x in fs) for fs in row_findings]
    toolkits = [r.toolkit for r in requests]
    read = {key: [t.get(key) for t in toolkits] for key in new_values}  # each toolkit column as read
    typed_at = _typed_toolkit_cells(requests, read, new_values)
    row_writes: dict[int, list[CellWrite]] = {}
    tab_name = REQUESTS.name
    refs = [r.ref for r in requests]
    for key, news in new_values.items():
        col = REQUESTS.column(key)
        header = col.header
        olds = read[key]
        # the rows whose cell changes: one comprehension, the common cases without a call
        changed = [i for i, old, value in zip(range(len(news)), olds, news)
                   if not ((value is None or value == "") if old is None
                           else ((old == value and type(old) is type(value)) or same_value(col, old, value)))]
        for i in changed:
            value = news[i]
            ref = refs[i]
            writes = row_writes.get(i)
            if writes is None:
                writes = row_writes[i] = []
            writes.append(CellWrite(tab_name, ref.row, header, value, ref.match))
    checked_header = REQUESTS.header("checked")
    cells = changes.cells
    for i in sorted(row_writes):
        ref = refs[i]
        cells.extend(row_writes[i])
        cells.append(CellWrite(tab_name, ref.row, checked_header, checked, ref.match))
    return changes, typed_at


def stage_tabs(snapshot: Snapshot, changes: WriteSet, actions: Sequence[Action], requests: Sequence[Request],
               numbers: Sequence[str], per_row: Sequence[RowDeadlines], flagged: Sequence[RowFlags],
               today: dt.date, load_tab: TabLoader | None) -> list[str]:
    """"Perlu Tindakan" and "Cetak Register" into `changes` when they differ; their Log stamps."""
    stored = stored_stamps(snapshot.table(LOG.name))
    stamps = []
    for content in (actions_tab(actions), print_tab(requests, numbers, per_row, flagged, today)):
        rewrite, stamp = settle_tab(content, snapshot, stored.get(content.name), load_tab)
        stamps.append(stamp)
        if rewrite:
            changes.replace_tabs.append(content)
    return stamps


def rows_json(requests: Sequence[Request], numbers: Sequence[str], per_row: Sequence[RowDeadlines],
              flagged: Sequence[RowFlags], row_findings: Sequence[Sequence[Finding]],
              typed_at: Mapping[int, list[Finding]]) -> dict[str, Any]:
    """Per row (keyed by No. Pendaftaran): status, dates, flags, finding codes (for --json)."""
    out: dict[str, Any] = {}
    for i, r in enumerate(requests):
        key = numbers[i] or f"baris-{r.ref.row}"
        if key in out:
            key = f"{key} (baris {r.ref.row})"
        d, f = per_row[i], flagged[i]
        out[key] = {
            "row": r.ref.row, "status": f.status if r.received is not None else "",
            "received": _iso(r.received), "due": _iso(d.due), "due_extended": _iso(d.due_extended),
            "deadline": _iso(d.deadline), "notice": _iso(r.notice_date), "remaining": d.remaining,
            "days_taken": d.taken, "objection_deadline": _iso(d.objection_due), "flags": list(f.flags),
            "findings": [x.code for x in list(row_findings[i]) + typed_at.get(i, [])],
        }
    return out


def stage_summarise(changes: WriteSet, all_findings: list[Finding], actions: list[Action], stamps: Sequence[str],
                    requests: Sequence[Request], num: NumberStage, per_row: Sequence[RowDeadlines],
                    flagged: Sequence[RowFlags], objection_summary: Mapping[str, int],
                    make_rows_json: Callable[[], dict[str, Any]], now: dt.datetime) -> CheckResult:
    """Counts, due dates that moved, the Log row (into `changes`), the log line, the exit code."""
    numbers, assigned = num.numbers, num.assigned
    old_due: dict[str, dt.date] = {}
    new_due: dict[str, dt.date | None] = {}
    for i, r in enumerate(requests):
        if r.number:
            new_due[numbers[i]] = per_row[i].due
            old = r.toolkit.get("due")
            was = old if type(old) is dt.date else parse_date(old)[0]  # a date cell, as the toolkit writes it
            if was is not None:
                old_due[numbers[i]] = was
    # staff-typed numbers are quoted (cleaned) only for the few lines that go into the log
    moved = format_moved([(quote(k, 80), a, b) for k, a, b in moved_due_dates(old_due, new_due)])

    errors = sum(f.severity == "error" for f in all_findings)
    warnings = len(all_findings) - errors
    overdue = sum(TERLAMBAT in f.flags for f in flagged)
    summary = {
        "rows": len(requests), "errors": errors, "warnings": warnings, "overdue": overdue,
        "due_soon": sum("JATUH TEMPO" in f.flags for f in flagged), "flagged": len(actions),
        "cells": len(changes.cells), "numbers": len(assigned), "moved": len(moved), **objection_summary,
    }
    moved_text = "; ".join(moved[:MAX_MOVED_IN_LOG])
    if len(moved) > MAX_MOVED_IN_LOG:
        moved_text += f"; dan {len(moved) - MAX_MOVED_IN_LOG} lainnya"
    remarks = (f"terlambat {overdue}, jatuh tempo {summary['due_soon']}, perlu tindakan {len(actions)}, "
               f"nomor baru {len(assigned)}")
    register_codes = sorted({f.code for f in all_findings if f.code.startswith("REG-")})
    if register_codes:
        remarks += ", temuan register " + " ".join(register_codes)
    changes.append_rows[LOG.name] = [(now.replace(second=0, microsecond=0, tzinfo=None), "check", len(requests),
                                      errors, warnings, len(changes.cells), moved_text,
                                      f"{remarks}; {STAMP_WORD} {' '.join(stamps)}")]
    checked = now.strftime(CHECKED_FORMAT)
    log_line = (f"{checked} check baris={len(requests)} error={errors} peringatan={warnings} "
                f"sel_diubah={len(changes.cells)} " + f"batas_berubah={len(moved)}"
                + (f" ({moved_text})" if moved else "") + f"; {remarks}")
    exit_code = EXIT_FINDINGS if errors or overdue else EXIT_OK
    return CheckResult(changes, all_findings, summary, make_rows_json, exit_code, log_line, actions,
                       {requests[a.position].ref.row: a.number for a in assigned}, moved)


def _warn_until(per_row: Sequence[RowDeadlines], cal: WorkCalendar) -> list[dt.date | None]:
    """The objection filing date of rows where it reaches an estimated year or an unsure holiday
    beyond the due dates (the trace then warns up to it); None elsewhere, so traces stay shared."""
    unsure = sorted(unsure_official_dates())  # a few dates, read once per run
    uncertain_year: dict[int, bool] = {}
    out: list[dt.date | None] = []
    seen: dict[tuple[dt.date, dt.date], bool] = {}  # the same few (last, until) pairs, row after row
    for d in per_row:
        last, until = d.due_extended or d.due, d.objection_due
        if last is None or until is None or until <= last:
            out.append(None)
            continue
        hit = seen.get((last, until))
        if hit is None:
            years = range(last.year, until.year + 1)
            hit = seen[(last, until)] = any(uncertain_year.setdefault(y, bool(cal.year_uncertainty(y))) for y in years) \
                or any(last < u <= until for u in unsure)
        out.append(until if hit else None)
    return out


def _completion(requests: Sequence[Request], per_row: list[RowDeadlines], traces: list[str], cal: WorkCalendar,
                rules: Any) -> None:
    """Rows with incomplete requirements: their completion dates (into `per_row`) and trace."""
    done: dict[tuple[Any, ...], tuple[dt.date, dt.date, str]] = {}  # rows received the same day share them
    for i, r in enumerate(requests):
        if not r.missing_requirements or r.received is None:
            continue
        key = (r.received, r.received_time, r.completion_notice_date)
        hit = done.get(key)
        if hit is None:
            notice_due, complete_due = completion_deadlines(r.received, cal, at=r.received_time,
                                                            notice_date=r.completion_notice_date, rules=rules)
            if type(complete_due) is not dt.date or complete_due > BAND_END or type(notice_due) is not dt.date:
                # counted past the calendar (a date typed near 9999: numpy's day is no date):
                # no completion dates, as compute_deadlines gives no deadline there
                hit = done[key] = (None, None, "")
            else:
                extra = completion_trace(r.received, cal, at=r.received_time, notice_date=r.completion_notice_date,
                                         rules=rules)
                hit = done[key] = (notice_due, complete_due, extra)
        notice_due, complete_due, extra = hit
        per_row[i] = replace(per_row[i], completion_notice_due=notice_due, completion_due=complete_due)
        if extra:
            traces[i] = f"{traces[i]}; {extra}" if traces[i] else extra


_TYPED_KINDS = {"due": "date", "due_extended": "date", "remaining": "number", "days_taken": "number",
                "status": "status", "flags": "flags", "findings": "findings"}
_ALLOWED = {"status": frozenset(STATUSES), "flags": frozenset(FLAGS)}


def _typed_toolkit_cells(requests: Sequence[Request], read: Mapping[str, Sequence[CellValue]],
                         news: Mapping[str, Sequence[CellValue]]) -> dict[int, list[Finding]]:
    """PMH-061 for each toolkit cell that staff typed over (the check restores it), by row
    position: rows in order, a row's cells in column order. Column by column: `typed_over` is
    asked once per distinct (type, value) of a column (statuses, flags, numbers and dates
    repeat from row to row; a findings text is asked once too). `read` holds each toolkit column
    as read; `news` what this run writes, each but the findings put right in the cell."""
    n = len(requests)
    typed: dict[str, set[int]] = {}
    for key, kind in _TYPED_KINDS.items():
        olds = read[key]
        cells = list(zip(map(type, olds), olds))  # (type, value): 1, 1.0 and True are not one answer
        verdict = {cell: cell[1] is not None and not is_blank(cell[1])
                   and typed_over(kind, cell[1], _ALLOWED.get(key, ())) for cell in set(cells)}
        if any(verdict.values()):
            typed[key] = set(itertools.compress(range(n), map(verdict.__getitem__, cells)))
    out: dict[int, list[Finding]] = {}
    for i in sorted(set().union(*typed.values())):
        r = requests[i]
        out[i] = [typed_finding(r.ref.tab, r.ref.row, REQUESTS.header(key), r.toolkit.get(key),
                                # a Catatan Validasi typed over: the message says "dihitung ulang"
                                news[key][i] if key != "findings" else None)
                  for key, positions in typed.items() if i in positions]
    return out


_PRINT_KEYS = ("number", "received", "name", "information", "decision", "notice_date", "due", "status", "officer")
assert sorted(_PRINT_KEYS) == sorted(c.key for c in PRINT_REGISTER.columns)
_PRINT_ORDER = operator.itemgetter(*(_PRINT_KEYS.index(c.key) for c in PRINT_REGISTER.columns))
"""A "Cetak Register" row's values (in `_PRINT_KEYS` order) in the tab's column order."""


def print_tab(requests: Sequence[Request], numbers: Sequence[str], per_row: Sequence[RowDeadlines],
              flagged: Sequence[RowFlags], today: dt.date) -> SheetContent:
    """"Cetak Register": the essential columns, ready to print on landscape pages, for requests
    received this month or last month and every one still open (no NIK, address or phone)."""
    first = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    rows: list[tuple[CellValue, ...]] = [PRINT_REGISTER.headers]
    for i, r in enumerate(requests):
        if r.received is None or (r.received < first and r.notice_date is not None):
            continue
        rows.append(_PRINT_ORDER((numbers[i], r.received, quote(r.name, 200), quote(r.information, 500), r.decision,
                                  r.notice_date, per_row[i].deadline, flagged[i].status, quote(r.officer, 200))))
    return SheetContent(PRINT_REGISTER.name, tuple(rows), widths=tuple(c.width for c in PRINT_REGISTER.columns),
                        form=PRINT_REGISTER.form)


def _finding_order(f: Finding) -> tuple[bool, str]:
    return (f.severity != "error", f.code)


def _at_row(template: Finding, row: int) -> Finding:
    """A memoised row-independent finding placed at `row` (the message starts "Baris 0")."""
    return Finding(template.code, template.severity, template.tab, row, template.header,
                   template.message.replace("Baris 0", f"Baris {row}", 1), template.todo)


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def summary_rows(summary: Mapping[str, int]) -> Sequence[tuple[str, int]]:
    """The terminal summary, in Indonesian. Errors, warnings, late and due-soon rows count both
    registers, as the rows of "Perlu Tindakan" and the urgent list below the table do."""
    def both(key: str) -> int:
        return summary.get(key, 0) + summary.get(f"objections_{key}", 0)

    rows: list[tuple[str, int]] = [("Baris permohonan", summary.get("rows", 0))]
    if summary.get("objections_rows"):
        rows.append(("Baris keberatan", summary["objections_rows"]))
    rows += [("Error", both("errors")), ("Peringatan", both("warnings")), ("Terlambat", both("overdue")),
             ("Jatuh tempo", both("due_soon")), ("Perlu tindakan Kasubbag", summary.get("flagged", 0)),
             ("Nomor pendaftaran baru", summary.get("numbers", 0)), ("Sel diubah", summary.get("cells", 0)),
             ("Batas waktu berubah", summary.get("moved", 0))]
    return rows
