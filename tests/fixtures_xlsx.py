"""Registers for the Excel backend tests, carrying what openpyxl would drop on load-and-save.

`rich_register` builds, with XlsxWriter, a "Register Permohonan" with a title row above the
headers, an extra staff column, columns in another order, a blank row, text identities with
leading zeros, a formula with its cached result, a comment, a picture, a chart, data bars,
sparklines, defined names, and (crafted by hand into the sheet's extension list) Excel-2010
dropdowns referring to another sheet. With `macro=True` it is an .xlsm with a vbaProject.bin.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import xlsxwriter
from PIL import Image

from sheets.layout import CHOICES, REQUESTS

TAB = REQUESTS.name
X14_DV = (
    b'<ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
    b'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
    b'<x14:dataValidations count="1" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
    b'<x14:dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1">'
    b"<x14:formula1><xm:f>Pilihan!$A$2:$A$7</xm:f></x14:formula1><xm:sqref>E3:E500</xm:sqref>"
    b"</x14:dataValidation></x14:dataValidations></ext>"
)
FAKE_VBA = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 8

# Staff headers in a shuffled order, one extra staff column, a header with trailing spaces,
# and only some toolkit columns (the backend adds "Bendera" and others when it writes them).
HEADERS = [
    "No. Pendaftaran", "Tanggal Diterima", "Jam Diterima", "Nama Pemohon", "Kanal Permohonan",
    "Catatan Internal Staf", "NIK / No. Identitas", "Nomor Telepon  ", "Jenis Pemohon",
    "Informasi yang Diminta", "Tujuan Penggunaan", "Biaya (Rp)", "Keputusan",
    "Batas Waktu", "Status", "Catatan Validasi",
]
ROWS = [
    ["001/PPID/XI/2026", dt.date(2026, 11, 2), dt.time(9, 30), "Andi", "Datang Langsung", "ok",
     "1503014101900001", "081234567890", "Perorangan", "DPT 2024", "Penelitian", 0, "Diterima"],
    ["002/PPID/XI/2026", dt.date(2026, 11, 27), dt.time(15, 5), "Budi & <Co>", "Email", "",
     "0012345", "0741123", "Badan Hukum", "Anggaran", "Liputan", 15000, ""],
    None,  # a blank row between records
    ["", dt.date(2026, 11, 28), None, "Citra", "Surat", "menunggu nomor",
     "1503025202950002", "", "Perorangan", "Hasil rekapitulasi", "Arsip", None, ""],
]


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def rich_register(path: Path, macro: bool = False) -> Path:
    """Write the rich register to `path` (.xlsx, or .xlsm with `macro`) and return it."""
    plain = path.with_name("plain-" + path.name)
    wb = xlsxwriter.Workbook(str(plain))
    date_fmt = wb.add_format({"num_format": "dd-mm-yyyy"})
    time_fmt = wb.add_format({"num_format": "hh:mm"})
    text_fmt = wb.add_format({"num_format": "@"})
    grey = wb.add_format({"bg_color": "#F2F2F2"})
    ws = wb.add_worksheet(TAB)
    ws.write_string(0, 0, "REGISTER PERMOHONAN INFORMASI PUBLIK KPU KABUPATEN SAROLANGUN")
    ws.write_row(1, 0, HEADERS)
    for r, row in enumerate(ROWS, start=2):
        if row is None:
            continue
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, dt.time):
                ws.write_datetime(r, c, dt.datetime.combine(dt.date(1899, 12, 31), value), time_fmt)
            elif isinstance(value, dt.date):
                ws.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date_fmt)
            elif isinstance(value, str):
                ws.write_string(r, c, value, text_fmt if c in (6, 7) else None)
            else:
                ws.write_number(r, c, value)
    ws.write_formula(2, 16, "=L3+1", None, 1)  # a staff formula with a cached result, unheaded column
    ws.set_column(13, 15, 14, grey)
    ws.write_comment(1, 0, "Nomor diisi otomatis.", {"author": "Kasubbag"})
    ws.insert_image(8, 2, "logo.png", {"image_data": io.BytesIO(png_bytes())})
    ws.conditional_format(2, 11, 500, 11, {"type": "data_bar", "bar_color": "#63C384"})
    ws.add_sparkline(2, 17, {"range": f"'{TAB}'!L3:L6"})
    ws.data_validation(2, 8, 500, 8, {"validate": "list", "source": ["Perorangan", "Kelompok Orang", "Badan Hukum"]})
    ws.freeze_panes(2, 0)
    ws.autofilter(1, 0, 5, len(HEADERS) - 1)
    chart = wb.add_chart({"type": "column"})
    chart.add_series({"values": [TAB, 2, 11, 5, 11], "name": "Biaya"})
    ws.insert_chart(12, 6, chart)
    lists = wb.add_worksheet("Pilihan")
    lists.write_string(0, 0, "Kanal Permohonan")
    for i, value in enumerate(CHOICES["Kanal Permohonan"], start=1):
        lists.write_string(i, 0, value)
    wb.define_name("DaftarKanal", "=Pilihan!$A$2:$A$7")
    wb.define_name(f"'{TAB}'!Lokal", f"='{TAB}'!$A$3")
    if macro:
        vba = path.with_name("vbaProject.bin")
        vba.write_bytes(FAKE_VBA)
        wb.add_vba_project(str(vba))
    wb.close()
    os.replace(plain, path)
    _add_x14_validation(path)
    return path


def _add_x14_validation(path: Path) -> None:
    """Put an Excel-2010 cross-sheet dropdown into the register sheet's extLst, as Excel does."""
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                assert b"<extLst>" in data
                data = data.replace(b"<extLst>", b"<extLst>" + X14_DV, 1)
            dst.writestr(info, data)
    os.replace(tmp, path)


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {i.filename: z.read(i) for i in z.infolist()}


