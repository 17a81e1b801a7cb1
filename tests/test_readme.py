"""The README's two set-up commands exist, and CI runs exactly the README's test command."""

from __future__ import annotations

import re

from tests.conftest import REPO


def _commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    setup = text.split("## Set up", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", setup)


def test_readme_has_exactly_two_setup_commands() -> None:
    commands = _commands()
    assert len(commands) == 2, commands
    demo, tests = commands
    assert "pip install" in demo and demo.endswith("ppid demo")
    assert "[test]" in tests and "pytest" in tests


def test_ci_runs_the_readme_test_command() -> None:
    test_command = _commands()[1]
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in ci.splitlines()


def test_console_script_is_ppid() -> None:
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert 'ppid = "automation.cli.main:run"' in text
    assert 'name = "ppid-sheets"' in text
