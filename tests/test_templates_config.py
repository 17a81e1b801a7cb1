"""An office restyles a template in Word: `[output] templates` makes the jobs use its copy."""

from __future__ import annotations

import shutil
from pathlib import Path

from docx import Document

from automation.cli.main import main
from automation.letters.render import TEMPLATES_DIR
from sheets.layout import REQUESTS
from sheets.workbook_init import create_register
from tests.office_config import with_officials
from tests.register_factory import DECIDED, request


def test_office_templates_folder_is_used(tmp_path: Path, capsys) -> None:
    own = tmp_path / "templat"
    own.mkdir()
    for f in TEMPLATES_DIR.glob("*.docx"):
        shutil.copy(f, own / f.name)
    doc = Document(str(own / "tanda_bukti_permohonan.docx"))
    doc.add_paragraph("Layanan informasi buka Senin-Jumat 08.00-16.00 WIB.")
    doc.save(str(own / "tanda_bukti_permohonan.docx"))
    row = request(number="001/PPID/XI/2026", **{**DECIDED, "letters": None})
    create_register(tmp_path / "register.xlsx", data={REQUESTS.name: [row]})
    (tmp_path / "config.toml").write_text(
        with_officials('[register]\npath = "register.xlsx"\n[output]\ntemplates = "templat"\n'), encoding="utf-8")
    assert main(["--config", str(tmp_path / "config.toml"), "notices", "--today", "2026-12-04"]) == 0
    capsys.readouterr()
    (receipt,) = sorted((tmp_path / "surat").rglob("*tanda-bukti.docx"))
    text = "\n".join(p.text for p in Document(str(receipt)).paragraphs)
    assert "Senin-Jumat 08.00-16.00 WIB" in text
