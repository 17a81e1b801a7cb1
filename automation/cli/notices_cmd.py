"""`ppid notices` (placeholder until implemented)."""

from __future__ import annotations

import click


@click.command("notices")
def notices_command() -> None:
    """Belum tersedia."""
    raise click.ClickException("Perintah ini belum tersedia.")
