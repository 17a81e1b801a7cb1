"""Status and flags (Bendera) of each request, and what the Kasubbag must do about it.

Status (one of STATUSES) says where the request stands against its deadline; flags say what
needs attention. A row with an action-worthy flag becomes an `Action` for the "Perlu Tindakan"
tab, with one Indonesian instruction per flag and the date it must be done by.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields

from automation.rules.actions import LINE_SEPARATOR, Action
from automation.rules.findings import Finding
from automation.rules.letter_kinds import held_by, letters_missing
from automation.rules.records import DikEntry, Request, records_from_columns
from automation.rules.validate import quote
from automation.rules.values import format_short

# Status
DIPROSES = "Diproses"
DIPERPANJANG = "Diperpanjang"
MENUNGGU_KELENGKAPAN_STATUS = "Menunggu Kelengkapan"
TERLAMBAT_STATUS = "Terlambat"
SELESAI_TEPAT = "Selesai Tepat Waktu"
SELESAI_TERLAMBAT = "Selesai Terlambat"
STATUSES = (DIPROSES, MENUNGGU_KELENGKAPAN_STATUS, DIPERPANJANG, TERLAMBAT_STATUS, SELESAI_TEPAT, SELESAI_TERLAMBAT)

# Flags, in the order they are written into Bendera (most urgent first)
TERLAMBAT = "TERLAMBAT"
PERPANJANGAN_TIDAK_SAH = "PERPANJANGAN TIDAK SAH"
JATUH_TEMPO = "JATUH TEMPO"
MENUNGGU_KELENGKAPAN = "MENUNGGU KELENGKAPAN"
SURAT_DITAHAN = "SURAT DITAHAN"
RISIKO_KEBERATAN = "RISIKO KEBERATAN"
DATA_TIDAK_LENGKAP = "DATA TIDAK LENGKAP"
DIKECUALIKAN = "DIKECUALIKAN"
KEMUNGKINAN_DIKECUALIKAN = "KEMUNGKINAN DIKECUALIKAN"
BELUM_ADA_SURAT = "BELUM ADA SURAT"
BELUM_DISUPERVISI = "BELUM DISUPERVISI"
FLAGS = (TERLAMBAT, PERPANJANGAN_TIDAK_SAH, JATUH_TEMPO, MENUNGGU_KELENGKAPAN, RISIKO_KEBERATAN, DATA_TIDAK_LENGKAP,
         SURAT_DITAHAN, DIKECUALIKAN, KEMUNGKINAN_DIKECUALIKAN, BELUM_ADA_SURAT, BELUM_DISUPERVISI)
PRIORITY = {flag: n for n, flag in enumerate(FLAGS)}  # Action.priority: 0 = overdue
REASONS = {
    TERLAMBAT: "Terlambat: batas sudah lewat",
    PERPANJANGAN_TIDAK_SAH: "Perpanjangan tidak sah",
    JATUH_TEMPO: "Jatuh tempo: batas sudah dekat",
    MENUNGGU_KELENGKAPAN: "Menunggu kelengkapan persyaratan",
    RISIKO_KEBERATAN: "Risiko keberatan",
    DATA_TIDAK_LENGKAP: "Data salah/belum lengkap",
    SURAT_DITAHAN: "Surat ditahan: data salah",
    DIKECUALIKAN: "Dikecualikan: periksa dasarnya",
    KEMUNGKINAN_DIKECUALIKAN: "Mungkin dikecualikan",
    BELUM_ADA_SURAT: "Surat belum diterbitkan",
    BELUM_DISUPERVISI: "Menunggu supervisi",
}
"""The priority of an action in words, by the flag that gives it."""
FLAG_SEPARATOR = "; "
EXTENSION_CODE = "PMH-025"  # its own flag and line (PERPANJANGAN TIDAK SAH), not a data line


@dataclass(frozen=True, slots=True)
class RowDeadlines:
    """One row of `deadlines.DeadlineColumns` as plain Python values."""

    due: dt.date | None
    due_extended: dt.date | None
    deadline: dt.date | None  # in force: extended when the extension is lawful
    remaining: int | None  # working days from today (open rows only)
    late: bool  # open and past the deadline in force
    answered_late: bool  # written notice after the deadline in force
    taken: int | None
    objection_due: dt.date | None
    extension_lawful: bool | None  # None = not extended
    extension_problem: str = ""
    completion_notice_due: dt.date | None = None  # incomplete requirements: tell the requester by
    completion_due: dt.date | None = None  # ... and the requester completes by


@dataclass(frozen=True, slots=True)
class RowFlags:
    status: str
    flags: tuple[str, ...]
    action: Action | None

    @property
    def text(self) -> str:
        return FLAG_SEPARATOR.join(self.flags)


class DikMatcher:
    """Suggests DIK entries whose keywords occur (as whole words) in the information asked.

    One regular expression for all keywords, compiled once: a 100k-row register is one pass.
    A suggestion is never a decision (DOMAIN.md: detection must be an explicit choice).
    """

    def __init__(self, dik: Mapping[str, DikEntry]) -> None:
        self._codes: dict[str, list[str]] = {}
        for code, entry in dik.items():
            for kw in entry.keywords:
                key = " ".join(kw.split())
                if key:
                    self._codes.setdefault(key, []).append(code)
        words = sorted(self._codes, key=len, reverse=True)
        self._pattern = (re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in words) + r")(?!\w)")
                         if words else None)

    def suggest(self, text: str) -> tuple[str, ...]:
        if self._pattern is None or not text:
            return ()
        found: dict[str, None] = {}
        for m in self._pattern.finditer(" ".join(text.casefold().split())):
            for code in self._codes[m.group(1)]:
                found[code] = None
        return tuple(found)


def waiting_for_completion(req: Request) -> bool:
    """Requirements are incomplete, not completed yet, and nothing decided."""
    return bool(req.missing_requirements) and req.completed_date is None and not req.decision \
        and req.notice_date is None


def status_of(req: Request, d: RowDeadlines) -> str:
    if req.notice_date is not None and d.deadline is not None:
        return SELESAI_TERLAMBAT if d.answered_late else SELESAI_TEPAT
    if d.late:
        return TERLAMBAT_STATUS
    if waiting_for_completion(req):
        return MENUNGGU_KELENGKAPAN_STATUS
    if req.extended and d.extension_lawful:
        return DIPERPANJANG
    return DIPROSES


ActionValues = tuple[int, str, str, int, tuple[str, ...], str, "dt.date | None", "int | None", str, str, str]
"""An Action's fields in their order (see `flag_rows`)."""


