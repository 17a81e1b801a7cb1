"""`ppid check` end to end on a real .xlsx register (XlsxWriter-built), through the Excel backend."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from automation.cli.main import main
from sheets.excel import ExcelBackend
from sheets.layout import DIK, HOLIDAYS, LOG, OFFICERS, REQUESTS
from tests.register_factory import DECIDED, D, request


def build_register(path: Path, rows: list[list]) -> Path:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    date_fmt = wb.add_format({"num_format": "dd-mm-yyyy"})
    for name, headers, data in ((REQUESTS.name, REQUESTS.headers, rows), (DIK.name, DIK.headers, []),
                                (HOLIDAYS.name, HOLIDAYS.headers, []),
                                (OFFICERS.name, OFFICERS.headers, [["Rina", "", "Staf", "Ya"]])):
        ws = wb.add_worksheet(name)
        ws.write_row(0, 0, headers)
        for r, values in enumerate(data, start=1):
            for c, v in enumerate(values):
                if isinstance(v, dt.date):
                    ws.write_datetime(r, c, dt.datetime.combine(v, dt.time()), date_fmt)
                elif v is not None:
                    ws.write_string(r, c, v) if isinstance(v, str) else ws.write(r, c, v)
    wb.close()
    return path


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Path, Path]:
    reg = build_register(tmp_path / "register-ppid.xlsx", [
        request(),  # Fri 27-11-2026 -> due Fri 11-12-2026
        request(received=D("2026-11-20"), name="Budi", identity="1503010101800002"),  # due Fri 04-12: late
        request(**DECIDED, name="Ani", identity="1503010101800004", purpose=None),
    ])
    cfg = tmp_path / "config.toml"
    cfg.write_text('[output]\nbackups = "cadangan"\nlog_file = "log/ppid.log"\n', encoding="utf-8")
    return reg, cfg


def ppid(cfg: Path, reg: Path, *args: str) -> int:
    return main(["--config", str(cfg), "check", "--register", str(reg), "--today", "09-12-2026", *args])


def test_check_writes_toolkit_columns_and_is_idempotent(setup, capsys) -> None:
    reg, cfg = setup
    assert ppid(cfg, reg) == 1  # one overdue row and one error: something needs a human
    out = capsys.readouterr().out
    assert "Baris permohonan" in out and "Terlambat" in out
    # the most urgent rows, by number and name, with what to do (Budi: received 20-11, due
    # Fri 04-12, on Wed 09-12 three working days late)
    urgent = out[out.index("Paling mendesak"):]
    assert "1. 001/PPID/XI/2026 Budi [Terlambat: batas sudah lewat] - terlambat 3 hari kerja (batas Jum 04-12-2026)" \
        in urgent
    assert "- Segera kirim pemberitahuan tertulis (batas sudah lewat)" in urgent
    assert "Lengkapi kolom Tujuan Penggunaan" in urgent  # Ani's decided row lacks its purpose
    snap = ExcelBackend(reg).read()
    table = snap.table(REQUESTS.name)
    # numbered in receipt order: 20-11 first, then the two rows of 27-11 in row order
    assert table.column("No. Pendaftaran") == ["002/PPID/XI/2026", "001/PPID/XI/2026", "003/PPID/XI/2026"]
    assert table.column("Bendera")[1].startswith("TERLAMBAT")
    assert snap.table(LOG.name) is not None and len(snap.table(LOG.name).rows) == 1
    log = (cfg.parent / "log" / "ppid.log").read_text(encoding="utf-8")
    assert "check baris=3" in log and "Siti" not in log
    # second run: no cell changes
    assert ppid(cfg, reg, "--json") == 1
    payload = json.loads(capsys.readouterr().out)
    assert payload["summary"]["cells"] == 0
    first = payload["urgent"][0]
    assert (first["number"], first["name"], first["days_late"], first["priority"]) == ("001/PPID/XI/2026", "Budi", 3, 1)
    assert first["todo"][0] == "Segera kirim pemberitahuan tertulis (batas sudah lewat)"
    assert first["timing"] == "terlambat 3 hari kerja (batas Jum 04-12-2026)" and first["deadline"] == "2026-12-04"
    row = payload["rows"]["002/PPID/XI/2026"]
    assert (row["due"], row["remaining"], row["flags"]) == ("2026-12-11", 2, ["JATUH TEMPO"])


def test_dry_run_writes_nothing(setup, capsys) -> None:
    reg, cfg = setup
    before = reg.read_bytes()
    ppid(cfg, reg, "--dry-run")
    out = capsys.readouterr().out
    assert "tidak ada yang ditulis" in out and "Sel yang akan diubah" in out
    assert reg.read_bytes() == before
    assert not (cfg.parent / "log" / "ppid.log").exists()


def test_missing_register_tab_is_exit_3(tmp_path: Path, capsys) -> None:
    import xlsxwriter

    reg = tmp_path / "kosong.xlsx"
    wb = xlsxwriter.Workbook(str(reg))
    wb.add_worksheet("Lain")
    wb.close()
    cfg = tmp_path / "config.toml"
    cfg.write_text("", encoding="utf-8")
    assert ppid(cfg, reg) == 3
    assert "Register Permohonan" in capsys.readouterr().err


def test_a_typed_grey_cell_is_put_right_and_said_so(tmp_path: Path, capsys) -> None:
    reg = build_register(tmp_path / "register-ppid.xlsx", [request(status="Selesai kok")])
    cfg = tmp_path / "config.toml"
    cfg.write_text('[output]\nbackups = "cadangan"\nlog_file = "log/ppid.log"\n', encoding="utf-8")
    ppid(cfg, reg)
    out = capsys.readouterr().out
    assert 'kolom "Status": kolom abu-abu ini diisi toolkit, tetapi berisi "Selesai kok"' in " ".join(out.split())
    assert ExcelBackend(reg).read().table(REQUESTS.name).column("Status") == ["Diproses"]
