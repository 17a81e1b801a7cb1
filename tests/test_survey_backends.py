"""The survey import on every backend (memory, real .xlsx, gspread against the local Sheets API
test server): new rows appended at the end, existing rows untouched, a formula stays text, a
rerun appends nothing; the tab is optional; appending to any other staff tab is refused."""

from __future__ import annotations

import datetime as dt

import pytest

from automation.reports.figures import compute_report
from automation.rules.calendar import CalendarOptions, WorkCalendar
from automation.rules.records import read_requests
from automation.survey.importer import plan_import, tab_rows
from automation.survey.responses import read_responses
from sheets.errors import StaffCellWrite
from sheets.layout import REQUESTS, SURVEY
from sheets.memory import MemoryBackend
from sheets.model import WriteSet
from tests.conftest import Make
from tests.register_factory import request

TODAY = dt.date(2026, 11, 30)

CSV = (b"Timestamp,U1 Persyaratan,U2 Prosedur,U3 Waktu,U4 Biaya,U5 Produk,U6 Kompetensi,U7 Perilaku,"
       b"U8 Pengaduan,U9 Sarana,Saran dan Masukan\n"
       b"2026/11/02 10:00:00,4,4,3,4,3,3,4,,3,Bagus\n"
       b'2026/11/03 11:00:00,3,3,3,4,3,3,3,3,2,"=IMPORTXML(""http://x"",""//a"")"\n')


def test_import_appends_on_every_backend(make_backend: tuple[str, Make]) -> None:
    kind, make = make_backend
    typed = [dt.date(2026, 11, 2), None, 2, 2, 2, 2, 2, 2, 2, 2, 2, "kertas", None]
    backend = make({REQUESTS.name: [list(REQUESTS.headers), request(number="001/PPID/XI/2026")],
                    SURVEY.name: [list(SURVEY.headers), typed]})
    snap = backend.read()
    plan = plan_import(CSV, set(), TODAY)
    assert len(plan.rows) == 2
    backend.write(snap, WriteSet(append_rows={SURVEY.name: tab_rows(plan, snap.table(SURVEY.name).headers)}))
    after = backend.read()
    table = after.table(SURVEY.name)
    assert len(table.rows) == 3
    assert table.rows[0][2] == 2 and table.rows[0][11] == "kertas"  # the typed row is as it was
    responses, findings = read_responses(table, TODAY)
    assert [r.answers for r in responses][1:] == [(4, 4, 3, 4, 3, 3, 4, None, 3), (3, 3, 3, 4, 3, 3, 3, 3, 2)]
    assert responses[2].comments.startswith("=IMPORTXML")  # text, never a formula
    assert "SKM-009" in {f.code for f in findings}
    # rerun: every response is recognised by its ID Respons
    ids = {str(v) for v in table.column(SURVEY.header("response_id")) if v}
    again = plan_import(CSV, ids, TODAY)
    assert again.rows == [] and again.already == 2
    # the same write into another staff tab is refused
    with pytest.raises(StaffCellWrite):
        backend.write(after, WriteSet(append_rows={REQUESTS.name: [("x",)]}))


def test_register_without_the_tab_is_fine() -> None:
    backend = MemoryBackend({REQUESTS.name: [list(REQUESTS.headers), request(number="001/PPID/XI/2026")]})
    snap = backend.read()
    assert snap.table(SURVEY.name) is None
    assert read_responses(snap.table(SURVEY.name), TODAY) == ([], [])
    cal = WorkCalendar.build(CalendarOptions(), [])
    requests = read_requests(snap.table(REQUESTS.name))
    figures = compute_report(requests, [], cal, dt.date(2026, 11, 1), dt.date(2026, 11, 30), TODAY,
                             survey_responses=[])
    assert figures.survey is None and "survey" not in figures.to_dict()
