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


def test_guard_refuses_a_column_staff_added_themselves() -> None:
    """Guards the staff-cell rule for columns outside the layout: staff add their own columns
    (here "Catatan Internal Staf", as in the real registers of tests/fixtures_xlsx.py); the
    toolkit owns none of them, so any write there is refused, however the header is spelled."""
    headers = [*REQUESTS.headers, "Catatan Internal Staf"]
    row = [None] * len(headers)
    row[headers.index("No. Pendaftaran")] = "001/PPID/XI/2026"
    be = MemoryBackend({REQUESTS.name: [headers, row], "Catatan Staf": [["Catatan"], ["rapat"]]})
    snap = be.read()
    ident = row_identity(snap.tables[REQUESTS.name], 0, REQUESTS)
    for header in ("Catatan Internal Staf", "catatan internal staf ", "Kolom Tak Dikenal"):
        with pytest.raises(StaffCellWrite):
            be.write(snap, WriteSet(cells=[CellWrite(REQUESTS.name, 2, header, "x", ident)]))
    # a blank cell of a staff column outside the layout is no fill_blank column either
    with pytest.raises(StaffCellWrite):
        be.write(snap, WriteSet(cells=[CellWrite("Catatan Staf", 3, "Catatan", "x")]))
    # a tab staff added is never replaced or appended to
    with pytest.raises(StaffCellWrite):
        be.write(snap, WriteSet(replace_tabs=[SheetContent("Catatan Staf", (("x",),))]))
    with pytest.raises(StaffCellWrite):
        be.write(snap, WriteSet(append_rows={"Catatan Staf": [("x",)]}))
    assert be.writes == 0 and be.tabs[REQUESTS.name][1][-1] is None
    # the same header spelled differently still finds the toolkit's own column
    assert be.write(snap, WriteSet(cells=[CellWrite(REQUESTS.name, 2, " STATUS ", "Diproses", ident)])).cells_written == 1


def test_guard_refuses_cell_writes_into_toolkit_tabs_and_blank_staff_cells() -> None:
    """A toolkit tab is rebuilt or appended, never written cell by cell; a blank staff cell that
    is not the registration number stays the staff's (written against surviving mutants)."""
    be = _backend()
    snap = be.read()
    ident = row_identity(snap.tables[REQUESTS.name], 0, REQUESTS, extra=("Nama Pemohon",))
    for write in (CellWrite("Log", 2, "Waktu", "x"), CellWrite("Perlu Tindakan", 2, "Tindakan", "x"),
                  CellWrite(REQUESTS.name, 2, "Alamat", "Jl. Baru", ident)):  # Alamat is blank on row 2
        with pytest.raises(StaffCellWrite):
            be.write(snap, WriteSet(cells=[write]))
    assert be.writes == 0


def test_fill_blank_needs_the_tab_the_column_and_a_blank_cell() -> None:
    # No. Pendaftaran last, rows shorter than the header: a missing cell is blank, so it may be filled.
    headers = [h for h in REQUESTS.headers if h != "No. Pendaftaran"] + ["No. Pendaftaran"]
    be = MemoryBackend({REQUESTS.name: [headers, ["Siti"]]})
    snap = be.read()
    ident = row_identity(snap.tables[REQUESTS.name], 0, REQUESTS, extra=("Nama Pemohon",))
    write = CellWrite(REQUESTS.name, 2, "No. Pendaftaran", "001/PPID/XI/2026", ident)
    assert be.write(snap, WriteSet(cells=[write])).cells_written == 1
    # the tab missing from what was read, or the column missing from the tab: nothing is blank
    other = MemoryBackend({"Lain": [["x"]], REQUESTS.name: [["Nama Pemohon"], ["Siti"]]})
    for snapshot in (other.read(["Lain"]), other.read()):
        with pytest.raises(StaffCellWrite):
            other.write(snapshot, WriteSet(cells=[CellWrite(REQUESTS.name, 2, "No. Pendaftaran", "1")]))
    assert other.writes == 0


def test_a_refusal_names_the_cell_it_refused() -> None:
    """The message (and the exception's fields) name the tab, column and row refused, or "*" and
    row 0 for a whole tab (written against surviving mutants)."""
    from sheets.layout import SURVEY
    from sheets.model import Snapshot, Table, guard_writes

    snap = _backend().read()
    cases = [
        (WriteSet(cells=[CellWrite("Catatan Staf", 4, "Catatan", "x")]), ("Catatan Staf", "Catatan", 4)),
        (WriteSet(cells=[CellWrite("Log", 5, "Waktu", "x")]), ("Log", "Waktu", 5)),
        (WriteSet(cells=[CellWrite(REQUESTS.name, 2, "Kolom Baru", "x")]), (REQUESTS.name, "Kolom Baru", 2)),
        (WriteSet(cells=[CellWrite(REQUESTS.name, 3, "No. Pendaftaran", "9")]), (REQUESTS.name, "No. Pendaftaran", 3)),
        (WriteSet(replace_tabs=[SheetContent(REQUESTS.name, (("x",),))]), (REQUESTS.name, "*", 0)),
        (WriteSet(append_rows={REQUESTS.name: [("x",)]}), (REQUESTS.name, "*", 0)),
    ]
    for changes, (tab, header, row) in cases:
        with pytest.raises(StaffCellWrite) as e:
            guard_writes(snap, changes)
        assert (e.value.tab, e.value.header, e.value.row) == (tab, header, row)
        assert f'sel staf "{header}" baris {row} di tab "{tab}"' in e.value.message
    # what the toolkit may do: fill the sending columns of a row of its "Surat" tab (a keyed toolkit
    # tab), add rows to the survey tab (appendable staff tab)
    guard_writes(snap, WriteSet(cells=[CellWrite("Surat", 2, "Status Kirim", "terkirim")]))
    guard_writes(snap, WriteSet(append_rows={SURVEY.name: [("x",)]}))
    # a row read shorter than the header (as a backend may give it): the missing cell is blank
    headers = ("Nama Pemohon", "No. Pendaftaran")
    short = Snapshot({REQUESTS.name: Table(REQUESTS.name, headers, 1, (("Siti",),), (2,))}, "uji")
    guard_writes(short, WriteSet(cells=[CellWrite(REQUESTS.name, 2, "No. Pendaftaran", "001/PPID/XI/2026")]))
    full = Snapshot({REQUESTS.name: Table(REQUESTS.name, headers, 1, (("Siti", "007"),), (2,))}, "uji")
    with pytest.raises(StaffCellWrite):
        guard_writes(full, WriteSet(cells=[CellWrite(REQUESTS.name, 2, "No. Pendaftaran", "001/PPID/XI/2026")]))
