"""A rebuilt "Perlu Tindakan" keeps the form `ppid init` gave it, and says concretely what to do.

The fresh tab is XlsxWriter's (create_register); the rebuilt one is the Excel backend's own
sheet XML after `ppid check`. Both are read back from the real files: the sheet XML parts for
panes, filter, print setup and tab colour, openpyxl for what the style indices resolve to.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from automation.cli.main import main
from sheets.excel import ExcelBackend
from sheets.layout import ACTIONS, LETTERS, LOG, PRINT_REGISTER, REQUESTS
from sheets.workbook_init import create_register
from tests.office_config import with_officials
from tests.register_factory import D, request

TODAY = "2026-12-09"


def _sheet_xml(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as z:
        wb = z.read("xl/workbook.xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
        rid = re.search(rf'<sheet [^>]*name="{re.escape(name)}"[^>]*r:id="(\w+)"', wb).group(1)  # type: ignore[union-attr]
        target = re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"', rels) or re.search(
            rf'Target="([^"]+)"[^>]*Id="{rid}"', rels)
        part = target.group(1).lstrip("/")  # type: ignore[union-attr]
        return z.read(part if part.startswith("xl/") else f"xl/{part}").decode()


def _attrs(xml: str, tag: str, keys: tuple[str, ...], defaults: dict[str, str] | None = None) -> dict[str, str]:
    m = re.search(rf"<{tag}\b([^>]*)/?>", xml)
    found = dict(re.findall(r'(\w+)="([^"]*)"', m.group(1))) if m else {}
    return {k: found.get(k, (defaults or {}).get(k, "")) for k in keys}


def _form(path: Path, name: str) -> dict[str, Any]:
    """What makes the tab's form, independent of style indices and row count."""
    xml = _sheet_xml(path, name)
    ws = openpyxl.load_workbook(path)[name]
    header = ws.cell(1, 1)
    rules = sorted((r.formula[0], r.dxf.fill.bgColor.rgb[-6:], r.dxf.font.color.rgb[-6:], r.stopIfTrue)
                   for cf in ws.conditional_formatting for r in cf.rules)
    last_col = re.search(r'<autoFilter ref="A1:([A-Z]+)\d+"', xml)
    return {
        "tab colour": _attrs(xml, "tabColor", ("rgb",)),
        "fit to page": _attrs(xml, "pageSetUpPr", ("fitToPage",)),
        "pane": _attrs(xml, "pane", ("xSplit", "ySplit", "topLeftCell", "state")),
        "filter columns": last_col.group(1) if last_col else None,
        "page": _attrs(xml, "pageSetup", ("paperSize", "orientation", "fitToWidth", "fitToHeight"),
                       {"fitToWidth": "1", "fitToHeight": "1", "orientation": "portrait"}),
        "margins": _attrs(xml, "pageMargins", ("left", "right", "top", "bottom")),
        "protected": "<sheetProtection" in xml,
        "print titles": ws.print_title_rows,
        "header": (header.font.b, header.fill.fgColor.rgb[-6:], header.border.left.style, header.alignment.wrap_text,
                   header.alignment.vertical),
        "header height": ws.row_dimensions[1].height,
        "widths": [round(ws.column_dimensions[openpyxl.utils.get_column_letter(i + 1)].width or 0)
                   for i in range(len(ACTIONS.columns))],
        "row colours": rules,
    }


@pytest.fixture
def register(tmp_path: Path) -> tuple[Path, Path]:
    rows = [request(received=D("2026-11-20"), name="Budi Santoso", identity="1503010101800002"),  # due Fri 04-12: late
            request(received=D("2026-12-01"), name="Ani", identity="1503010101800004")]
    path = create_register(tmp_path / "register-ppid.xlsx", data={REQUESTS.name: rows})
    cfg = tmp_path / "config.toml"
    cfg.write_text(with_officials('[output]\nbackups = "cadangan"\nlog_file = "log/ppid.log"\n'), encoding="utf-8")
    return path, cfg


