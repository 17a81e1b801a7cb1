"""E-mail messages as the standard library builds them (email.message.EmailMessage).

Plain data in, a message out: the caller gives the Message-ID (made before sending, so that it
can be claimed in the register first) and the date. Headers are built with the standard
library's header registry, which refuses a line break in any header: a name typed into the
register cannot add a header. Every message says it was sent automatically (RFC 3834).
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime

from automation.rules.config import EmailConfig

ADDRESS = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
_DIGEST_TAG = re.compile(r"^<ppid\.ringkasan\.\d{14}\.([0-9a-f]{12})\.")


def is_address(text: str) -> bool:
    """One plain e-mail address (ASCII, no display name, no list): the only kind we send to."""
    return bool(ADDRESS.fullmatch(text.strip()))


def display_name(text: str, limit: int = 70) -> str:
    s = " ".join(_CONTROL.sub(" ", str(text or "")).split())
    return s[:limit]


def new_message_id(kind: str, now: dt.datetime, sender: str, tag: str = "") -> str:
    """<ppid.KIND.YYYYmmddHHMMSS[.TAG].RANDOM@domain-of-the-sender>; no personal data in it."""
    domain = sender.rpartition("@")[2] or "ppid.invalid"
    middle = f".{tag}" if tag else ""
    return f"<ppid.{kind}.{now:%Y%m%d%H%M%S}{middle}.{secrets.token_hex(6)}@{domain}>"


def digest_fingerprint(message_id: str) -> str:
    """The fingerprint a digest's Message-ID carries ("" for any other message)."""
    m = _DIGEST_TAG.match(message_id.strip())
    return m.group(1) if m else ""


@dataclass(frozen=True)
class Attachment:
    filename: str  # made by the toolkit from numbers and kinds: never personal data
    data: bytes
    maintype: str
    subtype: str


def build_message(cfg: EmailConfig, *, to: str, to_name: str = "", subject: str, text: str, html: str = "",
                  attachments: Sequence[Attachment] = (), message_id: str, date: dt.datetime,
                  extra: Sequence[tuple[str, str]] = ()) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = Address(display_name(cfg.sender_name), addr_spec=cfg.sender)
    msg["To"] = Address(display_name(to_name), addr_spec=to.strip())
    if cfg.reply_to:
        msg["Reply-To"] = Address(display_name(cfg.sender_name), addr_spec=cfg.reply_to)
    msg["Subject"] = display_name(subject, 200)
    msg["Date"] = format_datetime(date if date.tzinfo else date.astimezone())
    msg["Message-ID"] = message_id
    msg["Auto-Submitted"] = "auto-generated"
    msg["X-Mailer"] = "ppid-sheets"
    for name, value in extra:
        msg[name] = display_name(value, 200)
    msg.set_content(text, charset="utf-8")
    if html:
        msg.add_alternative(html, subtype="html", charset="utf-8")
    for a in attachments:
        msg.add_attachment(a.data, maintype=a.maintype, subtype=a.subtype, filename=a.filename)
    return msg


PDF = ("application", "pdf")
DOCX = ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document")
XLSX = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
