"""`ppid check` on a register whose sheet XML is 10x larger than its data (not a test).

Usage: python bench/bench_bloated.py [ROWS ...]   (default 10000 30000)

A register saved by some tools, or padded by a hostile hand, carries megabytes of whitespace
between rows and cells and thousands of unused styles. The same synthetic register as
bench_check.py is written plain, then copied with whitespace between every row and every
cell (and 20,000 unused cell formats in styles.xml) until its request sheet's XML is ten
times the plain one. Both are checked as a whole `ppid check` process (first run: every
toolkit cell written; second run: the daily case). Goal (issue 12): the bloated register
stays within 2x of the plain one.
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_check import TODAY, synthetic_rows, write_xlsx  # noqa: E402

from sheets.xlsx_package import Package  # noqa: E402

FACTOR = 10


def time_process(path: Path) -> list[float]:
    """CPU seconds (user + system) of two `ppid check` processes on `path`: the first run writes
    every toolkit cell, the second is the daily case. CPU time, not wall time: the figure must
    not depend on what else the (shared) machine is doing."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "automation", "check", "--register", str(path), "--today", TODAY.isoformat()]
    out = []
    for _ in range(2):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        proc = subprocess.run(cmd, cwd=path.parent, env=env, capture_output=True, text=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if proc.returncode not in (0, 1) or "sel ditulis" not in proc.stdout:
            print(proc.stdout[-1000:], proc.stderr[-2000:])
            raise SystemExit(f"ppid check failed with exit code {proc.returncode}")
        out.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return out


def bloat(plain: Path, out: Path, factor: int = FACTOR) -> tuple[int, int]:
    """Copy `plain` to `out` with the request sheet's XML padded to `factor` x its size.
    Returns (plain size, bloated size) of that part, uncompressed."""
    with Package(str(plain)) as pkg:
        part = pkg.sheets[0].part
    with zipfile.ZipFile(plain) as z:
        members = [(i, z.read(i.filename)) for i in z.infolist()]
    xml = dict((i.filename, d) for i, d in members)[part]
    rows = xml.count(b"<row ")
    cells = xml.count(b"<c ")
    extra = (factor - 1) * len(xml)
    per_gap = max(1, extra // (rows + cells))
    gap = b"\n" + b" " * (per_gap - 1)
    bloated = re.sub(rb"(</row>|</c>|<c [^>]*/>)", lambda m: m.group(1) + gap, xml)
    bloated += b" " * max(0, factor * len(xml) - len(bloated))
    styles = [f'<xf numFmtId="{164 + i % 40}" fontId="0" fillId="0" borderId="0" applyNumberFormat="1"/>'
              for i in range(20_000)]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in members:
            if info.filename == part:
                data = bloated
            elif info.filename == "xl/styles.xml":  # 20,000 cell formats no cell uses
                data = data.replace(b"</cellXfs>", "".join(styles).encode() + b"</cellXfs>")
                data = re.sub(rb'(<cellXfs\b[^>]*\bcount=")(\d+)"',
                              lambda m: m.group(1) + str(int(m.group(2)) + len(styles)).encode() + b'"', data)
            z.writestr(info, data)
    return len(xml), len(bloated)


def main(sizes: list[int]) -> None:
    for n in sizes:
        rows = synthetic_rows(n)
        with tempfile.TemporaryDirectory() as tmp:
            plain = Path(tmp) / "plain" / "register-ppid.xlsx"
            fat = Path(tmp) / "bloated" / "register-ppid.xlsx"
            plain.parent.mkdir()
            fat.parent.mkdir()
            write_xlsx(plain, rows)
            small, big = bloat(plain, fat)
            runs = {"plain": [], "bloated": []}
            for _ in range(2):  # alternate, keep the best of each: the machine is shared
                for name, path in (("plain", plain), ("bloated", fat)):
                    for f in path.parent.glob("*"):
                        if f != path and f.is_file():
                            f.unlink()
                    runs[name].append(time_process(path))
                    if name == "plain":
                        write_xlsx(plain, rows)
                    else:
                        bloat(plain, fat)
            p1, p2 = (min(r[i] for r in runs["plain"]) for i in (0, 1))
            b1, b2 = (min(r[i] for r in runs["bloated"]) for i in (0, 1))
            print(f"{n:,} rows: sheet XML {small / 1e6:.1f} MB plain, {big / 1e6:.1f} MB bloated ({big / small:.1f}x)")
            print(f"  ppid check, first run:  plain {p1:6.2f} s, bloated {b1:6.2f} s CPU ({b1 / p1:.2f}x)")
            print(f"  ppid check, second run: plain {p2:6.2f} s, bloated {b2:6.2f} s CPU ({b2 / p2:.2f}x)")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10_000, 30_000])
