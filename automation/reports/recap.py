"""The recap across offices (`ppid rekap`): a KPU Provinsi (or KPU RI) sees every office's desk.

Pure: one office's register snapshot in, that office's figures out (`recap_office`); many
offices' figures in, one recap out (`build_recap`). Nothing here opens a register, writes a
file or reads the clock: `automation.cli.recap_cmd` reads the registers (a process pool for a
folder of .xlsx, a per-minute budget for Google Sheets) and `automation.reports.recap_documents`
writes the workbook and the letter.

How one office is counted, so that figures are computed and never trusted from typed cells:

1. The snapshot is copied into a `MemoryBackend` (the office's file is never written).
2. The daily check (`automation.check.job.run_check`) runs on the copy with the office's own
   "Hari Libur" tab, exactly as `ppid check` would, and its writes (blank registration numbers,
   toolkit columns) go to the copy. Its error findings give the data-quality figure and its
   overdue flags the "overdue now" figure.
3. The report figures are computed from the checked copy by the same function `ppid report`
   uses (`automation.reports.figures.compute_report`), so an office's recap row equals its own
   `ppid report --json` for the same period and day.

Totals: counts are summed over offices; the median working days is the median over every
finished request of every office (not a median of medians); error findings per 100 rows is
total errors / total rows x 100; the SKM index is the mean of the offices that have one.

The table engine is pandas: `recap_frame` is one typed row per office, `Recap.total` the
total row, `Recap.ranking` the ranking table. No personal data anywhere: counts, dates, office
names and codes only.
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from automation.reports.figures import REFUSAL_REASONS, compute_report
from automation.reports.frames import check_in_memory
from automation.rules.config import Config
from automation.rules.office_calendar import office_calendar
from automation.rules.records import read_objections, read_requests
from automation.rules.values import MONTH_NAMES
from automation.survey.index import skm_index as survey_index
from automation.survey.responses import read_responses
from sheets.checks import require_headers
from sheets.errors import RegisterError
from sheets.layout import CHOICES, CHOICES_TAB, DIK, HOLIDAYS, OBJECTIONS, OFFICERS, REQUESTS, SURVEY
from sheets.model import Snapshot

OK, UNUSABLE, MISSING, NOT_READ = "ok", "tidak dapat dipakai", "tidak melapor", "belum dibaca"
"""Office status (Indonesian: it is shown as is)."""

ROMAN = ("I", "II", "III", "IV")
SKM_TAB = SURVEY.name
RECAP_TABS = (REQUESTS.name, OBJECTIONS.name, DIK.name, HOLIDAYS.name, OFFICERS.name, CHOICES_TAB.name, SKM_TAB)
"""The tabs the recap reads (a register's Log, Surat and Laporan tabs can be large and are not needed)."""


@dataclass(frozen=True)
class RecapPeriod:
    """A month, a quarter or a year."""

    start: dt.date
    end: dt.date
    kind: str  # "month" | "quarter" | "year"

    @classmethod
    def month(cls, year: int, month: int) -> RecapPeriod:
        nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
        return cls(dt.date(year, month, 1), nxt - dt.timedelta(days=1), "month")

    @classmethod
    def quarter(cls, year: int, q: int) -> RecapPeriod:
        first = cls.month(year, 3 * q - 2)
        return cls(first.start, cls.month(year, 3 * q).end, "quarter")

    @classmethod
    def year(cls, year: int) -> RecapPeriod:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")

    @property
    def key(self) -> str:
        """2026-11, 2026-T3 or 2026 (file names, JSON)."""
        if self.kind == "month":
            return f"{self.start:%Y-%m}"
        if self.kind == "quarter":
            return f"{self.start.year}-T{(self.start.month - 1) // 3 + 1}"
        return str(self.start.year)

    @property
    def label(self) -> str:
        """"November 2026", "Triwulan III 2026" or "Tahun 2026"."""
        if self.kind == "month":
            return f"{MONTH_NAMES[self.start.month - 1]} {self.start.year}"
        if self.kind == "quarter":
            return f"Triwulan {ROMAN[(self.start.month - 1) // 3]} {self.start.year}"
        return f"Tahun {self.start.year}"


@dataclass(frozen=True)
class OfficeSource:
    """One office in the recap: its name, code and where its register is (a path or a Google
    Sheet id/URL, from the province's config or the folder; never from a cell)."""

    name: str
    code: str
    source: str
    google: bool = False

    @property
    def shown_source(self) -> str:
        """The source as shown in outputs: the file name, or the Google Sheet id."""
        if self.google:
            return self.source
        return self.source.replace("\\", "/").rsplit("/", 1)[-1]


@dataclass(frozen=True)
class OfficeResult:
    """One office's figures (or why there are none). Small and picklable: a worker returns it."""

    office: OfficeSource
    status: str = OK
    why: str = ""
    figures: dict[str, Any] = field(default_factory=dict)  # ReportFigures.to_dict()
    days_taken: tuple[int, ...] = ()
    rows: int = 0
    errors: int = 0
    warnings: int = 0
    overdue_now: int = 0
    skm: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.office.name, "code": self.office.code, "source": self.office.shown_source,
                "status": self.status, "why": self.why, "figures": self.figures, "days_taken": list(self.days_taken),
                "rows": self.rows, "errors": self.errors, "warnings": self.warnings,
                "overdue_now": self.overdue_now, "skm": self.skm}

    @classmethod
    def from_dict(cls, office: OfficeSource, d: dict[str, Any]) -> OfficeResult:
        return cls(office, d["status"], d["why"], d["figures"], tuple(d["days_taken"]), d["rows"], d["errors"],
                   d["warnings"], d["overdue_now"], d["skm"])


