"""The letters job: which letters each row needs, their numbers, the files and the register writes.

`plan_notices` is plain data in, plain data out (no files, no clock); `render_notices` writes
the .docx and .txt files of a plan. The command writes the plan's `writes` to the register
*before* rendering, so a number is claimed in the "Surat" tab before any paper carries it.

Numbering (config.toml ``[numbers] letter``, default "{seq:03d}/{code}/PPID/{month_roman}/{year}"):
one sequence per year of the letter date, shared by every kind (and the report's cover letter), like an office's register
of outgoing mail (agenda surat keluar): the code tells the kind, the sequence tells the order of
issue. The next number is 1 + the highest sequence of that year among the numbers the register
already knows: the "Surat" tab *and* the "Surat Terbit" cells of both registers. So a number is
never reused, even when a row of the "Surat" tab is deleted (the letter is still named in its
row's "Surat Terbit" cell and is written back into "Surat"). A letter keeps its number and date
forever; `force=True` re-renders its file under the same number and date. A format without
{year} numbers across all years, so nothing repeats either.

Which letters a row already has comes from the "Surat" tab (kind + No. Pendaftaran, or No.
Registrasi Keberatan for the two objection letters), completed by the row's "Surat Terbit"
cell; never from files on disk.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from automation.letters.render import TEMPLATES_DIR, build_context, missing_fields, render_letter
from automation.rules.calendar import WorkCalendar
from automation.rules.config import Config
from automation.rules.letter_kinds import (  # noqa: F401 - has_letter is part of this module's API
    KINDS,
    LetterKind,
    Record,
    has_letter,
    kind_from_label,
    letters_in_cell,
)
from automation.rules.numbering import format_regex
from automation.rules.records import Objection, Request, read_dik, read_objections, read_requests
from automation.rules.validate import Rules, validate_request
from automation.rules.values import as_text, format_date_id, format_number, parse_date
from sheets.layout import DIK, LETTERS, OBJECTIONS, REQUESTS
from sheets.model import CellValue, CellWrite, Snapshot, WriteSet

CELL_SEPARATOR = "; "


@dataclass(frozen=True)
class IssuedLetter:
    """A letter already issued: a row of the "Surat" tab, or an entry of a "Surat Terbit" cell."""

    number: str
    kind: LetterKind
    date: dt.date | None
    reference: str  # No. Pendaftaran / No. Registrasi Keberatan
    file: str = ""  # relative to the letters folder, as recorded


@dataclass(frozen=True)
class PlannedLetter:
    kind: LetterKind
    number: str
    date: dt.date
    reference: str
    file: Path  # relative to the letters folder
    context: dict[str, Any] = field(repr=False)
    new: bool = True  # False: an issued letter remade under --force
    row: int = 0  # sheet row of the record


@dataclass(frozen=True)
class Blocked:
    """A letter a row calls for but cannot have yet, with the Indonesian reasons."""

    kind: LetterKind
    reference: str
    row: int
    reasons: tuple[str, ...]

    def message(self) -> str:
        who = self.reference or f"baris {self.row}"
        return f"{self.kind.label} {who} (baris {self.row}) belum bisa dibuat: {'; '.join(self.reasons)}"


@dataclass
class NoticePlan:
    letters: list[PlannedLetter] = field(default_factory=list)
    blocked: list[Blocked] = field(default_factory=list)
    restored: list[IssuedLetter] = field(default_factory=list)  # re-recorded in "Surat" from a cell
    writes: WriteSet = field(default_factory=WriteSet)

    @property
    def new(self) -> list[PlannedLetter]:
        return [p for p in self.letters if p.new]

    @property
    def remade(self) -> list[PlannedLetter]:
        return [p for p in self.letters if not p.new]


# --- reading what was issued ---------------------------------------------------------------------

def read_issued(snapshot: Snapshot) -> list[IssuedLetter]:
    """The "Surat" tab (rows with an unknown kind or no number are ignored)."""
    table = snapshot.table(LETTERS.name)
    if table is None:
        return []
    out = []
    for raw in table.records(LETTERS):
        number = as_text(raw["number"])
        kind = kind_from_label(as_text(raw["kind"]))
        if not number or kind is None:
            continue
        out.append(IssuedLetter(number, kind, parse_date(raw["date"])[0], as_text(raw["reference"]),
                                as_text(raw["file"])))
    return out


@dataclass(frozen=True)
class _Numbered:
    number: str


def other_letters(snapshot: Snapshot) -> list[_Numbered]:
    """Numbers in the "Surat" tab of letters that are not register letters (the report's cover
    letter): they share the sequence, so they are counted too."""
    table = snapshot.table(LETTERS.name)
    if table is None:
        return []
    return [_Numbered(as_text(raw["number"])) for raw in table.records(LETTERS)
            if as_text(raw["number"]) and kind_from_label(as_text(raw["kind"])) is None]


def cell_value(letters: Iterable[tuple[LetterKind, str]]) -> str:
    """The "Surat Terbit" cell for a row: "Tanda Bukti Permohonan: 001/TT/PPID/XI/2026; ..."."""
    return CELL_SEPARATOR.join(f"{k.label}: {n}" for k, n in letters)


# --- numbers and files -----------------------------------------------------------------------

def _sequence_key(number: str, pattern: re.Pattern[str], per_year: bool) -> tuple[Any, int] | None:
    """(year or None, sequence) of a number made with the configured format; None if it is not."""
    m = pattern.fullmatch(number.strip())
    if m is None:
        return None
    if not per_year:
        return None, int(m.group("seq"))
    return int(m.group("year")), int(m.group("seq"))


def file_name(number: str, kind: LetterKind) -> str:
    """"002/PT/PPID/XII/2026" + notice -> "002-PT-PPID-XII-2026_pemberitahuan.docx" (no personal data)."""
    safe = re.sub(r"[\\/:*?\"<>|\s]+", "-", number).strip("-.") or "surat"
    return f"{safe}_{kind.slug}.docx"


def letter_path(number: str, kind: LetterKind, date: dt.date) -> Path:
    """Relative to the letters folder: yyyy/mm/<file name>."""
    return Path(f"{date.year:04d}") / f"{date.month:02d}" / file_name(number, kind)


# --- the plan --------------------------------------------------------------------------------

def _records(snapshot: Snapshot) -> tuple[list[Request], list[Objection]]:
    rt, ot = snapshot.table(REQUESTS.name), snapshot.table(OBJECTIONS.name)
    return (read_requests(rt) if rt is not None else [], read_objections(ot) if ot is not None else [])


def plan_notices(
    snapshot: Snapshot,
    config: Config,
    cal: WorkCalendar,
    today: dt.date,
    *,
    kinds: Sequence[LetterKind] | None = None,
    number: str | None = None,
    force: bool = False,
    made: str | dt.datetime = "",
) -> NoticePlan:
    """Decide the letters to make now, number them, and the register writes.

    `kinds` and `number` (a No. Pendaftaran or No. Registrasi Keberatan) narrow the run;
    `force` remakes issued letters (same number, same date) besides making new ones; `made`
    is the time stamp for the "Dibuat" column (the command passes the clock; default `today`).
    """
    wanted = tuple(kinds) if kinds else KINDS
    requests, objections = _records(snapshot)
    dik = read_dik(snapshot.table(DIK.name))
    by_request_number = {r.number: r for r in requests if r.number}
    template = config.numbers.letter
    pattern = format_regex(template)
    per_year = "(?P<year>" in pattern.pattern
    plan = NoticePlan()

    issued = read_issued(snapshot)
    have: dict[tuple[str, str], IssuedLetter] = {}
    for letter in issued:
        have.setdefault((letter.kind.key, letter.reference), letter)
    known_numbers = {letter.number for letter in issued}

    records: list[tuple[LetterKind, Record]] = []
    for kind in KINDS:
        pool: Sequence[Record] = requests if kind.register == "requests" else objections
        records.extend((kind, r) for r in pool)

    # Letters named only in a "Surat Terbit" cell (their "Surat" row was deleted): record them again.
    for r in [*requests, *objections]:
        for kind, num in letters_in_cell(r.letters):
            if num in known_numbers or not r.number:
                continue
            letter = IssuedLetter(num, kind, getattr(r, kind.date_field), r.number)
            plan.restored.append(letter)
            have.setdefault((kind.key, r.number), letter)
            known_numbers.add(num)

    highest: dict[Any, int] = {}
    for letter in [*issued, *plan.restored, *other_letters(snapshot)]:
        key = _sequence_key(letter.number, pattern, per_year)
        if key is not None and key[1] > highest.get(key[0], 0):
            highest[key[0]] = key[1]

    candidates: list[tuple[LetterKind, Record, IssuedLetter | None]] = []
    for kind, record in records:
        if kind not in wanted or (number and record.number.strip() != number.strip()):
            continue
        if not kind.applies(record):
            continue
        existing = have.get((kind.key, record.number)) if record.number else None
        if existing is not None and not force:
            continue
        reasons = missing_fields(kind, record, dik, row_errors(record, dik, today)) + _not_yet(kind, record, today)
        if existing is not None and existing.date is not None:
            reasons = [x for x in reasons if not x.startswith(_header(kind, kind.date_field))]
        if reasons:
            plan.blocked.append(Blocked(kind, record.number, record.ref.row, tuple(reasons)))
            continue
        candidates.append((kind, record, existing))

    order = {k.key: i for i, k in enumerate(KINDS)}
    candidates.sort(key=lambda c: (getattr(c[1], c[0].date_field), order[c[0].key], c[1].ref.row))
    made_at = _made_at(made, today)
    appended: list[tuple[CellValue, ...]] = []
    new_by_record: dict[tuple[str, int], list[tuple[LetterKind, str]]] = {}
    for kind, record, existing in candidates:
        if existing is not None:
            date = existing.date or getattr(record, kind.date_field)
            num = existing.number
            rel = Path(existing.file) if existing.file else letter_path(num, kind, date)
        else:
            date = getattr(record, kind.date_field)
            year_key = date.year if per_year else None
            seq = highest.get(year_key, 0) + 1
            highest[year_key] = seq
            num = format_number(template, seq, date, kind.code)
            rel = letter_path(num, kind, date)
            appended.append((num, kind.label, date, record.number, rel.as_posix(), made_at))
            new_by_record.setdefault((record.ref.tab, record.ref.row), []).append((kind, num))
        request = by_request_number.get(record.request_number) if isinstance(record, Objection) else None
        ctx = build_context(kind, record, number=num, date=date, cfg=config, cal=cal, request=request, dik=dik)
        plan.letters.append(PlannedLetter(kind, num, date, record.number, rel, ctx, existing is None, record.ref.row))

    for letter in plan.restored:
        date = letter.date
        appended.append((letter.number, letter.kind.label, date, letter.reference, "", made_at))
    if appended:
        plan.writes.append_rows[LETTERS.name] = appended

    # "Surat Terbit": every letter of the row, issued or new.
    scope = [r for r in [*requests, *objections] if not number or r.number.strip() == number.strip()]
    for r in scope:
        kinds_here = [k for k in KINDS if (k.register == "requests") == isinstance(r, Request)]
        fresh = dict((k.key, n) for k, n in new_by_record.get((r.ref.tab, r.ref.row), []))
        listed = []
        for k in kinds_here:  # always in KINDS order, so the cell is stable from run to run
            if k.key in fresh:
                listed.append((k, fresh[k.key]))
            elif r.number and (k.key, r.number) in have:
                listed.append((k, have[(k.key, r.number)].number))
        value = cell_value(listed)
        if value != r.letters and (listed or r.letters):
            plan.writes.cells.append(CellWrite(r.ref.tab, r.ref.row, LETTERS_CELL_HEADER, value, r.ref.match))
    return plan


def row_errors(record: Record, dik: dict, today: dt.date) -> list:
    """A request's error findings (a letter printing a cell with one is held); objections: none here."""
    if not isinstance(record, Request):
        return []
    return [f for f in validate_request(record, Rules(today=today, dik=dik)) if f.severity == "error"]


