"""The `ppid` command: a thin layer over the jobs. Errors become one message and an exit code."""

from __future__ import annotations

import contextlib
import gc
import importlib
import os
import signal
import sys

import click

from automation import __version__
from automation.cli import bahasa
from automation.cli.common import AppContext
from automation.rules.errors import EXIT_REGISTER, EXIT_USAGE, PpidError, exit_code_for, message_for
from sheets.errors import RegisterError

# Every command: its module, the click command in it, and its one-line help. Commands are
# imported only when run, so `ppid --help` and `ppid due` do not pay for numpy, docxtpl and the
# backends of the others; tests/test_cli_lazy.py checks that each help line here is the
# command's own.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "calendar": ("automation.cli.calendar_cmd", "calendar_command",
                 "Tampilkan hari libur (hari kerja yang diliburkan) satu tahun."),
    "check": ("automation.cli.check_cmd", "check_command",
              "Periksa register: temuan data, nomor pendaftaran, batas waktu, status, dan bendera."),
    "config": ("automation.cli.config_cmd", "config_command",
               "Buat config.toml awal untuk kantor: semua pengaturan beserta keterangannya, dengan kop surat dan pejabat penanda tangan dikosongkan dan ditandai \"# ISI:\"."),
    "demo": ("automation.cli.demo_cmd", "demo_command",
             "Buat folder demo berisi config dan register contoh (~60 permohonan), lalu jalankan pemeriksaan, pembuatan surat, dan laporan bulan lalu."),
    "due": ("automation.cli.calendar_cmd", "due_command",
            "Hitung batas waktu permohonan dari tanggal diterima (TANGGAL)."),
    "export": ("automation.cli.export_cmd", "export_command",
               "Ekspor register ke format 21 kolom (Model PPID-C / Perki 1/2021) sebagai buku kerja baru."),
    "init": ("automation.cli.init_cmd", "init_command",
             "Buat register baru: semua tab, judul kolom, dropdown, dan kolom abu-abu yang diisi toolkit."),
    "kirim": ("automation.cli.kirim_cmd", "kirim_command",
              "Kirim email: ringkasan \"Perlu Tindakan\" untuk Kasubbag, surat untuk pemohon yang meminta lewat email (PDF terlampir), dan laporan bulan lalu untuk Sekretaris."),
    "monev": ("automation.cli.monev_cmd", "monev_command",
              "Paket bukti dukung Monev Keterbukaan Informasi Publik (folder dan zip)."),
    "notices": ("automation.cli.notices_cmd", "notices_command",
                "Buat surat dari register: tanda bukti, pemberitahuan kelengkapan persyaratan, pemberitahuan "
                "tertulis, perpanjangan, SK penolakan, tanda terima keberatan, dan tanggapan atas keberatan."),
    "rekap": ("automation.cli.recap_cmd", "recap_command",
              "Rekap layanan informasi publik semua kantor (KPU Provinsi / KPU RI)."),
    "report": ("automation.cli.report_cmd", "report_command",
               "Laporan bulanan (atau tahunan) layanan informasi publik."),
    "run": ("automation.cli.run_cmd", "run_command",
            "Tugas harian: periksa register, buat surat, laporan bulan lalu pada hari kerja pertama, lalu kirim email bila diaktifkan."),
    "survei": ("automation.cli.survey_cmd", "survey_group",
               "Survei Kepuasan Masyarakat (Permenpan RB 14/2017): formulir, impor, pemeriksaan, indeks."),
    "schedule": ("automation.cli.run_cmd", "schedule_command",
                 "Cetak jadwal tugas harian (cron, systemd, Windows Task Scheduler) untuk instalasi ini."),
}


