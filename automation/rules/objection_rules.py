"""The checks of one "Register Keberatan" row that need nothing but the row and today.

Shared by the check job (`automation.check.objections`, which adds the checks that need the
linked request, the other rows or the calendar) and the letters job (`automation.letters.issue`,
which holds an objection letter while a cell it prints has an error finding). One rule, one
place: both see the same findings, in the same order.
"""

from __future__ import annotations

import datetime as dt

from automation.rules.calendar import fmt_date
from automation.rules.findings import Finding
from automation.rules.objection_findings import (
    _KIND_TEXT,
    _PROBLEM_TEXT,
    ANSWER_BEFORE_RECEIPT,
    DATE_WITHOUT_DECISION,
    DECISION_WITHOUT_DATE,
    FORMULA,
    MISSING_VALUE,
    NO_GROUND,
    RECEIVED_FUTURE,
    UNREADABLE,
)
from automation.rules.records import Objection
from automation.rules.validate import quote
from automation.rules.values import is_blank
from sheets.layout import OBJECTION_GROUNDS, OBJECTIONS

TAB = OBJECTIONS.name
H = OBJECTIONS.header


def entry_findings(o: Objection, today: dt.date) -> list[Finding]:
    """Findings on the cells of the objection as received: unreadable values, text that looks
    like a formula, required values left blank, no ground chosen, a receipt date after today."""
    n = o.ref.row
    out: list[Finding] = []
    unreadable = {i.key for i in o.issues if i.problem is not None}
    for issue in o.issues:
        if issue.problem is not None:
            col = OBJECTIONS.column(issue.key)
            what = _PROBLEM_TEXT[issue.problem.kind].format(raw=quote(issue.problem.raw),
                                                            kind=_KIND_TEXT.get(col.type, "nilai"))
            out.append(Finding.make(UNREADABLE, TAB, n, issue.header, what=what))
        elif issue.formula:
            out.append(Finding.make(FORMULA, TAB, n, issue.header))
    for key in ("received", "request_number", "name"):
        if key in o.present and key not in unreadable and is_blank(getattr(o, key)):
            out.append(Finding.make(MISSING_VALUE, TAB, n, H(key)))
    if not o.grounds and any(f"ground_{x}" in o.present for x in OBJECTION_GROUNDS):
        out.append(Finding.make(NO_GROUND, TAB, n, ""))
    if o.received is not None and o.received > today:
        out.append(Finding.make(RECEIVED_FUTURE, TAB, n, H("received"), received=fmt_date(o.received),
                                today=fmt_date(today)))
    return out


def answer_findings(o: Objection) -> list[Finding]:
    """Findings on the Atasan PPID's answer: a decision without its date, a date without its
    decision, an answer dated before the objection was received."""
    n = o.ref.row
    out: list[Finding] = []
    unreadable = {i.key for i in o.issues if i.problem is not None}
    if o.decision and o.answer_date is None and "answer_date" not in unreadable:
        out.append(Finding.make(DECISION_WITHOUT_DATE, TAB, n, H("answer_date"), decision=quote(o.decision)))
    if o.answer_date is not None and not o.decision:
        out.append(Finding.make(DATE_WITHOUT_DECISION, TAB, n, H("decision"), answer=fmt_date(o.answer_date)))
    if o.answer_date is not None and o.received is not None and o.answer_date < o.received:
        out.append(Finding.make(ANSWER_BEFORE_RECEIPT, TAB, n, H("answer_date"), answer=fmt_date(o.answer_date),
                                received=fmt_date(o.received)))
    return out


def objection_row_errors(o: Objection, today: dt.date) -> list[Finding]:
    """The row's error findings that need neither the linked request nor the other rows (a
    letter printing a cell with one of these is held)."""
    return [f for f in entry_findings(o, today) + answer_findings(o) if f.severity == "error"]
