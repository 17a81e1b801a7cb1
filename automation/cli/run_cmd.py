"""`ppid run` (the daily job) and `ppid schedule` (how to make the computer run it every day).

`ppid run`: check, then letters, then (from the first working day of a month, once) the
previous month's report. Each step prints one line; a step that fails prints why and the next
step still runs. The exit code is the highest of the steps: 0 all fine, 1 something needs a
human (findings, overdue rows, a PDF not made), 2 usage/config, 3 register or backend.
Running it twice is safe: check rewrites the same toolkit cells, letters are not issued twice,
and the report is made only while its tab is missing.
"""

from __future__ import annotations

import datetime as dt
import importlib
import shlex
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import click

from automation.cli.common import AppContext, StepOutcome, get_ctx, register_option, today_option
from automation.config import WEEKDAYS, Config
from automation.errors import EXIT_OK, EXIT_REGISTER, EXIT_USAGE, exit_code_for, message_for
from sheets.errors import RegisterError

Step = Callable[[AppContext, Config, dt.date], StepOutcome]


STEPS: tuple[tuple[str, str, str], ...] = (
    ("Pemeriksaan", "automation.cli.check_cmd", "check_step"),
    ("Surat", "automation.cli.notices_cmd", "notices_step"),
    ("Laporan", "automation.cli.report_cmd", "report_step"),
)
"""(name shown, module, function) of each step, in order. Imported when run: each command
module pulls in its own job, and a step missing from an install is reported, not fatal."""


def _load(module: str, attr: str) -> Step:
    return getattr(importlib.import_module(module), attr)


def _run_step(name: str, module: str, attr: str, app: AppContext, cfg: Config, today: dt.date) -> StepOutcome:
    try:
        step = _load(module, attr)
    except (ImportError, AttributeError):
        return StepOutcome(EXIT_USAGE, f"{name}: GAGAL - langkah ini belum tersedia di instalasi ini.")
    try:
        return step(app, cfg, today)
    except Exception as e:  # noqa: BLE001 - one failing step must not hide the others
        known = isinstance(e, RegisterError) or hasattr(e, "exit_code")
        code = exit_code_for(e) if known else EXIT_REGISTER
        text = message_for(e) if known else f"{type(e).__name__}: {e}"
        return StepOutcome(code, f"{name}: GAGAL - {text}")


def run_steps(app: AppContext, cfg: Config, today: dt.date, echo: Callable[[str], None] = click.echo) -> int:
    """Run every step, one line each; returns the highest exit code.

    When the letters step issued letters, the check runs once more (its line says "ulang"), so
    that one run leaves the "BELUM ADA SURAT" flags settled; its code replaces the first check's.
    """
    codes: dict[str, int] = {}
    for index, (name, module, attr) in enumerate(STEPS):
        outcome = _run_step(name, module, attr, app, cfg, today)
        echo(outcome.line)
        codes[name] = outcome.code
        if outcome.changed and index > 0:
            first = STEPS[0]
            recheck = _run_step(*first, app, cfg, today)
            echo(recheck.line.replace(f"{first[0]}:", f"{first[0]} ulang:", 1))
            codes[first[0]] = recheck.code
        if outcome.code >= EXIT_USAGE:
            # the register cannot be used as it is (missing, locked, a renamed header): the
            # other steps would fail the same way or work on rows nobody can check
            later = [n for n, _, _ in STEPS[index + 1:]]
            if later:
                echo(f"{', '.join(later)}: dilewati sampai masalah di atas diperbaiki.")
            break
    return max(codes.values(), default=EXIT_OK)


@click.command("run")
@register_option
@today_option
def run_command(register: str | None, today: dt.date | None) -> int:
    """Tugas harian: periksa register, buat surat, lalu laporan bulan lalu pada hari kerja pertama.

    Aman dijalankan berulang kali. Satu baris per langkah. Kode keluar bukan 0 bila ada yang
    perlu ditangani petugas (1), salah pengaturan (2), atau register tidak dapat dibuka (3).
    """
    app = get_ctx()
    cfg = app.config_for(register)
    day = app.today(today)
    click.echo(f"ppid run {day.isoformat()} - register: {cfg.register.spreadsheet or cfg.register.path}")
    return run_steps(app, cfg, day)


# --- schedule ----------------------------------------------------------------------------------

_CRON_DAYS = "0123456"  # cron: 0 = Sunday
_SYSTEMD_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_SCHTASKS_DAYS = ("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")


