"""Statutory deadlines of the information service, as data, computed for whole columns.

Every limit is a :class:`DeadlineRule` naming its article. Two tracks: "Badan Publik" (UU 14/2008)
and "Tahapan Pemilu/Pemilihan" (Perki 1/2019; its numbers come from summaries, so
:func:`election_rules` lets config.toml change them). Counting is the calendar's: the day of
receipt is day 0 and day n is the n-th working day after it (see :mod:`automation.rules.calendar`).

The rules, the Jejak Perhitungan of one date (:func:`explain`) and the chain of `ppid due`
(:func:`due_chain`) are defined without numpy in :mod:`automation.rules.light_deadlines` and
re-exported here; this module adds what counts whole columns.

The functions here take ``today`` and the calendar as arguments and never read the clock.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from automation.rules.calendar import BAND_END, WorkCalendar, as_day_array, fmt_date, to_date
from automation.rules.findings import Finding, define

# The rules as data and the scalar chain (one receipt date: `explain`, `due_chain` and their
# texts) are shared with `ppid due`, which must start without numpy, and are defined there;
# they are re-exported here, where the rest of the toolkit imports them from.
from automation.rules.light_deadlines import (  # noqa: F401 - re-exported
    BADAN_PUBLIK_RULES,
    CATEGORIES,
    DEFAULT_RULES,
    KPU_PRACTICE,
    PERKI_PEMILU,
    TRACK_BADAN_PUBLIK,
    TRACK_PEMILU,
    UU_KIP,
    DeadlineRule,
    DeadlineRules,
    TrackRules,
    completion_deadlines,
    completion_rules,
    date_warnings,
    deadline_rules_from_config,
    describe_day_off,
    describe_days_off,
    due_chain,
    election_rules,
    explain,
    explain_after_time,
    short_day,
    time_text,
    unsure_warnings,
    year_warnings,
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

    The text after "Diterima <date> pukul <time>" depends on the time only through the day the
    count starts (`explain_after_time`): rows sharing a receipt date, start, track, extension
    and `until` share it, so a register of 100k rows, each with its own receipt time, needs
    only a few thousand explanations.
    """
    starts: Sequence[datetime.date | None] = received
    if received_times is not None and cal.options.cutoff is not None and any(t is not None for t in received_times):
        starts = cal.effective_receipts(as_day_array(received), received_times).tolist()  # dates (None: NaT)
    tails: dict[tuple[Any, ...], str] = {}
    texts: dict[tuple[Any, ...], str] = {}
    out = []
    for i, d in enumerate(received):
        if d is None:
            out.append("")
            continue
        at = received_times[i] if received_times is not None else None
        key = (
            d,
            starts[i],
            bool(election[i]) if election is not None else False,
            bool(extended[i]) if extended is not None else False,
            until[i] if until is not None else None,
        )
        text = texts.get((key, at))
        if text is None:
            tail = tails.get(key)
            if tail is None:
                tail = tails[key] = explain_after_time(d, key[1], cal, election=key[2], extended=key[3], rules=rules,
                                                       until=key[4])
            text = texts[key, at] = f"Diterima {short_day(d)}{time_text(at)}{tail}" if tail else ""
        out.append(text)
    return out


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
