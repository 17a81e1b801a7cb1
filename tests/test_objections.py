"""Register Keberatan checks: one test per rule and flag.

Dates are counted by hand on the official calendar (shared/holidays-id-2024-2026.csv). The
only weekday holidays from September to mid-December 2026 are none at all (17 and 25 August
are before; 24-25 December after), so counting is Monday-Friday. Day 0 is the starting day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from automation.check.objections import (
    STATUS_ANSWERED_LATE,
    STATUS_COMMISSION,
    STATUS_LATE,
    STATUS_ON_TIME,
    STATUS_OPEN,
    ObjectionCheck,
    check_objections,
    next_numbers,
)
from automation.rules.calendar import CalendarOptions, WorkCalendar
from automation.rules.config import Config, Deadlines
from automation.rules.findings import CATALOGUE
from automation.rules.flags import PRIORITY
from automation.rules.records import read_requests
from sheets.layout import OBJECTIONS, REQUESTS
from sheets.memory import MemoryBackend, table_from_grid
from sheets.model import Snapshot, WriteSet, guard_writes

D = dt.date.fromisoformat
TODAY = D("2026-12-09")  # Wednesday
CONFIG = Config()


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar.build(CalendarOptions())


def grid(layout, rows: list[dict]) -> list[list]:
    keys = [c.key for c in layout.columns]
    return [list(layout.headers)] + [[r.get(k) for k in keys] for r in rows]


# Requests the objections point at.
# R1 received Mon 07-09-2026: 10 HK = Sep 8-11 (1-4), 14-18 (5-9), Mon 21-09 (10).
#    Refused under Pasal 17 h by notice Fri 18-09 (on time). Objection filing: 30 HK after
#    Fri 18-09 = Sep 21-25 (1-5), Sep 28-Oct 2 (6-10), Oct 5-9, 12-16, 19-23, 26-30 (30) -> Fri 30-10-2026.
R1 = dict(number="001/PPID/IX/2026", received=D("2026-09-07"), channel="Surat", requester_type="Perorangan",
          name="Budi Santoso", identity="1503011205800001", information="Data pemilih", purpose="Penelitian",
          decision="Ditolak", refusal_reason="Dikecualikan Pasal 17 huruf h", dik_code="DIK-01",
          notice_date=D("2026-09-18"))
# R2 received Tue 01-09-2026, never answered: 10 HK = Sep 2-4 (1-3), 7-11 (4-8), 14 (9), Tue 15-09 (10).
#    Reason arises at the missed deadline Tue 15-09: 30 HK = Sep 16-18 (1-3), 21-25 (4-8), Sep 28-Oct 2 (9-13),
#    Oct 5-9 (14-18), 12-16 (19-23), 19-23 (24-28), Mon 26-10 (29), Tue 27-10-2026 (30).
R2 = dict(number="002/PPID/IX/2026", received=D("2026-09-01"), channel="Email", requester_type="Perorangan",
          name="Siti Aminah", identity="1503014506850002", information="SK penetapan calon", purpose="Advokasi")
# R3 election track, received Mon 30-11-2026: 3 HK -> Thu 03-12; notice Wed 02-12 (on time), fee Rp 50.000.
R3 = dict(number="003/PPID/XI/2026", received=D("2026-11-30"), channel="Datang Langsung",
          category="Tahapan Pemilu/Pemilihan", requester_type="Badan Hukum", name="LSM Jambi Memilih",
          identity="AHU-0001.AH.01.07.2020", information="Salinan formulir C.Hasil", purpose="Pemantauan",
          decision="Diterima Sebagian", notice_date=D("2026-12-02"), fee=50000)
# R4 received Mon 07-12-2026, not answered yet: 10 HK = Dec 8-11 (1-4), 14-18 (5-9), Mon 21-12 (10).
R4 = dict(number="004/PPID/XII/2026", received=D("2026-12-07"), channel="WhatsApp", requester_type="Perorangan",
          name="Rahmat Hidayat", identity="1503011010900003", information="Rekap suara", purpose="Kuliah")
# R5 received Mon 05-10-2026: 10 HK -> Mon 19-10; answered late on Wed 21-10-2026.
R5 = dict(number="005/PPID/X/2026", received=D("2026-10-05"), channel="Telepon", requester_type="Perorangan",
          name="Dewi Lestari", identity="1503015203880004", information="Anggaran hibah", purpose="Jurnalistik",
          decision="Diterima", notice_date=D("2026-10-21"))

REQUESTS_ROWS = [R1, R2, R3, R4, R5]


def objection(**kw) -> dict:
    base = dict(name="Pemohon Uji", grounds=())
    base.update(kw)
    for letter in base.pop("grounds"):
        base[f"ground_{letter}"] = "Ya"
    return base


def run(rows: list[dict], today: dt.date = TODAY, cal: WorkCalendar | None = None,
        config: Config = CONFIG, requests: list[dict] = REQUESTS_ROWS) -> ObjectionCheck:
    cal = cal or WorkCalendar.build(CalendarOptions())
    reqs = read_requests(table_from_grid(REQUESTS.name, grid(REQUESTS, requests)))
    table = table_from_grid(OBJECTIONS.name, grid(OBJECTIONS, rows))
    check = check_objections(table, reqs, cal, config, today)
    _well_formed(check, len(rows))
    return check


ROW_KEYS = {"row", "number", "number_assigned", "received", "request_number", "request_found", "election", "grounds",
            "decision", "answer_date", "to_commission", "due", "filing_deadline", "commission_deadline", "remaining",
            "status", "flags", "findings", "trace"}


def _well_formed(check: ObjectionCheck, rows: int) -> None:
    """What every objection check must give, whatever the case (written against surviving mutants):
    each finding on this tab, on a sheet row of the objections, in a column of the layout, saying so;
    each row's JSON with the same keys."""
    for f in check.findings:
        assert (f.tab, 2 <= f.row <= rows + 1) == (OBJECTIONS.name, True), f
        if f.header:  # a finding about the whole row (no alasan ticked, ...) names no column
            assert f.header in OBJECTIONS.headers and f.message.startswith(f'Baris {f.row}, kolom "{f.header}": '), f
        else:
            assert f.message.startswith(f"Baris {f.row}: "), f
        assert "None" not in f.message, f
    for key, row in check.rows_json.items():
        assert set(row) == ROW_KEYS, key
        assert all(set(f) == {"code", "severity", "column", "message"} for f in row["findings"])
        assert 2 <= row["row"] <= rows + 1 and key.startswith(row["number"] or "baris")


