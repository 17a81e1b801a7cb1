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
cell; never from files on disk. Disk is looked at for one thing only: a recorded letter whose
file is missing (a run that claimed the number and then failed to render) is made again, same
number and date, by the next plain run.

A cell value never chooses where a file is written: the file's path is derived from the
letter's number and kind (`letter_path`), under the letters folder. A "Berkas" value in the
"Surat" tab that names another place is ignored and said so. A No. Pendaftaran / No. Registrasi
Keberatan shared by two rows holds the letters of those rows until it is unique: a letter
belongs to exactly one row.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from automation.letters.render import TEMPLATES_DIR, build_context, missing_fields, render_letter
from automation.rules.calendar import WorkCalendar
from automation.rules.config import Config
from automation.rules.errors import EXIT_REGISTER, PpidError
from automation.rules.files import temp_beside
from automation.rules.letter_kinds import (  # noqa: F401 - has_letter is part of this module's API
    KINDS,
    LetterKind,
    Record,
    has_letter,
    kind_from_label,
    letters_in_cell,
)
from automation.rules.numbering import format_regex
from automation.rules.objection_rules import objection_row_errors
from automation.rules.privacy import mask_personal
from automation.rules.records import Objection, Request, read_dik, read_objections, read_requests
from automation.rules.validate import Rules, validate_request
from automation.rules.values import as_text, format_date_id, format_number, parse_date
from sheets.layout import DIK, LETTERS, OBJECTIONS, REQUESTS
from sheets.model import CellValue, CellWrite, Snapshot, WriteSet
from sheets.replace import replace_retrying

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
        text = f"{self.kind.label} {who} (baris {self.row}) belum bisa dibuat: {'; '.join(self.reasons)}"
        return mask_personal(text)


@dataclass
class NoticePlan:
    letters: list[PlannedLetter] = field(default_factory=list)
    blocked: list[Blocked] = field(default_factory=list)
    restored: list[IssuedLetter] = field(default_factory=list)  # re-recorded in "Surat" from a cell
    writes: WriteSet = field(default_factory=WriteSet)
    notes: list[str] = field(default_factory=list)  # Indonesian: "Berkas" values ignored and the like

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


MAX_NAME = 80


def file_name(number: str, kind: LetterKind) -> str:
    """"002/PT/PPID/XII/2026" + notice -> "002-PT-PPID-XII-2026_pemberitahuan.docx" (no personal data).

    Only letters, digits, "." and "-" survive, with no leading dot: whatever a number cell
    holds (`../`, a drive letter, control characters), the name stays one plain file name."""
    safe = re.sub(r"[^A-Za-z0-9.-]+", "-", number)
    safe = re.sub(r"\.{2,}", ".", safe).strip("-.")[:MAX_NAME].strip("-.") or "surat"
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
    file_exists: Callable[[Path], bool] | None = None,
) -> NoticePlan:
    """Decide the letters to make now, number them, and the register writes.

    `kinds` and `number` (a No. Pendaftaran or No. Registrasi Keberatan) narrow the run;
    `force` remakes issued letters (same number, same date) besides making new ones; `made`
    is the time stamp for the "Dibuat" column (the command passes the clock; default `today`).
    `file_exists(relative path)`, when given, lets an issued letter whose file is missing be
    made again (same number, same date) without `force`.
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

    shared = _shared_numbers(requests, objections)
    candidates: list[tuple[LetterKind, Record, IssuedLetter | None]] = []
    for kind, record in records:
        if kind not in wanted or (number and record.number.strip() != number.strip()):
            continue
        if not kind.applies(record):
            continue
        existing = have.get((kind.key, record.number)) if record.number else None
        if existing is not None and not force and not _file_missing(existing, kind, record, file_exists):
            continue
        others = shared.get((kind.register, record.number.strip()))
        if others:
            rows = ", ".join(str(n) for n in others if n != record.ref.row)
            plan.blocked.append(Blocked(kind, record.number, record.ref.row, (
                f"{_header(kind, 'number')} yang sama juga ada di baris {rows}; surat ditahan sampai nomornya unik",)))
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
            date = _letter_date(existing, kind, record)
            num = existing.number
            rel = letter_path(num, kind, date)
            if existing.file and existing.file.replace("\\", "/") != rel.as_posix():
                plan.notes.append(f"Kolom Berkas di tab Surat untuk {quote_number(num)} menunjuk tempat lain; "
                                  f"diabaikan, surat ditulis ke {rel.as_posix()} di folder surat.")
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
        if shared.get(("requests" if isinstance(r, Request) else "objections", r.number.strip())):
            continue  # whose letters these are is not known while the number is shared
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
    """The row's error findings (a letter printing a cell with one is held): a request's from
    `validate_request`, an objection's from `objection_row_errors` (the checks of the row alone,
    the same the check job makes)."""
    if isinstance(record, Objection):
        return objection_row_errors(record, today)
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


def _letter_date(existing: IssuedLetter, kind: LetterKind, record: Record) -> dt.date:
    return existing.date or getattr(record, kind.date_field)


def _file_missing(existing: IssuedLetter, kind: LetterKind, record: Record,
                  file_exists: Callable[[Path], bool] | None) -> bool:
    date = _letter_date(existing, kind, record)
    return file_exists is not None and date is not None and not file_exists(letter_path(existing.number, kind, date))


def _shared_numbers(requests: Sequence[Request], objections: Sequence[Objection]) -> dict[tuple[str, str], list[int]]:
    """(register, number) -> the sheet rows, for every number two or more rows share."""
    out: dict[tuple[str, str], list[int]] = {}
    for register, pool in (("requests", requests), ("objections", objections)):
        counts = Counter(r.number.strip() for r in pool if r.number.strip())
        for r in pool:
            key = r.number.strip()
            if counts.get(key, 0) > 1:
                out.setdefault((register, key), []).append(r.ref.row)
    return out


def quote_number(number: str) -> str:
    """A number cell shown in a message: one line, capped."""
    text = " ".join(str(number).split())
    return text if len(text) <= 40 else text[:37] + "..."


class LettersNotWritten(PpidError):
    """The letter files cannot be written (folder blocked, disk full, no permission)."""

    exit_code = EXIT_REGISTER


def inside(root: Path, rel: Path) -> Path:
    """`root / rel`, refused unless it stays inside `root` (no `..`, no absolute path)."""
    target = root / rel
    if rel.is_absolute() or ".." in rel.parts or not target.resolve().is_relative_to(root.resolve()):
        raise LettersNotWritten(f"Lokasi surat {rel.as_posix()} keluar dari folder surat {root}; tidak ditulis.")
    return target


def letter_file_exists(config: Config) -> Callable[[Path], bool]:
    """For `plan_notices`: does the letter's .docx exist under the letters folder?"""
    root = Path(config.output.letters)
    return lambda rel: (root / rel).is_file()