class LazyGroup(click.Group):
    """A click group that imports a command's module only when that command runs."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(COMMANDS) | set(self.commands))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            module, attr, _ = COMMANDS[cmd_name]
            self.add_command(getattr(importlib.import_module(module), attr), cmd_name)
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][2] if name in COMMANDS else self.commands[name].get_short_help_str())
                for name in self.list_commands(ctx)]
        if rows:
            limit = formatter.width - 6 - max(len(name) for name, _ in rows)
            with formatter.section("Perintah"):
                formatter.write_dl([(name, click.Command(name, help=text).get_short_help_str(limit)) for name, text in rows])


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]}, options_metavar="[OPSI]",
             subcommand_metavar="PERINTAH [ARGUMEN]...")
@click.option("--config", "config_path", metavar="PATH", envvar="PPID_CONFIG",
              help="Berkas config.toml (bawaan: PPID_CONFIG, lalu ./config.toml).")
@click.version_option(__version__, prog_name="ppid", help="Tampilkan versi lalu keluar.")
@click.pass_context
def cli(ctx: click.Context, config_path: str | None) -> None:
    """ppid: register layanan informasi publik (PPID) di Excel atau Google Sheets.

    Memeriksa register, menghitung batas waktu hari kerja, menandai yang perlu tindakan,
    membuat surat, dan menyusun laporan bulanan.
    """
    ctx.obj = AppContext(config_path=config_path)


bahasa.install()


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the command; map every stopping error to its message and exit code."""
    try:
        result = cli.main(args=argv, prog_name="ppid", standalone_mode=False)
    except click.exceptions.Exit as e:
        return e.exit_code
    except click.Abort:
        click.echo("Dibatalkan.", err=True)
        return EXIT_USAGE
    except click.ClickException as e:
        e.show()
        return EXIT_USAGE
    except (PpidError, RegisterError) as e:
        click.secho(f"Gagal: {message_for(e)}", err=True, fg="red")
        return exit_code_for(e)
    except KeyboardInterrupt:
        click.echo("Dihentikan.", err=True)
        return EXIT_REGISTER
    except OSError as e:  # a folder or file the run needs: one message, never a traceback
        where = f" ({e.filename})" if getattr(e, "filename", None) else ""
        click.secho(f"Gagal: berkas atau folder tidak dapat dipakai{where}: {e.strerror or type(e).__name__}. "
                    "Periksa izin folder dan ruang disk, lalu jalankan lagi.", err=True, fg="red")
        return EXIT_REGISTER
    except Exception as e:  # noqa: BLE001 - the last line of defence: a message, not a traceback
        if os.environ.get("PPID_DEBUG"):
            raise
        click.secho(f"Gagal: kesalahan tak terduga ({type(e).__name__}). Register tidak diubah bila penulisan "
                    "belum selesai. Laporkan ke pengelola aplikasi (jalankan dengan PPID_DEBUG=1 untuk rinciannya).",
                    err=True, fg="red")
        return EXIT_REGISTER
    return result if isinstance(result, int) else 0


def safe_console() -> None:
    """Never a traceback for a character the console cannot show.

    A Windows console or a redirected output (Task Scheduler, `> log.txt`) may use cp1252 or
    another legacy code page: a folder name, a requester's name or a tick mark outside it would
    stop the run with UnicodeEncodeError. On a stream that is not UTF-8 such characters are
    shown as "?" instead (rich draws its tables with ASCII lines there by itself)."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        if encoding not in ("utf8", "utf8sig") and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")


class Terminated(SystemExit):
    """SIGTERM: unwinds the run (every `finally` removes its temporary file), exit code 3."""


def _terminate(signum: int, frame: object) -> None:
    """SIGTERM (a scheduler's timeout, `kill`): stop, cleaning up on the way out."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # one is enough
    click.echo("Dihentikan (SIGTERM); berkas sementara dihapus, register tidak diubah bila belum diganti.",
               err=True)
    raise Terminated(EXIT_REGISTER)


def run() -> None:
    """The `ppid` process: one command, then exit. The cyclic garbage collector is off for the
    whole process: a command is one bounded job whose objects hold no cycles that matter, and
    every pass of the collector would walk the register's rows again (see sheets.gc_pause;
    switched back on between stages, it cost a 100k-row check about a second). Memory held by
    any cycle is returned when the process ends, moments later. `main()` (used in-process)
    leaves the collector alone."""
    gc.disable()
    safe_console()
    with contextlib.suppress(ValueError, OSError):  # not in the main thread: leave the default
        signal.signal(signal.SIGTERM, _terminate)
    sys.exit(main())
