"""Packages the toolkit writes stay consistent (tests/xlsx_consistency.py stands in for Excel).

Registers made by XlsxWriter, openpyxl and LibreOffice, and one whose only dd-mm-yyyy format
sits inside a <dxf>, go through `ppid check`; the checker must find nothing, and the deadline
cells must show dd-mm-yyyy from a format <numFmts> defines. The checker itself is shown to fail
on broken packages, and the suite-wide hook in conftest.py to fail the test that wrote one.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from automation.cli.main import main
from sheets.layout import DIK, HOLIDAYS, OFFICERS, REQUESTS
from sheets.xlsx_styles import StyleBook
from tests.conftest import REPO
from tests.register_factory import D, request
from tests.xlsx_consistency import problems, style_format

TABS = ((REQUESTS.name, REQUESTS.headers), (DIK.name, DIK.headers), (HOLIDAYS.name, HOLIDAYS.headers),
        (OFFICERS.name, OFFICERS.headers))
ROWS = [request(), request(received=D("2026-11-20"), name="Budi", identity="1503010101800002")]
DUE_COL = REQUESTS.headers.index("Batas Waktu")


def _col_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


DUE_CELLS = [f"{_col_letter(DUE_COL)}{r}" for r in (2, 3)]


def xlsxwriter_register(path: Path, date_format: str = "dd-mm-yyyy", dxf_format: str | None = None) -> Path:
    """The register as XlsxWriter writes it; `dxf_format` adds a conditional format carrying it."""
    wb = xlsxwriter.Workbook(str(path))
    date_fmt = wb.add_format({"num_format": date_format})
    for name, headers in TABS:
        ws = wb.add_worksheet(name)
        ws.write_row(0, 0, headers)
        for r, values in enumerate(ROWS if name == REQUESTS.name else [], start=1):
            for c, v in enumerate(values):
                if isinstance(v, dt.date):
                    ws.write_datetime(r, c, dt.datetime.combine(v, dt.time()), date_fmt)
                elif v is not None:
                    ws.write_string(r, c, str(v))
        if name == OFFICERS.name:
            ws.write_row(1, 0, ["Rina", "", "Staf", "Ya"])
        if name == REQUESTS.name and dxf_format:
            overdue = wb.add_format({"num_format": dxf_format, "font_color": "#9C0006"})
            ws.conditional_format(1, 0, 200, len(headers) - 1,
                                  {"type": "formula", "criteria": "=$A2<>\"\"", "format": overdue})
    wb.close()
    return path


def openpyxl_register(path: Path) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, headers in TABS:
        ws = wb.create_sheet(name)
        ws.append(list(headers))
        for values in ROWS if name == REQUESTS.name else []:
            ws.append(values)
            for cell in ws[ws.max_row]:
                if isinstance(cell.value, dt.date):
                    cell.number_format = "DD/MM/YYYY"
        if name == OFFICERS.name:
            ws.append(["Rina", "", "Staf", "Ya"])
    wb.save(path)
    return path


def libreoffice_register(path: Path) -> Path:
    """A register made by `ppid init`, checked once (so its toolkit tabs are filled), then opened and saved as
    .xlsx by LibreOffice, as a desk computer would. (LibreOffice lists every .rels part in
    [Content_Types].xml; tests/test_libreoffice_sort_delete.py, through the suite-wide check, guards
    that a replaced toolkit tab's .rels entry goes with it.)"""
    from sheets.workbook_init import create_register

    source = create_register(path.with_name("sumber.xlsx"), officers=["Rina"], data={REQUESTS.name: ROWS})
    ppid_check(path.parent, source)
    out = path.parent / "lo-out"
    subprocess.run([shutil.which("soffice") or "soffice", f"-env:UserInstallation=file://{path.parent / 'lo-profile'}",
                    "--headless", "--convert-to", "xlsx", "--outdir", str(out), str(source)],
                   check=True, capture_output=True, timeout=180)
    os.replace(out / "sumber.xlsx", path)
    source.unlink()
    return path


def ppid_check(tmp_path: Path, reg: Path) -> int:
    cfg = tmp_path / "config.toml"
    cfg.write_text('[output]\nbackups = "cadangan"\nlog_file = "log/ppid.log"\n', encoding="utf-8")
    return main(["--config", str(cfg), "check", "--register", str(reg), "--today", "09-12-2026"])


def _styles(path: Path) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read("xl/styles.xml")


def test_dxf_only_date_format_gets_its_own_numfmt(tmp_path: Path) -> None:
    reg = xlsxwriter_register(tmp_path / "register.xlsx", date_format="yyyy-mm-dd", dxf_format="dd-mm-yyyy")
    before = _styles(reg)
    # the fixture is what the issue describes: dd-mm-yyyy only inside the <dxf> (XlsxWriter: 164 is
    # yyyy-mm-dd in <numFmts>, 165 is dd-mm-yyyy in the dxf)
    numfmts = re.search(rb"<numFmts.*?</numFmts>", before).group(0)
    assert b"dd-mm-yyyy" not in numfmts and b'<numFmt numFmtId="165" formatCode="dd-mm-yyyy"/></dxf>' in before
    assert problems(reg) == []
    assert ppid_check(tmp_path, reg) == 1  # Budi's request (20-11) is overdue on 09-12
    assert problems(reg) == []
    for ref in DUE_CELLS:
        fmt, code = style_format(reg, REQUESTS.name, ref)
        # a new id above both 164 and the dxf's 165, defined in <numFmts>
        assert (fmt, code) == (166, "dd-mm-yyyy")
    after = _styles(reg)
    # the staff's 164 kept, the toolkit's formats appended from 166 on (a datetime one may follow)
    defined = dict(re.findall(rb'<numFmt numFmtId="(\d+)" formatCode="([^"]*)"/>',
                              re.search(rb"<numFmts.*?</numFmts>", after).group(0)))
    assert defined[b"164"] == b"yyyy-mm-dd" and defined[b"166"] == b"dd-mm-yyyy" and b"165" not in defined
    assert b'<numFmt numFmtId="165" formatCode="dd-mm-yyyy"/></dxf>' in after  # the staff's dxf untouched


def test_stylebook_reads_numfmts_section_only() -> None:
    # four formats in <numFmts>, two more inside dxfs: the count stays 4 + the one added
    styles = (b'<styleSheet><numFmts count="4"><numFmt numFmtId="164" formatCode="0.0"/>'
              b'<numFmt numFmtId="165" formatCode="0.00"/><numFmt numFmtId="166" formatCode="#,##0"/>'
              b'<numFmt numFmtId="170" formatCode="yyyy"/></numFmts><fonts count="1"><font/></fonts>'
              b'<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
              b'<dxfs count="2"><dxf><numFmt numFmtId="180" formatCode="dd-mm-yyyy"/></dxf>'
              b'<dxf><numFmt numFmtId="171" formatCode="hh:mm"/></dxf></dxfs></styleSheet>')
    book = StyleBook(styles)
    assert sorted(book.num_fmts) == [164, 165, 166, 170]
    style = book.for_value(0, "date")
    out = book.to_bytes()
    assert b'<numFmts count="5">' in out and b'<numFmt numFmtId="181" formatCode="dd-mm-yyyy"/></numFmts>' in out
    assert style == 1 and b'<xf numFmtId="181"' in out


def test_openpyxl_register_stays_consistent(tmp_path: Path) -> None:
    reg = openpyxl_register(tmp_path / "register.xlsx")
    assert problems(reg) == []
    assert ppid_check(tmp_path, reg) == 1
    assert problems(reg) == []
    for ref in DUE_CELLS:
        fmt, code = style_format(reg, REQUESTS.name, ref)
        assert code == "dd-mm-yyyy" and fmt >= 164


@pytest.mark.libreoffice
def test_libreoffice_register_stays_consistent(tmp_path: Path) -> None:
    reg = libreoffice_register(tmp_path / "register.xlsx")
    assert problems(reg) == []
    assert ppid_check(tmp_path, reg) == 1
    assert problems(reg) == []
    for ref in DUE_CELLS:
        fmt, code = style_format(reg, REQUESTS.name, ref)
        # LibreOffice rewrote the toolkit's format as dd\-mm\-yyyy (escaped dashes): the same format
        assert code is not None and code.replace("\\", "").lower() == "dd-mm-yyyy" and fmt >= 164


# --- the checker fails where it must -----------------------------------------------------------

def _rewrite(path: Path, out: Path, changes: dict[str, bytes | None]) -> Path:
    """A copy of the package with parts replaced (None drops a part)."""
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = changes.get(info.filename, src.read(info))
            if data is not None:
                dst.writestr(info.filename, data)
        for name, data in changes.items():
            if name not in src.namelist() and data is not None:
                dst.writestr(name, data)
    return out


def _part(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read(name)


BROKEN: dict[str, tuple[str, str, bytes, bytes, str]] = {
    # name: (part, what it replaces, old, new, expected problem text)
    "count": ("xl/styles.xml", "fonts count", b'<fonts count="1">', b'<fonts count="2">', '<fonts count="2"> has 1'),
    "numfmt": ("xl/styles.xml", "numFmtId of the date style", b'<xf numFmtId="164"', b'<xf numFmtId="165"',
               "numFmtId=165 is not defined in <numFmts>"),
    "font": ("xl/styles.xml", "fontId", b'<xf numFmtId="164" fontId="0"', b'<xf numFmtId="164" fontId="3"',
             "fontId=3 but only 1 entries"),
    "cell style": ("xl/worksheets/sheet1.xml", "a cell's s", b' s="1"', b' s="9"', "style 9 but only 2 cellXfs"),
    "rows": ("xl/worksheets/sheet1.xml", "row order", b'<row r="3"', b'<row r="1"', "row 1 after row 2"),
    "sheet names": ("xl/workbook.xml", "a sheet name", b'name="Petugas"', b'name="register permohonan"',
                    "duplicate sheet names"),
    "sheet ids": ("xl/workbook.xml", "a sheetId", b'sheetId="2"', b'sheetId="1"', "duplicate sheetIds"),
    "relationship": ("xl/_rels/workbook.xml.rels", "a target", b'Target="worksheets/sheet4.xml"',
                     b'Target="worksheets/sheet9.xml"', "points at missing part xl/worksheets/sheet9.xml"),
    "content type": ("[Content_Types].xml", "the styles override",
                     b'<Override PartName="/xl/styles.xml"', b'<Override PartName="/xl/gaya.xml"',
                     "override for missing part xl/gaya.xml"),
    "shared string": ("xl/sharedStrings.xml", "uniqueCount", b'uniqueCount="', b'uniqueCount="9', "uniqueCount="),
}


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_checker_finds_each_kind_of_break(tmp_path: Path, kind: str) -> None:
    good = xlsxwriter_register(tmp_path / "baik.xlsx")
    assert problems(good) == []
    part, _, old, new, expected = BROKEN[kind]
    data = _part(good, part)
    assert old in data, f"fixture changed: {old!r} not in {part}"
    bad = _rewrite(good, tmp_path / "rusak.xlsz", {part: data.replace(old, new, 1)})
    found = problems(bad)
    assert any(expected in p for p in found), found
    bad.unlink()


def test_checker_finds_a_part_without_content_type(tmp_path: Path) -> None:
    good = xlsxwriter_register(tmp_path / "baik.xlsx")
    bad = _rewrite(good, tmp_path / "rusak.xlsz", {"xl/media/catatan.bin": b"\x00"})
    assert problems(bad) == ["[Content_Types].xml: no content type for part xl/media/catatan.bin"]
    bad.unlink()


def test_checker_finds_cells_out_of_order(tmp_path: Path) -> None:
    good = xlsxwriter_register(tmp_path / "baik.xlsx")
    sheet = _part(good, "xl/worksheets/sheet1.xml")
    row = re.search(rb'<row r="2".*?</row>', sheet).group(0)
    cells = re.findall(rb"<c .*?</c>", row)
    swapped = row.replace(cells[0] + cells[1], cells[1] + cells[0])
    assert swapped != row
    bad = _rewrite(good, tmp_path / "rusak.xlsz", {"xl/worksheets/sheet1.xml": sheet.replace(row, swapped)})
    first, second = (re.search(rb' r="([A-Z]+)2"', c).group(1).decode() for c in cells[:2])
    assert problems(bad) == [f"xl/worksheets/sheet1.xml: cell {first}2 after column {ord(second) - 64} in row 2"]
    bad.unlink()


# --- the suite-wide hook fails the test that wrote a bad package ---------------------------------

INNER_CONFTEST = "from tests.conftest import pytest_runtest_call  # noqa: F401 (the hook under test)\n"
INNER_TESTS = '''
import zipfile
from tests.test_xlsx_consistency import xlsxwriter_register


def test_writes_a_good_package(tmp_path):
    xlsxwriter_register(tmp_path / "baik.xlsx")


def test_writes_a_broken_package(tmp_path):
    good = xlsxwriter_register(tmp_path / "baik.xlsx")
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(tmp_path / "rusak.xlsx", "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/styles.xml":
                data = data.replace(b'<fonts count="1">', b'<fonts count="7">')
            dst.writestr(info.filename, data)
'''


def test_suite_hook_fails_the_test_that_wrote_a_broken_package(tmp_path: Path) -> None:
    inner = tmp_path / "inner"
    inner.mkdir()
    (inner / "conftest.py").write_text(INNER_CONFTEST, encoding="utf-8")
    (inner / "test_inner.py").write_text(INNER_TESTS, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
    try:
        run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", str(inner),
                              "--basetemp", str(tmp_path / "inner-tmp"), str(inner)],
                             capture_output=True, text=True, env=env, cwd=inner, timeout=120)
    finally:  # the inner run's deliberately broken package must not fail this test too
        shutil.rmtree(tmp_path / "inner-tmp", ignore_errors=True)
    assert "1 failed, 1 passed" in run.stdout, run.stdout + run.stderr
    assert "test_writes_a_broken_package" in run.stdout and '<fonts count=\\"7\\">' in run.stdout.replace('"', '\\"')
