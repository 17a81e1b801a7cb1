"""The demo register (`ppid demo`): reproducible, complete, and it exercises the checks."""

from __future__ import annotations

import collections
import datetime as dt
import re

import pytest

from automation.check.job import run_check
from automation.check.objections import (
    STATUS_ANSWERED_LATE,
    STATUS_COMMISSION,
    STATUS_LATE,
    STATUS_ON_TIME,
    STATUS_OPEN,
    check_objections,
)
from automation.demo.register import demo_calendar, demo_grids, staff_tabs
from automation.rules.calendar import WorkCalendar
from automation.rules.config import Config
from automation.rules.records import read_dik, read_objections, read_requests
from automation.rules.values import parse_date
from sheets.layout import CHOICES, DIK, OBJECTIONS, REQUESTS
from sheets.memory import MemoryBackend, table_from_grid

TODAY = dt.date(2026, 12, 9)  # Wednesday
# A Saturday, a day early in January (the window crosses a year), a day in the official-calendar years.
TODAYS = (TODAY, dt.date(2026, 12, 12), dt.date(2027, 1, 18), dt.date(2025, 6, 2))


@pytest.fixture(scope="module")
def grids() -> dict[str, list[list]]:
    return demo_grids(TODAY)


def test_reproducible_for_a_seed() -> None:
    assert demo_grids(TODAY, seed=7) == demo_grids(TODAY, seed=7)
    assert demo_grids(TODAY, seed=7) != demo_grids(TODAY, seed=8)


def test_every_staff_tab_with_layout_headers(grids: dict[str, list[list]]) -> None:
    assert set(grids) == {t.name for t in staff_tabs()}
    for tab in staff_tabs():
        assert tuple(grids[tab.name][0]) == tab.headers
        assert all(len(row) == len(tab.headers) for row in grids[tab.name])


def test_requests_mix(grids: dict[str, list[list]]) -> None:
    reqs = read_requests(table_from_grid(REQUESTS.name, grids[REQUESTS.name]))
    assert 55 <= len(reqs) <= 65
    assert {r.channel for r in reqs} == set(CHOICES["Kanal Permohonan"])
    assert {r.requester_type for r in reqs} == set(CHOICES["Jenis Pemohon"])
    assert sum(r.election for r in reqs) == 1
    assert sum(r.refused_pasal17 and r.decision == "Ditolak" for r in reqs) >= 3
    assert any(r.consequence_test for r in reqs if r.refused_pasal17)
    assert sum(r.extended for r in reqs) >= 4
    # About 4 months back, nothing in the future.
    dates = [r.received for r in reqs if r.received]
    assert min(dates) >= TODAY - dt.timedelta(days=140) and max(dates) <= TODAY
    assert all(r.notice_date is None or r.notice_date <= TODAY for r in reqs)
    # Mostly numbered, a few blank.
    assert 1 <= sum(not r.number for r in reqs) <= 5
    numbers = collections.Counter(r.number for r in reqs if r.number)
    assert [n for n, c in numbers.items() if c > 1]  # one duplicate on purpose


def test_mistakes_on_purpose(grids: dict[str, list[list]]) -> None:
    rows = grids[REQUESTS.name][1:]
    cells = [v for row in rows for v in row]
    texts = [v for v in cells if isinstance(v, str)]
    assert any(re.fullmatch(r"31-02-\d{4}", t) for t in texts)
    assert any(re.fullmatch(r"\d{2}-\d{2}-\d{2}", t) for t in texts)  # two-digit year
    assert any(t.startswith("=HYPERLINK(") for t in texts)
    assert "lima ribu" in texts
    idx = REQUESTS.headers.index
    ids = [row[idx("NIK / No. Identitas")] for row in rows if row[idx("Jenis Pemohon")] == "Perorangan"]
    assert sum(len(i) == 15 for i in ids) == 1
    assert any(not row[idx("Nomor Telepon")] and not row[idx("Email")] for row in rows)
    received = [row[idx("Tanggal Diterima")] for row in rows]
    assert sum(isinstance(v, str) for v in received) >= 2  # typed as Indonesian text
    assert sum(isinstance(v, dt.date) for v in received) >= 50
    assert all(parse_date(v)[0] is not None for v in received)  # text dates are still readable


