"""The monthly report to the Sekretaris and the annual report (Perki 1/2021 Pasal 56).

Pure: register rows in, figures out. Nothing here reads the clock or a file; the command layer
(`automation.cli.report_cmd`) reads the register and writes the tab and the documents.

Definitions (what the Sekretaris will ask about; the tab and the letter repeat them briefly):

* A request belongs to the period by its **Tanggal Diterima** (received, by_channel,
  by_requester_type, by_category, by_officer count requests received in the period).
* **Finished** in a period = the written notice (Tanggal Pemberitahuan Tertulis) is dated in the
  period. Everything about the outcome of a request is counted by that date: the decision
  (granted, granted in part, refused and the reason), timeliness, working days taken, the
  extension, the fee and the Kasubbag's sign-off. So a request received on 27 November and
  answered on 3 December is *received* in November and *finished* in December.
* **On time** = notice on or before Batas Waktu (10 working days; 3 on the election track).
  **On time with extension** = a lawful extension (dated on or before Batas Waktu, with a
  reason, once) and the notice after Batas Waktu but on or before Batas Waktu Perpanjangan
  (+7; +2 on the election track). **Late** = after the deadline in force (an unlawful extension
  does not move the deadline). on_time + on_time_extended + late = finished.
* **Working days taken** = working days from receipt (after the cut-off hour: the next working
  day) to the notice, the receipt being day 0 (`automation.rules.deadlines.compute_deadlines`).
* **Pending at the start** = received before the first day of the period and not finished
  before it. **Pending at the end** = received on or before the last day and not finished on or
  before it. pending_end = pending_start + received - finished.
* **Extended** = finished in the period with Perpanjangan = Ya.
* **Fees** = the sum of Biaya (Rp) of the requests finished in the period (by notice date,
  like every other outcome figure; Tanggal Pemberian Informasi is often left blank).
* **Supervised** = finished in the period with Supervisi Kasubbag = Ya; the share is of finished.
* **Objections**: received = Tanggal Diterima of the objection in the period (by_ground counts
  those); answered = Tanggal Tanggapan in the period (on time when on or before 30 working days
  after the objection's Tanggal Diterima, 3 on the election track, the track being the linked
  request's Kategori Informasi); pending at the end = received on or before the last day and
  not answered on or before it; to the Komisi Informasi = marked Ya with its date (or, when that
  date is blank, the objection's Tanggal Diterima) in the period.
* Rows without a readable Tanggal Diterima, and requests whose notice is dated before their
  receipt, are left out of every figure and counted in `skipped` (the check job reports them).

Additive over the twelve months of a year: every count, breakdown, the working-day buckets,
fees and objection counts. Not additive: the mean and median (the annual report recomputes them
from the rows), the share signed off, pending_start (the year's is January's) and pending_end
(the year's is December's); the annual min/max equal the min/max over the months.
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from automation.reports.period import Period
from automation.rules.calendar import WorkCalendar, to_date
from automation.rules.deadlines import (
    DEFAULT_RULES,
    DeadlineRules,
    compute_deadlines,
    deadline_rules_from_config,
)
from automation.rules.objection_deadlines import objection_deadlines
from automation.rules.records import Objection, Request, election_track, request_columns
from automation.rules.values import MONTH_NAMES
from automation.survey.index import SkmResult, skm_index
from automation.survey.responses import Response, in_period
from sheets.layout import CHOICES, OBJECTION_GROUNDS, PASAL17
from sheets.model import Table

BLANK_LABEL = "Tidak diisi"

DECISION_KEYS = {"diterima": "granted", "diterima sebagian": "granted_partly", "ditolak": "refused"}

REFUSAL_REASONS: dict[str, str] = {
    **{f"pasal17_{letter}": f"Dikecualikan Pasal 17 huruf {letter}" for letter in PASAL17},
    "not_held": "Belum Dikuasai",
    "not_documented": "Belum Didokumentasikan",
    "incomplete_requirements": "Syarat Tidak Lengkap",
    "unspecified": "Alasan tidak diisi/lainnya",
}
"""Stable JSON key -> the Indonesian label (the register's dropdown value)."""

_REASON_BY_TEXT = {label.casefold(): key for key, label in REFUSAL_REASONS.items() if key != "unspecified"}

BUCKETS: tuple[tuple[str, int, int | None], ...] = (("0-3", 0, 3), ("4-10", 4, 10), ("11-17", 11, 17), (">17", 18, None))

OLDEST_PENDING = 5


REPORT_FIELDS = ("number", "received", "received_time", "category", "extended", "extension_notice_date",
                 "extension_reason", "notice_date", "channel", "requester_type", "officer", "decision",
                 "refusal_reason", "fee", "supervised", "letters")
"""The Request fields the reports count (and "letters", for the cover letter's number)."""


@dataclass(frozen=True)
class RequestColumns:
    """The fields of the requests a report counts (REPORT_FIELDS), a list per field in register
    order, and each request's sheet row.

    `from_table` reads them from the request tab's columns without a record per row and without
    typing the other columns (at 100k rows the records cost most of a second); `of` takes them
    from records. Both give the same lists (tests/test_report_vectorised.py)."""

    row: Sequence[int]
    number: Sequence[str]
    received: Sequence[dt.date | None]
    received_time: Sequence[dt.time | None]
    category: Sequence[str]
    extended: Sequence[bool]
    extension_notice_date: Sequence[dt.date | None]
    extension_reason: Sequence[str]
    notice_date: Sequence[dt.date | None]
    channel: Sequence[str]
    requester_type: Sequence[str]
    officer: Sequence[str]
    decision: Sequence[str]
    refusal_reason: Sequence[str]
    fee: Sequence[int | None]
    supervised: Sequence[bool]
    letters: Sequence[str]

    @classmethod
    def from_table(cls, table: Table) -> RequestColumns:
        """From the request tab (a sheets.model.Table), as `read_requests` would read it."""
        return cls(**request_columns(table, REPORT_FIELDS))

    @classmethod
    def of(cls, requests: Sequence[Request] | RequestColumns) -> RequestColumns:
        """From Request records (or the columns themselves)."""
        if isinstance(requests, RequestColumns):
            return requests
        return cls(row=[r.ref.row for r in requests], **{k: [getattr(r, k) for r in requests] for k in REPORT_FIELDS})

    def __len__(self) -> int:
        return len(self.row)

    def at(self, name: str, positions: Iterable[int]) -> list[Any]:
        """Field `name` of the requests at `positions`."""
        return list(map(getattr(self, name).__getitem__, positions))


@dataclass(frozen=True)
class PendingItem:
    """A request still open at the end of the period (no personal data: number and date only)."""

    number: str
    received: dt.date
    days_open: int  # working days from receipt to the period end (or today, if earlier)


@dataclass(frozen=True)
class ObjectionFigures:
    received: int = 0
    answered: int = 0
    on_time: int = 0
    late: int = 0
    pending_end: int = 0
    by_ground: dict[str, int] = field(default_factory=dict)
    by_decision: dict[str, int] = field(default_factory=dict)
    to_commission: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)  # the field names are the JSON keys, in this order


