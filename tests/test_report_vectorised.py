"""The report's figures are computed column by column (numpy masks, one busday_count for the
days open); these tests hold them to the row-by-row definitions of the module docstring
(automation/reports/figures.py), written out again here one request at a time, on a seeded
register full of edge cases: blank and unreadable dates, notices before receipt, receipts on
weekends and holidays and after the cut-off hour, the election track, lawful and unlawful
extensions, decisions and channels typed in other cases and spacings, blank numbers.

The reference computes each row's deadlines with a one-row `compute_deadlines` call and
counts working days with one scalar `working_days_between` call per row, so a vectorised mask
or index that drifts from the definition (an off-by-one period bound, NaT compared the wrong
way, a pending row picked from the wrong index) shows up as a different figure.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest

from automation.reports.figures import (
    DECISION_KEYS,
    OLDEST_PENDING,
    REFUSAL_REASONS,
    PendingItem,
    Period,
    compute_report,
    monthly_trend,
)
from automation.rules.calendar import CalendarOptions, WorkCalendar
from automation.rules.deadlines import DEFAULT_RULES, compute_deadlines
from automation.rules.records import Request, read_requests
from sheets.layout import CHOICES, REQUESTS
from sheets.memory import MemoryBackend
from tests.report_fixture import sheet_row

D = dt.date
EXT = "Informasi belum dikuasai/belum didokumentasikan"
HOLIDAYS_2026 = [D(2026, 1, 1), D(2026, 8, 17), D(2026, 12, 24), D(2026, 12, 25), D(2026, 3, 19)]


def _random_rows(n: int, seed: int) -> list[list[Any]]:
    rnd = random.Random(seed)
    first = D(2025, 11, 1)
    rows = []
    for i in range(n):
        received = None if rnd.random() < 0.04 else (
            rnd.choice(HOLIDAYS_2026) if rnd.random() < 0.05 else first + dt.timedelta(days=rnd.randrange(460)))
        notice = None
        if received is not None and rnd.random() < 0.7:
            notice = received + dt.timedelta(days=rnd.randint(-3, 40))  # a few before receipt: skipped
        elif received is None and rnd.random() < 0.5:
            notice = D(2026, 5, 4)
        extended = rnd.random() < 0.25
        values: dict[str, Any] = dict(
            number=None if rnd.random() < 0.1 else f"{rnd.randrange(1000):03d}/PPID/{i}",
            received=received,
            received_time=rnd.choice([None, dt.time(8, 0), dt.time(16, 30)]),
            channel=rnd.choice([*CHOICES["Kanal Permohonan"], "email", " Surat ", "Faksimili", None]),
            requester_type=rnd.choice([*CHOICES["Jenis Pemohon"], "perorangan", None]),
            category=rnd.choice(["Badan Publik", "Tahapan Pemilu/Pemilihan", None]),
            officer=rnd.choice(["Rina", "Budi", "rina", None]),
            name=f"Pemohon {i}",
            information="Salinan dokumen",
            notice_date=notice,
            decision=rnd.choice(["Diterima", "diterima  sebagian", "DITOLAK", "Ditolak", "lainnya", None]),
            refusal_reason=rnd.choice(["Dikecualikan Pasal 17 huruf h", "belum dikuasai", "Syarat Tidak Lengkap",
                                       "alasan lain", None]),
            extended="Ya" if extended else rnd.choice([None, "Tidak"]),
            fee=rnd.choice([None, 0, 5000, 12500]),
            supervised=rnd.choice(["Ya", "tidak", None]),
        )
        if extended and received is not None:
            values["extension_notice_date"] = rnd.choice([None, received + dt.timedelta(days=5),
                                                          received + dt.timedelta(days=25)])
            values["extension_reason"] = rnd.choice([EXT, None])
        rows.append(sheet_row(REQUESTS, **values))
    return rows


@pytest.fixture(scope="module")
def requests() -> list[Request]:
    snap = MemoryBackend({REQUESTS.name: [list(REQUESTS.headers), *_random_rows(700, seed=19)]}).read()
    return read_requests(snap.table(REQUESTS.name))


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar.build(CalendarOptions(cutoff=dt.time(15, 0)))  # 16:30 receipts move a day


# --- the definitions, one row at a time ------------------------------------------------------------

def _row_deadlines(r: Request, cal: WorkCalendar, today: dt.date) -> dict[str, Any]:
    return compute_deadlines(
        [r.received], cal=cal, today=today, received_times=[r.received_time], election=[r.election],
        extended=[r.extended], extension_dates=[r.extension_notice_date], extension_reasons=[r.extension_reason],
        notice_dates=[r.notice_date], rules=DEFAULT_RULES,
    ).row(0)


def _count(values, choices=()) -> dict[str, int]:
    counts = {c: 0 for c in choices}
    blank = 0
    for v in values:
        text = (v or "").strip()
        if not text:
            blank += 1
            continue
        key = next((c for c in choices if c.casefold() == text.casefold()), text)
        counts[key] = counts.get(key, 0) + 1
    out = {c: counts[c] for c in choices} | {k: counts[k] for k in sorted(k for k in counts if k not in choices)}
    return out | ({"Tidak diisi": blank} if blank else {})


def row_by_row(requests: list[Request], cal: WorkCalendar, start: dt.date, end: dt.date,
               today: dt.date) -> dict[str, Any]:
    usable = [r for r in requests if r.received is not None
              and not (r.notice_date is not None and r.notice_date < r.received)]
    skipped = tuple(r.ref.row for r in requests if r.received is None
                    or (r.notice_date is not None and r.notice_date < r.received))
    received = [r for r in usable if start <= r.received <= end]
    finished = [r for r in usable if r.notice_date is not None and start <= r.notice_date <= end]
    out: dict[str, Any] = {
        "skipped": skipped,
        "received": len(received),
        "by_channel": _count((r.channel for r in received), CHOICES["Kanal Permohonan"]),
        "by_requester_type": _count((r.requester_type for r in received), CHOICES["Jenis Pemohon"]),
        "by_category": _count((r.category for r in received), CHOICES["Kategori Informasi"]),
        "by_officer": _count(r.officer for r in received),
        "finished": len(finished),
        "pending_start": sum(1 for r in usable if r.received < start
                             and (r.notice_date is None or r.notice_date >= start)),
        "extended": sum(1 for r in finished if r.extended),
        "fees_total": sum(r.fee or 0 for r in finished),
        "supervised": sum(1 for r in finished if r.supervised),
    }
    decisions = {"granted": 0, "granted_partly": 0, "refused": 0}
    reasons = {k: 0 for k in REFUSAL_REASONS}
    by_label = {v.casefold(): k for k, v in REFUSAL_REASONS.items() if k != "unspecified"}
    missing = on_time = on_time_ext = late = 0
    taken = []
    for r in finished:
        key = DECISION_KEYS.get(" ".join(r.decision.split()).casefold())
        if key is None:
            missing += 1
        else:
            decisions[key] += 1
            if key == "refused":
                reasons[by_label.get(" ".join(r.refusal_reason.split()).casefold(), "unspecified")] += 1
        d = _row_deadlines(r, cal, today)
        if d["due"] is not None and r.notice_date <= d["due"]:
            on_time += 1
        elif d["extension_lawful"] is True and d["due_extended"] is not None and r.notice_date <= d["due_extended"]:
            on_time_ext += 1
        else:
            late += 1
        taken.append(d["taken"])
    as_of = min(end, today)
    pending = []
    for r in usable:
        if r.received <= end and (r.notice_date is None or r.notice_date > end):
            begin = _row_deadlines(r, cal, today)["effective_receipt"] or r.received
            days = cal.working_days_between(begin, as_of) if begin <= as_of else 0
            pending.append(PendingItem(r.number or f"baris {r.ref.row}", r.received, max(days, 0)))
    pending.sort(key=lambda p: (-p.days_open, p.received, p.number))
    out.update(decisions, refused_by_reason=reasons, decision_missing=missing, on_time=on_time,
               on_time_extended=on_time_ext, late=late, days_taken=tuple(sorted(taken)),
               pending_end=len(pending), oldest_pending=tuple(pending[:OLDEST_PENDING]))
    return out


PERIODS = [*Period.year(2026).months(), Period.month(2025, 11), Period.month(2025, 12), Period.month(2027, 1),
           Period.year(2026), Period.year(2025)]


@pytest.mark.parametrize("period", PERIODS, ids=lambda p: p.key)
def test_figures_equal_the_row_by_row_definitions(requests, cal, period: Period) -> None:
    today = D(2027, 2, 1)
    f = compute_report(requests, [], cal, period.start, period.end, today)
    expected = row_by_row(requests, cal, period.start, period.end, today)
    got = {k: getattr(f, k) for k in expected}
    assert got == expected
    assert f.on_time + f.on_time_extended + f.late == f.finished
    assert f.pending_end == f.pending_start + f.received - f.finished


def test_the_register_has_the_edge_cases_the_comparison_needs(requests, cal) -> None:
    """The seeded register is only a good reference if it holds every kind of row the masks treat
    differently; a change of seed or generator must not quietly drop one."""
    year = row_by_row(requests, cal, D(2026, 1, 1), D(2026, 12, 31), D(2027, 2, 1))
    assert year["skipped"] and year["decision_missing"] and year["late"]
    assert year["on_time"] and year["on_time_extended"]
    assert year["by_channel"].get("Tidak diisi") and year["by_channel"].get("Faksimili")
    assert any(not r.number for r in requests)  # shown as "baris N"
    assert any(r.received in HOLIDAYS_2026 for r in requests)
    assert any(r.received_time == dt.time(16, 30) and r.received is not None and r.received.weekday() < 5
               for r in requests)


def test_period_not_over_yet_counts_days_open_to_today(requests, cal) -> None:
    """today inside the period: days open run to today, not to the period's end."""
    today = D(2026, 11, 18)
    f = compute_report(requests, [], cal, D(2026, 11, 1), D(2026, 11, 30), today)
    expected = row_by_row(requests, cal, D(2026, 11, 1), D(2026, 11, 30), today)
    assert f.oldest_pending == expected["oldest_pending"]
    assert f.pending_end == expected["pending_end"]
    assert (f.on_time, f.on_time_extended, f.late) == (expected["on_time"], expected["on_time_extended"],
                                                       expected["late"])