def only(check: ObjectionCheck) -> dict:
    assert len(check.rows_json) == 1
    return next(iter(check.rows_json.values()))


def codes(check: ObjectionCheck) -> list[str]:
    return sorted(f.code for f in check.findings)


def cell(check: ObjectionCheck, header: str):
    values = [w.value for w in check.cells if w.header == header]
    assert len(values) == 1, (header, values)
    return values[0]


# --- deadlines, status, flags, actions --------------------------------------------------------

def test_pending_due_soon(cal: WorkCalendar) -> None:
    # Received Fri 30-10-2026 (last filing day for R1): 30 HK = Nov 2-6 (1-5), 9-13 (6-10), 16-20 (11-15),
    # 23-27 (16-20), Nov 30-Dec 4 (21-25), Dec 7-11 (26-30) -> Fri 11-12-2026. Today Wed 09-12: Thu, Fri = 2 HK.
    check = run([objection(number="001/KEB/PPID/X/2026", received=D("2026-10-30"), request_number=R1["number"],
                           grounds="a")], cal=cal)
    row = only(check)
    assert row["due"] == "2026-12-11"
    assert row["remaining"] == 2
    assert row["filing_deadline"] == "2026-10-30"
    assert row["status"] == STATUS_OPEN
    assert row["flags"] == ["JATUH TEMPO"]
    assert check.findings == []
    assert cell(check, "Batas Tanggapan") == D("2026-12-11")
    assert cell(check, "Sisa Hari Kerja") == 2
    assert cell(check, "Bendera") == "JATUH TEMPO"
    [action] = check.actions
    # Priorities are the request flags' ranks (automation.rules.flags): JATUH TEMPO after TERLAMBAT.
    assert (action.priority, action.register, action.number) == (PRIORITY["JATUH TEMPO"], "Keberatan",
                                                                 "001/KEB/PPID/X/2026")
    assert action.deadline == D("2026-12-11") and action.remaining == 2
    assert action.action == "Tanggapi keberatan paling lambat Jum 11-12-2026"
    assert check.summary["due_soon"] == 1 and check.summary["overdue"] == 0


def test_pending_overdue(cal: WorkCalendar) -> None:
    # Received Thu 01-10-2026: 30 HK = Oct 2 (1), 5-9 (2-6), 12-16 (7-11), 19-23 (12-16), 26-30 (17-21),
    # Nov 2-6 (22-26), 9-12 (27-30) -> Thu 12-11-2026. To today Wed 09-12: Nov 13 (1), 16-20 (6), 23-27 (11),
    # Nov 30-Dec 4 (16), Dec 7-9 (19) -> 19 HK late. No answer: Komisi Informasi 14 HK after Thu 12-11 =
    # Nov 13 (1), 16-20 (2-6), 23-27 (7-11), Nov 30 (12), Dec 1 (13), Wed 02-12-2026 (14).
    check = run([objection(number="002/KEB/PPID/X/2026", received=D("2026-10-01"), request_number=R2["number"],
                           grounds="c")], cal=cal)
    row = only(check)
    assert row["due"] == "2026-11-12"
    assert row["remaining"] == -19
    assert row["status"] == STATUS_LATE
    assert row["flags"] == ["TERLAMBAT"]
    assert row["commission_deadline"] == "2026-12-02"
    assert row["filing_deadline"] == "2026-10-27"
    [action] = check.actions
    assert action.priority == 0
    assert action.action == "Atasan PPID menanggapi keberatan segera (terlambat 19 hari kerja)"
    assert "Kam 12-11-2026" in row["trace"] and "UU 14/2008 Pasal 36 ayat (2)" in row["trace"]
    assert check.summary["overdue"] == 1