def row_flag_values(
    req: Request,
    number: str,
    d: RowDeadlines,
    findings: Sequence[Finding],
    *,
    today: dt.date,
    due_soon_days: int,
    suggestions: Sequence[str] = (),
) -> tuple[str, tuple[str, ...], ActionValues | None]:
    """Status, Bendera and the Perlu Tindakan action of one request, the action as the values of
    its fields (`flag_rows` makes the records of many rows at once)."""
    status = status_of(req, d)
    open_ = req.notice_date is None
    deadline = d.deadline
    flags: list[str] = []
    todo: list[tuple[str, str, dt.date | None]] = []  # (flag, text, by when)

    if d.late:
        flags.append(TERLAMBAT)
        todo.append((TERLAMBAT, "Segera kirim pemberitahuan tertulis (batas sudah lewat)", deadline))
    if d.extension_lawful is False:
        flags.append(PERPANJANGAN_TIDAK_SAH)
        todo.append((PERPANJANGAN_TIDAK_SAH, f"Perpanjangan tidak sah ({d.extension_problem}); batas tetap "
                                              f"{format_short(d.due)}", d.due))
    if open_ and not d.late and d.remaining is not None and d.remaining <= due_soon_days:
        flags.append(JATUH_TEMPO)
        todo.append((JATUH_TEMPO, f"Kirim pemberitahuan tertulis paling lambat {format_short(deadline)}", deadline))
    if waiting_for_completion(req):
        flags.append(MENUNGGU_KELENGKAPAN)
        if req.completion_notice_date is None:
            todo.append((MENUNGGU_KELENGKAPAN, "Kirim Pemberitahuan Kelengkapan Persyaratan"
                         + (f" paling lambat {format_short(d.completion_notice_due)}" if d.completion_notice_due else ""),
                         d.completion_notice_due))
        elif d.completion_due is not None and d.completion_due < today:
            todo.append((MENUNGGU_KELENGKAPAN, f"Batas melengkapi persyaratan {format_short(d.completion_due)} sudah "
                         "lewat: bila tetap tidak lengkap, catat Keputusan Ditolak dengan alasan Syarat Tidak Lengkap "
                         "dan kirim pemberitahuan tertulis", deadline))
        else:
            todo.append((MENUNGGU_KELENGKAPAN, "Tunggu pemohon melengkapi persyaratan"
                         + (f" sampai {format_short(d.completion_due)}" if d.completion_due else "")
                         + "; isi Tanggal Persyaratan Dilengkapi saat lengkap", d.completion_due))
    if (d.late or d.answered_late) and d.objection_due is not None and d.objection_due >= today:
        flags.append(RISIKO_KEBERATAN)
        todo.append((RISIKO_KEBERATAN, "Pemohon dapat mengajukan keberatan (jawaban melewati batas waktu) sampai "
                                       f"{format_short(d.objection_due)}: hubungi pemohon dan tuntaskan permohonan",
                     d.objection_due))
    errors = [f for f in findings if f.severity == "error" and f.code != EXTENSION_CODE]
    if errors:
        flags.append(DATA_TIDAK_LENGKAP)
        by = deadline if open_ else None
        seen: set[str] = set()
        for f in errors:
            line = f.instruction
            if line not in seen:
                seen.add(line)
                todo.append((DATA_TIDAK_LENGKAP, line, by))
    if req.refused_pasal17 or req.dik_code:
        flags.append(DIKECUALIKAN)
        if open_:
            todo.append((DIKECUALIKAN, "Pastikan SK penolakan menyebut huruf Pasal 17 dan uji konsekuensi, "
                                       f"paling lambat {format_short(deadline)}", deadline))
    elif suggestions and not req.decision:
        flags.append(KEMUNGKINAN_DIKECUALIKAN)
        codes = ", ".join(suggestions)
        todo.append((KEMUNGKINAN_DIKECUALIKAN, f"Periksa apakah termasuk DIK {codes} (saran, bukan keputusan)"
                     + (f"; putuskan paling lambat {format_short(deadline)}" if deadline and open_ else ""),
                     deadline if open_ else None))
    missing = [k for k in letters_missing(req, "requests") if req.decision or k.key == "completion"]
    held = [(k, reasons) for k in missing if (reasons := held_by(k, findings))]
    if held:
        flags.append(SURAT_DITAHAN)
        text = "; ".join(f"{k.label} ditahan ({', '.join(r)})" for k, r in held)
        todo.append((SURAT_DITAHAN, f"{text}: perbaiki dulu agar surat tidak memuat data yang salah", None))
        held_kinds = {k for k, _ in held}
        missing = [k for k in missing if k not in held_kinds]
    if missing:
        flags.append(BELUM_ADA_SURAT)
        names = ", ".join(k.label for k in missing)
        todo.append((BELUM_ADA_SURAT, f"Terbitkan surat: {names} (ppid notices)", None))
    if req.notice_date is not None and not req.supervised:
        flags.append(BELUM_DISUPERVISI)
        todo.append((BELUM_DISUPERVISI, "Periksa permohonan yang selesai lalu isi Supervisi Kasubbag = Ya", None))

    flagged = tuple(flags)
    if not todo:
        return status, flagged, None
    todo.sort(key=_priority_of)
    dates = [t[2] for t in todo if t[2] is not None]
    first = todo[0][0]
    return status, flagged, (
        PRIORITY[first],  # priority
        "Permohonan",  # register
        quote(number, 200),  # number
        req.ref.row,  # row
        flagged,  # flags
        LINE_SEPARATOR.join(t[1] for t in todo),  # action
        min(dates) if dates else None,  # deadline
        d.remaining if open_ else None,  # remaining
        quote(req.officer, 200),  # officer
        quote(req.name, 80),  # name
        REASONS[first],  # reason
    )


