"""Letters to PDF with LibreOffice headless, and one combined PDF for printing.

All files go through ONE `soffice --headless --convert-to pdf` call (starting LibreOffice costs
seconds; converting a letter costs a fraction of one), with a private profile in a temporary
folder (`-env:UserInstallation=...`) so a LibreOffice the clerk has open is never disturbed,
and with a timeout. Each PDF is put beside its .docx. The combined PDF uses pypdf when it is
installed, else `pdfunite` (poppler-utils), else says so. Without LibreOffice the .docx files
stay as they are and the message says how to get PDFs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

_WINDOWS_PATHS = (
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
)
_MAC_PATH = "/Applications/LibreOffice.app/Contents/MacOS/soffice"


@dataclass
class PdfResult:
    pdfs: list[Path] = field(default_factory=list)
    combined: Path | None = None
    messages: list[str] = field(default_factory=list)  # Indonesian, for the command output
    failed: list[Path] = field(default_factory=list)  # .docx files that gave no PDF


def find_soffice() -> str | None:
    """The LibreOffice program: PPID_SOFFICE, then PATH, then the usual install folders."""
    explicit = os.environ.get("PPID_SOFFICE")
    if explicit:
        return explicit if Path(explicit).exists() or shutil.which(explicit) else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for path in (*_WINDOWS_PATHS, _MAC_PATH):
        if Path(path).exists():
            return path
    return None


def _groups(files: Sequence[Path]) -> list[list[Path]]:
    """Split so that no two files in a group share a name (they meet in one output folder)."""
    groups: list[list[Path]] = []
    for f in files:
        for g in groups:
            if all(x.stem != f.stem for x in g):
                g.append(f)
                break
        else:
            groups.append([f])
    return groups


def convert_to_pdf(docx_files: Sequence[Path], *, soffice: str | None = None,
                   timeout: float | None = None) -> PdfResult:
    """PDF beside each .docx, one LibreOffice call for all (more only if two share a name)."""
    result = PdfResult()
    files = [Path(f) for f in docx_files]
    if not files:
        return result
    exe = soffice or find_soffice()
    if exe is None:
        result.messages.append(
            "LibreOffice tidak ditemukan: surat dibuat dalam .docx saja. Pasang LibreOffice "
            "(https://www.libreoffice.org) atau atur PPID_SOFFICE ke program soffice, lalu jalankan "
            "lagi dengan --pdf --force untuk membuat PDF-nya."
        )
        result.failed = files
        return result
    limit = timeout if timeout is not None else 60 + 2 * len(files)
    with tempfile.TemporaryDirectory(prefix="ppid-pdf-") as tmp:
        profile = Path(tmp) / "profile"
        for n, group in enumerate(_groups(files)):
            outdir = Path(tmp) / f"out{n}"
            cmd = [exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", "--nologo",
                   "--nodefault", "--convert-to", "pdf", "--outdir", str(outdir), *map(str, group)]
            try:
                subprocess.run(cmd, capture_output=True, timeout=limit, check=False)
            except subprocess.TimeoutExpired:
                result.messages.append(f"LibreOffice tidak selesai dalam {limit:.0f} detik; PDF tidak lengkap. "
                                       "Tutup LibreOffice yang macet lalu jalankan lagi.")
            except OSError as e:
                result.messages.append(f"LibreOffice tidak dapat dijalankan ({e}); surat tetap ada dalam .docx.")
            for f in group:
                produced = outdir / f"{f.stem}.pdf"
                if produced.is_file():
                    target = f.with_suffix(".pdf")
                    shutil.move(str(produced), target)
                    result.pdfs.append(target)
                else:
                    result.failed.append(f)
    if result.failed and not result.messages:
        result.messages.append(f"{len(result.failed)} surat gagal diubah ke PDF; berkas .docx-nya tetap ada.")
    return result


def combine_pdfs(pdfs: Sequence[Path], out: Path) -> tuple[Path | None, str]:
    """One PDF of all `pdfs` in order, for printing; (path, message)."""
    if not pdfs:
        return None, ""
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        from pypdf import PdfWriter
    except ImportError:
        PdfWriter = None  # noqa: N806
    if PdfWriter is not None:
        writer = PdfWriter()
        for p in pdfs:
            writer.append(str(p))
        with out.open("wb") as f:
            writer.write(f)
        return out, f"PDF gabungan untuk dicetak: {out}"
    pdfunite = shutil.which("pdfunite")
    if pdfunite:
        done = subprocess.run([pdfunite, *map(str, pdfs), str(out)], capture_output=True, check=False, timeout=300)
        if done.returncode == 0 and out.is_file():
            return out, f"PDF gabungan untuk dicetak: {out}"
    return None, ("PDF gabungan tidak dibuat: pasang paket Python pypdf (pip install pypdf) atau poppler-utils "
                  "(pdfunite). PDF per surat tetap ada.")
