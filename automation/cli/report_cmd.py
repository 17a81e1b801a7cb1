"""`ppid report` (placeholder until implemented)."""

from __future__ import annotations

import click


@click.command("report")
def report_command() -> None:
    """Belum tersedia."""
    raise click.ClickException("Perintah ini belum tersedia.")
