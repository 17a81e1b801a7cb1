"""Register rows as typed records, with what could not be read kept beside them.

Every job reads rows through here: `read_requests`, `read_objections`, `read_dik`,
`read_local_days`, `read_officers`. A value that is not what its column needs becomes
`None` plus a `ValueIssue` (validation turns those into findings); nothing is guessed and
nothing raises.
"""

from __future__ import annotations

import collections
import datetime as dt
import itertools
import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any, TypeVar

from automation.rules.values import (
    Problem,
    as_text,
    is_blank,
    is_error_value,
    looks_like_formula,
    parse_date,
    parse_money,
    parse_time,
)
from sheets.layout import DIK, HOLIDAYS, OBJECTION_GROUNDS, OBJECTIONS, OFFICERS, REQUESTS, Column, Tab
from sheets.model import CellValue, Table

ELECTION = "Tahapan Pemilu/Pemilihan"


def election_track(category: str) -> bool:
    """Whether a request of this Kategori Informasi runs on the election track."""
    return category == ELECTION

R = TypeVar("R", "Request", "Objection")


@dataclass(frozen=True, slots=True)
class ValueIssue:
    """A staff cell that could not be read as its column's type, or looks dangerous."""

    key: str  # layout column key
    header: str
    problem: Problem | None  # None for formula-like text (kind "formula")
    formula: bool = False


@dataclass(frozen=True, slots=True)
class RowRef:
    """Where a record lives: tab, sheet row number, and how to find the row again."""

    tab: str
    row: int
    match: tuple[tuple[str, CellValue], ...]


@dataclass(frozen=True, slots=True)
class Request:
    ref: RowRef
    number: str
    received: dt.date | None
    received_time: dt.time | None
    channel: str
    category: str
    requester_type: str
    name: str
    identity: str
    address: str
    phone: str
    email: str
    occupation: str
    proxy_name: str
    power_of_attorney: str
    information: str
    purpose: str
    missing_requirements: str
    completion_notice_date: dt.date | None
    completed_date: dt.date | None
    access_method: str
    copy_method: str
    form: str
    holding: str
    other_body: str
    officer: str
    dik_code: str
    decision: str
    refusal_reason: str
    withheld: str
    consequence_test: str
    other_law: str
    extended: bool
    extension_reason: str
    extension_notice_date: dt.date | None
    notice_date: dt.date | None
    given_date: dt.date | None
    fee: int | None
    payment_method: str
    supervised: bool
    remarks: str
    letters: str  # toolkit column "Surat Terbit" as read
    toolkit: dict[str, CellValue] = field(default_factory=dict)  # toolkit columns as read
    issues: tuple[ValueIssue, ...] = ()
    present: frozenset[str] = frozenset()  # keys of columns that exist in the sheet

    @property
    def election(self) -> bool:
        return election_track(self.category)

    @property
    def decided(self) -> bool:
        return bool(self.decision)

    @property
    def refused_pasal17(self) -> bool:
        return self.refusal_reason.startswith("Dikecualikan Pasal 17")

    @property
    def pasal17_letter(self) -> str:
        """"h" for "Dikecualikan Pasal 17 huruf h", else ""."""
        return self.refusal_reason.rsplit(" ", 1)[-1] if self.refused_pasal17 else ""


@dataclass(frozen=True, slots=True)
class Objection:
    ref: RowRef
    number: str
    received: dt.date | None
    request_number: str
    name: str
    address: str
    phone: str
    email: str
    occupation: str
    proxy_name: str
    power_of_attorney: str
    information: str
    purpose: str
    grounds: tuple[str, ...]  # letters a-g ticked "Ya"
    summary: str
    decision: str
    reasoning: str
    answer_date: dt.date | None
    superior_name: str
    superior_title: str
    response: str
    to_commission: bool
    commission_date: dt.date | None
    remarks: str
    letters: str
    toolkit: dict[str, CellValue] = field(default_factory=dict)
    issues: tuple[ValueIssue, ...] = ()
    present: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class DikEntry:
    code: str
    information: str
    article: str  # "huruf h"
    consequence_test: str
    consequence: str
    decided: dt.date | None
    valid_until: dt.date | None
    keywords: tuple[str, ...]
    row: int


@dataclass(frozen=True, slots=True)
class LocalDayRow:
    date: dt.date | None
    closed: bool
    name: str
    source: str
    row: int
    issue: Problem | None = None


