"""The three messages the toolkit sends, in Bahasa Indonesia: the digest to the Kasubbag, a
letter to a requester, the monthly report to the Sekretaris."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from email.message import EmailMessage
from pathlib import Path

from automation.mail.compose import DOCX, PDF, XLSX, Attachment, build_message
from automation.mail.digest import Digest, digest_html, digest_text
from automation.mail.outbox import LetterDue, ReportDue
from automation.rules.config import Config

_TYPES = {".pdf": PDF, ".docx": DOCX, ".xlsx": XLSX}
SIGNATURE = "Email ini dikirim otomatis oleh ppid-sheets."


def _greeting(name: str, fallback: str) -> str:
    return f"Yth. {name}," if name.strip() else f"Yth. {fallback},"


def digest_message(digest: Digest, config: Config, message_id: str, now: dt.datetime) -> EmailMessage:
    greeting = _greeting(config.ppid.name, "Kepala Subbagian / PPID Pelaksana")
    office = config.office.short_name or config.office.name
    return build_message(config.email, to=config.email.kasubbag, to_name=config.ppid.name, subject=digest.subject,
                         text=digest_text(digest, greeting, office), html=digest_html(digest, greeting, office),
                         message_id=message_id, date=now)


def letter_message(due: LetterDue, config: Config, text: str, pdf: bytes, message_id: str,
                   now: dt.datetime) -> EmailMessage:
    """The letter's plain-text version as the body, its PDF attached (named like the letter file)."""
    body = text.strip() + "\n\n-- \n" + f"{config.office.name}\n{SIGNATURE} Surat resmi terlampir (PDF).\n"
    subject = f"{due.kind.title} Nomor {due.record.number}"
    attachment = Attachment(due.pdf.name, pdf, *PDF)
    return build_message(config.email, to=due.to, to_name=due.name, subject=subject, text=body,
                         attachments=[attachment], message_id=message_id, date=now,
                         extra=[("X-PPID-Nomor-Surat", due.record.number)])


def report_message(report: ReportDue, config: Config, message_id: str, now: dt.datetime,
                   files: Sequence[Path] | None = None) -> EmailMessage:
    superior = config.superior
    lines = [
        _greeting(superior.name, superior.title or "Sekretaris"),
        "",
        f"Bersama ini kami sampaikan {report.title}. Terlampir surat laporan dan buku kerja berisi angka-angkanya; "
        "laporan yang sama ada di tab \"" + report.label + "\" register PPID.",
        "",
        "Hormat kami,",
        config.ppid.name or "PPID Pelaksana",
        config.ppid.title,
        "",
        f"-- \n{config.office.name}\n{SIGNATURE}",
    ]
    attachments = []
    for path in files if files is not None else report.files:
        maintype, subtype = _TYPES.get(path.suffix.lower(), ("application", "octet-stream"))
        attachments.append(Attachment(path.name, path.read_bytes(), maintype, subtype))
    return build_message(config.email, to=config.email.sekretaris, to_name=superior.name, subject=report.title,
                         text="\n".join(lines) + "\n", attachments=attachments, message_id=message_id, date=now,
                         extra=[("X-PPID-Laporan", report.label)])
