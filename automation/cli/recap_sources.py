"""Reading many offices' registers for `ppid rekap`: a folder through a process pool, Google
Sheets one by one within a per-minute read budget, resuming where a stopped run left off.

Every register is opened read-only (ExcelBackend.read / GoogleBackend.read); its figures are
computed by `automation.reports.recap.recap_office` on an in-memory copy. A register that cannot
be read or checked becomes an "unusable" office with the reason; it never stops the recap.
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from automation.reports.recap import (
    MISSING,
    NOT_READ,
    OK,
    RECAP_TABS,
    OfficeResult,
    OfficeSource,
    RecapPeriod,
    recap_office,
    unusable,
)
from automation.rules.config import Config
from automation.rules.errors import message_for
from sheets.errors import RegisterError
from sheets.gc_pause import gc_paused

REGISTER_SUFFIXES = (".xlsx", ".xlsm", ".xls")  # an old .xls is listed as unusable, with why
QUOTA_STOPPED = "kuota/layanan Google sedang penuh; jalankan lagi perintah yang sama untuk melanjutkan"
REQUESTS_PER_READ = 2  # one metadata call and one values.batchGet for a register of normal size


def offices_from_config(cfg: Config) -> list[OfficeSource]:
    return [OfficeSource(o.name, o.code, o.source, o.google) for o in cfg.rekap.offices]


def offices_from_folder(folder: Path, known: Sequence[OfficeSource] = ()) -> list[OfficeSource]:
    """One office per .xlsx/.xlsm/.xls in `folder` (not in subfolders), named after the file, except
    files already listed in the config. Excel/LibreOffice lock files are skipped."""
    listed = {Path(o.source).resolve() for o in known if not o.google}
    out = []
    for p in sorted(folder.iterdir()):
        if not p.is_file() or p.suffix.lower() not in REGISTER_SUFFIXES or p.name.startswith(("~$", ".~lock", ".")):
            continue
        if p.resolve() in listed:
            continue
        out.append(OfficeSource(p.stem, p.stem, str(p.resolve())))
    return out


def unique_codes(offices: Iterable[OfficeSource]) -> list[OfficeSource]:
    """Codes made unique (a folder may hold "a.xlsx" and "a.xlsm"): the second gets " (2)"."""
    seen: dict[str, int] = {}
    out = []
    for o in offices:
        n = seen.get(o.code, 0) + 1
        seen[o.code] = n
        out.append(o if n == 1 else OfficeSource(o.name, f"{o.code} ({n})", o.source, o.google))
    return out


# --- one Excel register (runs in a worker process) ---------------------------------------------

@dataclass(frozen=True)
class Job:
    config: Config
    period: RecapPeriod
    today: dt.date
    now: dt.datetime


def recap_file(office: OfficeSource, job: Job) -> OfficeResult:
    """Read one .xlsx read-only and compute its figures; every failure becomes an unusable office."""
    from sheets.excel import ExcelBackend

    path = Path(office.source)
    if not path.exists():
        return unusable(office, f"berkas register tidak ada: {path.name}", MISSING)
    # one register's short-lived, acyclic objects: see sheets.gc_pause (paused per register)
    with gc_paused():
        try:
            snapshot = ExcelBackend(path).read(RECAP_TABS)
            return recap_office(snapshot, office, job.config, job.period, job.today, job.now)
        except RegisterError as e:
            return unusable(office, e.message)
        except Exception as e:  # noqa: BLE001 - one damaged register must not stop a province's recap
            return unusable(office, f"register tidak dapat diolah ({type(e).__name__}); periksa berkasnya di Excel")


_JOB: Job | None = None


def _init_worker(job: Job) -> None:
    global _JOB
    _JOB = job


def _work(office: OfficeSource) -> OfficeResult:
    assert _JOB is not None
    return recap_file(office, _JOB)


def recap_files(offices: Sequence[OfficeSource], job: Job, workers: int,
                advance: Callable[[OfficeResult], None]) -> list[OfficeResult]:
    """Every file through a process pool (`workers` processes; 1 = in this process)."""
    if workers <= 1 or len(offices) <= 1:
        results = []
        for o in offices:
            results.append(recap_file(o, job))
            advance(results[-1])
        return results
    # Not "fork": the progress bar's refresh thread is running, and forking a process with
    # threads can copy a held lock into the child. The fork server starts clean and forks
    # workers with this module already imported.
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["automation.cli.recap_sources"])
    else:
        context = multiprocessing.get_context("spawn")
    by_code: dict[str, OfficeResult] = {}
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker,
                             initargs=(job,)) as pool:
        futures = {pool.submit(_work, o): o for o in offices}
        for future in as_completed(futures):
            office = futures[future]
            try:
                result = future.result()
            except Exception as e:  # noqa: BLE001 - a worker that died (out of memory, killed)
                result = unusable(office, f"pengolahan terhenti ({type(e).__name__})")
            by_code[office.code] = result
            advance(result)
    return [by_code[o.code] for o in offices]


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


# --- Google Sheets: a per-minute budget, backoff in the client, resume ------------------------

@dataclass
class ReadBudget:
    """At most `per_minute` Sheets API requests in any 60 seconds: waits (sleeps) before a read
    that would go over. The client's own retry with backoff handles a 429 that comes anyway."""

    per_minute: int
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    sent: deque[float] = field(default_factory=deque)
    waited: float = 0.0

    def take(self, n: int = 1) -> None:
        n = min(n, self.per_minute)
        while True:
            now = self.clock()
            while self.sent and now - self.sent[0] >= 60:
                self.sent.popleft()
            if len(self.sent) + n <= self.per_minute:
                break
            wait = 60 - (now - self.sent[0]) + 0.01
            self.waited += wait
            self.sleep(wait)
        now = self.clock()
        self.sent.extend([now] * n)

    def spent(self, n: int) -> None:
        """Requests a read made beyond what was taken for it (a very large register)."""
        now = self.clock()
        self.sent.extend([now] * max(n, 0))