def _convert(col: Column, raw: CellValue) -> tuple[object, ValueIssue | None]:
    """The typed value of one cell and the issue, if any, for its column type."""
    if col.type == "date":
        value, problem = parse_date(raw)
    elif col.type == "time":
        value, problem = parse_time(raw)
    elif col.type == "money":
        value, problem = parse_money(raw)
    else:
        value, problem = _plain_text(raw), None
        if is_error_value(raw):
            problem = Problem("error_value", str(raw).strip())
    issue = ValueIssue(col.key, col.header, problem) if problem else None
    if issue is None and looks_like_formula(raw):
        issue = ValueIssue(col.key, col.header, None, formula=True)
    return value, issue


def _plain_text(raw: CellValue) -> str:
    """as_text with a fast path for ordinary single-spaced text (most cells): printable text has
    no whitespace but the space (a non-breaking space, a tab or a line break is not printable),
    so with no double space only its ends can need tidying."""
    if type(raw) is str and raw.isprintable() and "  " not in raw:
        return raw.strip()
    return as_text(raw)


_MISS = object()


# value types no two of which hold equal values (1 == 1.0 == True would share a conversion)
_DISTINCT_TYPES = frozenset({str, type(None), dt.date, dt.datetime, dt.time})


def _column_values(col: Column, raw_column: Sequence[CellValue]) -> tuple[list[object], dict[int, ValueIssue]]:
    """Convert a whole column: (values, issues by row position).

    A column of few distinct values (dropdowns, dates) is converted once per distinct value and
    mapped (in C). Otherwise plain text (no risky first character, no space to tidy) is taken as
    it is in one comprehension, and every other value goes through `_convert` once per distinct
    (type, value)."""
    n = len(raw_column)
    text = col.type not in ("date", "time", "money")
    blank: object = "" if text else None  # what an empty cell becomes
    if raw_column.count(None) == n:  # an optional column nobody filled in (one C pass)
        return [blank] * n, {}
    if n >= 64 and set(map(type, raw_column)) <= _DISTINCT_TYPES:
        distinct = set(raw_column)
        if len(distinct) <= n // 4:
            return _few_values(col, raw_column, distinct, blank)
    if text:
        # plain: what `_convert` gives back unchanged and without an issue: printable (so no
        # whitespace but the space: see _plain_text), no risky first character (a space
        # included), no space at the end, no double space
        risky = _RISKY_START
        values = [raw if type(raw) is str and raw[:1] not in risky and raw[-1:] != " " and raw.isprintable()
                  and "  " not in raw else _MISS for raw in raw_column]
    else:
        values = [_MISS] * len(raw_column)
    issues: dict[int, ValueIssue] = {}
    memo: dict[tuple[type, object], tuple[object, ValueIssue | None]] = {}
    misses = list(itertools.compress(range(len(values)), map(operator.is_, values, itertools.repeat(_MISS))))
    for position in misses if text else range(len(values)):
        raw = raw_column[position]
        if raw is None:
            values[position] = blank
            continue
        key = (type(raw), raw)
        hit = memo.get(key)
        if hit is None:
            if (text and type(raw) is str and raw[:1] not in _RISKY_START and not raw[:1].isspace()
                    and not raw[-1:].isspace()):
                hit = (as_text(raw), None)  # text with spaces to tidy inside: never an issue
            else:
                hit = _convert(col, raw)
            memo[key] = hit
        values[position] = hit[0]
        if hit[1] is not None:
            issues[position] = hit[1]
    return values, issues


def _few_values(col: Column, raw_column: Sequence[CellValue], distinct: set[CellValue], blank: object,
                ) -> tuple[list[object], dict[int, ValueIssue]]:
    """`_column_values` of a column whose values are all of `_DISTINCT_TYPES` and few."""
    converted = {raw: (blank, None) if raw is None else _convert(col, raw) for raw in distinct}
    values = list(map(operator.itemgetter(0), map(converted.__getitem__, raw_column)))
    with_issue = {raw for raw, (_, issue) in converted.items() if issue is not None}
    issues = {position: converted[raw][1] for position, raw in enumerate(raw_column) if raw in with_issue} \
        if with_issue else {}
    return values, issues  # type: ignore[return-value]


_RISKY_START = frozenset("#=+-@ \t\n\r")


def _raw_column(columns: Sequence[Sequence[CellValue]], i: int | None, n: int) -> Sequence[CellValue]:
    """Column `i` of a table's raw columns; a column the tab lacks (None) or a row never reached
    reads as `n` empty cells."""
    return [None] * n if i is None or i >= len(columns) else columns[i]


