"""The check job on a memory register: staff cells untouched, idempotent, numbering, tabs, log."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt

from automation.check.job import run_check
from automation.rules.config import default_config
from sheets.layout import ACTIONS, HOLIDAYS, LOG, REQUESTS
from tests.register_factory import DECIDED, D, backend, cell, check, request, row

TODAY = D("2026-12-09")  # Wed; a request received Fri 27-11-2026 is due Fri 11-12-2026 (day 10)


def _staff_view(grid: list[list]) -> list[list]:
    staff = [i for i, h in enumerate(grid[0]) if h in REQUESTS.headers and not REQUESTS.by_header()[h.casefold()].is_toolkit]
    return [[r[i] if i < len(r) else None for i in staff] for r in grid]


def test_no_staff_cell_is_written_except_blank_numbers() -> None:
    rows = [request(number="007/PPID/XI/2026"), request(name="Budi", identity="1503010101800003", phone="x"),
            request(**DECIDED, name="Ani", identity="1503010101800004")]
    b = backend(*rows)
    before = copy.deepcopy(b.tabs[REQUESTS.name])
    result = run_check(b.read(), default_config(), TODAY, dt.datetime(2026, 12, 9, 8))
    b.write(b.read(), result.changes)
    after = b.tabs[REQUESTS.name]
    number = REQUESTS.headers.index("No. Pendaftaran")
    for old, new in zip(_staff_view(before), _staff_view(after)):
        assert [v for i, v in enumerate(old) if i != number] == [v for i, v in enumerate(new) if i != number]
    assert [r[number] for r in after[1:]] == ["007/PPID/XI/2026", "008/PPID/XI/2026", "009/PPID/XI/2026"]


def test_second_run_changes_nothing() -> None:
    b = backend(request(), request(**DECIDED, name="Ani", identity="1503010101800004"), request(received="kemarin"))
    first = run_check(b.read(), default_config(), TODAY, dt.datetime(2026, 12, 9, 8))
    assert first.changes.cells and first.changes.replace_tabs
    b.write(b.read(), first.changes)
    second = run_check(b.read(), default_config(), TODAY, dt.datetime(2026, 12, 9, 9, 30))
    assert second.changes.cells == [] and second.changes.replace_tabs == []
    assert list(second.changes.append_rows) == [LOG.name]  # one Log row per run, nothing else
    assert cell(b, 2, "checked") == "09-12-2026 08:00"


def test_next_day_only_remaining_and_checked_move() -> None:
    result, b = check(TODAY, request())
    nxt = run_check(b.read(), default_config(), D("2026-12-10"), dt.datetime(2026, 12, 10, 8))
    assert {c.header for c in nxt.changes.cells} == {"Sisa Hari Kerja", "Diperiksa"}
    assert [c.value for c in nxt.changes.cells if c.header == "Sisa Hari Kerja"] == [1]  # only Fri 11-12 left


def test_numbering_per_year_in_receipt_order_and_never_changed() -> None:
    rows = [
        request(received=D("2026-11-27"), name="A", identity="1503010101800001"),
        request(received=D("2026-11-02"), name="B", identity="1503010101800002"),
        request(received=D("2025-12-30"), name="C", identity="1503010101800003"),
        request(number="012/PPID/X/2026", received=D("2026-10-01"), name="D", identity="1503010101800004"),
        request(number="nomor lama 99", received=D("2026-10-02"), name="E", identity="1503010101800005"),
    ]
    result, b = check(TODAY, *rows)
    numbers = [cell(b, n, "number") for n in range(2, 7)]
    # 2026: highest used 12 -> 013 for 02-11 (earlier receipt), 014 for 27-11; 2025 starts at 001
    assert numbers == ["014/PPID/XI/2026", "013/PPID/XI/2026", "001/PPID/XII/2025", "012/PPID/X/2026", "nomor lama 99"]
    assert result.numbers == {2: "014/PPID/XI/2026", 3: "013/PPID/XI/2026", 4: "001/PPID/XII/2025"}
    # a later run gives a new row the next number and leaves the others alone
    grid = b.tabs[REQUESTS.name]
    grid.append(request(received=D("2026-12-01"), name="F", identity="1503010101800006"))
    again = run_check(b.read(), default_config(), TODAY, dt.datetime(2026, 12, 9, 9))
    assert again.numbers == {7: "015/PPID/XII/2026"}
    assert [c for c in again.changes.cells if c.header == "No. Pendaftaran"][0].row == 7


def test_numbering_with_a_custom_format() -> None:
    cfg = default_config()
    cfg = dataclasses.replace(cfg, numbers=dataclasses.replace(cfg.numbers, request="PPID-{year}-{seq:05d}"))
    result, b = check(TODAY, request(number="PPID-2026-00041"), request(name="B", identity="1503010101800002"),
                      config=cfg)
    assert cell(b, 3, "number") == "PPID-2026-00042"


def test_perlu_tindakan_most_urgent_first_with_texts() -> None:
    rows = [
        request(**{**DECIDED, "supervised": None}, name="Ani", identity="1503010101800001"),  # finished, not supervised
        request(received=D("2026-11-20"), name="Budi", identity="1503010101800002", officer="Rina"),  # overdue
        request(received=D("2026-11-27"), name="Cici", identity="1503010101800003"),  # due Fri 11-12
    ]
    result, b = check(TODAY, *rows)
    tab = b.tabs[ACTIONS.name]
    assert tab[0] == list(ACTIONS.headers)
    # received Fri 20-11-2026: day 10 is Fri 04-12-2026; on Wed 09-12 it is 3 working days late (7, 8, 9)
    col = {h: i for i, h in enumerate(tab[0])}
    assert [r[col["Baris"]] for r in tab[1:]] == [3, 4, 2]
    late, soon, unsupervised = ({h: r[i] for h, i in col.items()} for r in tab[1:])
    assert late["Bendera"] == "TERLAMBAT; RISIKO KEBERATAN" and late["Batas"] == D("2026-12-04")
    assert late["Sisa Hari Kerja"] == -3 and late["Waktu"] == "terlambat 3 hari kerja (batas Jum 04-12-2026)"
    assert late["Tindakan"].startswith("Segera kirim pemberitahuan tertulis (batas sudah lewat)\n")
    assert late["Petugas"] == "Rina" and late["Nama Pemohon"] == "Budi" and late["Nomor"] == "001/PPID/XI/2026"  # received first
    assert late["Prioritas"] == "1 - Terlambat: batas sudah lewat"
    assert soon["Tindakan"] == "Kirim pemberitahuan tertulis paling lambat Jum 11-12-2026" and soon["Sisa Hari Kerja"] == 2
    assert soon["Prioritas"] == "3 - Jatuh tempo: batas sudah dekat" and soon["Waktu"].startswith("sisa 2 hari kerja")
    assert unsupervised["Bendera"] == "BELUM DISUPERVISI" and "Supervisi Kasubbag = Ya" in unsupervised["Tindakan"]


def test_log_row_and_line_have_no_personal_data() -> None:
    nik, phone, name = "1503014101900001", "0812-3456-7890", "Siti Aminah"
    result, b = check(TODAY, request(identity=nik, phone=phone, name=name), request(received="31-13-2026"))
    (log_row,) = b.tabs[LOG.name][1:]
    text = " ".join(str(v) for v in log_row) + " " + result.log_line
    for secret in (nik, phone, name, "Siti", "3456"):
        assert secret not in text
    assert log_row[:6] == [dt.datetime(2026, 12, 9, 8, 0), "check", 2, result.summary["errors"], result.summary["warnings"],
                           result.summary["cells"]]


def test_moved_due_dates_are_logged() -> None:
    result, b = check(TODAY, request())
    # the office closes on Thu 10-12-2026: the due date moves from Fri 11-12 to Mon 14-12
    b.tabs[HOLIDAYS.name].append(row(HOLIDAYS, date="10-12-2026", kind="Libur Kantor", name="Rapat pleno"))
    again = run_check(b.read(), default_config(), TODAY, dt.datetime(2026, 12, 9, 10))
    assert again.moved == ["Batas waktu berubah: 001/PPID/XI/2026 11-12-2026 -> 14-12-2026"]
    assert "11-12-2026 -> 14-12-2026" in again.changes.append_rows[LOG.name][0][6]
    assert "batas_berubah=1" in again.log_line


def test_exit_code_errors_and_warnings() -> None:
    ok, _ = check(TODAY, request())
    warn, _ = check(TODAY, request(purpose="=1+1"))
    err, _ = check(TODAY, request(name=None))
    assert (ok.exit_code, warn.exit_code, err.exit_code) == (0, 0, 1)


def test_rows_with_only_toolkit_leftovers_are_ignored() -> None:
    leftover = row(REQUESTS, status="Diproses", flags="JATUH TEMPO")
    result, b = check(TODAY, request(), leftover)
    assert result.summary["rows"] == 1 and all(c.row == 2 for c in result.changes.cells)