def raw_members(path: Path) -> dict[str, tuple[int, int, int, bytes]]:
    """(CRC, compressed size, method, compressed bytes) per member: a raw copy keeps all four."""
    out = {}
    with zipfile.ZipFile(path) as z, open(path, "rb") as f:
        for i in z.infolist():
            f.seek(i.header_offset)
            head = f.read(30)
            skip = int.from_bytes(head[26:28], "little") + int.from_bytes(head[28:30], "little")
            f.seek(skip, 1)
            out[i.filename] = (i.CRC, i.compress_size, i.compress_type, f.read(i.compress_size))
    return out


def openpyxl_cells(path: Path) -> dict[str, dict[str, tuple[object, str]]]:
    """Every non-empty cell of every sheet: {sheet: {coordinate: (value, data_type)}}."""
    # keep_vba is not needed to read cells, and openpyxl leaves its VBA archive open on a closed
    # file with it (Python 3.13 then reports an exception from ZipFile.__del__)
    wb = openpyxl.load_workbook(path)
    out: dict[str, dict[str, tuple[object, str]]] = {}
    for ws in wb.worksheets:
        out[ws.title] = {c.coordinate: (c.value, c.data_type) for row in ws.iter_rows() for c in row
                         if c.value is not None}
    return out


def libreoffice_csv(path: Path, sheet_number: int, workdir: Path) -> str:
    """The sheet (1-based) as CSV, converted by headless LibreOffice with its own profile."""
    out = workdir / "csv"
    out.mkdir(exist_ok=True)
    profile = workdir / "lo-profile"
    filt = f'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,{sheet_number}'
    subprocess.run(
        [shutil.which("soffice") or "soffice", f"-env:UserInstallation=file://{profile}", "--headless",
         "--convert-to", filt, "--outdir", str(out), str(path)],
        check=True, capture_output=True, timeout=180,
    )
    produced = sorted(out.glob("*.csv"), key=lambda p: p.stat().st_mtime)
    assert produced, "LibreOffice produced no CSV"
    return produced[-1].read_text(encoding="utf-8")
