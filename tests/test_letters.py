"""Letter templates and rendering: every placeholder filled, the row's facts in the .docx,
requester text printed literally, Indonesian dates and Rupiah."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from docx import Document

from automation.letters.render import (
    KINDS,
    KINDS_BY_KEY,
    TEMPLATES_DIR,
    LetterKind,
    TemplateProblem,
    build_context,
    docx_text,
    missing_fields,
    render_docx,
    render_letter,
    template_placeholders,
    templates_markdown,
    terbilang,
)
from automation.rules.config import load_config
from automation.rules.office_calendar import office_calendar
from automation.rules.records import Objection, Request, read_objections, read_requests
from sheets.layout import OBJECTIONS, REQUESTS
from sheets.memory import table_from_grid
from tests.conftest import REPO
from tests.letter_fixtures import grid, objection, request

CONFIG = load_config(REPO / "automation" / "data" / "config.toml")


@pytest.fixture(scope="module")
def cal():
    return office_calendar(CONFIG, None).calendar


def req(**changes: object) -> Request:
    return read_requests(table_from_grid(REQUESTS.name, grid(REQUESTS, [request(**changes)])))[0]


def obj(**changes: object) -> Objection:
    return read_objections(table_from_grid(OBJECTIONS.name, grid(OBJECTIONS, [objection(**changes)])))[0]


def record_for(kind: LetterKind, **changes: object) -> Request | Objection:
    """A row that calls for `kind`, with every field filled."""
    if kind.register == "objections":
        return obj(**changes)
    extra: dict[str, object] = {}
    if kind.key == "extension":
        extra = {"extended": "Ya", "extension_reason": "Informasi belum dikuasai/belum didokumentasikan",
                 "extension_notice_date": "10-12-2026"}
    if kind.key == "completion":
        extra = {"missing_requirements": "Salinan KTP", "completion_notice_date": "01-12-2026"}
    if kind.key == "refusal":
        extra = {"decision": "Ditolak", "refusal_reason": "Dikecualikan Pasal 17 huruf h",
                 "consequence_test": "Penetapan Uji Konsekuensi Nomor 3/PPID/2024"}
    return req(**{**extra, **changes})


def render(kind: LetterKind, record, tmp_path: Path, cal, number: str = "007/XX/PPID/XII/2026") -> Path:
    date = getattr(record, kind.date_field)
    ctx = build_context(kind, record, number=number, date=date, cfg=CONFIG, cal=cal)
    docx, _ = render_letter(kind, ctx, tmp_path / f"{kind.slug}.docx")
    return docx


def all_text(path: Path) -> str:
    """Text of every paragraph and table cell, read with python-docx."""
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(c.text for c in row.cells)
    return "\n".join(parts)


def test_six_templates_exist_one_per_kind() -> None:
    assert all((TEMPLATES_DIR / k.template).is_file() for k in KINDS)
    assert len({k.template for k in KINDS}) == len(KINDS)
    assert len({k.code for k in KINDS}) == len(KINDS)
    assert len({k.slug for k in KINDS}) == len(KINDS)


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.key)
def test_each_tag_sits_in_one_run(kind: LetterKind) -> None:
    xml = zipfile.ZipFile(TEMPLATES_DIR / kind.template).read("word/document.xml").decode()
    for text in re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml):
        assert text.count("{{") == text.count("}}"), text
        assert text.count("{%") == text.count("%}"), text


@pytest.fixture(scope="module", params=KINDS, ids=lambda k: k.key)
def full_letter(request, tmp_path_factory, cal) -> tuple[LetterKind, Request | Objection, Path]:
    """Each kind rendered once from a row with every field filled: (kind, record, docx)."""
    kind = request.param
    record = record_for(kind)
    return kind, record, render(kind, record, tmp_path_factory.mktemp(kind.slug), cal)


def test_every_placeholder_filled_none_left(full_letter) -> None:
    kind, record, out = full_letter
    assert missing_fields(kind, record) == []
    xml = zipfile.ZipFile(out).read("word/document.xml").decode()
    assert "{{" not in xml and "{%" not in xml and "}}" not in xml
    text = all_text(out)
    assert "{{" not in text and "{%" not in text
    # every placeholder of the template has a non-empty value for a full row, and that value is
    # printed in the letter (a placeholder rendering "" would leave a hole StrictUndefined misses)
    ctx = build_context(kind, record, number="007/XX/PPID/XII/2026", date=getattr(record, kind.date_field),
                        cfg=CONFIG, cal=office_calendar(CONFIG, None).calendar)
    flat = " ".join(text.split()).casefold()  # some templates print a value in capitals
    placeholders = template_placeholders(TEMPLATES_DIR / kind.template)
    assert "nomor_surat" in placeholders and ("ppid.nama" in placeholders or "atasan.nama" in placeholders)
    for name in placeholders:
        if name in ("kantor.logo", "tembusan"):  # a picture and the copy list: "" when config.toml has none
            continue
        value: object = ctx
        for part in name.split("."):
            value = value[part]  # type: ignore[index]
        assert isinstance(value, str) and value.strip(), name
        assert " ".join(value.split()).casefold() in flat, (name, value)


def test_the_row_facts_are_in_the_letter(full_letter) -> None:
    kind, record, out = full_letter
    text = all_text(out)
    date = getattr(record, kind.date_field)
    facts = [
        "007/XX/PPID/XII/2026",
        "KOMISI PEMILIHAN UMUM KABUPATEN SAROLANGUN",
        record.name,
        CONFIG.ppid.nip if kind.signer == "ppid" else CONFIG.superior.nip,
        CONFIG.ppid.name if kind.signer == "ppid" else CONFIG.superior.name,
    ]
    if kind.register == "requests":
        facts += [record.number, record.information]
    else:
        facts += [record.number, record.request_number]
    if kind.key not in ("receipt", "objection_receipt"):
        facts.append(f"Sarolangun, {date.day} {['Desember', 'Januari'][date.month == 1]} {date.year}")
    for fact in facts:
        assert fact in text, (kind.key, fact)


def test_written_notice_has_every_element_of_article_22_7(tmp_path: Path, cal) -> None:
    text = all_text(render(KINDS_BY_KEY["notice"], req(), tmp_path, cal))
    assert "Pasal 22 ayat (7) Undang-Undang Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik (huruf a-g)" in text
    doc = Document(str(tmp_path / "pemberitahuan.docx"))
    numbers = [row.cells[0].text for row in doc.tables[-1].rows]
    assert [n for n in numbers if n] == ["a.", "b.", "c.", "c.", "d.", "e.", "f.", "g."]
    assert "Sarolangun, 11 Desember 2026" in text  # the notice date in the row, not today
    assert "Rp 150.000" in text and "tunai" in text
    assert "berada di bawah penguasaan KPU Kabupaten Sarolangun" in text
    assert "Permohonan DITERIMA" in text
    assert "Senin, 14 Desember 2026" in text  # when the information is given
    # last day to object: 30 working days after Fri 11 Dec 2026. Off: 24-25 Dec (official CSV),
    # 1 Jan and Tue 5 Jan 2027 (Isra Mi'raj; 2027 is the holidays package's estimate). Count:
    # 14-18 Dec (5), 21-23 (8), 28-31 (12), 4 Jan (13), 6-8 (16), 11-15 (21), 18-22 (26), 25-28 (30)
    assert "Kamis, 28 Januari 2027" in text


def test_partial_notice_explains_the_blacked_out_parts(tmp_path: Path, cal) -> None:
    record = req(decision="Diterima Sebagian", refusal_reason="Dikecualikan Pasal 17 huruf h")
    text = all_text(render(KINDS_BY_KEY["notice"], record, tmp_path, cal))
    assert "DITERIMA SEBAGIAN" in text
    assert "dihitamkan" in text and "Pasal 17 huruf h" in text


def test_refusal_decision_cites_pasal_17_the_test_and_the_objection_deadline(tmp_path: Path, cal) -> None:
    record = record_for(KINDS_BY_KEY["refusal"])
    text = all_text(render(KINDS_BY_KEY["refusal"], record, tmp_path, cal))
    assert "Pasal 17 huruf h" in text and "mengungkap rahasia pribadi" in text
    assert "Penetapan Uji Konsekuensi Nomor 3/PPID/2024" in text
    assert "PERMOHONAN INFORMASI DITOLAK" in text
    assert "30 (tiga puluh) hari kerja" in text and "Atasan PPID" in text
    assert "Kamis, 28 Januari 2027" in text
    assert "Wartawan" in text and "081234567890" in text  # occupation and contact (Model PPID-E)


def test_extension_letter_gives_the_reason_and_the_new_due_date(tmp_path: Path, cal) -> None:
    record = record_for(KINDS_BY_KEY["extension"])
    text = all_text(render(KINDS_BY_KEY["extension"], record, tmp_path, cal))
    assert "Informasi belum dikuasai/belum didokumentasikan" in text
    # received Fri 27 Nov 2026: day 10 = Fri 11 Dec, day 17 = Tue 22 Dec 2026
    assert "Jumat, 11 Desember 2026" in text
    assert "Selasa, 22 Desember 2026" in text
    assert "Sarolangun, 10 Desember 2026" in text


def test_objection_answer_gives_the_commission_deadline(tmp_path: Path, cal) -> None:
    text = all_text(render(KINDS_BY_KEY["objection_answer"], obj(), tmp_path, cal))
    assert "DIKABULKAN SEBAGIAN" in text
    assert "Komisi Informasi Provinsi Jambi" in text
    # 14 working days after Tue 12 Jan 2027
    assert "Senin, 1 Februari 2027" in text
    assert "Sarolangun, 12 Januari 2027" in text


def test_objection_receipt_gives_the_answer_deadline(tmp_path: Path, cal) -> None:
    text = all_text(render(KINDS_BY_KEY["objection_receipt"], obj(), tmp_path, cal))
    assert "a. Penolakan berdasarkan alasan pengecualian Pasal 17" in text
    assert "e. Tidak dipenuhinya permintaan informasi" in text
    assert "30 (tiga puluh) hari kerja" in text
    assert "Kamis, 18 Februari 2027" in text  # 30 working days after Wed 6 Jan 2027 (Imlek 5-6 Feb)


NASTY = 'PT "Maju & Jaya" <Tbk> {{ kantor.nama }} {% if 1 %}x{% endif %} {_{ y }_}'


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.key)
def test_requester_text_prints_literally(kind: LetterKind, tmp_path: Path, cal) -> None:
    record = record_for(kind, name=NASTY, information="Data <b>tebal</b> & 'kutip'")
    out = render(kind, record, tmp_path, cal)
    text = all_text(out).replace("\u2060", "")
    assert NASTY in text
    if kind.register == "requests":
        assert "Data <b>tebal</b> & 'kutip'" in text
    plain = out.with_suffix(".txt").read_text(encoding="utf-8")
    assert NASTY in plain


def test_control_characters_in_a_cell_do_not_break_the_letter(tmp_path: Path, cal) -> None:
    record = req(address="Jl. A\x07\x0cNo. 1\r\nRT 02", information="Data\x00 DPT")
    out = render(KINDS_BY_KEY["receipt"], record, tmp_path, cal)
    text = all_text(out)
    assert "Jl. ANo. 1\nRT 02" in text and "Data DPT" in text


def test_plain_text_twin_has_the_facts(tmp_path: Path, cal) -> None:
    out = render(KINDS_BY_KEY["notice"], req(), tmp_path, cal)
    plain = out.with_suffix(".txt").read_text(encoding="utf-8")
    assert plain == docx_text(out)
    for fact in ("Nomor: 007/XX/PPID/XII/2026", "Siti Rahmawati", "Rp 150.000", "11 Desember 2026"):
        assert fact in plain


def test_a_placeholder_the_toolkit_does_not_know_is_a_clear_error(tmp_path: Path, cal) -> None:
    from docx import Document as New

    folder = tmp_path / "tpl"
    shutil.copytree(TEMPLATES_DIR, folder, ignore=shutil.ignore_patterns("*.py"))
    doc = New(str(folder / "tanda_bukti_permohonan.docx"))
    doc.add_paragraph("{{ pemohon.tanggal_lahir }}")
    doc.save(str(folder / "tanda_bukti_permohonan.docx"))
    kind = KINDS_BY_KEY["receipt"]
    record = req()
    ctx = build_context(kind, record, number="1", date=record.received, cfg=CONFIG, cal=cal)
    with pytest.raises(TemplateProblem, match="tanggal_lahir"):
        render_docx(kind, ctx, tmp_path / "x.docx", folder)


def test_missing_date_is_reported_not_guessed() -> None:
    kind = KINDS_BY_KEY["notice"]
    assert missing_fields(kind, req(notice_date="")) == ["Tanggal Pemberitahuan Tertulis kosong"]
    assert missing_fields(kind, req(notice_date="31-02-2026")) == [
        'Tanggal Pemberitahuan Tertulis tidak terbaca ("31-02-2026")']
    assert missing_fields(kind, req(decision="Ditolak")) == ["Alasan Penolakan kosong"]
    assert missing_fields(KINDS_BY_KEY["receipt"], req(number="")) == ["No. Pendaftaran kosong"]


def test_terbilang() -> None:
    assert [terbilang(n) for n in (1, 3, 7, 10, 11, 14, 17, 20, 30, 45, 100, 118)] == [
        "satu", "tiga", "tujuh", "sepuluh", "sebelas", "empat belas", "tujuh belas", "dua puluh",
        "tiga puluh", "empat puluh lima", "seratus", "seratus delapan belas"]


def test_templates_markdown_lists_every_template_and_its_placeholders() -> None:
    table = templates_markdown()
    for kind in KINDS:
        assert f"`templates/{kind.template}`" in table and f"| {kind.code} |" in table
    assert "`pemberitahuan.biaya`" in table and "`batas_keberatan`" in table and "`ppid.nip`" in table


def test_readme_letter_templates_section_is_current() -> None:
    """The README's generated block (automation.docs.readme_sync) shows this table once synced."""
    from automation.docs.readme_sync import blocks_in

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    if "## Letter templates" not in readme:
        pytest.skip("README has no '## Letter templates' section yet")
    block = blocks_in(readme).get("templates", "")
    if not block:
        pytest.skip("README's templates block is empty: run python -m automation.docs.readme_sync")
    assert block == templates_markdown().strip()


def test_letter_date_is_never_today() -> None:
    # build_context takes the date from the caller (the row); nothing in letters.py reads the clock
    source = (REPO / "automation" / "letters" / "render.py").read_text(encoding="utf-8")
    assert "today(" not in source and "now(" not in source
