"""Issue 13, point 8: through real LibreOffice, the signer's name and NIP are on the page of the
closing sentence, for every kind of letter, even when a long request pushes the letter to a
second page; and an ordinary written notice fits on one page."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest

from automation.letters.issue import plan_notices, render_notices
from automation.letters.pdf import convert_to_pdf
from automation.rules.config import load_config
from automation.rules.office_calendar import office_calendar
from tests.conftest import REPO
from tests.letter_fixtures import backend, objection, request

CLOSING = {
    "tanda-bukti": "Simpan tanda bukti ini",
    "kelengkapan": "Demikian pemberitahuan ini",
    "perpanjangan": "Demikian pemberitahuan ini",
    "pemberitahuan": "Demikian pemberitahuan ini",
    "penolakan": "Jika Pemohon Informasi keberatan",
    "tanda-terima-keberatan": "Keberatan Saudara telah diterima",
    "tanggapan-keberatan": "Demikian tanggapan ini",
}
SIGNERS = {"tanggapan-keberatan": ("Aswal", "197501012000031001")}
PPID = ("Nama Kasubbag", "198001012006041001")


def pages(pdf: Path) -> list[str]:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) tidak terpasang")
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [" ".join(p.split()) for p in out.split("\f") if p.strip()]


def _rows(info: str) -> tuple[list[dict], list[dict]]:
    requests = [
        request(information=info),
        request(number="002/PPID/XII/2026", received="01-12-2026", name="Budi Santoso", information=info,
                decision="Diterima Sebagian", refusal_reason="Dikecualikan Pasal 17 huruf h",
                withheld="NIK, nomor KK, tanggal lahir dan alamat lengkap pemilih " * 3,
                consequence_test="Penetapan Uji Konsekuensi Nomor 3/PPID/2024", notice_date="15-12-2026",
                given_date="16-12-2026",
                extended="Ya", extension_reason="Belum dapat diputuskan apakah informasi dikecualikan",
                extension_notice_date="14-12-2026", missing_requirements="Salinan KTP dan surat kuasa",
                completion_notice_date="02-12-2026"),
    ]
    objections = [objection(request_number="002/PPID/XII/2026", information=info, summary=info)]
    return requests, objections


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    base = load_config(REPO / "automation" / "data" / "config.toml")
    out: dict[str, list[Path]] = {}
    docx: list[Path] = []
    for label, info in (("short", "Salinan Keputusan KPU tentang Penetapan DPT Pemilihan 2024"),
                        ("long", "Salinan lengkap berita acara, sertifikat dan lampiran rekapitulasi hasil "
                                 "penghitungan suara setiap desa dan kelurahan di seluruh kecamatan " * 5)):
        cfg = dataclasses.replace(base, output=dataclasses.replace(base.output, letters=tmp_path_factory.mktemp(label)))
        cal = office_calendar(cfg, None).calendar
        requests, objections = _rows(info)
        plan = plan_notices(backend(requests, objections).read(), cfg, cal, dt.date(2027, 3, 1))
        made = render_notices(plan, cfg)
        out[label] = [d.with_suffix(".pdf") for d in made]
        docx += made
    result = convert_to_pdf(docx)
    assert result.failed == [], result.messages
    return out


@pytest.mark.libreoffice
@pytest.mark.parametrize("label", ["short", "long"])
def test_signer_is_on_the_page_of_the_closing_sentence(pdfs: dict[str, list[Path]], label: str) -> None:
    seen = set()
    for pdf in pdfs[label]:
        slug = pdf.stem.split("_", 1)[1]
        seen.add(slug)
        texts = pages(pdf)
        closing = [i for i, t in enumerate(texts) if CLOSING[slug] in t]
        name, nip = SIGNERS.get(slug, PPID)
        signer = [i for i, t in enumerate(texts) if name in t and f"NIP {nip}" in t]
        assert closing and signer, (pdf.name, texts)
        assert closing[-1] == signer[-1], (pdf.name, len(texts))
    assert seen == set(CLOSING)
    if label == "long":  # the long request really pushes letters to a second page
        assert any(len(pages(p)) > 1 for p in pdfs[label])


@pytest.mark.libreoffice
def test_an_ordinary_written_notice_fits_on_one_page(pdfs: dict[str, list[Path]]) -> None:
    # the granted request of the fixture (the other withholds a long list on purpose)
    notices = [p for p in pdfs["short"] if p.stem.endswith("_pemberitahuan")]
    assert len(notices) == 2
    granted = [p for p in notices if "001/PPID/XI/2026" in pages(p)[0]]
    assert len(granted) == 1 and len(pages(granted[0])) == 1


TEMBUSAN_KINDS = ("penolakan", "tanggapan-keberatan")  # the example config's kinds with copies


@pytest.fixture(scope="module")
def sweep(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The two letters with a tembusan, for requests of lengths where (found by a sweep of 10 to
    200 words in steps of 6, with the templates before the fix) a page break fell right after
    the signature: 10 words (SK penolakan), 16 and 142 (tanggapan keberatan); 40 fits."""
    base = load_config(REPO / "automation" / "data" / "config.toml")
    docx: list[Path] = []
    for words in (10, 16, 40, 142):
        info = " ".join(f"lampiran{i}" for i in range(words))
        cfg = dataclasses.replace(base, output=dataclasses.replace(base.output,
                                                                   letters=tmp_path_factory.mktemp(f"w{words}")))
        cal = office_calendar(cfg, None).calendar
        requests, objections = _rows(info)
        plan = plan_notices(backend(requests, objections).read(), cfg, cal, dt.date(2027, 3, 1))
        made = [d for d in render_notices(plan, cfg) if d.stem.split("_", 1)[1] in TEMBUSAN_KINDS]
        assert len(made) == 2
        docx += made
    result = convert_to_pdf(docx)
    assert result.failed == [], result.messages
    return [d.with_suffix(".pdf") for d in docx]


@pytest.mark.libreoffice
def test_the_tembusan_stays_on_the_page_of_the_signer(sweep: list[Path]) -> None:
    """The demo's SK penolakan once ended with "Tembusan:" alone on a second page: the NIP line
    now keeps with the tembusan, so the block moves whole (with the closing sentence)."""
    two_pages = 0
    for pdf in sweep:
        slug = pdf.stem.split("_", 1)[1]
        texts = pages(pdf)
        name, nip = SIGNERS.get(slug, PPID)
        signer = [i for i, t in enumerate(texts) if name in t and f"NIP {nip}" in t]
        copies = [i for i, t in enumerate(texts) if "Tembusan:" in t]
        assert signer and copies, (pdf.name, texts)
        assert copies == signer, (pdf.parent.name, pdf.name, len(texts))
        two_pages += len(texts) > 1
    assert two_pages  # the sweep does cross a page
