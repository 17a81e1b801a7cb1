"""`ppid run` and `ppid schedule` (placeholder until implemented)."""

from __future__ import annotations

import click


@click.command("run")
def run_command() -> None:
    """Belum tersedia."""
    raise click.ClickException("Perintah ini belum tersedia.")


@click.command("schedule")
def schedule_command() -> None:
    """Belum tersedia."""
    raise click.ClickException("Perintah ini belum tersedia.")
