"""Which messages are due: plain data in (the register as read, the check's actions, the
report files), plain data out. No clock, no network, no file written.

Letters: a letter of the "Surat" tab whose request came by e-mail (Kanal Permohonan "Email")
or asked for its copy by e-mail (Cara Mendapatkan Salinan "Email"), with a valid address,
approved ("Supervisi Kasubbag" = Ya) when `[email] require_approval`, dated on or after
`[email] letters_since`, and not sent yet. Objection letters go to the objection's address
(else the request's) when the linked request asked by e-mail. The file is found from the
letter's number, kind and date (automation.letters.issue.letter_path), never from a cell.

A row left "mengirim" by a run that stopped is reconciled here: when the archive holds the
copy written the moment the server accepted it, the row becomes "terkirim"; otherwise it is a
finding for a human (EML-001) and is never sent again on its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from automation.letters.issue import letter_path
from automation.mail import findings as F
from automation.mail.compose import digest_fingerprint, is_address
from automation.mail.digest import Digest, build_digest
from automation.mail.records import (
    CONFIRMED,
    DIGEST_LABEL,
    FAILED,
    NOT_TRIED,
    RECONCILED,
    REFUSED,
    SENDING,
    SENT,
    SendRecord,
    outcome_writes,
    read_records,
)
from automation.rules.actions import Action
from automation.rules.config import Config
from automation.rules.findings import Finding
from automation.rules.letter_kinds import LetterKind, kind_from_label
from automation.rules.records import Objection, Request, read_objections, read_requests
from automation.rules.values import format_short
from sheets.layout import LETTERS, OBJECTIONS, REQUESTS
from sheets.model import Snapshot, WriteSet

EMAIL = "email"


@dataclass(frozen=True)
class LetterDue:
    record: SendRecord
    kind: LetterKind
    to: str
    name: str  # the requester's name, for the To header and the greeting
    docx: Path
    request_number: str

    @property
    def pdf(self) -> Path:
        return self.docx.with_suffix(".pdf")

    @property
    def txt(self) -> Path:
        return self.docx.with_suffix(".txt")

    def line(self) -> str:
        """For command output: no address, no name."""
        return f"{self.record.number}  {self.kind.label}  {self.request_number}"


@dataclass(frozen=True)
class ReportDue:
    label: str  # the report tab's name, "Laporan 2026-10": also what the "Surat" row says
    title: str  # "Laporan Bulanan Layanan Informasi Publik Oktober 2026"
    date: dt.date
    files: tuple[Path, ...]


@dataclass
class Outbox:
    letters: list[LetterDue] = field(default_factory=list)
    digest: Digest | None = None
    reports: list[ReportDue] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    writes: WriteSet = field(default_factory=WriteSet)  # reconciled / confirmed rows
    stale: list[str] = field(default_factory=list)  # Message-IDs of claims never tried (due again)
    notes: list[str] = field(default_factory=list)  # Indonesian, one line each
    waiting: int = 0  # letters waiting for "Supervisi Kasubbag"

    @property
    def count(self) -> int:
        return len(self.letters) + len(self.reports) + (self.digest is not None)


def wants_email(r: Request) -> bool:
    return r.channel.strip().casefold() == EMAIL or r.copy_method.strip().casefold() == EMAIL


def _what(record: SendRecord) -> str:
    if record.label == DIGEST_LABEL:
        return "Ringkasan harian"
    return record.label or "Surat"


def _resolve_sending(record: SendRecord, out: Outbox, now: datetime, archive_state: Callable[[str], str],
                     confirm: Collection[str]) -> bool:
    """A "mengirim" row: True when it is settled (reconciled or confirmed), False when it waits."""
    keys = {record.number, record.label, record.message_id}
    if keys & set(confirm):
        out.writes.extend(WriteSet(cells=outcome_writes(record.message_id, CONFIRMED, now)))
        out.notes.append(f"{_what(record)} {record.number} dicatat terkirim atas konfirmasi petugas.".replace("  ", " "))
        return True
    if record.message_id and archive_state(record.message_id) == "sent":
        out.writes.extend(WriteSet(cells=outcome_writes(record.message_id, RECONCILED, now)))
        out.notes.append(f"{_what(record)} {record.number} ternyata sudah diterima server: dicatat terkirim."
                         .replace("  ", " "))
        return True
    out.findings.append(F.finding(F.UNCONFIRMED, LETTERS.name, record.row, LETTERS.header("send_status"),
                                  what=_what(record), number=record.number or "", since=record.sent or "?"))
    return False


def plan_outbox(
    snapshot: Snapshot,
    config: Config,
    today: dt.date,
    now: datetime,
    *,
    actions: Sequence[Action] = (),
    reports: Sequence[ReportDue] = (),
    archive_state: Callable[[str], str] = lambda _id: "",
    resend: Collection[str] = (),
    confirm: Collection[str] = (),
) -> Outbox:
    """What to send now, what a human must look at, and the rows to settle first.

    `resend` / `confirm` hold letter numbers (or a report's label) a clerk has checked: send
    again, or record as received.
    """
    cfg = config.email
    out = Outbox()
    records = read_records(snapshot)  # "mengirim" rows never tried are read as "gagal" below
    rt, ot = snapshot.table(REQUESTS.name), snapshot.table(OBJECTIONS.name)
    requests = read_requests(rt) if rt is not None else []
    objections = read_objections(ot) if ot is not None else []
    by_number: dict[str, Request] = {r.number.strip(): r for r in requests if r.number}
    objection_by_number: dict[str, Objection] = {o.number.strip(): o for o in objections if o.number}

    # rows a run left "mengirim": never tried (due again), reconciled, confirmed, or left for a human
    settled: set[int] = set()
    for i, record in enumerate(records):
        if record.state != SENDING:
            continue
        if archive_state(record.message_id) == "unattempted":
            records[i] = replace(record, status=f"{FAILED}: {NOT_TRIED}")
            out.stale.append(record.message_id)
            if not record.number:  # a digest's or report's own row: it is not claimed again
                out.writes.extend(WriteSet(cells=outcome_writes(record.message_id, records[i].status, now)))
            continue
        if record.number in resend or record.label in resend:
            continue
        if _resolve_sending(record, out, now, archive_state, confirm):
            settled.add(record.row)

    if cfg.letters:
        _plan_letters(out, records, settled, config, by_number, objection_by_number, resend)
    if cfg.digest:
        _plan_digest(out, records, settled, config, today, actions, by_number, objection_by_number)
    if cfg.reports:
        _plan_reports(out, records, settled, config, reports, resend)
    return out


def _plan_letters(out: Outbox, records: Sequence[SendRecord], settled: set[int], config: Config,
                  by_number: Mapping[str, Request], objection_by_number: Mapping[str, Objection],
                  resend: Collection[str]) -> None:
    cfg = config.email
    warned: set[tuple[str, int]] = set()  # a failed sending ("gagal") is simply due again
    for record in records:
        kind = kind_from_label(record.label)
        if kind is None or not record.number or record.row in settled:
            continue
        objection = objection_by_number.get(record.reference.strip()) if kind.register == "objections" else None
        request = (by_number.get(objection.request_number.strip()) if objection is not None
                   else by_number.get(record.reference.strip()) if kind.register == "requests" else None)
        if request is None or not wants_email(request):
            continue
        address = ((objection.email if objection is not None else "") or request.email).strip()
        row_tab, row = ((OBJECTIONS, objection.ref.row) if objection is not None and objection.email
                        else (REQUESTS, request.ref.row))
        again = record.number in resend
        state = record.state
        if not again and state in (SENT, SENDING):
            continue
        if record.date is None or (cfg.letters_since is not None and record.date < cfg.letters_since):
            continue
        if not is_address(address):
            if (row_tab.name, row) not in warned:
                warned.add((row_tab.name, row))
                out.findings.append(F.finding(F.BAD_ADDRESS, row_tab.name, row, row_tab.header("email"),
                                              problem="kosong" if not address else "tidak berisi satu alamat email "
                                              "yang sah"))
            continue
        if state == REFUSED and not again and address.casefold() == record.sent_to.strip().casefold():
            out.findings.append(F.finding(F.REFUSED, row_tab.name, row, row_tab.header("email"), what=kind.label,
                                          number=record.number, why=record.status.partition(":")[2].strip() or "-"))
            continue
        if cfg.require_approval and kind.register == "requests" and not request.supervised:
            out.waiting += 1
            continue
        docx = Path(config.output.letters) / letter_path(record.number, kind, record.date)
        if not docx.is_file():
            out.findings.append(F.finding(F.NO_FILE, LETTERS.name, record.row, "", number=record.number))
            continue
        out.letters.append(LetterDue(record, kind, address, request.name if objection is None else objection.name,
                                     docx, request.number))


def _names(by_number: Mapping[str, Request], objection_by_number: Mapping[str, Objection]) -> dict[tuple[str, str], str]:
    names = {("Permohonan", n): r.name for n, r in by_number.items()}
    names.update({("Keberatan", n): o.name for n, o in objection_by_number.items()})
    return names


def _plan_digest(out: Outbox, records: Sequence[SendRecord], settled: set[int], config: Config, today: dt.date,
                 actions: Sequence[Action], by_number: Mapping[str, Request],
                 objection_by_number: Mapping[str, Objection]) -> None:
    cfg = config.email
    if not cfg.kasubbag:
        out.findings.append(F.finding(F.NO_RECIPIENT, LETTERS.name, 0, "", what="Ringkasan harian",
                                      key="kasubbag", who="Kasubbag"))
        return
    if not actions:
        out.notes.append("Ringkasan harian: tidak ada yang perlu tindakan, tidak dikirim.")
        return
    names = {(reg, num.strip()): name for (reg, num), name in _names(by_number, objection_by_number).items()}
    digest = build_digest(actions, {(a.register, a.number): names.get((a.register, a.number.strip()), "")
                                    for a in actions}, today)
    last = next((r for r in reversed(records) if r.label == DIGEST_LABEL), None)
    if last is not None and not cfg.digest_when_unchanged and last.state in (SENT, SENDING) \
            and digest_fingerprint(last.message_id) == digest.fingerprint:
        out.notes.append(f"Ringkasan harian: tidak ada yang baru sejak ringkasan {last.sent or format_short(last.date)}, "
                         "tidak dikirim.")
        return
    out.digest = digest


def _plan_reports(out: Outbox, records: Sequence[SendRecord], settled: set[int], config: Config,
                  reports: Sequence[ReportDue], resend: Collection[str]) -> None:
    cfg = config.email
    for report in reports:
        if not cfg.sekretaris:
            out.findings.append(F.finding(F.NO_RECIPIENT, LETTERS.name, 0, "", what=report.label,
                                          key="sekretaris", who="Sekretaris"))
            return
        mine = [r for r in records if r.label == report.label]
        again = report.label in resend
        if not again and any(r.state in (SENT, SENDING) for r in mine):
            continue
        refused = [r for r in mine if r.state == REFUSED and r.sent_to.strip().casefold() == cfg.sekretaris.casefold()]
        if refused and not again:
            r = refused[-1]
            out.findings.append(F.finding(F.REFUSED, LETTERS.name, r.row, LETTERS.header("send_status"),
                                          what=report.label, number="", why=r.status.partition(":")[2].strip() or "-"))
            continue
        missing = [p for p in report.files if not p.is_file()]
        if missing:
            continue
        out.reports.append(report)
