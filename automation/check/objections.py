"""Checking the "Register Keberatan" tab (objections, UU 14/2008 Pasal 35-37).

One entry point, :func:`check_objections`, called by the check job. It returns data only:
findings (codes KEB-xxx), the toolkit cells to write (only where the value differs from what
was read, so a second run writes nothing), rows for "Perlu Tindakan", a JSON view per row and
counts. It never writes a staff cell: apart from toolkit columns it only fills a blank
"No. Registrasi Keberatan" (a ``fill_blank`` column, which ``guard_writes`` allows only when
the cell was blank when read).

Deadlines, as read here (all in working days, day 0 = the starting day):

* Batas Tanggapan: the Atasan PPID answers within 30 HK of registration (Tanggal Diterima),
  3 HK on the election track (UU KIP 36(2); Perki 1/2019, configurable). The track is the
  linked request's Kategori Informasi.
* Batas Pengajuan Keberatan: 30 HK after the reason for objecting arises (UU KIP 36(1)). The
  reason is the request's written notice when it came on or before the objection, else the
  request's missed deadline (the extended one when the extension was lawful). An objection
  received after this day is a warning, never a refusal: the Atasan PPID decides.
* Batas ke Komisi Informasi: UU KIP 37(2) gives 14 HK "setelah diterimanya tanggapan tertulis
  dari atasan". The register has no date the requester received the answer, so the clock
  starts at Tanggal Tanggapan (the earliest possible day: the limit shown is never later than
  the real one). When no answer came, the requester may go to the Komisi Informasi once the
  30 (3) HK answer period has lapsed (UU KIP 37(1) with 36(2); Perki 1/2013 on dispute
  procedure counts 14 HK from the lapse of the answer period, to be confirmed by the office),
  so the limit is 14 HK after the missed Batas Tanggapan, shown only once that day has passed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from automation.rules.actions import LINE_SEPARATOR, Action
from automation.rules.calendar import WorkCalendar, fmt_date
from automation.rules.config import Config
from automation.rules.deadlines import (
    DeadlineRules,
    calendar_finding,
    deadline_rules_from_config,
    describe_days_off,
    short_day,
    year_warnings,
)
from automation.rules.findings import Finding
from automation.rules.flags import (
    BELUM_ADA_SURAT,
    DATA_TIDAK_LENGKAP,
    FLAG_SEPARATOR,
    JATUH_TEMPO,
    PRIORITY,
    REASONS,
    SURAT_DITAHAN,
    TERLAMBAT,
)
from automation.rules.letter_kinds import LetterKind, held_by, letters_missing
from automation.rules.numbering import next_numbers
from automation.rules.objection_deadlines import LinkedRequest, link_requests, number_key, objection_deadlines
from automation.rules.objection_findings import (  # noqa: F401 (the catalogue, re-exported)
    ANSWER_BEFORE_RECEIPT,
    COMMISSION_EARLY,
    COMMISSION_INCONSISTENT,
    COMMISSION_LATE,
    DATE_WITHOUT_DECISION,
    DECISION_WITHOUT_DATE,
    DUPLICATE_NUMBER,
    FILED_EARLY,
    FILED_LATE,
    FORMULA,
    GROUND_A,
    GROUND_F,
    GROUND_LATE_ON_TIME,
    GROUND_SUGGEST_LATE,
    MISSING_COLUMN,
    MISSING_VALUE,
    NO_GROUND,
    RECEIVED_FUTURE,
    REQUEST_NOT_FOUND,
    UNREADABLE,
)
from automation.rules.objection_rules import answer_findings, entry_findings
from automation.rules.records import Objection, Request, read_objections
from automation.rules.register_findings import twice_headers
from automation.rules.validate import formula_findings, moving_rows, quote, staff_formulas, typed_finding, typed_over
from automation.rules.values import as_text, format_short, is_blank, parse_date
from sheets.layout import OBJECTIONS
from sheets.model import CellValue, CellWrite, Table

TAB = OBJECTIONS.name
H = OBJECTIONS.header

# --- Flags and statuses ----------------------------------------------------------------------

# The request flags (automation.rules.flags), with the same meaning and order.
FLAG_LATE = TERLAMBAT
FLAG_DUE_SOON = JATUH_TEMPO
FLAG_INCOMPLETE = DATA_TIDAK_LENGKAP
FLAG_NO_LETTER = BELUM_ADA_SURAT
FLAG_HELD = SURAT_DITAHAN

STATUS_OPEN = "Diproses"
STATUS_LATE = "Terlambat"
STATUS_ON_TIME = "Dijawab Tepat Waktu"
STATUS_ANSWERED_LATE = "Dijawab Terlambat"
STATUS_COMMISSION = "Sengketa di Komisi Informasi"

REGISTER = "Keberatan"


@dataclass(frozen=True)
class ObjectionCheck:
    """What checking "Register Keberatan" produced (data only; the check job writes it)."""

    findings: list[Finding]
    cells: list[CellWrite]
    actions: list[Action]
    rows_json: dict[str, dict]  # keyed by No. Registrasi Keberatan (or "baris N" when blank)
    summary: dict[str, int]  # rows, errors, warnings, overdue, due_soon, answered, numbered, cells


# --- The check --------------------------------------------------------------------------------


@dataclass
class _Row:
    """Everything computed for one objection row."""

    obj: Objection
    link: LinkedRequest | None = None
    number: str = ""  # as it will be after this run (assigned when blank)
    assigned: bool = False
    due: dt.date | None = None
    remaining: int | None = None
    filing_deadline: dt.date | None = None
    commission_deadline: dt.date | None = None
    status: str = ""
    flags: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    trace: str = ""
    late: bool = False
    due_soon: bool = False
    held: list[tuple[LetterKind, list[str]]] = field(default_factory=list)  # letters held by an error finding

    def add(self, finding: Finding) -> None:
        self.findings.append(finding)


def check_objections(table: Table | None, requests: Sequence[Request], cal: WorkCalendar, config: Config,
                     today: dt.date, deadlines: Sequence[dt.date | None] | None = None,
                     formula_cells: Sequence[tuple[int, int, str]] = ()) -> ObjectionCheck:
    """Check every row of "Register Keberatan" against the rules of UU 14/2008 Pasal 35-37.

    ``deadlines``: the requests' deadlines in force, when the caller has them (see `link_requests`).
    ``formula_cells``: the tab's formula cells as read (Snapshot.formulas): each in a staff
    column is a finding, and a Tanggal Diterima whose formula changes by itself gives no number.
    """
    if table is None:
        return ObjectionCheck([], [], [], {}, _summary([], [], 0))
    rules = deadline_rules_from_config(config.deadlines)
    objections = read_objections(table)
    # Linking computes every request's deadline: only worth it when there is an objection.
    links = link_requests(requests, cal, today, rules, deadlines) if objections else {}
    tab_findings = [Finding.make(MISSING_COLUMN, TAB, table.header_row, "", column=h)
                    for h in table.missing_headers(OBJECTIONS, required_only=True)] + twice_headers(table, OBJECTIONS)
    rows = [_Row(o) for o in objections]
    formulas = staff_formulas(table, formula_cells, OBJECTIONS)
    _assign_numbers(rows, config.numbers.objection, today, hold=moving_rows(formulas, H("received")))
    _check_duplicates(rows)
    for row in rows:
        _check_row(row, links, cal, rules, config, today, formulas.get(row.obj.ref.row, ()))
    cells = [w for row in rows for w in _cell_writes(row)]
    actions = [a for row in rows if (a := _action(row)) is not None]
    findings = tab_findings + [f for row in rows for f in row.findings] + [f for row in rows for f in _typed(row)]
    return ObjectionCheck(findings, cells, actions, _rows_json(rows), _summary(rows, findings, len(cells)))


def _assign_numbers(rows: list[_Row], template: str, today: dt.date, hold: frozenset[int] = frozenset()) -> None:
    """Fill blank numbers once, in order of receipt, for rows whose receipt date is known and
    not after today (a mistyped future date must not become a permanent number), and whose
    sheet row is not in `hold` (a received date that changes by itself)."""
    for row in rows:
        row.number = row.obj.number.strip()
    blank = sorted((r for r in rows if not r.number and r.obj.received is not None and r.obj.received <= today
                    and r.obj.ref.row not in hold),
                   key=lambda r: (r.obj.received, r.obj.ref.row))
    numbers = next_numbers(template, (r.number for r in rows if r.number), [r.obj.received for r in blank])
    for row, number in zip(blank, numbers):
        row.number, row.assigned = number, True


def _check_duplicates(rows: list[_Row]) -> None:
    by_number: dict[str, list[_Row]] = {}
    for row in rows:
        if row.obj.number.strip():
            by_number.setdefault(number_key(row.obj.number), []).append(row)
    for same in by_number.values():
        if len(same) < 2:
            continue
        for row in same:
            others = ", ".join(str(o.obj.ref.row) for o in same if o is not row)
            row.add(Finding.make(DUPLICATE_NUMBER, TAB, row.obj.ref.row, H("number"), number=quote(row.number), others=others))


def _check_row(row: _Row, links: dict[str, LinkedRequest], cal: WorkCalendar, rules: DeadlineRules,
               config: Config, today: dt.date, formula_cells: Sequence[tuple[str, str]] = ()) -> None:
    o = row.obj
    n = o.ref.row
    entry = entry_findings(o, today) + formula_findings(TAB, n, formula_cells)
    row.findings.extend(entry)

    link = links.get(number_key(o.request_number)) if o.request_number.strip() else None
    row.link = link
    if o.request_number.strip() and link is None:
        row.add(Finding.make(REQUEST_NOT_FOUND, TAB, n, H("request_number"), number=quote(o.request_number)))
    election = link.election if link is not None else False

    # Answer and decision
    answer = answer_findings(o)
    row.findings.extend(answer)
    # What the letters job holds the row's letters for (the same rule: automation.rules.objection_rules)
    row.held = [(k, reasons) for k in letters_missing(o, "objections")
                if (reasons := held_by(k, [f for f in entry + answer if f.severity == "error"]))]

    # Deadlines
    trace: list[str] = []
    if o.received is not None:
        d = objection_deadlines(o.received, o.answer_date, cal=cal, election=election, rules=rules)
        row.due = d["answer_due"]
        track = rules.for_track(election)
        answer_days = track.objection_answer.working_days
        trace.append(f"Keberatan diterima {short_day(o.received)} -> hari ke-1 {short_day(cal.add_working_days(o.received, 1), False)}"
                     f" -> batas tanggapan {short_day(row.due)} ({answer_days} HK, {track.objection_answer.source})")
        skipped = cal.days_off(o.received + dt.timedelta(days=1), row.due, weekdays_only=True)
        if skipped:
            trace[-1] += "; dilewati: " + describe_days_off(skipped)
        trace.extend(year_warnings(cal, o.received, row.due))
        kal = calendar_finding(cal, o.received, row.due, TAB, n, H("due"))
        if kal is not None:
            row.add(kal)
        if o.answer_date is not None:
            row.commission_deadline = d["commission_due"]
            trace.append(f"ke Komisi Informasi: sejak tanggapan {short_day(o.answer_date)} -> batas "
                         f"{short_day(row.commission_deadline)} ({track.commission.working_days} HK, {track.commission.source})")
        elif row.due < today:
            row.commission_deadline = cal.add_working_days(row.due, track.commission.working_days)
            trace.append(f"ke Komisi Informasi: tanpa tanggapan, sejak batas tanggapan {short_day(row.due)} lewat -> batas "
                         f"{short_day(row.commission_deadline)} ({track.commission.working_days} HK, {track.commission.source})")
        if link is not None:
            _check_filing(row, link, cal, rules, trace)
            _check_grounds(row, link)
    elif link is not None and (reason := link.reason_arises(today)) is not None:
        # No readable receipt date: still show the request's filing deadline as of today.
        row.filing_deadline = cal.add_working_days(reason[0], rules.badan_publik.objection_filing.working_days)

    _check_commission(row, today)
    _status_and_flags(row, cal, config, today)
    row.trace = "; ".join(trace)


def _check_filing(row: _Row, link: LinkedRequest, cal: WorkCalendar, rules: DeadlineRules, trace: list[str]) -> None:
    o = row.obj
    assert o.received is not None
    filing = rules.badan_publik.objection_filing
    reason = link.reason_arises(o.received)
    if reason is None:
        row.add(Finding.make(FILED_EARLY, TAB, o.ref.row, H("received"), received=fmt_date(o.received),
                             number=quote(link.number), deadline=fmt_date(link.deadline) if link.deadline else "-"))
        return
    start, why = reason
    row.filing_deadline = cal.add_working_days(start, filing.working_days)
    trace.append(f"pengajuan: {why} {link.number} {short_day(start)} -> batas pengajuan {short_day(row.filing_deadline)} "
                 f"({filing.working_days} HK, {filing.source})")
    if o.received > row.filing_deadline:
        row.add(Finding.make(FILED_LATE, TAB, o.ref.row, H("received"), received=fmt_date(o.received),
                             last=short_day(row.filing_deadline), reason=why, start=fmt_date(start)))


def _check_grounds(row: _Row, link: LinkedRequest) -> None:
    o = row.obj
    n = o.ref.row
    r = link.request
    header = ""
    if "a" in o.grounds and not r.refused_pasal17:
        row.add(Finding.make(GROUND_A, TAB, n, H("ground_a"), number=quote(link.number)))
    late_letters = [x for x in ("c", "g") if x in o.grounds]
    if late_letters and link.answered_on_time:
        row.add(Finding.make(GROUND_LATE_ON_TIME, TAB, n, H(f"ground_{late_letters[0]}"),
                             letters=" dan ".join(late_letters), number=quote(link.number),
                             notice=fmt_date(r.notice_date), deadline=fmt_date(link.deadline)))
    fee_unreadable = any(i.key == "fee" for i in r.issues)
    if "f" in o.grounds and not fee_unreadable and not (r.fee or 0) > 0:
        row.add(Finding.make(GROUND_F, TAB, n, H("ground_f"), number=quote(link.number)))
    assert o.received is not None
    if not late_letters and link.late_by(o.received):
        notice = r.notice_date if r.notice_date is not None and r.notice_date <= o.received else None
        state = (f"dijawab terlambat ({fmt_date(notice)}, batas {fmt_date(link.deadline)})" if notice
                 else f"belum dijawab sampai batas {fmt_date(link.deadline)}")
        row.add(Finding.make(GROUND_SUGGEST_LATE, TAB, n, header, number=quote(link.number), state=state))


def _check_commission(row: _Row, today: dt.date) -> None:
    o = row.obj
    n = o.ref.row
    if o.commission_date is not None and not o.to_commission:
        row.add(Finding.make(COMMISSION_INCONSISTENT, TAB, n, H("to_commission"),
                             what=f"Tanggal ke Komisi Informasi {fmt_date(o.commission_date)} diisi, "
                                  "tetapi Ke Komisi Informasi bukan \"Ya\"."))
    if not (o.to_commission or o.commission_date):
        return
    when = o.commission_date or today
    if o.answer_date is not None:
        if o.commission_date is not None and o.commission_date < o.answer_date:
            row.add(Finding.make(COMMISSION_INCONSISTENT, TAB, n, H("commission_date"),
                                 what=f"Tanggal ke Komisi Informasi {fmt_date(o.commission_date)} lebih awal dari "
                                      f"Tanggal Tanggapan {fmt_date(o.answer_date)}."))
    elif row.due is not None and when <= row.due:
        row.add(Finding.make(COMMISSION_EARLY, TAB, n, H("to_commission"), due=fmt_date(row.due),
                             when=f"({fmt_date(o.commission_date)})" if o.commission_date else ""))
    if o.commission_date is not None and row.commission_deadline is not None \
            and o.commission_date > row.commission_deadline:
        start = o.answer_date or row.due
        row.add(Finding.make(COMMISSION_LATE, TAB, n, H("commission_date"), date=fmt_date(o.commission_date),
                             last=short_day(row.commission_deadline), start=fmt_date(start) if start else "-"))


def _status_and_flags(row: _Row, cal: WorkCalendar, config: Config, today: dt.date) -> None:
    o = row.obj
    answered = o.answer_date is not None
    if row.due is not None and not answered:
        row.remaining = int(cal.working_days_between(today, row.due))
        row.late = row.due < today
        row.due_soon = not row.late and row.remaining <= config.deadlines.due_soon_days
    if o.to_commission:
        row.status = STATUS_COMMISSION
    elif answered:
        row.status = STATUS_ANSWERED_LATE if row.due is not None and o.answer_date > row.due else STATUS_ON_TIME
    elif row.late:
        row.status = STATUS_LATE
    elif row.due is not None:
        row.status = STATUS_OPEN
    else:
        row.status = ""
    if row.late:
        row.flags.append(FLAG_LATE)
    if row.due_soon:
        row.flags.append(FLAG_DUE_SOON)
    if any(f.severity == "error" for f in row.findings):
        row.flags.append(FLAG_INCOMPLETE)
    if row.held:
        row.flags.append(FLAG_HELD)
    if answered and not o.letters.strip() and not any(k.key == "objection_answer" for k, _ in row.held):
        row.flags.append(FLAG_NO_LETTER)


# --- Output -----------------------------------------------------------------------------------


_TYPED_KINDS = {"due": "date", "remaining": "number", "filing_deadline": "date", "commission_deadline": "date",
                "status": "status", "flags": "flags", "findings": "findings"}
_STATUSES = frozenset({STATUS_OPEN, STATUS_LATE, STATUS_ON_TIME, STATUS_ANSWERED_LATE, STATUS_COMMISSION})
_FLAGS = frozenset({FLAG_LATE, FLAG_DUE_SOON, FLAG_INCOMPLETE, FLAG_HELD, FLAG_NO_LETTER})


def _typed(row: _Row) -> list[Finding]:
    """PMH-061 for toolkit cells staff typed over; the writes put them right, the finding is
    in the run's output only (so the next run writes nothing)."""
    o = row.obj
    new = {"due": row.due, "remaining": row.remaining, "filing_deadline": row.filing_deadline,
           "commission_deadline": row.commission_deadline, "status": row.status,
           "flags": FLAG_SEPARATOR.join(row.flags)}
    allowed = {"status": _STATUSES, "flags": _FLAGS}
    out = []
    for key, kind in _TYPED_KINDS.items():
        old = o.toolkit.get(key)
        if old is not None and not is_blank(old) and typed_over(kind, old, allowed.get(key, ())):
            out.append(typed_finding(TAB, o.ref.row, H(key), old, new.get(key)))
    return out