def unusable(office: OfficeSource, why: str, status: str = UNUSABLE) -> OfficeResult:
    return OfficeResult(office, status, why)


# --- one office ---------------------------------------------------------------------------------


SkmReader = Callable[[Snapshot, "RecapPeriod", dt.date], "float | None"]


def skm_index(snapshot: Snapshot, period: RecapPeriod, today: dt.date) -> float | None:
    """The office's SKM index (25-100, Permenpan RB 14/2017) over the survey responses dated in
    the period, when its register has a "Survei Kepuasan" tab with any (issue 17's
    `automation.survey`: the tab's reading and the index are that package's, not repeated here)."""
    table = snapshot.table(SKM_TAB)
    if table is None:
        return None
    rows, _findings = read_responses(table, today)
    ikm = survey_index([r for r in rows if r.date is not None and period.start <= r.date <= period.end]).ikm
    return None if ikm is None else float(ikm)


def recap_office(snapshot: Snapshot, office: OfficeSource, config: Config, period: RecapPeriod, today: dt.date,
                 now: dt.datetime, skm: SkmReader = skm_index) -> OfficeResult:
    """Check the register in memory, then compute its report figures (module docstring).

    A register that cannot be checked (tab or required column missing) is returned as
    unusable with the reason, never raised: one bad register must not stop a province's recap.
    """
    try:
        result, checked = check_in_memory(snapshot, config, today, now, toolkit_writes=False)
        requests = read_requests(require_headers(checked, REQUESTS))
        objections_table = checked.table(OBJECTIONS.name)
        objections = read_objections(objections_table) if objections_table is not None else []
        cal = office_calendar(config, checked).calendar
        figures = compute_report(requests, objections, cal, period.start, period.end, today, config)
    except RegisterError as e:
        return unusable(office, e.message)
    try:
        index = skm(snapshot, period, today)
    except Exception as e:  # noqa: BLE001 - a survey problem must not drop the office's figures
        index = None
        why = f"indeks SKM tidak terbaca ({type(e).__name__})"
    else:
        why = ""
    s = result.summary
    return OfficeResult(office, OK, why, figures.to_dict(), figures.days_taken, s.get("rows", 0), s.get("errors", 0),
                        s.get("warnings", 0), s.get("overdue", 0), index)


# --- many offices -------------------------------------------------------------------------------

