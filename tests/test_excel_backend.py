"""The Excel backend on real files: reads, writes that keep every staff byte, refusals."""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
from pathlib import Path

import openpyxl
import pytest

from sheets.checks import require_headers
from sheets.errors import (
    HeaderMissing,
    RegisterChanged,
    RegisterLocked,
    RegisterMissing,
    RegisterUnreadable,
    StaffCellWrite,
    TabMissing,
)
from sheets.excel import ExcelBackend, RegisterWriteFailed
from sheets.layout import DIK, LOG, REQUESTS
from sheets.model import CellWrite, Chart, SheetContent, WriteSet
from sheets.workbook_init import create_register
from sheets.xlsx_writer import BadToolkitTab
from tests.fixtures_xlsx import (
    FAKE_VBA,
    TAB,
    X14_DV,
    libreoffice_csv,
    members,
    openpyxl_cells,
    raw_members,
    rich_register,
)

pytestmark = pytest.mark.filterwarnings("ignore:.*extension is not supported:UserWarning")

INJECTION = '=IMPORTXML("http://x","//a")'
SHEET = "xl/worksheets/sheet1.xml"


def _match(number: object) -> tuple[tuple[str, object], ...]:
    return (("No. Pendaftaran", number),)


def _toolkit_writes() -> WriteSet:
    return WriteSet(cells=[
        CellWrite(TAB, 3, "Batas Waktu", dt.date(2026, 11, 16), _match("001/PPID/XI/2026")),
        CellWrite(TAB, 3, "Status", "Selesai", _match("001/PPID/XI/2026")),
        CellWrite(TAB, 3, "Sisa Hari Kerja", -3, _match("001/PPID/XI/2026")),
        CellWrite(TAB, 4, "Catatan Validasi", INJECTION, _match("002/PPID/XI/2026")),
        CellWrite(TAB, 4, "Bendera", "TERLAMBAT", _match("002/PPID/XI/2026")),
        CellWrite(TAB, 6, "No. Pendaftaran", "003/PPID/XI/2026", _match(None)),
        CellWrite(TAB, 6, "Status", "  spasi & <tanda>  ", _match(None)),
    ])


# Where the writes above land: existing toolkit columns N/O/P, new columns R ("Sisa Hari
# Kerja", after the unheaded formula column Q) and S ("Bendera").
WRITTEN = {"N3", "O3", "R2", "R3", "P4", "S2", "S4", "A6", "O6"}


