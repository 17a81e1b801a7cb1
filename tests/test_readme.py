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


def test_lowest_versions_file_matches_the_lower_bounds() -> None:
    """.ci/lowest.txt pins every dependency at the lower bound pyproject.toml states, and only those."""
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    specs = project["dependencies"] + extras["google"] + extras["test"]  # what the suite installs
    lower = {}
    for spec in specs:
        m = re.fullmatch(r"([A-Za-z0-9_.-]+)>=([\w.]+),<[\w.]+", spec)
        if m:
            lower[m.group(1).lower()] = m.group(2)
        else:
            assert spec.startswith("ppid-sheets["), f"{spec}: needs a lower and an upper bound"
    lines = (REPO / ".ci" / "lowest.txt").read_text(encoding="utf-8").splitlines()
    pinned = dict(line.lower().split("==") for line in lines if line and not line.startswith("#"))
    lower.pop("ruff")  # a linter, not run by the suite

    def version(text: str) -> tuple[int, ...]:  # 1.26 == 1.26.0
        parts = [int(p) for p in text.split(".")]
        while parts and parts[-1] == 0:
            parts.pop()
        return tuple(parts)

    assert {k: version(v) for k, v in pinned.items()} == {k: version(v) for k, v in lower.items()}
