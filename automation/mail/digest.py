"""The Kasubbag's daily digest: what "Perlu Tindakan" holds, most urgent first.

Built from the check's `Action` data (automation.rules.actions), not from the tab's text, plus
the requester's name looked up by number. Never a NIK, a phone number, an address or an
e-mail address: only the register, the number, the name, what to do, the deadline, the
working days left or late, and the officer; free text is scrubbed of long digit runs and
e-mail addresses in case a clerk typed one where it does not belong.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from automation.rules.actions import Action, sort_actions
from automation.rules.values import format_day_date_id, format_short

_DIGIT_RUN = re.compile(r"\+?\d(?:[ .-]?\d){9,}")  # 10+ digits, single separators between them
_DATE = re.compile(r"\d{1,2}-\d{1,2}-\d{4}")
_EMAIL = re.compile(r"[^\s<>()\"',;:]+@[^\s<>()\"',;:]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def scrub(text: object, limit: int = 300) -> str:
    """One line of staff text fit for the digest: no control characters, no run of 8 or more
    digits that is not a date (a NIK, a phone number), no e-mail address; capped at `limit`."""
    s = " ".join(_CONTROL.sub(" ", str(text or "")).split())
    s = _EMAIL.sub("[email disamarkan]", s)
    s = _DIGIT_RUN.sub(_mask_digits, s)
    return s if len(s) <= limit else s[: limit - 3] + "..."


def _mask_digits(m: re.Match[str]) -> str:
    text = m.group(0)
    rest = _DATE.sub("", text)  # "19-08-2026 72" is a date and a count, not a phone number
    return "[angka disamarkan]" if sum(c.isdigit() for c in rest) >= 8 else text


@dataclass(frozen=True)
class DigestItem:
    register: str
    number: str
    name: str
    flags: str
    action: str
    deadline: str
    days: str  # "terlambat 3 hari kerja", "batas hari ini", "sisa 2 hari kerja", ""
    officer: str
    late: bool


@dataclass(frozen=True)
class Digest:
    today: dt.date
    items: tuple[DigestItem, ...]
    fingerprint: str  # changes when a row enters or leaves the list or its flags change

    @property
    def late(self) -> int:
        return sum(1 for i in self.items if i.late)

    @property
    def subject(self) -> str:
        late = f", {self.late} terlambat" if self.late else ""
        return f"[PPID] Perlu tindakan {format_short(self.today)}: {len(self.items)} baris{late}"


def days_text(remaining: int | None) -> str:
    if remaining is None:
        return ""
    if remaining < 0:
        return f"terlambat {-remaining} hari kerja"
    if remaining == 0:
        return "batas hari ini"
    return f"sisa {remaining} hari kerja"


def fingerprint(actions: Iterable[Action]) -> str:
    """12 hex digits over (register, number, flags) of every action, order aside."""
    keys = sorted(f"{a.register}|{a.number}|{'|'.join(sorted(a.flags))}" for a in actions)
    return hashlib.sha256("\n".join(keys).encode("utf-8")).hexdigest()[:12]


def build_digest(actions: Sequence[Action], names: Mapping[tuple[str, str], str], today: dt.date) -> Digest:
    """`names` maps (register, number) to the requester's name ("Permohonan"/"Keberatan")."""
    items = []
    for a in sort_actions(actions):
        items.append(DigestItem(
            register=a.register, number=scrub(a.number, 60) or f"baris {a.row}",
            name=scrub(names.get((a.register, a.number), ""), 80), flags=scrub("; ".join(a.flags), 120),
            action=scrub(a.action, 600), deadline=format_short(a.deadline), days=days_text(a.remaining),
            officer=scrub(a.officer, 80), late=a.remaining is not None and a.remaining < 0 or a.priority == 0,
        ))
    return Digest(today, tuple(items), fingerprint(actions))


def digest_text(d: Digest, greeting: str, office: str) -> str:
    lines = [greeting, "",
             f"Berikut isi tab \"Perlu Tindakan\" register PPID {office} per {format_day_date_id(d.today)}: "
             f"{len(d.items)} baris perlu tindakan" + (f", {d.late} di antaranya terlambat." if d.late else "."),
             "Urutan: paling mendesak di atas.", ""]
    for n, i in enumerate(d.items, 1):
        head = f"{n}. [{i.flags}] {i.register} {i.number}" + (f" - {i.name}" if i.name else "")
        lines.append(head)
        lines.append(f"   Tindakan: {i.action}")
        when = ", ".join(x for x in (f"batas {i.deadline}" if i.deadline else "", i.days) if x)
        extra = "; ".join(x for x in (when, f"petugas {i.officer}" if i.officer else "") if x)
        if extra:
            lines.append(f"   {extra[:1].upper()}{extra[1:]}")
        lines.append("")
    lines += ["Rincian dan catatan validasi ada di register (tab \"Perlu Tindakan\" dan kolom Catatan Validasi).",
              "Email ini dikirim otomatis oleh ppid-sheets; tidak memuat NIK, alamat atau nomor telepon pemohon."]
    return "\n".join(lines) + "\n"


_ROW_COLOURS = {True: "#fde2e1", False: "#ffffff"}


def digest_html(d: Digest, greeting: str, office: str) -> str:
    e = html.escape
    rows = []
    for n, i in enumerate(d.items, 1):
        rows.append(
            f'<tr style="background:{_ROW_COLOURS[i.late]}">'
            f"<td>{n}</td><td>{e(i.flags)}</td><td>{e(i.register)}<br><b style=\"white-space:nowrap\">"
            f"{e(i.number)}</b></td><td>{e(i.name)}</td><td style=\"min-width:280px\">{e(i.action)}</td>"
            f"<td style=\"white-space:nowrap\">{e(i.deadline)}</td><td>{e(i.days)}</td><td>{e(i.officer)}</td></tr>"
        )
    late = f", <b>{d.late} di antaranya terlambat</b>" if d.late else ""
    head = "".join(f"<th>{h}</th>" for h in ("No", "Bendera", "Register / Nomor", "Pemohon", "Tindakan", "Batas",
                                              "Sisa/Terlambat", "Petugas"))
    return (
        '<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">'
        f"<title>{e(d.subject)}</title></head>"
        '<body style="font-family:Arial,Helvetica,sans-serif;font-size:14px">'
        f"<p>{e(greeting)}</p>"
        f"<p>Berikut isi tab &quot;Perlu Tindakan&quot; register PPID {e(office)} per "
        f"{e(format_day_date_id(d.today))}: {len(d.items)} baris perlu tindakan{late}. "
        "Paling mendesak di atas.</p>"
        '<table border="1" cellpadding="4" cellspacing="0" style="border-collapse:collapse;vertical-align:top">'
        f'<thead style="background:#dddddd"><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
        "<p>Rincian dan catatan validasi ada di register (tab &quot;Perlu Tindakan&quot; dan kolom "
        "Catatan Validasi).</p>"
        '<p style="color:#666666;font-size:12px">Email ini dikirim otomatis oleh ppid-sheets; tidak memuat NIK, '
        "alamat atau nomor telepon pemohon.</p></body></html>"
    )
