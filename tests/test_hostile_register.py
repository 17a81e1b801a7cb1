"""Issue 12, cases 3-7 and 10: the Excel register as hostile input. Each test builds a real
.xlsx with `ppid init`, spoils it the way a clerk (or an attacker) would, runs the real
command, and reads the file back with openpyxl or the raw XML."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from automation.rules.errors import EXIT_REGISTER
from sheets.errors import RegisterChanged, RegisterUnreadable
from sheets.excel import ExcelBackend, register_damage, verify_backup, whole_entries
from sheets.layout import ACTIONS, LOG, OFFICERS, REQUESTS
from sheets.model import CellWrite, WriteSet
from sheets.xlsx_package import Package
from sheets.xlsx_patch import Edit, PatchResult, SheetPatcher
from sheets.xlsx_styles import StyleBook
from tests.hostile_office import make_office, ppid, tab_rows
from tests.letter_fixtures import REQUEST_FULL

TODAY = ("--today", "2026-12-01")
NUMBER_COL = REQUESTS.headers.index("No. Pendaftaran")


def _part(path: Path, tab: str) -> str:
    with Package(str(path)) as pkg:
        ref = pkg.sheet(tab)
        assert ref is not None
        return ref.part


def rewrite_part(path: Path, part: str, change) -> None:  # noqa: ANN001 - bytes -> bytes
    """Rewrite one member of the zip (as a hand-edited or hostile file would be)."""
    with zipfile.ZipFile(path) as z:
        members = [(i, z.read(i.filename)) for i in z.infolist()]
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in members:
            out.writestr(info, change(data) if info.filename == part else data)
    os.replace(tmp, path)


def sheet_xml(path: Path, tab: str) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read(_part(path, tab))


# --- 3. staff formulas ---------------------------------------------------------------------------

def test_formula_in_number_cell_is_never_replaced(tmp_path: Path, capsys) -> None:
    second = {**REQUEST_FULL, "name": "Budi", "information": "Daftar PPK"}
    office = make_office(tmp_path, [{**REQUEST_FULL, "number": None}, {**second, "number": None}])
    reg = office / "register-ppid.xlsx"
    # A2: a formula that evaluates to ""; A3: a cell of a shared formula (no `ref`: not the master)
    def formulas(xml: bytes) -> bytes:
        xml = re.sub(rb'(<row r="2"[^>]*>)', rb'\1<c r="A2"><f>IF(1=0,"x","")</f><v></v></c>', xml, count=1)
        return re.sub(rb'(<row r="3"[^>]*>)', rb'\1<c r="A3"><f t="shared" si="0"/><v></v></c>', xml, count=1)

    rewrite_part(reg, _part(reg, REQUESTS.name), formulas)
    xml = sheet_xml(reg, REQUESTS.name)
    assert b'<c r="A2"><f>' in xml and b'<c r="A3"><f t="shared"' in xml
    ppid(office, "check", *TODAY)
    captured = capsys.readouterr()
    assert captured.err.count("rumus staf; tidak diisi") == 2
    xml = sheet_xml(reg, REQUESTS.name)
    assert b'<c r="A2"><f>IF(1=0,"x","")</f><v></v></c>' in xml
    assert b'<c r="A3"><f t="shared" si="0"/><v></v></c>' in xml


# --- 4. linear patcher, size limit ---------------------------------------------------------------

def test_patcher_is_linear_in_a_huge_row_and_a_huge_gap() -> None:
    """8 MB of whitespace between rows and one 8 MB row, fed in 4 KB pieces (4000 chunks).
    Before: every chunk rescanned and recopied the held bytes (about 6 s here, growing with the
    square of the size); now each byte is looked at a bounded number of times (well under 0.1 s).
    The bound below is a hang guard 20x above the linear time, not a benchmark."""
    xml = (b'<worksheet xmlns="x"><sheetData><row r="1"><c r="A1"><v>1</v></c></row>' + b" " * 8_000_000
           + b'<row r="2"><c r="A2" t="inlineStr"><is><t>' + b"x" * 8_000_000
           + b"</t></is></c></row></sheetData></worksheet>")
    chunks = [xml[i:i + 4096] for i in range(0, len(xml), 4096)]
    started = time.perf_counter()
    out = b"".join(SheetPatcher(StyleBook(None)).stream(iter(chunks), {2: {3: Edit("z")}}, PatchResult(b"")))
    assert time.perf_counter() - started < 2.0
    assert out == xml.replace(b"</c></row></sheetData>", b'</c><c r="D2" t="inlineStr"><is><t>z</t></is></c>'
                                                           b"</row></sheetData>")


def test_sheet_over_the_size_limit_is_refused_before_reading(tmp_path: Path, capsys) -> None:
    office = make_office(tmp_path, [REQUEST_FULL])
    reg = office / "register-ppid.xlsx"
    rewrite_part(reg, _part(reg, REQUESTS.name), lambda x: x.replace(b"</row>", b"</row>" + b" " * 2_000_000, 1))
    config = office / "config.toml"
    config.write_text(config.read_text().replace("max_sheet_mb = 512", "max_sheet_mb = 1"))
    before = reg.read_bytes()
    assert ppid(office, "check", *TODAY) == 3
    err = capsys.readouterr().err
    assert "ditolak sebelum dibaca" in err and "max_sheet_mb" in err
    assert reg.read_bytes() == before


@pytest.mark.libreoffice
def test_a_register_saved_as_ods_is_refused_with_how_to_save_it_as_xlsx(tmp_path: Path, capsys) -> None:
    """An office on LibreOffice saves the register in its own format (.ods, also a zip): the
    message says so and how to save it as .xlsx, instead of a zip error about "_rels/.rels"."""
    office = make_office(tmp_path, [REQUEST_FULL])
    profile = tmp_path / "lo-profile"
    subprocess.run([shutil.which("soffice") or "soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "ods", "--outdir", str(office), str(office / "register-ppid.xlsx")],
                   check=True, capture_output=True, timeout=180)
    ods = office / "register-ppid.ods"
    before = ods.read_bytes()
    assert before[30:38] == b"mimetype"  # what LibreOffice writes first, uncompressed
    assert ppid(office, "check", "--register", str(ods), *TODAY) == EXIT_REGISTER
    err = capsys.readouterr().err
    assert "(.ods)" in err and "Simpan Sebagai" in err and "Excel 2007-365 (.xlsx)" in err
    assert "_rels" not in err
    assert ods.read_bytes() == before and not list((office / "cadangan").glob("*.ods"))


def test_a_header_typed_twice_is_named_and_the_first_column_is_the_one_used(tmp_path: Path, capsys) -> None:
    """A clerk copies a column, header and all, to the right of the register (or types a header
    again): every backend reads and writes the leftmost one; REG-006 says which, on both tabs."""
    from sheets.layout import OBJECTIONS
    from tests.hostile_office import set_rows
    from tests.letter_fixtures import OBJECTION_FULL

    office = make_office(tmp_path, [REQUEST_FULL])
    reg = office / "register-ppid.xlsx"
    set_rows(reg, OBJECTIONS, [OBJECTION_FULL])
    wb = openpyxl.load_workbook(reg)
    requests, objections = wb[REQUESTS.name], wb[OBJECTIONS.name]
    requests.cell(1, len(REQUESTS.headers) + 1, " nama  PEMOHON ")  # loosely the same header: column AZ
    requests.cell(2, len(REQUESTS.headers) + 1, "Nama Lain")
    objections.cell(1, len(OBJECTIONS.headers) + 2, "Tanggal Diterima")  # AO (AN left empty)
    wb.save(reg)
    assert len(REQUESTS.headers) == 51 and len(OBJECTIONS.headers) == 39
    ppid(office, "check", *TODAY)
    out = " ".join(capsys.readouterr().out.split())
    assert ('[REG-006] Judul kolom "Nama Pemohon" ada 2 kali di tab "Register Permohonan" (kolom B, AZ); toolkit '
            "membaca dan menulis kolom B saja, salinannya diabaikan.") in out
    assert 'Judul kolom "Tanggal Diterima" ada 2 kali di tab "Register Keberatan" (kolom B, AO)' in out
    rows = tab_rows(reg, REQUESTS.name)
    assert rows[0][1] == "Siti Rahmawati" and rows[0][len(REQUESTS.headers)] == "Nama Lain"


@pytest.mark.broken_xlsx("register-ppid.xlsx")
def test_a_tab_whose_part_is_gone_is_refused_even_when_the_job_does_not_read_it(tmp_path: Path, capsys) -> None:
    """Found by the fuzz test run at random: "<" typed into the workbook's relationships broke
    the link of "Perlu Tindakan" (a tab the daily check does not read). The full read failed,
    yet the check rewrote the damaged file. Now any tab without its part refuses the register
    (Excel itself offers to repair such a file), before anything is read or backed up."""
    office = make_office(tmp_path, [REQUEST_FULL])
    reg = office / "register-ppid.xlsx"
    part = _part(reg, ACTIONS.name)
    rewrite_part(reg, "xl/_rels/workbook.xml.rels",
                 lambda x: x.replace(f'Target="/{part}"'.encode(), b'Target="/xl/worksh<eets/gone.xml"', 1)
                 .replace(f'Target="{part.removeprefix("xl/")}"'.encode(), b'Target="worksh<eets/gone.xml"', 1))
    with zipfile.ZipFile(reg) as z:
        assert b"gone.xml" in z.read("xl/_rels/workbook.xml.rels")
    before = reg.read_bytes()
    assert ppid(office, "check", *TODAY) == EXIT_REGISTER
    err = " ".join(capsys.readouterr().err.split())
    assert f'tab "{ACTIONS.name}" tidak dapat dibuka' in err and "tidak ada di berkas" in err
    assert reg.read_bytes() == before and not list((office / "cadangan").glob("*.xlsx"))


# --- 5. absurd used range ------------------------------------------------------------------------

def _run(office: Path, *args: str) -> subprocess.CompletedProcess:
    """The real program in its own process: an abort (exit 134) cannot take the test run with it."""
    return subprocess.run([sys.executable, "-m", "automation", "--config", str(office / "config.toml"), *args],
                          capture_output=True, text=True, timeout=120, env={**os.environ})


def test_a_value_in_xfd1048576_is_refused_with_exit_3(tmp_path: Path) -> None:
    office = make_office(tmp_path, [REQUEST_FULL])
    reg = office / "register-ppid.xlsx"
    rewrite_part(reg, _part(reg, REQUESTS.name), lambda x: x.replace(
        b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'))
    before = reg.read_bytes()
    done = _run(office, "check", *TODAY)
    assert done.returncode == 3, done.stderr[-500:]
    assert "XFD1048576" in done.stderr and "ditolak sebelum dibaca" in done.stderr
    assert "Traceback" not in done.stderr and "panicked" not in done.stderr
    assert reg.read_bytes() == before


def test_a_wide_but_short_tab_is_still_read(tmp_path: Path, capsys) -> None:
    office = make_office(tmp_path, [REQUEST_FULL])
    reg = office / "register-ppid.xlsx"
    wb = openpyxl.load_workbook(reg)
    wb[OFFICERS.name].cell(row=3, column=3000, value="catatan di kolom jauh")  # 3 x 3000 cells: fine
    wb.save(reg)
    assert ppid(office, "check", *TODAY) in (0, 1)
    assert "ditolak" not in capsys.readouterr().err


# --- 6. temporary files --------------------------------------------------------------------------

@pytest.mark.broken_xlsx(".ppid-tmp-running.xlsx")  # a stand-in temp file, not a package
def test_stale_temp_files_are_removed_and_logged(tmp_path: Path) -> None:
    office = make_office(tmp_path, [REQUEST_FULL])
    stale = office / ".ppid-tmp-k9x2ab.xlsx"
    stale.write_bytes(b"PK partial copy with personal data")
    old = time.time() - 2 * 3600
    os.utime(stale, (old, old))
    fresh = office / ".ppid-tmp-running.xlsx"  # another run's file, still being written
    fresh.write_bytes(b"PK")
    ppid(office, "check", *TODAY)
    assert not stale.exists() and fresh.exists()
    log = tab_rows(office / "register-ppid.xlsx", LOG.name)
    assert "1 berkas sementara lama (.ppid-tmp-*) dihapus" in log[-1][LOG.headers.index("Keterangan")]
    assert "berkas sementara" in (office / "log" / "ppid.log").read_text()


# --- 7. backups ----------------------------------------------------------------------------------

def test_truncated_backups_do_not_count_and_age_rules_keep_history(tmp_path: Path) -> None:
    office = make_office(tmp_path, [REQUEST_FULL])
    reg = office / "register-ppid.xlsx"
    folder = office / "cadangan"
    folder.mkdir()
    now = dt.datetime(2026, 12, 1, 7, 0)
    good = []
    for days in range(1, 13):  # one good backup a day, 1..12 days old, at 07:00
        p = folder / f"register-ppid-{(now - dt.timedelta(days=days)):%Y%m%d-%H%M%S}.xlsx"
        p.write_bytes(reg.read_bytes())
        good.append(p)
    truncated = []
    for minutes in (10, 20, 30):  # three newer ones cut short by a full disk
        p = folder / f"register-ppid-{(now - dt.timedelta(minutes=minutes)):%Y%m%d-%H%M%S}.xlsx"
        p.write_bytes(reg.read_bytes()[:3000])
        truncated.append(p)
    backend = ExcelBackend(reg, backup_dir=folder, keep_backups=2, keep_backup_days=3, keep_daily_backup_days=9,
                           now=lambda: now)
    before = hashlib.sha256(reg.read_bytes()).hexdigest()
    backend.write(backend.read(), WriteSet(cells=[CellWrite(REQUESTS.name, 2, "Status", "x",
                                                            ((REQUESTS.header("number"), "001/PPID/XI/2026"),))]))
    left = sorted(p.name for p in folder.iterdir())
    # by hand: the new backup (07:00 today); every one of the last 3 days (1, 2, 3 days old); the
    # newest of each day for 9 days (4..9 days old; 1..3 already kept); 10, 11, 12 days old go;
    # the truncated ones count for nothing and are removed.
    expected = [f"register-ppid-{(now - dt.timedelta(days=d)):%Y%m%d-%H%M%S}.xlsx" for d in range(0, 10)]
    assert left == sorted(expected)
    assert all(verify_backup(folder / name, before) == "" for name in left)  # each the register as it was
    assert not any(p.exists() for p in truncated)


def test_a_run_that_only_appends_to_log_takes_no_backup(tmp_path: Path) -> None:
    office = make_office(tmp_path, [REQUEST_FULL])
    ppid(office, "check", *TODAY)  # first run: cells written, one backup
    first = sorted((office / "cadangan").iterdir())
    assert len(first) == 1
    ppid(office, "check", *TODAY)  # nothing changed: only a Log row
    assert sorted((office / "cadangan").iterdir()) == first
    assert len(tab_rows(office / "register-ppid.xlsx", LOG.name)) == 2


@pytest.mark.broken_xlsx("cut.xlsx", "crc.xlsx")  # damaged on purpose
def test_every_backup_is_verified_before_it_counts(tmp_path: Path) -> None:
    office = make_office(tmp_path, [REQUEST_FULL])
    reg = office / "register-ppid.xlsx"
    sha = hashlib.sha256(reg.read_bytes()).hexdigest()
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(reg.read_bytes()[:-200])  # central directory cut off
    assert verify_backup(cut, sha) == f"{len(reg.read_bytes()) - 200:,} byte, isinya berbeda dari register".replace(",", ".")
    bad_crc = tmp_path / "crc.xlsx"
    data = bytearray(reg.read_bytes())
    with zipfile.ZipFile(reg) as z:
        info = z.getinfo(_part(reg, REQUESTS.name))
    data[info.header_offset + 30 + len(info.filename) + info.compress_size // 2] ^= 0xFF  # inside the deflated data
    bad_crc.write_bytes(bytes(data))
    assert verify_backup(bad_crc, sha) != "" and verify_backup(reg, sha) == ""
    assert verify_backup(tmp_path / "gone.xlsx", sha) != ""  # no copy at all


@pytest.mark.broken_xlsx("register-ppid.xlsx")  # damaged on purpose
def test_a_register_with_a_damaged_part_no_job_reads_is_not_written_into(tmp_path: Path, capsys) -> None:
    """A flipped byte in a part the check never reads (the theme) leaves the read whole, but the
    write would copy that part into the new file and keep the damage as a good backup: the job
    stops with the part named, and the file is as it was, byte for byte."""
    office = make_office(tmp_path, [REQUEST_FULL])
    reg = office / "register-ppid.xlsx"
    data = bytearray(reg.read_bytes())
    with zipfile.ZipFile(reg) as z:
        info = z.getinfo("xl/theme/theme1.xml")
    data[info.header_offset + 30 + len(info.filename) + info.compress_size // 2] ^= 0xFF  # inside the deflated data
    reg.write_bytes(bytes(data))
    code = ppid(office, "check", *TODAY)
    out = capsys.readouterr()
    assert code == EXIT_REGISTER and "bagian xl/theme/theme1.xml rusak" in out.err
    assert reg.read_bytes() == bytes(data)
    assert not (office / "cadangan").exists() or list((office / "cadangan").iterdir()) == []

def _flip_inside(data: bytearray, info: zipfile.ZipInfo) -> None:
    data[info.header_offset + 30 + len(info.filename) + info.compress_size // 2] ^= 0xFF  # inside the deflated data


@pytest.mark.broken_xlsx("damaged.xlsx", "twice.xlsx", "register-ppid.xlsx")
def test_a_backup_does_not_inflate_again_only_the_entries_the_read_found_whole(tmp_path: Path) -> None:
    """`register_damage` skips exactly the entries named as found whole, by name and offset: a
    damaged request tab passes only when that entry is named; another entry of the same name (a
    zip may hold two) and every other part are still inflated. And a read names what its scan
    inflated whole: a backup after a read finds the damaged theme, which no read inflated."""
    office = make_office(tmp_path, [REQUEST_FULL])
    reg = office / "register-ppid.xlsx"
    part = _part(reg, REQUESTS.name)
    data = bytearray(reg.read_bytes())
    with zipfile.ZipFile(reg) as z:
        info = z.getinfo(part)
    _flip_inside(data, info)
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(bytes(data))
    assert register_damage(damaged) == f"bagian {part} rusak"
    assert register_damage(damaged, whole={(part, info.header_offset)}) == ""
    assert register_damage(damaged, whole={(part, info.header_offset + 1)}) == f"bagian {part} rusak"
    # two entries of that name: the first damaged; the reader (and the scan) takes the last
    twice = tmp_path / "twice.xlsx"
    with zipfile.ZipFile(damaged) as src, zipfile.ZipFile(twice, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr(part, b"<worksheet>" + b"x" * 5000 + b"</worksheet>")
        for item in src.infolist():
            with pytest.warns(UserWarning, match="Duplicate") if item.filename == part else contextlib.nullcontext():
                out.writestr(item, reg_bytes(reg, item.filename))
    with zipfile.ZipFile(twice) as z:
        first, last = [i for i in z.infolist() if i.filename == part]
    data = bytearray(twice.read_bytes())
    _flip_inside(data, first)
    twice.write_bytes(bytes(data))
    assert register_damage(twice, whole={(part, last.header_offset)}) == f"bagian {part} rusak"
    # what a read finds whole while calamine parses: every entry but the damaged one, none once stopped
    with zipfile.ZipFile(damaged) as z:
        entries = {(i.filename, i.header_offset) for i in z.infolist()}
    assert whole_entries(damaged.read_bytes()) == entries - {(part, info.header_offset)}
    assert whole_entries(damaged.read_bytes(), skip=entries) == set()
    styles = next(e for e in entries if e[0] == "xl/styles.xml")
    assert whole_entries(damaged.read_bytes(), skip=entries - {styles}) == {styles}
    assert whole_entries(damaged.read_bytes(), stop=lambda: True) == set()
    # through the backend: the read scanned the request tab whole, not the theme
    data = bytearray(reg.read_bytes())
    with zipfile.ZipFile(reg) as z:
        _flip_inside(data, z.getinfo("xl/theme/theme1.xml"))
    reg.write_bytes(bytes(data))
    for meanwhile in (None, lambda: None):  # read alone, and with the entries looked at during the parse
        backend = ExcelBackend(reg)
        snapshot = backend.read([REQUESTS.name], meanwhile=meanwhile)
        table = snapshot.table(REQUESTS.name)
        key = REQUESTS.header("number")
        write = CellWrite(REQUESTS.name, table.row_numbers[0], "Status", "x", ((key, table.cell(0, table.index(key))),))
        with pytest.raises(RegisterUnreadable, match="bagian xl/theme/theme1.xml rusak"):
            backend.write(snapshot, WriteSet(cells=[write]))
        assert reg.read_bytes() == bytes(data)


@pytest.mark.broken_xlsx("register-ppid.xlsx")  # a part no reader can inflate, on purpose
def test_a_part_in_a_compression_zipfile_cannot_read_is_named_not_a_crash(tmp_path: Path, capsys) -> None:
    """The theme (a part no job reads) marked with compression method 99 (AES, which neither
    Excel nor zipfile reads without a password), in its local header and in the directory: the
    check stops with exit 3 naming the part, not with "kesalahan tak terduga", and the file is
    left byte for byte, with no backup."""
    office = make_office(tmp_path, [REQUEST_FULL])
    reg = office / "register-ppid.xlsx"
    data = bytearray(reg.read_bytes())
    with zipfile.ZipFile(reg) as z:
        info = z.getinfo("xl/theme/theme1.xml")
    name = info.filename.encode()
    struct.pack_into("<H", data, info.header_offset + 8, 99)  # local header: compression method
    at = data.find(b"PK\x01\x02")
    while at >= 0:  # the central directory entry of the same name
        if data[at + 46: at + 46 + struct.unpack_from("<H", data, at + 28)[0]] == name:
            struct.pack_into("<H", data, at + 10, 99)
        at = data.find(b"PK\x01\x02", at + 4)
    reg.write_bytes(bytes(data))
    code = ppid(office, "check", *TODAY)
    err = capsys.readouterr().err
    assert code == EXIT_REGISTER and "bagian xl/theme/theme1.xml tidak dapat dibaca" in err
    assert "tak terduga" not in err
    assert reg.read_bytes() == bytes(data)
    assert not (office / "cadangan").exists() or list((office / "cadangan").iterdir()) == []


def reg_bytes(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read(name)


def test_a_register_saved_while_its_backup_is_copied_is_refused_as_changed(tmp_path: Path) -> None:
    """The backup is the register's bytes as read: a clerk's save between the last look and the
    copy (here at the moment the backup is named, through the backend's clock) makes the copy
    differ; the write is refused as a changed register, the clerk's file is kept, and no
    backup or temporary file is left."""
    office = make_office(tmp_path, [REQUEST_FULL])
    reg = office / "register-ppid.xlsx"
    wb = openpyxl.load_workbook(reg)
    wb[REQUESTS.name].cell(2, REQUESTS.headers.index("Nama Pemohon") + 1, "Disimpan Petugas")
    saved = tmp_path / "saved.xlsx"
    wb.save(saved)
    armed, calls = [], []

    def clock() -> dt.datetime:  # asked by the read (stale temporary files), then to name the backup
        if armed and not calls:
            calls.append(1)
            reg.write_bytes(saved.read_bytes())  # the clerk saves now
        return dt.datetime(2026, 12, 1, 7, 0)

    backend = ExcelBackend(reg, now=clock)
    snapshot = backend.read()
    armed.append(1)
    with pytest.raises(RegisterChanged):
        backend.write(snapshot, WriteSet(cells=[CellWrite(REQUESTS.name, 2, "Status", "x",
                                                          ((REQUESTS.header("number"), "001/PPID/XI/2026"),))]))
    assert calls and reg.read_bytes() == saved.read_bytes()
    assert not (office / "cadangan").exists() or list((office / "cadangan").iterdir()) == []
    assert [p.name for p in office.iterdir() if p.name.startswith(".ppid-tmp")] == []

# --- 10. smaller ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("code", "named"), [("REG-001", "Petugas"), ("REG-002", "Pekerjaan")])
def test_missing_tab_or_column_is_shown_in_output_json_log_and_actions(tmp_path: Path, capsys, code: str,
                                                                      named: str) -> None:
    office = make_office(tmp_path, [REQUEST_FULL])
    reg = office / "register-ppid.xlsx"
    wb = openpyxl.load_workbook(reg)
    if code == "REG-001":
        del wb[OFFICERS.name]
    else:  # a clerk renames a staff column
        wb[REQUESTS.name].cell(1, REQUESTS.headers.index("Pekerjaan") + 1, "Profesi")
    wb.save(reg)
    ppid(office, "check", *TODAY)
    assert f"[{code}]" in capsys.readouterr().out
    log = tab_rows(reg, LOG.name)
    assert code in log[-1][LOG.headers.index("Keterangan")]
    actions = tab_rows(reg, ACTIONS.name)
    assert any(r[ACTIONS.headers.index("Bendera")] == code and named in r[ACTIONS.headers.index("Tindakan")]
               for r in actions)
    ppid(office, "check", "--json", "--dry-run", *TODAY)
    payload = json.loads(capsys.readouterr().out)
    assert [f["code"] for f in payload["register_findings"]] == [code]


def test_personal_data_in_a_date_column_is_masked_everywhere(tmp_path: Path, capsys) -> None:
    nik, mail = "3201234567890123", "budi.rahasia@contoh.id"
    office = make_office(tmp_path, [{**REQUEST_FULL, "notice_date": nik, "given_date": mail}])
    ppid(office, "notices", "--dry-run", *TODAY)
    ppid(office, "check", "--json", *TODAY)
    ppid(office, "check", "--dry-run", *TODAY)
    captured = capsys.readouterr()
    seen = captured.out + captured.err
    assert "3201**********23" in seen  # the finding still says what is wrong, masked
    assert nik not in seen and "budi.rahasia" not in seen
    cells = [str(v) for r in tab_rows(office / "register-ppid.xlsx", REQUESTS.name)
             for v in r[REQUESTS.headers.index("Catatan Validasi"):]]
    assert not any(nik in c or "budi.rahasia" in c for c in cells)


def test_cells_merged_across_toolkit_columns_get_a_finding_not_hidden_writes(tmp_path: Path, capsys) -> None:
    office = make_office(tmp_path, [REQUEST_FULL])
    reg = office / "register-ppid.xlsx"
    status = REQUESTS.headers.index("Status") + 1
    wb = openpyxl.load_workbook(reg)
    ws = wb[REQUESTS.name]
    ws.merge_cells(start_row=2, start_column=status, end_row=2, end_column=status + 2)  # Status..Catatan Validasi
    wb.save(reg)
    ppid(office, "check", *TODAY)
    captured = capsys.readouterr()
    assert "[REG-003]" in captured.out and "digabung (merge)" in captured.err
    ws = openpyxl.load_workbook(reg)[REQUESTS.name]
    assert [ws.cell(2, c).value for c in range(status, status + 3)] == [None, None, None]
    assert ws.cell(2, REQUESTS.headers.index("Batas Waktu") + 1).value is not None  # the rest is written


def test_full_log_tab_gets_a_message_not_row_1048577(tmp_path: Path, capsys) -> None:
    office = make_office(tmp_path, [REQUEST_FULL])
    reg = office / "register-ppid.xlsx"
    rewrite_part(reg, _part(reg, LOG.name), lambda x: x.replace(
        b"</sheetData>", b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>lama</t></is></c></row></sheetData>'))
    before = reg.read_bytes()
    assert ppid(office, "check", *TODAY) == 3
    assert "sudah penuh" in capsys.readouterr().err
    assert reg.read_bytes() == before
    assert b"1048577" not in sheet_xml(reg, LOG.name)




def test_sigterm_during_the_write_leaves_no_temp_file(tmp_path: Path) -> None:
    """A scheduler's timeout (SIGTERM) while the new file is being written: the run stops with
    a message, the temporary copy (personal data) is removed, the register is as it was."""
    import signal

    import xlsxwriter

    office = make_office(tmp_path, [REQUEST_FULL])
    reg = office / "register-ppid.xlsx"
    wb = xlsxwriter.Workbook(str(reg), {"constant_memory": True})  # 15k rows: a write of a few seconds
    ws = wb.add_worksheet(REQUESTS.name)
    ws.write_row(0, 0, REQUESTS.headers)
    for r in range(1, 15_001):
        ws.write_row(r, 0, [f"{r:05d}/PPID/XI/2026", "27-11-2026", "", "Email", "", "Perorangan", f"Pemohon {r}",
                            "1503014101900001", "", "", "", "", "", "", f"Informasi {r}", "Penelitian"])
    wb.close()
    before = reg.read_bytes()
    proc = subprocess.Popen([sys.executable, "-m", "automation", "--config", str(office / "config.toml"), "check",
                             *TODAY], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    while not list(office.glob(".ppid-tmp-*")) and proc.poll() is None and time.time() < deadline:
        time.sleep(0.005)
    if proc.poll() is not None:
        pytest.skip("the write finished before the signal could be sent (machine too fast for this size)")
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 3 and "Dihentikan" in err and "Traceback" not in err
    assert not list(office.glob(".ppid-tmp-*"))
    assert reg.read_bytes() == before