def test_answered_on_time_no_letter(cal: WorkCalendar) -> None:
    # Received Mon 02-11-2026: 30 HK = Nov 3-6 (1-4), 9-13 (5-9), 16-20 (10-14), 23-27 (15-19), Nov 30 (20),
    # Dec 1-4 (21-24), 7-11 (25-29), Mon 14-12-2026 (30). Answered Fri 20-11: on time.
    # Komisi Informasi: 14 HK after Fri 20-11 = Nov 23-27 (1-5), Nov 30-Dec 4 (6-10), Dec 7-10 (11-14) -> Thu 10-12.
    check = run([objection(number="003/KEB/PPID/XI/2026", received=D("2026-11-02"), request_number=R1["number"],
                           grounds="a", decision="Ditolak", answer_date=D("2026-11-20"))], cal=cal)
    row = only(check)
    assert row["due"] == "2026-12-14"
    assert row["remaining"] is None
    assert row["commission_deadline"] == "2026-12-10"
    assert row["status"] == STATUS_ON_TIME
    assert row["flags"] == ["BELUM ADA SURAT"]
    [action] = check.actions
    assert action.action == "Terbitkan surat Tanggapan Atasan PPID (ppid notices)"
    assert (action.deadline, action.remaining) == (None, None)
    assert "Sisa Hari Kerja" not in {w.header for w in check.cells}  # blank stays blank


def test_answered_late_with_letter(cal: WorkCalendar) -> None:
    # Received Mon 19-10-2026: 30 HK = Oct 20-23 (1-4), 26-30 (5-9), Nov 2-6 (10-14), 9-13 (15-19),
    # 16-20 (20-24), 23-27 (25-29), Mon 30-11-2026 (30). Answered Wed 02-12: late.
    # Komisi Informasi: 14 HK after Wed 02-12 = Dec 3-4 (1-2), 7-11 (3-7), 14-18 (8-12), 21 (13), Tue 22-12 (14).
    rows = [objection(number="004/KEB/PPID/X/2026", received=D("2026-10-19"), request_number=R3["number"],
                      grounds="f", decision="Dikabulkan", answer_date=D("2026-12-02"))]
    grid_rows = grid(OBJECTIONS, rows)
    grid_rows[1][OBJECTIONS.headers.index("Surat Terbit")] = "005/TGP/PPID/XII/2026"
    reqs = read_requests(table_from_grid(REQUESTS.name, grid(REQUESTS, REQUESTS_ROWS)))
    check = check_objections(table_from_grid(OBJECTIONS.name, grid_rows), reqs, cal, CONFIG, TODAY)
    row = only(check)
    # R3 is on the election track: answer due 3 HK after Mon 19-10 = Oct 20, 21, Thu 22-10-2026.
    assert row["election"] is True
    assert row["due"] == "2026-10-22"
    assert row["status"] == STATUS_ANSWERED_LATE
    assert row["flags"] == []
    assert row["commission_deadline"] == "2026-12-22"
    assert check.actions == []


def test_election_track_three_days(cal: WorkCalendar) -> None:
    # R3 (Tahapan Pemilu/Pemilihan). Objection received Mon 07-12-2026: 3 HK = Dec 8, 9, Thu 10-12-2026.
    # Today Wed 09-12 -> 1 HK left: JATUH TEMPO. Ground f with a fee of Rp 50.000: consistent.
    check = run([objection(number="005/KEB/PPID/XII/2026", received=D("2026-12-07"), request_number=R3["number"],
                           grounds="f")], cal=cal)
    row = only(check)
    assert row["election"] is True
    assert (row["due"], row["remaining"], row["flags"]) == ("2026-12-10", 1, ["JATUH TEMPO"])
    assert "Perki 1/2019" in row["trace"]
    assert check.findings == []
    # The number of days comes from config.toml [deadlines].
    five = replace(CONFIG, deadlines=Deadlines(election_objection_answer_days=5))
    # 5 HK after Mon 07-12 = Dec 8-11 (1-4), Mon 14-12-2026 (5).
    assert only(run([objection(number="005/KEB/PPID/XII/2026", received=D("2026-12-07"),
                               request_number=R3["number"], grounds="f")], cal=cal, config=five))["due"] == "2026-12-14"


def test_due_soon_window_is_configurable(cal: WorkCalendar) -> None:
    # Due Fri 11-12 (see test_pending_due_soon); today Mon 07-12: Dec 8-11 = 4 HK left.
    rows = [objection(number="001/KEB/PPID/X/2026", received=D("2026-10-30"), request_number=R1["number"],
                      grounds="a")]
    assert only(run(rows, today=D("2026-12-07"), cal=cal))["flags"] == []
    wide = replace(CONFIG, deadlines=Deadlines(due_soon_days=4))
    assert only(run(rows, today=D("2026-12-07"), cal=cal, config=wide))["flags"] == ["JATUH TEMPO"]


