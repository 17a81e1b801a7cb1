"""The objection deadlines and the linked request, written against mutants bench/mutation.py
found surviving in automation/rules/objection_deadlines.py. Dates counted by hand on the
official 2026 calendar (June: Mon 01-06 and Tue 16-06 off)."""

from __future__ import annotations

import dataclasses

import pytest

from automation.rules.calendar import WorkCalendar
from automation.rules.deadlines import DEFAULT_RULES, DeadlineRule
from automation.rules.objection_deadlines import LinkedRequest, link_requests, number_key, objection_deadlines
from automation.rules.records import read_requests
from sheets.layout import REQUESTS
from tests.register_factory import DECIDED, D, backend, request


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar.build(years=range(2024, 2029))


def test_number_key_folds_case_and_inner_spaces() -> None:
    assert number_key("  001 /PPID\t /XI/2026 ") == "001 /ppid /xi/2026"


def test_commission_window_follows_the_track(cal: WorkCalendar) -> None:
    # A configuration giving the election track 2 HK to the Komisi Informasi. Answered Fri 29-05:
    # [Mon 01-06 off] Tue 02-06 (1), Wed 03-06 (2) -> election 03-06; badan publik 14 HK: 2..5 (1-4),
    # 8..12 (5-9), 15 (10), [16], 17, 18, 19 (11-13), 22 (14) -> Mon 22-06.
    c = DEFAULT_RULES.pemilu.commission
    rules = dataclasses.replace(DEFAULT_RULES, pemilu=dataclasses.replace(
        DEFAULT_RULES.pemilu, commission=DeadlineRule(c.key, c.label, 2, c.starts, c.source)))
    out = objection_deadlines([D("2026-05-04"), D("2026-05-04")], [D("2026-05-29"), D("2026-05-29")], cal=cal,
                              election=[False, True], rules=rules)
    assert [str(d) for d in out["commission_due"]] == ["2026-06-22", "2026-06-03"]


def _linked(cal: WorkCalendar, **values: object) -> LinkedRequest:
    snap = backend(request(number="001/PPID/V/2026", received=D("2026-05-11"), **values)).read()
    links = link_requests(read_requests(snap.table(REQUESTS.name)), cal, D("2026-06-15"), DEFAULT_RULES)
    return links[number_key("001/PPID/V/2026")]


def test_reason_arises_on_the_day_the_notice_came(cal: WorkCalendar) -> None:
    # received Mon 11-05-2026 -> due Fri 29-05 (tests/test_flags.py). Notice Wed 27-05 (on time);
    # an objection registered the same Wed 27-05 objects to that notice.
    link = _linked(cal, **{**DECIDED, "notice_date": D("2026-05-27")})
    assert link.deadline == D("2026-05-29") and link.answered_on_time
    assert link.reason_arises(D("2026-05-27")) == (D("2026-05-27"), "pemberitahuan tertulis")
    assert link.reason_arises(D("2026-05-26")) is None  # neither notice nor missed deadline yet
    assert not link.late_by(D("2026-05-27"))


def test_reason_arises_when_the_deadline_passed(cal: WorkCalendar) -> None:
    link = _linked(cal)  # never answered
    assert link.reason_arises(D("2026-05-29")) is None  # the deadline day itself: not missed yet
    assert link.reason_arises(D("2026-06-02")) == (D("2026-05-29"), "batas waktu permohonan terlewati")
    assert (link.late_by(D("2026-05-29")), link.late_by(D("2026-06-02"))) == (False, True)
