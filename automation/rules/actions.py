"""What the Kasubbag must do, for the "Perlu Tindakan" tab (rebuilt each run).

An `Action` is one flagged row: what to do (one concrete instruction per line), for whom
(number and requester's name), how urgent and why (priority in words), and by when (the
deadline, working days left or late). The tab, the terminal summary of `ppid check` and the
JSON output all show the same actions, most urgent first.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from automation.rules.records import records_from_columns
from automation.rules.values import format_short
from sheets.layout import ACTIONS, OBJECTIONS, REQUESTS
from sheets.model import CellLink, SheetContent

REGISTER_TABS = {"Permohonan": REQUESTS.name, "Keberatan": OBJECTIONS.name}
LINE_SEPARATOR = "\n"


@dataclass(frozen=True, slots=True)
class Action:
    """One flagged row. Lower `priority` is more urgent (0 = overdue).

    `action` holds the instructions, one per line (LINE_SEPARATOR); `reason` says in words why
    the row has this priority; `remaining` is negative when the deadline has passed.
    """

    priority: int
    register: str  # "Permohonan" | "Keberatan"
    number: str
    row: int
    flags: tuple[str, ...]
    action: str  # Indonesian, e.g. "Kirim pemberitahuan tertulis paling lambat Jum 11-12-2026"
    deadline: dt.date | None
    remaining: int | None
    officer: str = ""
    name: str = ""  # the requester (as typed, cleaned); never NIK, address or contact
    reason: str = ""  # why this priority, e.g. "Terlambat: batas pemberitahuan sudah lewat"

    @property
    def todo(self) -> tuple[str, ...]:
        return tuple(line for line in self.action.split(LINE_SEPARATOR) if line.strip())

    @property
    def days_late(self) -> int | None:
        """Working days past the deadline (None when not late)."""
        return -self.remaining if self.remaining is not None and self.remaining < 0 else None

    @property
    def priority_text(self) -> str:
        """"1 - Terlambat: ...": the rank (1 = most urgent) and the reason in words."""
        return f"{self.priority + 1} - {self.reason}" if self.reason else str(self.priority + 1)

    @property
    def timing(self) -> str:
        """"terlambat 3 hari kerja (batas Rab 19-08-2026)", "sisa 2 hari kerja (batas ...)"."""
        due = f"batas {format_short(self.deadline)}" if self.deadline else ""
        if self.remaining is None:
            return due
        if self.remaining < 0:
            text = f"terlambat {-self.remaining} hari kerja"
        elif self.remaining == 0:
            text = "batas hari ini"
        else:
            text = f"sisa {self.remaining} hari kerja"
        return f"{text} ({due})" if due else text

    def to_json(self) -> dict[str, Any]:
        return {"priority": self.priority + 1, "priority_text": self.priority_text, "register": self.register,
                "number": self.number, "name": self.name, "row": self.row, "todo": list(self.todo),
                "deadline": self.deadline.isoformat() if self.deadline else None, "remaining": self.remaining,
                "days_late": self.days_late, "timing": self.timing, "flags": list(self.flags),
                "officer": self.officer}


def sort_actions(actions: Iterable[Action]) -> list[Action]:
    """Most urgent first: priority, then fewest working days left, then oldest deadline."""
    far = dt.date.max
    return sorted(actions, key=lambda a: (a.priority, a.remaining if a.remaining is not None else 10**6,
                                          a.deadline or far, a.register, a.row))


# an action's values in this order, put into the tab's column order by `_IN_TAB_ORDER`
_VALUE_KEYS = ("priority", "register", "number", "name", "row", "flags", "action", "timing", "deadline",
               "remaining", "officer")
assert sorted(_VALUE_KEYS) == sorted(c.key for c in ACTIONS.columns)
_IN_TAB_ORDER = operator.itemgetter(*(_VALUE_KEYS.index(c.key) for c in ACTIONS.columns))


def actions_tab(actions: Iterable[Action]) -> SheetContent:
    """The "Perlu Tindakan" tab: one row per action, its "Baris" cell a link to the row.
    (100k actions at most: the texts shared by many rows are made once, the links in bulk.)"""
    rows: list[tuple[object, ...]] = [tuple(ACTIONS.headers)]
    row_col = ACTIONS.columns.index(ACTIONS.column("row"))
    timings: dict[tuple[int | None, dt.date | None], str] = {}  # the same few (remaining, deadline) pairs
    priorities: dict[tuple[int, str], str] = {}
    flag_texts: dict[tuple[str, ...], str] = {}
    link_at: list[int] = []
    link_tabs: list[str] = []
    link_rows: list[int] = []
    for n, a in enumerate(sort_actions(actions), start=1):
        timing = timings.get((a.remaining, a.deadline))
        if timing is None:
            timing = timings[(a.remaining, a.deadline)] = a.timing
        priority = priorities.get((a.priority, a.reason))
        if priority is None:
            priority = priorities[(a.priority, a.reason)] = a.priority_text
        flags = flag_texts.get(a.flags)
        if flags is None:
            flags = flag_texts[a.flags] = "; ".join(a.flags)
        rows.append(_IN_TAB_ORDER((priority, a.register, a.number, a.name, a.row, flags, a.action, timing,
                                   a.deadline, a.remaining, a.officer)))
        tab = REGISTER_TABS.get(a.register)
        if tab is not None and a.row > 0:
            link_at.append(n)
            link_tabs.append(tab)
            link_rows.append(a.row)
    m = len(link_at)
    links = records_from_columns(CellLink, m, {
        "row": link_at, "col": [row_col] * m, "target_tab": link_tabs, "target_row": link_rows,
        "tip": [f"Buka baris {r} di {t}" for r, t in zip(link_rows, link_tabs)]})
    return SheetContent(ACTIONS.name, tuple(rows),  # type: ignore[arg-type]
                        widths=tuple(c.width for c in ACTIONS.columns), form=ACTIONS.form, links=tuple(links))
