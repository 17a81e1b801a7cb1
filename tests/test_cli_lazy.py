"""`ppid --help` and `ppid due` start fast: commands are imported only when they run.

Not a timed test (figures are in bench/); it checks what a start-up imports, which is where
the time went (numpy, docxtpl, the backends of every other command).
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path

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


HEAVY = ('numpy', 'holidays', 'rich', 'docxtpl', 'docx', 'python_calamine', 'xlsxwriter', 'gspread')


def _imported_after(args: list[str], env: dict[str, str] | None = None) -> set[str]:
    code = (
        "import sys\n"
        "from automation.cli.main import main\n"
        f"main({args!r})\n"
        f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True,
                         env=env)
    return set(out.stdout.split("\n")[-2].split())


def test_help_imports_no_heavy_library() -> None:
    assert _imported_after(["--help"]) == set()
    assert _imported_after(["due", "--help"]) == set()


def test_due_imports_neither_numpy_nor_holidays(tmp_path: Path) -> None:
    # The holidays package's tables come from the cache (automation/rules/light_calendar.py):
    # the first run builds them (with numpy and holidays), every later run reads them.
    env = {**os.environ, "PPID_CACHE_DIR": str(tmp_path)}
    assert _imported_after(["due", "2026-11-27"], env) >= {"numpy", "holidays"}
    assert _imported_after(["due", "2026-11-27"], env) == set()
    assert _imported_after(["due", "2026-11-27", "--category", "pemilu", "--time", "16:00", "--json"], env) == set()
    assert _imported_after(["calendar", "--year", "2027"], env) == {"rich"}


def test_a_check_with_a_warm_cache_does_not_import_the_holidays_package(tmp_path: Path) -> None:
    # The check's numpy calendar takes the package's tables from the same cache as `ppid due`
    # (importing holidays loads every country it knows); the dates are the same either way
    # (tests/test_due_fast.py compares the cached tables with the package's own).
    from tests.register_factory import request
    from tests.test_check_cli import build_register

    reg = build_register(tmp_path / "register-ppid.xlsx", [request()])
    env = {**os.environ, "PPID_CACHE_DIR": str(tmp_path / "cache")}
    args = ["check", "--register", str(reg), "--today", "2026-12-09"]
    code = ("import sys\nfrom automation.cli.main import main\ntry:\n    main(" + repr(args) + ")\n"
            "except SystemExit:\n    pass\n"
            "print('loaded:', *(m for m in ('holidays', 'xlsxwriter', 'xml.sax', 'numpy.ma') if m in sys.modules))\n")
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, env=env)
            for _ in range(2)]
    # built once, then cached; neither run loads XlsxWriter (only charts need it), xml.sax (only
    # text with entities) or numpy.ma (np.unique loads it): together about 35 ms of each start
    assert [r.stdout.strip().splitlines()[-1] for r in runs] == ["loaded: holidays", "loaded:"]


def test_check_and_report_commands_load_numpy_and_docxtpl_only_while_the_register_is_parsed() -> None:
    # `ppid check` and `ppid report` import their heavy modules while calamine parses the
    # register in a second thread (sheets.background, ExcelBackend.read's `meanwhile`): their
    # command modules themselves must not import them, or there is nothing left to overlap
    code = ("import sys\nimport automation.cli.check_cmd, automation.cli.report_cmd\n"
            f"print('loaded:', *(m for m in {HEAVY!r} if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert out.stdout.split() == ["loaded:", "rich"]