def render_notices(plan: NoticePlan, config: Config, templates_dir: Path | Traversable = TEMPLATES_DIR,
                   now: dt.datetime | None = None) -> list[Path]:
    """Write each planned letter (.docx and .txt) under the configured letters folder.

    Each file is written under a temporary name beside its target and then moved into place,
    so a letter is either whole or absent (and an absent one is made again by the next run).
    A folder that cannot be written is one Indonesian message (exit 3), never a traceback."""
    root = Path(config.output.letters)
    out = []
    swept: set[Path] = set()
    for letter in plan.letters:
        target = inside(root, letter.file)
        if now is not None and target.parent not in swept:  # a killed run's half-written letters
            swept.add(target.parent)
            _sweep(target.parent, now)
        tmp = temp_beside(target)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            docx, txt = render_letter(letter.kind, letter.context, tmp, templates_dir)
            replace_retrying(txt, target.with_suffix(".txt"))  # retried while Word holds an old copy
            replace_retrying(docx, target)
        except OSError as e:
            raise LettersNotWritten(
                f"Surat {quote_number(letter.number)} tidak dapat ditulis ke {target.parent} "
                f"({e.strerror or type(e).__name__}). {len(out)} surat sudah dibuat. Nomor surat sudah dicatat di "
                "tab Surat; perbaiki folder surat (izin, ruang disk, nama yang bentrok), lalu jalankan lagi "
                "'ppid notices': surat yang berkasnya belum ada dibuat dengan nomor dan tanggal yang sama."
            ) from None
        finally:
            for p in (tmp, tmp.with_suffix(".txt")):
                if p.exists():
                    p.unlink()
        out.append(target)
    return out


STALE_TEMP_SECONDS = 30 * 60


def _sweep(folder: Path, now: dt.datetime) -> None:
    """Remove `.ppid-tmp-*` files older than 30 minutes in `folder` (never a run in progress)."""
    if not folder.is_dir():
        return
    cutoff = now.timestamp() - STALE_TEMP_SECONDS
    for p in folder.glob(".ppid-tmp-*"):
        try:
            if p.is_file() and p.stat().st_mtime < cutoff:
                p.unlink()
        except OSError:
            continue


def describe(letter: PlannedLetter) -> str:
    """One line for the command output (no personal data)."""
    return (f"{letter.number}  {letter.kind.label}  {letter.reference}  {format_date_id(letter.date)}  "
            f"{letter.file.as_posix()}")
