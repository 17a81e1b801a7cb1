"""Templates prepared once per run (automation/letters/compiled.py) make the same letters as
docxtpl's own render: every member of the .docx and the plain-text twin, for every kind, for
letters made one after another from one prepared template, for an office's own template with
headers, footers, footnotes and two sections, and with a logo. The bundled templates carry
nothing that no letter uses."""

from __future__ import annotations

import dataclasses
import io
import os
import re
import shutil
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docxtpl import DocxTemplate
from jinja2 import Environment, StrictUndefined
from PIL import Image

from automation.letters import compiled
from automation.letters.render import (
    KINDS,
    KINDS_BY_KEY,
    TEMPLATES_DIR,
    LetterKind,
    build_context,
    document_text,
    render_letter,
    with_logo,
)
from automation.rules.config import load_config
from automation.rules.office_calendar import office_calendar
from automation.rules.records import read_objections, read_requests
from automation.templates.build_templates import UNUSED_PARTS
from sheets.layout import OBJECTIONS, REQUESTS
from sheets.memory import table_from_grid
from tests.conftest import REPO
from tests.letter_fixtures import grid, objection, request

CONFIG = load_config(REPO / "automation" / "data" / "config.toml")
# What a requester may type: markup, Jinja, docxtpl's own escape, a tab and a line break (both
# become Word elements in the letter), quotes and an ampersand.
NASTY = "Data <b>tebal</b> & 'kutip' \"ganda\" {{ kantor.nama }} {_{ x }_} {% if 1 %}\tkolom\nbaris 2"


@pytest.fixture(scope="module")
def cal():
    return office_calendar(CONFIG, None).calendar


def record_for(kind: LetterKind, **changes: object):
    if kind.register == "objections":
        return read_objections(table_from_grid(OBJECTIONS.name, grid(OBJECTIONS, [objection(**changes)])))[0]
    extra: dict[str, object] = {
        "extension": {"extended": "Ya", "extension_reason": "Informasi belum dikuasai/belum didokumentasikan",
                      "extension_notice_date": "10-12-2026"},
        "completion": {"missing_requirements": "Salinan KTP", "completion_notice_date": "01-12-2026"},
        "refusal": {"decision": "Ditolak", "refusal_reason": "Dikecualikan Pasal 17 huruf h",
                    "consequence_test": "Penetapan Uji Konsekuensi Nomor 3/PPID/2024"},
    }.get(kind.key, {})
    return read_requests(table_from_grid(REQUESTS.name, grid(REQUESTS, [request(**{**extra, **changes})])))[0]


def context(kind: LetterKind, cal, cfg=CONFIG, number: str = "007/XX/PPID/XII/2026", **changes: object) -> dict:
    record = record_for(kind, **changes)
    return build_context(kind, record, number=number, date=getattr(record, kind.date_field), cfg=cfg, cal=cal)


def plain_docxtpl(template: Path, ctx: Mapping[str, Any], out: Path) -> str:
    """The letter as docxtpl renders it on its own (a fresh template, a fresh environment):
    saved at `out`; returns its plain text."""
    tpl = DocxTemplate(io.BytesIO(Path(template).read_bytes()))
    tpl.render(with_logo(tpl, ctx), jinja_env=Environment(autoescape=True, undefined=StrictUndefined),
               autoescape=True)
    tpl.save(out)
    return document_text(tpl.docx)


def members(path: Path) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(path) as z:
        return [(n, z.read(n)) for n in z.namelist()]


def assert_same_letter(fast: Path, plain: Path, plain_text: str) -> None:
    got, want = members(fast), members(plain)
    assert [n for n, _ in got] == [n for n, _ in want]
    for (name, a), (_, b) in zip(got, want):
        assert a == b, name
    assert fast.with_suffix(".txt").read_text(encoding="utf-8") == plain_text


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.key)
def test_every_kind_is_prepared_and_equals_docxtpl(kind: LetterKind, tmp_path: Path, cal) -> None:
    template = TEMPLATES_DIR / kind.template
    # the bundled templates take the prepared path (else this test would compare docxtpl with itself)
    assert compiled.prepare(template.read_bytes(), compiled.CompilingEnvironment()) is not None
    # two letters in a row from one prepared template: the second starts from the template again
    for i, changes in enumerate(({}, {"name": NASTY, "address": NASTY, "information": NASTY})):
        ctx = context(kind, cal, number=f"00{i + 1}/XX/PPID/XII/2026", **changes)
        fast, _ = render_letter(kind, ctx, tmp_path / f"fast{i}.docx")
        text = plain_docxtpl(template, ctx, tmp_path / f"plain{i}.docx")
        assert_same_letter(fast, tmp_path / f"plain{i}.docx", text)
    second = fast.with_suffix(".txt").read_text(encoding="utf-8")
    assert "002/XX/PPID/XII/2026" in second and "001/XX/PPID/XII/2026" not in second
    if kind.register == "requests":
        assert "{{ kantor.nama }}" in second and "\tkolom" in second  # printed literally


