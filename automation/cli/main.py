"""The `ppid` command: a thin layer over the jobs. Errors become one message and an exit code."""

from __future__ import annotations

import sys

import click

from automation import __version__
from automation.cli import bahasa
from automation.cli.common import AppContext
from automation.rules.errors import EXIT_REGISTER, EXIT_USAGE, PpidError, exit_code_for, message_for
from sheets.errors import RegisterError


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, options_metavar="[OPSI]",
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


def _register_commands() -> None:
    from automation.cli import (
        calendar_cmd,
        check_cmd,
        config_cmd,
        demo_cmd,
        export_cmd,
        init_cmd,
        notices_cmd,
        report_cmd,
        run_cmd,
    )

    for command in (
        init_cmd.init_command,
        config_cmd.config_command,
        demo_cmd.demo_command,
        check_cmd.check_command,
        calendar_cmd.calendar_command,
        calendar_cmd.due_command,
        notices_cmd.notices_command,
        report_cmd.report_command,
        export_cmd.export_command,
        run_cmd.run_command,
        run_cmd.schedule_command,
    ):
        cli.add_command(command)


_register_commands()
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


def run() -> None:
    safe_console()
    sys.exit(main())
