"""Letters through real LibreOffice: one conversion call, the row's facts in the PDF text,
one combined PDF; and the clear message when LibreOffice is missing."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from automation.letters.issue import plan_notices, render_notices
from automation.letters.pdf import combine_pdfs, convert_to_pdf
from automation.rules.config import load_config
from automation.rules.office_calendar import office_calendar
from tests.conftest import REPO
from tests.letter_fixtures import backend, objection, request

NASTY = 'CV "Maju & Jaya" <Tbk> {{ nama }}'


def pdftotext(path: Path) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) tidak terpasang")
    done = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(done.stdout.split())


@pytest.fixture(scope="module")
def letters(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    base = load_config(REPO / "automation" / "data" / "config.toml")
    cfg = dataclasses.replace(base, output=dataclasses.replace(base.output, letters=tmp_path_factory.mktemp("surat")))
    cal = office_calendar(cfg, None).calendar
    rows = [
        request(name=NASTY),
        request(number="002/PPID/XII/2026", received="01-12-2026", name="Budi Santoso", decision="Ditolak",
                refusal_reason="Dikecualikan Pasal 17 huruf h", notice_date="15-12-2026", extended="Ya",
                consequence_test="Penetapan Uji Konsekuensi Nomor 3/PPID/2024", given_date="",
                extension_reason="Belum dapat diputuskan apakah informasi dikecualikan",
                extension_notice_date="14-12-2026"),
    ]
    b = backend(rows, [objection(name="Budi Santoso", request_number="002/PPID/XII/2026")])
    snapshot = b.read()
    plan = plan_notices(snapshot, cfg, cal, dt.date(2027, 3, 1))
    return render_notices(plan, cfg)


@pytest.mark.libreoffice
def test_every_letter_converts_in_one_call_with_its_facts(letters: list[Path], tmp_path: Path) -> None:
    assert len(letters) == 8
    result = convert_to_pdf(letters)
    assert result.failed == [] and len(result.pdfs) == 8, result.messages
    texts = {p.name: pdftotext(p) for p in result.pdfs}
    tt = texts["001-TT-PPID-XI-2026_tanda-bukti.pdf"]
    assert NASTY in tt and "001/PPID/XI/2026" in tt and "Jumat, 27 November 2026" in tt
    pt = texts["003-PT-PPID-XII-2026_pemberitahuan.pdf"]
    assert "Sarolangun, 11 Desember 2026" in pt and "Rp 150.000" in pt and NASTY in pt
    assert "Nama Kasubbag" in pt and "198001012006041001" in pt
    sk = texts["006-SK-PPID-XII-2026_penolakan.pdf"]
    assert "Budi Santoso" in sk and "Pasal 17 huruf h" in sk and "PERMOHONAN INFORMASI DITOLAK" in sk
    assert "Sarolangun, 15 Desember 2026" in sk
    pp = texts["004-PP-PPID-XII-2026_perpanjangan.pdf"]
    assert "Belum dapat diputuskan apakah informasi dikecualikan" in pp
    tak = texts["002-TAK-PPID-I-2027_tanggapan-keberatan.pdf"]
    assert "Aswal" in tak and "197501012000031001" in tak and "Komisi Informasi Provinsi Jambi" in tak
    for text in texts.values():
        assert "{{ kantor" not in text and "{%" not in text

    combined, message = combine_pdfs(result.pdfs, tmp_path / "cetak.pdf")
    assert combined is not None and combined.is_file(), message
    all_text = pdftotext(combined)
    for number in ("001/TT/PPID/XI/2026", "006/SK/PPID/XII/2026", "002/TAK/PPID/I/2027"):
        assert number in all_text


@pytest.mark.libreoffice
def test_combined_pdf_falls_back_to_pdfunite(letters: list[Path], tmp_path: Path, monkeypatch) -> None:
    if not shutil.which("pdfunite"):
        pytest.skip("pdfunite tidak terpasang")
    result = convert_to_pdf(letters[:2])
    monkeypatch.setitem(sys.modules, "pypdf", None)  # import pypdf -> ImportError
    combined, message = combine_pdfs(result.pdfs, tmp_path / "gabung.pdf")
    assert combined is not None and "PDF gabungan" in message
    assert "001/TT/PPID/XI/2026" in pdftotext(combined)


def test_without_libreoffice_a_clear_message_and_the_docx_stay(letters: list[Path], monkeypatch) -> None:
    monkeypatch.setenv("PPID_SOFFICE", "/tidak/ada/soffice")
    result = convert_to_pdf(letters[:1])
    assert result.pdfs == [] and result.failed == letters[:1]
    assert "LibreOffice tidak ditemukan" in result.messages[0] and ".docx" in result.messages[0]
    assert letters[0].is_file()
