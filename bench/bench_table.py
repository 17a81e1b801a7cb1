"""Issue 19's table in one run: each command beside its floor, with the ratio (not a test).

Usage: python bench/bench_table.py [--quick] [--repeat R]

Rows (every command is a whole `python -m automation ...` process, as a clerk runs it):
  check, first run (writes every toolkit cell) + peak memory   floor: calamine read + zip copy
  check, daily run (second run on the same day: ~0 cells)      floor: calamine read + zip copy
  check, later runs (third and on: toolkit tabs not read back)  floor: calamine read + zip copy
  check, next day (the date moves: days left, statuses and both toolkit tabs change; not in
    the issue's table, but what a scheduled daily run on an untouched register costs)
                                                               floor: calamine read + zip copy
  check 10k rows, daily run                                    floor: calamine read + zip copy
  ppid --help, ppid due DATE                                   floor: python -c pass
  ppid notices, 200 letters (.docx + .txt)                     floor: a plain docxtpl loop
  ppid report --month (register tab + workbook + letter)       floor: calamine read + zip copy
then one scaling line per command (1k, 10k, 100k rows; 20 and 200 letters).

The floor "calamine read + zip copy" is the least any job that reads and rewrites the register
can do: every tab read by python-calamine, every zip member copied as stored into a new file.
--quick uses 10k rows where the table says 100k (scaling 1k, 10k): a few minutes on 2 cores.
Each figure is the median of --repeat runs (default 1; the machine is shared, so say its load),
wall time with the process's CPU seconds (user + system, from GNU time) beside it.
Registers come from bench/bench_check.py's generator (same seed, same rows).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

# An installed wheel is byte-compiled by pip; a checkout run with PYTHONDONTWRITEBYTECODE (set on
# some machines) would compile every module of ours on each start. The bench measures the former:
# main() compiles the checkout's packages in place (__pycache__, ignored by git) before measuring.
# (Not PYTHONPYCACHEPREFIX: it moves the bytecode of the standard library and every installed
# package too, so the first command measured would compile all of them.)
ENV = {**{k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")},
       "PYTHONPATH": str(ROOT)}
PPID = [sys.executable, "-m", "automation"]
TODAY = "2026-11-28"
NEXT_DAY = "2026-12-01"  # TODAY is a Saturday: the next working day
LETTERS_TODAY = "2027-01-04"


class Fig(float):
    """Median wall seconds, carrying the median CPU seconds (user + system) as `.cpu`: on a
    shared, loaded machine the CPU time says more than the wall time."""

    cpu: float = float("nan")


def fig(wall: float, cpu: float) -> Fig:
    f = Fig(wall)
    f.cpu = cpu
    return f


def fmt(x: float) -> str:
    return f"{x:.2f} s (cpu {x.cpu:.2f} s)" if isinstance(x, Fig) else f"{x:.2f} s"


def run(cmd: list[str], cwd: Path, ok: tuple[int, ...] = (0, 1)) -> tuple[float, float, float]:
    """Wall seconds, peak RSS (MiB) and CPU seconds of one process, measured by GNU time."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        t = time.perf_counter()
        proc = subprocess.run(["/usr/bin/time", "-f", "%M %U %S", "-o", tf.name, *cmd], cwd=cwd, env=ENV,
                              capture_output=True, text=True)
        wall = time.perf_counter() - t
        last = Path(tf.name).read_text().strip().splitlines()[-1].split()
    if proc.returncode not in ok:
        print(proc.stdout[-1500:], proc.stderr[-1500:])
        raise SystemExit(f"{' '.join(cmd)} failed with exit code {proc.returncode}")
    return wall, int(last[0]) / 1024, float(last[1]) + float(last[2])


def median_run(cmd: list[str], cwd: Path, repeat: int, before=None) -> tuple[Fig, float]:
    walls, peaks, cpus = [], [], []
    for _ in range(repeat):
        if before:
            before()
        w, m, c = run(cmd, cwd)
        walls.append(w)
        peaks.append(m)
        cpus.append(c)
    return fig(statistics.median(walls), statistics.median(cpus)), max(peaks)