@dataclass(frozen=True)
class ReportFigures:
    """Every figure of one report. No personal data: counts, dates and registration numbers."""

    period: Period
    today: dt.date
    received: int
    by_channel: dict[str, int]
    by_requester_type: dict[str, int]
    by_category: dict[str, int]
    by_officer: dict[str, int]
    pending_start: int
    finished: int
    pending_end: int
    granted: int
    granted_partly: int
    refused: int
    refused_by_reason: dict[str, int]
    decision_missing: int  # finished (notice dated) but Keputusan blank or unknown
    on_time: int
    on_time_extended: int
    late: int
    extended: int
    days_taken: tuple[int, ...]  # working days taken by each finished request, sorted
    oldest_pending: tuple[PendingItem, ...]
    objections: ObjectionFigures
    fees_total: int
    supervised: int
    skipped: tuple[int, ...] = ()  # sheet rows left out (no Tanggal Diterima / notice before it)
    uncertain_years: tuple[int, ...] = ()
    survey: SkmResult | None = None  # None when the register has no survey responses at all

    @property
    def working_days(self) -> dict[str, Any]:
        d = self.days_taken
        buckets = {
            name: sum(1 for x in d if x >= lo and (hi is None or x <= hi)) for name, lo, hi in BUCKETS
        }
        if not d:
            return {"mean": None, "median": None, "min": None, "max": None, "count": 0, "buckets": buckets}
        return {
            "mean": round(statistics.fmean(d), 2),
            "median": statistics.median(d),
            "min": min(d),
            "max": max(d),
            "count": len(d),
            "buckets": buckets,
        }

    @property
    def supervised_share(self) -> float | None:
        return round(self.supervised / self.finished, 4) if self.finished else None

    def to_dict(self) -> dict[str, Any]:
        """The figures with stable English keys (the `--json` output)."""
        return {
            "period": {"start": self.period.start.isoformat(), "end": self.period.end.isoformat(),
                       "kind": self.period.kind, "key": self.period.key},
            "generated": self.today.isoformat(),
            "received": self.received,
            "by_channel": dict(self.by_channel),
            "by_requester_type": dict(self.by_requester_type),
            "by_category": dict(self.by_category),
            "by_officer": dict(self.by_officer),
            "pending_start": self.pending_start,
            "finished": self.finished,
            "pending_end": self.pending_end,
            "granted": self.granted,
            "granted_partly": self.granted_partly,
            "refused": self.refused,
            "refused_by_reason": dict(self.refused_by_reason),
            "decision_missing": self.decision_missing,
            "on_time": self.on_time,
            "on_time_extended": self.on_time_extended,
            "late": self.late,
            "extended": self.extended,
            "working_days": self.working_days,
            "oldest_pending": [
                {"number": p.number, "received": p.received.isoformat(), "days_open": p.days_open}
                for p in self.oldest_pending
            ],
            "objections": self.objections.to_dict(),
            "fees_total": self.fees_total,
            "supervised": self.supervised,
            "supervised_share": self.supervised_share,
            "skipped_rows": list(self.skipped),
            "uncertain_years": list(self.uncertain_years),
        } | ({"survey": self.survey.to_dict()} if self.survey is not None else {})

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)


