"""`ppid --help` and `ppid due` start fast: commands are imported only when they run.

Not a timed test (figures are in bench/); it checks what a start-up imports, which is where
the time went (numpy, docxtpl, the backends of every other command).
"""

from __future__ import annotations

import importlib
import subprocess
import sys

import click

from automation.cli.main import COMMANDS, cli
from tests.conftest import REPO


def _first_paragraph(command: click.Command) -> str:
    return " ".join((command.short_help or command.help or "").strip().split("\n\n")[0].split())


def test_each_lazy_help_line_is_the_commands_own() -> None:
    for name, (module, attr, text) in COMMANDS.items():
        command = getattr(importlib.import_module(module), attr)
        assert command.name == name
        assert text == _first_paragraph(command), name


def test_every_command_module_is_listed() -> None:
    modules = {p.stem for p in (REPO / "automation" / "cli").glob("*_cmd.py")}
    assert modules == {m.rsplit(".", 1)[1] for m, _, _ in COMMANDS.values()}
    assert cli.list_commands(click.Context(cli)) == sorted(COMMANDS)


def _imported_after(args: list[str]) -> set[str]:
    code = (
        "import sys\n"
        "from automation.cli.main import main\n"
        f"main({args!r})\n"
        "print(' '.join(m for m in ('numpy', 'docxtpl', 'docx', 'python_calamine', 'xlsxwriter', 'gspread')"
        " if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    return set(out.stdout.split("\n")[-2].split())


def test_help_imports_no_heavy_library() -> None:
    assert _imported_after(["--help"]) == set()


def test_due_imports_only_the_calendar() -> None:
    assert _imported_after(["due", "2026-11-27"]) == {"numpy"}
