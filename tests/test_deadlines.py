"""Statutory deadlines: rules as data, whole-column computation, Jejak Perhitungan.

Expected dates are counted by hand on the official 2024-2026 calendar (2027 on the
holidays package's estimate, which the tests say where it matters).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pytest

from automation.rules.calendar import CalendarOptions, LocalDay, WorkCalendar
from automation.rules.deadlines import (
    BADAN_PUBLIK_RULES,
    DEFAULT_RULES,
    TRACK_PEMILU,
    DeadlineRules,
    calendar_finding,
    compute_deadlines,
    due_chain,
    election_rules,
    explain,
    format_moved,
    moved_due_dates,
    trace_column,
)
from automation.rules.objection_deadlines import objection_deadlines, objection_filing_due

D = dt.date.fromisoformat
YEARS = range(2020, 2031)


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar.build(years=YEARS)


def test_rules_name_their_articles() -> None:
    bp = BADAN_PUBLIK_RULES
    assert (bp.notice.working_days, bp.notice.source) == (10, "UU 14/2008 Pasal 22 ayat (7)")
    assert (bp.extension.working_days, bp.extension.source) == (7, "UU 14/2008 Pasal 22 ayat (8)")
    assert (bp.objection_filing.working_days, bp.objection_filing.source) == (30, "UU 14/2008 Pasal 36 ayat (1)")
    assert (bp.objection_answer.working_days, bp.objection_answer.source) == (30, "UU 14/2008 Pasal 36 ayat (2)")
    assert (bp.commission.working_days, bp.commission.source) == (14, "UU 14/2008 Pasal 37 ayat (2)")
    pe = DEFAULT_RULES.pemilu
    assert pe.track == TRACK_PEMILU
    assert (pe.notice.working_days, pe.extension.working_days, pe.objection_answer.working_days) == (3, 2, 3)
    assert all(r.source.startswith("Perki 1/2019") for r in (pe.notice, pe.extension, pe.objection_answer))
    assert all(r.source and r.starts and r.label for r in bp.rules())
    custom = election_rules(notice=5, extension=3, objection_answer=4)
    assert (custom.notice.working_days, custom.extension.working_days) == (5, 3)


# Register used by the column tests: today is Mon 14-12-2026 unless said otherwise.
TODAY = D("2026-12-14")


def _compute(cal: WorkCalendar, rows: list[dict], today: dt.date = TODAY, rules: DeadlineRules = DEFAULT_RULES):
    def col(key, default=None):
        return [r.get(key, default) for r in rows]

    return compute_deadlines(
        col("received"),
        cal=cal,
        today=today,
        received_times=col("at"),
        election=col("election", False),
        extended=col("extended", False),
        extension_dates=col("ext_date"),
        extension_reasons=col("reason"),
        extension_counts=col("count", 1),
        notice_dates=col("notice"),
        rules=rules,
    )


def test_open_request_remaining_days(cal: WorkCalendar) -> None:
    rows = [{"received": D("2026-11-27")}]
    # Wed 09-12: due Fri 11-12 is 2 working days away (10th, 11th).
    r = _compute(cal, rows, today=D("2026-12-09")).row(0)
    assert (r["due"], r["remaining"], r["late"]) == (D("2026-12-11"), 2, False)
    assert r["due_extended"] is None and r["extension_lawful"] is None and r["taken"] is None
    assert r["objection_due"] is None  # no notice yet, deadline not missed yet
    # Due today: 0, not late.
    r = _compute(cal, rows, today=D("2026-12-11")).row(0)
    assert (r["remaining"], r["late"]) == (0, False)
    # Saturday after a Friday deadline: no working day lost yet, but late.
    r = _compute(cal, rows, today=D("2026-12-12")).row(0)
    assert (r["remaining"], r["late"]) == (0, True)
    # Mon 14-12: late by 1 working day; objection may be filed until 30 HK after 11-12
    # (24, 25 Dec; 1 Jan; 5 Jan 2027 Isra Mikraj estimated) = Thu 28-01-2027.
    r = _compute(cal, rows).row(0)
    assert (r["remaining"], r["late"], r["objection_due"]) == (-1, True, D("2027-01-28"))
    assert r["uncertain"] is False


def test_finished_request_taken_and_objection(cal: WorkCalendar) -> None:
    rows = [
        {"received": D("2026-11-27"), "notice": D("2026-12-08")},  # day 7
        {"received": D("2026-11-28"), "notice": D("2026-12-15")},  # Sat receipt, answered on day 12
        {"received": D("2026-11-27"), "notice": D("2026-11-27")},  # answered on the spot
    ]
    c = _compute(cal, rows)
    r0, r1, r2 = c.row(0), c.row(1), c.row(2)
    assert (r0["taken"], r0["remaining"], r0["late"], r0["answered_late"]) == (7, None, False, False)
    # 30 HK after Tue 08-12-2026, skipping 24, 25 Dec, 1 Jan and 5 Jan 2027 (estimated) = Mon 25-01-2027.
    assert r0["objection_due"] == D("2027-01-25")
    assert (r1["taken"], r1["answered_late"]) == (12, True)
    assert r2["taken"] == 0


def test_extension_lawful_and_not(cal: WorkCalendar) -> None:
    reason = "informasi belum didokumentasikan"
    rows = [
        {"received": D("2026-11-27"), "extended": True, "ext_date": D("2026-12-10"), "reason": reason},
        {"received": D("2026-11-27"), "extended": True, "ext_date": D("2026-12-11"), "reason": reason},  # day 10
        {"received": D("2026-11-27"), "extended": True, "ext_date": D("2026-12-14"), "reason": reason},  # day 11
        {"received": D("2026-11-27"), "extended": True},
        {"received": D("2026-11-27"), "extended": True, "ext_date": D("2026-12-01"), "reason": reason, "count": 2},
    ]
    c = _compute(cal, rows)
    ok = c.row(0)
    # Extended limit: 7 HK after Fri 11-12 = Tue 22-12; from Mon 14-12, 6 working days left.
    assert (ok["due"], ok["due_extended"], ok["deadline"]) == (D("2026-12-11"), D("2026-12-22"), D("2026-12-22"))
    assert (ok["extension_lawful"], ok["extension_problem"], ok["remaining"], ok["late"]) == (True, "", 6, False)
    assert c.row(1)["extension_lawful"] is True
    late = c.row(2)
    assert late["extension_lawful"] is False
    assert "14-12-2026" in late["extension_problem"] and "hari ke-10" in late["extension_problem"]
    assert late["due_extended"] == D("2026-12-22")
    assert (late["deadline"], late["late"], late["remaining"]) == (D("2026-12-11"), True, -1)
    empty = c.row(3)
    assert empty["extension_lawful"] is False
    assert "tanggal pemberitahuan perpanjangan kosong" in empty["extension_problem"]
    assert "alasan perpanjangan tidak diisi" in empty["extension_problem"]
    twice = c.row(4)
    assert twice["extension_lawful"] is False and "hanya boleh satu kali" in twice["extension_problem"]


def test_election_track_and_cutoff_and_empty_rows() -> None:
    cal = WorkCalendar.build(CalendarOptions(cutoff=dt.time(15, 0)), years=YEARS)
    rows = [
        {"received": D("2026-11-27"), "election": True},  # Mon 30, Tue 1, Wed 2
        {"received": D("2026-11-27"), "election": True, "extended": True, "ext_date": D("2026-12-01"), "reason": "x"},
        {"received": D("2024-02-13"), "election": True},  # 14-02-2024 election day off
        {"received": D("2026-11-30"), "at": dt.time(15, 30)},  # counts from Tue 01-12
        {"received": None},
    ]
    c = _compute(cal, rows, today=D("2026-12-01"))
    assert c.row(0)["due"] == D("2026-12-02")
    assert c.row(1)["due_extended"] == D("2026-12-04")
    assert c.row(2)["due"] == D("2024-02-19")
    assert c.row(3)["effective_receipt"] == D("2026-12-01")
    assert c.row(3)["due"] == D("2026-12-15")
    empty = c.row(4)
    assert empty["due"] is None and empty["remaining"] is None and empty["late"] is False


def test_uncertain_year_flag(cal: WorkCalendar) -> None:
    c = _compute(cal, [{"received": D("2026-11-27")}, {"received": D("2026-12-22")}], today=D("2026-12-22"))
    assert [c.row(0)["uncertain"], c.row(1)["uncertain"]] == [False, True]


def test_numpy_arrays_in(cal: WorkCalendar) -> None:
    received = np.array(["2024-04-01", "2024-12-20", "2026-05-11"], dtype="datetime64[D]")
    c = compute_deadlines(received, cal=cal, today=D("2024-01-01"), extended=np.ones(3, bool))
    # Counted on the official calendar:
    # Mon 01-04-2024: 2,3,4,5 (skip 8-12, 15 Idul Fitri), 16,17,18,19,22,23 -> Tue 23-04;
    #   +7: 24,25,26,29,30 (skip 1 May), 2,3 -> Fri 03-05.
    # Fri 20-12-2024: 23,24 (skip 25, 26 Natal), 27,30,31 (skip 1 Jan), 2,3,6,7,8 -> Wed 08-01-2025;
    #   +7: 9,10,13,14,15,16,17 -> Fri 17-01.
    # Mon 11-05-2026: 12,13 (skip 14, 15 Kenaikan), 18-22, 25,26 (skip 27, 28 Idul Adha), 29 -> Fri 29-05;
    #   +7: (skip 1 Jun Pancasila) 2,3,4,5,8,9,10 -> Wed 10-06.
    assert [str(x) for x in c.due] == ["2024-04-23", "2025-01-08", "2026-05-29"]
    assert [str(x) for x in c.due_extended] == ["2024-05-03", "2025-01-17", "2026-06-10"]
    assert len(c) == 3


def test_objection_deadlines(cal: WorkCalendar) -> None:
    # Registered Mon 02-03-2026: 30 HK skipping 18-24 March (Nyepi, Lebaran) and 3 April = Tue 21-04-2026.
    got = objection_deadlines(D("2026-03-02"), D("2026-04-21"), cal=cal)
    # Answer received Tue 21-04-2026: 14 HK skipping 1 May = Tue 12-05-2026.
    assert got == {"answer_due": D("2026-04-21"), "commission_due": D("2026-05-12")}
    assert objection_deadlines(D("2026-03-02"), cal=cal, election=True) == {
        "answer_due": D("2026-03-05"),
        "commission_due": None,
    }
    arr = objection_deadlines(
        np.array(["2026-03-02", "2026-03-02"], dtype="datetime64[D]"), cal=cal, election=np.array([False, True])
    )
    assert [str(x) for x in arr["answer_due"]] == ["2026-04-21", "2026-03-05"]
    assert objection_filing_due(D("2026-03-02"), cal) == D("2026-04-21")


def test_trace_plain(cal: WorkCalendar) -> None:
    assert explain(D("2026-11-27"), cal) == (
        "Diterima Jum 27-11-2026 -> hari ke-1 Sen 30-11 -> jatuh tempo Jum 11-12-2026 (10 HK)"
    )
    assert explain(D("2026-11-28"), cal) == (
        "Diterima Sab 28-11-2026 (bukan hari kerja) -> hari ke-1 Sen 30-11 -> jatuh tempo Jum 11-12-2026 (10 HK)"
    )


def test_trace_names_skipped_holidays_with_decree(cal: WorkCalendar) -> None:
    assert explain(D("2026-12-11"), cal) == (
        "Diterima Jum 11-12-2026 -> hari ke-1 Sen 14-12 -> jatuh tempo Sel 29-12-2026 (10 HK); "
        "dilewati: Kam 24-12-2026 cuti bersama Natal, Jum 25-12-2026 libur nasional Natal "
        "(SKB 1497/2025, 2/2025, 5/2025)"
    )
    election = explain(D("2024-02-13"), cal, election=True, extended=True)
    assert "jatuh tempo Sen 19-02-2024 (3 HK) -> perpanjangan Rab 21-02-2024 (+2 HK)" in election
    assert "Rab 14-02-2024 libur nasional Hari pemungutan suara Pemilu 2024 (Keppres 10/2024)" in election
    on_holiday = explain(D("2024-04-10"), cal)
    assert on_holiday.startswith("Diterima Rab 10-04-2024 (libur nasional Idul Fitri 1445 H) -> hari ke-1 Sel 16-04")


def test_trace_estimated_year_local_day_and_cutoff() -> None:
    local = [
        LocalDay(D("2026-12-03"), True, "Rapat pleno", "Nota dinas 12/2026"),
        LocalDay(D("2026-12-05"), False, "Tahapan pemilihan"),
    ]
    cal = WorkCalendar.build(CalendarOptions(cutoff=dt.time(15, 0)), local=local, years=YEARS)
    text = explain(D("2026-11-27"), cal, at=dt.time(16, 0))
    assert "Diterima Jum 27-11-2026 pukul 16:00 -> setelah batas jam 15:00, dihitung diterima Sen 30-11-2026" in text
    assert "Kam 03-12-2026 libur lokal Rapat pleno (Nota dinas 12/2026)" in text
    assert "masuk kerja: Sab 05-12-2026 (Tahapan pemilihan)" in text
    # From Mon 30-11 with 03-12 closed and 05-12 worked: 1,2,4,5,7,8,9,10,11,14 -> Mon 14-12.
    assert "jatuh tempo Sen 14-12-2026 (10 HK)" in text
    assert explain(D("2026-12-22"), cal).endswith("kalender 2027 masih perkiraan")
    assert trace_column([D("2026-11-27"), None], cal) == [explain(D("2026-11-27"), cal), ""]


def test_due_chain_for_cli(cal: WorkCalendar) -> None:
    chain = due_chain(D("2026-11-28"), "badan-publik", cal)
    assert (chain["received"], chain["due"], chain["due_extended"]) == ("2026-11-28", "2026-12-11", "2026-12-22")
    assert chain["steps"][0]["source"] == "UU 14/2008 Pasal 22 ayat (7)"
    assert chain["trace"].startswith("Diterima Sab 28-11-2026")
    pemilu = due_chain(D("2026-11-28"), "pemilu", cal)
    assert (pemilu["due"], pemilu["due_extended"]) == ("2026-12-02", "2026-12-04")
    year_end = due_chain(D("2026-12-11"), "badan-publik", cal)
    assert year_end["uncertain_years"] == [2027] and year_end["warnings"] == ["kalender 2027 masih perkiraan"]
    assert [s["date"] for s in year_end["skipped"]][:2] == ["2026-12-24", "2026-12-25"]
    with pytest.raises(ValueError):
        due_chain(D("2026-11-28"), "lainnya", cal)


def test_calendar_change_moves_due_dates() -> None:
    keys = ["001/PPID/2026", "002/PPID/2026", "003/PPID/2026"]
    received = [D("2026-11-27"), D("2026-12-04"), D("2026-11-20")]
    before = WorkCalendar.build(years=YEARS)
    after = WorkCalendar.build(local=[LocalDay(D("2026-12-03"), True, "Rapat pleno")], years=YEARS)
    old = {k: d.item() for k, d in zip(keys, compute_deadlines(received, cal=before, today=TODAY).due)}
    new = {k: d.item() for k, d in zip(keys, compute_deadlines(received, cal=after, today=TODAY).due)}
    # 001: closure on its day 4 -> one day later. 002: received after the closure -> unchanged.
    # 003: received Fri 20-11, due Fri 04-12 -> Mon 07-12.
    moves = moved_due_dates(old, new)
    assert moves == [
        ("001/PPID/2026", D("2026-12-11"), D("2026-12-14")),
        ("003/PPID/2026", D("2026-12-04"), D("2026-12-07")),
    ]
    assert format_moved(moves) == [
        "Batas waktu berubah: 001/PPID/2026 11-12-2026 -> 14-12-2026",
        "Batas waktu berubah: 003/PPID/2026 04-12-2026 -> 07-12-2026",
    ]
    assert moved_due_dates({"a": None}, {"a": D("2026-12-01"), "b": None}) == [("a", None, D("2026-12-01"))]
    assert format_moved([("a", None, D("2026-12-01"))]) == ["Batas waktu berubah: a - -> 01-12-2026"]


def test_estimated_calendar_warning_finding(cal: WorkCalendar) -> None:
    assert calendar_finding(cal, D("2026-11-27"), D("2026-12-22"), "Permohonan", 5) is None
    f = calendar_finding(cal, D("2026-12-22"), D("2027-01-19"), "Permohonan", 7)
    assert f is not None and (f.code, f.severity, f.row) == ("KAL-001", "warning", 7)
    assert "kalender 2027 masih perkiraan" in f.message and f.message.startswith('Baris 7, kolom "Batas Waktu"')


# --- written against mutants that survived bench/mutation.py ------------------------------------

def test_extension_problems_are_named_and_joined(cal: WorkCalendar) -> None:
    # received Mon 11-05-2026: due Fri 29-05 (tests/test_flags.py counts it). Row 0: extended with no
    # notice date and no reason; row 1: notice Tue 02-06 (after day 10) and recorded twice.
    # Row 2 is not extended: no problem text, lawfulness None.
    cols = compute_deadlines(
        [D("2026-05-11"), D("2026-05-11"), D("2026-05-11")], cal=cal, today=D("2026-06-03"),
        extended=[True, True, False], extension_dates=[None, D("2026-06-02"), None],
        extension_reasons=["", "Informasi belum dikuasai/belum didokumentasikan", None], extension_counts=[1, 2, 0])
    assert cols.extension_problem == [
        "tanggal pemberitahuan perpanjangan kosong; alasan perpanjangan tidak diisi",
        "pemberitahuan perpanjangan bertanggal 02-06-2026, sesudah hari ke-10 (29-05-2026); "
        "perpanjangan dicatat 2 kali, hanya boleh satu kali",
        "",
    ]
    assert list(cols.extension_lawful) == [False, False, None]


def test_days_taken_only_for_answered_rows(cal: WorkCalendar) -> None:
    # Row 0 answered Fri 29-05 (day 10), row 1 open, row 2 answered but with no receipt date.
    cols = compute_deadlines([D("2026-05-11"), D("2026-05-11"), None], cal=cal, today=D("2026-05-20"),
                             notice_dates=[D("2026-05-29"), None, D("2026-05-29")])
    assert [cols.row(i)["taken"] for i in range(3)] == [10, None, None]
    # open on Wed 20-05: Thu 21, Fri 22, Mon 25, Tue 26, Fri 29 left = 5 (27, 28 are days off)
    assert [cols.row(i)["remaining"] for i in range(3)] == [None, 5, None]


def test_calendar_finding_names_the_tab_and_every_uncertain_year(cal: WorkCalendar) -> None:
    # received Wed 15-12-2027, last deadline in January 2028: both years are the package's estimate
    f = calendar_finding(cal, D("2027-12-15"), D("2028-01-12"), "Register Permohonan", 7)
    assert f is not None and (f.code, f.tab, f.row, f.header) == ("KAL-001", "Register Permohonan", 7, "Batas Waktu")
    assert "kalender 2027 masih perkiraan, kalender 2028 masih perkiraan;" in f.message
    assert calendar_finding(cal, D("2026-11-02"), D("2026-11-27"), "Register Permohonan", 7) is None


def test_no_deadline_past_the_last_countable_day(cal: WorkCalendar) -> None:
    # The calendar counts up to Fri 31-12-2100 (calendar.BAND_END). Received Fri 17-12-2100:
    # 20..24 (1-5), 27..31 (6-10) -> due Fri 31-12-2100, the last countable day itself; its +7 and a
    # receipt on Mon 20-12-2100 (due in 2101) have no deadline, as for an empty receipt date.
    cols = compute_deadlines([D("2100-12-17"), D("2100-12-20")], cal=cal, today=D("2100-12-20"),
                             extended=[True, False], extension_dates=[D("2100-12-20"), None],
                             extension_reasons=["Informasi belum dikuasai/belum didokumentasikan", None])
    assert (cols.row(0)["due"], cols.row(0)["due_extended"]) == (D("2100-12-31"), None)
    assert cols.row(1)["due"] is None and cols.row(1)["remaining"] is None


def test_the_objection_window_follows_each_track(cal: WorkCalendar) -> None:
    # A configuration may give the election track its own objection window: 5 HK here. Both rows
    # answered Fri 29-05-2026: [Mon 01-06 off] 2, 3, 4, 5, 8 -> Mon 08-06 (election); 30 HK -> Tue
    # 14-07 (badan publik; counted in tests/test_flags.py).
    import dataclasses

    from automation.rules.deadlines import DeadlineRule

    f = DEFAULT_RULES.pemilu.objection_filing
    rules = dataclasses.replace(DEFAULT_RULES, pemilu=dataclasses.replace(
        DEFAULT_RULES.pemilu, objection_filing=DeadlineRule(f.key, f.label, 5, f.starts, f.source)))
    cols = compute_deadlines([D("2026-05-11"), D("2026-05-27")], cal=cal, today=D("2026-06-01"),
                             election=[False, True], notice_dates=[D("2026-05-29"), D("2026-05-29")], rules=rules)
    assert [cols.row(i)["objection_due"] for i in (0, 1)] == [D("2026-07-14"), D("2026-06-08")]
    assert cols.uncertain.dtype == bool and not cols.uncertain.any()


def test_a_row_is_uncertain_when_its_chain_touches_an_estimated_year(cal: WorkCalendar) -> None:
    # The fixture calendar covers 2020-2030; 2019 is "belum tersedia", 2027 the package's estimate.
    # Row 0: received Fri 20-12-2019, due in January 2020: starts in an unknown year.
    # Rows 1, 2: received Fri 11-12-2026, due Tue 29-12-2026 (14..18, 21..23, [24, 25 off], 28, 29);
    # row 1's lawful extension runs into January 2027 (estimated), row 2 has none: certain.
    cols = compute_deadlines([D("2019-12-20"), D("2026-12-11"), D("2026-12-11")], cal=cal, today=D("2026-12-11"),
                             extended=[False, True, False], extension_dates=[None, D("2026-12-14"), None],
                             extension_reasons=[None, "Informasi belum dikuasai/belum didokumentasikan", None])
    assert cols.row(1)["due"] == cols.row(2)["due"] == D("2026-12-29")
    assert [cols.row(i)["uncertain"] for i in range(3)] == [True, True, False]


def test_due_chain_in_full(cal: WorkCalendar) -> None:
    # Received Wed 13-05-2026 at 10:00 (no cut-off): [Thu 14 Kenaikan, Fri 15 cuti bersama], 18..22
    # (1-5), 25, 26 (6, 7), [27 Idul Adha, 28 cuti bersama], 29 (8), [Sun 31 Waisak, Mon 01-06
    # Pancasila], Tue 02-06 (9), Wed 03-06 (10) -> due Wed 03-06. +7: 4, 5, 8..12 -> Fri 12-06.
    # 30 HK after 03-06: 4, 5 (2), 8..12 (7), 15 (8), [16], 17..19 (11), 22..26 (16), 29, 30 (18),
    # July 1..3 (21), 6..10 (26), 13..16 (30) -> Thu 16-07-2026.
    chain = due_chain(D("2026-05-13"), "badan-publik", cal, at=dt.time(10, 0))
    assert {k: chain[k] for k in ("received", "received_at", "effective_receipt", "category", "track", "due",
                                  "due_extended", "objection_due_if_unanswered", "uncertain_years", "warnings",
                                  "worked")} == {
        "received": "2026-05-13", "received_at": "10:00", "effective_receipt": "2026-05-13",
        "category": "badan-publik", "track": "Badan Publik", "due": "2026-06-03", "due_extended": "2026-06-12",
        "objection_due_if_unanswered": "2026-07-16", "uncertain_years": [], "worked": [],
        # Idul Adha 27-05-2026 is marked unsure in the official list (holidays_official.csv)
        "warnings": ["libur Rab 27-05-2026 libur nasional Idul Adha 1447 H belum pasti (perlu dicek)"]}
    assert set(chain) == {"received", "received_at", "effective_receipt", "category", "track", "due", "due_extended",
                          "objection_due_if_unanswered", "steps", "skipped", "worked", "uncertain_years", "warnings",
                          "trace", "completion_notice_due", "completion_due", "objection_answer_due", "commission_due"}
    bp = BADAN_PUBLIK_RULES
    fields = ("key", "label", "working_days", "starts", "source", "date")
    assert [{k: step[k] for k in fields} for step in chain["steps"][:3]] == [
        {"key": r.key, "label": r.label + suffix, "working_days": r.working_days, "starts": r.starts,
         "source": r.source, "date": date}
        for r, suffix, date in ((bp.notice, "", "2026-06-03"), (bp.extension, "", "2026-06-12"),
                                (bp.objection_filing, " (jika tidak dijawab)", "2026-07-16"))]
    assert [s["working_days"] for s in chain["steps"][:3]] == [10, 7, 30]
    # weekdays only: Sun 31-05 (Waisak) is not "skipped"; Thu 14-05, the first day after receipt, is
    skb = "SKB 1497/2025, 2/2025, 5/2025"
    assert [tuple(s) for s in chain["skipped"]] == [("date", "day", "name", "kind", "source", "estimated")] * 5
    assert [(s["date"], s["day"], s["kind"], s["source"], s["estimated"]) for s in chain["skipped"]] == [
        ("2026-05-14", "Kam", "libur nasional", skb, False), ("2026-05-15", "Jum", "cuti bersama", skb, False),
        ("2026-05-27", "Rab", "libur nasional", skb, False), ("2026-05-28", "Kam", "cuti bersama", skb, False),
        ("2026-06-01", "Sen", "libur nasional", skb, False)]
    assert "Kenaikan" in chain["skipped"][0]["name"] and "Pancasila" in chain["skipped"][4]["name"]
    assert chain["trace"].startswith("Diterima Rab 13-05-2026 pukul 10:00 -> ")
    assert "jatuh tempo Rab 03-06-2026 (10 HK)" in chain["trace"]
    assert "perpanjangan Jum 12-06-2026 (+7 HK)" in chain["trace"]
    assert due_chain(D("2026-05-13"), "badan-publik", cal)["received_at"] is None
    # the election track: 3 HK, 18, 19, 20 -> Wed 20-05; +2: 21, 22 -> Fri 22-05; the trace says so too
    pemilu = due_chain(D("2026-05-13"), "pemilu", cal)
    assert (pemilu["category"], pemilu["due"], pemilu["due_extended"]) == ("pemilu", "2026-05-20", "2026-05-22")
    assert "jatuh tempo Rab 20-05-2026 (3 HK)" in pemilu["trace"] and "(+2 HK)" in pemilu["trace"]


def test_due_chain_lists_worked_days_after_the_receipt_only() -> None:
    # The office works Sat 16-05-2026 (a local "Masuk Kerja" day).
    cal = WorkCalendar.build(local=[LocalDay(D("2026-05-16"), False, "Masuk tahapan")], years=YEARS)
    # received Fri 15-05 (day 0): Sat 16-05 is day 1, so it is listed
    assert due_chain(D("2026-05-15"), "badan-publik", cal)["worked"] == [{"date": "2026-05-16", "name": "Masuk tahapan"}]
    # received on the worked Saturday itself, or the day after it: not a day of the count
    assert due_chain(D("2026-05-16"), "badan-publik", cal)["worked"] == []
    assert due_chain(D("2026-05-17"), "badan-publik", cal)["worked"] == []


def test_days_off_described_once_per_decree() -> None:
    from automation.rules.calendar import DayOff
    from automation.rules.deadlines import describe_days_off

    days = [DayOff(D("2026-12-24"), "Cuti Bersama Natal", "cuti bersama", "SKB 1497/2025", False),
            DayOff(D("2026-12-25"), "Natal", "libur nasional", "SKB 1497/2025", False),
            DayOff(D("2026-12-28"), "Rapat pleno", "lokal", "", False)]
    # the kind is not repeated when the name starts with it (any case); a day without a source has no brackets
    assert describe_days_off(days) == ("Kam 24-12-2026 Cuti Bersama Natal, Jum 25-12-2026 libur nasional Natal "
                                       "(SKB 1497/2025), Sen 28-12-2026 libur lokal Rapat pleno")


def test_election_numbers_come_from_the_config_section() -> None:
    import dataclasses

    from automation.rules.config import default_config
    from automation.rules.deadlines import deadline_rules_from_config

    section = dataclasses.replace(default_config().deadlines, election_notice_days=4, election_extension_days=5,
                                  election_objection_answer_days=6)
    rules = deadline_rules_from_config(section)
    assert [getattr(rules.pemilu, k).working_days for k in ("notice", "extension", "objection_answer")] == [4, 5, 6]
    assert rules.badan_publik == BADAN_PUBLIK_RULES


def test_election_track_rules_in_full() -> None:
    # same steps as the badan publik track (keys, labels, what starts them), its own numbers and source
    rules = election_rules(notice=4, extension=5, objection_answer=6)
    assert rules.track == TRACK_PEMILU == "Tahapan Pemilu/Pemilihan"
    bp = BADAN_PUBLIK_RULES
    for attr, n in (("notice", 4), ("extension", 5), ("objection_answer", 6)):
        rule, base = getattr(rules, attr), getattr(bp, attr)
        assert (rule.key, rule.label, rule.working_days, rule.starts, rule.source) == (
            base.key, base.label, n, base.starts, "Perki 1/2019 (jalur tahapan Pemilu/Pemilihan)"), attr
    assert (rules.objection_filing, rules.commission) == (bp.objection_filing, bp.commission)
    assert (bp.objection_filing.working_days, bp.commission.working_days) == (30, 14)  # UU KIP 36(1), 37(2)
    assert [getattr(election_rules(), a).working_days for a in ("notice", "extension", "objection_answer")] == [
        3, 2, 3]


def test_trace_column_row_by_row(cal: WorkCalendar) -> None:
    received = [D("2026-11-27"), None, D("2026-11-27"), D("2026-11-27")]
    times = [None, None, dt.time(16, 0), None]
    election = [False, False, False, True]
    extended = [True, False, False, False]
    out = trace_column(received, cal, election=election, received_times=times, extended=extended)
    assert out == [explain(D("2026-11-27"), cal, extended=True), "",
                   explain(D("2026-11-27"), cal, at=dt.time(16, 0)),
                   explain(D("2026-11-27"), cal, election=True)]
    assert len(set(out)) == 4  # four different texts: each argument reaches its row
    # the rules reach the text too: a 12-day notice limit (configured) instead of 10
    longer = dataclasses.replace(DEFAULT_RULES, badan_publik=dataclasses.replace(
        BADAN_PUBLIK_RULES, notice=dataclasses.replace(BADAN_PUBLIK_RULES.notice, working_days=12)))
    assert trace_column([D("2026-11-27")], cal, rules=longer) == [explain(D("2026-11-27"), cal, rules=longer)]
    assert "(12 HK)" in trace_column([D("2026-11-27")], cal, rules=longer)[0]
    assert "(12 HK)" in due_chain(D("2026-11-27"), "badan-publik", cal, rules=longer)["trace"]


def test_explain_in_full() -> None:
    # Cut-off 15:00; the office works Sat 16-05-2026 ("Masuk tahapan") and Sat 23-05-2026 (no name).
    # Received Tue 12-05 16:00 -> counts from Wed 13-05: [Thu 14 Kenaikan, Fri 15 cuti bersama],
    # Sat 16 (1), 18..22 (2-6), Sat 23 (7), 25, 26 (8, 9), [27 Idul Adha, 28 cuti bersama], 29 (10)
    # -> Fri 29-05. +7: [Sun 31 Waisak, Mon 01-06], 2..5 (1-4), 8..10 (5-7) -> Wed 10-06.
    # Skipped: weekdays only (Sun 31-05 is not listed), one decree for all five.
    cal = WorkCalendar.build(CalendarOptions(cutoff=dt.time(15, 0)), years=YEARS,
                             local=[LocalDay(D("2026-05-16"), False, "Masuk tahapan"),
                                    LocalDay(D("2026-05-23"), False, "")])
    skb = "SKB 1497/2025, 2/2025, 5/2025"
    assert explain(D("2026-05-12"), cal, at=dt.time(16, 0), extended=True) == (
        "Diterima Sel 12-05-2026 pukul 16:00 -> setelah batas jam 15:00, dihitung diterima Rab 13-05-2026 -> "
        "hari ke-1 Sab 16-05 -> jatuh tempo Jum 29-05-2026 (10 HK) -> perpanjangan Rab 10-06-2026 (+7 HK); "
        "dilewati: Kam 14-05-2026 libur nasional Kenaikan Yesus Kristus, Jum 15-05-2026 cuti bersama Kenaikan "
        "Yesus Kristus, Rab 27-05-2026 libur nasional Idul Adha 1447 H, Kam 28-05-2026 cuti bersama Idul Adha, "
        f"Sen 01-06-2026 libur nasional Hari Lahir Pancasila ({skb}); "
        "masuk kerja: Sab 16-05-2026 (Masuk tahapan), Sab 23-05-2026; "
        "libur Rab 27-05-2026 libur nasional Idul Adha 1447 H belum pasti (perlu dicek)")
    # received on the worked Saturday itself: not listed as a worked day of the count
    assert "masuk kerja" not in explain(D("2026-05-23"), cal)
    # received Fri 15-05 (cuti bersama): Sat 16-05 is day 1 and listed; the receipt day itself is not
    # among the days skipped, in the trace or in `ppid due`
    text = explain(D("2026-05-15"), cal)
    assert text.startswith("Diterima Jum 15-05-2026 (cuti bersama Kenaikan Yesus Kristus) -> hari ke-1 Sab 16-05")
    assert "masuk kerja: Sab 16-05-2026 (Masuk tahapan)" in text and "dilewati: Jum 15-05" not in text
    text = explain(D("2026-05-14"), cal)
    assert "dilewati: Jum 15-05-2026 cuti bersama" in text and "dilewati: Kam 14-05" not in text
    assert due_chain(D("2026-05-14"), "badan-publik", cal)["skipped"][0]["date"] == "2026-05-15"


def test_explain_warns_for_each_estimated_year_and_stops_at_the_band(cal: WorkCalendar) -> None:
    text = explain(D("2027-12-20"), cal, extended=True)
    assert text.startswith("Diterima Sen 20-12-2027 -> hari ke-1 ")
    assert text.endswith("; kalender 2027 masih perkiraan; kalender 2028 masih perkiraan")
    # Fri 17-12-2100 is due Fri 31-12-2100, the last countable day (see above); +7 runs past it
    assert explain(D("2100-12-17"), cal) != "" and explain(D("2100-12-17"), cal, extended=True) == ""


def test_an_unknown_category_is_named() -> None:
    with pytest.raises(ValueError, match="Kategori tidak dikenal: 'lainnya'"):
        DEFAULT_RULES.for_category("lainnya")


def test_trace_column_shares_the_text_after_the_time_and_equals_explain_row_by_row() -> None:
    # trace_column explains each (date, start, track, extension, until) once and puts each row's
    # own time in front (issue 19): a clerk types a different time on nearly every request
    local = [LocalDay(D("2026-12-03"), True, "Rapat pleno", "Nota dinas 12/2026")]
    cal = WorkCalendar.build(CalendarOptions(cutoff=dt.time(15, 0)), local=local, years=YEARS)
    days = [D("2026-11-27"), D("2026-11-28"), D("2026-12-02"), D("2026-12-03"), D("2026-12-24"), D("2026-12-25")]
    times = [None, dt.time(7, 5), dt.time(15, 0), dt.time(15, 1), dt.time(16, 30), dt.time(23, 59)]
    received, at, election, extended, until = [], [], [], [], []
    for i, (d, t) in enumerate((d, t) for d in days for t in times):
        received.append(d)
        at.append(t)
        election.append(i % 3 == 0)
        extended.append(i % 2 == 0)
        until.append(d + dt.timedelta(days=60) if i % 5 == 0 else None)
    received.append(None)
    at.append(dt.time(9, 0))
    election.append(False)
    extended.append(False)
    until.append(None)
    out = trace_column(received, cal, election=election, received_times=at, extended=extended, until=until)
    assert out == [explain(d, cal, at=t, election=e, extended=x, until=u) if d else ""
                   for d, t, e, x, u in zip(received, at, election, extended, until)]
    assert "pukul 15:01 -> setelah batas jam 15:00, dihitung diterima Sen 30-11-2026" in out[3]
    assert "pukul 15:00 -> hari ke-1" in out[2]  # at the cut-off itself: counted the same day
    assert out[-1] == ""
    # without a cut-off the time is shown but moves nothing
    plain = WorkCalendar.build(CalendarOptions(), years=YEARS)
    assert trace_column([D("2026-11-27")], plain, received_times=[dt.time(16, 0)]) == [
        explain(D("2026-11-27"), plain, at=dt.time(16, 0))]
