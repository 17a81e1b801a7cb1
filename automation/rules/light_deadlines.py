"""The deadline rules as data and the chain of one receipt date, without numpy.

`ppid due` counts one date; automation.rules.deadlines, written for whole registers, imports
numpy and (through rules.calendar) the holidays package, which cost ten times the answer. So
the rules (the statutory limits, as data naming their article) and the scalar functions
(:func:`explain`, :func:`due_chain` and their helpers) are defined here, once, written against
any calendar with the scalar methods of :class:`Calendar`: LightCalendar for `ppid due`,
WorkCalendar for the check and the letters. automation.rules.deadlines re-exports them next to
its column functions; the rest of the toolkit imports them from there.

May import: automation.rules (values, light_calendar) and the standard library; never numpy.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from automation.rules.light_calendar import BAND_END, KIND_LOCAL, DayOff, day_abbr, unsure_official_dates
from automation.rules.values import format_short


class Calendar(Protocol):
    """What the chain asks of a calendar: LightCalendar and WorkCalendar both answer it."""

    options: Any

    def is_working_day(self, d: datetime.date) -> bool: ...
    def day_off(self, d: datetime.date) -> Any: ...
    def days_off(self, start: datetime.date, end: datetime.date, *, weekdays_only: bool = False) -> list[Any]: ...
    def worked_days(self, start: datetime.date, end: datetime.date) -> list[Any]: ...
    def add_working_days(self, start: Any, n: Any) -> Any: ...
    def effective_receipt(self, received: datetime.date, at: datetime.time | None) -> datetime.date: ...
    def year_uncertainty(self, year: int) -> str | None: ...
    def uncertain_years(self, start: datetime.date, end: datetime.date) -> list[int]: ...


TRACK_BADAN_PUBLIK = "Badan Publik"
TRACK_PEMILU = "Tahapan Pemilu/Pemilihan"
CATEGORIES = {"badan-publik": TRACK_BADAN_PUBLIK, "pemilu": TRACK_PEMILU}

UU_KIP = "UU 14/2008"
PERKI_PEMILU = "Perki 1/2019"


@dataclass(frozen=True)
class DeadlineRule:
    """One statutory limit in working days (hari kerja, HK)."""

    key: str
    label: str  # Indonesian, as staff see it
    working_days: int
    starts: str  # Indonesian: what starts the clock
    source: str  # the article


@dataclass(frozen=True)
class TrackRules:
    """The limits of one track."""

    track: str
    notice: DeadlineRule
    extension: DeadlineRule
    objection_filing: DeadlineRule
    objection_answer: DeadlineRule
    commission: DeadlineRule

    def rules(self) -> tuple[DeadlineRule, ...]:
        return (
            self.notice,
            self.extension,
            self.objection_filing,
            self.objection_answer,
            self.commission,
        )


_OBJECTION_FILING = DeadlineRule(
    "pengajuan_keberatan",
    "Batas pengajuan keberatan",
    30,
    "alasan keberatan timbul (pemberitahuan tertulis, penolakan, atau batas waktu terlewati)",
    f"{UU_KIP} Pasal 36 ayat (1)",
)
_COMMISSION = DeadlineRule(
    "sengketa_ki",
    "Batas pengajuan sengketa ke Komisi Informasi",
    14,
    "pemohon menerima tanggapan Atasan PPID",
    f"{UU_KIP} Pasal 37 ayat (2)",
)

BADAN_PUBLIK_RULES = TrackRules(
    track=TRACK_BADAN_PUBLIK,
    notice=DeadlineRule(
        "pemberitahuan",
        "Batas pemberitahuan tertulis",
        10,
        "permohonan diterima",
        f"{UU_KIP} Pasal 22 ayat (7)",
    ),
    extension=DeadlineRule(
        "perpanjangan",
        "Batas perpanjangan (satu kali, dengan alasan tertulis)",
        7,
        "berakhirnya batas pemberitahuan tertulis",
        f"{UU_KIP} Pasal 22 ayat (8)",
    ),
    objection_filing=_OBJECTION_FILING,
    objection_answer=DeadlineRule(
        "tanggapan_keberatan",
        "Batas tanggapan Atasan PPID atas keberatan",
        30,
        "keberatan dicatat",
        f"{UU_KIP} Pasal 36 ayat (2)",
    ),
    commission=_COMMISSION,
)


def election_rules(notice: int = 3, extension: int = 2, objection_answer: int = 3) -> TrackRules:
    """The election track (informasi tahapan Pemilu/Pemilihan); numbers configurable."""
    source = f"{PERKI_PEMILU} (jalur tahapan Pemilu/Pemilihan)"
    bp = BADAN_PUBLIK_RULES
    return TrackRules(
        track=TRACK_PEMILU,
        notice=DeadlineRule(bp.notice.key, bp.notice.label, notice, bp.notice.starts, source),
        extension=DeadlineRule(bp.extension.key, bp.extension.label, extension, bp.extension.starts, source),
        objection_filing=_OBJECTION_FILING,
        objection_answer=DeadlineRule(
            bp.objection_answer.key,
            bp.objection_answer.label,
            objection_answer,
            bp.objection_answer.starts,
            source,
        ),
        commission=_COMMISSION,
    )


KPU_PRACTICE = "praktik PPID KPU, diumumkan di laman PPID KPU; bukan pasal undang-undang (config.toml [deadlines])"


def completion_rules(notice: int = 3, complete: int = 3) -> tuple[DeadlineRule, DeadlineRule]:
    """Incomplete requirements: tell the requester within `notice` HK of receipt; the requester
    completes within `complete` HK of that notice. Both configurable (KPU practice, not statute)."""
    return (
        DeadlineRule("pemberitahuan_kelengkapan", "Batas pemberitahuan kelengkapan persyaratan", notice,
                     "permohonan diterima", KPU_PRACTICE),
        DeadlineRule("kelengkapan", "Batas pemohon melengkapi persyaratan", complete,
                     "pemberitahuan kelengkapan persyaratan", KPU_PRACTICE),
    )


_COMPLETION = completion_rules()


@dataclass(frozen=True)
class DeadlineRules:
    """Both tracks, and the completion of requirements (the same on both)."""

    badan_publik: TrackRules = BADAN_PUBLIK_RULES
    pemilu: TrackRules = field(default_factory=election_rules)
    completion_notice: DeadlineRule = _COMPLETION[0]
    completion: DeadlineRule = _COMPLETION[1]

    def for_track(self, election: bool) -> TrackRules:
        return self.pemilu if election else self.badan_publik

    def for_category(self, category: str) -> TrackRules:
        """``badan-publik`` or ``pemilu`` (the CLI's words)."""
        if category not in CATEGORIES:
            raise ValueError(f"Kategori tidak dikenal: {category!r} (badan-publik atau pemilu).")
        return self.for_track(category == "pemilu")


DEFAULT_RULES = DeadlineRules()


def deadline_rules_from_config(section: Any) -> DeadlineRules:
    """Rules with the election-track and completion numbers of config.toml's ``[deadlines]``."""
    notice, complete = completion_rules(int(getattr(section, "completion_notice_days", 3)),
                                        int(getattr(section, "completion_days", 3)))
    return DeadlineRules(
        pemilu=election_rules(
            notice=int(section.election_notice_days),
            extension=int(section.election_extension_days),
            objection_answer=int(section.election_objection_answer_days),
        ),
        completion_notice=notice,
        completion=complete,
    )


# --- Jejak Perhitungan -------------------------------------------------------------------

_YEAR_TEXT = {
    "perkiraan": "masih perkiraan",
    "belum tersedia": "belum tersedia",
    "cuti bersama belum ditetapkan": "belum memuat cuti bersama",
}


def short_day(d: datetime.date, with_year: bool = True) -> str:
    """"Jum 11-12-2026" (`format_short`), or "Jum 11-12" without the year."""
    return format_short(d) if with_year else f"{day_abbr(d)} {d.strftime('%d-%m')}"


def _kind_text(kind: str) -> str:
    return "libur lokal" if kind == KIND_LOCAL else kind


def describe_day_off(o: DayOff) -> str:
    """A day off as "Kam 24-12-2026 cuti bersama Natal" (the kind is not repeated if the name has it)."""
    kind = _kind_text(o.kind)
    name = o.name if o.name.lower().startswith(kind) else f"{kind} {o.name}"
    return f"{short_day(o.date)} {name}"


def describe_days_off(days: Sequence[DayOff]) -> str:
    """Days off, the decree written once after each run of days from the same decree."""
    groups: list[list[DayOff]] = []
    for o in days:
        if groups and groups[-1][-1].source == o.source:
            groups[-1].append(o)
        else:
            groups.append([o])
    return ", ".join(
        ", ".join(describe_day_off(o) for o in g) + (f" ({g[0].source})" if g[0].source else "") for g in groups
    )


def year_warnings(cal: Calendar, start: datetime.date, end: datetime.date) -> list[str]:
    """Indonesian warnings for years in [start, end] whose calendar is not final."""
    out = []
    for y in cal.uncertain_years(start, end):
        status = cal.year_uncertainty(y) or ""
        out.append(f"kalender {y} {_YEAR_TEXT.get(status, status)}")
    return out


@functools.lru_cache(maxsize=1)
def _unsure() -> frozenset[datetime.date]:
    return unsure_official_dates()


def unsure_warnings(cal: Calendar, start: datetime.date, end: datetime.date) -> list[str]:
    """Indonesian warnings for days off skipped in (start, end] that the official list marks
    unsure (to be checked against the latest amendment of the decree)."""
    unsure = _unsure()
    if not unsure or end <= start or not any(start < u <= end for u in unsure):
        return []
    return [f"libur {describe_day_off(o)} belum pasti (perlu dicek)"
            for o in cal.days_off(start + datetime.timedelta(days=1), end, weekdays_only=True) if o.date in unsure]


def date_warnings(cal: Calendar, start: datetime.date, end: datetime.date) -> list[str]:
    """Everything that may still move a date counted from `start` to `end`: years whose
    calendar is estimated, and unsure holidays skipped on the way."""
    return year_warnings(cal, start, end) + unsure_warnings(cal, start, end)


def completion_deadlines(received: datetime.date, cal: Calendar, *, at: datetime.time | None = None,
                         notice_date: datetime.date | None = None,
                         rules: DeadlineRules = DEFAULT_RULES) -> tuple[datetime.date, datetime.date]:
    """(notice due, completion due): the completion is counted from the notice when it was
    sent, else from the day it was due."""
    start = cal.effective_receipt(received, at)
    notice_due = cal.add_working_days(start, rules.completion_notice.working_days)
    complete_due = cal.add_working_days(notice_date or notice_due, rules.completion.working_days)
    return notice_due, complete_due


def explain(
    received: datetime.date,
    cal: Calendar,
    *,
    election: bool = False,
    at: datetime.time | None = None,
    extended: bool = False,
    rules: DeadlineRules = DEFAULT_RULES,
    until: datetime.date | None = None,
) -> str:
    """The Jejak Perhitungan of a request: how its due dates were reached, in one line.

    E.g. "Diterima Jum 27-11-2026 -> hari ke-1 Sen 30-11 -> jatuh tempo Jum 11-12-2026 (10 HK)",
    followed by the holidays and closures skipped (kind and decree), days the office worked,
    and a warning when a year involved is only estimated or a holiday skipped is unsure, up to
    `until` (the objection filing date, when later than the due dates). "" when the count runs
    past the calendar (after 2100), where `compute_deadlines` gives no deadline either.
    """
    tail = explain_after_time(received, cal.effective_receipt(received, at), cal, election=election,
                              extended=extended, rules=rules, until=until)
    return f"Diterima {short_day(received)}{time_text(at)}{tail}" if tail else ""


def time_text(at: datetime.time | None) -> str:
    """The receipt time as the Jejak shows it after the receipt date (" pukul 14:05")."""
    return f" pukul {at.strftime('%H:%M')}" if at is not None else ""


def explain_after_time(
    received: datetime.date,
    start: datetime.date,
    cal: Calendar,
    *,
    election: bool = False,
    extended: bool = False,
    rules: DeadlineRules = DEFAULT_RULES,
    until: datetime.date | None = None,
) -> str:
    """The Jejak of `explain` after "Diterima <date><time>": it depends on the time only through
    `start` (the day the count starts from, `Calendar.effective_receipt`), so requests received
    on one day at many times share it. "" when the count runs past the calendar."""
    track = rules.for_track(election)
    parts = [""]
    off = cal.day_off(received)
    if off is not None:
        parts[0] += f" ({_kind_text(off.kind)} {off.name})"
    elif not cal.is_working_day(received):
        parts[0] += " (bukan hari kerja)"
    first = cal.add_working_days(start, 1)
    due = cal.add_working_days(start, track.notice.working_days)
    last = due
    if extended and isinstance(due, datetime.date):
        last = cal.add_working_days(due, track.extension.working_days)
    if not isinstance(last, datetime.date) or last > BAND_END:
        return ""  # past the calendar (after 9999 not even a date): no deadline either, see _offset
    if start != received:
        cutoff = cal.options.cutoff.strftime("%H:%M") if cal.options.cutoff else ""
        parts.append(f"setelah batas jam {cutoff}, dihitung diterima {short_day(start)}")
    parts.append(f"hari ke-1 {short_day(first, with_year=False)}")
    parts.append(f"jatuh tempo {short_day(due)} ({track.notice.working_days} HK)")
    if extended:
        parts.append(f"perpanjangan {short_day(last)} (+{track.extension.working_days} HK)")
    text = " -> ".join(parts)
    skipped = cal.days_off(start + datetime.timedelta(days=1), last, weekdays_only=True)
    if skipped:
        text += "; dilewati: " + describe_days_off(skipped)
    worked = cal.worked_days(start + datetime.timedelta(days=1), last)
    if worked:
        text += "; masuk kerja: " + ", ".join(f"{short_day(w.date)}" + (f" ({w.name})" if w.name else "") for w in worked)
    warnings = date_warnings(cal, received, max(last, until) if until is not None else last)
    if warnings:
        text += "; " + "; ".join(warnings)
    return text



def due_chain(
    received: datetime.date,
    category: str,
    cal: Calendar,
    at: datetime.time | None = None,
    rules: DeadlineRules = DEFAULT_RULES,
) -> dict[str, Any]:
    """The whole chain for one receipt date, as plain JSON-ready data (for ``ppid due``).

    Steps: completion of requirements (when asked for), written notice, extension, then the
    objection path at its latest (filed on its last day when the request went unanswered,
    answered on the Atasan PPID's last day, taken to the Komisi Informasi on its last day).
    Each step carries the warnings that could still move its date.
    """
    track = rules.for_category(category)
    election = category == "pemilu"
    start = cal.effective_receipt(received, at)
    due = cal.add_working_days(start, track.notice.working_days)
    due_ext = cal.add_working_days(due, track.extension.working_days)
    objection_if_unanswered = cal.add_working_days(due, track.objection_filing.working_days)
    answer_due = cal.add_working_days(objection_if_unanswered, track.objection_answer.working_days)
    commission_due = cal.add_working_days(answer_due, track.commission.working_days)
    completion_notice_due, completion_due = completion_deadlines(received, cal, at=at, rules=rules)
    last = max(due_ext, commission_due)
    skipped = cal.days_off(start + datetime.timedelta(days=1), due_ext, weekdays_only=True)
    worked = cal.worked_days(start + datetime.timedelta(days=1), due_ext)

    def step(rule: DeadlineRule, date: datetime.date, label: str = "", starts: str = "") -> dict[str, Any]:
        return {
            "key": rule.key,
            "label": label or rule.label,
            "working_days": rule.working_days,
            "starts": starts or rule.starts,
            "source": rule.source,
            "date": date.isoformat(),
            "warnings": date_warnings(cal, received, date),
        }

    steps = [
        step(track.notice, due),
        step(track.extension, due_ext),
        step(track.objection_filing, objection_if_unanswered, track.objection_filing.label + " (jika tidak dijawab)"),
        step(track.objection_answer, answer_due, track.objection_answer.label + " (keberatan pada hari terakhir)",
             "keberatan dicatat pada batas pengajuan"),
        step(track.commission, commission_due, track.commission.label + " (tanggapan pada hari terakhir)",
             "tanggapan pada batas tanggapan"),
        step(rules.completion_notice, completion_notice_due, rules.completion_notice.label + " (bila syarat kurang)"),
        step(rules.completion, completion_due, rules.completion.label + " (bila syarat kurang)",
             "batas pemberitahuan kelengkapan"),
    ]
    return {
        "received": received.isoformat(),
        "received_at": at.strftime("%H:%M") if at else None,
        "effective_receipt": start.isoformat(),
        "category": category,
        "track": track.track,
        "due": due.isoformat(),
        "due_extended": due_ext.isoformat(),
        "objection_due_if_unanswered": objection_if_unanswered.isoformat(),
        "objection_answer_due": answer_due.isoformat(),
        "commission_due": commission_due.isoformat(),
        "completion_notice_due": completion_notice_due.isoformat(),
        "completion_due": completion_due.isoformat(),
        "steps": steps,
        "skipped": [
            {
                "date": o.date.isoformat(),
                "day": day_abbr(o.date),
                "name": o.name,
                "kind": o.kind,
                "source": o.source,
                "estimated": o.estimated,
            }
            for o in skipped
        ],
        "worked": [{"date": w.date.isoformat(), "name": w.name} for w in worked],
        "uncertain_years": cal.uncertain_years(received, last),
        "warnings": date_warnings(cal, received, last),
        "trace": explain(received, cal, election=election, at=at, extended=True, rules=rules, until=last),
    }

