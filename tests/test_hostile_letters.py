"""Issue 12, cases 1, 2 and 9: letters are written only under the letters folder, a claimed
number whose file is missing is made by the next plain run, and a shared No. Pendaftaran holds
the letters of its rows. Real registers made by `ppid init`, real .docx files."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from automation.letters.issue import file_name
from automation.rules.letter_kinds import KINDS
from sheets.layout import ACTIONS, LETTERS, REQUESTS
from tests.hostile_office import make_office, ppid, set_rows, surat_rows, tab_rows
from tests.letter_fixtures import REQUEST_FULL

TODAY = ("--today", "2027-03-01")
RECEIPT = "surat/2026/11/001-TT-PPID-XI-2026_tanda-bukti.docx"
NOTICE = "surat/2026/12/002-PT-PPID-XII-2026_pemberitahuan.docx"


def _set_berkas(office: Path, row: int, value: str) -> None:
    path = office / "register-ppid.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb[LETTERS.name]
    ws.cell(row=row, column=LETTERS.headers.index("Berkas") + 1, value=value)
    wb.save(path)


def test_berkas_pointing_at_the_register_is_ignored(tmp_path: Path, capsys) -> None:
    office = make_office(tmp_path, [REQUEST_FULL])
    assert ppid(office, "notices", *TODAY) == 0
    _set_berkas(office, 2, "../register-ppid.xlsx")  # letters folder is office/surat: this is the register
    _set_berkas(office, 3, str(tmp_path.parent / "outside-the-office.docx"))  # an absolute path
    capsys.readouterr()
    assert ppid(office, "notices", "--force", *TODAY) == 0
    err = capsys.readouterr().err
    assert err.count("menunjuk tempat lain; diabaikan") == 2
    wb = openpyxl.load_workbook(office / "register-ppid.xlsx", read_only=True)  # still a workbook
    assert REQUESTS.name in wb.sheetnames
    wb.close()
    assert not (tmp_path.parent / "outside-the-office.docx").exists()
    assert (office / RECEIPT).is_file() and (office / NOTICE).is_file()


def test_a_hostile_number_still_gives_one_plain_file_name() -> None:
    for number in ("../../x", "..\\..\\x", "C:\\Windows\\x", "/etc/passwd", "a\x00b", "." * 300, "x" * 500):
        name = file_name(number, KINDS[0])
        assert "/" not in name and "\\" not in name and ":" not in name and "\x00" not in name
        assert not name.startswith(".") and len(name) < 120


def test_blocked_letters_folder_then_the_plain_rerun_makes_the_claimed_letters(tmp_path: Path, capsys) -> None:
    office = make_office(tmp_path, [REQUEST_FULL])
    (office / "surat").write_text("not a folder")  # the letters folder is blocked by a file
    assert ppid(office, "notices", *TODAY) == 3
    captured = capsys.readouterr()
    assert "tidak dapat ditulis" in captured.err and "Traceback" not in captured.err + captured.out
    claimed = [r[0] for r in surat_rows(office)]
    assert claimed == ["001/TT/PPID/XI/2026", "002/PT/PPID/XII/2026"]  # numbers claimed first
    (office / "surat").unlink()
    assert ppid(office, "notices", *TODAY) == 0  # a plain run, no --force
    out = capsys.readouterr().out
    assert "dibuat ulang (nomor tetap): 2" in out and "Tidak ada surat baru" not in out
    assert (office / RECEIPT).is_file() and (office / NOTICE).is_file()
    assert [r[0] for r in surat_rows(office)] == claimed  # same numbers, nothing claimed twice
    assert ppid(office, "notices", *TODAY) == 0
    assert "Tidak ada surat baru." in capsys.readouterr().out
    assert not list(office.rglob(".ppid-tmp-*"))


def test_a_killed_runs_half_letter_is_swept_and_the_letter_made(tmp_path: Path) -> None:
    """kill -9 between claiming and renaming: a half-written `.ppid-tmp-*` letter stays and the
    real file is missing. The next run removes the stale temporary file and makes the letter."""
    import os
    import time

    office = make_office(tmp_path, [REQUEST_FULL])
    assert ppid(office, "notices", *TODAY) == 0
    (office / NOTICE).unlink()
    half = (office / NOTICE).with_name(".ppid-tmp-4242-" + Path(NOTICE).name)
    half.write_bytes(b"PK half a letter")
    old = time.time() - 3600
    os.utime(half, (old, old))
    assert ppid(office, "notices", *TODAY) == 0
    assert (office / NOTICE).is_file() and not half.exists()


def test_broken_template_is_exit_3_and_the_rerun_makes_the_letters(tmp_path: Path, capsys) -> None:
    office = make_office(tmp_path, [REQUEST_FULL])
    templates = office / "templat"
    templates.mkdir()
    (templates / "tanda_bukti_permohonan.docx").write_bytes(b"PK\x03\x04 broken")
    config = office / "config.toml"
    config.write_text(config.read_text().replace('templates = ""', 'templates = "templat"'))
    assert ppid(office, "notices", *TODAY) == 3
    assert "Traceback" not in capsys.readouterr().err
    (templates / "tanda_bukti_permohonan.docx").unlink()
    templates.rmdir()
    config.write_text(config.read_text().replace('templates = "templat"', 'templates = ""'))
    assert ppid(office, "notices", *TODAY) == 0
    assert (office / RECEIPT).is_file() and (office / NOTICE).is_file()


def test_a_shared_number_holds_the_letters_of_both_rows(tmp_path: Path, capsys) -> None:
    second = {**REQUEST_FULL, "name": "Budi Santoso", "information": "Daftar anggota PPK Kecamatan Pauh"}
    office = make_office(tmp_path, [REQUEST_FULL, second])  # both rows: 001/PPID/XI/2026
    assert ppid(office, "notices", "--force", *TODAY) == 0
    out = capsys.readouterr().out
    assert "Tidak ada surat baru." in out
    assert out.count("yang sama juga ada di baris") == 4  # 2 rows x (receipt + notice)
    assert surat_rows(office) == [] and not (office / "surat").exists()
    assert ppid(office, "check", *TODAY) == 1
    actions = tab_rows(office / "register-ppid.xlsx", ACTIONS.name)
    number, row = ACTIONS.headers.index("Nomor"), ACTIONS.headers.index("Baris")
    assert sorted(r[row] for r in actions if r[number] == "001/PPID/XI/2026") == [2, 3]
    # once one row gets its own number, each row gets its own letters, each with its own data
    set_rows(office / "register-ppid.xlsx", REQUESTS, [{"number": "002/PPID/XI/2026"}], first=3)
    assert ppid(office, "notices", *TODAY) == 0
    assert len(surat_rows(office)) == 4
    texts = sorted(p.read_text() for p in (office / "surat").rglob("*tanda-bukti.txt"))
    assert len(texts) == 2 and sum("Budi Santoso" in t for t in texts) == 1 and sum("Siti" in t for t in texts) == 1
