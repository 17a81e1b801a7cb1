"""Turning what staff typed into typed values, without ever guessing.

A cell may hold a real date, an Excel serial number, or Indonesian text ("27/11/2026",
"27-11-2026", "27 Nov 2026", "Jumat, 27 November 2026"). Anything ambiguous (a two-digit
year) or impossible (31-02-2026) comes back as a `Problem`, never as a guessed date.
Formats follow the Indonesian order day-month-year; ISO (2026-11-27) is accepted too.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

ProblemKind = Literal["format", "impossible", "ambiguous", "error_value", "not_number"]

# The calendar lists rest days for these years only (automation.rules.calendar); here so that
# the command layer can check a date without importing numpy.
CALENDAR_BAND = (dt.date(1970, 1, 1), dt.date(2100, 12, 31))


@dataclass(frozen=True)
class Problem:
    kind: ProblemKind
    raw: str


MONTHS_ID = {
    "januari": 1, "jan": 1, "februari": 2, "pebruari": 2, "feb": 2, "peb": 2, "maret": 3, "mar": 3,
    "april": 4, "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "agustus": 8, "agu": 8,
    "agt": 8, "ags": 8, "agst": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10,
    "okt": 10, "oct": 10, "november": 11, "nov": 11, "nopember": 11, "nop": 11, "desember": 12,
    "des": 12, "dec": 12, "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7,
    "august": 8, "october": 10, "december": 12,
}
MONTH_NAMES = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
               "Oktober", "November", "Desember")
DAY_NAMES = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
DAY_ABBR = ("Sen", "Sel", "Rab", "Kam", "Jum", "Sab", "Min")

_EXCEL_EPOCH = dt.date(1899, 12, 30)
_SERIAL_MIN, _SERIAL_MAX = 1, 2958465  # 1900-01-01 .. 9999-12-31
_ERROR_VALUES = {"#REF!", "#N/A", "#VALUE!", "#DIV/0!", "#NAME?", "#NULL!", "#NUM!", "#SPILL!", "#CALC!"}

_NUMERIC = re.compile(r"(\d{1,4})[-/.](\d{1,2})[-/.](\d{1,4})")
_TEXTUAL = re.compile(r"(\d{1,2})[\s\-/.]+([A-Za-z]+)\.?[\s\-/.,]+(\d{2,4})")
_WEEKDAY_PREFIX = re.compile(r"^(senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu|ahad)\s*,?\s*", re.I)


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def is_error_value(value: object) -> bool:
    return isinstance(value, str) and value.strip().upper() in _ERROR_VALUES


def looks_like_formula(value: object) -> bool:
    """Text a spreadsheet could take for a formula: "=...", or "+", "-", "@" before a letter or
    bracket. Phone numbers ("+62 812...") and dashes in prose are not."""
    if not isinstance(value, str):
        return False
    s = value.lstrip()
    if s.startswith("="):
        return len(s) > 1
    return len(s) > 1 and s[0] in "+-@" and (s[1].isalpha() or s[1] == "(")


def from_serial(serial: float) -> dt.date:
    return _EXCEL_EPOCH + dt.timedelta(days=int(serial))


def to_serial(d: dt.date) -> int:
    return (d - _EXCEL_EPOCH).days


def parse_date(value: object) -> tuple[dt.date | None, Problem | None]:
    """(date, None) or (None, problem); blank is (None, None)."""
    if is_blank(value):
        return None, None
    if isinstance(value, dt.datetime):
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    if isinstance(value, bool):
        return None, Problem("format", str(value))
    if isinstance(value, (int, float)):
        if _SERIAL_MIN <= value <= _SERIAL_MAX and float(value).is_integer():
            return from_serial(value), None
        return None, Problem("format", _raw(value))
    text = str(value).strip()
    if is_error_value(text):
        return None, Problem("error_value", text)
    text = _WEEKDAY_PREFIX.sub("", text)
    m = _NUMERIC.fullmatch(text)
    if m:
        a, b, c = m.groups()
        if len(a) == 4:  # ISO year-month-day
            return _make(int(a), int(b), int(c), value)
        if len(c) != 4 or len(a) > 2:
            return None, Problem("ambiguous" if len(c) == 2 else "format", text)
        return _make(int(c), int(b), int(a), value)
    m = _TEXTUAL.fullmatch(text)
    if m:
        day, month_name, year = m.groups()
        month = MONTHS_ID.get(month_name.lower())
        if month is None:
            return None, Problem("format", text)
        if len(year) != 4:
            return None, Problem("ambiguous", text)
        return _make(int(year), month, int(day), value)
    return None, Problem("format", text)


def _make(year: int, month: int, day: int, raw: object) -> tuple[dt.date | None, Problem | None]:
    try:
        return dt.date(year, month, day), None
    except ValueError:
        return None, Problem("impossible", _raw(raw))


def parse_time(value: object) -> tuple[dt.time | None, Problem | None]:
    if is_blank(value):
        return None, None
    if isinstance(value, dt.datetime):
        return value.time(), None
    if isinstance(value, dt.time):
        return value, None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value < 1:
        minutes = round(float(value) * 24 * 60)
        return dt.time(minutes // 60 % 24, minutes % 60), None
    m = re.fullmatch(r"(\d{1,2})[:.](\d{2})(?:[:.]\d{2})?(?:\s*(WIB|WITA|WIT))?", str(value).strip(), re.I)
    if m and int(m.group(1)) < 24 and int(m.group(2)) < 60:
        return dt.time(int(m.group(1)), int(m.group(2))), None
    return None, Problem("format", _raw(value))


# how forms and clerks write "no fee" (compared whitespace-tidied and case-folded)
_NO_FEE = frozenset({"-", "0", "gratis", "nihil", "tanpa biaya", "bebas biaya", "tidak dipungut biaya",
                     "tidak ada biaya"})


def parse_money(value: object) -> tuple[int | None, Problem | None]:
    """Rupiah: 5000, 5000.0, "5.000", "Rp 5.000,00", "Rp5000"; blank is None."""
    if is_blank(value):
        return None, None
    if isinstance(value, bool):
        return None, Problem("not_number", str(value))
    if isinstance(value, (int, float)):
        if value < 0 or value != value or value in (float("inf"), float("-inf")):  # negative, NaN, infinite
            return None, Problem("not_number", _raw(value))
        return round(value), None
    text = str(value).strip()
    if " ".join(text.split()).casefold() in _NO_FEE:
        return 0, None
    s = re.sub(r"^rp\.?\s*", "", text, flags=re.I).replace(" ", "")
    if s == "-":  # "Rp -", "Rp. -": nothing charged
        return 0, None
    s = re.sub(r",-$", "", s)
    if re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d{1,2})?", s) or re.fullmatch(r"\d+(,\d{1,2})?", s):
        return round(float(s.replace(".", "").replace(",", "."))), None
    return None, Problem("not_number", text)


def as_text(value: object) -> str:
    """A cell as the text staff see: numbers without a trailing .0, dates dd-mm-yyyy."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Ya" if value else "Tidak"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%d-%m-%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return " ".join(str(value).split()) if "\n" not in str(value) else str(value).strip()


def _raw(value: object) -> str:
    return as_text(value)[:60]


def format_date_id(d: dt.date | None) -> str:
    """The Indonesian way, for letters: 11 Desember 2026."""
    if d is None:
        return ""
    return f"{d.day} {MONTH_NAMES[d.month - 1]} {d.year}"


def format_day_date_id(d: dt.date | None) -> str:
    """Jumat, 11 Desember 2026."""
    if d is None:
        return ""
    return f"{DAY_NAMES[d.weekday()]}, {format_date_id(d)}"


def format_short(d: dt.date | None) -> str:
    """Jum 11-12-2026, as in traces and the Perlu Tindakan tab."""
    if d is None:
        return ""
    return f"{DAY_ABBR[d.weekday()]} {d.strftime('%d-%m-%Y')}"


def format_rupiah(amount: int | None) -> str:
    """Rp 150.000 (0 is "Rp 0")."""
    if amount is None:
        return ""
    return "Rp " + f"{amount:,}".replace(",", ".")


ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def format_number(template: str, seq: int, day: dt.date, code: str = "") -> str:
    """A registration or letter number from its configured format."""
    return template.format(seq=seq, year=day.year, month=day.month, month_roman=ROMAN[day.month - 1], code=code)