def floor_io(path: Path) -> None:
    """The floor of a read-and-rewrite job: calamine reads every tab, every zip member is copied."""
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path))
    for name in wb.sheet_names:
        wb.get_sheet_by_name(name).to_python()
    from sheets.xlsx_package import PackageWriter

    out = path.with_suffix(".copy.xlsx")
    # every member copied as stored (no inflate/deflate), as the writer copies untouched parts
    with zipfile.ZipFile(path) as src, open(path, "rb") as raw, open(out, "wb") as dst:
        writer = PackageWriter(dst)
        for info in src.infolist():
            writer.copy_raw(raw, info)
        writer.close()
    out.unlink()


def floor_docxtpl(outdir: Path, letters: int) -> None:
    """A plain docxtpl loop: the same templates, every placeholder filled with text, saved."""
    from docxtpl import DocxTemplate

    from automation.letters.render import KINDS, template_path

    paths = [template_path(k) for k in KINDS]
    names = {p: DocxTemplate(p).get_undeclared_template_variables() for p in paths}
    outdir.mkdir(parents=True, exist_ok=True)
    for i in range(letters):
        p = paths[i % len(paths)]
        tpl = DocxTemplate(p)
        tpl.render({n: f"teks {i}" for n in names[p]})
        tpl.save(outdir / f"surat-{i}.docx")


def make_register(path: Path, rows: int) -> None:
    from bench_check import synthetic_rows, write_xlsx

    write_xlsx(path, synthetic_rows(rows))


def make_letters_register(path: Path, letters: int) -> None:
    import datetime as dt

    import xlsxwriter
    from bench_letters import synthetic_rows

    from sheets.layout import LETTERS, REQUESTS

    wb = xlsxwriter.Workbook(str(path))
    date_fmt = wb.add_format({"num_format": "dd-mm-yyyy"})
    ws = wb.add_worksheet(REQUESTS.name)
    ws.write_row(0, 0, REQUESTS.headers)
    for r, values in enumerate(synthetic_rows(letters), start=1):
        for c, v in enumerate(values):
            if isinstance(v, dt.date):
                ws.write_datetime(r, c, dt.datetime.combine(v, dt.time()), date_fmt)
            elif v is not None:
                ws.write(r, c, v)
    wb.add_worksheet(LETTERS.name).write_row(0, 0, LETTERS.headers)
    wb.close()


def office_config(work: Path) -> None:
    """config.toml in the work folder: the shipped example with named signatories (letters and
    reports refuse the example's placeholder officials)."""
    from automation.cli.config_cmd import set_values
    from automation.rules.bundled import example_config_text

    (work / "config.toml").write_text(set_values(example_config_text(), {
        ("officials.ppid", "name"): "Rina Marlina, S.H.", ("officials.ppid", "nip"): "198702142011012003",
        ("officials.superior", "name"): "Drs. Ahmad Yani, M.Si.", ("officials.superior", "nip"): "197001011995031002",
    }), encoding="utf-8")


def py_floor(fn: str, *args: str) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), f"--floor-{fn}", *args]


class Table:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str]] = []

    def add(self, what: str, now: Fig, floor: Fig | None, peak: float | None = None) -> None:
        text = fmt(now) + (f", {peak:.0f} MiB" if peak is not None else "")
        ratio = f"{now / floor:.1f}x (cpu {now.cpu / floor.cpu:.1f}x)" if floor else "-"
        self.rows.append((what, text, fmt(floor) if floor else "-", ratio))
        print(f"  {what}: {text} (floor {self.rows[-1][2]}, {ratio})", flush=True)

    def show(self) -> None:
        print("\n| | now | floor | ratio |\n|---|---|---|---|")
        for r in self.rows:
            print(f"| {r[0]} | {r[1]} | {r[2]} | {r[3]} |")