def test_late_on_a_weekend_right_after_due(cal: WorkCalendar) -> None:
    # Due Fri 11-12-2026; on Sat 12-12 no working day has passed since, but the day is gone.
    check = run([objection(number="001/KEB/PPID/X/2026", received=D("2026-10-30"), request_number=R1["number"],
                           grounds="a")], today=D("2026-12-12"), cal=cal)
    row = only(check)
    assert (row["remaining"], row["flags"], row["status"]) == (0, ["TERLAMBAT"], STATUS_LATE)
    assert check.actions[0].action == "Atasan PPID menanggapi keberatan segera (batas Jum 11-12-2026 terlewati)"


def test_deadline_skips_christmas(cal: WorkCalendar) -> None:
    # Received Mon 14-12-2026 on R4... election? No: R2 (Badan Publik). 30 HK: Dec 15-18 (1-4), 21-23 (5-7),
    # Thu 24-12 cuti bersama Natal and Fri 25-12 Natal skipped, Dec 28-31 (8-11), Fri 01-01-2027 Tahun Baru
    # skipped; the 2027 part depends on the package's estimate, so only the skip is checked here.
    check = run([objection(number="009/KEB/PPID/XII/2026", received=D("2026-12-14"), request_number=R2["number"],
                           grounds="c")], today=D("2026-12-14"), cal=cal)
    row = only(check)
    assert "Kam 24-12-2026 cuti bersama Natal" in row["trace"]
    assert "Jum 25-12-2026" in row["trace"]


# --- rules -------------------------------------------------------------------------------------

def test_filed_late_is_a_warning(cal: WorkCalendar) -> None:
    # R1's filing deadline is Fri 30-10-2026; received Mon 02-11 is one working day late.
    check = run([objection(number="003/KEB/PPID/XI/2026", received=D("2026-11-02"), request_number=R1["number"],
                           grounds="a")], cal=cal)
    [f] = check.findings
    assert (f.code, f.severity, f.header) == ("KEB-007", "warning", "Tanggal Diterima")
    assert "Jum 30-10-2026" in f.message and "18-09-2026" in f.message
    assert f.message.startswith("Baris 2, kolom \"Tanggal Diterima\":")
    assert only(check)["status"] == STATUS_OPEN  # still registered and answered


def test_filing_deadline_from_missed_deadline(cal: WorkCalendar) -> None:
    # R2 never answered: reason arises Tue 15-09-2026, last filing day Tue 27-10-2026 (see R2).
    # Received Wed 28-10-2026: late.
    check = run([objection(number="010/KEB/PPID/X/2026", received=D("2026-10-28"), request_number=R2["number"],
                           grounds="c")], cal=cal)
    assert codes(check) == ["KEB-007"]
    assert "Sel 27-10-2026" in check.findings[0].message
    assert only(check)["filing_deadline"] == "2026-10-27"


def test_filed_before_the_reason_arose(cal: WorkCalendar) -> None:
    # R4 received Mon 07-12, due Mon 21-12, no notice yet: an objection on Wed 09-12 is early.
    check = run([objection(number="011/KEB/PPID/XII/2026", received=D("2026-12-09"), request_number=R4["number"],
                           grounds="c")], cal=cal)
    # The answer deadline (30 HK) falls in 2027, whose calendar is only estimated: KAL-001 too.
    assert codes(check) == ["KAL-001", "KEB-008"]
    assert "21-12-2026" in check.findings[1].message


def test_request_not_found(cal: WorkCalendar) -> None:
    check = run([objection(number="012/KEB/PPID/XI/2026", received=D("2026-11-02"), request_number="099/PPID/IX/2026",
                           grounds="c")], cal=cal)
    assert codes(check) == ["KEB-006"]
    assert "099/PPID/IX/2026" in check.findings[0].message
    assert only(check)["flags"] == ["DATA TIDAK LENGKAP"]
    assert check.actions[0].action == "Perbaiki kolom No. Pendaftaran Permohonan: permohonan terkait tidak ditemukan"


def test_request_number_matched_loosely(cal: WorkCalendar) -> None:
    check = run([objection(number="013/KEB/PPID/X/2026", received=D("2026-10-30"),
                           request_number=" 001/ppid/ix/2026 ", grounds="a")], cal=cal)
    assert check.findings == []


def test_required_fields(cal: WorkCalendar) -> None:
    check = run([dict(number="014/KEB/PPID/XI/2026", received=None, request_number="", name="")], cal=cal)
    assert codes(check) == ["KEB-002", "KEB-002", "KEB-002", "KEB-003"]
    assert {f.header for f in check.findings} == {"Tanggal Diterima", "No. Pendaftaran Permohonan", "Nama Pemohon", ""}
    assert only(check)["flags"] == ["DATA TIDAK LENGKAP"]


