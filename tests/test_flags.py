"""Status and Bendera per row, dates checked by hand against the official calendar
(/work/shared/holidays-id-2024-2026.csv, SKB 1497/2025).

The worked example used throughout: received Mon 11-05-2026.
  Working days after it: Tue 12 (1), Wed 13 (2), [Thu 14 Kenaikan Yesus Kristus, Fri 15 cuti bersama],
  Mon 18 (3), Tue 19 (4), Wed 20 (5), Thu 21 (6), Fri 22 (7), Mon 25 (8), Tue 26 (9),
  [Wed 27 Idul Adha, Thu 28 cuti bersama], Fri 29 (10) -> notice due Fri 29-05-2026.
  Extension +7: [Mon 01-06 Hari Lahir Pancasila], Tue 2 (1), Wed 3 (2), Thu 4 (3), Fri 5 (4), Mon 8 (5),
  Tue 9 (6), Wed 10 (7) -> Wed 10-06-2026 (as in DOMAIN.md).
"""

from __future__ import annotations

import pytest

from automation.rules import flags as F
from sheets.layout import DIK, REQUESTS
from tests.register_factory import DECIDED, D, cell, check, request, row

RECEIVED = D("2026-05-11")
DONE = {**DECIDED, "notice_date": D("2026-05-29")}
EXTENSION = {"extended": "Ya", "extension_reason": "Informasi belum dikuasai/belum didokumentasikan"}


def run(today: str, **values):
    result, b = check(D(today), request(received=RECEIVED, **values),
                      dik=[row(DIK, code="DIK-07", information="Rekam medis", article="huruf h",
                                keywords="rekam medis; riwayat kesehatan")])
    return result, b, result.rows_json["rows"]["001/PPID/V/2026"]


def test_diproses_remaining_working_days() -> None:
    # today Mon 18-05: left Tue 19, Wed 20, Thu 21, Fri 22, Mon 25, Tue 26, Fri 29 = 7
    _, b, j = run("2026-05-18")
    assert (j["status"], j["due"], j["remaining"], j["flags"]) == (F.DIPROSES, "2026-05-29", 7, [])
    assert cell(b, 2, "due") == D("2026-05-29") and cell(b, 2, "remaining") == 7
    assert cell(b, 2, "status") == "Diproses" and cell(b, 2, "flags") in ("", None)


@pytest.mark.parametrize(("today", "remaining", "flagged"), [
    ("2026-05-22", 3, False),  # Fri 22-05: Mon 25, Tue 26, Fri 29 left
    ("2026-05-25", 2, True),   # Mon 25-05: Tue 26, Fri 29 (27 and 28 are days off)
    ("2026-05-26", 1, True),   # Tue 26-05: Fri 29
    ("2026-05-29", 0, True),   # the day itself
])
def test_jatuh_tempo_within_two_working_days(today: str, remaining: int, flagged: bool) -> None:
    result, _, j = run(today)
    assert j["remaining"] == remaining
    assert (F.JATUH_TEMPO in j["flags"]) is flagged
    if flagged:
        (action,) = result.actions
        assert action.action == "Kirim pemberitahuan tertulis paling lambat Jum 29-05-2026"


def test_terlambat_and_risiko_keberatan() -> None:
    # today Tue 02-06: the deadline Fri 29-05 passed; Mon 01-06 is a holiday, so 1 working day late
    result, b, j = run("2026-06-02")
    assert j["status"] == F.TERLAMBAT_STATUS and j["remaining"] == -1
    assert j["flags"] == [F.TERLAMBAT, F.RISIKO_KEBERATAN]
    assert cell(b, 2, "flags") == "TERLAMBAT; RISIKO KEBERATAN"
    (action,) = result.actions
    assert action.priority == 0
    assert action.todo[0] == "Segera kirim pemberitahuan tertulis (batas sudah lewat)"
    assert action.timing == "terlambat 1 hari kerja (batas Jum 29-05-2026)" and action.days_late == 1
    assert action.priority_text == "1 - Terlambat: batas sudah lewat" and action.name == "Siti Aminah"
    assert result.exit_code == 1  # overdue needs a human