# --- computing -------------------------------------------------------------------------------


def _breakdown(values: Iterable[str], choices: Sequence[str] = ()) -> dict[str, int]:
    """Counts keyed by value: every dropdown choice (0 when absent, so months line up), then
    other values as typed, then "Tidak diisi" for blanks."""
    counts: dict[str, int] = {c: 0 for c in choices}
    by_fold = {c.casefold(): c for c in choices}
    blank = 0
    for v, n in Counter(values).items():  # each distinct value once
        text = (v or "").strip()
        if not text:
            blank += n
            continue
        key = by_fold.get(text.casefold(), text)
        counts[key] = counts.get(key, 0) + n
    extra = sorted(k for k in counts if k not in choices)
    out = {c: counts[c] for c in choices} | {k: counts[k] for k in extra}
    if blank:
        out[BLANK_LABEL] = blank
    return out


def _decision_key(decision: str) -> str | None:
    return DECISION_KEYS.get(" ".join(decision.split()).casefold())


def _reason_key(reason: str) -> str:
    return _REASON_BY_TEXT.get(" ".join(reason.split()).casefold(), "unspecified")


def _rules(config: Any) -> DeadlineRules:
    if config is None or not hasattr(config, "deadlines"):
        return DEFAULT_RULES
    return deadline_rules_from_config(config.deadlines)


def _in(d: dt.date | None, period: Period) -> bool:
    return d is not None and period.start <= d <= period.end


@dataclass(frozen=True)
class UsableRequests:
    """The requests a report counts (`usable_requests`): those of `every` at the positions
    `keep` (None: all of them), their receipt and notice days, and the sheet rows left out."""

    every: RequestColumns
    keep: np.ndarray | None
    received_days: np.ndarray  # datetime64[D], one per usable request
    notice_days: np.ndarray  # NaT where there is no notice
    skipped: tuple[int, ...]

    def at(self, name: str, idx: np.ndarray) -> list[Any]:
        """Field `name` of the usable requests at `idx` (positions among the usable ones)."""
        return self.every.at(name, (idx if self.keep is None else self.keep[idx]).tolist())


def usable_requests(requests: Sequence[Request] | RequestColumns) -> UsableRequests:
    """The requests the report can count, and the sheet rows of those it cannot (no readable
    Tanggal Diterima, or a notice dated before the receipt: NaT compares False)."""
    every = RequestColumns.of(requests)
    received, notice = day_column(every.received), day_column(every.notice_date)
    bad = np.isnat(received) | (notice < received)
    if not bad.any():
        return UsableRequests(every, None, received, notice, ())
    keep = np.flatnonzero(~bad)
    return UsableRequests(every, keep, received[keep], notice[keep],
                          tuple(every.at("row", np.flatnonzero(bad).tolist())))


def day_column(values: Iterable[dt.date | None]) -> np.ndarray:
    """Dates (None allowed) -> datetime64[D], NaT for None (by ordinal: several times faster
    than numpy's own conversion of date objects)."""
    seq = values if isinstance(values, Sequence) else list(values)
    return np.fromiter((_NAT_INT if d is None else d.toordinal() - _EPOCH for d in seq), np.int64,
                       len(seq)).view("datetime64[D]")


_EPOCH = dt.date(1970, 1, 1).toordinal()
_NAT_INT = int(np.datetime64("NaT", "D").astype(np.int64))