def test_kinds_interleaved_each_equal_docxtpl(tmp_path: Path, cal) -> None:
    """Letters of every kind taking turns, as a run makes them (sorted by date, not by kind)."""
    for round_ in range(2):
        for kind in KINDS:
            ctx = context(kind, cal, number=f"{round_}/{kind.code}", name=f"Pemohon {round_} {kind.key}")
            fast, _ = render_letter(kind, ctx, tmp_path / f"{round_}-{kind.slug}.docx")
            plain = tmp_path / f"{round_}-{kind.slug}-plain.docx"
            assert_same_letter(fast, plain, plain_docxtpl(TEMPLATES_DIR / kind.template, ctx, plain))


def test_logo_equals_docxtpl(tmp_path: Path, cal) -> None:
    logo = tmp_path / "logo.png"
    Image.new("RGB", (90, 120), "red").save(logo)
    cfg = dataclasses.replace(CONFIG, office=dataclasses.replace(CONFIG.office, logo=logo))
    kind = KINDS_BY_KEY["notice"]
    for i in range(2):  # the first letter adds the picture to the prepared package, the second reuses it
        ctx = context(kind, cal, cfg=cfg, number=f"L{i}")
        fast, _ = render_letter(kind, ctx, tmp_path / f"fast{i}.docx")
        plain = tmp_path / f"plain{i}.docx"
        assert_same_letter(fast, plain, plain_docxtpl(TEMPLATES_DIR / kind.template, ctx, plain))
        assert any(n.startswith("word/media/") for n, _ in members(fast))
    # the same template without a logo afterwards: no picture carried over
    ctx = context(kind, cal, number="L9")
    fast, _ = render_letter(kind, ctx, tmp_path / "nologo.docx")
    assert not any(n.startswith("word/media/") for n, _ in members(fast))
    assert_same_letter(fast, tmp_path / "nologo.docx", plain_docxtpl(TEMPLATES_DIR / kind.template, ctx,
                                                                     tmp_path / "nologo-plain.docx"))


def office_template(folder: Path, kind: LetterKind, line: str) -> Path:
    """An office's copy of `kind`'s template, restyled: a line of its own, a header and a footer
    with placeholders, a second section, and a footnotes part with a placeholder."""
    folder.mkdir(exist_ok=True)
    doc = Document(str(TEMPLATES_DIR / kind.template))
    doc.add_paragraph(line)
    doc.sections[0].header.paragraphs[0].text = "Kop: {{ kantor.nama }} - {{ nomor_surat }}"
    doc.sections[0].footer.paragraphs[0].text = "Halaman surat {{ nomor_surat }}\tarsip"
    doc.add_section()
    doc.add_paragraph("Bagian kedua untuk {{ pemohon.nama }}")
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    notes = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes xmlns:w="{w}">'
             '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
             '<w:footnote w:id="1"><w:p><w:r><w:t xml:space="preserve">Catatan {{ kantor.nama_singkat }}</w:t>'
             '</w:r></w:p></w:footnote></w:footnotes>')
    part = Part(PackURI("/word/footnotes.xml"), CONTENT_TYPE.WML_FOOTNOTES, notes.encode(), doc.part.package)
    doc.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
    path = folder / kind.template
    doc.save(str(path))
    return path


def test_office_template_with_headers_footers_and_footnotes_equals_docxtpl(tmp_path: Path, cal) -> None:
    own = tmp_path / "templat"
    kind = KINDS_BY_KEY["receipt"]
    template = office_template(own, kind, "Layanan informasi buka Senin-Jumat 08.00-16.00 WIB.")
    assert compiled.prepare(template.read_bytes(), compiled.CompilingEnvironment()) is not None
    for i in range(2):
        ctx = context(kind, cal, number=f"K{i}/TT")
        fast, _ = render_letter(kind, ctx, tmp_path / f"fast{i}.docx", own)
        plain = tmp_path / f"plain{i}.docx"
        assert_same_letter(fast, plain, plain_docxtpl(template, ctx, plain))
        with zipfile.ZipFile(fast) as z:
            header = "".join(z.read(n).decode() for n in z.namelist() if re.fullmatch(r"word/header\d*\.xml", n))
            footnotes = z.read("word/footnotes.xml").decode()
        assert f"K{i}/TT" in header and "{{" not in header
        assert "Catatan KPU Kabupaten Sarolangun" in footnotes  # the config's short name, hand-checked
        assert "Senin-Jumat 08.00-16.00 WIB" in fast.with_suffix(".txt").read_text(encoding="utf-8")


