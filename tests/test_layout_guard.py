"""The layout as data, and the one guard that keeps every staff cell unwritten."""

from __future__ import annotations

import pytest

from sheets.errors import StaffCellWrite
from sheets.layout import CHOICES, OBJECTIONS, REQUESTS, TABS
from sheets.memory import MemoryBackend
from sheets.model import CellWrite, SheetContent, WriteSet, row_identity

STAFF_HEADERS = (
    "No. Pendaftaran · Tanggal Diterima · Jam Diterima · Kanal Permohonan · Kategori Informasi · Jenis Pemohon · "
    "Nama Pemohon · NIK / No. Identitas · Alamat · Nomor Telepon · Email · Pekerjaan · Nama Kuasa · Surat Kuasa · "
    "Informasi yang Diminta · Tujuan Penggunaan · Cara Memperoleh Informasi · Cara Mendapatkan Salinan · "
    "Bentuk Informasi · Status Penguasaan · Badan Publik Lain · Petugas · Kode DIK · Keputusan · Alasan Penolakan · "
    "Ref. Uji Konsekuensi · Perpanjangan · Alasan Perpanjangan · Tanggal Pemberitahuan Perpanjangan · "
    "Tanggal Pemberitahuan Tertulis · Tanggal Pemberian Informasi · Biaya (Rp) · Cara Pembayaran · "
    "Supervisi Kasubbag · Keterangan"
).split(" · ")
TOOLKIT_HEADERS = (
    "Batas Waktu · Batas Waktu Perpanjangan · Sisa Hari Kerja · Status · Bendera · Catatan Validasi · "
    "Jejak Perhitungan · Batas Pengajuan Keberatan · Surat Terbit · Diperiksa"
).split(" · ")


def test_request_headers_exactly_as_the_issue_spells_them() -> None:
    staff = [c.header for c in REQUESTS.staff_columns]
    toolkit = [c.header for c in REQUESTS.toolkit_columns]
    # issue 14 moved "Nama Pemohon" beside the number, so both stay frozen on screen
    assert staff[:2] == ["No. Pendaftaran", "Nama Pemohon"]
    # the issue's columns, in its order; columns added since (issue 13: completion of the
    # requirements, material withheld, the other law of Pasal 17 j) sit between them
    assert [h for h in staff if h in STAFF_HEADERS and h != "Nama Pemohon"] == \
        [h for h in STAFF_HEADERS if h != "Nama Pemohon"]
    assert set(staff) - set(STAFF_HEADERS) == {
        "Persyaratan Belum Lengkap", "Tanggal Pemberitahuan Kelengkapan", "Tanggal Persyaratan Dilengkapi",
        "Materi yang Dikecualikan", "Undang-Undang Lain (Pasal 17 j)"}
    assert set(TOOLKIT_HEADERS) <= set(toolkit)


def test_tab_names_and_choices() -> None:
    names = [t.name for t in TABS]
    for n in ("Register Permohonan", "Register Keberatan", "Daftar Informasi Dikecualikan", "Hari Libur",
              "Petugas", "Pilihan", "Perlu Tindakan", "Log"):
        assert n in names
    assert CHOICES["Kanal Permohonan"] == ("Datang Langsung", "Surat", "Email", "Telepon", "Website/e-PPID", "WhatsApp")
    assert CHOICES["Keputusan"] == ("Diterima", "Diterima Sebagian", "Ditolak")
    assert "Dikecualikan Pasal 17 huruf j" in CHOICES["Alasan Penolakan"]
    assert CHOICES["Status Penguasaan"] == ("Dikuasai", "Tidak Dikuasai", "Belum Didokumentasikan")
    for tab in TABS:
        keys = [c.key for c in tab.columns]
        assert len(keys) == len(set(keys)), tab.name
        for c in tab.columns:
            assert c.choices is None or c.choices in CHOICES or c.choices == "Petugas"
    assert sum(1 for c in OBJECTIONS.columns if c.key.startswith("ground_")) == 7


