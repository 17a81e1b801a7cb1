"""Time `ppid rekap` over a province-sized folder: 552 registers x 1,000 rows (not a test).

Usage: python bench/bench_recap.py [--offices 552] [--rows 1000] [--workers N] [--fresh]

Generates the registers once into bench/out/recap-OFFICESxROWS/ (reused on later runs unless
--fresh; generation is timed separately), then runs `python -m automation rekap --folder ...
--year 2026 --json` as a process and prints its wall time, its peak memory (the largest single
process, and the whole process tree: the command, the fork server and its pool workers; sampled
from /proc every 0.1 s) and the CPU seconds of that tree. Goal (issue 18): under 60 s on the
2-core machine. On a shared machine the wall time says little; CPU seconds / cores is what an
idle machine would take.

The registers are made as a desk's would be before its first `ppid check` (toolkit columns
empty, one number in ten blank), with refusals, extensions, five objections and a local holiday.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import xlsxwriter

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_check import synthetic_rows  # noqa: E402

from sheets.layout import DIK, HOLIDAYS, OBJECTIONS, REQUESTS  # noqa: E402

TODAY = dt.date(2026, 11, 28)
REASONS = [f"Dikecualikan Pasal 17 huruf {x}" for x in "abcdefghij"] + ["Belum Dikuasai", "Syarat Tidak Lengkap"]


def office_rows(n: int, seed: int) -> list[list[object]]:
    """bench_check's synthetic rows, with refusals, extensions and blank decisions mixed in."""
    rows = synthetic_rows(n, seed=seed)
    rng = np.random.default_rng(seed + 10_000)
    idx = {c.key: i for i, c in enumerate(REQUESTS.columns)}
    for r in rows:
        if r[idx["decision"]] == "Diterima" and rng.random() < 0.12:
            r[idx["decision"]] = "Ditolak"
            r[idx["refusal_reason"]] = REASONS[int(rng.integers(0, len(REASONS)))]
            r[idx["consequence_test"]] = "UK-01/2025"
        if isinstance(r[idx["received"]], dt.date) and rng.random() < 0.05:
            r[idx["extended"]] = "Ya"
            r[idx["extension_reason"]] = "Informasi belum dikuasai/belum didokumentasikan"
            r[idx["extension_notice_date"]] = r[idx["received"]] + dt.timedelta(days=7)
    return rows


def write_register(path: Path, rows: list[list[object]], seed: int) -> None:
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    date_fmt = wb.add_format({"num_format": "dd-mm-yyyy"})
    ws = wb.add_worksheet(REQUESTS.name)
    ws.write_row(0, 0, REQUESTS.headers)
    for r, values in enumerate(rows, start=1):
        for c, v in enumerate(values):
            if isinstance(v, dt.date):
                ws.write_datetime(r, c, dt.datetime.combine(v, dt.time()), date_fmt)
            elif isinstance(v, str):
                ws.write_string(r, c, v)
    obj = wb.add_worksheet(OBJECTIONS.name)
    obj.write_row(0, 0, OBJECTIONS.headers)
    col = {c.key: i for i, c in enumerate(OBJECTIONS.columns)}
    rng = np.random.default_rng(seed)
    for k in range(1, 6):
        received = dt.date(2026, 1, 5) + dt.timedelta(days=int(rng.integers(0, 300)))
        values = {"number": f"{k:03d}/KEB/PPID/2026", "received": received, "name": f"Pemohon {k}",
                  "request_number": f"{k:06d}/PPID/2026", "information": "Salinan DPT",
                  "ground_a": "Ya"}
        if k % 2:
            values.update(decision="Ditolak", answer_date=received + dt.timedelta(days=20))
        for key, v in values.items():
            if key not in col:
                continue
            if isinstance(v, dt.date):
                obj.write_datetime(k, col[key], dt.datetime.combine(v, dt.time()), date_fmt)
            else:
                obj.write_string(k, col[key], v)
    for tab in (DIK, HOLIDAYS):
        wb.add_worksheet(tab.name).write_row(0, 0, tab.headers)
    hol = wb.get_worksheet_by_name(HOLIDAYS.name)
    hol.write_datetime(1, 0, dt.datetime(2026, 8, 18), date_fmt)
    hol.write_row(1, 1, ["Libur kantor (contoh)", "Libur Kantor"])
    wb.close()


def generate(folder: Path, offices: int, rows: int) -> float:
    folder.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    for i in range(offices):
        path = folder / f"kpu-{i + 1:03d}.xlsx"
        if not path.exists():
            write_register(path, office_rows(rows, seed=i), seed=i)
    return time.perf_counter() - t


def _tree(pid: int) -> list[int]:
    """`pid` and all its descendants (Linux /proc)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo.extend(int(x) for x in f.read().split())
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return out


def _rss_and_cpu(pid: int) -> tuple[int, float]:
    """Resident memory (bytes) and CPU seconds (user + system) of one process."""
    rss = 0
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1]) * 1024
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (FileNotFoundError, ProcessLookupError, PermissionError, IndexError):
        return rss, 0.0
    return rss, cpu


def run(folder: Path, workers: int | None) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = folder.parent / (folder.name + "-out")
    cmd = [sys.executable, "-m", "automation", "rekap", "--folder", str(folder), "--year", "2026",
           "--today", TODAY.isoformat(), "--json", "--out", str(out)]
    if workers:
        cmd += ["--workers", str(workers)]
    peak = largest_rss = 0
    cpu_of: dict[int, float] = {}  # CPU seconds of every process of the tree, as last seen
    load_before = os.getloadavg()
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=folder.parent, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak, largest_rss
        while not done.is_set():
            total = 0
            for p in _tree(proc.pid):
                rss, cpu = _rss_and_cpu(p)
                total += rss
                largest_rss = max(largest_rss, rss)
                cpu_of[p] = max(cpu_of.get(p, 0.0), cpu)
            peak = max(peak, total)
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = proc.communicate()
    done.set()
    wall = time.perf_counter() - t
    sampler.join()
    if proc.returncode not in (0, 1):
        print(stderr[-2000:])
        raise SystemExit(f"ppid rekap failed with exit code {proc.returncode}")
    data = json.loads(stdout)
    largest = max(largest_rss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024) / 2**20
    cpu = sum(cpu_of.values())  # sampled every 0.1 s: the last tenth of a second of each process is missed
    total = data["total"]
    print(f"ppid rekap: {data['offices_counted']}/{data['offices_total']} offices, {total['rows']:,} rows, "
          f"received {total['received']:,}, finished {total['finished']:,}")
    print(f"  wall time {wall:6.1f} s; peak memory: largest process {largest:.0f} MB, "
          f"whole process tree {peak / 2**20:.0f} MB; {os.cpu_count()} cores")
    print(f"  CPU time of all its processes {cpu:6.1f} s (on an idle {os.cpu_count()}-core machine the wall time "
          f"is about {cpu / (os.cpu_count() or 1):.0f} s); load average before/after "
          f"{load_before[0]:.1f}/{os.getloadavg()[0]:.1f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--offices", type=int, default=552)
    ap.add_argument("--rows", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=None)
    ap.add_argument("--fresh", action="store_true", help="generate the registers again")
    args = ap.parse_args()
    folder = ROOT / "bench" / "out" / f"recap-{args.offices}x{args.rows}"
    if args.fresh and folder.exists():
        shutil.rmtree(folder)
    took = generate(folder, args.offices, args.rows)
    print(f"registers in {folder} ({args.offices} x {args.rows:,} rows): generated in {took:.1f} s")
    run(folder, args.workers)


if __name__ == "__main__":
    main()
