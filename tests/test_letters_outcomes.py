"""Issue 13: each outcome gets the letter the law asks for. Every test renders the real template
(docx), reads its text back, and asserts the right sentence and the absence of the wrong one."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest

from automation.letters.issue import plan_notices, render_notices
from automation.letters.render import (
    KINDS_BY_KEY,
    build_context,
    docx_text,
    missing_fields,
    render_letter,
)
from automation.rules.config import load_config
from automation.rules.letter_kinds import letters_missing, needs_refusal_decision
from automation.rules.office_calendar import office_calendar
from automation.rules.records import DikEntry, Objection, Request, read_objections, read_requests
from sheets.layout import DIK, OBJECTIONS, REQUESTS
from sheets.memory import table_from_grid
from tests.conftest import REPO
from tests.letter_fixtures import backend, grid, objection, request

CONFIG = load_config(REPO / "automation" / "data" / "config.toml")
CAL = office_calendar(CONFIG, None).calendar
BOILERPLATE = "berdasarkan uji konsekuensi, membuka informasi tersebut dapat menimbulkan akibat"


def req(**changes: object) -> Request:
    return read_requests(table_from_grid(REQUESTS.name, grid(REQUESTS, [request(**changes)])))[0]


def obj(**changes: object) -> Objection:
    return read_objections(table_from_grid(OBJECTIONS.name, grid(OBJECTIONS, [objection(**changes)])))[0]


def text_of(kind_key: str, record, tmp_path: Path, dik: dict | None = None, cfg=CONFIG) -> str:
    kind = KINDS_BY_KEY[kind_key]
    ctx = build_context(kind, record, number="009/XX/PPID/XII/2026", date=getattr(record, kind.date_field),
                        cfg=cfg, cal=CAL, dik=dik or {})
    docx, txt = render_letter(kind, ctx, tmp_path / f"{kind.slug}.docx")
    text = " ".join(docx_text(docx).split())
    assert " ".join(txt.read_text(encoding="utf-8").split()) == text  # the message copy says the same
    return text


DIK_H = {"DIK-KPU-02": DikEntry("DIK-KPU-02", "Rekam medis calon", "huruf h", "Penetapan PPID No. 05/2025",
                                "membuka rekam medis calon mengungkap keadaan kesehatan yang dilindungi",
                                None, None, (), 3)}


# 1. not held / not documented: a written notice, no SK, the objection ground that fits
def test_not_held_is_not_a_pasal_17_refusal(tmp_path: Path) -> None:
    r = req(decision="Ditolak", refusal_reason="Belum Dikuasai", holding="Tidak Dikuasai",
            other_body="Bawaslu Kabupaten Sarolangun")
    text = text_of("notice", r, tmp_path)
    assert "tidak berada di bawah penguasaan" in text
    assert "dikuasai oleh Bawaslu Kabupaten Sarolangun" in text
    assert "Pasal 35 ayat (1) huruf d atau e" in text
    assert "huruf a" not in text.split("Apabila Saudara")[1].split("sesuai")[0]
    assert "Permohonan DITOLAK" not in text and "bukan penolakan" in text
    assert not needs_refusal_decision(r)
    assert [k.key for k in letters_missing(r, "requests")] == ["receipt", "notice"]


def test_not_documented_says_so_and_names_no_body_when_unknown(tmp_path: Path) -> None:
    r = req(decision="Ditolak", refusal_reason="Belum Didokumentasikan", holding="Belum Didokumentasikan")
    text = text_of("notice", r, tmp_path)
    assert "belum didokumentasikan oleh KPU Kabupaten Sarolangun" in text
    assert "tidak mengetahui badan publik lain" in text
    assert "Uji konsekuensi" not in text


# 2. incomplete requirements: the new letter, its deadline; and the notice when never completed
def test_completion_letter_names_what_is_missing_and_the_deadline(tmp_path: Path) -> None:
    r = req(decision=None, notice_date=None, missing_requirements="Salinan KTP pemohon",
            completion_notice_date="01-12-2026")
    text = text_of("completion", r, tmp_path)
    # Tue 01-12-2026 + 3 working days (Wed 2, Thu 3, Fri 4; no holiday) = Fri 04-12-2026
    assert "Salinan KTP pemohon" in text and "paling lambat Jumat, 4 Desember 2026" in text
    assert "3 (tiga) hari kerja sejak tanggal surat ini" in text
    assert "tidak dapat diproses" in text and "Peraturan KPU Nomor 22 Tahun 2023" in text
    assert "DITOLAK" not in text


def test_never_completed_is_not_processed_not_refused(tmp_path: Path) -> None:
    r = req(decision="Ditolak", refusal_reason="Syarat Tidak Lengkap", missing_requirements="Surat kuasa")
    text = text_of("notice", r, tmp_path)
    assert "tidak dapat diproses karena persyaratan permohonan tidak dilengkapi" in text and "Surat kuasa" in text
    assert "Permohonan DITOLAK" not in text
    assert not needs_refusal_decision(r)


# 3. granted in part: the material withheld, its Pasal 17 letter, and a refusal decision for it
def test_partial_grant_names_withheld_material_and_gets_an_sk(tmp_path: Path) -> None:
    r = req(decision="Diterima Sebagian", refusal_reason="Dikecualikan Pasal 17 huruf h",
            withheld="NIK dan nomor KK pemilih", dik_code="DIK-KPU-02")
    notice = text_of("notice", r, tmp_path, DIK_H)
    assert "kecuali NIK dan nomor KK pemilih" in notice and "Pasal 17 huruf h" in notice
    assert "Alasan penolakan: -" not in notice and "Tidak ada bagian yang dihitamkan" not in notice
    assert needs_refusal_decision(r)
    sk = text_of("refusal", r, tmp_path, DIK_H)
    assert "PENOLAKAN SEBAGIAN" in sk and "DITOLAK UNTUK BAGIAN: NIK DAN NOMOR KK PEMILIH" in sk
    # withheld material missing: the letter waits for it
    assert "Materi yang Dikecualikan kosong" in missing_fields(KINDS_BY_KEY["notice"], req(
        decision="Diterima Sebagian", refusal_reason="Dikecualikan Pasal 17 huruf h"))


# 4. huruf j names the other law; consequences come from the DIK entry; DIK code alone is enough
def test_pasal_17_j_names_the_other_law(tmp_path: Path) -> None:
    r = req(decision="Ditolak", refusal_reason="Dikecualikan Pasal 17 huruf j", consequence_test="Penetapan 9/2026",
            other_law="Undang-Undang Nomor 24 Tahun 2013 Pasal 79 ayat (1)")
    sk = text_of("refusal", r, tmp_path)
    assert "Pasal 17 huruf j" in sk and "Undang-Undang Nomor 24 Tahun 2013 Pasal 79 ayat (1)" in sk
    assert BOILERPLATE not in sk and "Penetapan 9/2026" in sk
    assert "Undang-Undang Lain (Pasal 17 j) kosong" in missing_fields(
        KINDS_BY_KEY["refusal"], req(decision="Ditolak", refusal_reason="Dikecualikan Pasal 17 huruf j"))


def test_refusal_by_dik_code_alone_cites_the_dik_entry(tmp_path: Path) -> None:
    r = req(decision="Ditolak", refusal_reason=None, dik_code="dik-kpu-02")
    assert missing_fields(KINDS_BY_KEY["refusal"], r, DIK_H) == []
    assert missing_fields(KINDS_BY_KEY["notice"], r, DIK_H) == []
    sk = text_of("refusal", r, tmp_path, DIK_H)
    assert "Pasal 17 huruf h" in sk and "mengungkap keadaan kesehatan yang dilindungi" in sk
    assert BOILERPLATE not in sk
    assert "sejak tanggal keputusan ini" in sk and "sejak diterimanya" not in sk  # 13: counted from its date


# 5. the objection answer addresses the ground raised
def test_objection_about_cost_is_answered_about_cost(tmp_path: Path) -> None:
    o = obj(ground_a=None, ground_e=None, ground_f="Ya", decision="Dikabulkan Sebagian",
            reasoning="Biaya disesuaikan dengan biaya cetak hitam putih.")
    text = text_of("objection_answer", o, tmp_path)
    assert "huruf f (pengenaan biaya yang tidak wajar)" in text and "biaya ditinjau kembali" in text
    assert "Biaya disesuaikan dengan biaya cetak hitam putih." in text
    assert "Sebagian informasi yang dimohon akan diberikan" not in text
    assert "sejak tanggal tanggapan ini" in text and "sejak diterimanya" not in text


# 6. a letter printing a cell with an error finding is held, and "Perlu Tindakan" says why
def test_letter_contradicting_an_error_finding_is_held(tmp_path: Path) -> None:
    from automation.check.job import run_check

    cfg = dataclasses.replace(CONFIG, output=dataclasses.replace(CONFIG.output, letters=tmp_path))
    b = backend([request(fee="lima ribu")])
    plan = plan_notices(b.read(), cfg, CAL, dt.date(2026, 12, 15))
    assert [p.kind.key for p in plan.letters] == ["receipt"]
    (held,) = plan.blocked
    assert held.kind.key == "notice" and "PMH-026" in held.message() and "Biaya (Rp)" in held.message()
    result = run_check(b.read(), cfg, dt.date(2026, 12, 15), dt.datetime(2026, 12, 15, 8))
    (action,) = [a for a in result.actions if a.row == 2]
    assert "SURAT DITAHAN" in action.flags and "Pemberitahuan Tertulis ditahan" in action.action
    assert "PMH-026" in action.action


# 7. Status Penguasaan blank: the notice waits for it
def test_notice_needs_status_penguasaan(tmp_path: Path) -> None:
    assert "Status Penguasaan kosong" in missing_fields(KINDS_BY_KEY["notice"], req(holding=None))


# 9 and 10: addressee and huruf f as a sentence
def test_organisations_are_addressed_as_organisations(tmp_path: Path) -> None:
    org = text_of("notice", req(requester_type="Badan Hukum", name="PT Media Jambi Ekspres"), tmp_path)
    assert "Yth. Pimpinan PT Media Jambi Ekspres" in org and "Sdr./Sdri. PT" not in org
    person = text_of("notice", req(), tmp_path)
    assert "Yth. Sdr./Sdri. Siti Rahmawati" in person


def test_delivery_is_a_sentence(tmp_path: Path) -> None:
    text = text_of("notice", req(), tmp_path)  # Softcopy, Mendapatkan Salinan, Email
    assert "dalam bentuk salinan elektronik (softcopy), dikirim melalui email" in text
    assert "Softcopy; Mendapatkan Salinan" not in text


# 11: the message copies read like messages
def test_no_txt_copy_has_an_empty_line_pattern(tmp_path: Path) -> None:
    cfg = dataclasses.replace(CONFIG, output=dataclasses.replace(CONFIG.output, letters=tmp_path))
    rows = [request(), request(number="002/PPID/XII/2026", received="01-12-2026", name="Budi", decision="Ditolak",
                               refusal_reason="Dikecualikan Pasal 17 huruf h", consequence_test="Penetapan 1",
                               extended="Ya", extension_reason="Belum dapat diputuskan apakah informasi dikecualikan",
                               extension_notice_date="14-12-2026", notice_date="15-12-2026",
                               missing_requirements="Salinan KTP", completion_notice_date="02-12-2026")]
    b = backend(rows, [objection(request_number="002/PPID/XII/2026")])
    plan = plan_notices(b.read(), cfg, CAL, dt.date(2027, 3, 1))
    assert {p.kind.key for p in plan.letters} == set(KINDS_BY_KEY)
    for docx in render_notices(plan, cfg):
        text = docx.with_suffix(".txt").read_text(encoding="utf-8")
        assert not re.search(r"(/\s*){2,}", text.replace("https://", "")), docx.name  # "Pemohon, /  /  / "
        assert "\n\n\n" not in text, docx.name
        assert not re.search(r"^[ \t|:/-]+$", text, re.M), docx.name  # no line of separators or a bare "-"
        assert not re.search(r": -$", text, re.M), docx.name  # no empty field "Nama Kuasa: -"
        assert text.rstrip().splitlines()[-1].startswith(("NIP ", "2. Arsip", "3. Arsip")), docx.name


# 13: logo and tembusan
def test_logo_and_tembusan_from_config(tmp_path: Path) -> None:
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (120, 120), "red").save(logo)
    cfg = dataclasses.replace(CONFIG, office=dataclasses.replace(CONFIG.office, logo=logo))
    kind = KINDS_BY_KEY["refusal"]
    r = req(decision="Ditolak", refusal_reason="Dikecualikan Pasal 17 huruf h", consequence_test="Penetapan 1")
    ctx = build_context(kind, r, number="1/SK", date=r.notice_date, cfg=cfg, cal=CAL)
    docx, txt = render_letter(kind, ctx, tmp_path / "sk.docx")
    with zipfile.ZipFile(docx) as z:
        assert any(n.startswith("word/media/") for n in z.namelist())
    text = txt.read_text(encoding="utf-8")
    assert "Tembusan:\n1. Atasan PPID KPU Kabupaten Sarolangun\n2. Arsip" in text  # config.toml [tembusan] refusal
    # no tembusan configured for the written notice: no line at all
    assert "Tembusan" not in text_of("notice", req(), tmp_path)


@pytest.mark.parametrize("key", ["notice", "refusal", "extension", "receipt"])
def test_periods_name_their_legal_source(key: str, tmp_path: Path) -> None:
    extra = {"refusal": dict(decision="Ditolak", refusal_reason="Dikecualikan Pasal 17 huruf h",
                             consequence_test="Penetapan 1"),
             "extension": dict(extended="Ya", extension_reason="Belum dapat diputuskan apakah informasi dikecualikan",
                               extension_notice_date="10-12-2026")}.get(key, {})
    text = text_of(key, req(**extra), tmp_path)
    assert "Undang-Undang Nomor 14 Tahun 2008" in text
    assert "Peraturan KPU Nomor 22 Tahun 2023 sebagaimana telah diubah terakhir dengan Peraturan KPU Nomor 4 Tahun 2025" \
        in text
    if key == "receipt":  # counted from the day printed: received Fri 27-11-2026 10:15, no cut-off
        assert "10 (sepuluh) hari kerja terhitung sejak Jumat, 27 November 2026" in text


def test_dik_tab_has_the_consequence_column() -> None:
    assert DIK.header("consequence") == "Konsekuensi Bila Dibuka"
