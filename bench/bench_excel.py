"""Excel backend benchmark: read, and write 10 toolkit columns on every row, of synthetic registers.

    python bench/bench_excel.py [--sizes 1000,10000,100000] [--openpyxl] [--rewrite]

Each size runs in its own process so the peak memory (ru_maxrss) is that size's alone.
Registers are written to bench/out/ (ignored by ruff, not committed).
Goal (DESIGN.md): 100k rows read + written in under 8 s and 600 MB.
--rewrite also times a second run that changes every one of those toolkit cells (the cells
now exist, so they are overwritten rather than added); its peak is the process's, both runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import xlsxwriter  # noqa: E402

from sheets.layout import REQUESTS  # noqa: E402

OUT = ROOT / "bench" / "out"
TOOLKIT_KEYS = ("due", "due_extended", "remaining", "days_taken", "status", "flags", "findings", "trace",
                "objection_deadline", "checked")


def make_register(path: Path, rows: int) -> None:
    """A register with `rows` staff rows in every staff column (toolkit columns empty)."""
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet(REQUESTS.name)
    date_fmt = wb.add_format({"num_format": "dd-mm-yyyy"})
    ws.write_row(0, 0, REQUESTS.headers)
    start = dt.date(2024, 1, 1)
    for r in range(1, rows + 1):
        for c, column in enumerate(REQUESTS.columns):
            if column.is_toolkit:
                continue
            if column.key == "number":
                ws.write_string(r, c, f"{r:06d}/PPID/2026")
            elif column.type == "date":
                ws.write_datetime(r, c, dt.datetime.combine(start + dt.timedelta(days=r % 900), dt.time()), date_fmt)
            elif column.type in ("number", "money"):
                ws.write_number(r, c, r % 50000)
            elif column.type in ("id", "phone"):
                ws.write_string(r, c, f"0{1503000000000000 + r}")
            elif column.type == "time":
                continue
            else:
                ws.write_string(r, c, f"{column.header[:10]} {r % 997}")
    wb.close()


def child(path: Path, rows: int, rewrite: bool = False) -> dict[str, float]:
    from sheets.excel import ExcelBackend
    from sheets.model import CellWrite, WriteSet

    backend = ExcelBackend(path, backup_dir=OUT / "cadangan", keep_backups=1)
    out: dict[str, float] = {"rows": rows}
    for run, shift in enumerate((0, 1) if rewrite else (0,)):
        t0 = time.perf_counter()
        snap = backend.read([REQUESTS.name])
        t1 = time.perf_counter()
        table = snap.table(REQUESTS.name)
        assert table is not None and len(table.rows) == rows
        key = table.index("No. Pendaftaran")
        today = dt.date(2026, 11, 28 - shift)
        cells = []
        for n, row in zip(table.row_numbers, table.rows):
            match = (("No. Pendaftaran", row[key]),)
            for k in TOOLKIT_KEYS:
                column = REQUESTS.column(k)
                value: object = {"date": today, "number": (n + shift) % 17 - 5}.get(column.type,
                                                                                     f"{column.header} {n + shift}")
                cells.append(CellWrite(REQUESTS.name, n, column.header, value, match))  # type: ignore[arg-type]
        t2 = time.perf_counter()
        report = backend.write(snap, WriteSet(cells=cells))
        t3 = time.perf_counter()
        assert report.cells_written == rows * len(TOOLKIT_KEYS), report.cells_written
        suffix = "2" if run else ""
        out.update({f"read{suffix}_s": t1 - t0, f"plan{suffix}_s": t2 - t1, f"write{suffix}_s": t3 - t2})
        out["size_mb"] = path.stat().st_size / 1e6
        out[f"peak{suffix}_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        del snap, table, cells
    return out


def child_openpyxl(path: Path) -> dict[str, float]:
    import openpyxl

    t0 = time.perf_counter()
    wb = openpyxl.load_workbook(path)
    t1 = time.perf_counter()
    wb.save(path.with_name("openpyxl-" + path.name))
    t2 = time.perf_counter()
    return {"load_s": t1 - t0, "save_s": t2 - t1, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--openpyxl", action="store_true", help="also time openpyxl load+save on 10k rows")
    parser.add_argument("--rewrite", action="store_true", help="also time a second run changing every toolkit cell")
    parser.add_argument("--child", nargs=3, metavar=("PATH", "ROWS", "REWRITE"), help=argparse.SUPPRESS)
    parser.add_argument("--child-openpyxl", metavar="PATH", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(Path(args.child[0]), int(args.child[1]), args.child[2] == "1")))
        return
    if args.child_openpyxl:
        print(json.dumps(child_openpyxl(Path(args.child_openpyxl))))
        return
    OUT.mkdir(parents=True, exist_ok=True)
    print(f"{'rows':>8} {'file MB':>8} {'read s':>7} {'plan s':>7} {'write s':>8} {'total s':>8} {'peak MB':>8}")
    for rows in (int(s) for s in args.sizes.split(",")):
        path = OUT / f"register-{rows}.xlsx"
        path.unlink(missing_ok=True)
        make_register(path, rows)
        done = subprocess.run([sys.executable, __file__, "--child", str(path), str(rows), "1" if args.rewrite else "0"],
                              check=True, capture_output=True, text=True)
        r = json.loads(done.stdout.strip().splitlines()[-1])
        total = r["read_s"] + r["write_s"]
        print(f"{rows:>8} {r['size_mb']:>8.1f} {r['read_s']:>7.2f} {r['plan_s']:>7.2f} {r['write_s']:>8.2f} "
              f"{total:>8.2f} {r['peak_mb']:>8.0f}")
        if args.rewrite:
            total = r["read2_s"] + r["write2_s"]
            print(f"{'rewrite':>8} {'':>8} {r['read2_s']:>7.2f} {r['plan2_s']:>7.2f} {r['write2_s']:>8.2f} "
                  f"{total:>8.2f} {r['peak2_mb']:>8.0f}")
    if args.openpyxl:
        path = OUT / "register-openpyxl-10000.xlsx"
        path.unlink(missing_ok=True)
        make_register(path, 10000)
        done = subprocess.run([sys.executable, __file__, "--child-openpyxl", str(path)],
                              check=True, capture_output=True, text=True)
        r = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"openpyxl 10000 rows: load {r['load_s']:.2f} s, save {r['save_s']:.2f} s, peak {r['peak_mb']:.0f} MB")


if __name__ == "__main__":
    main()
