"""Registration numbers (nomor pendaftaran, UU 14/2008 Pasal 22 ayat 4).

A blank No. Pendaftaran gets the next number of its receipt year in the configured format
(config.toml ``[numbers] request``, e.g. "{seq:03d}/PPID/{month_roman}/{year}"). The next
sequence is 1 + the highest sequence already used that year among the numbers that match the
format (the format is parsed back into a regular expression). A number once written is never
changed or reused: only blank cells are filled (and `sheets.model.guard_writes` enforces it).
A format without {year} numbers across all years (one sequence), so no number repeats.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from automation.rules.records import Request
from automation.rules.values import format_number

_FIELD_PATTERNS = {
    "seq": r"(?P<seq>\d+)",
    "year": r"(?P<year>\d{4})",
    "month": r"\d{1,2}",
    "month_roman": r"(?:XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I)",
    "code": r".+?",
}


def format_regex(template: str) -> re.Pattern[str]:
    """The regular expression that matches numbers made with `template`.

    Only the first {seq} and {year} are captured; a repeated field matches but is not checked.
    """
    parts: list[str] = []
    seen: set[str] = set()
    for literal, name, _spec, _conv in string.Formatter().parse(template):
        parts.append(re.escape(literal))
        if name is None:
            continue
        pattern = _FIELD_PATTERNS.get(name, r".+?")
        if name in seen:  # a second capture group with the same name is not allowed
            pattern = re.sub(r"\(\?P<\w+>", "(?:", pattern)
        seen.add(name)
        parts.append(pattern)
    return re.compile("".join(parts), re.IGNORECASE)


@dataclass(frozen=True)
class Assignment:
    position: int  # index into the request list
    number: str


def next_sequences(numbers: Sequence[str], template: str) -> dict[int | None, int]:
    """Highest sequence used per year (key None when the format has no {year})."""
    pattern = format_regex(template)
    per_year = "(?P<year>" in pattern.pattern
    highest: dict[int | None, int] = {}
    for number in numbers:
        m = pattern.fullmatch(number.strip()) if number else None
        if m is None:
            continue
        year = int(m.group("year")) if per_year else None
        seq = int(m.group("seq"))
        if seq > highest.get(year, 0):
            highest[year] = seq
    return highest


def next_numbers(template: str, existing: Iterable[str], dates: Sequence[dt.date]) -> list[str]:
    """Numbers for new rows received on `dates` (in that order), continuing each year's sequence.

    The next number in a year is one more than the highest existing number of that year
    matching `template`; numbers typed in another format are ignored; a template without
    ``{year}`` has one sequence. Used for requests and objections alike.
    """
    last = next_sequences(list(existing), template)
    per_year = "{year" in template
    out = []
    for day in dates:
        year = day.year if per_year else None
        last[year] = last.get(year, 0) + 1
        out.append(format_number(template, last[year], day))
    return out


def assign_numbers(requests: Sequence[Request], template: str, today: dt.date | None = None,
                   hold: frozenset[int] = frozenset()) -> tuple[list[Assignment], list[int]]:
    """Numbers for rows with a blank No. Pendaftaran, in receipt order within each year.

    Returns the assignments and the positions that could not get one (no readable receipt
    date, one after `today`, or a position in `hold` (a date that may be mistyped): a wrong
    date must not become a permanent number; the caller reports them).
    """
    blank = [i for i, r in enumerate(requests) if not r.number.strip()]
    waiting = [i for i in blank if i in hold or not _numberable(requests[i], today)]
    dated = sorted((i for i in blank if i not in hold and _numberable(requests[i], today)),
                   key=lambda i: (requests[i].received, requests[i].received_time is None,
                                  requests[i].received_time or 0, requests[i].ref.row))
    numbers = next_numbers(template, [r.number for r in requests], [requests[i].received for i in dated])
    return [Assignment(i, n) for i, n in zip(dated, numbers)], waiting


def _numberable(req: Request, today: dt.date | None) -> bool:
    return req.received is not None and (today is None or req.received <= today)