def test_missing_required_column(cal: WorkCalendar) -> None:
    g = grid(OBJECTIONS, [objection(number="015/KEB/PPID/X/2026", received=D("2026-10-30"),
                                    request_number=R1["number"], grounds="a")])
    i = OBJECTIONS.headers.index("Nama Pemohon")
    g = [r[:i] + r[i + 1:] for r in g]
    reqs = read_requests(table_from_grid(REQUESTS.name, grid(REQUESTS, REQUESTS_ROWS)))
    check = check_objections(table_from_grid(OBJECTIONS.name, g), reqs, cal, CONFIG, TODAY)
    assert codes(check) == ["KEB-001"]
    assert check.findings[0].row == 1 and "Nama Pemohon" in check.findings[0].message


def test_unreadable_dates(cal: WorkCalendar) -> None:
    check = run([objection(number="016/KEB/PPID/XI/2026", received="02-11-26", request_number=R1["number"],
                           grounds="a", decision="Ditolak", answer_date="31-02-2026")], cal=cal)
    assert codes(check) == ["KEB-004", "KEB-004"]  # no KEB-002 / KEB-014 on top of the unreadable dates
    by_header = {f.header: f.message for f in check.findings}
    assert "dua angka" in by_header["Tanggal Diterima"]
    assert "31-02-2026" in by_header["Tanggal Tanggapan"] and "tidak ada di kalender" in by_header["Tanggal Tanggapan"]
    row = only(check)
    assert row["due"] is None and row["flags"] == ["DATA TIDAK LENGKAP"]


def test_indonesian_text_dates_are_read(cal: WorkCalendar) -> None:
    check = run([objection(number="017/KEB/PPID/X/2026", received="Jumat, 30 Oktober 2026",
                           request_number=R1["number"], grounds="a")], cal=cal)
    assert check.findings == [] and only(check)["due"] == "2026-12-11"


def test_formula_like_text(cal: WorkCalendar) -> None:
    check = run([objection(number="018/KEB/PPID/X/2026", received=D("2026-10-30"), request_number=R1["number"],
                           grounds="a", name='=HYPERLINK("http://contoh.invalid","klik")')], cal=cal)
    assert codes(check) == ["KEB-005"]
    assert check.findings[0].severity == "warning" and check.findings[0].header == "Nama Pemohon"


def test_ground_a_without_pasal17_refusal(cal: WorkCalendar) -> None:
    # R5 was granted (late). Ground a with c: KEB-009 only.
    check = run([objection(number="019/KEB/PPID/X/2026", received=D("2026-10-26"), request_number=R5["number"],
                           grounds="ac")], cal=cal)
    assert codes(check) == ["KEB-009"]
    assert check.findings[0].header == "Alasan a"


def test_ground_c_or_g_when_answered_on_time(cal: WorkCalendar) -> None:
    check = run([objection(number="020/KEB/PPID/X/2026", received=D("2026-10-30"), request_number=R1["number"],
                           grounds="acg")], cal=cal)
    assert codes(check) == ["KEB-010"]
    f = check.findings[0]
    assert "c dan g" in f.message and "18-09-2026" in f.message and "21-09-2026" in f.message


def test_ground_f_without_fee(cal: WorkCalendar) -> None:
    check = run([objection(number="021/KEB/PPID/X/2026", received=D("2026-10-30"), request_number=R1["number"],
                           grounds="af")], cal=cal)
    assert codes(check) == ["KEB-011"]


def test_ground_f_with_unreadable_fee_is_not_judged(cal: WorkCalendar) -> None:
    r1 = dict(R1, fee="lima ribu")
    check = run([objection(number="022/KEB/PPID/X/2026", received=D("2026-10-30"), request_number=R1["number"],
                           grounds="af")], cal=cal, requests=[r1, R2, R3, R4, R5])
    assert codes(check) == []


def test_suggest_ground_c_or_g(cal: WorkCalendar) -> None:
    # R2 unanswered and past its deadline (Tue 15-09); R5 answered late (Wed 21-10 after Mon 19-10).
    check = run([
        objection(number="023/KEB/PPID/X/2026", received=D("2026-10-01"), request_number=R2["number"], grounds="e"),
        objection(number="024/KEB/PPID/X/2026", received=D("2026-10-26"), request_number=R5["number"], grounds="d"),
    ], cal=cal)
    assert codes(check) == ["KEB-012", "KEB-012"]
    first, second = check.findings
    assert "belum dijawab sampai batas 15-09-2026" in first.message
    assert "dijawab terlambat (21-10-2026, batas 19-10-2026)" in second.message


def test_answer_before_receipt(cal: WorkCalendar) -> None:
    check = run([objection(number="025/KEB/PPID/X/2026", received=D("2026-10-30"), request_number=R1["number"],
                           grounds="a", decision="Ditolak", answer_date=D("2026-10-29"))], cal=cal)
    assert "KEB-013" in codes(check)


