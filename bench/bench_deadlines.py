"""Time the whole-column deadline computation on a synthetic register (not a test).

Usage: python bench/bench_deadlines.py [ROWS]   (default 100000)
"""

from __future__ import annotations

import datetime as dt
import sys
import time

import numpy as np

from automation.rules.calendar import CalendarOptions, WorkCalendar
from automation.rules.deadlines import compute_deadlines, trace_column


def synthetic_register(rows: int, seed: int = 3) -> dict[str, object]:
    rng = np.random.default_rng(seed)
    received = np.datetime64("2024-01-01") + rng.integers(0, 3 * 365, rows).astype("timedelta64[D]")
    notice = received + rng.integers(0, 25, rows).astype("timedelta64[D]")
    notice[rng.random(rows) < 0.3] = np.datetime64("NaT")
    extended = rng.random(rows) < 0.1
    ext_dates = received + rng.integers(5, 16, rows).astype("timedelta64[D]")
    minutes = rng.integers(7 * 60, 17 * 60, rows)
    return {
        "received": received,
        "received_times": [dt.time(int(m) // 60, int(m) % 60) for m in minutes],
        "election": rng.random(rows) < 0.2,
        "extended": extended,
        "extension_dates": np.where(extended, ext_dates, np.datetime64("NaT")),
        "extension_reasons": ["belum didokumentasikan" if e else None for e in extended],
        "notice_dates": notice,
    }


def main(rows: int = 100_000) -> None:
    t0 = time.perf_counter()
    cal = WorkCalendar.build(CalendarOptions(cutoff=dt.time(15, 0)))
    t1 = time.perf_counter()
    data = synthetic_register(rows)
    t2 = time.perf_counter()
    cols = compute_deadlines(cal=cal, today=dt.date(2026, 11, 28), **data)  # type: ignore[arg-type]
    t3 = time.perf_counter()
    received = [d.item() for d in data["received"]]  # type: ignore[union-attr]
    t4 = time.perf_counter()
    trace_column(received, cal, election=data["election"], extended=data["extended"])  # type: ignore[arg-type]
    t5 = time.perf_counter()
    print(f"calendar build                 : {t1 - t0:6.3f} s")
    print(f"deadline columns, {rows:,} rows : {t3 - t2:6.3f} s  ({int(cols.late.sum()):,} late)")
    print(f"Jejak Perhitungan, {rows:,} rows: {t5 - t4:6.3f} s  (text per distinct receipt)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
