"""Issue 13 point 6 for the objection letters: a Tanggapan Keberatan whose printed facts come from a
cell with an error finding is held (not issued, listed in "Perlu Tindakan" with the reason), on a
real Excel register made by `ppid init`, through `ppid notices` and `ppid check`."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from automation.cli.main import main
from automation.letters.render import docx_text
from sheets.layout import ACTIONS, LETTERS, OBJECTIONS, REQUESTS, Tab
from tests.letter_fixtures import OBJECTION_FULL, REQUEST_FULL
from tests.office_config import example_with_officials

# Received Wed 06-01-2027, answered Tue 05-01-2027: the answer is dated a day before receipt (KEB-013).
ANSWER_BEFORE_RECEIPT = {**OBJECTION_FULL, "answer_date": "05-01-2027"}
TODAY = "2027-03-01"


def _put(wb: openpyxl.Workbook, tab: Tab, row: int, values: dict[str, object]) -> None:
    ws = wb[tab.name]
    headers = [c.value for c in ws[1]]
    for key, value in values.items():
        ws.cell(row=row, column=headers.index(tab.header(key)) + 1, value=value)


@pytest.fixture
def office(tmp_path: Path) -> Path:
    (tmp_path / "config.toml").write_text(example_with_officials(), encoding="utf-8")  # not the example's signatories
    assert main(["--config", str(tmp_path / "config.toml"), "init", str(tmp_path / "register-ppid.xlsx")]) == 0
    wb = openpyxl.load_workbook(tmp_path / "register-ppid.xlsx")
    _put(wb, REQUESTS, 2, REQUEST_FULL)
    _put(wb, OBJECTIONS, 2, ANSWER_BEFORE_RECEIPT)
    wb.save(tmp_path / "register-ppid.xlsx")
    return tmp_path


def notices(office: Path) -> int:
    return main(["--config", str(office / "config.toml"), "notices", "--today", TODAY])


def check(office: Path) -> int:
    return main(["--config", str(office / "config.toml"), "check", "--register", str(office / "register-ppid.xlsx"),
                 "--today", TODAY])


def surat(office: Path) -> list[tuple]:
    wb = openpyxl.load_workbook(office / "register-ppid.xlsx", read_only=True)
    return [r[:2] for r in wb[LETTERS.name].iter_rows(min_row=2, values_only=True) if any(r)]


def actions(office: Path) -> list[dict[str, object]]:
    wb = openpyxl.load_workbook(office / "register-ppid.xlsx", read_only=True)
    rows = list(wb[ACTIONS.name].iter_rows(values_only=True))
    i = next(n for n, r in enumerate(rows) if ACTIONS.header("register") in r)  # the header row
    return [dict(zip(rows[i], r)) for r in rows[i + 1:] if any(r)]


def test_answer_dated_before_receipt_is_held_then_issued_once_fixed(office: Path, capsys) -> None:
    notices(office)
    out = capsys.readouterr().out
    # Issued: the request's receipt and written notice, and the objection's receipt, which does not
    # print Tanggal Tanggapan (the cell with the finding). Held: the answer, which prints it.
    assert sorted(label for _, label in surat(office)) == [
        "Pemberitahuan Tertulis", "Tanda Bukti Permohonan", "Tanda Terima Keberatan"]
    assert "Belum bisa dibuat: 1" in out
    assert 'Tanggapan Keberatan 001/KEB/PPID/I/2027 (baris 2) belum bisa dibuat: kolom "Tanggal Tanggapan" ' \
           "bertemuan error KEB-013" in out
    assert not list((office / "surat").rglob("*_tanggapan-keberatan.docx"))

    check(office)
    capsys.readouterr()
    (held,) = [a for a in actions(office) if a[ACTIONS.header("register")] == "Keberatan"]
    assert held[ACTIONS.header("number")] == "001/KEB/PPID/I/2027"
    assert "SURAT DITAHAN" in held[ACTIONS.header("flags")]
    assert "BELUM ADA SURAT" not in held[ACTIONS.header("flags")]
    assert 'Tanggapan Keberatan ditahan (kolom "Tanggal Tanggapan" bertemuan error KEB-013)' \
           in held[ACTIONS.header("action")]

    # The clerk fixes the date (Tue 12-01-2027, after receipt): the next run issues the answer, once.
    wb = openpyxl.load_workbook(office / "register-ppid.xlsx")
    _put(wb, OBJECTIONS, 2, {"answer_date": "12-01-2027"})
    wb.save(office / "register-ppid.xlsx")
    notices(office)
    out = capsys.readouterr().out
    assert "Belum bisa dibuat" not in out
    assert [label for _, label in surat(office)].count("Tanggapan Keberatan") == 1
    (answer,) = (office / "surat").rglob("*_tanggapan-keberatan.docx")
    assert "12 Januari 2027" in " ".join(docx_text(answer).split())
    check(office)
    capsys.readouterr()
    assert [a for a in actions(office) if a[ACTIONS.header("register")] == "Keberatan"] == []


@pytest.mark.parametrize(("changes", "column", "code"), [
    ({"answer_date": ""}, "Tanggal Tanggapan", "KEB-014"),  # a decision without its date
    ({"decision": ""}, "Keputusan Atasan PPID", "KEB-015"),  # a date without its decision
    ({"answer_date": "31-02-2027"}, "Tanggal Tanggapan", "KEB-004"),  # no such day
])
def test_answer_held_for_each_answer_finding(office: Path, capsys, changes: dict, column: str, code: str) -> None:
    wb = openpyxl.load_workbook(office / "register-ppid.xlsx")
    _put(wb, OBJECTIONS, 2, {"answer_date": "12-01-2027", **changes})
    wb.save(office / "register-ppid.xlsx")
    notices(office)
    out = capsys.readouterr().out
    assert 'Tanggapan Keberatan 001/KEB/PPID/I/2027 (baris 2) belum bisa dibuat: ' in out
    assert f'kolom "{column}" bertemuan error {code}' in out
    assert "Tanggapan Keberatan" not in [label for _, label in surat(office)]
    assert "Tanda Terima Keberatan" in [label for _, label in surat(office)]


def test_receipt_held_for_a_received_date_in_the_future(office: Path, capsys) -> None:
    # Received Mon 01-03-2027 + 1 week = Mon 08-03-2027, after today: KEB-020 on Tanggal Diterima,
    # which both letters print.
    wb = openpyxl.load_workbook(office / "register-ppid.xlsx")
    _put(wb, OBJECTIONS, 2, {"received": "08-03-2027", "answer_date": ""})
    wb.save(office / "register-ppid.xlsx")
    notices(office)
    out = capsys.readouterr().out
    assert 'Tanda Terima Keberatan 001/KEB/PPID/I/2027 (baris 2) belum bisa dibuat: ' in out
    assert 'kolom "Tanggal Diterima" bertemuan error KEB-020' in out
    assert "Tanda Terima Keberatan" not in [label for _, label in surat(office)]
    check(office)
    capsys.readouterr()
    (held,) = [a for a in actions(office) if a[ACTIONS.header("register")] == "Keberatan"]
    assert "SURAT DITAHAN" in held[ACTIONS.header("flags")]
    assert 'Tanda Terima Keberatan ditahan (kolom "Tanggal Diterima" bertemuan error KEB-020)' \
           in held[ACTIONS.header("action")]
