"""The README's command table names every command of `ppid --help` and every option of each
(besides --register, --today and --help, which the README says every register command takes)."""

from __future__ import annotations

import re

import click

from automation.cli.main import cli
from tests.conftest import REPO

COMMON = {"--register", "--today", "--help", "-h"}


def _commands() -> dict[str, click.Command]:
    ctx = click.Context(cli)
    out: dict[str, click.Command] = {}
    for name in cli.list_commands(ctx):
        cmd = cli.get_command(ctx, name)
        assert cmd is not None
        if isinstance(cmd, click.Group):
            for sub in cmd.list_commands(ctx):
                out[f"{name} {sub}"] = cmd.get_command(ctx, sub)
        else:
            out[name] = cmd
    return out


def _readme_rows() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    table = text[text.index("## Commands"):]
    table = table[:table.index("\n\n", table.index("| command"))]
    return [re.split(r"(?<!\\)\|", line)[1] for line in table.splitlines() if line.startswith("| `ppid")]


def test_every_command_and_option_is_in_the_readme_table() -> None:
    rows = _readme_rows()
    missing = []
    for name, cmd in _commands().items():
        mine = [r for r in rows if re.search(rf"`ppid {re.escape(name)}\b", r)]
        if not mine:
            missing.append(f"ppid {name}")
            continue
        for param in cmd.params:
            if isinstance(param, click.Option):
                names = {o for o in param.opts + param.secondary_opts if o.startswith("--")} - COMMON
                if names and not any(re.search(rf"{re.escape(o)}\b", " ".join(mine)) for o in names):
                    missing.append(f"ppid {name} {'/'.join(sorted(names))}")
    assert missing == []
