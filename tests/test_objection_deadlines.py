"""The objection deadlines and the linked request, written against mutants bench/mutation.py
found surviving in automation/rules/objection_deadlines.py. Dates counted by hand on the
official 2026 calendar (June: Mon 01-06 and Tue 16-06 off)."""

from __future__ import annotations

import dataclasses
import datetime as dt

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


def test_link_requests_computes_each_deadline_in_force() -> None:
    """Without deadlines from the check job, link_requests counts them itself, with every input.
    Calendar with a 15:00 cut-off; all received in May 2026 (Thu 14, Fri 15, Wed 27, Thu 28 off).
    1: Mon 11-05 -> due Fri 29-05 (tests/test_flags.py). 2: Mon 11-05 at 16:00 -> counts from Tue 12-05:
       13 (1), 18..22 (2-6), 25, 26 (7, 8), 29 (9), [01-06 off] Tue 02-06 (10).
    3: Mon 11-05, election track: 12 (1), 13 (2), 18 (3) -> Mon 18-05.
    4: Mon 11-05, lawful extension (notice Fri 29-05): +7 -> Wed 10-06 (tests/test_flags.py).
    5: extension without a reason: unlawful, stays Fri 29-05. 6: no receipt date: no deadline."""
    from automation.rules.calendar import CalendarOptions

    cal = WorkCalendar.build(CalendarOptions(cutoff=dt.time(15, 0)), years=range(2024, 2029))
    ext = {"extended": "Ya", "extension_notice_date": D("2026-05-29"),
           "extension_reason": "Informasi belum dikuasai/belum didokumentasikan"}
    rows = [
        request(number="001/PPID/V/2026", received=D("2026-05-11")),
        request(number="002/PPID/V/2026", received=D("2026-05-11"), received_time=dt.time(16, 0)),
        request(number="003/PPID/V/2026", received=D("2026-05-11"), category="Tahapan Pemilu/Pemilihan"),
        request(number="004/PPID/V/2026", received=D("2026-05-11"), **ext),
        request(number="005/PPID/V/2026", received=D("2026-05-11"), **{**ext, "extension_reason": None}),
        request(number="006/PPID/V/2026", received=None),
    ]
    links = link_requests(read_requests(backend(*rows).read().table(REQUESTS.name)), cal, D("2026-06-15"),
                          DEFAULT_RULES)
    assert [links[f"00{i}/ppid/v/2026"].deadline for i in range(1, 7)] == [
        D("2026-05-29"), D("2026-06-02"), D("2026-05-18"), D("2026-06-10"), D("2026-05-29"), None]
    assert links["003/ppid/v/2026"].election and not links["001/ppid/v/2026"].election
    # the rules given are the ones counted with: 4 election days -> 12, 13, 18, 19 -> Tue 19-05
    four = dataclasses.replace(DEFAULT_RULES, pemilu=dataclasses.replace(
        DEFAULT_RULES.pemilu, notice=dataclasses.replace(DEFAULT_RULES.pemilu.notice, working_days=4)))
    assert link_requests(read_requests(backend(rows[2]).read().table(REQUESTS.name)), cal, D("2026-06-15"),
                         four)["003/ppid/v/2026"].deadline == D("2026-05-19")
    # no deadline: never late; answered on the deadline day itself: not late
    assert not links["006/ppid/v/2026"].late_by(D("2026-12-31"))
    on_the_day = link_requests(read_requests(backend(request(
        number="001/PPID/V/2026", received=D("2026-05-11"), **{**DECIDED, "notice_date": D("2026-05-29")}),
    ).read().table(REQUESTS.name)), cal, D("2026-06-15"), DEFAULT_RULES)["001/ppid/v/2026"]
    assert not on_the_day.late_by(D("2026-06-15")) and on_the_day.answered_on_time


def test_one_objection_without_an_answer(cal: WorkCalendar) -> None:
    # registered Mon 11-05-2026, 30 HK: 12, 13 (2), [14, 15], 18..22 (7), 25, 26 (9), [27, 28], 29 (10),
    # [01-06], 2..5 (14), 8..12 (19), 15 (20), [16], 17..19 (23), 22..26 (28), 29, 30 -> Tue 30-06-2026;
    # no answer: no limit for the Komisi Informasi
    assert objection_deadlines(D("2026-05-11"), cal=cal) == {"answer_due": D("2026-06-30"), "commission_due": None}
