"""Report figures against a small register worked out by hand (tests/report_fixture.py).

Calendar: no holiday in October or November 2026 (official list), so every Mon-Fri counts.
Day 0 is the day of receipt; day n is the n-th working day after it.

November 2026, request by request (R = row of REQUEST_ROWS; sheet row = R + 1):

R1  rec Wed 21-10, notice Mon 02-11 Diterima, fee 15.000. Days: 22,23,26,27,28,29,30 Okt, 2 Nov = 8.
    Due (10 HK) = Wed 04-11 -> on time. Pending at start (received before 1 Nov, finished after).
R2  rec Mon 12-10, notice Fri 23-10 -> finished in October: not in November at all.
R3  rec Thu 29-10, lawful extension dated Tue 10-11, notice Tue 17-11 Ditolak Pasal 17 huruf h.
    Due: 30-10 (1), 2..6 Nov (2-6), 9,10,11,12 (7-10) -> Thu 12-11. Extended +7: 13,16,17,18,19,20,23
    -> Mon 23-11. 12-11 < 17-11 <= 23-11 -> on time with extension. Days: 12-11 is 10, 13 -> 11,
    16 -> 12, 17 -> 13 = 13. Pending at start.
R4  rec Mon 02-11, notice the same day, Diterima, fee 0, Badan Hukum, Website. Days 0 -> on time.
R5  rec Tue 03-11, notice Thu 19-11 Diterima Sebagian, fee 25.000, supervised, Kelompok Orang,
    WhatsApp. Due: 4,5,6,9,10,11,12,13,16,17 -> Tue 17-11; no extension -> late. Days: 17 is 10,
    18 -> 11, 19 -> 12 = 12.
R6  election track: rec Fri 06-11, notice Wed 11-11 Diterima. Due (3 HK): 9,10,11 -> Wed 11-11
    -> on time. Days 3.
R7  rec Sat 07-11 (rest day = day 0), notice Fri 20-11 Ditolak Belum Dikuasai. 9..13 (1-5),
    16..20 (6-10) -> due Fri 20-11 = notice -> on time. Days 10.
R8  rec Mon 09-11, lawful extension dated 20-11, notice Tue 01-12 -> finished in December.
    Pending at end of November; days open at 30-11: 10..13 (4), 16..20 (9), 23..27 (14), 30 (15).
R9  rec Wed 11-11, no notice -> pending at end; days open: 12,13 (2), 16..20 (7), 23..27 (12), 30 = 13.
R10 rec Fri 20-11, notice Mon 30-11 Ditolak Syarat Tidak Lengkap, supervised. 23..27 (5), 30 = 6
    -> on time (due Fri 04-12).
R11 rec Mon 30-11, no notice -> pending at end, 0 days open.
R12 rec Tue 01-12 -> December.
R13 rec Mon 26-10, no notice -> pending at start and end; days open at 30-11: 27..30 Okt (4),
    2..6 (9), 9..13 (14), 16..20 (19), 23..27 (24), 30 (25) = 25.
R14 December only (checked below across the Christmas holidays).
R15 no Tanggal Diterima -> left out of every figure, listed as skipped sheet row 16.
R16 rec Thu 12-11, notice Thu 26-11 Ditolak Belum Didokumentasikan, supervised, Surat.
    13 (1), 16..20 (2-6), 23,24,25,26 (7-10) -> due 26-11 = notice -> on time; days 10.

Received in November: R4 R5 R6 R7 R8 R9 R10 R11 R16 = 9.
Finished in November: R1 R3 R4 R5 R6 R7 R10 R16 = 8.  Pending start: R1 R3 R13 = 3.
Pending end: R8 R9 R11 R13 = 4 (= 3 + 9 - 8).
Working days of the 8 finished: 8, 13, 0, 12, 3, 10, 6, 10 -> sorted 0,3,6,8,10,10,12,13; sum 62,
mean 7.75, median (8 + 10) / 2 = 9, min 0, max 13; buckets 0-3: 2, 4-10: 4, 11-17: 2, >17: 0.

Objections (30 HK to answer; 3 on the election track, taken from the linked request):
O1 rec Mon 16-11 on R3 (ground a), answered Fri 27-11 (due far later) -> on time, Ditolak.
O2 rec Mon 26-10 on R2 (grounds d, f); due: Oct 27,28,29,30 = 4; November has 21 working days
   -> 25 at 30-11; Dec 1,2,3,4 (26-29), 7 (30) -> due Mon 07-12.
   Answered Wed 09-12 -> late, in December. At the end of November: pending.
O3 rec Wed 18-11 on R6 (election track, ground e): due 19,20,23 -> Mon 23-11; answered Tue 24-11
   -> late; Dikabulkan; to the Komisi Informasi on 27-11.
November: received 2 (O1, O3), answered 2 (O1 on time, O3 late), pending at end 1 (O2),
grounds a 1 and e 1, decisions Ditolak 1 and Dikabulkan 1, to the Komisi Informasi 1.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from automation.reports.figures import Period, compute_report, monthly_trend
from automation.reports.tab import report_tab
from automation.rules.calendar import WorkCalendar
from automation.rules.records import read_objections, read_requests
from sheets.layout import OBJECTIONS, REQUESTS
from sheets.memory import MemoryBackend
from tests.report_fixture import personal_strings, register_tabs

D = dt.date


# Function scope on purpose: mutation testing (bench/mutation.py) links a test to the code it runs,
# and a module-scoped result computed once would hide compute_report from every test but the first.
@pytest.fixture
def register():
    snap = MemoryBackend(register_tabs()).read()
    return read_requests(snap.table(REQUESTS.name)), read_objections(snap.table(OBJECTIONS.name))


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar.build()


@pytest.fixture
def november(register, cal):
    requests, objections = register
    return compute_report(requests, objections, cal, D(2026, 11, 1), D(2026, 11, 30), D(2026, 12, 1))


def test_received_and_breakdowns(november) -> None:
    f = november
    assert f.received == 9
    assert f.by_channel == {"Datang Langsung": 2, "Surat": 2, "Email": 2, "Telepon": 1, "Website/e-PPID": 1,
                            "WhatsApp": 1}
    assert f.by_requester_type == {"Perorangan": 7, "Kelompok Orang": 1, "Badan Hukum": 1}
    assert f.by_category == {"Badan Publik": 8, "Tahapan Pemilu/Pemilihan": 1}
    # R4 R6 R8 Rina; R5 R7 R16 Budi; R10 Sari; R9 R11 blank
    assert f.by_officer == {"Budi": 3, "Rina": 3, "Sari": 1, "Tidak diisi": 2}


def test_pending_and_finished(november) -> None:
    f = november
    assert (f.pending_start, f.finished, f.pending_end) == (3, 8, 4)
    assert f.pending_end == f.pending_start + f.received - f.finished
    assert f.skipped == (16,)


def test_decisions_and_reasons(november) -> None:
    f = november
    assert (f.granted, f.granted_partly, f.refused, f.decision_missing) == (3, 1, 4, 0)
    nonzero = {k: v for k, v in f.refused_by_reason.items() if v}
    assert nonzero == {"pasal17_h": 1, "not_held": 1, "not_documented": 1, "incomplete_requirements": 1}
    assert set(f.refused_by_reason) >= {f"pasal17_{c}" for c in "abcdefghij"}


def test_timeliness_and_extensions(november) -> None:
    f = november
    assert (f.on_time, f.on_time_extended, f.late) == (6, 1, 1)
    assert f.on_time + f.on_time_extended + f.late == f.finished
    assert f.extended == 1  # R3 (R8's extension counts in December, when it is finished)


def test_working_day_statistics(november) -> None:
    assert november.days_taken == (0, 3, 6, 8, 10, 10, 12, 13)
    assert november.working_days == {
        "mean": 7.75, "median": 9, "min": 0, "max": 13, "count": 8,
        "buckets": {"0-3": 2, "4-10": 4, "11-17": 2, ">17": 0},
    }


def test_oldest_pending(november) -> None:
    got = [(p.number, p.received, p.days_open) for p in november.oldest_pending]
    assert got == [
        ("013/PPID/2026", D(2026, 10, 26), 25),
        ("008/PPID/2026", D(2026, 11, 9), 15),
        ("009/PPID/2026", D(2026, 11, 11), 13),
        ("011/PPID/2026", D(2026, 11, 30), 0),
    ]


def test_fees_and_supervision(november) -> None:
    assert november.fees_total == 40000  # R1 15.000 + R5 25.000 (+ R4 0)
    assert november.supervised == 3  # R5 R10 R16
    assert november.supervised_share == 0.375


def test_objections(november) -> None:
    o = november.objections
    assert (o.received, o.answered, o.on_time, o.late, o.pending_end, o.to_commission) == (2, 2, 1, 1, 1, 1)
    assert o.by_ground == {"a": 1, "b": 0, "c": 0, "d": 0, "e": 1, "f": 0, "g": 0}
    assert o.by_decision == {"Dikabulkan": 1, "Dikabulkan Sebagian": 0, "Ditolak": 1}


def test_december_across_christmas(register, cal) -> None:
    """December: R8 finished (lawful extension: due Mon 23-11, extended to Wed 02-12; notice
    Tue 01-12 -> on time with extension, 16 days: 23-11 is day 10, then 24,25,26,27,30, 1-12);
    R14 rec Thu 17-12, notice Tue 29-12: 18 (1), 21,22,23 (2-4), 24 and 25 off, 28 (5), 29 (6)
    -> 6 days, on time. Received: R12 (01-12) and R14 = 2. O2 answered late (due 07-12)."""
    requests, objections = register
    f = compute_report(requests, objections, cal, D(2026, 12, 1), D(2026, 12, 31), D(2027, 1, 4))
    assert (f.received, f.finished, f.pending_start, f.pending_end) == (2, 2, 4, 4)
    assert (f.on_time, f.on_time_extended, f.late, f.extended) == (1, 1, 0, 1)
    assert f.days_taken == (6, 16)
    assert (f.objections.answered, f.objections.on_time, f.objections.late) == (1, 0, 1)
    assert f.objections.by_decision["Dikabulkan Sebagian"] == 1


def test_json_has_the_stable_keys(november) -> None:
    data = json.loads(november.to_json())
    assert set(data) == {
        "period", "generated", "received", "by_channel", "by_requester_type", "by_category", "by_officer",
        "pending_start", "finished", "pending_end", "granted", "granted_partly", "refused", "refused_by_reason",
        "decision_missing", "on_time", "on_time_extended", "late", "extended", "working_days", "oldest_pending",
        "objections", "fees_total", "supervised", "supervised_share", "skipped_rows", "uncertain_years"}
    assert data["period"] == {"start": "2026-11-01", "end": "2026-11-30", "kind": "month", "key": "2026-11"}
    assert data["generated"] == "2026-12-01" and data["by_officer"] == {"Budi": 3, "Rina": 3, "Sari": 1, "Tidak diisi": 2}
    assert (data["supervised_share"], data["skipped_rows"], data["uncertain_years"]) == (0.375, [16], [])
    # the four pending at the end (test_oldest_pending): R13 25 days, R8 15, R9 13, R11 0
    assert [(p["received"], p["days_open"]) for p in data["oldest_pending"]] == [
        ("2026-10-26", 25), ("2026-11-09", 15), ("2026-11-11", 13), ("2026-11-30", 0)]
    assert (data["objections"]["late"], data["objections"]["pending_end"]) == (1, 1)
    assert set(data["working_days"]) >= {"mean", "median", "min", "max"}
    assert set(data["objections"]) >= {"received", "answered", "on_time", "pending_end", "by_ground", "to_commission"}


def test_no_personal_data_in_json_or_tab(register, november) -> None:
    requests, _ = register
    tab = report_tab(november, monthly_trend(requests, Period.month(2026, 11)))
    text = november.to_json() + "\n" + "\n".join(str(c) for row in tab.rows for c in row if c is not None)
    for value in personal_strings():
        assert value not in text, value
    assert "150301" not in text and "0812777" not in text and "Kenanga" not in text


def test_tab_layout_and_charts(register, november) -> None:
    requests, _ = register
    trend = monthly_trend(requests, Period.month(2026, 11))
    assert trend[-2:] == [("Okt 2026", 4, 1), ("Nov 2026", 9, 8)]  # Okt: R1 R2 R3 R13 received, R2 finished
    assert len(trend) == 12 and trend[0][0] == "Des 2025"
    tab = report_tab(november, trend)
    assert tab.name == "Laporan 2026-11"
    assert [c.kind for c in tab.charts] == ["column", "pie", "column", "line"]
    width = len(tab.rows[0])
    for chart in tab.charts:
        assert 0 <= chart.header_row < chart.first_row <= chart.last_row < len(tab.rows)
        assert all(isinstance(tab.rows[r][s], int) for r in range(chart.first_row, chart.last_row + 1)
                   for s in chart.series_cols)
        assert chart.anchor[1] >= width  # charts sit to the right of the tables
    channel = tab.charts[0]
    assert [tab.rows[r][0] for r in range(channel.first_row, channel.last_row + 1)][:2] == ["Datang Langsung", "Surat"]
    assert Period.year(2026).tab_name == "Laporan Tahunan 2026"


def test_period_helpers() -> None:
    assert Period.previous_month(D(2027, 1, 4)) == Period.month(2026, 12)
    assert Period.month(2026, 2).end == D(2026, 2, 28)
    assert len(Period.year(2026).months()) == 12


def test_unlawful_extension_does_not_make_a_late_answer_on_time(cal) -> None:
    """Guards the timeliness count: only a lawful extension moves the deadline in force.
    Both rows: received Thu 29-10-2026, due Thu 12-11 (10 HK: 30-10, 2..6, 9..12 Nov), extended
    limit Mon 23-11 (13, 16..20, 23), notice Tue 17-11. Row 2's extension notice is dated Tue 10-11
    (lawful): on time with extension. Row 3's is dated Fri 13-11, after day 10: unlawful, so the
    deadline stays 12-11 and the answer of 17-11 is late. Row 4 has no extension reason: unlawful too."""
    from tests.register_factory import DECIDED, backend, request

    ext = {**DECIDED, "received": D(2026, 10, 29), "notice_date": D(2026, 11, 17), "extended": "Ya",
           "extension_reason": "Informasi belum dikuasai/belum didokumentasikan"}
    snap = backend(
        request(**ext, number="001/PPID/X/2026", extension_notice_date=D(2026, 11, 10)),
        request(**ext, number="002/PPID/X/2026", extension_notice_date=D(2026, 11, 13), name="Budi"),
        request(**{**ext, "extension_reason": None}, number="003/PPID/X/2026",
                extension_notice_date=D(2026, 11, 10), name="Citra"),
    ).read()
    f = compute_report(read_requests(snap.table(REQUESTS.name)), [], cal, D(2026, 11, 1), D(2026, 11, 30),
                       D(2026, 12, 1))
    assert (f.finished, f.on_time, f.on_time_extended, f.late, f.extended) == (3, 0, 1, 2, 3)


def test_reason_period_and_config_reach_the_figures(register, cal) -> None:
    """Written against mutants that survived bench/mutation.py in figures.py."""
    import dataclasses

    from automation.rules.config import default_config
    from tests.register_factory import DECIDED, backend, request

    assert (Period.month(2026, 11).kind, Period.month(2026, 11).key) == ("month", "2026-11")
    assert (Period.year(2026).kind, Period.year(2026).key) == ("year", "2026")
    # R6 (election track) was answered Wed 11-11 on day 3 of 3. With 2 election days configured its
    # deadline is Tue 10-11: late. November then has 5 on time, 1 with extension, 2 late.
    requests, objections = register
    cfg = default_config()
    cfg = dataclasses.replace(cfg, deadlines=dataclasses.replace(cfg.deadlines, election_notice_days=2))
    f = compute_report(requests, objections, cal, D(2026, 11, 1), D(2026, 11, 30), D(2026, 12, 1), config=cfg)
    assert (f.on_time, f.on_time_extended, f.late) == (5, 1, 2)
    # a refusal whose reason is not on the list counts as "unspecified"; a pending row dated after
    # "today" (a typing slip) has been open 0 days, not 1
    snap = backend(
        request(**{**DECIDED, "decision": "Ditolak", "refusal_reason": "Alasan lain sekali",
                   "notice_date": D(2026, 11, 5)}, received=D(2026, 11, 2), number="001/PPID/XI/2026"),
        request(received=D(2026, 11, 25), number="002/PPID/XI/2026", name="Budi"),
    ).read()
    f = compute_report(read_requests(snap.table(REQUESTS.name)), [], cal, D(2026, 11, 1), D(2026, 11, 30),
                       D(2026, 11, 20))
    assert f.refused == 1 and f.refused_by_reason["unspecified"] == 1
    assert [(p.number, p.days_open) for p in f.oldest_pending] == [("002/PPID/XI/2026", 0)]