@pytest.mark.parametrize("period", [Period.month(2026, 11), Period.month(2026, 1), Period.month(2027, 1)],
                         ids=lambda p: p.key)
def test_trend_equals_counting_row_by_row(requests, period: Period) -> None:
    usable = [r for r in requests if r.received is not None
              and not (r.notice_date is not None and r.notice_date < r.received)]
    trend = monthly_trend(requests, period)
    months = []
    for back in range(11, -1, -1):  # the twelve months ending with `period`
        year, month = period.start.year, period.start.month - back
        months.append(Period.month(year - (month < 1), month + 12 * (month < 1)))
    assert [label for label, _, _ in trend] == [f"{p.label[:3]} {p.start.year}" for p in months]
    assert [(rc, fc) for _, rc, fc in trend] == [
        (sum(1 for r in usable if p.start <= r.received <= p.end),
         sum(1 for r in usable if r.notice_date is not None and p.start <= r.notice_date <= p.end)) for p in months]


def test_oldest_pending_ties_are_broken_by_receipt_then_number() -> None:
    """Nine requests, eight open at the end of November, worked out by hand (no holiday in
    November 2026, so Monday-Friday are working days). Received Mon 2 Nov: working days 3-6, 9-13, 16-20, 23-27, 30 Nov = 4+5+5+5+1 = 20
    open at the end of November; received Tue 3 Nov: 19. Six rows tie at 20 days, so only the
    receipt date and then the number (a blank number reads "baris N", sorted as text after the
    digits) decide which five of them are shown; "998", finished on 30 Nov, is not open. Received
    Wed 4 Nov at 16:00 with a 15:00 cut-off counts from Thu 5 Nov: 6, 9-13, 16-20, 23-27, 30 = 17."""
    rows = [
        sheet_row(REQUESTS, number="010", received=D(2026, 11, 2), name="A", information="x"),
        sheet_row(REQUESTS, number="002", received=D(2026, 11, 2), name="B", information="x"),
        sheet_row(REQUESTS, number=None, received=D(2026, 11, 2), name="C", information="x"),  # sheet row 4
        sheet_row(REQUESTS, number="001", received=D(2026, 11, 2), name="D", information="x"),
        sheet_row(REQUESTS, number=None, received=D(2026, 11, 2), name="E", information="x"),  # sheet row 6
        sheet_row(REQUESTS, number="003", received=D(2026, 11, 3), name="F", information="x"),
        sheet_row(REQUESTS, number="000", received=D(2026, 11, 3), name="G", information="x"),
        sheet_row(REQUESTS, number="999", received=D(2026, 11, 4), received_time=dt.time(16, 0), name="H",
                  information="x"),
        sheet_row(REQUESTS, number="998", received=D(2026, 11, 2), name="I", information="x",
                  notice_date=D(2026, 11, 30)),  # finished on the last day: not open
    ]
    snap = MemoryBackend({REQUESTS.name: [list(REQUESTS.headers), *rows]}).read()
    requests = read_requests(snap.table(REQUESTS.name))
    cal = WorkCalendar.build(CalendarOptions(cutoff=dt.time(15, 0)))
    f = compute_report(requests, [], cal, D(2026, 11, 1), D(2026, 11, 30), D(2026, 12, 1))
    assert f.pending_end == 8
    assert [(p.number, p.received, p.days_open) for p in f.oldest_pending] == [
        ("001", D(2026, 11, 2), 20), ("002", D(2026, 11, 2), 20), ("010", D(2026, 11, 2), 20),
        ("baris 4", D(2026, 11, 2), 20), ("baris 6", D(2026, 11, 2), 20),
    ]
    f = compute_report(requests[5:], [], cal, D(2026, 11, 1), D(2026, 11, 30), D(2026, 12, 1))
    assert [(p.number, p.days_open) for p in f.oldest_pending] == [("000", 19), ("003", 19), ("999", 17)]