def test_rebuilt_action_tab_has_the_fresh_tabs_form(register: tuple[Path, Path]) -> None:
    path, cfg = register
    fresh = _form(path, ACTIONS.name)
    assert fresh["pane"]["ySplit"] == "1" and fresh["tab colour"]["rgb"].endswith("9C0006")
    assert fresh["page"]["orientation"] == "landscape" and fresh["page"]["fitToHeight"] == "0"
    assert fresh["row colours"] and not fresh["protected"]
    assert main(["--config", str(cfg), "check", "--register", str(path), "--today", TODAY]) == 1
    rebuilt_rows = ExcelBackend(path).read().table(ACTIONS.name)
    assert rebuilt_rows is not None and len(rebuilt_rows.rows) == 1  # the overdue row
    assert _form(path, ACTIONS.name) == fresh
    # and again (the second rebuild must not drift either)
    assert main(["--config", str(cfg), "check", "--register", str(path), "--today", "2026-12-10"]) == 1
    assert _form(path, ACTIONS.name) == fresh


def test_action_line_is_concrete_and_links_to_its_row(register: tuple[Path, Path]) -> None:
    path, cfg = register
    main(["--config", str(cfg), "check", "--register", str(path), "--today", TODAY])
    ws = openpyxl.load_workbook(path)[ACTIONS.name]
    headers = [c.value for c in ws[1]]
    row = {h: c for h, c in zip(headers, ws[2])}
    assert row["Nomor"].value == "001/PPID/XI/2026" and row["Nama Pemohon"].value == "Budi Santoso"
    # received Fri 20-11-2026: day 10 is Fri 04-12-2026; on Wed 09-12 three working days
    # (Mon 07, Tue 08, Wed 09) have passed -> late 3 (by hand, no holidays in between)
    assert row["Waktu"].value == "terlambat 3 hari kerja (batas Jum 04-12-2026)"
    assert row["Prioritas"].value.startswith("1 - Terlambat")
    assert isinstance(row["Batas"].value, dt.datetime) and row["Batas"].value.date() == dt.date(2026, 12, 4)
    link = row["Baris"].hyperlink
    assert row["Baris"].value == 2 and link is not None and link.location == "'Register Permohonan'!A2"
    assert row["Baris"].data_type != "f"  # a hyperlink, not a =HYPERLINK() formula
    xml = _sheet_xml(path, ACTIONS.name)
    assert "<f>" not in xml and "HYPERLINK" not in xml.upper().replace("<HYPERLINKS>", "").replace(
        "</HYPERLINKS>", "").replace("<HYPERLINK ", "")
    # the register row without "Status Penguasaan" needs nothing yet (not decided): no line
    assert ws.max_row == 2


def test_missing_field_line_names_the_column(tmp_path: Path) -> None:
    rows = [request(received=D("2026-12-01"), decision="Diterima", notice_date=D("2026-12-04"),
                    access_method="Melihat/Membaca/Mendengarkan/Mencatat", form="Softcopy", holding=None,
                    given_date="31-11-2026")]
    path = create_register(tmp_path / "r.xlsx", data={REQUESTS.name: rows})
    cfg = tmp_path / "config.toml"
    cfg.write_text(with_officials('[output]\nbackups = "cadangan"\nlog_file = "log/ppid.log"\n'), encoding="utf-8")
    main(["--config", str(cfg), "check", "--register", str(path), "--today", TODAY])
    table = ExcelBackend(path).read().table(ACTIONS.name)
    assert table is not None
    todo = str(table.column("Tindakan")[0]).split("\n")
    assert "Lengkapi kolom Status Penguasaan" in todo
    assert "Perbaiki Tanggal Pemberian Informasi: 31-11-2026 tidak ada" in todo
    assert not any("Catatan Validasi" in line for line in todo)


def test_dates_in_toolkit_tabs_are_real_dates(register: tuple[Path, Path]) -> None:
    path, cfg = register
    main(["--config", str(cfg), "check", "--register", str(path), "--today", TODAY])
    main(["--config", str(cfg), "notices", "--register", str(path), "--today", TODAY])
    book = openpyxl.load_workbook(path)
    log = book[LOG.name]
    assert isinstance(log.cell(2, 1).value, dt.datetime)
    letters = book[LETTERS.name]
    assert letters.max_row >= 2
    date_col = [c.value for c in letters[1]].index("Tanggal Surat") + 1
    made_col = [c.value for c in letters[1]].index("Dibuat") + 1
    assert letters.cell(2, date_col).value == dt.datetime(2026, 11, 20)  # the receipt's own date
    assert isinstance(letters.cell(2, made_col).value, dt.datetime)