def _typed_columns(table: Table, layout: Tab, identity_extra: tuple[str, ...]):
    """The rows of `table` column by column: (refs, staff values by key, toolkit values by key,
    issues per row, present keys). Every list has one entry per row."""
    positions = {c.key: table.index(c.header) for c in layout.columns}
    present = frozenset(k for k, i in positions.items() if i is not None)
    n = len(table.row_numbers)
    columns = table.raw_columns()
    width = len(columns)

    def raw_column(i: int | None) -> Sequence[CellValue]:
        return _raw_column(columns, i, n)

    staff: dict[str, tuple[list[object], dict[int, ValueIssue]]] = {}
    toolkit_cols: dict[str, Sequence[CellValue]] = {}
    for col in layout.columns:
        column = raw_column(positions[col.key])
        if col.is_toolkit:
            toolkit_cols[col.key] = column
        else:
            staff[col.key] = _column_values(col, column)
    staff_values = {k: v[0] for k, v in staff.items()}
    # only columns with at least one issue are looked at, and only on rows that have one
    issue_columns = [v[1] for v in staff.values() if v[1]]
    issues: list[tuple[ValueIssue, ...]] = [()] * n
    if issue_columns:
        hit = sorted({p for column in issue_columns for p in column})
        for position in hit:
            issues[position] = tuple(i for column in issue_columns if (i := column.get(position)) is not None)

    key_header = layout.header(layout.key) if layout.key else None
    key_index = positions.get(layout.key) if layout.key else None
    extra = [(h, table.index(h)) for h in identity_extra]
    if key_header is None:
        matches: list[tuple[tuple[str, CellValue], ...]] = [()] * n
    else:
        keys = raw_column(key_index)
        matches = []
        for position in range(n):
            key_value = keys[position]
            if is_blank(key_value):
                matches.append(((key_header, key_value),) + tuple(
                    (h, columns[i][position] if i is not None and i < width else None) for h, i in extra))
            else:
                matches.append(((key_header, key_value),))
    refs = records_from_columns(RowRef, n, {"tab": [table.tab] * n, "row": table.row_numbers, "match": matches})
    return refs, staff_values, toolkit_cols, issues, present


def _yes(value: object) -> bool:
    return str(value or "").strip().casefold() in ("ya", "y", "yes", "true", "1")


_REQUEST_IDENTITY = ("Tanggal Diterima", "Nama Pemohon", "Informasi yang Diminta")


_YES = frozenset(("ya", "y", "yes", "true", "1"))


def _yes_column(values: Sequence[object]) -> list[bool]:
    """`_yes` of every value, computed once per distinct value."""
    memo: dict[tuple[type, object], bool] = {}
    out = []
    for value in values:
        key = (type(value), value)
        hit = memo.get(key)
        if hit is None:
            hit = memo[key] = _yes(value)
        out.append(hit)
    return out


def _build(cls: type[R], table: Table, layout: Tab, identity_extra: tuple[str, ...],
           derived: Callable[[dict[str, list[Any]]], dict[str, list[Any]]]) -> list[R]:
    """Records of `cls` from a tab, column by column: the staff values as typed by
    `_typed_columns`, the common fields (ref, letters, toolkit, issues, present), and the
    fields `derived` makes from the staff columns."""
    refs, v, toolkit_cols, issues, present = _typed_columns(table, layout, identity_extra)
    n = len(refs)
    tk_keys = tuple(toolkit_cols)
    # a row whose toolkit cells are all empty (every row of a first run) shares one dict: records
    # never change their `toolkit`, and 100k equal dicts would cost tens of megabytes
    empty = dict.fromkeys(tk_keys)
    width = len(tk_keys)
    toolkit = ([empty if vals.count(None) == width else dict(zip(tk_keys, vals)) for vals in zip(*toolkit_cols.values())]
               if tk_keys else [{} for _ in refs])
    letters = _letters_column(toolkit_cols.get("letters", [None] * n))
    columns = {**v, "ref": refs, "letters": letters, "toolkit": toolkit, "issues": issues, "present": [present] * n,
               **derived(v)}
    return records_from_columns(cls, n, columns)


def _letters_column(raw: Sequence[CellValue]) -> list[str]:
    """The "Surat Terbit" cells as text ("" for an empty cell)."""
    return [as_text(x) if x is not None else "" for x in raw]


def records_from_columns(cls: type[R], n: int, columns: Mapping[str, Sequence[Any]]) -> list[R]:
    """`n` records of the frozen, slotted dataclass `cls`, every field from its column.

    Filled a field at a time through the class's slot descriptors (in C, `map`), which is what
    a frozen dataclass's own __init__ does a row at a time (object.__setattr__ per field) at
    more than twice the cost: 46 calls per request, 100k requests. Nothing else is done by
    __init__ here (no defaults are left: every field has a column; no __post_init__)."""
    names = [f.name for f in fields(cls)]
    if hasattr(cls, "__post_init__"):
        raise TypeError(f"{cls.__name__} has a __post_init__ that filling by field would skip")
    if any(len(columns[name]) != n for name in names):
        raise ValueError(f"{cls.__name__}: every column must have {n} values")
    made = list(map(object.__new__, itertools.repeat(cls, n)))
    for name in names:
        collections.deque(map(getattr(cls, name).__set__, made, columns[name]), maxlen=0)
    return made


