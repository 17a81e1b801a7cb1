"""The "Survei Kepuasan" tab: validation, Google Form CSV import (real .xlsx, safe to repeat),
the printable form, and the SKM figures in the monthly report."""

from __future__ import annotations

import datetime as dt
import hashlib
import zipfile
from pathlib import Path

import pytest
from docx import Document
from python_calamine import CalamineWorkbook

from automation.cli.main import main
from automation.survey.form import QUESTIONS, google_form_text
from automation.survey.importer import column_key, plan_import, timestamp_date
from automation.survey.responses import read_responses
from sheets.excel import ExcelBackend
from sheets.layout import REQUESTS, SURVEY
from sheets.model import Table
from sheets.workbook_init import create_register
from tests.office_config import with_officials

TODAY = dt.date(2026, 11, 28)


def _table(rows: list[list[object]]) -> Table:
    return Table(SURVEY.name, SURVEY.headers, 1, tuple(tuple(r) for r in rows), tuple(range(2, 2 + len(rows))))


def _row(date: object, number: object = None, answers: tuple = (3,) * 9, comment: object = None,
         rid: object = None) -> list[object]:
    return [date, number, *answers, comment, rid]


def test_validation_findings() -> None:
    rows = [
        _row(dt.date(2026, 11, 2), "001/PPID/XI/2026"),                       # 2 ok
        _row(None),                                                           # 3 SKM-002 no date
        _row("31-02-2026"),                                                   # 4 SKM-002 impossible
        _row(dt.date(2026, 12, 1)),                                           # 5 SKM-003 future
        _row(dt.date(2026, 11, 3), answers=(5, 3, "tiga", 2.5, 4, 4, 4, 4, 4)),  # 6 SKM-004 x3
        _row(dt.date(2026, 11, 3), answers=(None,) * 9, comment="bagus"),     # 7 SKM-005
        _row(dt.date(2026, 11, 4), answers=(3, 3, 3, None, 3, 3, 3, None, 3)),  # 8 SKM-006
        _row(dt.date(2026, 11, 2), "001/PPID/XI/2026"),                       # 9 SKM-007 same as row 2
        _row(dt.date(2026, 11, 5), "999/PPID/XI/2026"),                       # 10 SKM-008
        _row(dt.date(2026, 11, 5), comment="hubungi 0812-3456-7890 atau a.b@contoh.id"),  # 11 SKM-010
        _row(dt.date(2026, 11, 6), comment="=HYPERLINK(\"x\")"),              # 12 SKM-009
        [None] * len(SURVEY.headers),                                         # 13 blank: ignored
    ]
    responses, findings = read_responses(_table(rows), TODAY, ["001/PPID/XI/2026"])
    codes = sorted((f.row, f.code) for f in findings)
    assert codes == [(3, "SKM-002"), (4, "SKM-002"), (5, "SKM-003"), (6, "SKM-004"), (6, "SKM-004"),
                     (6, "SKM-004"), (7, "SKM-005"), (8, "SKM-006"), (9, "SKM-007"), (10, "SKM-008"),
                     (11, "SKM-010"), (12, "SKM-009")]
    # counted: rows 2, 6 (with its valid answers), 8, 9, 10, 11, 12
    assert [r.row for r in responses] == [2, 6, 8, 9, 10, 11, 12]
    assert responses[1].answers == (None, 3, None, None, 4, 4, 4, 4, 4)
    assert all("Baris" in f.message for f in findings)


FORM_HEADERS = ["Cap waktu", "Nama lengkap", "Alamat email",
                *[f"U{n} {q.element}: {q.text}" for n, q in enumerate(QUESTIONS.values(), start=1)],
                "No. Pendaftaran permohonan (opsional)", "Saran dan Masukan"]


def _csv(path: Path, lines: list[list[str]]) -> Path:
    import csv

    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows([FORM_HEADERS, *lines])
    return path


