"""`ppid demo` (placeholder until implemented)."""

from __future__ import annotations

import click


@click.command("demo")
def demo_command() -> None:
    """Belum tersedia."""
    raise click.ClickException("Perintah ini belum tersedia.")
