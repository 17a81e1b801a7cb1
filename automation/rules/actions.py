"""What the Kasubbag must do, for the "Perlu Tindakan" tab (rebuilt each run)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from automation.rules.values import format_short
from sheets.layout import ACTIONS
from sheets.model import SheetContent


@dataclass(frozen=True)
class Action:
    """One flagged row. Lower `priority` is more urgent (0 = overdue)."""

    priority: int
    register: str  # "Permohonan" | "Keberatan"
    number: str
    row: int
    flags: tuple[str, ...]
    action: str  # Indonesian, e.g. "Kirim pemberitahuan tertulis paling lambat Jum 11-12-2026"
    deadline: dt.date | None
    remaining: int | None
    officer: str = ""


def sort_actions(actions: Iterable[Action]) -> list[Action]:
    """Most urgent first: priority, then fewest working days left, then oldest deadline."""
    far = dt.date.max
    return sorted(actions, key=lambda a: (a.priority, a.remaining if a.remaining is not None else 10**6,
                                          a.deadline or far, a.register, a.row))


def actions_tab(actions: Iterable[Action]) -> SheetContent:
    rows = [ACTIONS.headers]
    for a in sort_actions(actions):
        rows.append((a.priority, a.register, a.number, a.row, "; ".join(a.flags), a.action,
                     format_short(a.deadline), a.remaining, a.officer))
    return SheetContent(ACTIONS.name, tuple(tuple(r) for r in rows), widths=tuple(c.width for c in ACTIONS.columns))
