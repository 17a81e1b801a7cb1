"""The deadlines of an objection (UU 14/2008 Pasal 36-37) and the request it is linked to.

All in working days, day 0 = the starting day:

* Batas Tanggapan: the Atasan PPID answers within 30 HK of registration (Tanggal Diterima),
  3 HK on the election track (UU KIP 36(2); Perki 1/2019, configurable). The track is the
  linked request's Kategori Informasi.
* Batas Pengajuan Keberatan: 30 HK after the reason for objecting arises (UU KIP 36(1)).
* Batas ke Komisi Informasi: 14 HK after the answer (UU KIP 37(2)).

The checks that use them are in `automation.check.objections`.
"""

from __future__ import annotations

import datetime
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from automation.rules.calendar import WorkCalendar, as_day_array, to_date
from automation.rules.deadlines import _NAT, DEFAULT_RULES, DeadlineRules, _offset, _per_track, compute_deadlines
from automation.rules.records import Request


def objection_deadlines(
    registered: datetime.date | np.ndarray | Sequence[datetime.date | None],
    answered: datetime.date | np.ndarray | Sequence[datetime.date | None] | None = None,
    *,
    cal: WorkCalendar,
    election: bool | Sequence[bool] | np.ndarray = False,
    rules: DeadlineRules = DEFAULT_RULES,
) -> dict[str, Any]:
    """Deadlines of an objection (keberatan).

    ``answer_due``: the Atasan PPID answers within 30 working days (election track: 3) of
    registration (UU KIP 36(2)); ``commission_due``: the requester may go to the Komisi
    Informasi within 14 working days of receiving the answer (UU KIP 37(2)). Dates in, dates
    out; arrays in, datetime64[D] arrays out (NaT where ``answered`` is empty).
    """
    scalar = isinstance(registered, datetime.date)
    reg = as_day_array(registered)
    ans = as_day_array(answered) if answered is not None else np.full(reg.shape, _NAT)
    elec = np.broadcast_to(np.asarray(election, dtype=bool), reg.shape)
    answer_due = _offset(cal, reg, _per_track(elec, rules, "objection_answer"))
    commission_due = _offset(cal, ans, _per_track(elec, rules, "commission"))
    if scalar:
        return {"answer_due": to_date(answer_due), "commission_due": to_date(commission_due)}
    return {"answer_due": answer_due, "commission_due": commission_due}


def objection_filing_due(
    reason_arises: datetime.date, cal: WorkCalendar, rules: DeadlineRules = DEFAULT_RULES
) -> datetime.date:
    """Last day to file an objection: 30 working days after the reason arises (UU KIP 36(1))."""
    return cal.add_working_days(reason_arises, rules.badan_publik.objection_filing.working_days)


# --- The linked request --------------------------------------------------------------------------


@dataclass(frozen=True)
class LinkedRequest:
    """What the objection checks need to know about its request."""

    request: Request
    election: bool
    deadline: dt.date | None  # the notice deadline in force (extended when lawful)

    @property
    def number(self) -> str:
        return self.request.number

    def late_by(self, when: dt.date) -> bool:
        """Answered after its deadline, or still unanswered with the deadline passed at `when`."""
        if self.deadline is None:
            return False
        notice = self.request.notice_date
        if notice is not None and notice <= when:
            return notice > self.deadline
        return self.deadline < when

    @property
    def answered_on_time(self) -> bool:
        notice = self.request.notice_date
        return notice is not None and self.deadline is not None and notice <= self.deadline

    def reason_arises(self, when: dt.date) -> tuple[dt.date, str] | None:
        """When the reason to object arose, as seen on `when` (the objection's receipt):
        the written notice if it came by then, else the missed deadline, else None."""
        notice = self.request.notice_date
        if notice is not None and notice <= when:
            return notice, "pemberitahuan tertulis"
        if self.deadline is not None and self.deadline < when:
            return self.deadline, "batas waktu permohonan terlewati"
        return None


def link_requests(requests: Sequence[Request], cal: WorkCalendar, today: dt.date,
                  rules: DeadlineRules,
                  deadlines: Sequence[dt.date | None] | None = None) -> dict[str, LinkedRequest]:
    """Requests by number (case- and space-insensitive), with their deadline in force.

    ``deadlines`` (one per request) are the deadlines in force when the caller has already
    computed them (the check job); otherwise they are computed here.
    With duplicate numbers the first row wins (the check job reports the duplicate).
    """
    usable = [i for i, r in enumerate(requests) if r.number.strip()]
    if deadlines is None and usable:
        cols = compute_deadlines(
            [requests[i].received for i in usable], cal=cal, today=today,
            received_times=[requests[i].received_time for i in usable],
            election=[requests[i].election for i in usable], extended=[requests[i].extended for i in usable],
            extension_dates=[requests[i].extension_notice_date for i in usable],
            extension_reasons=[requests[i].extension_reason for i in usable],
            notice_dates=[requests[i].notice_date for i in usable], rules=rules,
        )
        in_force = dict(zip(usable, cols.deadline.tolist()))
    else:
        in_force = {i: deadlines[i] for i in usable} if deadlines is not None else {}
    out: dict[str, LinkedRequest] = {}
    for i in usable:
        r = requests[i]
        key = number_key(r.number)
        if key not in out:
            out[key] = LinkedRequest(r, r.election, in_force[i])
    return out


def number_key(number: str) -> str:
    """A registration number as compared: case and inner spaces folded."""
    return " ".join(number.split()).casefold()