def test_decision_and_answer_date_go_together(cal: WorkCalendar) -> None:
    check = run([
        objection(number="026/KEB/PPID/X/2026", received=D("2026-10-30"), request_number=R1["number"], grounds="a",
                  decision="Dikabulkan"),
        objection(number="027/KEB/PPID/X/2026", received=D("2026-10-30"), request_number=R1["number"], grounds="a",
                  answer_date=D("2026-11-20")),
    ], cal=cal)
    assert codes(check) == ["KEB-014", "KEB-015"]
    assert {f.header for f in check.findings} == {"Tanggal Tanggapan", "Keputusan Atasan PPID"}
    assert all(r["flags"][:1] in (["JATUH TEMPO"], ["DATA TIDAK LENGKAP"]) for r in check.rows_json.values())


def test_commission_without_answer_before_answer_period_lapsed(cal: WorkCalendar) -> None:
    # Due Fri 11-12-2026 (received Fri 30-10); going to the KI on Tue 08-12 without an answer is early.
    check = run([objection(number="028/KEB/PPID/X/2026", received=D("2026-10-30"), request_number=R1["number"],
                           grounds="a", to_commission="Ya", commission_date=D("2026-12-08"))], cal=cal)
    assert codes(check) == ["KEB-016"]
    assert only(check)["status"] == STATUS_COMMISSION


def test_commission_without_answer_after_lapse_is_fine(cal: WorkCalendar) -> None:
    # Due Thu 12-11 (received Thu 01-10); no answer; KI limit Wed 02-12 (see test_pending_overdue).
    ok = run([objection(number="029/KEB/PPID/X/2026", received=D("2026-10-01"), request_number=R2["number"],
                        grounds="c", to_commission="Ya", commission_date=D("2026-12-01"))], cal=cal)
    assert codes(ok) == []
    assert only(ok)["status"] == STATUS_COMMISSION
    late = run([objection(number="029/KEB/PPID/X/2026", received=D("2026-10-01"), request_number=R2["number"],
                          grounds="c", to_commission="Ya", commission_date=D("2026-12-03"))], cal=cal)
    assert codes(late) == ["KEB-017"]
    assert "Rab 02-12-2026" in late.findings[0].message


def test_commission_after_answer_past_14_days(cal: WorkCalendar) -> None:
    # Answered Fri 20-11: KI limit Thu 10-12-2026 (see test_answered_on_time_no_letter). Filed Fri 11-12: late.
    rows = [objection(number="030/KEB/PPID/XI/2026", received=D("2026-10-30"), request_number=R1["number"],
                      grounds="a", decision="Ditolak", answer_date=D("2026-11-20"), to_commission="Ya",
                      commission_date=D("2026-12-11"))]
    check = run(rows, today=D("2026-12-14"), cal=cal)
    assert codes(check) == ["KEB-017"]
    assert "Kam 10-12-2026" in check.findings[0].message


def test_commission_fields_inconsistent(cal: WorkCalendar) -> None:
    check = run([objection(number="031/KEB/PPID/X/2026", received=D("2026-10-30"), request_number=R1["number"],
                           grounds="a", decision="Ditolak", answer_date=D("2026-11-20"),
                           commission_date=D("2026-11-19"))], cal=cal)
    assert codes(check) == ["KEB-018", "KEB-018"]  # date without "Ya"; date before the answer


def test_duplicate_number(cal: WorkCalendar) -> None:
    rows = [objection(number="032/KEB/PPID/X/2026", received=D("2026-10-30"), request_number=R1["number"],
                      grounds="a")] * 2
    check = run(rows, cal=cal)
    assert codes(check) == ["KEB-019", "KEB-019"]
    assert "baris 3" in check.findings[0].message
    assert set(check.rows_json) == {"032/KEB/PPID/X/2026", "032/KEB/PPID/X/2026 (baris 3)"}


def test_received_in_the_future(cal: WorkCalendar) -> None:
    check = run([objection(number="033/KEB/PPID/XII/2026", received=D("2026-12-10"), request_number=R1["number"],
                           grounds="a")], cal=cal)
    assert "KEB-020" in codes(check)


def test_catalogue_codes_are_indonesian_and_complete() -> None:
    keb = {c: t for c, t in CATALOGUE.items() if c.startswith("KEB-")}
    assert sorted(keb) == [f"KEB-{i:03d}" for i in range(1, 21)]
    assert all(t.message and t.fix and t.title for t in keb.values())


# --- numbering -----------------------------------------------------------------------------------

def test_next_numbers_sequence_per_year() -> None:
    template = "{seq:03d}/KEB/PPID/{month_roman}/{year}"
    existing = ["007/KEB/PPID/XII/2025", "002/KEB/PPID/X/2026", "004/KEB/PPID/XI/2026", "ketik bebas"]
    got = next_numbers(template, existing, [D("2026-11-03"), D("2026-11-04"), D("2027-01-05")])
    assert got == ["005/KEB/PPID/XI/2026", "006/KEB/PPID/XI/2026", "001/KEB/PPID/I/2027"]
    assert next_numbers("{seq}/{code}/{year}", ["12/ABC/2026"], [D("2026-01-02")]) == ["13//2026"]


