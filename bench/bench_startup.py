"""Start-up of the one-date commands (issue 19): `ppid --help`, `ppid due DATE`, `ppid calendar`.

Usage: python bench/bench_startup.py [--root DIR] [--repeat R]

Each row is a whole `python -m automation ...` process (wall and CPU seconds, medians of R runs,
GNU time) beside `python -c pass`, in an empty folder (no config.toml, no register). `--root`
names the checkout to measure (default: this one), so two checkouts can be compared on the same
machine one after the other. The checkout's modules are byte-compiled first (`compileall`, as
pip does when it installs the wheel): a checkout run with PYTHONDONTWRITEBYTECODE=1 would
otherwise compile every module of its own on every start. The holidays package's tables are
cached in a fresh PPID_CACHE_DIR: the first `due` builds them ("cold"), later runs read them.
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROWS = [
    ("python -c pass", ["-c", "pass"]),
    ("ppid --help", ["-m", "automation", "--help"]),
    ("ppid due 2026-11-02", ["-m", "automation", "due", "2026-11-02"]),
    ("ppid due 2026-11-02 --category pemilu --json", ["-m", "automation", "due", "2026-11-02", "--category", "pemilu",
                                                      "--json"]),
    ("ppid calendar --year 2026", ["-m", "automation", "calendar", "--year", "2026"]),
]


def run(args: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one process."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        start = time.perf_counter()
        proc = subprocess.run(["/usr/bin/time", "-f", "%U %S", "-o", tf.name, sys.executable, *args], cwd=cwd,
                              env=env, capture_output=True, text=True)
        wall = time.perf_counter() - start
        user, system = Path(tf.name).read_text().split()[-2:]
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)}: exit {proc.returncode}\n{proc.stderr[-1500:]}")
    return wall, float(user) + float(system)


def main(root: Path, repeat: int) -> None:
    for package in ("automation", "sheets"):
        compileall.compile_dir(root / package, quiet=1)
    print(f"{root} (Python {sys.version.split()[0]}); load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}; median of {repeat}")
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "PYTHONPATH": str(root), "PPID_CACHE_DIR": str(Path(tmp) / "cache")}
        env.pop("PPID_CONFIG", None)
        wall, cpu = run(ROWS[2][1], Path(tmp), env)
        print(f"{'ppid due 2026-11-02, cold cache':46} {wall:5.2f} s wall {cpu:5.2f} s cpu")
        for label, args in ROWS:
            runs = [run(args, Path(tmp), env) for _ in range(repeat)]
            wall = statistics.median(w for w, _ in runs)
            cpu = statistics.median(c for _, c in runs)
            print(f"{label:46} {wall:5.2f} s wall {cpu:5.2f} s cpu")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--repeat", type=int, default=9)
    ns = parser.parse_args()
    main(ns.root.resolve(), ns.repeat)
