"""The staff guide (docs/panduan-register.md) shows the workbook as it is: its screenshots are
committed, small, and made again by docs/make_screenshots.py from a demo register."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

GUIDE = REPO / "docs" / "panduan-register.md"


def test_guide_pictures_exist_and_are_small() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    pictures = re.findall(r"!\[[^\]]*\]\(([^)]+\.png)\)", text)
    assert {"img/register-kiri.png", "img/register-kanan.png", "img/perlu-tindakan.png"} <= set(pictures)
    for rel in pictures:
        png = GUIDE.parent / rel
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size < 150_000, rel
    assert "docs/make_screenshots.py" in text
    assert "docs/panduan-register.md" in (REPO / "README.md").read_text(encoding="utf-8")


@pytest.mark.libreoffice
@pytest.mark.slow
def test_screenshots_are_made_again_by_the_script(tmp_path: Path) -> None:
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm (poppler-utils) not installed")
    run = subprocess.run([sys.executable, str(REPO / "docs" / "make_screenshots.py"), str(tmp_path)],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    made = sorted(p.name for p in tmp_path.glob("*.png"))
    assert made == ["perlu-tindakan.png", "register-kanan.png", "register-kiri.png"]
    assert all(p.stat().st_size > 5_000 for p in tmp_path.glob("*.png"))