def test_personal_data_is_fictitious_and_plausible(grids: dict[str, list[list]]) -> None:
    idx = REQUESTS.headers.index
    rows = grids[REQUESTS.name][1:]
    phones = [row[idx("Nomor Telepon")] for row in rows if row[idx("Nomor Telepon")]]
    assert phones and all(re.fullmatch(r"0812-0000-\d{4}", p) for p in phones)
    emails = [row[idx("Email")] for row in rows if row[idx("Email")]]
    assert emails and all(e.endswith("@example.com") for e in emails)
    niks = [row[idx("NIK / No. Identitas")] for row in rows
            if row[idx("Jenis Pemohon")] == "Perorangan" and len(row[idx("NIK / No. Identitas")]) == 16]
    assert len(niks) > 30
    for nik in niks:
        assert nik.isdigit() and nik[:2] == "15"
        day, month = int(nik[6:8]), int(nik[8:10])
        assert (1 <= day <= 31 or 41 <= day <= 71) and 1 <= month <= 12
        dt.date(1900 + int(nik[10:12]), month, day - 40 if day > 40 else day)  # a real birth date
    assert sum(n.startswith("1503") for n in niks) > len(niks) / 2


def test_supporting_tabs(grids: dict[str, list[list]]) -> None:
    dik = read_dik(table_from_grid(DIK.name, grids[DIK.name]))
    assert {e.article for e in dik.values()} >= {f"huruf {x}" for x in "abcdefghij"}
    assert len(dik) >= 13
    keywords = {k for e in dik.values() for k in e.keywords}
    assert {"data pribadi pemilih", "nik", "rekam medis", "hasil pemeriksaan kesehatan calon"} <= keywords
    assert sum(e.valid_until is not None and e.valid_until < TODAY for e in dik.values()) == 1
    kinds = [row[1] for row in grids["Hari Libur"][1:]]
    assert sorted(kinds) == ["Libur Kantor", "Masuk Kerja"]
    worked = [row[0] for row in grids["Hari Libur"][1:] if row[1] == "Masuk Kerja"]
    assert worked[0].weekday() == 5
    assert len(grids["Petugas"]) == 4
    assert grids["Pilihan"][0] == list(CHOICES)
    assert grids["Pilihan"][1][0] == CHOICES["Kanal Permohonan"][0]


@pytest.mark.parametrize("today", TODAYS)
def test_objections_show_every_case(today: dt.date) -> None:
    grids = demo_grids(today)
    objections = read_objections(table_from_grid(OBJECTIONS.name, grids[OBJECTIONS.name]))
    assert 4 <= len(objections) <= 6
    assert sum(not o.number for o in objections) == 1
    cal: WorkCalendar = demo_calendar(today)
    reqs = read_requests(table_from_grid(REQUESTS.name, grids[REQUESTS.name]))
    check = check_objections(table_from_grid(OBJECTIONS.name, grids[OBJECTIONS.name]), reqs, cal, Config(), today)
    rows = list(check.rows_json.values())
    statuses = collections.Counter(r["status"] for r in rows)
    assert statuses == {STATUS_ON_TIME: 2, STATUS_ANSWERED_LATE: 1, STATUS_LATE: 1, STATUS_OPEN: 1,
                        STATUS_COMMISSION: 1}
    assert all(r["request_found"] for r in rows)
    assert [r["election"] for r in rows].count(True) == 1
    assert [r for r in rows if r["status"] == STATUS_OPEN][0]["flags"] == ["JATUH TEMPO"]
    codes = [f.code for f in check.findings if f.code.startswith("KEB-")]
    assert codes == ["KEB-007"]  # the late-filed one; every other objection is consistent
    assert check.summary["numbered"] == 1


def test_check_job_on_the_demo_register() -> None:
    backend = MemoryBackend(demo_grids(TODAY))
    result = run_check(backend.read(), Config(), TODAY, dt.datetime(2026, 12, 9, 9, 0))
    flags = collections.Counter(f for row in result.rows_json["rows"].values() for f in row["flags"])
    assert flags["TERLAMBAT"] >= 3
    assert flags["DIKECUALIKAN"] >= 3
    assert result.findings
    assert "objections" in result.rows_json and len(result.rows_json["objections"]) == 6
    backend.write(backend.read(), result.changes)
