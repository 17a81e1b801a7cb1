"""Masking personal data inside any text a person will see (messages, findings, Log, JSON).

A clerk may type a NIK, a phone number or an e-mail address into the wrong column (a date
column, a number cell); a message that quotes the cell must not echo it. `mask_personal` masks
every run of 8 or more digits and every mobile number written in groups (NIK, phone, account numbers: the first 4 and last 2 kept, as in the
PPID-C export) and the local part of every e-mail address. Short numbers (dates, counts,
registration sequences) are left as they are.
"""

from __future__ import annotations

import re

_EMAIL = re.compile(r"([A-Za-z0-9._%+-]+)@([A-Za-z0-9.-]+\.[A-Za-z]{2,})")
# 8+ digits in a row (NIK, phone typed plainly), or a mobile number written in groups
_DIGITS = re.compile(r"\d{8,}|(?:\+?62|0)[ -]?8\d{1,3}(?:[ .-]?\d{2,5}){2,}")


def _mask_digits(m: re.Match[str]) -> str:
    text = m.group(0)
    digits = sum(ch.isdigit() for ch in text)
    if digits < 8:
        return text
    seen = 0
    out = []
    for ch in text:
        if ch.isdigit():
            seen += 1
            out.append(ch if seen <= 4 or seen > digits - 2 else "*")
        else:
            out.append(ch)
    return "".join(out)


def _mask_email(m: re.Match[str]) -> str:
    local = m.group(1)
    return f"{local[:1]}***@{m.group(2)}"


def mask_personal(text: str) -> str:
    """`text` with NIK-like digit runs and e-mail addresses masked:
    "3201234567890123" -> "3201**********23", "siti.aminah@mail.id" -> "s***@mail.id"."""
    if not text:
        return text
    return _DIGITS.sub(_mask_digits, _EMAIL.sub(_mask_email, text))
