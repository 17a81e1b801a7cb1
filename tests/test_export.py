"""`ppid export`: the classic 21-column register, filled by hand-checkable rules."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from automation.cli.main import main
from automation.reports.export import HEADERS, mask, mask_address, perki_rows
from automation.rules.records import read_requests
from sheets.layout import REQUESTS
from sheets.memory import table_from_grid
from sheets.workbook_init import create_register
from tests.register_factory import DECIDED, D, request

REFUSED = {**DECIDED, "decision": "Ditolak", "refusal_reason": "Dikecualikan Pasal 17 huruf h",
           "holding": "Dikuasai", "form": "Softcopy dan Hardcopy", "access_method": "Mendapatkan Salinan",
           "notice_date": D("2026-12-03"), "fee": 5000, "payment_method": "Tunai"}


def _rows() -> list[list[object]]:
    return [
        request(number="002/PPID/XII/2026", received=D("2026-12-01"), address="Jl. Merdeka No. 5, Kab. Sarolangun",
                **REFUSED),
        request(number="001/PPID/XI/2026", received=D("2026-11-27")),
        request(number="000/PPID/X/2025", received=D("2025-10-01")),  # another year: left out
    ]


def test_headers_and_rows_by_hand() -> None:
    assert len(HEADERS) == 21 and HEADERS[0] == "No"
    requests = read_requests(table_from_grid(REQUESTS.name, [list(REQUESTS.headers), *_rows()]))
    rows = perki_rows(requests, D("2026-01-01"), D("2026-12-31"))
    assert [r[0] for r in rows] == [1, 2] and rows[0][1] == "27-11-2026"  # in order of receipt
    refused = dict(zip(HEADERS, rows[1]))
    assert refused["Status Informasi: Di Bawah Penguasaan"] == "Ya"
    assert refused["Bentuk Informasi yang Dikuasai: Softcopy"] == "✓"
    assert refused["Bentuk Informasi yang Dikuasai: Hardcopy"] == "✓"
    assert refused["Jenis Permohonan: Meminta Salinan"] == "✓"
    assert refused["Jenis Permohonan: Melihat/Mengetahui"] == ""
    assert refused["Keputusan: Ditolak"] == "✓" and refused["Keputusan: Diterima"] == ""
    assert refused["Alasan Penolakan"] == "Dikecualikan Pasal 17 huruf h"
    assert refused["Hari dan Tanggal Pemberitahuan Tertulis"] == "Kamis, 3 Desember 2026"
    assert refused["Biaya dan Cara Pembayaran"] == "Rp 5.000 (Tunai)"
    masked = dict(zip(HEADERS, perki_rows(requests, D("2026-12-01"), D("2026-12-31"), masked=True)[0]))
    assert masked["Alamat"] == "***, Kab. Sarolangun" and "3456" not in masked["Nomor Kontak"]


def test_masks() -> None:
    assert mask("1503014101900001") == "1503**********01"
    assert mask("12") == "**"
    assert mask_address("Desa Limun") == "***"


def test_command_writes_a_workbook_and_leaves_the_register(tmp_path: Path, capsys) -> None:
    register = create_register(tmp_path / "register.xlsx", data={REQUESTS.name: _rows()})
    before = register.read_bytes()
    out = tmp_path / "perki.xlsx"
    assert main(["export", "--register", str(register), "--year", "2026", "--output", str(out)]) == 0
    assert "data pribadi" in capsys.readouterr().out
    ws = openpyxl.load_workbook(out).active
    assert [c.value for c in ws[5]] == list(HEADERS)
    assert ws.cell(6, 3).value == "Siti Aminah" and ws.cell(8, 1).value is None
    assert register.read_bytes() == before
