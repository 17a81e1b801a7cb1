"""`init_google_register` lays out an empty Google Sheet like the Excel template."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from google.oauth2.credentials import Credentials

from sheets.google_init import GoogleRegisterExists, init_google_register
from sheets.layout import CHOICES, DIK, LOG, OBJECTIONS, PASAL17, REQUESTS, TABS
from tests.sheets_api_server import SERVICE_EMAIL, RecordingSleep, SheetsApiServer, running_server


@pytest.fixture
def sheets_server() -> Iterator[SheetsApiServer]:
    with running_server() as server:
        yield server


def init(server: SheetsApiServer, spreadsheet: str = "kosong"):
    return init_google_register(spreadsheet, auth=Credentials(token="t"), email=SERVICE_EMAIL,
                                base_url=server.url, sleep=RecordingSleep())


@pytest.fixture
def laid_out(sheets_server: SheetsApiServer) -> SheetsApiServer:
    sheets_server.create({"Sheet1": []}, spreadsheet_id="kosong")
    report = init(sheets_server)
    assert report.removed == ("Sheet1",)
    assert report.requests == 4  # metadata, is Sheet1 empty, structure, values
    return sheets_server


def test_tabs_and_headers(laid_out: SheetsApiServer) -> None:
    book = laid_out.book("kosong")
    assert [s.title for s in book.sheets] == [t.name for t in TABS]
    for tab in TABS:
        assert laid_out.grid(tab.name, "kosong")[0] == list(tab.headers)
        assert book.sheet(tab.name).props["gridProperties"]["frozenRowCount"] == 1


def test_header_notes_formats_and_widths(laid_out: SheetsApiServer) -> None:
    sheet = laid_out.book("kosong").sheet(REQUESTS.name)
    received = REQUESTS.headers.index("Tanggal Diterima")
    assert sheet.meta[(0, received)]["note"] == REQUESTS.column("received").help
    assert sheet.meta[(0, 0)]["userEnteredFormat"]["textFormat"]["bold"] is True
    assert sheet.meta[(5, received)]["userEnteredFormat"]["numberFormat"] == {"type": "DATE", "pattern": "dd-mm-yyyy"}
    nik = REQUESTS.headers.index("NIK / No. Identitas")
    assert sheet.meta[(5, nik)]["userEnteredFormat"]["numberFormat"] == {"type": "TEXT"}
    assert sheet.dims[("COLUMNS", 0)]["pixelSize"] == REQUESTS.columns[0].width * 7 + 5


def test_dropdowns_come_from_pilihan(laid_out: SheetsApiServer) -> None:
    sheet = laid_out.book("kosong").sheet(REQUESTS.name)
    channel = REQUESTS.headers.index("Kanal Permohonan")
    rule = sheet.meta[(1, channel)]["dataValidation"]
    col = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[list(CHOICES).index("Kanal Permohonan")]
    assert rule["condition"] == {"type": "ONE_OF_RANGE", "values": [{"userEnteredValue": f"='Pilihan'!${col}$2:${col}"}]}
    pilihan = laid_out.grid("Pilihan", "kosong")
    column = list(CHOICES).index("Kanal Permohonan")
    assert [r[column] for r in pilihan[1:len(CHOICES["Kanal Permohonan"]) + 1]] == list(CHOICES["Kanal Permohonan"])
    officer = REQUESTS.headers.index("Petugas")
    assert sheet.meta[(1, officer)]["dataValidation"]["condition"]["values"][0]["userEnteredValue"] == "='Petugas'!$A$2:$A"


def test_toolkit_columns_and_tabs_protected_with_warning(laid_out: SheetsApiServer) -> None:
    book = laid_out.book("kosong")
    (rng,) = [p for p in book.sheet(REQUESTS.name).protected]
    first = REQUESTS.headers.index("Batas Waktu")
    assert rng["warningOnly"] is True
    assert (rng["range"]["startColumnIndex"], rng["range"]["endColumnIndex"]) == (first, len(REQUESTS.columns))
    assert all(not c.is_toolkit for c in REQUESTS.columns[:first])
    assert book.sheet(LOG.name).protected[0]["warningOnly"] is True
    assert book.sheet(DIK.name).protected == []


def test_filters_and_flag_colours(laid_out: SheetsApiServer) -> None:
    book = laid_out.book("kosong")
    for tab in (REQUESTS, OBJECTIONS):
        sheet = book.sheet(tab.name)
        assert sheet.basic_filter["range"]["endColumnIndex"] == len(tab.columns)
        formulas = [r["booleanRule"]["condition"]["values"][0]["userEnteredValue"] for r in sheet.conditional]
        assert [("TERLAMBAT" in f, "JATUH TEMPO" in f) for f in formulas] == [(True, False), (False, True)]
        red = sheet.conditional[0]["booleanRule"]["format"]["backgroundColor"]
        assert red["red"] > red["green"]


def test_dik_seeded_with_pasal_17(laid_out: SheetsApiServer) -> None:
    rows = laid_out.grid(DIK.name, "kosong")[1:]
    assert [r[0] for r in rows] == [f"P17-{c}" for c in "ABCDEFGHIJ"]
    assert [r[1] for r in rows] == list(PASAL17.values())
    assert rows[0][2] == "huruf a"


def test_refuses_a_spreadsheet_with_a_register(laid_out: SheetsApiServer) -> None:
    before = laid_out.grid(REQUESTS.name, "kosong")
    with pytest.raises(GoogleRegisterExists, match="sudah berisi register"):
        init(laid_out)
    assert laid_out.grid(REQUESTS.name, "kosong") == before
    assert [e.method for e in laid_out.api_requests()][-1] == "GET"


def test_keeps_a_default_sheet_that_has_data(sheets_server: SheetsApiServer) -> None:
    sheets_server.create({"Sheet1": [["catatan lama"]]}, spreadsheet_id="kosong")
    report = init(sheets_server)
    assert report.removed == ()
    assert sheets_server.grid("Sheet1", "kosong") == [["catatan lama"]]


def test_backend_reads_the_new_register(laid_out: SheetsApiServer) -> None:
    from tests.sheets_api_server import backend_on

    snap = backend_on(laid_out, "kosong").read()
    assert snap.table(REQUESTS.name).missing_headers(REQUESTS) == []
    assert snap.table(REQUESTS.name).rows == ()