def _priority_of(todo: tuple[str, str, dt.date | None]) -> int:
    return PRIORITY[todo[0]]


_ACTION_FIELDS = tuple(f.name for f in fields(Action))
assert _ACTION_FIELDS == ("priority", "register", "number", "row", "flags", "action", "deadline", "remaining",
                          "officer", "name", "reason"), "row_flag_values gives an Action's values in this order"


def flag_rows(values: Sequence[tuple[str, tuple[str, ...], ActionValues | None]]) -> list[RowFlags]:
    """The RowFlags of many rows from their `row_flag_values`: the Actions and the RowFlags are
    filled a field at a time (records_from_columns), at half the cost of their constructors."""
    n = len(values)
    statuses, flag_tuples, action_values = (list(c) for c in zip(*values)) if n else ([], [], [])
    with_action = [i for i, a in enumerate(action_values) if a is not None]
    rows = [action_values[i] for i in with_action]
    columns = dict(zip(_ACTION_FIELDS, (list(c) for c in zip(*rows)))) if rows else {k: [] for k in _ACTION_FIELDS}
    actions: list[Action | None] = [None] * n
    for i, a in zip(with_action, records_from_columns(Action, len(rows), columns)):
        actions[i] = a
    return records_from_columns(RowFlags, n, {"status": statuses, "flags": flag_tuples, "action": actions})
