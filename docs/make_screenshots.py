"""Regenerate the screenshots of docs/panduan-register.md from a fresh demo register.

    python3 docs/make_screenshots.py [OUT_DIR]     (default: docs/img)

Makes the demo register (`ppid demo`, fixed date and seed, so the pictures only change when
the workbook changes), has LibreOffice render every tab as one PDF page
(calc_pdf_Export SinglePageSheets), and cuts PNGs out with pdftoppm: the left of "Register
Permohonan" (what staff type), its right (the grey toolkit columns) and "Perlu Tindakan".
Needs soffice and pdftoppm; Pillow, when present, shrinks the PNGs to a 64-colour palette.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DAY = "2026-11-27"
DPI = 72  # one PDF point is one pixel

# (file, tab, crop box in points from the page's top left: x, y, width, height; None = whole page)
SHOTS = (
    ("register-kiri.png", "Register Permohonan", (0, 0, 1180, 330)),
    ("register-kanan.png", "Register Permohonan", (-1500, 0, 1500, 330)),
    ("perlu-tindakan.png", "Perlu Tindakan", (0, 0, 1650, 420)),
)


def _run(cmd: list[str], **kw: object) -> None:
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=300, **kw)  # type: ignore[arg-type]


def _page_size(pdf: Path, page: int) -> tuple[float, float]:
    out = subprocess.run(["pdfinfo", "-f", str(page), "-l", str(page), str(pdf)], capture_output=True, text=True,
                         check=True).stdout
    line = next(x for x in out.splitlines() if x.startswith("Page") and "size:" in x)
    w, _, h = line.split("size:")[1].split()[:3]
    return float(w), float(h)


def _shrink(png: Path) -> None:
    try:
        from PIL import Image
    except ImportError:
        return
    with Image.open(png) as im:
        small = im.convert("RGB").quantize(colors=64, dither=Image.Dither.NONE)
    small.save(png, optimize=True)


def make(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="ppid-shots-") as tmp:
        work = Path(tmp)
        env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
        _run([sys.executable, "-m", "automation", "demo", str(work / "demo"), "--today", DAY], env=env, cwd=work)
        register = work / "demo" / "register-ppid.xlsx"
        from python_calamine import CalamineWorkbook

        tabs = CalamineWorkbook.from_path(str(register)).sheet_names
        soffice = os.environ.get("PPID_SOFFICE") or shutil.which("soffice") or "soffice"
        _run([soffice, "--headless", f"-env:UserInstallation={(work / 'profile').as_uri()}", "--convert-to",
              'pdf:calc_pdf_Export:{"SinglePageSheets":{"type":"boolean","value":"true"}}', "--outdir", str(work),
              str(register)])
        pdf = work / "register-ppid.pdf"
        made = []
        for name, tab, (x, y, w, h) in SHOTS:
            page = tabs.index(tab) + 1
            width, height = _page_size(pdf, page)
            x = max(0, int(width + x)) if x < 0 else x
            w, h = min(w, int(width) - x), min(h, int(height) - y)
            stem = work / name.removesuffix(".png")
            _run(["pdftoppm", "-f", str(page), "-l", str(page), "-r", str(DPI), "-x", str(x), "-y", str(y),
                  "-W", str(w), "-H", str(h), "-png", "-singlefile", str(pdf), str(stem)])
            target = out_dir / name
            shutil.move(f"{stem}.png", target)
            _shrink(target)
            made.append(target)
        return made


if __name__ == "__main__":
    for path in make(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "img"):
        print(f"{path} ({path.stat().st_size // 1024} KB)")