def _between(days: np.ndarray, start: dt.date, end: dt.date) -> np.ndarray:
    """start <= day <= end, elementwise (False for NaT)."""
    return (days >= np.datetime64(start, "D")) & (days <= np.datetime64(end, "D"))


def _oldest_pending(rows: UsableRequests, open_idx: np.ndarray, days_open: np.ndarray) -> tuple[PendingItem, ...]:
    """The OLDEST_PENDING open requests (the usable `rows` at `open_idx`, `days_open` working days
    each) by most working days open, then earliest receipt, then number.

    Only rows whose days open reach the OLDEST_PENDING-th largest value can be among them, so
    only those become PendingItems: the same order as sorting every open request."""
    picked = np.arange(len(days_open))
    if len(days_open) > OLDEST_PENDING:
        picked = np.flatnonzero(days_open >= np.partition(days_open, -OLDEST_PENDING)[-OLDEST_PENDING])
    at = open_idx[picked]
    items = [PendingItem(number or f"baris {row}", received, int(days))
             for number, row, received, days in zip(rows.at("number", at), rows.at("row", at), rows.at("received", at),
                                                     days_open[picked])]
    items.sort(key=lambda p: (-p.days_open, p.received, p.number))
    return tuple(items[:OLDEST_PENDING])


def compute_report(
    requests: Sequence[Request] | RequestColumns,
    objections: Sequence[Objection],
    cal: WorkCalendar,
    period_start: dt.date,
    period_end: dt.date,
    today: dt.date,
    config: Any = None,
    survey_responses: Sequence[Response] | None = None,
) -> ReportFigures:
    """All figures for [period_start, period_end] (see the module docstring for definitions).

    `config` (automation.rules.config.Config, optional) supplies the election-track numbers.
    `survey_responses` (the usable rows of "Survei Kepuasan"): when there are any, the report
    has the satisfaction index of the responses dated in the period (Permenpan RB 14/2017).
    """
    kind = "year" if (period_start.month, period_start.day, period_end.month, period_end.day) == (1, 1, 12, 31) \
        and period_start.year == period_end.year else "month"
    period = Period(period_start, period_end, kind)
    rules = _rules(config)
    every = RequestColumns.of(requests)
    rows = usable_requests(every)
    received_days, notice_days, skipped = rows.received_days, rows.notice_days, rows.skipped

    # Column by column over the usable rows (the definitions in the module docstring, row by row
    # in tests/test_report_vectorised.py). A NaT notice compares False with every date.
    first, last = np.datetime64(period.start, "D"), np.datetime64(period.end, "D")
    unanswered = np.isnat(notice_days)
    received_idx = np.flatnonzero(_between(received_days, period.start, period.end))
    finished_idx = np.flatnonzero(_between(notice_days, period.start, period.end))

    pending_start = int(np.count_nonzero((received_days < first) & (unanswered | (notice_days >= first))))
    open_idx = np.flatnonzero((received_days <= last) & (unanswered | (notice_days > last)))

    # deadlines only of the rows whose deadlines a figure uses (finished in the period, or open at
    # its end): each row's deadlines depend on that row alone; `fin` and `opn` index into them
    need = np.union1d(finished_idx, open_idx)
    fin, opn = np.searchsorted(need, finished_idx), np.searchsorted(need, open_idx)
    cols = compute_deadlines(
        received_days[need],
        cal=cal,
        today=today,
        received_times=rows.at("received_time", need),
        election=list(map(election_track, rows.at("category", need))),
        extended=rows.at("extended", need),
        extension_dates=day_column(rows.at("extension_notice_date", need)),
        extension_reasons=rows.at("extension_reason", need),
        notice_dates=notice_days[need],
        rules=rules,
    )

    decisions = {"granted": 0, "granted_partly": 0, "refused": 0}
    reasons = {k: 0 for k in REFUSAL_REASONS}
    missing = 0
    for (decision, reason), n in Counter(zip(rows.at("decision", finished_idx), rows.at("refusal_reason", finished_idx))).items():
        key = _decision_key(decision)
        if key is None:
            missing += n
            continue
        decisions[key] += n
        if key == "refused":
            reasons[_reason_key(reason)] += n

    notices = notice_days[finished_idx]
    in_time = notices <= cols.due[fin]
    lawful = np.asarray(cols.extension_lawful[fin] == True, dtype=bool)  # noqa: E712 - object array
    in_extension = ~in_time & lawful & (notices <= cols.due_extended[fin])
    on_time = int(np.count_nonzero(in_time))
    on_time_ext = int(np.count_nonzero(in_extension))
    late = len(finished_idx) - on_time - on_time_ext

    days_taken = tuple(int(x) for x in np.sort(cols.taken[fin]))

    as_of = np.datetime64(min(period.end, today), "D")
    starts = cols.effective_receipt[opn]
    starts = np.where(np.isnat(starts), received_days[open_idx], starts)
    open_days = np.zeros(len(open_idx), dtype=np.int64)
    counted = starts <= as_of
    if counted.any():
        open_days[counted] = np.maximum(cal.working_days_between(starts[counted], as_of), 0).astype(np.int64)
    pending_items = _oldest_pending(rows, open_idx, open_days)

    uncertain = tuple(cal.uncertain_years(period.start, period.end))

    return ReportFigures(
        period=period,
        today=today,
        received=len(received_idx),
        by_channel=_breakdown(rows.at("channel", received_idx), CHOICES["Kanal Permohonan"]),
        by_requester_type=_breakdown(rows.at("requester_type", received_idx), CHOICES["Jenis Pemohon"]),
        by_category=_breakdown(rows.at("category", received_idx), CHOICES["Kategori Informasi"]),
        by_officer=_breakdown(rows.at("officer", received_idx)),
        pending_start=pending_start,
        finished=len(finished_idx),
        pending_end=len(open_idx),
        granted=decisions["granted"],
        granted_partly=decisions["granted_partly"],
        refused=decisions["refused"],
        refused_by_reason=reasons,
        decision_missing=missing,
        on_time=on_time,
        on_time_extended=on_time_ext,
        late=late,
        extended=sum(1 for x in rows.at("extended", finished_idx) if x),
        days_taken=days_taken,
        oldest_pending=pending_items,
        objections=compute_objections(objections, every, cal, period, rules),
        fees_total=sum(fee or 0 for fee in rows.at("fee", finished_idx)),
        supervised=sum(1 for x in rows.at("supervised", finished_idx) if x),
        skipped=skipped,
        uncertain_years=uncertain,
        survey=skm_index(in_period(survey_responses, period.start, period.end)) if survey_responses else None,
    )


