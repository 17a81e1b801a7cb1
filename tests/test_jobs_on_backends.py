"""The jobs behave the same on every backend: memory, a real .xlsx, and gspread over HTTP to the
local Sheets API test server. One suite, parametrised by backend: results read back through
the backend, no staff cell written, a requester's formula stays text, reruns change nothing.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl

from automation.check.job import run_check
from automation.cli.report_cmd import figures_from_snapshot
from automation.letters.issue import plan_notices, render_notices
from automation.reports.figures import Period
from automation.reports.tab import report_tab
from automation.rules.config import default_config
from automation.rules.office_calendar import office_calendar
from sheets.layout import DIK, HOLIDAYS, LETTERS, LOG, OBJECTIONS, OFFICERS, REQUESTS, Tab
from sheets.model import Backend, Snapshot, WriteSet
from tests.conftest import Make
from tests.register_factory import DECIDED, D, request, row
from tests.sheets_api_state import Formula

INJECTION = '=IMPORTXML("http://x","//a")'
TODAY = D("2026-11-30")  # Monday
NOW = dt.datetime(2026, 11, 30, 8, 0)
STAFF_TABS: tuple[Tab, ...] = (REQUESTS, OBJECTIONS, DIK, HOLIDAYS, OFFICERS)

def _grids() -> dict[str, list[list[Any]]]:
    rows = [
        # A: the worked example, received Fri 27-11-2026: day 10 = Fri 11-12-2026
        request(number="001/PPID/XI/2026"),
        # B: no number yet, a name typed as a formula
        request(name=INJECTION, information="Daftar calon terpilih DPRD", received=D("2026-11-26")),
        # C: decided (notice Fri 13-11-2026), no letter issued yet
        request(number="003/PPID/XI/2026", received=D("2026-11-02"), **{**DECIDED, "letters": None,
                                                                          "notice_date": D("2026-11-13")}),
        # D: received Mon 02-11-2026, unanswered: due Mon 16-11-2026, overdue on 30-11
        request(number=INJECTION, received=D("2026-11-02"), name="Budi"),
    ]
    return {
        REQUESTS.name: [list(REQUESTS.headers), *rows],
        OBJECTIONS.name: [list(OBJECTIONS.headers)],
        DIK.name: [list(DIK.headers), row(DIK, code="P17-H", information="Rahasia pribadi", article="huruf h")],
        HOLIDAYS.name: [list(HOLIDAYS.headers)],
        OFFICERS.name: [list(OFFICERS.headers), ["Rina", "", "Staf", "Ya"]],
    }


def _staff_cells(snapshot: Snapshot) -> dict[tuple[str, int, str], object]:
    out = {}
    for tab in STAFF_TABS:
        table = snapshot.table(tab.name)
        for record in zip(table.row_numbers, table.records(tab)):
            n, values = record
            for col in tab.staff_columns:
                out[(tab.name, n, col.header)] = values[col.key]
    return out


def _by_number(snapshot: Snapshot) -> dict[str, dict[str, object]]:
    return {str(r["number"]): r for r in snapshot.table(REQUESTS.name).records(REQUESTS)}


def _no_formulas(kind: str, backend: Backend, make: Make) -> None:
    if kind == "excel":
        wb = openpyxl.load_workbook(backend.path)  # type: ignore[attr-defined]
        formulas = [(ws.title, c.coordinate) for ws in wb for r in ws.iter_rows() for c in r if c.data_type == "f"]
        assert formulas == []
    elif kind == "google":
        book = make.server.book()  # type: ignore[attr-defined]
        assert not [v for s in book.sheets for r in s.values for v in r if isinstance(v, Formula)]


def test_check_round_trip(make_backend: tuple[str, Make]) -> None:
    kind, make = make_backend
    backend = make(_grids())
    cfg = default_config()
    before = backend.read()
    result = run_check(before, cfg, TODAY, NOW)
    backend.write(before, result.changes)
    after = backend.read()

    rows = _by_number(after)
    a, c = rows["001/PPID/XI/2026"], rows["003/PPID/XI/2026"]
    assert a["due"] == D("2026-12-11") and a["status"] == "Diproses"
    # Mon 30-11 -> Fri 11-12: 9 working days left (1-4 Dec = 5, 7-11 Dec = 5, minus today)
    assert a["remaining"] == 9
    # B was numbered: one past the highest of 2026 (003), never a gap-filler; its formula-like
    # name is reported and kept as typed
    b = rows["004/PPID/XI/2026"]
    assert b["name"] == INJECTION
    assert "PMH-042" in str(b["findings"])
    # D: a number typed as a formula, overdue: the toolkit echoes it into "Perlu Tindakan" as text
    actions = after.table("Perlu Tindakan")
    assert INJECTION in actions.column("Nomor")
    # C: decided, no letter yet
    assert "BELUM ADA SURAT" in str(c["flags"]) and c["status"] == "Selesai Tepat Waktu"

    # no staff cell changed, except the one blank number that was filled
    changed = {k for k, v in _staff_cells(before).items() if _staff_cells(after).get(k) != v}
    assert changed == {(REQUESTS.name, 3, "No. Pendaftaran")}
    assert rows[INJECTION]["status"] == "Terlambat"
    _no_formulas(kind, backend, make)

    # a second run on the unchanged register writes no cell
    again = run_check(after, cfg, TODAY, NOW)
    assert again.changes.cells == [] and again.changes.replace_tabs == []
    # the Log row's stamp: the Excel writer fills the fingerprint slot of each tab it rewrote;
    # a backend without fingerprints never gets a slot (no "{sidik:...}" text left anywhere)
    log = [str(r[-1]) for r in after.table(LOG.name).rows]
    assert log and all("{sidik:" not in text and "PT=" in text for text in log)
    assert ("@" in log[-1].split("tab:")[-1]) is (kind == "excel")


def test_notices_round_trip(make_backend: tuple[str, Make], tmp_path: Path) -> None:
    kind, make = make_backend
    backend = make(_grids())
    cfg = default_config(tmp_path)
    snap = backend.read()
    backend.write(snap, run_check(snap, cfg, TODAY, NOW).changes)
    snap = backend.read()
    cal = office_calendar(cfg, snap).calendar
    plan = plan_notices(snap, cfg, cal, TODAY, made="30-11-2026 08:00")
    # receipts for A, B, C, D; the written notice for C (dated 13-11-2026, the row's notice date)
    assert sorted(p.kind.key for p in plan.new) == ["notice", "receipt", "receipt", "receipt", "receipt"]
    backend.write(snap, plan.writes)
    files = render_notices(plan, cfg)
    assert len(files) == 5 and all(f.is_file() for f in files)
    snap = backend.read()
    assert len(snap.table(LETTERS.name).rows) == 5
    assert INJECTION in snap.table(LETTERS.name).column("No. Pendaftaran")
    c = _by_number(snap)["003/PPID/XI/2026"]
    assert "Pemberitahuan Tertulis:" in str(c["letters"]) and "Tanda Bukti Permohonan:" in str(c["letters"])
    again = plan_notices(snap, cfg, cal, TODAY, made="30-11-2026 09:00")
    assert again.new == [] and not again.writes.cells
    _no_formulas(kind, backend, make)


def test_report_tab_replaced_not_duplicated(make_backend: tuple[str, Make]) -> None:
    kind, make = make_backend
    backend = make(_grids())
    cfg = default_config()
    period = Period.month(2026, 11)
    for _ in range(2):
        snap = backend.read()
        figures, trend = figures_from_snapshot(snap, cfg, period, TODAY)
        backend.write(snap, WriteSet(replace_tabs=[report_tab(figures, trend)]))
    snap = backend.read()
    assert [name for name in snap.tables if name.startswith("Laporan")] == ["Laporan 2026-11"]
    # four requests received in November 2026 (27-11, 26-11, 02-11, 02-11)
    assert figures.received == 4
    table = snap.table("Laporan 2026-11")
    text = " ".join(str(v) for v in (table.headers + tuple(v for r in table.rows for v in r)) if v is not None)
    assert "November 2026" in text