def main(quick: bool, repeat: int) -> None:
    sizes = [1_000, 10_000] if quick else [1_000, 10_000, 100_000]
    big = sizes[-1]
    subprocess.run([sys.executable, "-m", "compileall", "-q", "automation", "sheets"], cwd=ROOT, env=ENV, check=True)
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; repeat {repeat}", flush=True)
    table = Table()
    scaling: dict[str, list[str]] = {"check first": [], "check daily": [], "check later": [], "check next day": [],
                                     "report month": [], "calamine+zip floor": []}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for n in sizes:
            work = tmp / f"r{n}"
            work.mkdir()
            office_config(work)
            reg = work / f"register-{n}.xlsx"
            make_register(reg, n)
            pristine = work / "pristine.xlsx"
            shutil.copy(reg, pristine)
            floor, _ = median_run(py_floor("io", str(reg)), work, repeat)
            check = [*PPID, "check", "--register", str(reg), "--today", TODAY]
            first, peak = median_run(check, work, repeat, before=lambda p=pristine, r=reg: shutil.copy(p, r))
            daily, _ = median_run(check, work, repeat)
            # the toolkit tabs are trusted by their fingerprints once a run has seen them unchanged
            # (issue 19): the second run compares them, later runs on an untouched file do not
            later, _ = median_run(check, work, repeat, before=lambda c=check, w=work: run(c, w))
            settled = work / "settled.xlsx"  # checked on TODAY; each next-day run starts from it
            shutil.copy(reg, settled)
            next_day, _ = median_run([*PPID, "check", "--register", str(reg), "--today", NEXT_DAY], work, repeat,
                                     before=lambda s=settled, r=reg: shutil.copy(s, r))
            shutil.copy(settled, reg)
            floor_after, _ = median_run(py_floor("io", str(reg)), work, repeat)
            report, _ = median_run([*PPID, "report", "--register", str(reg), "--month", "2026-10", "--no-pdf",
                                    "--today", TODAY], work, repeat)
            scaling["check first"].append(f"{n // 1000}k {fmt(first)} / {peak:.0f} MiB")
            scaling["check daily"].append(f"{n // 1000}k {fmt(daily)}")
            scaling["check later"].append(f"{n // 1000}k {fmt(later)}")
            scaling["check next day"].append(f"{n // 1000}k {fmt(next_day)}")
            scaling["report month"].append(f"{n // 1000}k {fmt(report)}")
            scaling["calamine+zip floor"].append(f"{n // 1000}k {fmt(floor_after)}")
            if n == big:
                table.add(f"`ppid check` {n // 1000}k rows, first run", first, floor, peak)
                table.add(f"`ppid check` {n // 1000}k rows, daily run", daily, floor_after)
                table.add(f"`ppid check` {n // 1000}k rows, later runs", later, floor_after)
                table.add(f"`ppid check` {n // 1000}k rows, next day", next_day, floor_after)
                big_report, big_floor = report, floor_after
            if n == 10_000 and big != 10_000:
                table.add("`ppid check` 10k rows, daily", daily, floor_after)
            shutil.rmtree(work)
        base, _ = median_run([sys.executable, "-c", "pass"], tmp, max(repeat, 3))
        helped, _ = median_run([*PPID, "--help"], tmp, max(repeat, 3))
        due, _ = median_run([*PPID, "due", "2026-11-02"], tmp, max(repeat, 3))
        table.add("`ppid --help`", helped, base)
        table.add("`ppid due DATE`", due, base)
        notices_line = []
        for letters in (20, 200):
            work = tmp / f"l{letters}"
            work.mkdir()
            office_config(work)
            reg = work / "register.xlsx"
            make_letters_register(reg, letters)
            pristine = work / "pristine.xlsx"
            shutil.copy(reg, pristine)

            def reset(work=work, reg=reg, pristine=pristine) -> None:
                shutil.copy(pristine, reg)
                shutil.rmtree(work / "surat", ignore_errors=True)

            notices, _ = median_run([*PPID, "notices", "--register", str(reg), "--today", LETTERS_TODAY], work,
                                    repeat, before=reset)
            made = len(list((work / "surat").rglob("*.docx")))
            floor, _ = median_run(py_floor("docxtpl", str(work / "plain"), str(made)), work, repeat)
            notices_line.append(f"{made} letters {fmt(notices)}, docxtpl loop {fmt(floor)}")
            if letters == 200:
                table.add(f"`ppid notices`, {made} letters", notices, floor)
            shutil.rmtree(work)
        table.add(f"`ppid report` {big // 1000}k rows", big_report, big_floor)
    table.show()
    print("\nscaling:")
    for name, cells in scaling.items():
        print(f"  {name}: " + "; ".join(cells))
    print("  notices: " + "; ".join(notices_line))
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--floor-io":
        floor_io(Path(sys.argv[2]))
    elif len(sys.argv) > 1 and sys.argv[1] == "--floor-docxtpl":
        floor_docxtpl(Path(sys.argv[2]), int(sys.argv[3]))
    else:
        args = sys.argv[1:]
        rep = int(args[args.index("--repeat") + 1]) if "--repeat" in args else 1
        main("--quick" in args, rep)