def _cell_writes(row: _Row) -> list[CellWrite]:
    o = row.obj
    writes: list[CellWrite] = []

    def put(key: str, value: CellValue) -> None:
        col = OBJECTIONS.column(key)
        if not _same(col.type, value, o.toolkit.get(key)):
            writes.append(CellWrite(TAB, o.ref.row, col.header, value, o.ref.match))

    if row.assigned:
        writes.append(CellWrite(TAB, o.ref.row, H("number"), row.number, o.ref.match))
    put("due", row.due)
    put("remaining", row.remaining)
    put("filing_deadline", row.filing_deadline)
    put("commission_deadline", row.commission_deadline)
    put("status", row.status or None)
    put("flags", FLAG_SEPARATOR.join(row.flags) or None)
    put("findings", "\n".join(f.cell_text for f in row.findings) or None)
    put("trace", row.trace or None)
    return writes


def _same(kind: str, new: CellValue, old: CellValue) -> bool:
    """Whether a toolkit cell already holds `new` (a date may read back as a datetime or
    serial, a number as a float or text)."""
    if new is None or new == "":
        return is_blank(old)
    if is_blank(old):
        return False
    if kind == "date":
        return parse_date(old)[0] == new
    if kind == "number":
        try:
            return float(str(old).strip()) == float(new)  # type: ignore[arg-type]
        except ValueError:
            return False
    return as_text(old) == as_text(new)