class ResumeState:
    """Results of the Google offices already read, kept in a small JSON file beside the outputs
    until the recap has read every office (no personal data: figures only)."""

    def __init__(self, path: Path, period: RecapPeriod, today: dt.date) -> None:
        self.path = path
        self.key = {"period": period.key, "today": today.isoformat()}
        self.done: dict[str, dict[str, Any]] = {}
        if path.is_file():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                data = {}
            if data.get("key") == self.key:
                self.done = dict(data.get("offices", {}))

    def get(self, office: OfficeSource) -> OfficeResult | None:
        d = self.done.get(office.code)
        if d is None or d.get("source") != office.shown_source:
            return None
        return OfficeResult.from_dict(office, d)

    def put(self, result: OfficeResult) -> None:
        self.done[result.office.code] = result.to_dict()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps({"key": self.key, "offices": self.done}, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, self.path)

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)


GoogleOpener = Callable[[OfficeSource], Any]


def recap_google(offices: Sequence[OfficeSource], job: Job, open_sheet: GoogleOpener, budget: ReadBudget,
                 state: ResumeState, advance: Callable[[OfficeResult], None]) -> tuple[list[OfficeResult], bool]:
    """Read the Google offices one by one within the budget. Offices in `state` are not read
    again. When Google stays over quota (or unreachable) after the client's retries, the rest
    are marked "belum dibaca" and the run can be repeated to continue: returns (results, complete)."""
    from sheets.google import GoogleQuotaExhausted, GoogleUnavailable

    results: list[OfficeResult] = []
    stopped = False
    for office in offices:
        if stopped:
            results.append(unusable(office, QUOTA_STOPPED, NOT_READ))
            advance(results[-1])
            continue
        kept = state.get(office)
        if kept is not None:
            results.append(kept)
            advance(kept)
            continue
        budget.take(REQUESTS_PER_READ)
        try:
            backend = open_sheet(office)
            snapshot = backend.read(RECAP_TABS)
            budget.spent(getattr(backend, "requests", REQUESTS_PER_READ) - REQUESTS_PER_READ)
            result = recap_office(snapshot, office, job.config, job.period, job.today, job.now)
        except (GoogleQuotaExhausted, GoogleUnavailable):
            stopped = True
            results.append(unusable(office, QUOTA_STOPPED, NOT_READ))
            advance(results[-1])
            continue
        except RegisterError as e:
            result = unusable(office, message_for(e))
        except Exception as e:  # noqa: BLE001
            result = unusable(office, f"register tidak dapat diolah ({type(e).__name__})")
        if result.status == OK:  # an unusable sheet is tried again on the next run
            state.put(result)
        results.append(result)
        advance(result)
    return results, not stopped


def counted(results: Iterable[OfficeResult]) -> int:
    return sum(r.status == OK for r in results)