def _backend() -> MemoryBackend:
    headers = list(REQUESTS.headers)
    row = [None] * len(headers)
    row[headers.index("Nama Pemohon")] = "Siti"
    row2 = list(row)
    row2[headers.index("No. Pendaftaran")] = "001/PPID/XI/2026"
    return MemoryBackend({REQUESTS.name: [headers, row, row2]})


def test_guard_refuses_staff_cells_and_allows_toolkit_cells() -> None:
    be = _backend()
    snap = be.read()
    with pytest.raises(StaffCellWrite):
        be.write(snap, WriteSet(cells=[CellWrite(REQUESTS.name, 2, "Nama Pemohon", "X")]))
    # a filled registration number is never rewritten
    with pytest.raises(StaffCellWrite):
        be.write(snap, WriteSet(cells=[CellWrite(REQUESTS.name, 3, "No. Pendaftaran", "999")]))
    with pytest.raises(StaffCellWrite):
        be.write(snap, WriteSet(replace_tabs=[SheetContent(REQUESTS.name, (("x",),))]))
    assert be.writes == 0
    ident = row_identity(snap.tables[REQUESTS.name], 0, REQUESTS, extra=("Nama Pemohon",))
    report = be.write(snap, WriteSet(cells=[
        CellWrite(REQUESTS.name, 2, "No. Pendaftaran", "002/PPID/XI/2026", ident),
        CellWrite(REQUESTS.name, 2, "Status", "Diproses", ident),
    ]))
    assert report.cells_written == 2
    assert be.tabs[REQUESTS.name][1][0] == "002/PPID/XI/2026"


def test_row_found_again_after_a_clerk_sorted_the_rows() -> None:
    be = _backend()
    snap = be.read()
    ident = row_identity(snap.tables[REQUESTS.name], 1, REQUESTS)
    grid = be.tabs[REQUESTS.name]
    grid[1], grid[2] = grid[2], grid[1]  # sorted meanwhile
    be.write(snap, WriteSet(cells=[CellWrite(REQUESTS.name, 3, "Status", "Diproses", ident)]))
    status = REQUESTS.headers.index("Status")
    assert grid[1][status] == "Diproses" and grid[1][0] == "001/PPID/XI/2026"
    assert len(grid[2]) <= status or grid[2][status] is None


def test_guard_judges_every_fill_blank_write_by_its_own_row() -> None:
    """guard_writes looks each column up once per call: a staff column allowed for one blank row
    must still be refused for a filled row later in the same write set."""
    be = _backend()
    snap = be.read()
    ident = row_identity(snap.tables[REQUESTS.name], 0, REQUESTS, extra=("Nama Pemohon",))
    toolkit = [CellWrite(REQUESTS.name, 2, "Status", f"s{i}", ident) for i in range(1000)]
    with pytest.raises(StaffCellWrite):
        be.write(snap, WriteSet(cells=[
            *toolkit,
            CellWrite(REQUESTS.name, 2, "No. Pendaftaran", "002/PPID/XI/2026", ident),
            CellWrite(REQUESTS.name, 3, "No. Pendaftaran", "999"),
        ]))
    with pytest.raises(StaffCellWrite):
        be.write(snap, WriteSet(cells=[*toolkit, CellWrite(REQUESTS.name, 2, "Nama Pemohon", "X", ident)]))
    with pytest.raises(StaffCellWrite):
        be.write(snap, WriteSet(cells=[CellWrite(REQUESTS.name, 99, "No. Pendaftaran", "1")]))  # no such row
    assert be.writes == 0


def test_row_without_a_number_is_found_even_with_a_nan_cell() -> None:
    """Found by hypothesis: NaN != NaN made the row impossible to locate, so its toolkit cells
    were skipped and written again on every run."""
    headers = list(REQUESTS.headers)
    row = [None] * len(headers)
    row[headers.index("Nama Pemohon")] = float("nan")
    be = MemoryBackend({REQUESTS.name: [headers, row]})
    snap = be.read()
    ident = row_identity(snap.tables[REQUESTS.name], 0, REQUESTS, extra=("Nama Pemohon",))
    report = be.write(snap, WriteSet(cells=[CellWrite(REQUESTS.name, 2, "Status", "Diproses", ident)]))
    assert report.cells_written == 1 and not report.skipped