# --- the report reads its fields from the tab's columns, without a record per row -----------------

def test_columns_read_from_the_tab_equal_the_records_and_give_the_same_figures(tmp_path, cal) -> None:
    """`ppid report` takes the fields it counts straight from the tab's columns
    (RequestColumns.from_table) instead of reading every row into a Request. On a real .xlsx of
    the seeded register plus rows typed the way a clerk types (yes/no in other spellings, a fee
    as text, a date that is not one, formula-like text, a number typed as a number, a blank
    row between rows), the columns equal those of the records, and so do the figures."""
    from automation.reports.figures import REPORT_FIELDS, RequestColumns
    from sheets.excel import ExcelBackend
    from tests.report_fixture import write_xlsx

    typed = [
        sheet_row(REQUESTS, number=" 900/PPID/2026 ", received="31-02-2026", channel="=HYPERLINK(\"x\")",
                  extended="ya", supervised="Y", fee="Rp 5.000", category="  ", name="A", information="x"),
        sheet_row(REQUESTS, number=901, received="03-11-2026", notice_date="10/11/2026", extended="TRUE",
                  supervised="1", fee="lima ribu", officer=" rina ", decision="Diterima ", name="B", information="x"),
        [None] * len(REQUESTS.headers),  # a blank row: skipped, the rows after keep their sheet numbers
        sheet_row(REQUESTS, number="902", received=D(2026, 11, 5), received_time="16.30", notice_date=D(2026, 11, 4),
                  extended=" Ya ", extension_notice_date="kemarin", name="C", information="x"),
    ]
    path = write_xlsx(tmp_path / "register.xlsx", {REQUESTS.name: [list(REQUESTS.headers),
                                                                   *_random_rows(700, seed=19), *typed]})
    table = ExcelBackend(path).read([REQUESTS.name]).table(REQUESTS.name)
    records = read_requests(table)
    columns = RequestColumns.from_table(table)
    assert columns == RequestColumns.of(records)
    assert len(columns) == 703 and columns.row[-2:] == [703, 705]  # header 1, rows 2-701, 702-703; blank 704
    assert columns.fee[-3:] == [5000, None, None] and columns.extended[-3:] == [True, True, True]
    assert columns.category[-3] == "Badan Publik" and columns.number[-2] == "901"
    for period in (Period.month(2026, 11), Period.month(2026, 3), Period.year(2026)):
        assert compute_report(columns, [], cal, period.start, period.end, D(2026, 12, 1)) == \
            compute_report(records, [], cal, period.start, period.end, D(2026, 12, 1))
        assert monthly_trend(columns, period.months()[-1]) == monthly_trend(records, period.months()[-1])
    assert set(REPORT_FIELDS) <= {f for f in Request.__dataclass_fields__}