def _action(row: _Row) -> Action | None:
    """The "Perlu Tindakan" row, as for requests: one action per flag, most urgent first;
    priority is the first flag's rank in automation.rules.flags (0 = overdue)."""
    o = row.obj
    todo: list[tuple[str, str, dt.date | None]] = []
    if row.late:
        behind = -(row.remaining or 0)
        todo.append((FLAG_LATE, f"Atasan PPID menanggapi keberatan segera (terlambat {behind} hari kerja)" if behind > 0
                     else f"Atasan PPID menanggapi keberatan segera (batas {format_short(row.due)} terlewati)", row.due))
    if row.due_soon:
        todo.append((FLAG_DUE_SOON, f"Tanggapi keberatan paling lambat {format_short(row.due)}", row.due))
    if FLAG_INCOMPLETE in row.flags:
        lines = dict.fromkeys(f.instruction for f in row.findings if f.severity == "error")
        for line in lines or ["Lengkapi/perbaiki data keberatan sesuai Catatan Validasi"]:
            todo.append((FLAG_INCOMPLETE, line, None))
    if row.held:
        text = "; ".join(f"{k.label} ditahan ({', '.join(r)})" for k, r in row.held)
        todo.append((FLAG_HELD, f"{text}: perbaiki dulu agar surat tidak memuat data yang salah", None))
    if FLAG_NO_LETTER in row.flags:
        todo.append((FLAG_NO_LETTER, "Terbitkan surat Tanggapan Atasan PPID (ppid notices)", None))
    if not todo:
        return None
    todo.sort(key=lambda t: PRIORITY[t[0]])
    dates = [t[2] for t in todo if t[2] is not None]
    return Action(PRIORITY[todo[0][0]], REGISTER, quote(row.number, 200), o.ref.row, tuple(row.flags),
                  LINE_SEPARATOR.join(t[1] for t in todo), min(dates) if dates else None, row.remaining,
                  quote(o.superior_name, 200), name=quote(o.name, 80), reason=REASONS[todo[0][0]])


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d is not None else None


