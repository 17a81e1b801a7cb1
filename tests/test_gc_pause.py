"""The cyclic garbage collector: off for a whole `ppid` process, restored after in-process jobs.

Not a timed test (the figures are in bench/): it checks the collector's state, which is where
the time went (switched back on between the read and the check, its passes walked every row of
a 100k-row register again, about a second of a daily check).
"""

from __future__ import annotations

import datetime as dt
import gc
import subprocess
import sys
from pathlib import Path

import pytest

from automation.cli.check_cmd import perform_check
from automation.cli.common import AppContext
from automation.rules.config import default_config
from sheets.errors import RegisterMissing
from sheets.gc_pause import gc_paused
from tests.conftest import REPO


def _collector_at_exit(args: list[str], cwd: Path) -> str:
    """What `gc.isenabled()` says when the `ppid` process (its real entry point, `run`) ends."""
    code = ("import atexit, gc, sys\n"
            "atexit.register(lambda: print('collector', gc.isenabled()))\n"
            f"sys.argv = ['ppid', *{args!r}]\n"
            "from automation.cli.main import run\n"
            "run()\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd,
                         env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "HOME": str(cwd)})
    return out.stdout.strip().splitlines()[-1]


def test_the_ppid_process_runs_without_the_cyclic_collector(tmp_path: Path) -> None:
    from tests.register_factory import request
    from tests.test_check_cli import build_register

    reg = build_register(tmp_path / "register-ppid.xlsx", [request()])
    assert _collector_at_exit(["check", "--register", str(reg), "--today", "2026-12-09"], tmp_path) == "collector False"
    assert _collector_at_exit(["--help"], tmp_path) == "collector False"


def test_an_in_process_check_restores_the_collector(tmp_path: Path) -> None:
    from tests.register_factory import request
    from tests.test_check_cli import build_register

    cfg = default_config(tmp_path).with_register(build_register(tmp_path / "register-ppid.xlsx", [request()]))
    today = dt.date(2026, 12, 9)
    assert gc.isenabled()
    result, report = perform_check(AppContext(), cfg, today, dry_run=False)
    assert result.summary["rows"] == 1 and report is not None
    assert gc.isenabled()
    with pytest.raises(RegisterMissing):
        perform_check(AppContext(), cfg.with_register(tmp_path / "tidak-ada.xlsx"), today, dry_run=True)
    assert gc.isenabled()  # restored on the way out of a failed job too


def test_a_nested_pause_leaves_the_collector_off_until_the_outer_one_ends() -> None:
    assert gc.isenabled()
    with gc_paused():
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