def _request_field(key: str, values: list[Any]) -> list[Any]:
    """A Request field made from its staff column's typed values (most are those values)."""
    if key == "category":
        return [c or "Badan Publik" for c in values]
    if key in ("extended", "supervised"):
        return _yes_column(values)
    return values


_REQUEST_DERIVED = ("category", "extended", "supervised")


def read_requests(table: Table) -> list[Request]:
    """Every non-blank row of "Register Permohonan" as a Request."""
    return _build(Request, table, REQUESTS, _REQUEST_IDENTITY,
                  lambda v: {key: _request_field(key, v[key]) for key in _REQUEST_DERIVED})


def request_columns(table: Table, keys: Sequence[str]) -> dict[str, list[Any]]:
    """The fields `keys` of every request of the tab, exactly as `read_requests` gives them, a
    list per field in register order, and "row" (the sheet row numbers): without a record per
    row and without typing the other columns (a report needs a few fields of every row).

    `keys` are Request fields: staff columns, the derived "category", "extended", "supervised",
    and "letters"; "ref", "toolkit", "issues" and "present" are not columns and are refused."""
    n = len(table.row_numbers)
    columns = table.raw_columns()

    def raw(key: str) -> Sequence[CellValue]:
        return _raw_column(columns, table.index(REQUESTS.header(key)), n)

    out: dict[str, list[Any]] = {"row": list(table.row_numbers)}
    for key in keys:
        col = REQUESTS.column(key)
        if key == "letters":
            out[key] = _letters_column(raw(key))
        elif col.is_toolkit:
            raise ValueError(f"{key}: a toolkit column other than letters")
        else:
            out[key] = _request_field(key, _column_values(col, raw(key))[0])
    return out


_OBJECTION_IDENTITY = ("Tanggal Diterima", "Nama Pemohon", "No. Pendaftaran Permohonan")


def _grounds(v: dict[str, list[Any]]) -> list[tuple[str, ...]]:
    """Per row, the letters a-g whose "Alasan" column says Ya."""
    ticks = [_yes_column(v[f"ground_{letter}"]) for letter in OBJECTION_GROUNDS]
    return [tuple(letter for letter, ticked in zip(OBJECTION_GROUNDS, row) if ticked) for row in zip(*ticks)]


def read_objections(table: Table) -> list[Objection]:
    """Every non-blank row of "Register Keberatan" as an Objection."""
    return _build(Objection, table, OBJECTIONS, _OBJECTION_IDENTITY, lambda v: {
        "grounds": _grounds(v), "to_commission": _yes_column(v["to_commission"]),
    })


def read_dik(table: Table | None) -> dict[str, DikEntry]:
    """The DIK tab by code (codes compared case-insensitively: keys are upper case)."""
    if table is None:
        return {}
    out = {}
    for n, raw in zip(table.row_numbers, table.records(DIK)):
        code = as_text(raw["code"]).upper()
        if not code:
            continue
        keywords = tuple(k.strip().casefold() for k in as_text(raw["keywords"]).replace(",", ";").split(";") if k.strip())
        out[code] = DikEntry(
            code=code, information=as_text(raw["information"]), article=as_text(raw["article"]),
            consequence_test=as_text(raw["consequence_test"]), consequence=as_text(raw["consequence"]),
            decided=parse_date(raw["decided"])[0],
            valid_until=parse_date(raw["valid_until"])[0], keywords=keywords, row=n,
        )
    return out


def read_local_days(table: Table | None) -> list[LocalDayRow]:
    """The "Hari Libur" tab: office closures (Libur Kantor) and worked days (Masuk Kerja)."""
    if table is None:
        return []
    out = []
    for n, raw in zip(table.row_numbers, table.records(HOLIDAYS)):
        day, problem = parse_date(raw["date"])
        kind = as_text(raw["kind"]).casefold()
        out.append(LocalDayRow(day, not kind.startswith("masuk"), as_text(raw["name"]), as_text(raw["source"]), n, problem))
    return out


def read_officers(table: Table | None) -> list[str]:
    if table is None:
        return []
    return [as_text(r["name"]) for r in table.records(OFFICERS) if not is_blank(r["name"])]