def test_google_rebuild_has_the_form_too() -> None:
    from automation.check.job import run_check
    from automation.rules.config import default_config
    from tests.sheets_api_server import backend_on, running_server

    with running_server() as server:
        server.create({REQUESTS.name: [list(REQUESTS.headers),
                                       request(received=D("2026-11-20"), name="Budi", identity="1503010101800002")]})
        backend = backend_on(server)
        snap = backend.read()
        backend.write(snap, run_check(snap, default_config(), D(TODAY), dt.datetime(2026, 12, 9, 8)).changes)
        book = server.book()
        sheet = book.sheet(ACTIONS.name)
        register_id = book.sheet(REQUESTS.name).sheet_id
        colour = sheet.props["tabColorStyle"]["rgbColor"]  # 9C0006; the API leaves out a zero green
        assert (colour["red"], colour.get("green", 0), colour["blue"]) == (round(0x9C / 255, 3), 0, round(6 / 255, 3))
        assert sheet.props["gridProperties"]["frozenRowCount"] == 1
        assert sheet.basic_filter is not None
        formulas = [r["booleanRule"]["condition"]["values"][0]["userEnteredValue"] for r in sheet.conditional]
        flags = openpyxl.utils.get_column_letter(ACTIONS.headers.index("Bendera") + 1)
        assert f'=REGEXMATCH(${flags}2, "TERLAMBAT")' in formulas
        header = sheet.meta[(0, 0)]["userEnteredFormat"]
        assert header["textFormat"]["bold"] and header["wrapStrategy"] == "WRAP"
        row_col = ACTIONS.headers.index("Baris")
        link = sheet.meta[(1, row_col)]["userEnteredFormat"]["textFormat"]["link"]["uri"]
        assert link == f"#gid={register_id}&range=A2"
        assert server.grid(ACTIONS.name)[1][row_col] == 2  # the value stays a number, no formula


def test_print_ready_register_tab(register: tuple[Path, Path]) -> None:
    path, cfg = register
    main(["--config", str(cfg), "check", "--register", str(path), "--today", TODAY])
    table = ExcelBackend(path).read().table(PRINT_REGISTER.name)
    assert table is not None and table.headers == PRINT_REGISTER.headers
    assert [r[:3] for r in table.rows] == [("001/PPID/XI/2026", D("2026-11-20"), "Budi Santoso"),
                                         ("002/PPID/XII/2026", D("2026-12-01"), "Ani")]
    assert not {"NIK / No. Identitas", "Alamat", "Nomor Telepon", "Email"} & set(table.headers)
    form = _form(path, PRINT_REGISTER.name)
    assert form["page"]["orientation"] == "landscape" and form["page"]["fitToWidth"] == "1"
    assert form["print titles"] == "$1:$1" and form["fit to page"]["fitToPage"] == "1"
    # a second check the same day rewrites neither toolkit tab
    before = {n: _sheet_xml(path, n) for n in (ACTIONS.name, PRINT_REGISTER.name)}
    main(["--config", str(cfg), "check", "--register", str(path), "--today", TODAY])
    assert {n: _sheet_xml(path, n) for n in before} == before


def test_report_prints_whole_charts_with_whole_number_axes(tmp_path: Path) -> None:
    from automation.cli.report_cmd import skipped_text

    rows = [request(received=D(f"2026-11-{d:02d}"), name=f"P{d}", identity=f"15030101018000{d:02d}")
            for d in (2, 3, 4)]
    path = create_register(tmp_path / "register-ppid.xlsx", data={REQUESTS.name: rows})
    cfg = tmp_path / "config.toml"
    cfg.write_text(with_officials('[output]\nbackups = "cadangan"\nlog_file = "log/ppid.log"\nreports = "laporan"\n'),
                   encoding="utf-8")
    assert main(["--config", str(cfg), "report", "--register", str(path), "--month", "2026-11",
                 "--today", TODAY, "--no-pdf"]) == 0
    for xlsx, name in ((path, "Laporan 2026-11"), (next((tmp_path / "laporan").glob("*.xlsx")), None)):
        book = openpyxl.load_workbook(xlsx)
        ws = book[name] if name else book.worksheets[0]
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth in (1, None)
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert [b.id for b in ws.row_breaks.brk][:1] == [32]  # two charts (16 rows each) per page
        with zipfile.ZipFile(xlsx) as z:
            charts = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")]
        bars = [c for c in charts if "<c:barChart>" in c]
        assert bars and all('formatCode="0"' in c and "<c:majorUnit val=\"1\"/>" in c for c in bars)
    assert skipped_text(list(range(2, 2028))) == (
        "2026 baris tidak dihitung (Tanggal Diterima kosong/tidak terbaca): baris 2, 3, 4, 5, 6 dan 2021 lainnya; "
        "lihat kolom Catatan Validasi.")
