"""The twelve monthly reports of a year add up to the annual report."""

from __future__ import annotations

import datetime as dt
import random

from automation.reports.figures import Period, compute_report, monthly_trend
from automation.reports.tab import report_tab
from automation.rules.calendar import WorkCalendar
from automation.rules.records import read_objections, read_requests
from sheets.layout import CHOICES, OBJECTIONS, REQUESTS
from sheets.memory import table_from_grid
from tests.report_fixture import sheet_row

D = dt.date


def _register(seed: int = 7):
    """~300 requests from Nov 2025 to Dec 2026 (some answered in 2027, some never), objections."""
    rng = random.Random(seed)
    requests, objections = [], []
    day = D(2025, 11, 1)
    n = 0
    while day <= D(2026, 12, 31):
        for _ in range(rng.choice((0, 0, 1, 1, 2))):
            n += 1
            election = rng.random() < 0.15
            extended = rng.random() < 0.2
            decision = rng.choice(("Diterima", "Diterima", "Diterima Sebagian", "Ditolak", ""))
            taken = rng.choice((0, 1, 2, 5, 9, 10, 12, 15, 18, 25, 40))
            notice = day + dt.timedelta(days=taken) if rng.random() < 0.9 else None
            requests.append(sheet_row(
                REQUESTS, number=f"{n:04d}", received=day, channel=rng.choice(CHOICES["Kanal Permohonan"] + ("",)),
                category=CHOICES["Kategori Informasi"][election], requester_type=rng.choice(CHOICES["Jenis Pemohon"]),
                name=f"Pemohon {n}", officer=rng.choice(("Rina", "Budi", "")), decision=decision if notice else "",
                refusal_reason=rng.choice(CHOICES["Alasan Penolakan"]) if decision == "Ditolak" else None,
                extended="Ya" if extended else None,
                extension_reason=CHOICES["Alasan Perpanjangan"][0] if extended else None,
                extension_notice_date=day + dt.timedelta(days=rng.choice((3, 20))) if extended else None,
                notice_date=notice, fee=rng.choice((None, 0, 5000, 20000)) if notice else None,
                supervised="Ya" if notice and rng.random() < 0.5 else None,
            ))
            if notice and rng.random() < 0.15:
                received = notice + dt.timedelta(days=rng.choice((1, 5, 20)))
                answered = received + dt.timedelta(days=rng.choice((2, 10, 40, 60))) if rng.random() < 0.8 else None
                grounds = {f"ground_{g}": "Ya" for g in rng.sample("abcdefg", rng.choice((1, 2)))}
                objections.append(sheet_row(
                    OBJECTIONS, number=f"K{n}", received=received, request_number=f"{n:04d}", name=f"Pemohon {n}",
                    answer_date=answered, decision=rng.choice(CHOICES["Keputusan Atasan PPID"]) if answered else None,
                    to_commission="Ya" if answered and rng.random() < 0.3 else None,
                    commission_date=answered + dt.timedelta(days=3) if answered and rng.random() < 0.5 else None,
                    **grounds,
                ))
        day += dt.timedelta(days=1)
    reqs = read_requests(table_from_grid(REQUESTS.name, [list(REQUESTS.headers), *requests]))
    objs = read_objections(table_from_grid(OBJECTIONS.name, [list(OBJECTIONS.headers), *objections]))
    return reqs, objs


ADDITIVE = ("received", "finished", "granted", "granted_partly", "refused", "decision_missing", "on_time",
            "on_time_extended", "late", "extended", "fees_total", "supervised")
ADDITIVE_DICTS = ("by_channel", "by_requester_type", "by_category", "by_officer", "refused_by_reason")
ADDITIVE_OBJECTIONS = ("received", "answered", "on_time", "late", "to_commission")


def _sum_dicts(dicts):
    out: dict = {}
    for d in dicts:
        for k, v in d.items():
            out[k] = out.get(k, 0) + v
    return out


def test_twelve_months_add_up_to_the_year() -> None:
    requests, objections = _register()
    assert len(requests) > 250 and len(objections) > 20
    cal = WorkCalendar.build()
    today = D(2027, 3, 1)
    year = compute_report(requests, objections, cal, D(2026, 1, 1), D(2026, 12, 31), today)
    months = [compute_report(requests, objections, cal, p.start, p.end, today) for p in Period.year(2026).months()]
    assert year.period.kind == "year" and all(m.period.kind == "month" for m in months)
    assert year.finished > 200 and year.late > 0 and year.on_time_extended > 0 and year.refused > 0

    for name in ADDITIVE:
        assert getattr(year, name) == sum(getattr(m, name) for m in months), name
    for name in ADDITIVE_DICTS:
        assert getattr(year, name) == _sum_dicts(getattr(m, name) for m in months), name
    assert year.working_days["buckets"] == _sum_dicts(m.working_days["buckets"] for m in months)
    assert year.working_days["count"] == sum(m.working_days["count"] for m in months)
    for name in ADDITIVE_OBJECTIONS:
        assert getattr(year.objections, name) == sum(getattr(m.objections, name) for m in months), name
    assert year.objections.by_ground == _sum_dicts(m.objections.by_ground for m in months)
    assert year.objections.by_decision == _sum_dicts(m.objections.by_decision for m in months)

    # Not additive: the year recomputes from the rows; min/max agree with the months'.
    assert year.working_days["min"] == min(m.working_days["min"] for m in months if m.days_taken)
    assert year.working_days["max"] == max(m.working_days["max"] for m in months if m.days_taken)
    assert sorted(year.days_taken) == sorted(d for m in months for d in m.days_taken)
    # Stocks: the year starts with January's pending and ends with December's.
    assert year.pending_start == months[0].pending_start
    assert year.pending_end == months[-1].pending_end
    assert year.objections.pending_end == months[-1].objections.pending_end
    for a, b in zip(months, months[1:]):
        assert b.pending_start == a.pending_end
    for m in months:
        assert m.pending_end == m.pending_start + m.received - m.finished


def test_annual_tab_name_and_title() -> None:
    requests, objections = _register(3)
    year = compute_report(requests, objections, WorkCalendar.build(), D(2026, 1, 1), D(2026, 12, 31), D(2027, 1, 5))
    tab = report_tab(year, monthly_trend(requests, Period.month(2026, 12)))
    assert tab.name == "Laporan Tahunan 2026"
    assert tab.rows[0][0] == "Laporan Tahunan Layanan Informasi Publik Tahun 2026"
