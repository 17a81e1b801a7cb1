"""An office folder with a real register made by `ppid init`, for the hostile-input tests."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import openpyxl

from automation.cli.main import main
from sheets.layout import LETTERS, REQUESTS, Tab
from tests.office_config import example_with_officials


def make_office(tmp_path: Path, rows: Sequence[Mapping[str, object]]) -> Path:
    """config.toml + register-ppid.xlsx (from `ppid init`) with `rows` typed into the request tab."""
    (tmp_path / "config.toml").write_text(example_with_officials(), encoding="utf-8")  # not the example's signatories
    assert main(["--config", str(tmp_path / "config.toml"), "init", str(tmp_path / "register-ppid.xlsx")]) == 0
    set_rows(tmp_path / "register-ppid.xlsx", REQUESTS, rows)
    return tmp_path


def set_rows(path: Path, tab: Tab, rows: Sequence[Mapping[str, object]], first: int = 2) -> None:
    """Type `rows` (layout keys -> values) into `tab` from sheet row `first`, as a clerk in a spreadsheet would."""
    wb = openpyxl.load_workbook(path)
    ws = wb[tab.name]
    headers = [c.value for c in ws[1]]
    for i, values in enumerate(rows):
        for key, value in values.items():
            ws.cell(row=first + i, column=headers.index(tab.header(key)) + 1, value=value)
    wb.save(path)


def ppid(office: Path, *args: str) -> int:
    return main(["--config", str(office / "config.toml"), *args])


def tab_rows(path: Path, name: str) -> list[tuple]:
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return [r for r in wb[name].iter_rows(min_row=2, values_only=True) if any(v is not None for v in r)]
    finally:
        wb.close()


def surat_rows(office: Path) -> list[tuple]:
    return tab_rows(office / "register-ppid.xlsx", LETTERS.name)
