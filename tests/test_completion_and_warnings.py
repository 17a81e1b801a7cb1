"""Issue 13: rows waiting for the completion of requirements (status, deadlines, trace, "Perlu
Tindakan"), and the unsure/estimated-calendar warnings on every date of the chain."""

from __future__ import annotations

import dataclasses

from automation.rules.calendar import WorkCalendar
from automation.rules.config import default_config
from automation.rules.deadlines import due_chain
from sheets.layout import REQUESTS
from tests.register_factory import DECIDED, D, check, request

TODAY = D("2026-12-09")  # Rabu


def _trace(b, row: int = 1) -> str:
    return b.tabs[REQUESTS.name][row][REQUESTS.headers.index("Jejak Perhitungan")]


def test_waiting_for_completion_has_its_status_deadline_and_action() -> None:
    # received Mon 07-12-2026: notice of what is missing due +3 HK = Thu 10-12-2026 (no holiday)
    result, b = check(TODAY, request(received=D("2026-12-07"), missing_requirements="Salinan KTP"))
    row = result.rows_json["rows"]
    (j,) = row.values()
    assert j["status"] == "Menunggu Kelengkapan" and "MENUNGGU KELENGKAPAN" in j["flags"]
    (action,) = result.actions
    assert "Kirim Pemberitahuan Kelengkapan Persyaratan paling lambat Kam 10-12-2026" in action.action
    assert "Kelengkapan persyaratan: pemberitahuan paling lambat Kam 10-12-2026 (3 HK sejak diterima)" in _trace(b)


def test_completion_deadline_counts_from_the_notice_and_is_configurable() -> None:
    # notice sent Tue 08-12-2026; requester completes within 3 HK: Fri 11-12-2026
    result, b = check(TODAY, request(received=D("2026-12-07"), missing_requirements="Salinan KTP",
                                     completion_notice_date=D("2026-12-08")))
    (action,) = result.actions
    assert "Tunggu pemohon melengkapi persyaratan sampai Jum 11-12-2026" in action.action
    # the office sets 2 + 2 working days instead: notice by Wed 09-12, completion by Thu 10-12
    base = default_config()
    cfg = dataclasses.replace(base, deadlines=dataclasses.replace(base.deadlines, completion_notice_days=2,
                                                                   completion_days=2))
    result, b = check(TODAY, request(received=D("2026-12-07"), missing_requirements="Salinan KTP",
                                     completion_notice_date=D("2026-12-08")), config=cfg)
    assert "pemberitahuan paling lambat Rab 09-12-2026 (2 HK sejak diterima)" in _trace(b)
    assert "pemohon melengkapi paling lambat Kam 10-12-2026 (2 HK)" in _trace(b)


def test_completed_or_decided_rows_no_longer_wait() -> None:
    result, _ = check(TODAY, request(received=D("2026-12-07"), missing_requirements="Salinan KTP",
                                     completion_notice_date=D("2026-12-08"), completed_date=D("2026-12-09")))
    (j,) = result.rows_json["rows"].values()
    assert j["status"] == "Diproses" and "MENUNGGU KELENGKAPAN" not in j["flags"]


def test_every_date_of_the_chain_carries_its_warnings() -> None:
    cal = WorkCalendar.build()
    # received Thu 01-10-2026: notice due 15-10-2026 and extension in 2026 (final calendar), but the
    # objection answer and the Komisi Informasi dates fall in 2027, whose calendar is estimated.
    chain = due_chain(D("2026-10-01"), "badan-publik", cal)
    steps = {s["key"]: s for s in chain["steps"]}
    assert steps["pemberitahuan"]["warnings"] == [] and steps["perpanjangan"]["warnings"] == []
    assert steps["sengketa_ki"]["date"].startswith("2027")
    assert "kalender 2027 masih perkiraan" in steps["sengketa_ki"]["warnings"]
    assert "kalender 2027 masih perkiraan" in steps["tanggapan_keberatan"]["warnings"]
    assert "kalender 2027 masih perkiraan" in chain["trace"]
    # received Wed 20-05-2026: the count skips Idul Adha 27-05-2026, marked unsure in the official list
    chain = due_chain(D("2026-05-20"), "badan-publik", cal)
    (notice,) = [s for s in chain["steps"] if s["key"] == "pemberitahuan"]
    assert any("27-05-2026" in w and "belum pasti" in w for w in notice["warnings"])
    assert "belum pasti" in chain["trace"]


def test_row_trace_warns_up_to_the_objection_date() -> None:
    # notice Tue 01-12-2026: objection filing due 30 HK later, in January 2027 (estimated calendar)
    result, b = check(D("2026-12-02"), request(**{**DECIDED, "received": D("2026-11-23"),
                                                  "notice_date": D("2026-12-01")}))
    (j,) = result.rows_json["rows"].values()
    assert j["objection_deadline"].startswith("2027-01")
    assert "kalender 2027 masih perkiraan" in _trace(b)


def test_ppid_due_prints_a_warning_under_each_uncertain_step(capsys) -> None:
    from automation.cli.main import main

    assert main(["due", "2026-10-01"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    ki = next(i for i, line in enumerate(lines) if line.startswith("Batas pengajuan sengketa ke Komisi Informasi"))
    assert "kalender 2027 masih perkiraan" in lines[ki + 1] and "perhatian" in lines[ki + 1]
    notice = next(i for i, line in enumerate(lines) if line.startswith("Batas pemberitahuan tertulis"))
    assert "perhatian" not in lines[notice + 1]


def test_every_flag_has_its_reason_in_words() -> None:
    from automation.rules.flags import FLAGS, REASONS

    assert set(REASONS) == set(FLAGS)  # a flag without one would stop the check (KeyError)
