"""`ppid run` (the daily job) and `ppid schedule` (how to make the computer run it every day).

`ppid run`: check, then letters, then (from the first working day of a month, once) the
previous month's report, then e-mail (`ppid kirim`: the Kasubbag's digest, letters to
requesters who asked by e-mail, the report to the Sekretaris) when `[email] enabled`. Each step prints one line. A step that finds the register unusable
(exit 2 or 3) stops the run and says which steps were skipped. The exit code is the highest of
the steps: 0 all fine, 1 something needs a human (findings, overdue rows, a PDF not made),
2 usage/config, 3 register or backend.
Running it twice is safe: check rewrites the same toolkit cells, letters are not issued twice,
and the report is made only while its tab is missing.
"""

from __future__ import annotations

import datetime as dt
import shlex
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import click

from automation.cli.common import AppContext, StepOutcome, get_ctx, register_option, today_option
from automation.rules.config import WEEKDAYS, Config
from automation.rules.errors import EXIT_OK, EXIT_USAGE, PpidError, exit_code_for, message_for
from sheets.errors import RegisterError

Step = Callable[[AppContext, Config, dt.date], StepOutcome]


def _steps() -> tuple[tuple[str, Step], ...]:
    """(name shown, step) in order."""
    from automation.cli.check_cmd import check_step
    from automation.cli.kirim_cmd import kirim_step
    from automation.cli.notices_cmd import notices_step
    from automation.cli.report_cmd import report_step

    return (("Pemeriksaan", check_step), ("Surat", notices_step), ("Laporan", report_step), ("Email", kirim_step))


def _run_step(name: str, step: Step, app: AppContext, cfg: Config, today: dt.date) -> StepOutcome:
    """One step; an error that stops it becomes its line and exit code, not a traceback."""
    try:
        return step(app, cfg, today)
    except (PpidError, RegisterError) as e:
        return StepOutcome(exit_code_for(e), f"{name}: GAGAL - {message_for(e)}")


def run_steps(app: AppContext, cfg: Config, today: dt.date, echo: Callable[[str], None] = click.echo) -> int:
    """Run every step, one line each; returns the highest exit code.

    When the letters step issued letters, the check runs once more (its line says "ulang"), so
    that one run leaves the "BELUM ADA SURAT" flags settled; its code replaces the first check's.
    """
    codes: dict[str, int] = {}
    steps = _steps()
    for index, (name, step) in enumerate(steps):
        outcome = _run_step(name, step, app, cfg, today)
        echo(outcome.line)
        codes[name] = outcome.code
        if outcome.changed and index > 0:
            first_name, first_step = steps[0]
            recheck = _run_step(first_name, first_step, app, cfg, today)
            echo(recheck.line.replace(f"{first_name}:", f"{first_name} ulang:", 1))
            codes[first_name] = recheck.code
        if outcome.code >= EXIT_USAGE:
            # the register cannot be used as it is (missing, locked, a renamed header): the
            # other steps would fail the same way or work on rows nobody can check
            later = [n for n, _ in steps[index + 1:]]
            if later:
                echo(f"{', '.join(later)}: dilewati sampai masalah di atas diperbaiki.")
            break
    return max(codes.values(), default=EXIT_OK)


@click.command("run")
@register_option
@today_option
def run_command(register: str | None, today: dt.date | None) -> int:
    """Tugas harian: periksa register, buat surat, laporan bulan lalu pada hari kerja pertama,
    lalu kirim email bila diaktifkan.

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
SCHTASKS_TR_MAX = 261
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
    # schtasks /TR: the whole command in "...", each path in it as \"...\" (spaces in
    # "C:\Program Files" or a user name); schtasks refuses a /TR longer than 261 characters.
    tr = " ".join(f'"{a}"' if (" " in a or "\\" in a or "/" in a) else a for a in args)
    win = tr.replace('"', '\\"')
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
        *([f"# Peringatan: perintah /TR {len(tr)} karakter, lebih dari {SCHTASKS_TR_MAX} yang diterima schtasks. "
           "Pindahkan config.toml ke folder dengan path pendek (misalnya C:\\PPID) lalu jalankan ppid schedule lagi."]
          if len(tr) > SCHTASKS_TR_MAX else []),
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
