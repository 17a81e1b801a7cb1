"""Time `ppid check` as a whole process on synthetic 10k and 100k-row registers (not a test).

Usage: python bench/bench_check.py [ROWS ...]   (default 10000 100000)
Goal on the desk computer: 10k rows under 3 s, 100k under 15 s. Also times `run_check` alone
on an in-memory snapshot, to separate the job from reading and writing the .xlsx.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import xlsxwriter

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from automation.check.job import run_check  # noqa: E402
from automation.rules.config import default_config  # noqa: E402
from sheets.layout import DIK, HOLIDAYS, REQUESTS  # noqa: E402
from sheets.memory import MemoryBackend  # noqa: E402

TODAY = dt.date(2026, 11, 28)
CHANNELS = ("Datang Langsung", "Surat", "Email", "WhatsApp")
INFO = ("Salinan DPT Kecamatan {k}", "Anggaran hibah Pilkada {k}", "Rekam medis anggota PPK {k}",
        "Daftar calon terpilih {k}", "Hasil rekapitulasi suara TPS {k}")


def synthetic_rows(n: int, seed: int = 4) -> list[list[object]]:
    rng = np.random.default_rng(seed)
    start = dt.date(2024, 1, 2)
    idx = {c.key: i for i, c in enumerate(REQUESTS.columns)}
    rows = []
    for i in range(n):
        r: list[object] = [None] * len(REQUESTS.columns)
        received = start + dt.timedelta(days=int(rng.integers(0, 1060)))
        r[idx["number"]] = f"{i + 1:06d}/PPID/{received.year}" if rng.random() < 0.9 else None
        r[idx["received"]] = received
        r[idx["channel"]] = CHANNELS[i % 4]
        r[idx["requester_type"]] = "Perorangan"
        r[idx["name"]] = f"Pemohon {i}"
        r[idx["identity"]] = f"1503{int(rng.integers(10, 99))}4101{90 + i % 9:02d}{i % 9999 + 1:04d}"
        r[idx["phone"]] = f"0812{int(rng.integers(1000000, 9999999))}"
        r[idx["information"]] = INFO[i % 5].format(k=i % 300)
        r[idx["purpose"]] = "Penelitian"
        if rng.random() < 0.7:
            r[idx["decision"]] = "Diterima"
            r[idx["holding"]] = "Dikuasai"
            r[idx["access_method"]] = "Mendapatkan Salinan"
            r[idx["copy_method"]] = "Email"
            r[idx["form"]] = "Softcopy"
            r[idx["notice_date"]] = min(received + dt.timedelta(days=int(rng.integers(1, 20))), TODAY)
            r[idx["supervised"]] = "Ya" if rng.random() < 0.8 else None
        if rng.random() < 0.02:
            r[idx["received"]] = "31-02-2026"
        rows.append(r)
    return rows


def write_xlsx(path: Path, rows: list[list[object]]) -> None:
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
    for tab in (DIK, HOLIDAYS):
        wb.add_worksheet(tab.name).write_row(0, 0, tab.headers)
    dik = wb.get_worksheet_by_name(DIK.name)
    dik.write_row(1, 0, ["DIK-01", "Rekam medis", "huruf h", "UK-01/2025", "", "", "rekam medis; riwayat kesehatan"])
    wb.close()


def time_job(rows: list[list[object]]) -> float:
    backend = MemoryBackend({REQUESTS.name: [list(REQUESTS.headers), *rows],
                             DIK.name: [list(DIK.headers)], HOLIDAYS.name: [list(HOLIDAYS.headers)]})
    snap = backend.read()
    t = time.perf_counter()
    run_check(snap, default_config(), TODAY, dt.datetime(2026, 11, 28, 7, 0))
    return time.perf_counter() - t


def time_process(path: Path) -> list[float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "automation", "check", "--register", str(path), "--today", TODAY.isoformat()]
    times = []
    for _ in range(2):  # first run writes everything, second run is the daily steady state
        t = time.perf_counter()
        proc = subprocess.run(cmd, cwd=path.parent, env=env, capture_output=True, text=True)
        times.append(time.perf_counter() - t)
        if proc.returncode not in (0, 1):
            print(proc.stderr[-2000:])
            raise SystemExit(f"ppid check failed with exit code {proc.returncode}")
    return times


def main(sizes: list[int]) -> None:
    has_excel = importlib.util.find_spec("sheets.excel") is not None
    for n in sizes:
        rows = synthetic_rows(n)
        print(f"run_check alone, {n:,} rows: {time_job(rows):6.2f} s")
        if not has_excel:
            print("  (sheets.excel belum ada: proses ppid check dilewati)")
            continue
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"register-{n}.xlsx"
            write_xlsx(path, rows)
            first, second = time_process(path)
            print(f"ppid check process, {n:,} rows: first run {first:6.2f} s, second run {second:6.2f} s")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10_000, 100_000])
