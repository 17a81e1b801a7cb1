"""GoogleBackend over the real gspread client, against the local Sheets API v4 test server."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Iterator

import pytest

from sheets.errors import StaffCellWrite
from sheets.google import (
    GoogleKeyInvalid,
    GoogleKeyMissing,
    GoogleNotInstalled,
    GoogleNotShared,
    GoogleQuotaExhausted,
    GoogleSpreadsheetIdInvalid,
    GoogleSpreadsheetNotFound,
    GoogleUnavailable,
    RetryPolicy,
    open_google_backend,
    parse_spreadsheet_id,
)
from sheets.layout import LOG, REQUESTS
from sheets.memory import MemoryBackend
from sheets.model import CellWrite, Chart, SheetContent, WriteSet, row_identity
from tests.sheets_api_server import (
    SERVICE_EMAIL,
    RecordingSleep,
    SheetsApiServer,
    backend_on,
    running_server,
    write_key_file,
)
from tests.sheets_api_state import Formula

TAB = REQUESTS.name
HEADERS = list(REQUESTS.headers)
COL = {h: i for i, h in enumerate(HEADERS)}
INJECTION = '=IMPORTXML("http://x","//a")'


@pytest.fixture
def sheets_server() -> Iterator[SheetsApiServer]:
    with running_server() as server:
        yield server


def register(n: int, blank_key: int | None = None) -> list[list[object]]:
    rows: list[list[object]] = [HEADERS]
    for i in range(n):
        r: list[object] = [None] * len(REQUESTS.staff_columns)
        r[COL["No. Pendaftaran"]] = None if i == blank_key else f"{i + 1:05d}/PPID/XI/2026"
        r[COL["Tanggal Diterima"]] = dt.date(2026, 1, 1) + dt.timedelta(days=i % 300)
        r[COL["Jam Diterima"]] = dt.time(9, 30)
        r[COL["Kanal Permohonan"]] = "Email"
        r[COL["Jenis Pemohon"]] = "Perorangan"
        r[COL["Nama Pemohon"]] = INJECTION if i == 1 else f"Pemohon {i:05d}"
        r[COL["NIK / No. Identitas"]] = f"{1500000000000000 + i}"
        r[COL["Informasi yang Diminta"]] = f"Salinan SK nomor {i} tentang penetapan hasil"
        r[COL["Tujuan Penggunaan"]] = "Penelitian"
        rows.append(r)
    return rows


def check_writes(snapshot, extra=("Nama Pemohon", "Tanggal Diterima")) -> WriteSet:
    """What a check run writes: deadlines and notes on every row, a rebuilt tab, a log line."""
    table = snapshot.table(TAB)
    ws = WriteSet()
    for p, n in enumerate(table.row_numbers):
        match = row_identity(table, p, REQUESTS, extra)
        number = table.rows[p][COL["No. Pendaftaran"]]
        received = table.rows[p][COL["Tanggal Diterima"]]
        ws.cells += [
            CellWrite(TAB, n, "Batas Waktu", received + dt.timedelta(days=14), match),
            CellWrite(TAB, n, "Sisa Hari Kerja", p % 11 - 2, match),
            CellWrite(TAB, n, "Status", f"PROSES {number}", match),
            CellWrite(TAB, n, "Catatan Validasi", table.rows[p][COL["Nama Pemohon"]], match),
        ]
    ws.replace_tabs.append(SheetContent("Perlu Tindakan", (("Prioritas", "Nomor"), (1, INJECTION)),
                                        charts=(Chart("column", "Bendera", 0, 1, 1, 1, (0,), (0, 3)),)))
    ws.append_rows[LOG.name] = [("2026-11-30 07:00", "check", len(table.rows), 0, 0, 4, "", INJECTION)]
    return ws


def column(server, header: str) -> list[object]:
    return [row[COL.get(header, HEADERS.index(header))] if len(row) > HEADERS.index(header) else None
            for row in server.grid(TAB)[1:]]


def test_read_converts_dates_times_and_blanks(sheets_server) -> None:
    sheets_server.create({TAB: register(3)})
    snap = backend_on(sheets_server).read()
    table = snap.table(TAB)
    assert table.headers[:4] == ("No. Pendaftaran", "Nama Pemohon", "Tanggal Diterima", "Jam Diterima")
    assert table.rows[0][:5] == ("00001/PPID/XI/2026", "Pemohon 00000", dt.date(2026, 1, 1), dt.time(9, 30), "Email")
    assert table.rows[0][COL["Alamat"]] is None
    assert table.row_numbers == (2, 3, 4)
    assert table.records(REQUESTS) == MemoryBackend({TAB: register(3)}).read().table(TAB).records(REQUESTS)


def test_check_run_on_9k_rows_costs_3_reads_and_2_writes(sheets_server) -> None:
    # 9,000 rows: the whole register (9,050 grid rows x 51 columns = 461,550 cells) fits in one
    # batchGet of at most 500,000 cells; 10,000 rows did before issue 13 added five staff columns
    sheets_server.create({TAB: register(9_000), LOG.name: [list(LOG.headers)]})
    backend = backend_on(sheets_server)
    snap = backend.read()
    report = backend.write(snap, check_writes(snap))
    calls = [(e.method, e.action) for e in sheets_server.api_requests()]
    assert calls == [("GET", "get"), ("GET", "values.batchGet"), ("GET", "values.batchGet"),
                     ("POST", "batchUpdate"), ("POST", "values.batchUpdate")]
    assert (backend.reads, backend.writes) == (3, 2)
    assert report.requests == 3 and report.cells_written == 36_000 and report.rows_appended == 1
    due = column(sheets_server, "Batas Waktu")
    assert due[8_999] == (dt.date(2026, 1, 1) + dt.timedelta(days=8_999 % 300 + 14) - dt.date(1899, 12, 30)).days
    again = backend.read().table(TAB)
    assert again.rows[0][HEADERS.index("Batas Waktu")] == dt.date(2026, 1, 15)


def test_chunked_read_gives_the_same_table(sheets_server) -> None:
    sheets_server.create({TAB: register(120)})
    whole = backend_on(sheets_server).read().table(TAB)
    sheets_server.clear_log()
    chunked = backend_on(sheets_server, max_cells_per_read=30 * 50).read().table(TAB)
    assert chunked == whole
    assert sum(1 for e in sheets_server.api_requests() if e.action == "values.batchGet") > 3


def test_rows_inserted_sorted_deleted_between_read_and_write(sheets_server) -> None:
    sheets_server.create({TAB: register(8, blank_key=5)})
    backend = backend_on(sheets_server)
    snap = backend.read()
    changes = check_writes(snap)
    sheet = sheets_server.book().sheet(TAB)
    sheet.shift("ROWS", 2, 2)  # a clerk inserts two rows above row 3 and types a new request
    sheet.set(2, COL["No. Pendaftaran"], "99999/PPID/XI/2026")
    sheet.set(2, COL["Nama Pemohon"], "Baru")
    data = sheet.values[1:]
    data.sort(key=lambda r: str(r[COL["Nama Pemohon"]] if len(r) > COL["Nama Pemohon"] and r[COL["Nama Pemohon"]] else "~"),
              reverse=True)
    sheet.values[1:] = data
    deleted = next(i for i, r in enumerate(sheet.values) if r and r[0] == "00004/PPID/XI/2026")
    sheet.shift("ROWS", deleted, -1)  # and deletes one
    report = backend.write(snap, changes)
    by_number = {}
    for row in sheets_server.grid(TAB)[1:]:
        if not row:
            continue
        row = row + [None] * (len(HEADERS) - len(row))
        by_number[row[0] or row[COL["Nama Pemohon"]]] = row
    for key, row in by_number.items():
        if key in ("99999/PPID/XI/2026", None):
            assert row[HEADERS.index("Status")] is None  # the new row got nothing
            continue
        if key == "Pemohon 00005":  # blank key: found again by name and date
            assert row[HEADERS.index("Status")] == "PROSES None"
            continue
        assert row[HEADERS.index("Status")] == f"PROSES {key}"
        assert row[HEADERS.index("Catatan Validasi")] == row[COL["Nama Pemohon"]]
    assert {s.write.match[0][1] for s in report.skipped} == {"00004/PPID/XI/2026"}


def test_staff_inserts_a_column_between_read_and_write(sheets_server) -> None:
    sheets_server.create({TAB: register(4)})
    backend = backend_on(sheets_server)
    snap = backend.read()
    sheet = sheets_server.book().sheet(TAB)
    sheet.shift("COLUMNS", 0, 1)
    sheet.set(0, 0, "Catatan Staf")
    backend.write(snap, check_writes(snap))
    grid = sheets_server.grid(TAB)
    status = grid[0].index("Status")
    assert [r[status] for r in grid[1:]] == [f"PROSES {r[1]}" for r in grid[1:]]
    assert all(r[0] is None for r in grid[1:])
    assert backend.reads == 4  # the moved key column cost one more read


def test_missing_toolkit_headers_are_added_and_the_grid_grows(sheets_server) -> None:
    staff_only = [list(HEADERS[:len(REQUESTS.staff_columns)])] + register(2)[1:]
    sheets_server.create({TAB: staff_only})
    sheets_server.book().sheet(TAB).props["gridProperties"]["columnCount"] = len(staff_only[0])
    backend = backend_on(sheets_server)
    snap = backend.read()
    backend.write(snap, check_writes(snap))
    grid = sheets_server.grid(TAB)
    added = grid[0][len(REQUESTS.staff_columns):]
    assert added == ["Batas Waktu", "Sisa Hari Kerja", "Status", "Catatan Validasi"]
    assert grid[1][grid[0].index("Status")] == "PROSES 00001/PPID/XI/2026"


def test_injection_stays_text_everywhere(sheets_server) -> None:
    sheets_server.create({TAB: register(3), LOG.name: [list(LOG.headers)]})
    backend = backend_on(sheets_server)
    snap = backend.read()
    assert snap.table(TAB).rows[1][COL["Nama Pemohon"]] == INJECTION
    backend.write(snap, check_writes(snap))
    book = sheets_server.book()
    assert not [v for s in book.sheets for row in s.values for v in row if isinstance(v, Formula)]
    assert INJECTION in sheets_server.grid(TAB)[2]
    assert sheets_server.grid("Perlu Tindakan")[1] == [1, INJECTION]
    assert sheets_server.grid(LOG.name)[1][-1] == INJECTION
    for e in sheets_server.api_requests():
        if e.action == "values.batchUpdate":
            assert e.body["valueInputOption"] == "RAW"
        if e.action == "batchUpdate":
            assert "formulaValue" not in json.dumps(e.body)


def test_staff_cell_write_is_refused_before_any_request(sheets_server) -> None:
    sheets_server.create({TAB: register(2)})
    backend = backend_on(sheets_server)
    snap = backend.read()
    sheets_server.clear_log()
    bad = WriteSet(cells=[CellWrite(TAB, 2, "Nama Pemohon", "x")])
    with pytest.raises(StaffCellWrite):
        backend.write(snap, bad)
    assert sheets_server.api_requests() == []


def test_unchanged_cells_are_not_sent_again(sheets_server) -> None:
    sheets_server.create({TAB: register(3)})
    backend = backend_on(sheets_server)
    snap = backend.read()
    changes = WriteSet(cells=[c for c in check_writes(snap).cells])
    backend.write(snap, changes)
    snap2 = backend.read()
    report = backend.write(snap2, WriteSet(cells=[c for c in check_writes(snap2).cells]))
    assert report.cells_written == 0


def test_charts_and_report_tab_replaced_in_place(sheets_server) -> None:
    sheets_server.create({TAB: register(1), "Laporan 2026-11": [["lama"]], "Petugas": [["Nama"]]})
    backend = backend_on(sheets_server)
    snap = backend.read()
    content = SheetContent("Laporan 2026-11", (("Kanal", "Jumlah"), ("Email", 3), ("Surat", 1)), widths=(20, 10),
                           charts=(Chart("pie", "Kanal", 0, 1, 2, 0, (1,), (5, 0)),
                                   Chart("bar", "Kanal", 0, 1, 2, 0, (1,), (5, 4))))
    backend.write(snap, WriteSet(replace_tabs=[content]))
    backend.write(backend.read(), WriteSet(replace_tabs=[content]))
    book = sheets_server.book()
    report = book.sheet("Laporan 2026-11")
    assert [s.title for s in book.sheets] == [TAB, "Laporan 2026-11", "Petugas"]
    assert sheets_server.grid("Laporan 2026-11") == [["Kanal", "Jumlah"], ["Email", 3], ["Surat", 1]]
    assert [("pieChart" in c["spec"], "basicChart" in c["spec"]) for c in report.charts] == [(True, False), (False, True)]
    assert report.props["gridProperties"]["frozenRowCount"] == 1


# --- retry ------------------------------------------------------------------------------------

def test_429_with_retry_after_is_honoured(sheets_server) -> None:
    sheets_server.create({TAB: register(2)})
    sleep = RecordingSleep()
    backend = backend_on(sheets_server, sleep=sleep)
    sheets_server.fail_next(429, retry_after=7)
    assert backend.read().table(TAB).rows
    assert len(sleep.waits) == 1 and sleep.waits[0] >= 7
    assert backend.requests == 2 and backend.http.calls[0].attempts == 2


def test_5xx_then_success_with_capped_jittered_backoff(sheets_server) -> None:
    sheets_server.create({TAB: register(2)})
    sleep = RecordingSleep()
    policy = RetryPolicy(attempts=6, base=1.0, cap=4.0, total=100)
    backend = backend_on(sheets_server, sleep=sleep, policy=policy, rng=random.Random(1))
    sheets_server.fail_next(503, times=2)
    sheets_server.fail_next(500)
    sheets_server.fail_next(502)
    backend.read()
    assert len(sleep.waits) == 4
    assert all(0 <= w <= min(4.0, 2 ** i) for i, w in enumerate(sleep.waits))
    assert len(set(sleep.waits)) > 1


def test_quota_exhausted_after_retries_says_so_in_indonesian(sheets_server) -> None:
    sheets_server.create({TAB: register(2)})
    sleep = RecordingSleep()
    backend = backend_on(sheets_server, sleep=sleep, policy=RetryPolicy(attempts=4, base=0.5, cap=2, total=60))
    sheets_server.fail_next(429, times=10)
    with pytest.raises(GoogleQuotaExhausted) as e:
        backend.read()
    assert "Kuota Google Sheets API habis" in e.value.message and "4 kali" in e.value.message
    assert len(sleep.waits) == 3


def test_total_wait_is_capped(sheets_server) -> None:
    sheets_server.create({TAB: register(2)})
    sleep = RecordingSleep()
    backend = backend_on(sheets_server, sleep=sleep, policy=RetryPolicy(attempts=10, total=20))
    sheets_server.fail_next(503, times=10, retry_after=15)
    with pytest.raises(GoogleUnavailable):
        backend.read()
    assert sum(sleep.waits) <= 20


def test_every_call_has_a_timeout(sheets_server) -> None:
    # Guards the HTTP timeout on every Google request: the server answers only after 3 s; with
    # the 0.3 s timeout the read and the write give up (as GoogleUnavailable) long before that.
    # Without a timeout both would wait, then succeed, and this test fails.
    import time

    sheets_server.create({TAB: register(1)})
    backend = backend_on(sheets_server, timeout=0.3, policy=RetryPolicy(attempts=1))
    snap = backend.read()
    sheets_server.stall_next(3.0)
    started = time.monotonic()
    with pytest.raises(GoogleUnavailable, match="Timeout"):
        backend.read()
    assert time.monotonic() - started < 2.0
    sheets_server.stall_next(3.0)
    started = time.monotonic()
    with pytest.raises(GoogleUnavailable):
        backend.write(snap, WriteSet(replace_tabs=[SheetContent(LOG.name, (("a",),))]))
    assert time.monotonic() - started < 2.0


# --- opening and errors -----------------------------------------------------------------------

def test_spreadsheet_id_or_url() -> None:
    url = "https://docs.google.com/spreadsheets/d/1AbC-d_EfG123/edit#gid=0"
    assert parse_spreadsheet_id(url) == "1AbC-d_EfG123"
    assert parse_spreadsheet_id("1AbC-d_EfG123") == "1AbC-d_EfG123"
    with pytest.raises(GoogleSpreadsheetIdInvalid, match="bukan id atau URL Google Sheet"):
        parse_spreadsheet_id("register ppid.xlsx")


def test_no_key_file(tmp_path) -> None:
    with pytest.raises(GoogleKeyMissing, match="Berkas kunci service account belum diatur.*GOOGLE_APPLICATION_CREDENTIALS"):
        open_google_backend("abc", None, env={})
    with pytest.raises(GoogleKeyMissing, match="tidak ada"):
        open_google_backend("abc", tmp_path / "kunci.json", env={})


@pytest.mark.parametrize("content, why", [
    ("{bukan json", "bukan JSON"),
    (json.dumps({"installed": {"client_id": "x"}}), "OAuth client"),
    (json.dumps({"type": "service_account", "client_email": "a@b"}), "private_key"),
    (json.dumps({"type": "service_account", "client_email": "a@b", "private_key": "rusak", "token_uri": "x"}), "rusak"),
])
def test_invalid_key_file(tmp_path, content: str, why: str) -> None:
    key = tmp_path / "kunci.json"
    key.write_text(content, encoding="utf-8")
    with pytest.raises(GoogleKeyInvalid, match=why) as e:
        open_google_backend("abc", key, env={})
    assert "Unduh ulang kunci JSON" in e.value.message


def test_key_file_from_environment_and_real_token_flow(sheets_server, tmp_path) -> None:
    sheets_server.create({TAB: register(2)})
    key = write_key_file(tmp_path, sheets_server)
    backend = open_google_backend("https://docs.google.com/spreadsheets/d/test-register/edit", None,
                                  base_url=sheets_server.url, env={"GOOGLE_APPLICATION_CREDENTIALS": str(key)})
    assert backend.read().table(TAB).rows
    assert sheets_server.tokens_issued == 1 and backend.email == SERVICE_EMAIL


def test_not_shared_names_the_service_account(sheets_server, tmp_path) -> None:
    sheets_server.create({TAB: register(1)}, shared=False)
    key = write_key_file(tmp_path, sheets_server, email="ppid-sarolangun@kpu-ppid.iam.gserviceaccount.com")
    backend = open_google_backend("test-register", key, base_url=sheets_server.url, env={})
    with pytest.raises(GoogleNotShared) as e:
        backend.read()
    assert "ppid-sarolangun@kpu-ppid.iam.gserviceaccount.com" in e.value.message
    assert "Bagikan" in e.value.message and "Editor" in e.value.message


def test_key_rejected_by_google(sheets_server, tmp_path) -> None:
    sheets_server.create({TAB: register(1)})
    sheets_server.revoked_keys = True
    key = write_key_file(tmp_path, sheets_server)
    with pytest.raises(GoogleKeyInvalid, match="Google menolak kunci ini"):
        open_google_backend("test-register", key, base_url=sheets_server.url, env={}).read()


def test_wrong_id(sheets_server) -> None:
    sheets_server.create({TAB: register(1)})
    with pytest.raises(GoogleSpreadsheetNotFound, match="tidak ditemukan.*/d/ dan /edit"):
        backend_on(sheets_server, "id-yang-salah").read()


def test_base_url_from_environment_only_on_loopback() -> None:
    from google.oauth2.credentials import Credentials

    from sheets.google import GoogleError

    with pytest.raises(GoogleError, match="127.0.0.1"):
        open_google_backend("abc", auth=Credentials(token="t"), env={"PPID_SHEETS_API_URL": "https://evil.example"})


def test_missing_extra_message() -> None:
    assert "pip install 'ppid-sheets[google]'" in GoogleNotInstalled().message