DECISIONS = tuple(CHOICES["Keputusan Atasan PPID"])
COUNTS = ("received", "finished", "on_time", "on_time_extended", "late", "extended", "pending_end", "overdue_now",
          "granted", "granted_partly", "refused", *(f"refused_{k}" for k in REFUSAL_REASONS),
          "objections_received", "objections_answered", "objections_on_time", "objections_late",
          "objections_pending", *(f"objections_{d}" for d in DECISIONS), "objections_to_commission",
          "rows", "errors", "warnings")
"""Additive columns of the recap frame (summed for the total)."""

COLUMN_LABELS: dict[str, str] = {
    "name": "Kantor", "code": "Kode", "status": "Status", "received": "Diterima", "finished": "Selesai",
    "on_time": "Tepat waktu", "on_time_extended": "Tepat waktu dengan perpanjangan", "late": "Terlambat",
    "extended": "Diperpanjang", "pending_end": "Belum selesai akhir periode", "overdue_now": "Lewat batas kini",
    "granted": "Dikabulkan", "granted_partly": "Dikabulkan sebagian", "refused": "Ditolak",
    **{f"refused_{k}": f"Ditolak: {v}" for k, v in REFUSAL_REASONS.items()},
    "objections_received": "Keberatan diterima", "objections_answered": "Keberatan ditanggapi",
    "objections_on_time": "Keberatan ditanggapi tepat waktu", "objections_late": "Keberatan ditanggapi terlambat",
    "objections_pending": "Keberatan belum ditanggapi",
    **{f"objections_{d}": f"Keberatan: {d}" for d in DECISIONS},
    "objections_to_commission": "Diteruskan ke Komisi Informasi",
    "rows": "Baris register", "errors": "Temuan error", "warnings": "Peringatan",
    "median_days": "Median hari kerja", "on_time_share": "Persentase tepat waktu",
    "errors_per_100": "Error per 100 baris", "skm": "Indeks SKM",
}


def _office_counts(r: OfficeResult) -> dict[str, Any]:
    f = r.figures
    o = f["objections"]
    row: dict[str, Any] = {k: f[k] for k in ("received", "finished", "on_time", "on_time_extended", "late",
                                              "extended", "pending_end", "granted", "granted_partly", "refused")}
    row["overdue_now"] = r.overdue_now
    row.update({f"refused_{k}": f["refused_by_reason"].get(k, 0) for k in REFUSAL_REASONS})
    row.update(objections_received=o["received"], objections_answered=o["answered"], objections_on_time=o["on_time"],
               objections_late=o["late"], objections_pending=o["pending_end"],
               objections_to_commission=o["to_commission"])
    row.update({f"objections_{d}": o["by_decision"].get(d, 0) for d in DECISIONS})
    row.update(rows=r.rows, errors=r.errors, warnings=r.warnings)
    return row


def _share(part: float, whole: float) -> float | None:
    return round(part / whole, 4) if whole else None


def recap_frame(results: Sequence[OfficeResult]) -> pd.DataFrame:
    """One row per office that could be counted, indexed by office code, typed columns:
    counts as Int64, median / shares / SKM as Float64, name and status as strings."""
    records = []
    for r in results:
        if r.status != OK:
            continue
        row = {"code": r.office.code, "name": r.office.name, "status": r.status, **_office_counts(r)}
        row["median_days"] = statistics.median(r.days_taken) if r.days_taken else None
        row["on_time_share"] = _share(row["on_time"] + row["on_time_extended"], row["finished"])
        row["errors_per_100"] = round(100 * r.errors / r.rows, 2) if r.rows else None
        row["skm"] = r.skm
        records.append(row)
    columns = ["code", "name", "status", *COUNTS, "median_days", "on_time_share", "errors_per_100", "skm"]
    frame = pd.DataFrame.from_records(records, columns=columns)
    frame = frame.astype({"code": "string", "name": "string", "status": "string", **{c: "Int64" for c in COUNTS},
                          "median_days": "Float64", "on_time_share": "Float64", "errors_per_100": "Float64",
                          "skm": "Float64"})
    return frame.set_index("code")