def _rows_json(rows: list[_Row]) -> dict[str, dict]:
    """Per-row JSON (no personal data: no name, address, phone or e-mail)."""
    out: dict[str, dict] = {}
    for row in rows:
        o = row.obj
        key = row.number or f"baris {o.ref.row}"
        if key in out:
            key = f"{key} (baris {o.ref.row})"
        entry: dict[str, Any] = {
            "row": o.ref.row,
            "number": row.number,
            "number_assigned": row.assigned,
            "received": _iso(o.received),
            "request_number": o.request_number,
            "request_found": row.link is not None,
            "election": row.link.election if row.link is not None else False,
            "grounds": list(o.grounds),
            "decision": o.decision,
            "answer_date": _iso(o.answer_date),
            "due": _iso(row.due),
            "remaining": row.remaining,
            "filing_deadline": _iso(row.filing_deadline),
            "commission_deadline": _iso(row.commission_deadline),
            "to_commission": o.to_commission,
            "status": row.status,
            "flags": list(row.flags),
            "findings": [{"code": f.code, "severity": f.severity, "column": f.header, "message": f.message}
                         for f in row.findings],
            "trace": row.trace,
        }
        out[key] = entry
    return out


def _summary(rows: list[_Row], findings: list[Finding], cells: int) -> dict[str, int]:
    return {
        "rows": len(rows),
        "errors": sum(f.severity == "error" for f in findings),
        "warnings": sum(f.severity == "warning" for f in findings),
        "overdue": sum(r.late for r in rows),
        "due_soon": sum(r.due_soon for r in rows),
        "answered": sum(r.obj.answer_date is not None for r in rows),
        "commission": sum(r.obj.to_commission for r in rows),
        "numbered": sum(r.assigned for r in rows),
        "cells": cells,
    }