def test_import_appends_once_and_keeps_the_workbook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    register = create_register(tmp_path / "register.xlsx", officers=["Nurhayati"])
    csv_path = _csv(tmp_path / "respons.csv", [
        ["03/11/2026 10:15:22", "Budi Santoso", "budi@example.com", "4. Sangat sesuai", "3. Mudah", "c. Cepat",
         "Gratis", "3", "4", "Sopan dan ramah", "4. Dikelola dengan baik", "3. Baik", "", "Petugas ramah"],
        ["2026/11/05 9:01:00 AM GMT+7", "Siti", "siti@example.com", "2. Kurang sesuai", "2. Kurang mudah",
         "2. Kurang cepat", "4. Gratis", "2", "3", "3", "", "sedang", "001/PPID/XI/2026",
         "WA saya 0812-3456-7890"],
    ])
    before = register.read_bytes()
    argv = ["survei", "impor", str(csv_path), "--register", str(register), "--today", TODAY.isoformat()]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "2 respons ditambahkan" in out and "SKM-012" in out and "SKM-013" in out  # Nama/email; "sedang"
    wb = CalamineWorkbook.from_path(str(register))
    rows = wb.get_sheet_by_name(SURVEY.name).to_python()
    assert rows[0][:3] == ["Tanggal Survei", "No. Pendaftaran", "U1 Persyaratan"]
    assert len(rows) == 3
    first, second = rows[1], rows[2]
    # 03/11/2026 is day-month-year (the Indonesian locale): 3 November
    assert first[0] == dt.datetime(2026, 11, 3) or first[0] == dt.date(2026, 11, 3)
    assert first[2:11] == [4, 3, 3, 4, 3, 4, 3, 4, 3]
    assert second[2:11] == [2, 2, 2, 4, 2, 3, 3, "", ""]  # blank u8, unrecognised u9 left blank
    assert second[1] == "001/PPID/XI/2026"
    text = " ".join(str(v) for row in rows for v in row)
    assert "Budi" not in text and "example.com" not in text and "0812" not in text  # never imported
    assert "[disamarkan]" in text
    # every other part of the package is byte for byte what it was
    old, new = zipfile.ZipFile(_write(tmp_path / "before.xlsx", before)), zipfile.ZipFile(register)
    sheet_part = _sheet_part(new, SURVEY.name)
    for name in old.namelist():
        if name != sheet_part:
            assert old.read(name) == new.read(name), name
    # a second import of the same file adds nothing
    snapshot_before = hashlib.sha256(register.read_bytes()).hexdigest()
    assert main(argv) == 0
    assert "Tidak ada respons baru; 2 sudah ada" in capsys.readouterr().out
    assert hashlib.sha256(register.read_bytes()).hexdigest() == snapshot_before
    # the tab is valid apart from the unknown registration number and the blank answers
    assert main(["survei", "periksa", "--register", str(register), "--today", TODAY.isoformat()]) == 0
    out = capsys.readouterr().out
    assert "SKM-008" in out and "SKM-006" in out and "2 respons dapat dihitung" in out


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _sheet_part(z: zipfile.ZipFile, name: str) -> str:
    import re

    wb = z.read("xl/workbook.xml").decode()
    rid = re.search(rf'<sheet [^>]*name="{re.escape(name)}"[^>]*r:id="([^"]+)"', wb).group(1)
    rels = z.read("xl/_rels/workbook.xml.rels").decode()
    target = re.search(rf'<Relationship [^>]*Id="{rid}"[^>]*Target="([^"]+)"', rels) or \
        re.search(rf'<Relationship [^>]*Target="([^"]+)"[^>]*Id="{rid}"', rels)
    return "xl/" + target.group(1).lstrip("/").removeprefix("xl/")


def test_import_refuses_a_file_without_timestamps(tmp_path: Path) -> None:
    plan = plan_import(b"Nama,Persyaratan\nBudi,4\n", set(), TODAY)
    assert plan.failed and "SKM-011" in {i.code for i in plan.issues}
    assert plan_import(b"\xff\xfe\x00garbage", set(), TODAY).failed


def test_column_and_timestamp_reading() -> None:
    assert column_key("Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?") == "u4"
    assert column_key("Penanganan pengaduan") == "u8"
    assert column_key("Nomor telepon") is None and column_key("Alamat email") is None
    assert timestamp_date("2026/11/03 10:15:22 AM GMT+7") == dt.date(2026, 11, 3)
    assert timestamp_date("03/11/2026 10:15:22") == dt.date(2026, 11, 3)
    assert timestamp_date("11/3/2026 10:15:22", month_first=True) == dt.date(2026, 11, 3)


def test_form_docx_and_google_form_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["survei", "formulir", "--output", str(tmp_path)]) == 0
    doc = Document(str(tmp_path / "Formulir-Survei-Kepuasan.docx"))
    text = "\n".join([p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells])
    assert "KUESIONER SURVEI KEPUASAN MASYARAKAT" in text
    for q in QUESTIONS.values():
        assert q.text in text and f"4. {q.answers[3]}" in text
    listed = (tmp_path / "Pertanyaan-Survei-Google-Form.txt").read_text(encoding="utf-8")
    assert listed == google_form_text(listed.splitlines()[0].split("Publik ", 1)[1] if "Publik " in
                                      listed.splitlines()[0] else "")
    # every question's title as pasted into the form is recognised by the importer
    for line in listed.splitlines():
        if line.startswith("U") and ":" in line:
            assert column_key(line) == f"u{line[1]}"


def test_report_has_skm_only_when_the_tab_has_responses(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    register = create_register(tmp_path / "register.xlsx", officers=["Nurhayati"])
    (tmp_path / "config.toml").write_text(with_officials(""), encoding="utf-8")  # the report letter is signed
    monkeypatch.setenv("PPID_CONFIG", str(tmp_path / "config.toml"))
    args = ["--register", str(register), "--today", "2026-12-02"]
    assert main(["report", "--month", "2026-11", "--json", *args]) == 0
    assert '"survey"' not in capsys.readouterr().out  # no responses: the output is as before
    csv_path = _csv(tmp_path / "r.csv", [[f"2026/11/{d:02d} 10:00:00", "", "", *["4"] * 4, *["3"] * 5, "", ""]
                                          for d in (2, 3)])
    assert main(["survei", "impor", str(csv_path), *args]) == 0
    capsys.readouterr()
    assert main(["report", "--month", "2026-11", *args]) == 0
    snap = ExcelBackend(register).read()
    tab = snap.table("Laporan 2026-11")
    cells = [str(v) for row in tab.rows for v in row if v is not None]
    # two respondents, each 4,4,4,4,3,3,3,3,3: sum of NRR = 31, /9 x 25 = 86.111 -> 86,11, B
    assert "86,11 (mutu B, Baik)" in cells
    assert snap.table(REQUESTS.name) is not None
