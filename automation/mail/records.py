"""Sending records in the "Surat" tab: what was sent, to which address, under which Message-ID.

A letter's own row carries its sending ("Dikirim", "Dikirim Kepada", "Message-ID", "Status
Kirim"); the daily digest and the monthly report get a row of their own (no letter number,
"Jenis Surat" says what they are). Every sending is claimed first ("mengirim", with the
Message-ID made before sending), then recorded ("terkirim", or "gagal: ..." / "ditolak: ...").
A "mengirim" row on the next run means the run stopped in between: it is reconciled from the
archive copy written the moment the server accepted the message, or else left for a human.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from automation.rules.values import as_text, parse_date
from sheets.layout import LETTERS
from sheets.model import CellValue, CellWrite, Snapshot, WriteSet

SENDING = "mengirim"
SENT = "terkirim"
FAILED = "gagal"  # the server said no for now, or could not be reached: tried again next run
REFUSED = "ditolak"  # the server refused the address for good: tried again once it changes
CONFIRMED = "terkirim (dikonfirmasi petugas)"
RECONCILED = "terkirim (dipulihkan dari arsip)"
NOT_TRIED = "tidak dicoba (proses berhenti sebelum mengirim)"

DIGEST_LABEL = "Ringkasan Harian"
REPORT_LABEL = "Laporan"  # "Laporan 2026-10", "Laporan Tahunan 2026": the report tab's name
STAMP = "%d-%m-%Y %H:%M"

H_SENT = LETTERS.header("sent")
H_TO = LETTERS.header("sent_to")
H_ID = LETTERS.header("message_id")
H_STATUS = LETTERS.header("send_status")
H_NUMBER = LETTERS.header("number")


@dataclass(frozen=True)
class SendRecord:
    """One row of the "Surat" tab, with its sending columns as read."""

    row: int
    number: str
    label: str  # "Jenis Surat"
    date: dt.date | None
    reference: str
    sent: str
    sent_to: str
    message_id: str
    status: str

    @property
    def state(self) -> str:
        """"" (never sent), SENDING, SENT, FAILED or REFUSED, from the status text."""
        s = self.status.strip().casefold()
        for state in (SENDING, SENT, FAILED, REFUSED):
            if s.startswith(state):
                return state
        return ""


def read_records(snapshot: Snapshot) -> list[SendRecord]:
    """Every row of the "Surat" tab in sheet order (blank rows are not read)."""
    table = snapshot.table(LETTERS.name)
    if table is None:
        return []
    out = []
    for n, raw in zip(table.row_numbers, table.records(LETTERS)):
        out.append(SendRecord(n, as_text(raw["number"]), as_text(raw["kind"]), parse_date(raw["date"])[0],
                              as_text(raw["reference"]), as_text(raw["sent"]), as_text(raw["sent_to"]),
                              as_text(raw["message_id"]), as_text(raw["send_status"])))
    return out


def claim_letter(record: SendRecord, to: str, message_id: str, when: dt.datetime) -> list[CellWrite]:
    """Before sending a letter: its row says "mengirim", with the address and the Message-ID."""
    match = ((H_NUMBER, record.number),)
    values = ((H_SENT, when.strftime(STAMP)), (H_TO, to), (H_ID, message_id), (H_STATUS, SENDING))
    return [CellWrite(LETTERS.name, record.row, h, v, match) for h, v in values]


def claim_row(label: str, date: dt.date, to: str, message_id: str, when: dt.datetime) -> tuple[CellValue, ...]:
    """Before sending a digest or a report: its own row of the "Surat" tab, in layout order."""
    values = {"number": "", "kind": label, "date": date, "reference": "", "file": "",  # real dates: they sort
              "made": when.replace(second=0, microsecond=0, tzinfo=None), "sent": when.strftime(STAMP), "sent_to": to,
              "message_id": message_id, "send_status": SENDING}
    return tuple(values[c.key] for c in LETTERS.columns)


def outcome_writes(message_id: str, status: str, when: dt.datetime) -> list[CellWrite]:
    """After sending (or reconciling): the row with this Message-ID gets its final status."""
    match = ((H_ID, message_id),)
    return [CellWrite(LETTERS.name, 0, H_SENT, when.strftime(STAMP), match),
            CellWrite(LETTERS.name, 0, H_STATUS, status, match)]


def claims(letters: list[CellWrite], rows: list[tuple[CellValue, ...]]) -> WriteSet:
    out = WriteSet(cells=list(letters))
    if rows:
        out.append_rows[LETTERS.name] = list(rows)
    return out


SEND_KEYS = ("sent", "sent_to", "message_id", "send_status")


def missing_columns(snapshot: Snapshot) -> WriteSet:
    """The sending columns, added to a "Surat" tab made before they existed.

    A blank write into the first row makes every backend add the missing header (after the
    last column, in layout order) and leaves the cells empty; a tab with no row yet is laid out
    again (it holds nothing)."""
    table = snapshot.table(LETTERS.name)
    out = WriteSet()
    if table is None:
        return out
    missing = [LETTERS.header(k) for k in SEND_KEYS if table.index(LETTERS.header(k)) is None]
    if not missing:
        return out
    if not table.rows:
        from sheets.model import SheetContent

        out.replace_tabs.append(SheetContent(LETTERS.name, (LETTERS.headers,),
                                             widths=tuple(c.width for c in LETTERS.columns)))
        return out
    row = table.row_numbers[0]
    number = table.rows[0][table.index(H_NUMBER)] if table.index(H_NUMBER) is not None else None
    out.cells = [CellWrite(LETTERS.name, row, h, "", ((H_NUMBER, number),)) for h in missing]
    return out