def test_office_template_replaced_during_a_run_is_read_again(tmp_path: Path, cal) -> None:
    own = tmp_path / "templat"
    kind = KINDS_BY_KEY["notice"]
    template = office_template(own, kind, "Versi pertama.")
    first, _ = render_letter(kind, context(kind, cal), tmp_path / "a.docx", own)
    office_template(own, kind, "Versi kedua.")
    os.utime(template, ns=(template.stat().st_atime_ns, template.stat().st_mtime_ns + 10**9))
    second, _ = render_letter(kind, context(kind, cal), tmp_path / "b.docx", own)
    assert "Versi pertama." in first.with_suffix(".txt").read_text(encoding="utf-8")
    text = second.with_suffix(".txt").read_text(encoding="utf-8")
    assert "Versi kedua." in text and "Versi pertama." not in text


def test_jinja_in_document_properties_is_left_to_docxtpl(tmp_path: Path, cal) -> None:
    """A template whose title is a placeholder is not prepared; docxtpl renders the title per letter."""
    own = tmp_path / "templat"
    own.mkdir()
    kind = KINDS_BY_KEY["receipt"]
    doc = Document(str(TEMPLATES_DIR / kind.template))
    doc.core_properties.title = "Tanda bukti {{ nomor_surat }}"
    doc.save(str(own / kind.template))
    assert compiled.prepare((own / kind.template).read_bytes(), compiled.CompilingEnvironment()) is None
    for number in ("T1", "T2"):
        out, _ = render_letter(kind, context(kind, cal, number=number), tmp_path / f"{number}.docx", own)
        assert Document(str(out)).core_properties.title == f"Tanda bukti {number}"


def test_a_jinja_mistake_in_an_office_template_is_still_a_clear_error(tmp_path: Path, cal) -> None:
    from automation.letters.render import TemplateProblem

    own = tmp_path / "templat"
    own.mkdir()
    kind = KINDS_BY_KEY["receipt"]
    doc = Document(str(TEMPLATES_DIR / kind.template))
    doc.add_paragraph("{{ pemohon.nama ")
    doc.save(str(own / kind.template))
    with pytest.raises(TemplateProblem, match="tidak dapat diisi"):
        render_letter(kind, context(kind, cal), tmp_path / "x.docx", own)
    assert not (tmp_path / "x.docx").exists()


# --- the bundled templates carry only what the letters use ---------------------------------------

STYLE_REF = re.compile(r'<w:(?:pStyle|rStyle|tblStyle|numStyle) w:val="([^"]+)"')


@pytest.mark.parametrize("name", sorted(p.name for p in TEMPLATES_DIR.glob("*.docx")))
def test_bundled_template_is_trimmed(name: str) -> None:
    with zipfile.ZipFile(TEMPLATES_DIR / name) as z:
        names = z.namelist()
        total = sum(i.file_size for i in z.infolist())
        rels = z.read("word/_rels/document.xml.rels").decode() + z.read("_rels/.rels").decode()
        styles = z.read("word/styles.xml").decode()
        document = z.read("word/document.xml").decode()
    # python-docx's default template was 838 KB unpacked; document.xml is 9-15 KB of it
    assert total < 80_000, total
    assert not any(t in rels for t in (*UNUSED_PARTS, "thumbnail"))
    assert not any(n.startswith(("customXml/", "docProps/thumbnail")) or "stylesWithEffects" in n for n in names)
    defined = re.findall(r'w:styleId="([^"]+)"', styles)
    assert set(STYLE_REF.findall(document)) <= set(defined)  # every style a letter names is there
    assert {"Normal", "DefaultParagraphFont", "TableNormal", "NoList"} <= set(defined)
    assert len(defined) <= 6  # the four defaults and Table Grid, not python-docx's 164
    assert '<w:rFonts w:ascii="Arial"' in styles  # the letters' font is in Normal


def test_trim_keeps_the_styles_a_document_uses(tmp_path: Path) -> None:
    from automation.templates.build_templates import new_document, trim

    doc = new_document()
    doc.add_paragraph("Judul", style="Heading 1")  # based on Normal, linked to Heading1Char, next Normal
    doc.add_table(rows=1, cols=1).style = doc.styles["Light Shading Accent 1"]
    trim(doc)
    doc.save(str(tmp_path / "t.docx"))
    ids = set(re.findall(r'w:styleId="([^"]+)"', zipfile.ZipFile(tmp_path / "t.docx").read("word/styles.xml").decode()))
    assert ids == {"Normal", "DefaultParagraphFont", "TableNormal", "NoList", "Heading1", "Heading1Char",
                   "LightShading-Accent1"}


