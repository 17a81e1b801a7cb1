"""`ppid init` (placeholder until implemented)."""

from __future__ import annotations

import click


@click.command("init")
def init_command() -> None:
    """Belum tersedia."""
    raise click.ClickException("Perintah ini belum tersedia.")
