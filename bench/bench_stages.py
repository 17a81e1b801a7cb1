"""Where the time of one `ppid check` goes, stage by stage (not a test; issue 19).

Usage: python bench/bench_stages.py REGISTER.xlsx [--today YYYY-MM-DD] [--runs N]

Copies the register to a scratch folder and runs the check N times (default 2: the first run
and the daily run) in this one process, printing wall seconds per stage: the read, each named
stage of `run_check` (as reported through its progress callback), and the write.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main(path: Path, today: dt.date, runs: int) -> None:
    from automation.check.job import run_check
    from automation.rules.config import load_config
    from sheets.excel import ExcelBackend
    from sheets.layout import CHECK_FIRST_TABS

    cfg = load_config(None, env={}, cwd=Path(tempfile.gettempdir()))
    with tempfile.TemporaryDirectory() as tmp:
        reg = Path(tmp) / path.name
        shutil.copy(path, reg)
        for run in range(runs):
            marks: list[tuple[str, float]] = []
            t0 = time.perf_counter()
            backend = ExcelBackend(reg)
            snapshot = backend.read(CHECK_FIRST_TABS)
            marks.append(("read", time.perf_counter()))

            def load_tab(name: str, backend=backend):
                return backend.read([name]).table(name)

            def step(stage: str, marks=marks) -> None:
                marks.append((stage, time.perf_counter()))

            result = run_check(snapshot, cfg, today, dt.datetime(2026, 11, 28, 8, 0), progress=step, load_tab=load_tab)
            marks.append(("(end of check)", time.perf_counter()))
            backend.write(snapshot, result.changes)
            marks.append(("write", time.perf_counter()))
            # a progress mark names the stage that starts there: each span goes to the stage it
            # starts; the last two marks close the check and the write
            spans = [("read", marks[0][1] - t0)]
            for (name, at), (_, nxt) in zip(marks[1:-2], marks[2:-1]):
                spans.append((name, nxt - at))
            spans.append(("write", marks[-1][1] - marks[-2][1]))
            total = marks[-1][1] - t0
            print(f"run {run + 1}: {total:.2f} s, {len(result.changes.cells)} cells, "
                  f"{len(result.changes.replace_tabs)} tabs replaced")
            for name, secs in spans:
                print(f"  {name:<22} {secs:6.2f} s")


if __name__ == "__main__":
    args = sys.argv[1:]
    today = dt.date.fromisoformat(args[args.index("--today") + 1]) if "--today" in args else dt.date(2026, 11, 28)
    runs = int(args[args.index("--runs") + 1]) if "--runs" in args else 2
    main(Path(args[0]), today, runs)