def compute_objections(
    objections: Sequence[Objection],
    requests: Sequence[Request] | RequestColumns,
    cal: WorkCalendar,
    period: Period,
    rules: DeadlineRules = DEFAULT_RULES,
) -> ObjectionFigures:
    """Objection figures for the period (definitions in the module docstring)."""
    rows = [o for o in objections if o.received is not None]
    if not rows:
        return ObjectionFigures(by_ground={k: 0 for k in OBJECTION_GROUNDS},
                                by_decision={k: 0 for k in CHOICES["Keputusan Atasan PPID"]})
    every = RequestColumns.of(requests)
    election_by_number = {n.strip(): election_track(c) for n, c in zip(every.number, every.category) if n.strip()}
    election = [election_by_number.get(o.request_number.strip(), False) for o in rows]
    dues = objection_deadlines([o.received for o in rows], cal=cal, election=election, rules=rules)["answer_due"]

    received = [o for o in rows if _in(o.received, period)]
    answered = [(o, to_date(due)) for o, due in zip(rows, dues) if _in(o.answer_date, period)]
    on_time = sum(1 for o, due in answered if due is not None and o.answer_date <= due)
    pending_end = sum(
        1 for o in rows if o.received <= period.end and (o.answer_date is None or o.answer_date > period.end)
    )
    grounds = {k: sum(1 for o in received if k in o.grounds) for k in OBJECTION_GROUNDS}
    commission = sum(1 for o in rows if o.to_commission and _in(o.commission_date or o.received, period))
    return ObjectionFigures(
        received=len(received),
        answered=len(answered),
        on_time=on_time,
        late=len(answered) - on_time,
        pending_end=pending_end,
        by_ground=grounds,
        by_decision=_breakdown((o.decision for o, _ in answered), CHOICES["Keputusan Atasan PPID"]),
        to_commission=commission,
    )


def monthly_trend(requests: Sequence[Request] | RequestColumns, last_month: Period,
                  months: int = 12) -> list[tuple[str, int, int]]:
    """(month label "Nov 2026", received, finished) for the `months` months ending with `last_month`."""
    rows = usable_requests(requests)
    received_days, notice_days = rows.received_days, rows.notice_days
    periods = []
    y, m = last_month.start.year, last_month.start.month
    for _ in range(months):
        periods.append(Period.month(y, m))
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    out = []
    for p in reversed(periods):
        label = f"{MONTH_NAMES[p.start.month - 1][:3]} {p.start.year}"
        out.append((label, int(np.count_nonzero(_between(received_days, p.start, p.end))),
                    int(np.count_nonzero(_between(notice_days, p.start, p.end)))))
    return out