def test_build_scripts_make_the_shipped_templates(tmp_path: Path) -> None:
    """The trimming is done by the build scripts, so a rebuild keeps the templates small and
    changes nothing else."""
    from automation.templates import build_report_template, build_templates

    build_templates.build(tmp_path)
    build_report_template.build(tmp_path / "laporan_bulanan.docx")
    for built in sorted(tmp_path.glob("*.docx")):
        got, shipped = dict(members(built)), dict(members(TEMPLATES_DIR / built.name))
        assert list(got) == list(shipped), built.name
        assert got["word/document.xml"] == shipped["word/document.xml"], built.name
        styles = [re.findall(rb'w:styleId="([^"]+)"', m["word/styles.xml"]) for m in (got, shipped)]
        assert styles[0] == styles[1], built.name


def test_copy_of_the_templates_folder_is_a_plain_docxtpl_folder(tmp_path: Path, cal) -> None:
    """An office folder copied from the bundled one, then edited in Word, is plain docxtpl:
    docxtpl alone fills it (no part the toolkit's path needs beyond the .docx)."""
    own = tmp_path / "templat"
    shutil.copytree(TEMPLATES_DIR, own, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    for kind in KINDS:
        ctx = context(kind, cal)
        text = plain_docxtpl(own / kind.template, ctx, tmp_path / f"{kind.slug}.docx")
        fast, _ = render_letter(kind, ctx, tmp_path / f"{kind.slug}-fast.docx", own)
        assert fast.with_suffix(".txt").read_text(encoding="utf-8") == text


def test_paragraph_text_is_python_docx_text(tmp_path: Path, cal) -> None:
    """The plain-text twin reads paragraphs straight from the XML: the same text python-docx
    gives, for every paragraph of every kind and for each kind of run content."""
    from docx.oxml.parser import parse_xml

    from automation.letters.render import paragraph_text

    for kind in KINDS:
        out, _ = render_letter(kind, context(kind, cal, name=NASTY), tmp_path / f"{kind.slug}.docx")
        doc = Document(str(out))
        paragraphs = list(doc.paragraphs) + [p for t in doc.tables for r in t.rows for c in r.cells
                                             for p in c.paragraphs]
        assert len(paragraphs) > 20
        for p in paragraphs:
            assert paragraph_text(p._p) == p.text
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    xml = (f'<w:p {w}><w:pPr><w:jc w:val="left"/></w:pPr><w:r><w:t>a</w:t><w:tab/><w:t xml:space="preserve"> b '
           '</w:t><w:br/><w:br w:type="page"/><w:br w:type="textWrapping"/><w:cr/><w:noBreakHyphen/><w:ptab/>'
           '<w:t/></w:r><!-- komentar --><w:hyperlink><w:r><w:t>tautan</w:t></w:r><w:bookmarkStart/></w:hyperlink>'
           '<w:ins><w:r><w:t>sisipan</w:t></w:r></w:ins><w:r><w:delText>hapus</w:delText><w:t>c</w:t></w:r></w:p>')
    from docx.text.paragraph import Paragraph

    p = parse_xml(xml)
    # hand count: a, tab, " b ", line break, page break (nothing), line break, cr, "-", tab, "",
    # then the hyperlink's "tautan"; a run inside w:ins and deleted text are not paragraph text
    assert paragraph_text(p) == Paragraph(p, None).text == "a\t b \n\n\n-\ttautanc"


@pytest.mark.libreoffice
def test_a_template_saved_by_libreoffice_equals_docxtpl(tmp_path: Path, cal) -> None:
    """An office that restyles a template in an office suite saves it with that suite's own
    package layout (its styles, custom properties, split runs): still the file docxtpl makes."""
    import subprocess

    from automation.letters.pdf import find_soffice

    kinds = [KINDS_BY_KEY["receipt"], KINDS_BY_KEY["notice"]]
    own = tmp_path / "templat"
    subprocess.run([find_soffice() or "soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                    "--headless", "--norestore", "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(own),
                    *(str(TEMPLATES_DIR / k.template) for k in kinds)], capture_output=True, timeout=120, check=True)
    for kind in kinds:
        template = own / kind.template
        with zipfile.ZipFile(template) as z:
            assert "docProps/custom.xml" in z.namelist()  # written by LibreOffice, not python-docx
        assert compiled.prepare(template.read_bytes(), compiled.CompilingEnvironment()) is not None
        for i, changes in enumerate(({}, {"name": NASTY})):
            ctx = context(kind, cal, number=f"LO{i}", **changes)
            fast, _ = render_letter(kind, ctx, tmp_path / f"{kind.slug}{i}.docx", own)
            plain = tmp_path / f"{kind.slug}{i}-plain.docx"
            assert_same_letter(fast, plain, plain_docxtpl(template, ctx, plain))
            assert f"LO{i}" in fast.with_suffix(".txt").read_text(encoding="utf-8")