def ppid_command() -> list[str]:
    """How to start this install's ppid: the `ppid` script next to this Python, on PATH, or
    `python -m automation` with this very interpreter."""
    exe = Path(sys.executable).resolve()
    for folder in (Path(sys.executable).parent, exe.parent):
        for name in ("ppid", "ppid.exe"):
            candidate = folder / name
            if candidate.is_file():
                return [str(candidate)]
    found = shutil.which("ppid")
    if found:
        return [str(Path(found).resolve())]
    return [str(exe), "-m", "automation"]


def _cron_days(days: tuple[int, ...]) -> str:
    cron = sorted(int(_CRON_DAYS[(d + 1) % 7]) for d in days)
    return "*" if len(cron) == 7 else ",".join(map(str, cron))


def schedule_text(command: list[str], config: Path | None, workdir: Path, at: dt.time,
                  days: tuple[int, ...], log: Path) -> str:
    """The three forms, ready to paste (Indonesian headings, as the operator reads them)."""
    args = command + (["--config", str(config)] if config else []) + ["run"]
    posix = " ".join(shlex.quote(a) for a in args)
    win = " ".join(f'\\"{a}\\"' if (" " in a or "\\" in a or "/" in a) else a for a in args)
    hh, mm = at.hour, at.minute
    systemd_days = ",".join(_SYSTEMD_DAYS[d] for d in sorted(days))
    sch_days = ",".join(_SCHTASKS_DAYS[d] for d in sorted(days))
    log_q = shlex.quote(str(log))
    return "\n".join([
        "# === 1. Linux/macOS: cron (crontab -e, lalu tempel baris ini) ===",
        f"{mm} {hh} * * {_cron_days(days)} cd {shlex.quote(str(workdir))} && PYTHONIOENCODING=utf-8 {posix} >> {log_q} 2>&1",
        "",
        "# === 2. Linux: systemd (pengguna). Simpan dua berkas ini di ~/.config/systemd/user/ ===",
        "# --- ppid-harian.service ---",
        "[Unit]",
        "Description=PPID: tugas harian register layanan informasi (ppid run)",
        "",
        "[Service]",
        "Type=oneshot",
        f"WorkingDirectory={workdir}",
        "Environment=PYTHONIOENCODING=utf-8",
        f"ExecStart={posix}",
        "",
        "# --- ppid-harian.timer ---",
        "[Unit]",
        "Description=PPID: jalankan ppid run setiap hari kerja",
        "",
        "[Timer]",
        f"OnCalendar={systemd_days} *-*-* {hh:02d}:{mm:02d}:00",
        "Persistent=true",
        "",
        "[Install]",
        "WantedBy=timers.target",
        "",
        "# lalu: systemctl --user daemon-reload && systemctl --user enable --now ppid-harian.timer",
        "#       loginctl enable-linger $USER   (agar berjalan walau tidak ada yang login)",
        "",
        "# === 3. Windows: Task Scheduler (jalankan sekali di Command Prompt) ===",
        f'schtasks /Create /TN "PPID\\Tugas Harian" /TR "{win}" /SC WEEKLY /D {sch_days} '
        f"/ST {hh:02d}:{mm:02d} /F",
    ]) + "\n"


def _parse_at(text: str) -> dt.time:
    try:
        return dt.datetime.strptime(text.strip(), "%H:%M").time()
    except ValueError:
        raise click.BadParameter(f"jam {text!r} tidak dikenali; tulis seperti 07:30.", param_hint="--at") from None


@click.command("schedule")
@click.option("--at", "at", default="07:30", show_default=True, metavar="JJ:MM", help="Jam tugas harian dijalankan.")
def schedule_command(at: str) -> None:
    """Cetak jadwal tugas harian (cron, systemd, Windows Task Scheduler) untuk instalasi ini.

    Hari yang dijadwalkan mengikuti [calendar] working_days di config. Tempel salah satu sesuai
    sistem operasi komputer; lihat docs/scheduling.md.
    """
    app = get_ctx()
    cfg = app.config
    time_ = _parse_at(at)
    config = cfg.source.resolve() if cfg.source else None
    workdir = (config.parent if config else cfg.base_dir).resolve()
    days = tuple(cfg.calendar.working_days) or tuple(WEEKDAYS[d] for d in ("sen", "sel", "rab", "kam", "jum"))
    log = workdir / "ppid-run.log"
    if config is None:
        click.echo("# Peringatan: tidak ada config.toml; jadwal memakai folder ini dan pengaturan bawaan.", err=True)
    click.echo(schedule_text(ppid_command(), config, workdir, time_, days, log), nl=False)
