"""The letters job on the memory backend: which letters, numbers, idempotence, --force, files."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest
from docx import Document

from automation.letters.issue import (
    cell_value,
    file_name,
    has_letter,
    letters_in_cell,
    plan_notices,
    render_notices,
)
from automation.letters.render import KINDS_BY_KEY
from automation.rules.config import load_config
from automation.rules.office_calendar import office_calendar
from sheets.layout import LETTERS, OBJECTIONS, REQUESTS
from sheets.memory import MemoryBackend
from tests.conftest import REPO
from tests.letter_fixtures import backend, objection, request

TODAY = dt.date(2027, 3, 1)  # long after every letter date: letters must not carry it


@pytest.fixture(scope="module")
def cal():
    return office_calendar(load_config(REPO / "automation" / "data" / "config.toml"), None).calendar


@pytest.fixture
def cfg(tmp_path: Path):
    base = load_config(REPO / "automation" / "data" / "config.toml")
    return dataclasses.replace(base, output=dataclasses.replace(base.output, letters=tmp_path / "surat"))


def rows() -> list[dict[str, object]]:
    return [
        request(),  # row 2: receipt + written notice (Diterima, 11-12-2026)
        request(number="002/PPID/XII/2026", received="01-12-2026", name="Budi", decision="Ditolak",
                refusal_reason="Dikecualikan Pasal 17 huruf h", notice_date="15-12-2026",
                consequence_test="Penetapan Uji Konsekuensi Nomor 3/PPID/2024", given_date="",
                extended="Ya", extension_reason="Belum dapat diputuskan apakah informasi dikecualikan",
                extension_notice_date="14-12-2026"),  # row 3: receipt, extension, notice, refusal
        request(number="", received="02-12-2026", name="Tanpa Nomor", decision="", notice_date=""),  # row 4
        request(number="004/PPID/XII/2026", received="03-12-2026", name="Citra", notice_date="", given_date=""),  # row 5
    ]


def run(b: MemoryBackend, cfg, cal, **kw):
    snapshot = b.read()
    plan = plan_notices(snapshot, cfg, cal, TODAY, made="01-03-2027 08:00", **kw)
    b.write(snapshot, plan.writes)
    return plan


def surat(b: MemoryBackend) -> list[list[object]]:
    return b.tabs[LETTERS.name][1:]


def cell(b: MemoryBackend, tab: str, sheet_row: int) -> object:
    grid = b.tabs[tab]
    i = grid[0].index("Surat Terbit")
    return grid[sheet_row - 1][i] if i < len(grid[sheet_row - 1]) else None


def test_each_row_gets_the_letters_it_needs_numbered_in_date_order(cfg, cal) -> None:
    b = backend(rows(), [objection()])
    plan = run(b, cfg, cal)
    made = [(p.kind.key, p.reference, p.number, p.date.isoformat()) for p in plan.letters]
    assert made == [
        ("receipt", "001/PPID/XI/2026", "001/TT/PPID/XI/2026", "2026-11-27"),
        ("receipt", "002/PPID/XII/2026", "002/TT/PPID/XII/2026", "2026-12-01"),
        ("receipt", "004/PPID/XII/2026", "003/TT/PPID/XII/2026", "2026-12-03"),
        ("notice", "001/PPID/XI/2026", "004/PT/PPID/XII/2026", "2026-12-11"),
        ("extension", "002/PPID/XII/2026", "005/PP/PPID/XII/2026", "2026-12-14"),
        ("notice", "002/PPID/XII/2026", "006/PT/PPID/XII/2026", "2026-12-15"),
        ("refusal", "002/PPID/XII/2026", "007/SK/PPID/XII/2026", "2026-12-15"),
        # a new year starts a new sequence
        ("objection_receipt", "001/KEB/PPID/I/2027", "001/TTK/PPID/I/2027", "2027-01-06"),
        ("objection_answer", "001/KEB/PPID/I/2027", "002/TAK/PPID/I/2027", "2027-01-12"),
    ]
    blocked = sorted(x.message() for x in plan.blocked)
    assert blocked == [
        "Pemberitahuan Tertulis 004/PPID/XII/2026 (baris 5) belum bisa dibuat: Tanggal Pemberitahuan Tertulis kosong",
        "Tanda Bukti Permohonan baris 4 (baris 4) belum bisa dibuat: No. Pendaftaran kosong",
    ]


def test_surat_tab_and_surat_terbit_cells_record_every_letter(cfg, cal) -> None:
    b = backend(rows(), [objection()])
    run(b, cfg, cal)
    assert b.tabs[LETTERS.name][0] == list(LETTERS.headers)
    first = surat(b)[0]
    # dates are real dates (staff sort on them), not text
    assert first == ["001/TT/PPID/XI/2026", "Tanda Bukti Permohonan", dt.date(2026, 11, 27), "001/PPID/XI/2026",
                     "2026/11/001-TT-PPID-XI-2026_tanda-bukti.docx", dt.datetime(2027, 3, 1, 8, 0)]
    assert len(surat(b)) == 9
    assert cell(b, REQUESTS.name, 2) == "Tanda Bukti Permohonan: 001/TT/PPID/XI/2026; Pemberitahuan Tertulis: 004/PT/PPID/XII/2026"
    assert cell(b, REQUESTS.name, 3) == (
        "Tanda Bukti Permohonan: 002/TT/PPID/XII/2026; Pemberitahuan Perpanjangan: 005/PP/PPID/XII/2026; "
        "Pemberitahuan Tertulis: 006/PT/PPID/XII/2026; SK Penolakan: 007/SK/PPID/XII/2026")
    assert cell(b, REQUESTS.name, 4) in (None, "")
    assert cell(b, OBJECTIONS.name, 2) == "Tanda Terima Keberatan: 001/TTK/PPID/I/2027; Tanggapan Keberatan: 002/TAK/PPID/I/2027"
    assert has_letter(cell(b, REQUESTS.name, 2), "notice")
    assert not has_letter(cell(b, REQUESTS.name, 5), "notice")


def test_second_run_makes_nothing_and_writes_nothing(cfg, cal) -> None:
    b = backend(rows(), [objection()])
    run(b, cfg, cal)
    writes_before = b.writes
    plan = plan_notices(b.read(), cfg, cal, TODAY)
    assert plan.letters == [] and not plan.writes
    assert len(plan.blocked) == 2  # still waiting for data, reported again
    assert b.writes == writes_before


def test_a_row_completed_later_gets_the_next_number(cfg, cal) -> None:
    b = backend(rows(), [objection()])
    run(b, cfg, cal)
    grid = b.tabs[REQUESTS.name]
    grid[4][grid[0].index("Tanggal Pemberitahuan Tertulis")] = "16-12-2026"
    plan = run(b, cfg, cal)
    assert [(p.kind.key, p.number) for p in plan.letters] == [("notice", "008/PT/PPID/XII/2026")]
    assert cell(b, REQUESTS.name, 5) == "Tanda Bukti Permohonan: 003/TT/PPID/XII/2026; Pemberitahuan Tertulis: 008/PT/PPID/XII/2026"


def test_numbers_continue_from_the_surat_tab(cfg, cal) -> None:
    earlier = [["041/PT/PPID/X/2026", "Pemberitahuan Tertulis", "20-10-2026", "099/PPID/X/2026", "", ""],
               ["120/TT/PPID/XII/2025", "Tanda Bukti Permohonan", "01-12-2025", "300/PPID/XII/2025", "", ""]]
    b = backend([request()], letters=earlier)
    plan = run(b, cfg, cal)
    assert [p.number for p in plan.letters] == ["042/TT/PPID/XI/2026", "043/PT/PPID/XII/2026"]


def test_a_deleted_surat_row_never_frees_its_number(cfg, cal) -> None:
    b = backend(rows())
    run(b, cfg, cal)
    # someone deletes the last letter's row from the "Surat" tab
    deleted = b.tabs[LETTERS.name].pop()
    assert deleted[0] == "007/SK/PPID/XII/2026"
    grid = b.tabs[REQUESTS.name]
    grid[4][grid[0].index("Tanggal Pemberitahuan Tertulis")] = "16-12-2026"
    plan = run(b, cfg, cal)
    # the refusal is still known from its row's "Surat Terbit" cell: not remade, not renumbered
    assert [(p.kind.key, p.number) for p in plan.letters] == [("notice", "008/PT/PPID/XII/2026")]
    assert [x.number for x in plan.restored] == ["007/SK/PPID/XII/2026"]
    assert "007/SK/PPID/XII/2026" in [r[0] for r in surat(b)]


def test_force_remakes_under_the_same_number_and_date(cfg, cal) -> None:
    b = backend(rows())
    run(b, cfg, cal)
    rows_before = len(surat(b))
    # staff correct the notice date after the letter was issued: the letter keeps its own date
    grid = b.tabs[REQUESTS.name]
    grid[1][grid[0].index("Tanggal Pemberitahuan Tertulis")] = "10-12-2026"
    plan = run(b, cfg, cal, force=True, number="001/PPID/XI/2026", kinds=[KINDS_BY_KEY["notice"]])
    assert [(p.number, p.date, p.new) for p in plan.letters] == [("004/PT/PPID/XII/2026", dt.date(2026, 12, 11), False)]
    assert len(surat(b)) == rows_before  # nothing appended
    assert plan.letters[0].file == Path("2026/12/004-PT-PPID-XII-2026_pemberitahuan.docx")


def test_filters_by_kind_and_number(cfg, cal) -> None:
    b = backend(rows(), [objection()])
    plan = plan_notices(b.read(), cfg, cal, TODAY, kinds=[KINDS_BY_KEY["refusal"]])
    assert [(p.kind.key, p.number) for p in plan.letters] == [("refusal", "001/SK/PPID/XII/2026")]
    plan = plan_notices(b.read(), cfg, cal, TODAY, number="001/KEB/PPID/I/2027")
    assert [p.kind.key for p in plan.letters] == ["objection_receipt", "objection_answer"]


def test_files_are_dated_from_the_row_and_carry_no_personal_data(cfg, cal) -> None:
    b = backend(rows(), [objection()])
    plan = run(b, cfg, cal)
    files = render_notices(plan, cfg)
    assert len(files) == 9
    root = Path(cfg.output.letters)
    for f in files:
        rel = f.relative_to(root).as_posix()
        assert re.fullmatch(r"\d{4}/\d{2}/[0-9A-Z-]+_[a-z-]+\.docx", rel), rel
        assert f.with_suffix(".txt").is_file()
        for personal in ("Siti", "Budi", "1503014507900001", "0812", "Merdeka"):
            assert personal not in rel
    notice = root / "2026/12/004-PT-PPID-XII-2026_pemberitahuan.docx"
    text = "\n".join(p.text for p in Document(str(notice)).paragraphs)
    assert "Sarolangun, 11 Desember 2026" in text
    assert "1 Maret 2027" not in text  # never the day it was printed


def test_cell_format_round_trips() -> None:
    letters = [(KINDS_BY_KEY["receipt"], "001/TT/PPID/XI/2026"), (KINDS_BY_KEY["refusal"], "007/SK/PPID/XII/2026")]
    assert letters_in_cell(cell_value(letters)) == letters
    assert letters_in_cell("") == [] and letters_in_cell("001/PTT/PPID/XII/2026") == []


def test_file_name_has_no_path_separators() -> None:
    assert file_name('12/A B:C*"x"', KINDS_BY_KEY["notice"]) == "12-A-B-C-x_pemberitahuan.docx"


def test_a_register_without_surat_tab_or_objections_works(cfg, cal) -> None:
    b = MemoryBackend({REQUESTS.name: backend([request()]).tabs[REQUESTS.name]})
    plan = run(b, cfg, cal)
    assert len(plan.letters) == 2
    assert len(b.tabs[LETTERS.name]) == 3  # header + two letters
