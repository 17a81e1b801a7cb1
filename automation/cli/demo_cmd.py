"""`ppid demo [DIR]`: a realistic register to try every job on, without a Google account.

Makes DIR (default ./ppid-demo) with a config.toml and a register of about 60 requests over
the last months (every channel and requester type, overdue, extended, refused under Pasal 17,
objections, rows with typing mistakes), then runs the check, the letters and last month's
report, and says where to look. Run again, it keeps the register and re-runs the jobs, which
change nothing new: the jobs are idempotent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import click

from automation.cli.common import AppContext, get_ctx, open_backend, today_option
from automation.cli.config_cmd import set_values
from automation.demo.register import OFFICER_ROWS, SUPERIOR, demo_grids, demo_planted
from automation.rules.bundled import example_config_text
from automation.rules.config import Config, load_config
from automation.rules.errors import EXIT_OK
from automation.rules.values import format_date_id
from sheets.layout import TABS_BY_NAME, normalize_header
from sheets.workbook_init import create_register

DEMO_SUPERIOR_NIP = "197204141998031003"  # fictional, like every name in the demo


def demo_config_text() -> str:
    """The example config.toml (shipped in the package) with the demo's fictional officials, so
    its letters are clearly the demo's (paths stay relative to DIR)."""
    kasubbag = OFFICER_ROWS[0]
    text = set_values(example_config_text(), {
        ("officials.ppid", "name"): kasubbag[0],
        ("officials.ppid", "nip"): kasubbag[1],
        ("officials.superior", "name"): SUPERIOR[0],
        ("officials.superior", "nip"): DEMO_SUPERIOR_NIP,
    })
    return "# Demo ppid-sheets (data fiktif).\n" + text


def demo_data(today: dt.date, seed: int) -> dict[str, list[list[object]]]:
    """Staff rows per tab in layout column order (the demo grids carry their own headers)."""
    data: dict[str, list[list[object]]] = {}
    for name, grid in demo_grids(today, seed).items():
        tab = TABS_BY_NAME[name]
        header = [normalize_header(h) for h in grid[0]]
        positions = [header.index(normalize_header(c.header)) if normalize_header(c.header) in header else None
                     for c in tab.columns]
        data[name] = [[row[i] if i is not None and i < len(row) else None for i in positions] for row in grid[1:]]
    return data


def run_demo_jobs(app: AppContext, cfg: Config, today: dt.date, pdf: bool) -> list[str]:
    """The daily job's steps (`ppid run`), plus last month's report even before the month's
    first working day, so the demo always shows one. Returns the lines they printed."""
    from automation.cli.report_cmd import make_report
    from automation.cli.run_cmd import run_steps
    from automation.reports.figures import Period

    lines: list[str] = []
    run_steps(app, replace(cfg, output=replace(cfg.output, pdf=pdf or cfg.output.pdf)), today, echo=lines.append)
    period = Period.previous_month(today)
    if open_backend(cfg).read([period.tab_name]).table(period.tab_name) is None:
        result = make_report(open_backend(cfg), cfg, period, today, pdf=pdf)
        lines.append(f"Laporan: tab \"{result.tab}\" dibuat.")
    return lines


def demo_digest(app: AppContext, cfg: Config, today: dt.date) -> Path | None:
    """The Kasubbag's digest as an .eml file (`ppid kirim --dry-run --hanya ringkasan`): no mail server."""
    from automation.cli.kirim_cmd import perform_kirim

    files = perform_kirim(app, cfg, today, dry_run=True, only=("ringkasan",)).files
    return files[0] if files else None


@click.command("demo")
@click.argument("folder", required=False, default="ppid-demo", type=click.Path(file_okay=False, path_type=Path))
@click.option("--seed", type=int, default=7, show_default=True, help="Angka acak: seed sama, register sama.")
@today_option
@click.option("--pdf", is_flag=True, help="Ubah surat dan laporan ke PDF (perlu LibreOffice).")
@click.option("--provinsi", is_flag=True,
              help="Demo KPU Provinsi: beberapa register kabupaten/kota dan rekapnya (ppid rekap).")
def demo_command(folder: Path, seed: int, today: dt.date | None, pdf: bool, provinsi: bool) -> int:
    """Buat folder demo berisi config dan register contoh (~60 permohonan), lalu jalankan
    pemeriksaan, pembuatan surat, dan laporan bulan lalu.

    Dengan --provinsi: register beberapa kabupaten/kota dan rekap provinsinya (ppid rekap).
    """
    app = get_ctx()
    day = app.today(today)
    folder = folder.expanduser().resolve()
    folder.mkdir(parents=True, exist_ok=True)
    if provinsi:
        from automation.cli.recap_demo import demo_province

        return demo_province(app, folder, day, seed)
    config_path = folder / "config.toml"
    if not config_path.exists():
        config_path.write_text(demo_config_text(), encoding="utf-8")
    cfg = load_config(config_path)
    app._config = cfg
    register = Path(cfg.register.path)
    echo = app.console.print
    fresh = not register.exists()
    if not fresh:
        echo(f"Register demo sudah ada: {register}. Menjalankan ulang tugas (tidak ada yang dibuat dua kali).")
    else:
        create_register(register, officers=OFFICER_ROWS, today=day, data=demo_data(day, seed))
        echo(f"Register demo dibuat: {register} (seed {seed}, hari ini {format_date_id(day)}).")
    for line in run_demo_jobs(app, cfg, day, pdf):
        echo(f"- {line}", markup=False)
    digest = demo_digest(app, cfg, day)
    if fresh:
        echo("")
        echo("Kesalahan ketik yang sengaja dibuat di register demo (lihat kolom Catatan Validasi):")
        for row, what in demo_planted(day, seed):
            echo(f"  baris {row}: {what}", markup=False)
        echo("Baris lain yang terlambat, jatuh tempo atau ditolak adalah contoh kasus, bukan kesalahan.")
    echo("")
    echo("Lihat:")
    echo(f"  register   {register}  (tab \"Perlu Tindakan\" untuk Kasubbag, kolom abu-abu diisi toolkit)")
    echo(f"  surat      {cfg.output.letters}")
    echo(f"  laporan    {cfg.output.reports}")
    echo(f"  log        {cfg.output.log_file}")
    if digest is not None:
        echo(f"  email      {digest}  (ringkasan untuk Kasubbag, tanpa server email; buka di program email)")
    echo("Coba (di folder demo; baris demi baris):")
    echo(f"  cd {folder}")
    echo(f"  ppid check --today {day.isoformat()}")
    echo(f"  ppid due {day.isoformat()}")
    return EXIT_OK