def test_diperpanjang_lawfully() -> None:
    # extension notice on day 10 (Fri 29-05) is in time: limit Wed 10-06; today Tue 02-06 leaves
    # Wed 3, Thu 4, Fri 5, Mon 8, Tue 9, Wed 10 = 6
    _, b, j = run("2026-06-02", **EXTENSION, extension_notice_date=D("2026-05-29"))
    assert (j["status"], j["due_extended"], j["deadline"], j["remaining"]) == (
        F.DIPERPANJANG, "2026-06-10", "2026-06-10", 6)
    assert j["flags"] == []
    assert cell(b, 2, "due_extended") == D("2026-06-10")


def test_perpanjangan_tidak_sah() -> None:
    # extension notice Tue 02-06 is after day 10 (Fri 29-05): not lawful, the limit stays Fri 29-05
    result, _, j = run("2026-06-02", **EXTENSION, extension_notice_date=D("2026-06-02"))
    assert j["deadline"] == "2026-05-29" and j["status"] == F.TERLAMBAT_STATUS
    assert F.PERPANJANGAN_TIDAK_SAH in j["flags"] and "PMH-025" in j["findings"]
    assert "batas tetap Jum 29-05-2026" in result.actions[0].action


def test_selesai_tepat_waktu() -> None:
    # notice on day 10 (Fri 29-05): on time, 10 working days taken
    _, b, j = run("2026-06-02", **DONE)
    assert (j["status"], j["days_taken"], j["remaining"], j["flags"]) == (F.SELESAI_TEPAT, 10, None, [])
    assert cell(b, 2, "days_taken") == 10


def test_selesai_terlambat_and_objection_deadline() -> None:
    # notice Tue 02-06 is day 11 (Mon 01-06 holiday). Objection window: 30 working days after
    # Tue 02-06: June 3,4,5,8,9,10,11,12,15 (9), [Tue 16-06 Tahun Baru Islam], 17,18,19,22,23,24,25,26,
    # 29,30 (19), July 1,2,3,6,7,8,9,10,13,14,15 (30) -> Wed 15-07-2026
    _, b, j = run("2026-06-03", **{**DONE, "notice_date": D("2026-06-02")})
    assert (j["status"], j["days_taken"]) == (F.SELESAI_TERLAMBAT, 11)
    assert j["objection_deadline"] == "2026-07-15" and j["flags"] == [F.RISIKO_KEBERATAN]
    assert cell(b, 2, "objection_deadline") == D("2026-07-15")
    _, _, j = run("2026-07-16", **{**DONE, "notice_date": D("2026-06-02")})
    assert j["flags"] == []  # the objection window has closed


def test_dikecualikan() -> None:
    refused = {**DONE, "decision": "Ditolak", "refusal_reason": "Dikecualikan Pasal 17 huruf h", "holding": "Dikuasai",
               "access_method": None, "form": None, "consequence_test": "UK-03/PPID/2026"}
    _, _, j = run("2026-06-02", **refused)
    # a refusal calls for the SK penolakan too
    assert j["flags"] == [F.DIKECUALIKAN, F.BELUM_ADA_SURAT] and j["findings"] == []
    letters = DONE["letters"] + "; SK Penolakan: 003/SK/PPID/V/2026"
    _, _, j = run("2026-06-02", **{**refused, "letters": letters})
    assert j["flags"] == [F.DIKECUALIKAN] and j["findings"] == []
    _, _, j = run("2026-05-18", dik_code="DIK-07")  # open, a DIK code given
    assert F.DIKECUALIKAN in j["flags"] and F.KEMUNGKINAN_DIKECUALIKAN not in j["flags"]


def test_kemungkinan_dikecualikan_is_only_a_suggestion() -> None:
    result, _, j = run("2026-05-18", information="Salinan REKAM  MEDIS anggota PPK")
    assert j["flags"] == [F.KEMUNGKINAN_DIKECUALIKAN] and j["status"] == F.DIPROSES
    assert "DIK-07 (saran, bukan keputusan)" in result.actions[0].action
    _, _, j = run("2026-05-18", information="Rekaman medsos KPU")  # no whole-word match
    assert j["flags"] == []


def test_data_tidak_lengkap() -> None:
    result, _, j = run("2026-05-18", purpose=None)
    assert j["flags"] == [F.DATA_TIDAK_LENGKAP]
    assert result.actions[0].action == "Lengkapi kolom Tujuan Penggunaan"
    assert result.actions[0].deadline == D("2026-05-29")


