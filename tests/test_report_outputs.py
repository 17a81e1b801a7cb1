"""The report's files and the `ppid report` command on a real .xlsx register."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from automation.cli.main import main
from automation.letters.pdf import convert_to_pdf
from automation.reports.documents import write_report_files
from automation.reports.figures import Period, compute_report, monthly_trend
from automation.rules.calendar import WorkCalendar
from automation.rules.config import default_config
from automation.rules.records import read_objections, read_requests
from sheets.layout import OBJECTIONS, REQUESTS
from sheets.memory import MemoryBackend
from tests.office_config import with_officials
from tests.report_fixture import personal_strings, register_tabs, write_xlsx

D = dt.date


def _write_files(out: Path, pdf: bool = False):
    snap = MemoryBackend(register_tabs()).read()
    requests = read_requests(snap.table(REQUESTS.name))
    objections = read_objections(snap.table(OBJECTIONS.name))
    figures = compute_report(requests, objections, WorkCalendar.build(), D(2026, 11, 1), D(2026, 11, 30), D(2026, 12, 1))
    return write_report_files(figures, monthly_trend(requests, Period.month(2026, 11)), default_config(out), out,
                              pdf=pdf)


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    return _write_files(tmp_path_factory.mktemp("laporan"))


def _docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        xml = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("word/") and n.endswith(".xml"))
    return re.sub(r"<[^>]+>", "", xml)


def test_workbook_has_native_charts(files) -> None:
    assert files.workbook.name == "Laporan-2026-11.xlsx"
    with zipfile.ZipFile(files.workbook) as z:
        charts = [n for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)]
        kinds = sorted(re.search(rb"<c:(barChart|pieChart|lineChart)>", z.read(n)).group(1).decode() for n in charts)
    assert kinds == ["barChart", "barChart", "lineChart", "pieChart"]
    wb = openpyxl.load_workbook(files.workbook)
    ws = wb["Laporan 2026-11"]
    assert len(ws._charts) == 4
    assert ws["A1"].value == "Laporan Bulanan Layanan Informasi Publik Bulan November 2026"
    labels = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(1, ws.max_row + 1)}
    assert labels["Permohonan diterima"] == 9 and labels["Terlambat"] == 1


def test_letter_is_complete_and_has_no_personal_data(files) -> None:
    text = _docx_text(files.letter)
    assert "{{" not in text and "{%" not in text and "}}" not in text and "%}" not in text
    assert "Laporan Bulanan Layanan Informasi Publik Bulan November 2026" in text
    assert "NOTA DINAS" in text and "1 November 2026 s.d. 30 November 2026" in text
    assert "Datang Langsung" in text and "013/PPID/2026" in text
    for value in personal_strings():
        assert value not in text, value
    with zipfile.ZipFile(files.letter) as z:
        assert any(n.startswith("word/media/") and n.endswith(".png") for n in z.namelist())
    assert files.chart


def test_file_names_carry_only_the_period(files) -> None:
    names = {p.name for p in files.workbook.parent.iterdir()}
    assert names == {"Laporan-2026-11.xlsx", "Laporan-2026-11.docx"}


@pytest.mark.libreoffice
def test_libreoffice_opens_the_workbook_and_the_letter(files, tmp_path) -> None:
    # copies, so the PDFs (made beside their sources) stay out of the shared report folder
    copies = []
    for sub, source in (("xlsx", files.workbook), ("docx", files.letter)):
        (tmp_path / sub).mkdir()
        copies.append(Path(shutil.copy(source, tmp_path / sub)))
    result = convert_to_pdf(copies)
    pdf, letter_pdf = (c.with_suffix(".pdf") for c in copies)
    assert result.pdfs == [pdf, letter_pdf], result.messages
    assert pdf.read_bytes().startswith(b"%PDF")
    # pypdf (a test dependency) reads the text: these asserts run wherever LibreOffice does
    text = pdf_text(letter_pdf)
    assert "NOTA DINAS" in text and "Permohonan menurut kanal" in text
    sheet = pdf_text(pdf)
    assert "Ringkasan" in sheet and "Tren 12 bulan" in sheet
    # chart titles exist only in the charts: LibreOffice drew them
    for title in ("Permohonan menurut kanal (November 2026)", "Keputusan (November 2026)",
                  "Ketepatan waktu (November 2026)", "Tren 12 bulan: diterima dan selesai"):
        assert title in sheet, title


def pdf_text(path: Path) -> str:
    """The PDF's text, whitespace collapsed."""
    from pypdf import PdfReader

    return " ".join(" ".join(page.extract_text() or "" for page in PdfReader(path).pages).split())


@pytest.mark.libreoffice
def test_pdf_of_the_letter_is_made_beside_it(tmp_path) -> None:
    made = _write_files(tmp_path, pdf=True)
    assert made.pdf == tmp_path / "Laporan-2026-11.pdf" and made.pdf_problem == ""
    assert made.pdf.read_bytes().startswith(b"%PDF")