def test_blank_numbers_filled_once(cal: WorkCalendar) -> None:
    rows = [
        objection(number="001/KEB/PPID/X/2026", received=D("2026-10-30"), request_number=R1["number"], grounds="a"),
        objection(number=None, received=D("2026-11-02"), request_number=R1["number"], grounds="a"),
        objection(number=" ", received=D("2026-10-30"), request_number=R1["number"], grounds="a", name="B"),
        objection(number=None, received=None, request_number=R1["number"], grounds="a", name="C"),
    ]
    backend = MemoryBackend({OBJECTIONS.name: grid(OBJECTIONS, rows)})
    reqs = read_requests(table_from_grid(REQUESTS.name, grid(REQUESTS, REQUESTS_ROWS)))
    snap = backend.read()
    check = check_objections(snap.table(OBJECTIONS.name), reqs, cal, CONFIG, TODAY)
    numbers = {w.row: w.value for w in check.cells if w.header == "No. Registrasi Keberatan"}
    # In order of receipt: row 4 (30-10) before row 3 (02-11); row 5 has no date and waits.
    assert numbers == {4: "002/KEB/PPID/X/2026", 3: "003/KEB/PPID/XI/2026"}
    assert check.summary["numbered"] == 2
    assert "002/KEB/PPID/X/2026" in check.rows_json and "baris 5" in check.rows_json
    backend.write(snap, WriteSet(cells=check.cells))
    snap2 = backend.read()
    again = check_objections(snap2.table(OBJECTIONS.name), reqs, cal, CONFIG, TODAY)
    assert not any(w.header == "No. Registrasi Keberatan" for w in again.cells)


# --- writing: only toolkit cells, nothing on a second run ----------------------------------------

def _demo_rows() -> list[dict]:
    return [
        objection(number="001/KEB/PPID/X/2026", received=D("2026-10-30"), request_number=R1["number"], grounds="a"),
        objection(number="002/KEB/PPID/X/2026", received=D("2026-10-01"), request_number=R2["number"], grounds="c"),
        objection(number="003/KEB/PPID/XI/2026", received=D("2026-11-02"), request_number=R1["number"], grounds="ag",
                  decision="Ditolak", answer_date=D("2026-11-20")),
        objection(number=None, received="31-02-2026", request_number="099/PPID/IX/2026", grounds=""),
    ]


def test_writes_only_toolkit_cells_and_second_run_writes_nothing(cal: WorkCalendar) -> None:
    backend = MemoryBackend({OBJECTIONS.name: grid(OBJECTIONS, _demo_rows())})
    reqs = read_requests(table_from_grid(REQUESTS.name, grid(REQUESTS, REQUESTS_ROWS)))
    snap = backend.read()
    staff_before = [[r[OBJECTIONS.headers.index(c.header)] for c in OBJECTIONS.staff_columns]
                    for r in backend.tabs[OBJECTIONS.name][1:]]
    check = check_objections(snap.table(OBJECTIONS.name), reqs, cal, CONFIG, TODAY)
    changes = WriteSet(cells=check.cells)
    guard_writes(snap, changes)  # raises on any staff cell
    assert {w.header for w in check.cells} <= {c.header for c in OBJECTIONS.toolkit_columns}
    assert "Diperiksa" not in {w.header for w in check.cells}
    report = backend.write(snap, changes)
    assert report.cells_written == len(check.cells) and not report.skipped
    staff_after = [[r[OBJECTIONS.headers.index(c.header)] for c in OBJECTIONS.staff_columns]
                   for r in backend.tabs[OBJECTIONS.name][1:]]
    assert staff_after == staff_before
    notes = backend.tabs[OBJECTIONS.name][4][OBJECTIONS.headers.index("Catatan Validasi")]
    assert notes.startswith("[KEB-")
    again = check_objections(backend.read().table(OBJECTIONS.name), reqs, cal, CONFIG, TODAY)
    assert again.cells == []


def test_dates_read_back_as_datetime_are_equal(cal: WorkCalendar) -> None:
    rows = _demo_rows()[:1]
    g = grid(OBJECTIONS, rows)
    backend = MemoryBackend({OBJECTIONS.name: g})
    reqs = read_requests(table_from_grid(REQUESTS.name, grid(REQUESTS, REQUESTS_ROWS)))
    snap = backend.read()
    backend.write(snap, WriteSet(cells=check_objections(snap.table(OBJECTIONS.name), reqs, cal, CONFIG, TODAY).cells))
    # As Excel gives them back: dates as datetimes, numbers as floats.
    row = backend.tabs[OBJECTIONS.name][1]
    for header in ("Batas Tanggapan", "Batas Pengajuan Keberatan"):
        i = OBJECTIONS.headers.index(header)
        row[i] = dt.datetime.combine(row[i], dt.time())
    i = OBJECTIONS.headers.index("Sisa Hari Kerja")
    row[i] = float(row[i])
    assert check_objections(backend.read().table(OBJECTIONS.name), reqs, cal, CONFIG, TODAY).cells == []


