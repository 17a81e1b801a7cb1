"""Statutory deadlines of the information service, as data, computed for whole columns.

Every limit is a :class:`DeadlineRule` naming its article. Two tracks: "Badan Publik" (UU 14/2008)
and "Tahapan Pemilu/Pemilihan" (Perki 1/2019; its numbers come from summaries, so
:func:`election_rules` lets config.toml change them). Counting is the calendar's: the day of
receipt is day 0 and day n is the n-th working day after it (see :mod:`automation.rules.calendar`).

The functions here take ``today`` and the calendar as arguments and never read the clock.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from automation.rules.calendar import (
    BAND_END,
    KIND_LOCAL,
    DayOff,
    WorkCalendar,
    as_day_array,
    day_abbr,
    fmt_date,
    to_date,
    unsure_official_dates,
)
from automation.rules.findings import Finding, define
from automation.rules.values import format_short

TRACK_BADAN_PUBLIK = "Badan Publik"
TRACK_PEMILU = "Tahapan Pemilu/Pemilihan"
CATEGORIES = {"badan-publik": TRACK_BADAN_PUBLIK, "pemilu": TRACK_PEMILU}

UU_KIP = "UU 14/2008"
PERKI_PEMILU = "Perki 1/2019"


@dataclass(frozen=True)
class DeadlineRule:
    """One statutory limit in working days (hari kerja, HK)."""

    key: str
    label: str  # Indonesian, as staff see it
    working_days: int
    starts: str  # Indonesian: what starts the clock
    source: str  # the article


@dataclass(frozen=True)
class TrackRules:
    """The limits of one track."""

    track: str
    notice: DeadlineRule
    extension: DeadlineRule
    objection_filing: DeadlineRule
    objection_answer: DeadlineRule
    commission: DeadlineRule

    def rules(self) -> tuple[DeadlineRule, ...]:
        return (
            self.notice,
            self.extension,
            self.objection_filing,
            self.objection_answer,
            self.commission,
        )


_OBJECTION_FILING = DeadlineRule(
    "pengajuan_keberatan",
    "Batas pengajuan keberatan",
    30,
    "alasan keberatan timbul (pemberitahuan tertulis, penolakan, atau batas waktu terlewati)",
    f"{UU_KIP} Pasal 36 ayat (1)",
)
_COMMISSION = DeadlineRule(
    "sengketa_ki",
    "Batas pengajuan sengketa ke Komisi Informasi",
    14,
    "pemohon menerima tanggapan Atasan PPID",
    f"{UU_KIP} Pasal 37 ayat (2)",
)

BADAN_PUBLIK_RULES = TrackRules(
    track=TRACK_BADAN_PUBLIK,
    notice=DeadlineRule(
        "pemberitahuan",
        "Batas pemberitahuan tertulis",
        10,
        "permohonan diterima",
        f"{UU_KIP} Pasal 22 ayat (7)",
    ),
    extension=DeadlineRule(
        "perpanjangan",
        "Batas perpanjangan (satu kali, dengan alasan tertulis)",
        7,
        "berakhirnya batas pemberitahuan tertulis",
        f"{UU_KIP} Pasal 22 ayat (8)",
    ),
    objection_filing=_OBJECTION_FILING,
    objection_answer=DeadlineRule(
        "tanggapan_keberatan",
        "Batas tanggapan Atasan PPID atas keberatan",
        30,
        "keberatan dicatat",
        f"{UU_KIP} Pasal 36 ayat (2)",
    ),
    commission=_COMMISSION,
)


def election_rules(notice: int = 3, extension: int = 2, objection_answer: int = 3) -> TrackRules:
    """The election track (informasi tahapan Pemilu/Pemilihan); numbers configurable."""
    source = f"{PERKI_PEMILU} (jalur tahapan Pemilu/Pemilihan)"
    bp = BADAN_PUBLIK_RULES
    return TrackRules(
        track=TRACK_PEMILU,
        notice=DeadlineRule(bp.notice.key, bp.notice.label, notice, bp.notice.starts, source),
        extension=DeadlineRule(bp.extension.key, bp.extension.label, extension, bp.extension.starts, source),
        objection_filing=_OBJECTION_FILING,
        objection_answer=DeadlineRule(
            bp.objection_answer.key,
            bp.objection_answer.label,
            objection_answer,
            bp.objection_answer.starts,
            source,
        ),
        commission=_COMMISSION,
    )


KPU_PRACTICE = "praktik PPID KPU, diumumkan di laman PPID KPU; bukan pasal undang-undang (config.toml [deadlines])"


def completion_rules(notice: int = 3, complete: int = 3) -> tuple[DeadlineRule, DeadlineRule]:
    """Incomplete requirements: tell the requester within `notice` HK of receipt; the requester
    completes within `complete` HK of that notice. Both configurable (KPU practice, not statute)."""
    return (
        DeadlineRule("pemberitahuan_kelengkapan", "Batas pemberitahuan kelengkapan persyaratan", notice,
                     "permohonan diterima", KPU_PRACTICE),
        DeadlineRule("kelengkapan", "Batas pemohon melengkapi persyaratan", complete,
                     "pemberitahuan kelengkapan persyaratan", KPU_PRACTICE),
    )


_COMPLETION = completion_rules()


@dataclass(frozen=True)
class DeadlineRules:
    """Both tracks, and the completion of requirements (the same on both)."""

    badan_publik: TrackRules = BADAN_PUBLIK_RULES
    pemilu: TrackRules = field(default_factory=election_rules)
    completion_notice: DeadlineRule = _COMPLETION[0]
    completion: DeadlineRule = _COMPLETION[1]

    def for_track(self, election: bool) -> TrackRules:
        return self.pemilu if election else self.badan_publik

    def for_category(self, category: str) -> TrackRules:
        """``badan-publik`` or ``pemilu`` (the CLI's words)."""
        if category not in CATEGORIES:
            raise ValueError(f"Kategori tidak dikenal: {category!r} (badan-publik atau pemilu).")
        return self.for_track(category == "pemilu")


DEFAULT_RULES = DeadlineRules()


def deadline_rules_from_config(section: Any) -> DeadlineRules:
    """Rules with the election-track and completion numbers of config.toml's ``[deadlines]``."""
    notice, complete = completion_rules(int(getattr(section, "completion_notice_days", 3)),
                                        int(getattr(section, "completion_days", 3)))
    return DeadlineRules(
        pemilu=election_rules(
            notice=int(section.election_notice_days),
            extension=int(section.election_extension_days),
            objection_answer=int(section.election_objection_answer_days),
        ),
        completion_notice=notice,
        completion=complete,
    )


_NAT = np.datetime64("NaT", "D")


def _per_track(election: np.ndarray, rules: DeadlineRules, attr: str) -> np.ndarray:
    bp = getattr(rules.badan_publik, attr).working_days
    pe = getattr(rules.pemilu, attr).working_days
    return np.where(election, pe, bp).astype(np.int64)


# The calendar lists rest days up to BAND_END; a deadline after it cannot be counted (and one
# after 9999-12-31 is not even a date): no deadline then, as for an empty receipt date.
_LAST_COUNTABLE = np.datetime64(BAND_END, "D")


def _offset(cal: WorkCalendar, start: np.ndarray, n: np.ndarray) -> np.ndarray:
    out = cal.add_working_days(start, n)
    return np.where(out > _LAST_COUNTABLE, _NAT, out)


def _bool_column(values: Sequence[bool] | np.ndarray | None, size: int) -> np.ndarray:
    if values is None:
        return np.zeros(size, bool)
    return (
        np.array([bool(v) for v in values], dtype=bool) if not isinstance(values, np.ndarray) else values.astype(bool)
    )


@dataclass(frozen=True, eq=False)
class DeadlineColumns:
    """Deadline columns for a whole register, one array element per request row.

    Dates are datetime64[D] (NaT = empty); counts are float64 (NaN = empty).
    ``deadline`` is the limit in force: the extended one when the extension is lawful.
    ``remaining`` (Sisa Hari Kerja) is working days from today to ``deadline``, negative when
    late; on a rest day right after the deadline it is 0 while ``late`` is already True.
    """

    effective_receipt: np.ndarray
    due: np.ndarray
    due_extended: np.ndarray
    deadline: np.ndarray
    remaining: np.ndarray
    late: np.ndarray
    answered_late: np.ndarray
    taken: np.ndarray
    objection_due: np.ndarray
    extension_lawful: np.ndarray  # object: True / False / None (not extended)
    extension_problem: list[str]
    uncertain: np.ndarray  # the chain touches a year whose calendar is not final

    def __len__(self) -> int:
        return len(self.due)

    def row(self, i: int) -> dict[str, Any]:
        """Plain Python values for row ``i`` (date / int / bool / None)."""

        def num(a: np.ndarray) -> int | None:
            return None if np.isnan(a[i]) else int(a[i])

        return {
            "effective_receipt": to_date(self.effective_receipt[i]),
            "due": to_date(self.due[i]),
            "due_extended": to_date(self.due_extended[i]),
            "deadline": to_date(self.deadline[i]),
            "remaining": num(self.remaining),
            "late": bool(self.late[i]),
            "answered_late": bool(self.answered_late[i]),
            "taken": num(self.taken),
            "objection_due": to_date(self.objection_due[i]),
            "extension_lawful": self.extension_lawful[i],
            "extension_problem": self.extension_problem[i],
            "uncertain": bool(self.uncertain[i]),
        }


def compute_deadlines(
    received: Sequence[datetime.date | None] | np.ndarray,
    *,
    cal: WorkCalendar,
    today: datetime.date,
    received_times: Sequence[datetime.time | None] | None = None,
    election: Sequence[bool] | np.ndarray | None = None,
    extended: Sequence[bool] | np.ndarray | None = None,
    extension_dates: Sequence[datetime.date | None] | np.ndarray | None = None,
    extension_reasons: Sequence[str | None] | None = None,
    extension_counts: Sequence[int] | np.ndarray | None = None,
    notice_dates: Sequence[datetime.date | None] | np.ndarray | None = None,
    rules: DeadlineRules = DEFAULT_RULES,
) -> DeadlineColumns:
    """All deadline columns for a register at once (numpy busday functions, no row loop
    except for the extension-problem text of extended rows).

    ``extension_counts`` defaults to 1 for extended rows; the cut-off hour comes from the
    calendar's options.
    """
    recv = as_day_array(received)
    size = len(recv)
    elec = _bool_column(election, size)
    ext = _bool_column(extended, size)
    ext_dates = as_day_array(extension_dates) if extension_dates is not None else np.full(size, _NAT)
    notices = as_day_array(notice_dates) if notice_dates is not None else np.full(size, _NAT)
    today64 = np.datetime64(today, "D")

    start = cal.effective_receipts(recv, received_times)
    n_notice = _per_track(elec, rules, "notice")
    due = _offset(cal, start, n_notice)
    ext_full = _offset(cal, due, _per_track(elec, rules, "extension"))
    due_ext = np.where(ext & ~np.isnat(due), ext_full, _NAT)

    # Extension lawful: dated on or before the notice deadline, a reason, only one.
    lawful = np.full(size, None, dtype=object)
    problems = [""] * size
    for i in np.flatnonzero(ext & ~np.isnat(due)):
        why = []
        if np.isnat(ext_dates[i]):
            why.append("tanggal pemberitahuan perpanjangan kosong")
        elif ext_dates[i] > due[i]:
            why.append(
                f"pemberitahuan perpanjangan bertanggal {fmt_date(to_date(ext_dates[i]))}, "
                f"sesudah hari ke-{n_notice[i]} ({fmt_date(to_date(due[i]))})"
            )
        reason = extension_reasons[i] if extension_reasons is not None else None
        if not (reason or "").strip():
            why.append("alasan perpanjangan tidak diisi")
        count = int(extension_counts[i]) if extension_counts is not None else 1
        if count > 1:
            why.append(f"perpanjangan dicatat {count} kali, hanya boleh satu kali")
        lawful[i] = not why
        problems[i] = "; ".join(why)
    lawful_ext = lawful == True  # noqa: E712 - elementwise on an object array
    deadline = np.where(lawful_ext, due_ext, due)

    finished = ~np.isnat(notices)
    open_rows = ~finished & ~np.isnat(deadline)
    remaining = np.full(size, np.nan)
    remaining[open_rows] = cal.working_days_between(today64, deadline[open_rows])
    late = open_rows & (deadline < today64)
    answered_late = finished & ~np.isnat(deadline) & (notices > deadline)
    taken = np.full(size, np.nan)
    done = finished & ~np.isnat(start)
    taken[done] = cal.working_days_between(start[done], notices[done])

    # Objection: 30 HK after the reason arises (the written notice, else the missed deadline).
    reason_date = np.where(finished, notices, np.where(late, deadline, _NAT))
    objection_due = _offset(cal, reason_date, _per_track(elec, rules, "objection_filing"))

    uncertain = np.zeros(size, bool)
    valid = ~np.isnat(start)
    if valid.any():
        first = start[valid].astype("datetime64[Y]").astype(int) + 1970
        last = np.where(np.isnat(due_ext), due, due_ext)[valid].astype("datetime64[Y]")
        last = last.astype(int) + 1970
        bad = [y for y in range(int(first.min()), int(last.max()) + 1) if cal.year_uncertainty(y)]
        uncertain[valid] = np.isin(first, bad) | np.isin(last, bad)

    return DeadlineColumns(
        effective_receipt=start,
        due=due,
        due_extended=due_ext,
        deadline=deadline,
        remaining=remaining,
        late=late,
        answered_late=answered_late,
        taken=taken,
        objection_due=objection_due,
        extension_lawful=lawful,
        extension_problem=problems,
        uncertain=uncertain,
    )


# --- Jejak Perhitungan -------------------------------------------------------------------

_YEAR_TEXT = {
    "perkiraan": "masih perkiraan",
    "belum tersedia": "belum tersedia",
    "cuti bersama belum ditetapkan": "belum memuat cuti bersama",
}


def short_day(d: datetime.date, with_year: bool = True) -> str:
    """"Jum 11-12-2026" (`format_short`), or "Jum 11-12" without the year."""
    return format_short(d) if with_year else f"{day_abbr(d)} {d.strftime('%d-%m')}"


def _kind_text(kind: str) -> str:
    return "libur lokal" if kind == KIND_LOCAL else kind


def describe_day_off(o: DayOff) -> str:
    """A day off as "Kam 24-12-2026 cuti bersama Natal" (the kind is not repeated if the name has it)."""
    kind = _kind_text(o.kind)
    name = o.name if o.name.lower().startswith(kind) else f"{kind} {o.name}"
    return f"{short_day(o.date)} {name}"


def describe_days_off(days: Sequence[DayOff]) -> str:
    """Days off, the decree written once after each run of days from the same decree."""
    groups: list[list[DayOff]] = []
    for o in days:
        if groups and groups[-1][-1].source == o.source:
            groups[-1].append(o)
        else:
            groups.append([o])
    return ", ".join(
        ", ".join(describe_day_off(o) for o in g) + (f" ({g[0].source})" if g[0].source else "") for g in groups
    )


def year_warnings(cal: WorkCalendar, start: datetime.date, end: datetime.date) -> list[str]:
    """Indonesian warnings for years in [start, end] whose calendar is not final."""
    out = []
    for y in cal.uncertain_years(start, end):
        status = cal.year_uncertainty(y) or ""
        out.append(f"kalender {y} {_YEAR_TEXT.get(status, status)}")
    return out


@functools.lru_cache(maxsize=1)
def _unsure() -> frozenset[datetime.date]:
    return unsure_official_dates()


def unsure_warnings(cal: WorkCalendar, start: datetime.date, end: datetime.date) -> list[str]:
    """Indonesian warnings for days off skipped in (start, end] that the official list marks
    unsure (to be checked against the latest amendment of the decree)."""
    unsure = _unsure()
    if not unsure or end <= start or not any(start < u <= end for u in unsure):
        return []
    return [f"libur {describe_day_off(o)} belum pasti (perlu dicek)"
            for o in cal.days_off(start + datetime.timedelta(days=1), end, weekdays_only=True) if o.date in unsure]


def date_warnings(cal: WorkCalendar, start: datetime.date, end: datetime.date) -> list[str]:
    """Everything that may still move a date counted from `start` to `end`: years whose
    calendar is estimated, and unsure holidays skipped on the way."""
    return year_warnings(cal, start, end) + unsure_warnings(cal, start, end)


def completion_deadlines(received: datetime.date, cal: WorkCalendar, *, at: datetime.time | None = None,
                         notice_date: datetime.date | None = None,
                         rules: DeadlineRules = DEFAULT_RULES) -> tuple[datetime.date, datetime.date]:
    """(notice due, completion due): the completion is counted from the notice when it was
    sent, else from the day it was due."""
    start = cal.effective_receipt(received, at)
    notice_due = cal.add_working_days(start, rules.completion_notice.working_days)
    complete_due = cal.add_working_days(notice_date or notice_due, rules.completion.working_days)
    return notice_due, complete_due


def completion_trace(received: datetime.date, cal: WorkCalendar, *, at: datetime.time | None = None,
                     notice_date: datetime.date | None = None, rules: DeadlineRules = DEFAULT_RULES) -> str:
    """The completion part of a Jejak Perhitungan, e.g. "Kelengkapan: pemberitahuan paling
    lambat Rab 02-12-2026 (3 HK sejak diterima) -> pemohon melengkapi paling lambat ..."."""
    notice_due, complete_due = completion_deadlines(received, cal, at=at, notice_date=notice_date, rules=rules)
    base = f"pemberitahuan {short_day(notice_date)}" if notice_date else "pemberitahuan belum dikirim"
    text = (f"Kelengkapan persyaratan: pemberitahuan paling lambat {short_day(notice_due)} "
            f"({rules.completion_notice.working_days} HK sejak diterima); {base} -> pemohon melengkapi paling lambat "
            f"{short_day(complete_due)} ({rules.completion.working_days} HK); bila tidak, permohonan tidak diproses "
            f"(praktik PPID KPU)")
    warnings = date_warnings(cal, received, complete_due)
    return text + ("; " + "; ".join(warnings) if warnings else "")


CALENDAR_ESTIMATED = define(
    "KAL-001",
    "warning",
    "Batas waktu memakai kalender perkiraan",
    "batas waktu baris ini bergantung pada {years}; tanggalnya dapat berubah.",
    "Periksa SKB hari libur nasional dan cuti bersama terbaru; catat perubahannya di tab Hari Libur.",
    "SKB 3 Menteri tentang hari libur nasional dan cuti bersama",
)


def calendar_finding(
    cal: WorkCalendar,
    received: datetime.date,
    last_due: datetime.date,
    tab: str,
    row: int,
    header: str = "Batas Waktu",
) -> Finding | None:
    """The KAL-001 warning for a row whose deadlines fall in a year that is not final."""
    warnings = year_warnings(cal, received, last_due)
    if not warnings:
        return None
    return Finding.make(CALENDAR_ESTIMATED, tab, row, header, years=", ".join(warnings))


def explain(
    received: datetime.date,
    cal: WorkCalendar,
    *,
    election: bool = False,
    at: datetime.time | None = None,
    extended: bool = False,
    rules: DeadlineRules = DEFAULT_RULES,
    until: datetime.date | None = None,
) -> str:
    """The Jejak Perhitungan of a request: how its due dates were reached, in one line.

    E.g. "Diterima Jum 27-11-2026 -> hari ke-1 Sen 30-11 -> jatuh tempo Jum 11-12-2026 (10 HK)",
    followed by the holidays and closures skipped (kind and decree), days the office worked,
    and a warning when a year involved is only estimated or a holiday skipped is unsure, up to
    `until` (the objection filing date, when later than the due dates). "" when the count runs
    past the calendar (after 2100), where `compute_deadlines` gives no deadline either.
    """
    track = rules.for_track(election)
    parts = [f"Diterima {short_day(received)}"]
    if at is not None:
        parts[0] += f" pukul {at.strftime('%H:%M')}"
    off = cal.day_off(received)
    if off is not None:
        parts[0] += f" ({_kind_text(off.kind)} {off.name})"
    elif not cal.is_working_day(received):
        parts[0] += " (bukan hari kerja)"
    start = cal.effective_receipt(received, at)
    first = cal.add_working_days(start, 1)
    due = cal.add_working_days(start, track.notice.working_days)
    last = due
    if extended and isinstance(due, datetime.date):
        last = cal.add_working_days(due, track.extension.working_days)
    if not isinstance(last, datetime.date) or last > BAND_END:
        return ""  # past the calendar (after 9999 not even a date): no deadline either, see _offset
    if start != received:
        cutoff = cal.options.cutoff.strftime("%H:%M") if cal.options.cutoff else ""
        parts.append(f"setelah batas jam {cutoff}, dihitung diterima {short_day(start)}")
    parts.append(f"hari ke-1 {short_day(first, with_year=False)}")
    parts.append(f"jatuh tempo {short_day(due)} ({track.notice.working_days} HK)")
    if extended:
        parts.append(f"perpanjangan {short_day(last)} (+{track.extension.working_days} HK)")
    text = " -> ".join(parts)
    skipped = cal.days_off(start + datetime.timedelta(days=1), last, weekdays_only=True)
    if skipped:
        text += "; dilewati: " + describe_days_off(skipped)
    worked = cal.worked_days(start + datetime.timedelta(days=1), last)
    if worked:
        text += "; masuk kerja: " + ", ".join(f"{short_day(w.date)}" + (f" ({w.name})" if w.name else "") for w in worked)
    warnings = date_warnings(cal, received, max(last, until) if until is not None else last)
    if warnings:
        text += "; " + "; ".join(warnings)
    return text


def trace_column(
    received: Sequence[datetime.date | None],
    cal: WorkCalendar,
    *,
    election: Sequence[bool] | None = None,
    received_times: Sequence[datetime.time | None] | None = None,
    extended: Sequence[bool] | None = None,
    rules: DeadlineRules = DEFAULT_RULES,
    until: Sequence[datetime.date | None] | None = None,
) -> list[str]:
    """Jejak Perhitungan for every row ("" where the receipt date is empty, or the count runs past the calendar).

    Rows sharing a receipt date, track, time and extension share one text, so a register of
    100k rows needs only a few thousand explanations.
    """
    memo: dict[tuple[Any, ...], str] = {}
    out = []
    for i, d in enumerate(received):
        if d is None:
            out.append("")
            continue
        at = received_times[i] if received_times is not None else None
        key = (
            d,
            bool(election[i]) if election is not None else False,
            at,
            bool(extended[i]) if extended is not None else False,
            until[i] if until is not None else None,
        )
        if key not in memo:
            memo[key] = explain(d, cal, election=key[1], at=at, extended=key[3], rules=rules, until=key[4])
        out.append(memo[key])
    return out


def due_chain(
    received: datetime.date,
    category: str,
    cal: WorkCalendar,
    at: datetime.time | None = None,
    rules: DeadlineRules = DEFAULT_RULES,
) -> dict[str, Any]:
    """The whole chain for one receipt date, as plain JSON-ready data (for ``ppid due``).

    Steps: completion of requirements (when asked for), written notice, extension, then the
    objection path at its latest (filed on its last day when the request went unanswered,
    answered on the Atasan PPID's last day, taken to the Komisi Informasi on its last day).
    Each step carries the warnings that could still move its date.
    """
    track = rules.for_category(category)
    election = category == "pemilu"
    start = cal.effective_receipt(received, at)
    due = cal.add_working_days(start, track.notice.working_days)
    due_ext = cal.add_working_days(due, track.extension.working_days)
    objection_if_unanswered = cal.add_working_days(due, track.objection_filing.working_days)
    answer_due = cal.add_working_days(objection_if_unanswered, track.objection_answer.working_days)
    commission_due = cal.add_working_days(answer_due, track.commission.working_days)
    completion_notice_due, completion_due = completion_deadlines(received, cal, at=at, rules=rules)
    last = max(due_ext, commission_due)
    skipped = cal.days_off(start + datetime.timedelta(days=1), due_ext, weekdays_only=True)
    worked = cal.worked_days(start + datetime.timedelta(days=1), due_ext)

    def step(rule: DeadlineRule, date: datetime.date, label: str = "", starts: str = "") -> dict[str, Any]:
        return {
            "key": rule.key,
            "label": label or rule.label,
            "working_days": rule.working_days,
            "starts": starts or rule.starts,
            "source": rule.source,
            "date": date.isoformat(),
            "warnings": date_warnings(cal, received, date),
        }

    steps = [
        step(track.notice, due),
        step(track.extension, due_ext),
        step(track.objection_filing, objection_if_unanswered, track.objection_filing.label + " (jika tidak dijawab)"),
        step(track.objection_answer, answer_due, track.objection_answer.label + " (keberatan pada hari terakhir)",
             "keberatan dicatat pada batas pengajuan"),
        step(track.commission, commission_due, track.commission.label + " (tanggapan pada hari terakhir)",
             "tanggapan pada batas tanggapan"),
        step(rules.completion_notice, completion_notice_due, rules.completion_notice.label + " (bila syarat kurang)"),
        step(rules.completion, completion_due, rules.completion.label + " (bila syarat kurang)",
             "batas pemberitahuan kelengkapan"),
    ]
    return {
        "received": received.isoformat(),
        "received_at": at.strftime("%H:%M") if at else None,
        "effective_receipt": start.isoformat(),
        "category": category,
        "track": track.track,
        "due": due.isoformat(),
        "due_extended": due_ext.isoformat(),
        "objection_due_if_unanswered": objection_if_unanswered.isoformat(),
        "objection_answer_due": answer_due.isoformat(),
        "commission_due": commission_due.isoformat(),
        "completion_notice_due": completion_notice_due.isoformat(),
        "completion_due": completion_due.isoformat(),
        "steps": steps,
        "skipped": [
            {
                "date": o.date.isoformat(),
                "day": day_abbr(o.date),
                "name": o.name,
                "kind": o.kind,
                "source": o.source,
                "estimated": o.estimated,
            }
            for o in skipped
        ],
        "worked": [{"date": w.date.isoformat(), "name": w.name} for w in worked],
        "uncertain_years": cal.uncertain_years(received, last),
        "warnings": date_warnings(cal, received, last),
        "trace": explain(received, cal, election=election, at=at, extended=True, rules=rules, until=last),
    }


# --- Calendar changes ----------------------------------------------------------------------


def moved_due_dates(
    old: Mapping[str, datetime.date | None], new: Mapping[str, datetime.date | None]
) -> list[tuple[str, datetime.date | None, datetime.date | None]]:
    """Rows present in both runs whose due date changed, in ``new``'s order."""
    return [(k, old[k], v) for k, v in new.items() if k in old and old[k] != v]


def format_moved(moves: Sequence[tuple[str, datetime.date | None, datetime.date | None]]) -> list[str]:
    """One Indonesian log line per moved due date."""

    def show(d: datetime.date | None) -> str:
        return fmt_date(d) if d else "-"

    return [f"Batas waktu berubah: {k} {show(a)} -> {show(b)}" for k, a, b in moves]