def test_without_libreoffice_the_pdf_is_reported_not_raised(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("PPID_SOFFICE", "/tidak/ada/soffice")
    made = _write_files(tmp_path, pdf=True)
    assert made.pdf is None and made.letter.is_file()
    assert made.pdf_problem == "LibreOffice (soffice) tidak terpasang; PDF tidak dibuat."


def _staff_values(path: Path) -> dict[str, list[list]]:
    wb = CalamineWorkbook.from_path(str(path))
    from sheets.layout import is_toolkit_tab

    return {n: wb.get_sheet_by_name(n).to_python() for n in wb.sheet_names if not is_toolkit_tab(n)}


@pytest.fixture
def office(tmp_path) -> Path:
    write_xlsx(tmp_path / "register.xlsx")
    (tmp_path / "config.toml").write_text(with_officials('[register]\npath = "register.xlsx"\n'), encoding="utf-8")
    return tmp_path


def test_report_command_writes_tab_and_files_and_reruns_cleanly(office, capsys) -> None:
    register = office / "register.xlsx"
    before = _staff_values(register)
    args = ["--config", str(office / "config.toml"), "report", "--month", "2026-11", "--today", "2026-12-01", "--no-pdf"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "diterima 9, selesai 8" in out and "Laporan 2026-11" in out
    assert main(args) == 0  # rerun: the tab is replaced, not added again
    wb = openpyxl.load_workbook(register)
    assert [n for n in wb.sheetnames if n.startswith("Laporan")] == ["Laporan 2026-11"]
    assert len(wb["Laporan 2026-11"]._charts) == 4
    with zipfile.ZipFile(register) as z:
        assert len([n for n in z.namelist() if n.startswith("xl/charts/chart")]) == 4
    assert _staff_values(register) == before  # staff data untouched
    assert (office / "laporan" / "Laporan-2026-11.docx").is_file()
    assert (office / "laporan" / "Laporan-2026-11.xlsx").is_file()


def test_cover_letter_is_numbered_once_in_the_letter_sequence(office, capsys) -> None:
    from docx import Document

    from automation.letters.render import document_text
    from sheets.excel import ExcelBackend
    from sheets.layout import LETTERS

    args = ["--config", str(office / "config.toml"), "report", "--month", "2026-11", "--today", "2026-12-01", "--no-pdf"]
    assert main(args) == 0 and main(args) == 0
    rows = [r for r in ExcelBackend(office / "register.xlsx").read().table(LETTERS.name).rows
            if r[1] == "Nota Dinas Laporan"]
    # the fixture register has no letters yet: the first number of December 2026, claimed once
    assert [r[0] for r in rows] == ["001/ND/PPID/XII/2026"] and rows[0][3] == "Laporan 2026-11"
    text = document_text(Document(str(office / "laporan" / "Laporan-2026-11.docx")))
    assert "Nomor: 001/ND/PPID/XII/2026" in text and "....." not in text
    assert "KOMISI PEMILIHAN UMUM KABUPATEN SAROLANGUN" in text and "KOMISI PEMILIHAN UMUM\n" not in text
    figures = re.sub(r"Rp [\d.]+", "", text.split("Definisi")[0])  # Rupiah keep their thousands point
    assert "rata-rata: 7,8" in figures and not re.search(r"\d\.\d", figures), "decimal comma, not point"


def test_letter_says_which_figures_error_findings_affect() -> None:
    from automation.reports.documents import register_notes

    snap = MemoryBackend(register_tabs()).read()
    requests = read_requests(snap.table(REQUESTS.name))
    period = (D(2026, 11, 1), D(2026, 11, 30), D(2026, 12, 1))
    good = [r for r in requests if r.received and r.received >= period[0]
            and not register_notes([r], {}, *period)]
    assert good  # a row of the period without error findings: no note
    bad = dataclasses.replace(good[0], notice_date=good[0].received - dt.timedelta(days=1))  # PMH-014
    (note,) = register_notes([bad], {}, *period)
    assert note.startswith("Register memuat temuan error pada 1 baris") and "Tanggal Pemberitahuan Tertulis" in note
    assert "tepat waktu/terlambat" in note.split("terpengaruh:")[1]


def test_annual_report_command(office, capsys) -> None:
    args = ["--config", str(office / "config.toml"), "report", "--year", "2026", "--today", "2027-01-04", "--no-pdf"]
    assert main(args) == 0
    assert "Laporan Tahunan 2026" in openpyxl.load_workbook(office / "register.xlsx").sheetnames
    assert (office / "laporan" / "Laporan-Tahunan-2026.docx").is_file()


def test_json_prints_and_writes_nothing(office, capsys) -> None:
    register = office / "register.xlsx"
    raw = register.read_bytes()
    assert main(["--config", str(office / "config.toml"), "report", "--month", "2026-11", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["received"] == 9 and data["working_days"]["median"] == 9
    assert register.read_bytes() == raw
    assert not (office / "laporan").exists()


def test_bad_period_is_a_usage_error(office, capsys) -> None:
    assert main(["--config", str(office / "config.toml"), "report", "--month", "2026-13"]) == 2
    assert main(["--config", str(office / "config.toml"), "report", "--month", "2026-11", "--year", "2026"]) == 2



def test_cover_letter_number_counts_letters_named_only_in_a_register_cell(tmp_path) -> None:
    """The report reads the register's rows once and hands them to the number claim: a letter
    named only in a request's "Surat Terbit" cell (its "Surat" row deleted) still takes its
    number. By hand: 007/PT/PPID/XII/2026 is the only December 2026 number, so the cover letter
    made on 1 December is 008/ND/PPID/XII/2026 (001 if the claim saw no rows)."""
    from automation.cli.report_cmd import make_report
    from automation.rules.config import load_config
    from sheets.layout import LETTERS

    tabs = register_tabs()
    letters_col = REQUESTS.headers.index(REQUESTS.header("letters"))
    row = list(tabs[REQUESTS.name][1]) + [None] * len(REQUESTS.headers)
    row[letters_col] = "PT: 007/PT/PPID/XII/2026"
    tabs[REQUESTS.name][1] = row[:len(REQUESTS.headers)]
    backend = MemoryBackend(tabs)
    (tmp_path / "config.toml").write_text(with_officials('[register]\npath = "register.xlsx"\n'), encoding="utf-8")
    cfg = load_config(tmp_path / "config.toml")
    result = make_report(backend, cfg, Period.month(2026, 11), D(2026, 12, 1), pdf=False, outdir=tmp_path / "out")
    assert result.figures.received == 9  # the fixture's November, as counted in test_report.py
    claimed = [r for r in backend.read().table(LETTERS.name).rows if r[1] == "Nota Dinas Laporan"]
    assert [r[0] for r in claimed] == ["008/ND/PPID/XII/2026"]


def _error_note(tmp_path: Path, tabs: dict[str, list[list]]) -> tuple[str, str]:
    from automation.cli.report_cmd import make_report
    from automation.rules.config import load_config

    tmp_path.mkdir()
    (tmp_path / "config.toml").write_text(with_officials('[register]\npath = "register.xlsx"\n'), encoding="utf-8")
    cfg = load_config(tmp_path / "config.toml")
    result = make_report(MemoryBackend(tabs), cfg, Period.month(2026, 11), D(2026, 12, 1), pdf=False,
                         outdir=tmp_path / "out")
    match = re.search(r"Register memuat temuan error pada (\d+) baris permohonan periode ini \(kolom: ([^)]*)\)",
                      _docx_text(result.files.letter))
    assert match is not None
    return match.group(1), match.group(2)


def test_letter_notes_count_the_error_rows_of_the_period_only(tmp_path) -> None:
    """The report reads whole records only of the rows received in the period, for the letter's
    note on error findings. By hand: the phone and e-mail of request 11 (received 30 Nov, the
    period's last day) and of requests 2 (12 Oct) and 12 (1 Dec) are blanked: a missing contact
    (an error, on the phone column) on three rows, one of them in November, which had no error
    finding before. So the November note counts one row more, and the phone column once."""
    rows_before, columns_before = _error_note(tmp_path / "before", register_tabs())
    tabs = register_tabs()
    number = REQUESTS.headers.index(REQUESTS.header("number"))
    blanked = 0
    for row in tabs[REQUESTS.name][1:]:
        if row[number] in ("011/PPID/2026", "002/PPID/2026", "012/PPID/2026"):
            for key in ("phone", "email"):
                row[REQUESTS.headers.index(REQUESTS.header(key))] = None
            blanked += 1
    assert blanked == 3
    rows_after, columns_after = _error_note(tmp_path / "after", tabs)
    assert "Nomor Telepon" not in columns_before and "Nomor Telepon 1," in columns_after
    assert int(rows_after) == int(rows_before) + 1


def test_letter_note_stands_apart_from_the_closing_line(tmp_path) -> None:
    """A note of the cover letter ("Catatan: ...", 10 pt) is followed by a line's space, not set
    hard against "Demikian laporan ini ..." (seen in the rendered PDF before the template had it)."""
    from docx import Document
    from docx.shared import Pt

    from automation.cli.report_cmd import make_report
    from automation.rules.config import load_config

    (tmp_path / "config.toml").write_text(with_officials('[register]\npath = "register.xlsx"\n'), encoding="utf-8")
    tabs = register_tabs()
    for row in tabs[REQUESTS.name][1:]:
        if row[REQUESTS.headers.index(REQUESTS.header("number"))] == "011/PPID/2026":
            for key in ("phone", "email"):
                row[REQUESTS.headers.index(REQUESTS.header(key))] = None  # an error finding: a note
    result = make_report(MemoryBackend(tabs), load_config(tmp_path / "config.toml"), Period.month(2026, 11),
                         D(2026, 12, 1), pdf=False, outdir=tmp_path / "out")
    paragraphs = Document(str(result.files.letter)).paragraphs
    closing = next(i for i, p in enumerate(paragraphs) if p.text.startswith("Demikian laporan ini"))
    notes = [p for p in paragraphs[:closing] if p.text.startswith("Catatan: ")]
    assert any("Register memuat temuan error" in p.text for p in notes)
    assert paragraphs[closing - 1].text.startswith("Catatan: ")  # the last note, right above the closing
    assert all(p.paragraph_format.space_after >= Pt(6) for p in notes)