def test_belum_ada_surat_and_belum_disupervisi() -> None:
    _, _, j = run("2026-06-02", **{**DONE, "letters": None})
    assert j["flags"] == [F.BELUM_ADA_SURAT]
    # the receipt was issued but not the written notice: still missing a letter
    _, _, j = run("2026-06-02", **{**DONE, "letters": "Tanda Bukti Permohonan: 001/TT/PPID/V/2026"})
    assert j["flags"] == [F.BELUM_ADA_SURAT]
    _, _, j = run("2026-06-02", **{**DONE, "supervised": None})
    assert j["flags"] == [F.BELUM_DISUPERVISI]


def test_due_soon_days_is_configurable() -> None:
    import dataclasses

    from automation.rules.config import default_config

    cfg = default_config()
    cfg = dataclasses.replace(cfg, deadlines=dataclasses.replace(cfg.deadlines, due_soon_days=3))
    # Fri 22-05 leaves 3 working days: flagged with due_soon_days = 3
    result, _ = check(D("2026-05-22"), request(received=RECEIVED), config=cfg)
    assert result.rows_json["rows"]["001/PPID/V/2026"]["flags"] == [F.JATUH_TEMPO]


# One row showing each status and each flag, as hand-checked in the tests above. A status or flag
# added to flags.py without a row here fails the first test; a row that stops showing its
# status or flag fails the second.
SHOWN_BY = {
    F.DIPROSES: ("2026-05-18", {}),
    F.DIPERPANJANG: ("2026-06-02", {**EXTENSION, "extension_notice_date": D("2026-05-29")}),
    F.TERLAMBAT_STATUS: ("2026-06-02", {}),
    F.SELESAI_TEPAT: ("2026-06-02", DONE),
    F.SELESAI_TERLAMBAT: ("2026-06-03", {**DONE, "notice_date": D("2026-06-02")}),
    F.TERLAMBAT: ("2026-06-02", {}),
    F.PERPANJANGAN_TIDAK_SAH: ("2026-06-02", {**EXTENSION, "extension_notice_date": D("2026-06-02")}),
    F.JATUH_TEMPO: ("2026-05-26", {}),
    F.RISIKO_KEBERATAN: ("2026-06-02", {}),
    F.DATA_TIDAK_LENGKAP: ("2026-05-18", {"purpose": None}),
    F.DIKECUALIKAN: ("2026-05-18", {"dik_code": "DIK-07"}),
    F.KEMUNGKINAN_DIKECUALIKAN: ("2026-05-18", {"information": "Salinan rekam medis anggota PPK"}),
    F.BELUM_ADA_SURAT: ("2026-06-02", {**DONE, "letters": None}),
    F.BELUM_DISUPERVISI: ("2026-06-02", {**DONE, "supervised": None}),
    # issue 13: requirements still missing (status and flag); a letter held by an error on a cell it prints
    F.MENUNGGU_KELENGKAPAN_STATUS: ("2026-05-18", {"missing_requirements": "Salinan KTP"}),
    F.MENUNGGU_KELENGKAPAN: ("2026-05-18", {"missing_requirements": "Salinan KTP"}),
    F.SURAT_DITAHAN: ("2026-06-02", {**DONE, "letters": None, "fee": "lima ribu"}),
}


def test_every_flag_and_status_has_a_row_showing_it() -> None:
    assert set(SHOWN_BY) == set(F.FLAGS) | set(F.STATUSES)
    assert len(F.FLAGS) == 11 and len(F.STATUSES) == 6  # counted in flags.py
    assert REQUESTS.header("flags") == "Bendera"


@pytest.mark.parametrize("shown", sorted(SHOWN_BY))
def test_the_row_shows_its_status_or_flag(shown: str) -> None:
    today, values = SHOWN_BY[shown]
    _, _, j = run(today, **values)
    assert shown == j["status"] or shown in j["flags"], j


