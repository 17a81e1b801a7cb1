"""`ppid check` (placeholder until implemented)."""

from __future__ import annotations

import click


@click.command("check")
def check_command() -> None:
    """Belum tersedia."""
    raise click.ClickException("Perintah ini belum tersedia.")