def _made_at(made: str | dt.datetime, today: dt.date) -> dt.datetime | str:
    """The "Dibuat" cell: a real date-time (staff sort on it); text given by an older caller
    is read as dd-mm-yyyy hh:mm when it can be."""
    if isinstance(made, dt.datetime):
        return made.replace(second=0, microsecond=0, tzinfo=None)
    if made:
        try:
            return dt.datetime.strptime(made.strip(), "%d-%m-%Y %H:%M")
        except ValueError:
            return made
    return dt.datetime.combine(today, dt.time())


def _not_yet(kind: LetterKind, record: Record, today: dt.date) -> list[str]:
    """A letter is never made for a row received after today, nor dated after today: the date
    is a typing mistake until it is fixed (a number and a letter would make it permanent)."""
    reasons = []
    received = getattr(record, "received", None)
    if received is not None and received > today:
        reasons.append(f"{_header(kind, 'received')} {received.strftime('%d-%m-%Y')} sesudah hari ini")
    when = getattr(record, kind.date_field, None)
    if kind.date_field != "received" and when is not None and when > today:
        reasons.append(f"{_header(kind, kind.date_field)} {when.strftime('%d-%m-%Y')} sesudah hari ini")
    return reasons


LETTERS_CELL_HEADER = REQUESTS.header("letters")  # "Surat Terbit", the same in both registers


def _header(kind: LetterKind, key: str) -> str:
    return (REQUESTS if kind.register == "requests" else OBJECTIONS).header(key)


def render_notices(plan: NoticePlan, config: Config, templates_dir: Path | Traversable = TEMPLATES_DIR) -> list[Path]:
    """Write each planned letter (.docx and .txt) under the configured letters folder."""
    root = Path(config.output.letters)
    out = []
    for letter in plan.letters:
        docx, _ = render_letter(letter.kind, letter.context, root / letter.file, templates_dir)
        out.append(docx)
    return out


def describe(letter: PlannedLetter) -> str:
    """One line for the command output (no personal data)."""
    return (f"{letter.number}  {letter.kind.label}  {letter.reference}  {format_date_id(letter.date)}  "
            f"{letter.file.as_posix()}")