def total_row(frame: pd.DataFrame, results: Sequence[OfficeResult]) -> dict[str, Any]:
    """The total over offices (definitions in the module docstring)."""
    total: dict[str, Any] = {c: int(frame[c].sum()) for c in COUNTS}
    days = [d for r in results if r.status == OK for d in r.days_taken]
    total["median_days"] = statistics.median(days) if days else None
    total["on_time_share"] = _share(total["on_time"] + total["on_time_extended"], total["finished"])
    total["errors_per_100"] = round(100 * total["errors"] / total["rows"], 2) if total["rows"] else None
    skm = frame["skm"].dropna()
    total["skm"] = round(float(skm.mean()), 2) if len(skm) else None
    return total


def ranking(frame: pd.DataFrame) -> pd.DataFrame:
    """Offices ranked: share answered on time (desc), then overdue now (asc), then error
    findings per 100 rows (asc), then name. Offices with nothing finished rank last."""
    cols = ["name", "finished", "on_time_share", "overdue_now", "median_days", "errors_per_100"]
    if frame.empty:
        return pd.DataFrame(columns=["rank", *cols]).set_index("rank")
    ranked = frame[cols].reset_index().sort_values(
        ["on_time_share", "overdue_now", "errors_per_100", "name"], ascending=[False, True, True, True],
        na_position="last", kind="mergesort")
    ranked.insert(0, "rank", range(1, len(ranked) + 1))
    return ranked.set_index("rank")


@dataclass(frozen=True)
class Recap:
    period: RecapPeriod
    today: dt.date
    results: tuple[OfficeResult, ...]
    frame: pd.DataFrame
    total: dict[str, Any]
    ranking: pd.DataFrame

    @property
    def counted(self) -> list[OfficeResult]:
        return [r for r in self.results if r.status == OK]

    @property
    def not_counted(self) -> list[OfficeResult]:
        """Offices that did not report, whose register is unusable, or not read yet (quota)."""
        return [r for r in self.results if r.status != OK]

    def to_dict(self) -> dict[str, Any]:
        """The `--json` output (stable English keys; no personal data)."""
        def clean(v: Any) -> Any:
            return None if v is None or v is pd.NA or (isinstance(v, float) and v != v) else v

        offices = []
        for r in self.results:
            item: dict[str, Any] = {"code": r.office.code, "name": r.office.name, "source": r.office.shown_source,
                                    "status": r.status, "why": r.why}
            if r.status == OK:
                row = self.frame.loc[r.office.code]
                item.update({c: clean(row[c].item() if hasattr(row[c], "item") else row[c])
                             for c in (*COUNTS, "median_days", "on_time_share", "errors_per_100", "skm")})
                item["refused_by_reason"] = dict(r.figures["refused_by_reason"])
                item["objections_by_decision"] = dict(r.figures["objections"]["by_decision"])
                item["working_days_count"] = len(r.days_taken)
            offices.append(item)
        rank = [{"rank": int(i), "code": row["code"], "name": row["name"],
                 "on_time_share": clean(row["on_time_share"]), "overdue_now": int(row["overdue_now"]),
                 "errors_per_100": clean(row["errors_per_100"])}
                for i, row in self.ranking.iterrows()]
        return {
            "period": {"start": self.period.start.isoformat(), "end": self.period.end.isoformat(),
                       "kind": self.period.kind, "key": self.period.key, "label": self.period.label},
            "generated": self.today.isoformat(),
            "offices_total": len(self.results),
            "offices_counted": len(self.counted),
            "total": {k: clean(v) for k, v in self.total.items()},
            "offices": offices,
            "ranking": rank,
            "not_counted": [{"code": r.office.code, "name": r.office.name, "status": r.status, "why": r.why}
                            for r in self.not_counted],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)


def build_recap(results: Sequence[OfficeResult], period: RecapPeriod, today: dt.date) -> Recap:
    """The recap over offices, in the order given (the command sorts by code)."""
    frame = recap_frame(results)
    return Recap(period, today, tuple(results), frame, total_row(frame, results), ranking(frame))