def test_no_table_and_summary() -> None:
    cal = WorkCalendar.build(CalendarOptions())
    empty = check_objections(None, [], cal, CONFIG, TODAY)
    assert (empty.findings, empty.cells, empty.actions, empty.rows_json) == ([], [], [], {})
    assert empty.summary["rows"] == 0
    check = run(_demo_rows(), cal=cal)
    s = check.summary
    assert (s["rows"], s["overdue"], s["due_soon"], s["answered"], s["numbered"]) == (4, 1, 1, 1, 0)
    assert s["errors"] == sum(f.severity == "error" for f in check.findings)


def test_json_has_no_personal_data(cal: WorkCalendar) -> None:
    rows = [objection(number="001/KEB/PPID/X/2026", received=D("2026-10-30"), request_number=R1["number"],
                      grounds="a", name="Nama Rahasia", address="Jl. Rahasia 1", phone="0812-0000-0001")]
    text = repr(run(rows, cal=cal).rows_json)
    assert "Rahasia" not in text and "0812" not in text


def test_snapshot_guard_accepts_number_only_when_blank(cal: WorkCalendar) -> None:
    rows = [objection(number=None, received=D("2026-10-30"), request_number=R1["number"], grounds="a")]
    table = table_from_grid(OBJECTIONS.name, grid(OBJECTIONS, rows))
    reqs = read_requests(table_from_grid(REQUESTS.name, grid(REQUESTS, REQUESTS_ROWS)))
    check = check_objections(table, reqs, cal, CONFIG, TODAY)
    guard_writes(Snapshot({OBJECTIONS.name: table}, "uji"), WriteSet(cells=check.cells))


def test_staff_text_in_messages_is_cleaned(cal: WorkCalendar) -> None:
    check = run([objection(number="034/KEB/PPID/XI/2026", received=D("2026-11-02"),
                           request_number="099/PPID\x0b/IX\u202e/2026" + "x" * 300, grounds="c")], cal=cal)
    [f] = check.findings
    assert f.code == "KEB-006"
    assert "\x0b" not in f.message and "\u202e" not in f.message and len(f.message) < 400


def test_deadlines_given_by_the_check_job_are_the_ones_computed_here(cal: WorkCalendar) -> None:
    """The check job passes the deadlines it already has; the result is the same as computing them."""
    from automation.rules.deadlines import compute_deadlines

    reqs = read_requests(table_from_grid(REQUESTS.name, grid(REQUESTS, REQUESTS_ROWS)))
    cols = compute_deadlines([r.received for r in reqs], cal=cal, today=TODAY,
                             election=[r.election for r in reqs], notice_dates=[r.notice_date for r in reqs])
    rows = [objection(request_number=R5["number"], received=D("2026-11-02"), grounds=("c",)),
            objection(request_number=R4["number"], received=D("2026-12-08"), grounds=("g",))]
    table = table_from_grid(OBJECTIONS.name, grid(OBJECTIONS, rows))
    alone = check_objections(table, reqs, cal, CONFIG, TODAY)
    given = check_objections(table, reqs, cal, CONFIG, TODAY, deadlines=cols.deadline.tolist())
    assert given.rows_json == alone.rows_json
    assert [f.code for f in given.findings] == [f.code for f in alone.findings]
    # R5 (10 HK from Mon 05-10-2026 -> Mon 19-10, answered Wed 21-10) was late: no KEB-010 either way.
    assert "KEB-010" not in [f.code for f in given.findings]


def test_typed_over_toolkit_cells_are_put_right_with_a_finding(cal: WorkCalendar) -> None:
    # same objection as test_pending_due_soon (due Fri 11-12-2026, 2 HK left), with grey cells typed over
    check = run([objection(number="001/KEB/PPID/X/2026", received=D("2026-10-30"), request_number=R1["number"],
                           grounds="a", status="Sudah dijawab", due="minggu depan")], cal=cal)
    typed = [f for f in check.findings if f.code == "PMH-061"]
    assert {f.header for f in typed} == {"Status", "Batas Tanggapan"}
    assert any('"Sudah dijawab"' in f.message and '"Diproses"' in f.message for f in typed)
    assert any('"minggu depan"' in f.message and '"11-12-2026"' in f.message for f in typed)
    assert cell(check, "Status") == STATUS_OPEN and cell(check, "Batas Tanggapan") == D("2026-12-11")
    assert "PMH-061" not in str(cell(check, "Catatan Validasi") if any(
        w.header == "Catatan Validasi" for w in check.cells) else "")


def test_no_number_for_an_objection_received_after_today(cal: WorkCalendar) -> None:
    # today Wed 09-12-2026; "10-12-2026" typed for a date still to come: no number until fixed
    check = run([objection(received=D("2026-12-10"), request_number=R1["number"], grounds="a"),
                 objection(received=D("2026-12-01"), request_number=R1["number"], grounds="a", name="Lain")], cal=cal)
    numbers = [w.value for w in check.cells if w.header == "No. Registrasi Keberatan"]
    assert numbers == ["001/KEB/PPID/XII/2026"]  # only the row received on 01-12