@pytest.fixture(params=["xlsx", "xlsm"])
def register(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    return rich_register(tmp_path / f"register-ppid.{request.param}", macro=request.param == "xlsm")


def _backend(path: Path, **kw: object) -> ExcelBackend:
    return ExcelBackend(path, backup_dir=path.parent / "cadangan", now=lambda: dt.datetime(2026, 11, 28, 10, 15),
                        **kw)  # type: ignore[arg-type]


# --- reading -------------------------------------------------------------------------------------

def test_read_finds_headers_under_a_title_and_keeps_values_as_typed(register: Path) -> None:
    table = _backend(register).read().table(TAB)
    assert table is not None
    assert table.header_row == 2
    assert table.row_numbers == (3, 4, 6)  # the blank row 5 is skipped, numbers kept
    first = dict(zip(table.headers, table.rows[0]))
    assert first["Tanggal Diterima"] == dt.date(2026, 11, 2)
    assert first["Jam Diterima"] == dt.time(9, 30)
    assert first["NIK / No. Identitas"] == "1503014101900001"
    assert first["Nomor Telepon"] == "081234567890"  # trailing spaces in the header dropped
    assert first["Biaya (Rp)"] == 0 and isinstance(first["Biaya (Rp)"], int)
    assert dict(zip(table.headers, table.rows[1]))["NIK / No. Identitas"] == "0012345"
    assert "Catatan Internal Staf" in table.headers
    records = table.records(REQUESTS)
    assert records[1]["name"] == "Budi & <Co>" and records[2]["number"] is None


def test_read_selected_tabs_and_token(register: Path) -> None:
    snap = _backend(register).read([TAB, "Tidak Ada"])
    assert list(snap.tables) == [TAB]
    size, mtime, digest = snap.token  # type: ignore[misc]
    assert size == register.stat().st_size and len(digest) == 64


def test_require_headers_lists_every_missing_required_header(register: Path, tmp_path: Path) -> None:
    snap = _backend(register).read()
    assert require_headers(snap, REQUESTS).header_row == 2
    with pytest.raises(TabMissing):
        require_headers(snap, DIK)
    import xlsxwriter

    path = tmp_path / "kurang.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    wb.add_worksheet(TAB).write_row(0, 0, [h for h in REQUESTS.headers if h not in ("Nama Pemohon", "Tujuan Penggunaan")])
    wb.close()
    with pytest.raises(HeaderMissing) as e:
        require_headers(_backend(path).read(), REQUESTS)
    assert '"Nama Pemohon"' in e.value.message and '"Tujuan Penggunaan"' in e.value.message
    assert '"Tanggal Diterima"' not in e.value.message


@pytest.mark.broken_xlsx("teks.xlsx", "zip.xlsx")
def test_bad_input_gives_indonesian_errors(tmp_path: Path) -> None:
    with pytest.raises(RegisterMissing, match="tidak ditemukan"):
        ExcelBackend(tmp_path / "tidak-ada.xlsx").read()
    text = tmp_path / "teks.xlsx"
    text.write_text("bukan excel")
    with pytest.raises(RegisterUnreadable, match="tidak dapat dibaca"):
        ExcelBackend(text).read()
    import zipfile

    with zipfile.ZipFile(tmp_path / "zip.xlsx", "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(RegisterUnreadable):
        ExcelBackend(tmp_path / "zip.xlsx").read()


# --- the core promise: only toolkit cells change -------------------------------------------------

def test_toolkit_write_changes_only_toolkit_cells(register: Path) -> None:
    backend = _backend(register)
    before_parts, before_raw = members(register), raw_members(register)
    before_cells = openpyxl_cells(register)
    before_snap = backend.read()
    report = backend.write(before_snap, _toolkit_writes())
    assert report.cells_written == 7 and report.skipped == ()
    assert report.backup and Path(report.backup).name == f"register-ppid-20261128-101500{register.suffix}"

    after_parts, after_raw = members(register), raw_members(register)
    assert set(after_parts) == set(before_parts)
    changed = {name for name in before_parts if before_parts[name] != after_parts[name]}
    assert changed == {SHEET, "xl/styles.xml"}  # styles: one date format appended, see below
    for name in set(before_parts) - changed:  # raw copies: same compressed bytes, CRC, method
        assert after_raw[name] == before_raw[name], name
    if register.suffix == ".xlsm":
        assert after_parts["xl/vbaProject.bin"] == FAKE_VBA
    styles_before, styles_after = before_parts["xl/styles.xml"], after_parts["xl/styles.xml"]
    assert b'formatCode="dd-mm-yyyy"' in styles_after and len(styles_after) > len(styles_before)
    assert after_parts[SHEET].count(X14_DV) == 1  # the Excel-2010 dropdown survives
    assert b"x14:sparklineGroups" in after_parts[SHEET] and b"dataBar" in after_parts[SHEET]

    after_cells = openpyxl_cells(register)
    assert set(after_cells) == set(before_cells)
    for sheet, cells in before_cells.items():
        after = after_cells[sheet]
        coords = set(cells) | set(after)
        diff = {c for c in coords if cells.get(c) != after.get(c)}
        assert diff <= (WRITTEN if sheet == TAB else set()), (sheet, diff)
    ws = after_cells[TAB]
    assert ws["N3"] == (dt.datetime(2026, 11, 16), "d")
    assert ws["P4"] == (INJECTION, "s")  # text, not a formula
    assert ws["Q3"] == ("=L3+1", "f")  # the staff formula is still a formula
    assert ws["R2"] == ("Sisa Hari Kerja", "s") and ws["S2"] == ("Bendera", "s")
    assert ws["O6"] == ("  spasi & <tanda>  ", "s")

    after_snap = backend.read()
    for name, table in before_snap.tables.items():
        new = after_snap.tables[name]
        if name != TAB:
            assert new == table
            continue
        assert new.row_numbers == table.row_numbers and new.header_row == table.header_row
        for old_row, new_row in zip(table.rows, new.rows):
            for i, header in enumerate(table.headers):
                column = REQUESTS.by_header().get(" ".join(header.split()).casefold())
                if column is None or not (column.is_toolkit or column.fill_blank):
                    assert new_row[i] == old_row[i], header  # every staff value, as calamine reads it
    records = after_snap.tables[TAB].records(REQUESTS)
    assert records[0]["due"] == dt.date(2026, 11, 16) and records[0]["remaining"] == -3
    assert records[1]["findings"] == INJECTION and records[1]["flags"] == "TERLAMBAT"
    assert records[2]["number"] == "003/PPID/XI/2026"


def test_written_date_keeps_the_cell_style_and_shows_a_date(register: Path) -> None:
    backend = _backend(register)
    backend.write(backend.read(), _toolkit_writes())
    ws = openpyxl.load_workbook(register)[TAB]
    assert ws["N3"].number_format == "dd-mm-yyyy"
    assert ws["N3"].fill.fgColor.rgb.endswith("F2F2F2")  # the column's grey survives the date format
    assert ws["O3"].fill.fgColor.rgb.endswith("F2F2F2")


def test_nothing_changed_means_no_write_and_no_backup(register: Path) -> None:
    backend = _backend(register)
    again = WriteSet(cells=[w for w in _toolkit_writes().cells if w.header != "No. Pendaftaran"])
    backend.write(backend.read(), again)
    data = register.read_bytes()
    report = backend.write(backend.read(), again)
    assert report.cells_written == 0 and report.backup is None
    assert register.read_bytes() == data


def test_staff_cells_are_refused_whatever_the_job_asks(register: Path) -> None:
    backend = _backend(register)
    data = register.read_bytes()
    with pytest.raises(StaffCellWrite):
        backend.write(backend.read(), WriteSet(cells=[CellWrite(TAB, 3, "Nama Pemohon", "X", _match("001/PPID/XI/2026"))]))
    with pytest.raises(StaffCellWrite):  # the number is filled only while blank
        backend.write(backend.read(), WriteSet(cells=[CellWrite(TAB, 3, "No. Pendaftaran", "9", _match("001/PPID/XI/2026"))]))
    assert register.read_bytes() == data


def test_a_row_that_does_not_match_is_skipped(register: Path) -> None:
    backend = _backend(register)
    report = backend.write(backend.read(), WriteSet(cells=[
        CellWrite(TAB, 3, "Status", "x", _match("999/PPID")),
        CellWrite(TAB, 3, "Status", "ok", _match("001/PPID/XI/2026")),
    ]))
    assert report.cells_written == 1 and len(report.skipped) == 1
    assert "tidak ditemukan" in report.skipped[0].reason


# --- toolkit tabs ----------------------------------------------------------------------------------

def _report_tab(title: str) -> SheetContent:
    rows = (("Bulan", "Permohonan", "Selesai"), ("Oktober", 4, 3), ("November", 7, 6), ("Tanggal", dt.date(2026, 11, 30), None))
    charts = (Chart("column", title, 0, 1, 2, 0, (1, 2), (5, 0)), Chart("pie", "Porsi", 0, 1, 2, 0, (1,), (5, 8)))
    return SheetContent("Laporan 2026-11", rows, (14, 12, 12), (0,), charts)


def test_toolkit_tabs_created_replaced_and_appended(register: Path) -> None:
    backend = _backend(register)
    before = members(register)
    report = backend.write(backend.read(), WriteSet(replace_tabs=[_report_tab("Per bulan")],
                                                    append_rows={LOG.name: [("2026-11-28 10:15", "check", 3, 0, 1, 7, "", "")]}))
    assert report.tabs_replaced == ("Laporan 2026-11",) and report.rows_appended == 1
    after = members(register)
    for name, data in before.items():
        if name not in ("[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"):
            assert after[name] == data, name
    wb = openpyxl.load_workbook(register)
    assert wb.sheetnames[-2:] == ["Laporan 2026-11", "Log"]
    sheet = wb["Laporan 2026-11"]
    assert len(sheet._charts) == 2 and sheet.freeze_panes == "A2" and sheet["A1"].font.b
    assert sheet["B3"].value == 7 and sheet["B4"].value == dt.datetime(2026, 11, 30)
    log = wb["Log"]
    assert [c.value for c in log[1]][:3] == ["Waktu", "Perintah", "Baris"] and log["B2"].value == "check"

    # replace again (fewer charts) and append once more: old chart parts go, no orphans
    report = backend.write(backend.read(), WriteSet(
        replace_tabs=[SheetContent("Laporan 2026-11", (("A", "B"), ("x", 1)), charts=(Chart("bar", "T", 0, 1, 1, 0, (1,), (3, 0)),))],
        append_rows={LOG.name: [("2026-11-29 08:00", "run", 1, 0, 0, 0, "", "")]}))
    parts = members(register)
    charts = [p for p in parts if p.startswith("xl/charts/")]
    assert len(charts) == 2  # the staff chart + the new one
    for p in charts:
        assert f'PartName="/{p}"'.encode() in parts["[Content_Types].xml"]
    wb = openpyxl.load_workbook(register)
    assert wb["Log"]["B3"].value == "run" and wb["Laporan 2026-11"]["A2"].value == "x"
    snap = backend.read()
    assert snap.table("Log").row_numbers == (2, 3)  # type: ignore[union-attr]


def test_a_date_style_added_once_is_reused_by_later_runs(register: Path) -> None:
    # Each run appends a Log row whose "Waktu" is a datetime in a new, unstyled row: the first
    # run adds one datetime style to styles.xml, later runs find it there (styles.xml used to
    # grow by one <xf> per run, which also changed the register's fingerprints every run).
    backend = _backend(register)
    counts = []
    for day in (27, 28, 29, 30):
        row = (dt.datetime(2026, 11, day, 7, 0), "check", 3, 0, 0, 0, "", "")
        backend.write(backend.read(), WriteSet(append_rows={LOG.name: [row]}))
        counts.append(members(register)["xl/styles.xml"].count(b"<xf "))
    assert counts[1] == counts[2] == counts[3]  # the first run creates the Log tab (header styles)
    wb = openpyxl.load_workbook(register)
    assert wb["Log"]["A5"].value == dt.datetime(2026, 11, 30, 7, 0) and wb["Log"]["A5"].is_date


@pytest.mark.libreoffice
def test_libreoffice_opens_the_written_register(register: Path, tmp_path: Path) -> None:
    backend = _backend(register)
    backend.write(backend.read(), _toolkit_writes())
    backend.write(backend.read(), WriteSet(replace_tabs=[_report_tab("Per bulan")]))
    csv = libreoffice_csv(register, 1, tmp_path)
    lines = csv.splitlines()
    assert "Bendera" in lines[1] and "Sisa Hari Kerja" in lines[1]
    assert "TERLAMBAT" in lines[3] and INJECTION.replace('"', '""') in lines[3]
    assert "003/PPID/XI/2026" in lines[5] and "0012345" in lines[3]
    # a real date: exported in the same (locale) form as the staff's own date in that row
    assert "11/02/2026" in lines[2] and "11/16/2026" in lines[2] and ",-3," in lines[2]
    report = libreoffice_csv(register, 3, tmp_path)
    assert report.splitlines()[0] == "Bulan,Permohonan,Selesai" and "November,7,6" in report


# --- refusals and failures ----------------------------------------------------------------------

@pytest.mark.parametrize("lock", ["~${}", ".~lock.{}#"])
def test_refuses_while_open_in_excel_or_libreoffice(register: Path, lock: str) -> None:
    backend = _backend(register)
    snap = backend.read()
    data = register.read_bytes()
    (register.parent / lock.format(register.name)).write_text("owner")
    with pytest.raises(RegisterLocked, match="sedang dibuka"):
        backend.write(snap, _toolkit_writes())
    assert register.read_bytes() == data


@pytest.mark.broken_xlsx("register-ppid.xlsx", "register-ppid.xlsm")  # one byte flipped on purpose
def test_refuses_when_changed_since_read(register: Path) -> None:
    backend = _backend(register)
    snap = backend.read()
    st = register.stat()
    os.utime(register, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    with pytest.raises(RegisterChanged, match="berubah sejak dibaca"):
        backend.write(snap, _toolkit_writes())
    snap = backend.read()
    data = bytearray(register.read_bytes())
    data[-30] ^= 1  # same size and mtime, different content
    register.write_bytes(bytes(data))
    os.utime(register, ns=(st.st_atime_ns, snap.token[1]))  # type: ignore[index]
    with pytest.raises(RegisterChanged):
        backend.write(snap, _toolkit_writes())


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(".ppid-tmp-")]


def test_failed_backup_leaves_the_register_intact_and_no_temp_file(register: Path) -> None:
    blocker = register.parent / "cadangan"
    blocker.write_text("a file where the backup folder should be")
    backend = _backend(register)
    data = register.read_bytes()
    with pytest.raises(RegisterWriteFailed, match="tidak diubah"):
        backend.write(backend.read(), _toolkit_writes())
    assert register.read_bytes() == data and _leftovers(register.parent) == []


def test_failure_in_the_middle_of_building_leaves_no_trace(register: Path) -> None:
    backend = _backend(register)
    data = register.read_bytes()
    bad = WriteSet(cells=_toolkit_writes().cells, replace_tabs=[SheetContent("Laporan [rusak]:*", (("a",),))])
    with pytest.raises(BadToolkitTab):
        backend.write(backend.read(), bad)
    assert register.read_bytes() == data and _leftovers(register.parent) == []


@pytest.mark.broken_xlsx("rusak.xlsx")
def test_corrupt_sheet_part_is_unreadable_not_a_traceback(tmp_path: Path) -> None:
    import zipfile

    good = rich_register(tmp_path / "baik.xlsx")
    broken = tmp_path / "rusak.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(broken, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == SHEET:  # the last row loses its </row>: calamine still reads it
                end = data.rindex(b"</row>")
                data = data[:end] + data[end + len(b"</row>"):]
            dst.writestr(info, data)
    backend = _backend(broken)
    snap = backend.read()
    assert snap.table(TAB) is not None
    data = broken.read_bytes()
    with pytest.raises(RegisterUnreadable, match="not closed"):
        backend.write(snap, _toolkit_writes())
    assert broken.read_bytes() == data and _leftovers(tmp_path) == []


@pytest.mark.broken_xlsx("register-lain-20200101-000000.xlsx")  # a stand-in file, not a package
def test_backups_keep_only_the_newest(register: Path) -> None:
    folder = register.parent / "cadangan"
    folder.mkdir()
    other = folder / "register-lain-20200101-000000.xlsx"
    other.write_text("x")
    clock = [dt.datetime(2026, 11, 28, 10, 0)]
    backend = ExcelBackend(register, backup_dir=folder, keep_backups=2, now=lambda: clock[0],
                           keep_backup_days=0, keep_daily_backup_days=0)  # by count only
    for i in range(3):
        clock[0] = dt.datetime(2026, 11, 28, 10, i)
        backend.write(backend.read(), WriteSet(cells=[CellWrite(TAB, 3, "Status", f"v{i}", _match("001/PPID/XI/2026"))]))
    mine = sorted(p.name for p in folder.iterdir() if p.name.startswith("register-ppid-"))
    assert mine == [f"register-ppid-20261128-100100{register.suffix}", f"register-ppid-20261128-100200{register.suffix}"]
    assert other.exists()


def test_keeps_file_permissions(register: Path) -> None:
    os.chmod(register, 0o640)
    backend = _backend(register)
    backend.write(backend.read(), _toolkit_writes())
    assert stat.S_IMODE(register.stat().st_mode) == 0o640


def test_write_into_a_register_made_by_init(tmp_path: Path) -> None:
    path = create_register(tmp_path / "register-ppid.xlsx")
    backend = _backend(path)
    # no staff rows yet: the toolkit cell is new, and takes the grey, locked column style
    snap = backend.read()
    assert snap.table(REQUESTS.name).rows == ()  # type: ignore[union-attr]
    report = backend.write(snap, WriteSet(cells=[CellWrite(REQUESTS.name, 2, "Batas Waktu", dt.date(2026, 12, 11))]))
    assert report.cells_written == 1
    ws = openpyxl.load_workbook(path)[REQUESTS.name]
    due = ws.cell(2, REQUESTS.headers.index("Batas Waktu") + 1)
    assert due.value == dt.datetime(2026, 12, 11) and due.number_format == "dd-mm-yyyy"
    assert due.fill.fgColor.rgb.endswith("F2F2F2") and due.protection.locked


# --- large registers: streaming write, block-wise read ---------------------------------------------


def test_sheet_written_in_small_chunks_is_the_same_as_written_whole(register: Path, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    import sheets.xlsx_writer as xlsx_writer

    small = tmp_path / "small" / register.name
    small.parent.mkdir()
    shutil.copy2(register, small)
    whole_backend, small_backend = _backend(register), _backend(small)
    whole_backend.write(whole_backend.read(), _toolkit_writes())
    monkeypatch.setattr(xlsx_writer, "READ_CHUNK", 7)  # rows and tags cut at every place
    small_backend.write(small_backend.read(), _toolkit_writes())
    assert members(small) == members(register)


def test_read_in_blocks_gives_the_same_table(register: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sheets.excel as excel

    whole = _backend(register).read()
    monkeypatch.setattr(excel, "READ_BLOCK", 2)  # blank rows, memo switching, widths across blocks
    assert _backend(register).read() == whole


def test_many_rows_round_trip_and_repeated_values_share_one_object(tmp_path: Path) -> None:
    import xlsxwriter

    path = tmp_path / "besar.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet(REQUESTS.name)
    ws.write_row(0, 0, REQUESTS.headers)
    key = REQUESTS.headers.index("No. Pendaftaran")
    status = REQUESTS.headers.index("Status")
    rows = 6000
    for r in range(1, rows + 1):
        ws.write_string(r, key, f"{r:05d}/PPID/2026")
        ws.write_string(r, key + 1, f"Pemohon {r % 7}")
    wb.close()
    backend = _backend(path)
    snap = backend.read()
    table = snap.table(REQUESTS.name)
    assert table is not None and len(table.rows) == rows
    names = table.column(REQUESTS.headers[key + 1])
    assert names[0] is names[7] and names[0] == "Pemohon 1"  # a memo: one object per distinct value
    cells = [CellWrite(REQUESTS.name, n, "Status", f"S{n % 3} & <{n}>", _match(row[key]))
             for n, row in zip(table.row_numbers, table.rows)]
    cells += [CellWrite(REQUESTS.name, n, "Batas Waktu", dt.date(2026, 12, 1), _match(row[key]))
              for n, row in zip(table.row_numbers, table.rows)]
    report = backend.write(snap, WriteSet(cells=cells))
    assert report.cells_written == 2 * rows and report.skipped == ()
    after = backend.read().table(REQUESTS.name)
    assert after is not None and after.row_numbers == table.row_numbers
    got = after.column("Status")
    assert got[0] == "S2 & <2>" and got[-1] == f"S{(rows + 1) % 3} & <{rows + 1}>"
    assert set(after.column("Batas Waktu")) == {dt.date(2026, 12, 1)}
    assert after.column(REQUESTS.headers[key]) == table.column(REQUESTS.headers[key])
    assert status < len(after.headers)
    assert backend.write(backend.read(), WriteSet(cells=cells)).cells_written == 0  # nothing changed


def test_a_long_toolkit_tab_is_deflated_as_it_is_made_and_reads_back_whole(tmp_path: Path) -> None:
    """A tab longer than STREAM_TAB_ROWS is written piece by piece (sheets/xlsx_tabs.py
    sheet_xml_pieces into a deflated part): new, then replaced, it reads back cell for cell
    in calamine and openpyxl, with the part the same XML the one-piece path makes."""
    import zipfile

    from python_calamine import CalamineWorkbook

    from sheets.layout import PRINT_REGISTER
    from sheets.xlsx_package import Package
    from sheets.xlsx_styles import StyleBook
    from sheets.xlsx_tabs import sheet_xml
    from sheets.xlsx_writer import STREAM_TAB_ROWS
    from tests.xlsx_consistency import problems

    TAB = PRINT_REGISTER.name  # noqa: N806 - a toolkit tab (a job may replace only those)
    path = create_register(tmp_path / "register.xlsx")
    backend = ExcelBackend(path, backup_dir=tmp_path / "cadangan")
    n = STREAM_TAB_ROWS + 1234
    for run in range(2):  # first a new part, then the same part replaced
        rows = (("No", "Teks", "Tanggal"),) + tuple(
            (i, f"baris {i} {'&<>' if i % 7 == 0 else ''}run {run}", dt.date(2026, 1, 1) + dt.timedelta(days=i % 300))
            for i in range(1, n + 1))
        content = SheetContent(TAB, rows, widths=(8, 30, 12))
        backend.write(backend.read(), WriteSet(replace_tabs=[content]))
        assert problems(path) == []
        grid = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(TAB).to_python()
        assert len(grid) == n + 1 and grid[0] == ["No", "Teks", "Tanggal"]
        assert grid[7][1] == f"baris 7 &<>run {run}" and grid[n][0] == n
        assert grid[300][2] in (dt.date(2026, 1, 1), dt.datetime(2026, 1, 1))  # i = 300: day 0 again
        ws = openpyxl.load_workbook(path, read_only=True)[TAB]
        assert ws.max_row == n + 1
        with Package(str(path)) as pkg, zipfile.ZipFile(path) as z:
            part = pkg.sheet(TAB).part  # type: ignore[union-attr]
            # the one-piece path, style indices aside (a fresh StyleBook may pick another
            # equivalent date style than the one the writer added)
            one_piece = sheet_xml(content, StyleBook(z.read("xl/styles.xml")), False, None)
            unstyled = re.compile(rb' s="\d+"')
            assert unstyled.sub(b"", z.read(part)) == unstyled.sub(b"", one_piece)


def test_column_letters_and_xml_escapes_agree_with_the_libraries() -> None:
    # the check spells A..ZZ itself and imports xml.sax only for text with entities (start-up
    # time, issue 19): the results must be the libraries' own
    from xml.sax.saxutils import quoteattr, unescape

    from xlsxwriter.utility import xl_col_to_name

    from sheets.xlsx_package import xml_attr, xml_unescape
    from sheets.xlsx_patch import column_letters

    assert [column_letters(c) for c in range(20_000)] == [xl_col_to_name(c) for c in range(20_000)]
    for text in ("Register Permohonan", "R&amp;D &lt;1&gt; &quot;x&quot; &apos;y&apos;", "&amp;amp;", "a&b", ""):
        assert xml_unescape(text) == unescape(text, {"&quot;": '"', "&apos;": "'"})
    for text in ("https://x/y?a=1", 'a"b', "a'b\"c", "<&>\n\r\t", ""):
        assert xml_attr(text) == quoteattr(text)


@pytest.mark.broken_xlsx("rusak.xlsx")
def test_a_read_that_lets_the_caller_work_meanwhile_reads_the_same(tmp_path: Path) -> None:
    # `ppid check` imports its modules while calamine parses in a second thread (issue 19): the
    # snapshot is the same, the caller's work runs once in its own thread, its errors stay its
    # own, and a sheet calamine cannot parse is still RegisterUnreadable
    import threading
    import zipfile

    path = create_register(tmp_path / "register-ppid.xlsx")
    backend = ExcelBackend(path)
    tabs = [REQUESTS.name, DIK.name, LOG.name]
    plain = backend.read(tabs)
    seen: list[str] = []
    overlapped = backend.read(tabs, meanwhile=lambda: seen.append(threading.current_thread().name))
    assert seen == [threading.current_thread().name]
    assert overlapped.tables == plain.tables and overlapped.token == plain.token
    assert overlapped.fingerprints == plain.fingerprints

    def fails() -> None:
        raise ValueError("modul rusak")

    with pytest.raises(ValueError, match="modul rusak"):
        backend.read(tabs, meanwhile=fails)
    broken = tmp_path / "rusak.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(broken, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            data = src.read(name)
            dst.writestr(name, data[: len(data) // 2] if name == "xl/worksheets/sheet1.xml" else data)
    for meanwhile in (None, lambda: None):
        with pytest.raises(RegisterUnreadable, match="tidak dapat dibaca"):
            ExcelBackend(broken).read(tabs, meanwhile=meanwhile)
