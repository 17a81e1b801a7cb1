"""`ppid demo DIR --provinsi`: a demo KPU Provinsi with a few kabupaten/kota registers, then
its recap (`ppid rekap`). Fictitious data; one office listed in the config has no register,
so the recap shows how an office that did not report is named."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from automation.cli.common import AppContext
from automation.cli.demo_cmd import demo_data
from automation.cli.recap_cmd import collect, recap_offices
from automation.demo.register import OFFICER_ROWS
from automation.reports.recap import RecapPeriod, build_recap
from automation.reports.recap_documents import write_recap_files
from automation.rules.config import load_config
from automation.rules.errors import EXIT_OK
from automation.rules.values import format_date_id
from sheets.workbook_init import create_register

OFFICES = (  # Provinsi Jambi: code (Kemendagri), name, file (None = did not report)
    ("15.01", "KPU Kabupaten Kerinci", "kerinci.xlsx"),
    ("15.02", "KPU Kabupaten Merangin", "merangin.xlsx"),
    ("15.03", "KPU Kabupaten Sarolangun", "sarolangun.xlsx"),
    ("15.04", "KPU Kabupaten Batang Hari", "batang-hari.xlsx"),
    ("15.71", "KPU Kota Jambi", "kota-jambi.xlsx"),
    ("15.72", "KPU Kota Sungai Penuh", None),
)

CONFIG = """# Demo ppid-sheets: rekap KPU Provinsi Jambi (data fiktif).
[office]
name = "Komisi Pemilihan Umum Provinsi Jambi"
short_name = "KPU Provinsi Jambi"
parent = "Komisi Pemilihan Umum"
address = "Jl. Jenderal Ahmad Yani, Telanaipura, Kota Jambi"
city = "Jambi"
province = "Jambi"

[officials.ppid]
name = "Dra. Lestari Handayani"
nip = "197805122005022001"
title = "Kepala Subbagian Partisipasi, Hubungan Masyarakat / PPID Pelaksana"

[officials.superior]
name = "Drs. H. Amrizal"
title = "Sekretaris KPU Provinsi Jambi / Atasan PPID"

[rekap]
folder = "register-kabupaten"
output = "rekap"
reads_per_minute = 50
"""


def demo_province(app: AppContext, folder: Path, today: dt.date, seed: int) -> int:
    echo = app.console.print
    config_path = folder / "config.toml"
    if not config_path.exists():
        lines = [CONFIG]
        for code, name, file in OFFICES:
            source = f"register-kabupaten/{file or 'sungai-penuh.xlsx'}"
            lines.append(f'\n[[rekap.offices]]\nname = "{name}"\ncode = "{code}"\nsource = "{source}"\n')
        config_path.write_text("".join(lines), encoding="utf-8")
    cfg = load_config(config_path)
    app._config = cfg
    registers = folder / "register-kabupaten"
    registers.mkdir(parents=True, exist_ok=True)
    made = 0
    for i, (_, _, file) in enumerate(OFFICES):
        if file is not None and not (registers / file).exists():
            create_register(registers / file, officers=OFFICER_ROWS, today=today, data=demo_data(today, seed + i))
            made += 1
    echo(f"Demo provinsi: {made} register kabupaten/kota dibuat di {registers}" if made else
         f"Demo provinsi sudah ada: {registers}.")
    last = today.replace(day=1) - dt.timedelta(days=1)
    period = RecapPeriod.month(last.year, last.month)
    offices = recap_offices(cfg, None)
    results, _ = collect(cfg, offices, period, today, app.now(), workers=1, state_dir=cfg.rekap.output or folder)
    recap = build_recap(results, period, today)
    files = write_recap_files(recap, cfg, cfg.rekap.output or folder / "rekap")
    t = recap.total
    echo(f"Rekap {period.label}: {len(recap.counted)} dari {len(recap.results)} kantor terhitung; diterima "
         f"{t['received']}, selesai {t['finished']}, lewat batas kini {t['overdue_now']}.")
    for r in recap.not_counted:
        echo(f"  {r.office.name}: {r.status} ({r.why})")
    echo(f"  Buku kerja : {files.workbook}")
    echo(f"  Nota dinas : {files.letter}")
    echo(f"Coba: cd {folder} && ppid rekap --quarter {today.year}-{(today.month - 1) // 3 + 1} "
         f"--today {today.isoformat()}  (hari ini {format_date_id(today)})")
    return EXIT_OK