def test_objection_deadline_of_an_unanswered_row_counts_from_the_deadline_in_force() -> None:
    """Guards the request row's Batas Pengajuan Keberatan: for an open row past its deadline the
    reason to object arises when the deadline in force passes, the extended one when lawful.
    Lawful extension (notice Fri 29-05): limit Wed 10-06. Today Mon 15-06, unanswered: late.
    30 HK after Wed 10-06: June 11 (1), 12 (2), 15 (3), [Tue 16-06 Tahun Baru Islam], 17..19 (4-6),
    22..26 (7-11), 29, 30 (12, 13), July 1..3 (14-16), 6..10 (17-21), 13..17 (22-26), 20..23 (27-30)
    -> Thu 23-07-2026. (From the first due date, Fri 29-05, it would be Tue 14-07, as below.)
    Unlawful extension (notice Tue 02-06, after day 10): the deadline stays Fri 29-05; 30 HK after
    it: [Mon 01-06], June 2..5 (1-4), 8..12 (5-9), 15 (10), [16], 17..19 (11-13), 22..26 (14-18),
    29, 30 (19, 20), July 1..3 (21-23), 6..10 (24-28), 13, 14 (29, 30) -> Tue 14-07-2026."""
    _, b, j = run("2026-06-15", **EXTENSION, extension_notice_date=D("2026-05-29"))
    assert (j["status"], j["deadline"], j["objection_deadline"]) == (F.TERLAMBAT_STATUS, "2026-06-10", "2026-07-23")
    assert cell(b, 2, "objection_deadline") == D("2026-07-23")
    _, b, j = run("2026-06-15", **EXTENSION, extension_notice_date=D("2026-06-02"))
    assert (j["deadline"], j["objection_deadline"]) == ("2026-05-29", "2026-07-14")
    # not yet late: no reason to object has arisen, so no objection deadline
    _, b, j = run("2026-06-08", **EXTENSION, extension_notice_date=D("2026-05-29"))
    assert j["objection_deadline"] is None and cell(b, 2, "objection_deadline") in (None, "")


def test_action_texts_in_full() -> None:
    """The Perlu Tindakan instructions word for word (written against surviving mutants)."""
    # answered late on Tue 02-06 (day 11): objection window to Wed 15-07 (counted above)
    result, _, _ = run("2026-06-03", **{**DONE, "notice_date": D("2026-06-02")})
    assert result.actions[0].action == ("Pemohon dapat mengajukan keberatan (jawaban melewati batas waktu) sampai "
                                        "Rab 15-07-2026: hubungi pemohon dan tuntaskan permohonan")
    # open, a DIK keyword: decide by the notice deadline Fri 29-05
    result, _, _ = run("2026-05-18", information="Salinan rekam medis anggota PPK")
    assert result.actions[0].action == ("Periksa apakah termasuk DIK DIK-07 (saran, bukan keputusan); "
                                        "putuskan paling lambat Jum 29-05-2026")
    # decided and answered, no letter recorded: the receipt and the written notice are missing
    result, _, _ = run("2026-06-02", **{**DONE, "letters": None})
    assert result.actions[0].action == "Terbitkan surat: Tanda Bukti Permohonan, Pemberitahuan Tertulis (ppid notices)"


def test_flag_rows_puts_each_action_on_its_own_row() -> None:
    import datetime as dt

    from automation.rules.actions import Action

    late = (0, "Permohonan", "002/PPID/XI/2026", 3, (F.TERLAMBAT,), "Segera kirim", dt.date(2026, 11, 2), -4,
            "Budi", "Ani", F.REASONS[F.TERLAMBAT])
    soon = (2, "Permohonan", "004/PPID/XI/2026", 5, (F.JATUH_TEMPO,), "Kirim", dt.date(2026, 12, 1), 1, "", "Ina",
            F.REASONS[F.JATUH_TEMPO])
    rows = F.flag_rows([(F.DIPROSES, (), None), (F.TERLAMBAT_STATUS, (F.TERLAMBAT,), late), (F.SELESAI_TEPAT, (), None),
                        (F.DIPROSES, (F.JATUH_TEMPO,), soon)])
    assert rows == [F.RowFlags(F.DIPROSES, (), None), F.RowFlags(F.TERLAMBAT_STATUS, (F.TERLAMBAT,), Action(*late)),
                    F.RowFlags(F.SELESAI_TEPAT, (), None), F.RowFlags(F.DIPROSES, (F.JATUH_TEMPO,), Action(*soon))]
    assert rows[1].action.number == "002/PPID/XI/2026" and rows[3].action.remaining == 1  # type: ignore[union-attr]
    assert F.flag_rows([]) == [] and F.flag_rows([(F.DIPROSES, (), None)]) == [F.RowFlags(F.DIPROSES, (), None)]
