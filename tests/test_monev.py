"""`ppid monev`: the pack built from the demo register, every file opened, no personal data."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pypdf
import pytest
from docx import Document
from python_calamine import CalamineWorkbook

from automation.cli.main import main
from automation.reports.monev import histogram_bins, response_time_stats
from sheets.excel import ExcelBackend
from sheets.layout import OBJECTIONS, REQUESTS

TODAY = "2026-11-28"

NIK = re.compile(r"(?<!\d)\d{16}(?!\d)")
MOBILE = re.compile(r"(?:\+62|\b62|\b0)\s?8\d{1,3}[\s\-.]?\d{3,4}[\s\-.]?\d{3,5}")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _texts(path: Path) -> list[str]:
    """Every text a person could read in the file (cells, paragraphs, table cells, PDF pages)."""
    if path.suffix == ".xlsx":
        wb = CalamineWorkbook.from_path(str(path))
        return [str(v) for name in wb.sheet_names for row in wb.get_sheet_by_name(name).to_python() for v in row]
    if path.suffix == ".docx":
        doc = Document(str(path))
        out = [p.text for p in doc.paragraphs]
        out += [c.text for t in doc.tables for r in t.rows for c in r.cells]
        out += [p.text for s in doc.sections for p in s.header.paragraphs + s.footer.paragraphs]
        return out
    if path.suffix == ".pdf":
        return [page.extract_text() or "" for page in pypdf.PdfReader(str(path)).pages]
    if path.suffix == ".png":
        return []
    raise AssertionError(f"unexpected file in the pack: {path.name}")


@pytest.mark.libreoffice
def test_pack_from_the_demo_has_every_part_and_no_personal_data(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "demo"
    assert main(["demo", str(folder), "--today", TODAY]) == 0
    register = folder / "register-ppid.xlsx"
    snap = ExcelBackend(register).read()
    capsys.readouterr()
    out_dir = tmp_path / "out"
    assert main(["--config", str(folder / "config.toml"), "monev", "--year", "2026", "--today", TODAY,
                 "--output", str(out_dir)]) == 0
    printed = capsys.readouterr().out
    pack = out_dir / "Monev-KIP-2026"
    files = sorted(p for p in pack.rglob("*") if p.is_file())
    names = {p.relative_to(pack).as_posix() for p in files}
    for expected in ("00-Indeks-Bukti-Dukung-2026.xlsx", "00-Indeks-Bukti-Dukung-2026.docx",
                     "01-Register-Permohonan-2026.xlsx", "03-Perpanjangan-2026.xlsx", "04-Register-Keberatan-2026.xlsx",
                     "05-Waktu-Layanan-2026.xlsx", "06-Laporan-Tahunan-2026.docx", "06-Laporan-Tahunan-2026.pdf",
                     "07-Survei-Kepuasan-2026.xlsx"):
        assert expected in names, expected
    letters = sorted(n for n in names if n.startswith("02-Contoh-Surat/"))
    # the demo issues every kind in 2026: one PDF of each (other kinds may be added later)
    kinds = [n.rsplit("_", 1)[1] for n in letters]
    assert len(kinds) == len(set(kinds))
    assert {"tanda-bukti.pdf", "perpanjangan.pdf", "pemberitahuan.pdf", "penolakan.pdf", "tanda-terima-keberatan.pdf",
            "tanggapan-keberatan.pdf"} <= set(kinds)
    # the zip holds the same files
    with zipfile.ZipFile(out_dir / "Monev-KIP-2026.zip") as z:
        assert {n.split("/", 1)[1] for n in z.namelist()} == names

    # the requesters' personal data, as typed in the register
    private: set[str] = set()
    for tab in (REQUESTS, OBJECTIONS):
        table = snap.table(tab.name)
        for key in ("identity", "phone", "email", "address"):
            if key in {c.key for c in tab.columns}:
                private |= {str(v).strip() for v in table.column(tab.header(key)) if v and len(str(v).strip()) > 5}
    assert len(private) > 100
    texts: dict[str, str] = {}
    for path in files:
        texts[path.relative_to(pack).as_posix()] = "\n".join(_texts(path))
    everything = "\n".join(texts.values())
    assert "Kurniawan" in everything or "Pratama" in everything or len(everything) > 10000  # files were read
    for name, text in texts.items():
        for value in private:
            assert value not in text, f"{name} holds personal data"
        for m in NIK.finditer(text):
            raise AssertionError(f"{name}: NIK-like number {m.group()[:4]}...")
        assert not MOBILE.search(text), f"{name}: a mobile phone number"
        emails = {e for e in EMAIL.findall(text) if not e.endswith(".go.id")}  # the office's own address is public
        assert not emails, f"{name}: e-mail {emails}"
    # the index maps every file to an indicator and says what was left out and why
    index = texts["00-Indeks-Bukti-Dukung-2026.xlsx"]
    for n in names - {"00-Indeks-Bukti-Dukung-2026.docx"}:
        assert n in index, n
    assert "Yang tidak dimuat dan alasannya" in index and "NIK" in index and "Layanan Informasi" in index
    # the annual report has its six parts; the ones the register cannot know are marked
    report = texts["06-Laporan-Tahunan-2026.docx"]
    for part in ("I. ", "II. ", "III. ", "IV. ", "V. ", "VI. "):
        assert f"\n{part}" in "\n" + report
    # parts I, II, IV (court cases), V, VI, plus the line under the title that explains the mark
    assert report.count("[DILENGKAPI OLEH KANTOR]") == 6
    assert "Survei Kepuasan Masyarakat" in report and "IKM" in report
    assert "Zip untuk diunggah" in printed


def test_response_time_statistics_by_hand() -> None:
    # days 2, 4, 7, 10, 12, 20: median (7+10)/2 = 8.5, mean 55/6 = 9.1667; on time 3 + 1 extended of 6
    stats = response_time_stats([2, 4, 7, 10, 12, 20], on_time=3, on_time_extended=1)
    assert stats["median"] == 8.5 and stats["mean"] == 9.17
    assert stats["on_time_rate"] == round(4 / 6, 4) and stats["on_time_without_extension_rate"] == 0.5
    bins = dict(histogram_bins([2, 4, 7, 10, 12, 20, 2]))
    assert bins["2"] == 2 and bins["12"] == 1 and bins[">17"] == 1 and sum(bins.values()) == 7
    assert response_time_stats([], 0, 0)["median"] is None
