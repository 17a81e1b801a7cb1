"""Build the letter templates (templates/*.docx) once, for maintainers.

The office edits the .docx files in Word afterwards; this script is only the starting point
and a record of what each template says. Run it again only to start over:

    python -m automation.templates.build_templates

Rules the templates follow so that Word editing keeps working with docxtpl:

* every Jinja tag (`{{ pemohon.nama }}`) sits inside ONE run: this script writes each tag in
  a single run, and Word keeps a run whole unless its formatting changes half-way;
* placeholders have Indonesian names, listed with their meaning in automation/letters/render.py
  (PLACEHOLDERS) and in the README table (`automation.letters.render.templates_markdown()`);
* no Jinja logic in the templates: the variable sentences (decision, reason, cost) are built
  in Python, so staff can restyle and reword the fixed text without learning Jinja.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

HERE = Path(__file__).resolve().parent
FONT = "Arial"  # Liberation Sans on Linux/LibreOffice: same metrics

Run = tuple[str, str]  # (text, format: "" | "b" | "bu" | "i")
Text = str | Sequence[Run]

UU_KIP = "Undang-Undang Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik"


# --- small python-docx helpers -----------------------------------------------------------------

def new_document() -> Document:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(2.5), Cm(2)
    section.top_margin, section.bottom_margin = Cm(1.25), Cm(1.5)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    fmt = normal.paragraph_format
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(0), 1.1
    doc.core_properties.author = "ppid-sheets"
    doc.core_properties.title = ""
    return doc


def para(target, text: Text = "", *, align: str = "", size: float | None = None, after: float = 0,
         before: float = 0, indent: float | None = None, first: float | None = None, fmt: str = ""):
    """Add a paragraph; `text` is one run or a list of (text, format) runs, one tag per run."""
    p = target.add_paragraph()
    runs: Sequence[Run] = [(text, fmt)] if isinstance(text, str) else text
    for chunk, f in runs:
        if not chunk:
            continue
        r = p.add_run(chunk)
        r.bold = "b" in f or None
        r.underline = "u" in f or None
        r.italic = "i" in f or None
        if size:
            r.font.size = Pt(size)
    pf = p.paragraph_format
    pf.alignment = {"c": WD_ALIGN_PARAGRAPH.CENTER, "r": WD_ALIGN_PARAGRAPH.RIGHT,
                    "j": WD_ALIGN_PARAGRAPH.JUSTIFY}.get(align, WD_ALIGN_PARAGRAPH.LEFT)
    pf.space_after, pf.space_before = Pt(after), Pt(before)
    if indent is not None:
        pf.left_indent = Cm(indent)
    if first is not None:
        pf.first_line_indent = Cm(first)
    return p


def bottom_border(p, size: int = 18) -> None:
    """A thick-thin line under the letterhead (garis kop)."""
    pPr = p._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "thinThickSmallGap"), ("w:sz", str(size)), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(k), v)
    borders.append(bottom)
    pPr.append(borders)


def set_widths(table, widths_cm: Sequence[float]) -> None:
    """Column widths in the grid (LibreOffice reads these) and in every cell (Word does)."""
    table.autofit = False
    for column, w in zip(table.columns, widths_cm):
        column.width = Cm(w)
    for row in table.rows:
        for cell, w in zip(row.cells, widths_cm):
            cell.width = Cm(w)


def cell_text(cell, text: Text, fmt: str = "", align: str = "", size: float | None = None) -> None:
    """Replace the cell's empty first paragraph by `text`."""
    p = cell.paragraphs[0]
    runs: Sequence[Run] = [(text, fmt)] if isinstance(text, str) else text
    for chunk, f in runs:
        if chunk:
            r = p.add_run(chunk)
            r.bold = "b" in f or None
            if size:
                r.font.size = Pt(size)
    if size:
        p.paragraph_format.line_spacing = 1.0
    if align == "c":
        p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER


def fields_table(doc, rows: Sequence[tuple[str, str]], widths: Sequence[float] = (5.5, 0.5, 10.5)):
    """Label : value rows without borders (the form part of a receipt or decision)."""
    t = doc.add_table(rows=0, cols=3)
    for label, value in rows:
        cells = t.add_row().cells
        cell_text(cells[0], label)
        cell_text(cells[1], ":")
        cell_text(cells[2], value)
    set_widths(t, widths)
    return t


def keep_with_next(p) -> None:
    p.paragraph_format.keep_with_next = True
    p.paragraph_format.keep_together = True


def letterhead(doc) -> None:
    """Kop surat from config.toml [office]: optional logo, name, address, telephone and
    e-mail, web address (each on its own line so no address breaks); the same for the report."""
    para(doc, "{{ kantor.logo }}", align="c", size=2)
    para(doc, "{{ kantor.nama | upper }}", align="c", size=14, fmt="b")
    para(doc, "{{ kantor.alamat }}", align="c", size=9)
    para(doc, "{{ kantor.kontak }}", align="c", size=9)
    p = para(doc, "{{ kantor.situs }}", align="c", size=9)
    bottom_border(p)
    para(doc, "", after=4)


def letter_header(doc, sifat: str = "Biasa") -> None:
    """Place and date, Nomor, Sifat, Lampiran, Perihal, then the addressee."""
    para(doc, "{{ tempat_tanggal }}", align="r", after=4)
    fields_table(doc, [
        ("Nomor", "{{ nomor_surat }}"),
        ("Sifat", sifat),
        ("Lampiran", "{{ lampiran }}"),
        ("Perihal", "{{ perihal }}"),
    ], widths=(2.5, 0.5, 13.5))
    para(doc, "", after=4)
    para(doc, "Yth. {{ pemohon.yth }}")
    para(doc, "{{ pemohon.alamat }}")
    para(doc, "di Tempat", after=6)


def closing(doc, text: Text):
    """The closing sentence: kept on the page of the signature that follows it."""
    p = para(doc, text, align="j")
    keep_with_next(p)
    return p


def signature(doc, who: str = "ppid", with_place: bool = False) -> None:
    """Signature block on the right: title, room to sign, name, NIP (config.toml [officials]),
    then the tembusan. Every line keeps with the next, NIP included, so the block never splits
    from the closing sentence before it nor from the tembusan after it (Word and LibreOffice
    both honour keep-with-next; with no tembusan the NIP line is the letter's last)."""
    indent = 8.5
    lines = [para(doc, "", after=4)]
    if with_place:
        lines.append(para(doc, "{{ tempat_tanggal }}", indent=indent))
    lines.append(para(doc, f"{{{{ {who}.jabatan }}}},", indent=indent))
    for _ in range(3):
        lines.append(para(doc, "", indent=indent))
    lines.append(para(doc, f"{{{{ {who}.nama }}}}", indent=indent, fmt="bu"))
    lines.append(para(doc, f"NIP {{{{ {who}.nip }}}}", indent=indent))
    for p in lines:
        keep_with_next(p)
    copies(doc)


def copies(doc) -> None:
    """Tembusan (config.toml [tembusan]); the paragraphs vanish when there is none, so an empty
    line never pushes a page break after the signature."""
    para(doc, "{%p if tembusan %}")
    para(doc, "{{ tembusan }}", size=9, before=6)
    para(doc, "{%p endif %}")


def _caption(table, text: str) -> None:
    """A table caption (w:tblCaption): marks the signature table for the plain-text copy."""
    tbl_pr = table._tbl.tblPr
    cap = OxmlElement("w:tblCaption")
    cap.set(qn("w:val"), text)
    tbl_pr.append(cap)


def _cant_split(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:cantSplit")
    tr_pr.append(el)


def two_signatures(doc, left_title: str, left_name: str, who: str = "ppid") -> None:
    """Requester on the left, official on the right (receipts); one row that cannot split."""
    keep_with_next(para(doc, "", after=4))
    t = doc.add_table(rows=1, cols=2)
    _caption(t, "tanda tangan")
    _cant_split(t.rows[0])
    left, right = t.rows[0].cells
    cell_text(left, "")
    cell_text(right, "{{ tempat_tanggal }}")
    para(left, left_title)
    para(right, f"{{{{ {who}.jabatan }}}},")
    for _ in range(3):
        para(left, "")
        para(right, "")
    para(left, left_name, fmt="bu")
    para(right, f"{{{{ {who}.nama }}}}", fmt="bu")
    para(left, "")
    para(right, f"NIP {{{{ {who}.nip }}}}")
    set_widths(t, (8, 8.5))
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell in t.rows[0].cells:  # the row cannot split; its last lines keep it with the tembusan
        for p in cell.paragraphs:
            keep_with_next(p)
    copies(doc)


def title(doc, text: str, number: bool = True) -> None:
    para(doc, text, align="c", fmt="bu", size=12)
    if number:
        para(doc, "Nomor: {{ nomor_surat }}", align="c", after=10)


# --- what python-docx's default template carries and no letter uses -----------------------------

# Parts of python-docx's default template that no letter uses: the Word 2010 copy of the styles,
# a bibliography (custom XML), list numbering (no letter has a list; Word adds the part when
# staff make one) and the thumbnail picture of an empty page.
UNUSED_PARTS = (
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering",
)
THUMBNAIL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"
_STYLE_REFS = ("w:pStyle", "w:rStyle", "w:tblStyle", "w:numStyle")


def used_styles(doc) -> set[str]:
    """Style ids the document uses: those its text names, the defaults, and every style these
    are based on or linked to."""
    names = {el.get(qn("w:val")) for ref in _STYLE_REFS for el in doc.element.iter(qn(ref))}
    styles = {s.get(qn("w:styleId")): s for s in doc.styles.element.iterchildren(qn("w:style"))}
    names |= {sid for sid, s in styles.items() if s.get(qn("w:default")) in ("1", "true", "on")}
    todo = list(names)
    while todo:
        style = styles.get(todo.pop())
        if style is None:
            continue
        for ref in ("w:basedOn", "w:next", "w:link"):
            el = style.find(qn(ref))
            if el is not None and el.get(qn("w:val")) not in names:
                names.add(el.get(qn("w:val")))
                todo.append(el.get(qn("w:val")))
    return names


def trim(doc) -> None:
    """Drop what no letter uses (about 790 KB of the 840 KB a python-docx document starts with,
    read again for every letter): the style definitions the document does not use (Word adds a
    built-in style back when staff pick it; the list of built-in styles Word shows,
    w:latentStyles, stays) and `UNUSED_PARTS`. The fonts, sizes, spacing and table style of the
    letters stay as they are."""
    keep = used_styles(doc)
    for style in list(doc.styles.element.iterchildren(qn("w:style"))):
        if style.get(qn("w:styleId")) not in keep:
            doc.styles.element.remove(style)
    for rel_id, rel in list(doc.part.rels.items()):
        if rel.reltype in UNUSED_PARTS:
            doc.part.drop_rel(rel_id)
    package_rels = doc.part.package.rels
    for rel_id, rel in list(package_rels.items()):
        if rel.reltype == THUMBNAIL:
            del package_rels[rel_id]


# --- the six templates ---------------------------------------------------------------------------

def tanda_bukti_permohonan():
    doc = new_document()
    letterhead(doc)
    title(doc, "TANDA BUKTI PENERIMAAN PERMOHONAN INFORMASI PUBLIK")
    fields_table(doc, [
        ("Nomor Pendaftaran", "{{ permohonan.nomor }}"),
        ("Hari/Tanggal Diterima", "{{ permohonan.waktu_diterima }}"),
        ("Cara Permohonan", "{{ permohonan.kanal }}"),
        ("Nama Pemohon", "{{ pemohon.nama }}"),
        ("Jenis Pemohon", "{{ pemohon.jenis }}"),
        ("Nama Kuasa", "{{ pemohon.kuasa }}"),
        ("Alamat", "{{ pemohon.alamat }}"),
        ("Nomor Telepon/Email", "{{ pemohon.kontak }}"),
        ("Pekerjaan", "{{ pemohon.pekerjaan }}"),
        ("Rincian Informasi yang Dibutuhkan", "{{ permohonan.informasi }}"),
        ("Tujuan Penggunaan Informasi", "{{ permohonan.tujuan }}"),
        ("Cara Memperoleh Informasi", "{{ permohonan.cara_memperoleh }}"),
        ("Cara Mendapatkan Salinan", "{{ permohonan.cara_salinan }}"),
        ("Petugas Pelayanan", "{{ permohonan.petugas }}"),
    ])
    para(doc, "", after=6)
    para(doc, [
        ("Permohonan informasi Saudara telah diterima dan dicatat dalam Register Permohonan Informasi "
         "Publik ", ""), ("{{ kantor.nama }}", ""),
        (". Pemberitahuan tertulis atas permohonan ini akan disampaikan paling lambat ", ""),
        ("{{ permohonan.batas_waktu }}", "b"),
        (" (", ""), ("{{ permohonan.lama_pemberitahuan }}", ""),
        (" hari kerja terhitung sejak ", ""), ("{{ permohonan.mulai }}", ""),
        (") dan dapat diperpanjang satu kali paling lama ", ""),
        ("{{ permohonan.lama_perpanjangan }}", ""),
        (" hari kerja dengan alasan tertulis, sesuai ", ""), ("{{ permohonan.dasar_tenggat }}", ""), (".", ""),
    ], align="j", after=6)
    closing(doc, "Simpan tanda bukti ini dan sebutkan Nomor Pendaftaran setiap kali menanyakan "
                 "permohonan Saudara.").runs[0].italic = True
    two_signatures(doc, "Pemohon Informasi,", "{{ pemohon.nama }}")
    return doc


def pemberitahuan_tertulis():
    doc = new_document()
    letterhead(doc)
    letter_header(doc)
    para(doc, [
        ("Menindaklanjuti permohonan informasi publik yang Saudara ajukan pada ", ""),
        ("{{ permohonan.hari_tanggal }}", ""), (" dengan Nomor Pendaftaran ", ""),
        ("{{ permohonan.nomor }}", "b"), (" mengenai ", ""), ("{{ permohonan.informasi }}", ""),
        (", bersama ini kami sampaikan pemberitahuan tertulis sebagaimana dimaksud dalam Pasal 22 ayat (7) "
         f"{UU_KIP} (huruf a-g), sebagai berikut:", ""),
    ], align="j", after=4)
    rows = [
        ("a.", "Penguasaan informasi", "{{ pemberitahuan.penguasaan }}"),
        ("b.", "Badan publik yang menguasai", "{{ pemberitahuan.badan_lain }}"),
        ("c.", "Keputusan", "{{ pemberitahuan.keputusan }}"),
        ("c.", "Alasan penolakan", "{{ pemberitahuan.alasan }}"),
        ("d.", "Materi yang diberikan", "{{ pemberitahuan.materi }}"),
        ("e.", "Bagian yang dihitamkan", "{{ pemberitahuan.penghitaman }}"),
        ("f.", "Alat penyampai dan format", "{{ pemberitahuan.format }}"),
        ("g.", "Biaya dan cara pembayaran", "{{ pemberitahuan.biaya }}"),
        ("", "Waktu penyediaan", "{{ pemberitahuan.waktu }}"),
    ]
    t = doc.add_table(rows=0, cols=3)
    t.style = doc.styles["Table Grid"]
    for no, label, value in rows:
        cells = t.add_row().cells
        cell_text(cells[0], no, align="c", size=9.5)
        cell_text(cells[1], label, size=9.5)
        cell_text(cells[2], value, size=9.5)
    set_widths(t, (0.8, 5.3, 10.4))
    para(doc, "", after=4)
    para(doc, [
        ("Apabila Saudara tidak puas atas pemberitahuan ini, Saudara dapat mengajukan keberatan secara "
         "tertulis kepada Atasan PPID ", ""), ("{{ kantor.nama_singkat }}", ""),
        (" paling lambat ", ""), ("{{ batas_keberatan }}", "b"),
        (" (30 hari kerja sejak tanggal pemberitahuan ini) dengan alasan sebagaimana dimaksud dalam ", ""),
        ("{{ pemberitahuan.dasar_keberatan }}", ""),
        (f", sesuai Pasal 36 ayat (1) {UU_KIP} dan ", ""), ("{{ pkpu }}", ""), (".", ""),
    ], align="j", after=4)
    closing(doc, "Demikian pemberitahuan ini kami sampaikan. Atas perhatian Saudara, kami ucapkan terima kasih.")
    signature(doc, "ppid")
    return doc


def pemberitahuan_kelengkapan():
    doc = new_document()
    letterhead(doc)
    letter_header(doc)
    para(doc, [
        ("Menindaklanjuti permohonan informasi publik yang Saudara ajukan pada ", ""),
        ("{{ permohonan.hari_tanggal }}", ""), (" dengan Nomor Pendaftaran ", ""),
        ("{{ permohonan.nomor }}", "b"), (" mengenai ", ""), ("{{ permohonan.informasi }}", ""),
        (", dengan ini kami beritahukan bahwa permohonan tersebut belum memenuhi persyaratan berikut:", ""),
    ], align="j", after=6)
    para(doc, "{{ kelengkapan.kurang }}", indent=1.0, fmt="b", after=6)
    para(doc, [
        ("Mohon Saudara melengkapi persyaratan tersebut paling lambat ", ""), ("{{ kelengkapan.batas }}", "b"),
        (" (", ""), ("{{ kelengkapan.lama }}", ""), (" hari kerja sejak tanggal surat ini). Apabila sampai batas "
         "waktu tersebut persyaratan belum dilengkapi, permohonan Saudara tidak dapat diproses lebih lanjut; "
         "Saudara tetap dapat mengajukan permohonan baru dengan persyaratan lengkap.", ""),
    ], align="j", after=6)
    para(doc, [
        ("Pemberitahuan kelengkapan persyaratan disampaikan paling lambat ", ""),
        ("{{ kelengkapan.lama_pemberitahuan }}", ""),
        (" hari kerja sejak permohonan diterima, dan pemohon melengkapinya paling lambat ", ""),
        ("{{ kelengkapan.lama }}", ""), (" hari kerja sejak pemberitahuan, sesuai ", ""),
        ("{{ kelengkapan.dasar }}", ""), (". Jangka waktu pemberitahuan tertulis atas permohonan tetap sebagaimana "
         f"diatur dalam Pasal 22 ayat (7) {UU_KIP}.", ""),
    ], align="j", after=6)
    closing(doc, "Demikian pemberitahuan ini kami sampaikan. Atas perhatian Saudara, kami ucapkan terima kasih.")
    signature(doc, "ppid")
    return doc


def pemberitahuan_perpanjangan():
    doc = new_document()
    letterhead(doc)
    letter_header(doc)
    para(doc, [
        ("Menindaklanjuti permohonan informasi publik yang Saudara ajukan pada ", ""),
        ("{{ permohonan.hari_tanggal }}", ""), (" dengan Nomor Pendaftaran ", ""),
        ("{{ permohonan.nomor }}", "b"), (" mengenai ", ""), ("{{ permohonan.informasi }}", ""),
        (", dengan ini kami beritahukan bahwa jangka waktu pemberitahuan tertulis atas permohonan tersebut "
         "DIPERPANJANG paling lama ", ""), ("{{ perpanjangan.lama }}", ""),
        (" hari kerja sesuai ", ""), ("{{ perpanjangan.dasar }}", ""), (".", ""),
    ], align="j", after=6)
    fields_table(doc, [
        ("Alasan perpanjangan", "{{ perpanjangan.alasan }}"),
        ("Batas waktu semula", "{{ permohonan.batas_waktu }}"),
        ("Batas waktu perpanjangan", "{{ perpanjangan.batas }}"),
    ], widths=(5.0, 0.5, 11.0))
    para(doc, "", after=6)
    para(doc, [
        ("Pemberitahuan tertulis atas permohonan Saudara akan kami sampaikan paling lambat ", ""),
        ("{{ perpanjangan.batas }}", "b"), (".", ""),
    ], align="j", after=6)
    closing(doc, "Demikian pemberitahuan ini kami sampaikan. Atas perhatian Saudara, kami ucapkan terima kasih.")
    signature(doc, "ppid")
    return doc


def sk_penolakan():
    doc = new_document()
    letterhead(doc)
    para(doc, "KEPUTUSAN PEJABAT PENGELOLA INFORMASI DAN DOKUMENTASI", align="c", fmt="b")
    para(doc, "{{ kantor.nama | upper }}", align="c", fmt="b")
    para(doc, "NOMOR {{ nomor_surat }}", align="c", fmt="b")
    para(doc, "TENTANG", align="c", fmt="b")
    para(doc, "{{ penolakan.judul }}", align="c", fmt="b", after=4)
    para(doc, "Pejabat Pengelola Informasi dan Dokumentasi (PPID) {{ kantor.nama }}, atas permohonan "
              "informasi publik:", align="j", after=3)
    fields_table(doc, [
        ("Nomor Pendaftaran", "{{ permohonan.nomor }}"),
        ("Tanggal Permohonan", "{{ permohonan.tanggal }}"),
        ("Nama", "{{ pemohon.nama }}"),
        ("Alamat", "{{ pemohon.alamat }}"),
        ("Pekerjaan", "{{ pemohon.pekerjaan }}"),
        ("Nomor Telepon/Email", "{{ pemohon.kontak }}"),
        ("Rincian Informasi yang Dibutuhkan", "{{ permohonan.informasi }}"),
    ])
    para(doc, "", after=3)
    para(doc, [("PPID memutuskan bahwa ", ""), ("{{ penolakan.lingkup }}", ""), (" adalah: ", ""),
               ("{{ penolakan.status }}", "b")], align="j", after=3)
    para(doc, [("Dasar penolakan: ", ""), ("{{ penolakan.dasar }}", "")], align="j", after=3)
    para(doc, [("Uji konsekuensi: ", ""), ("{{ penolakan.uji_konsekuensi }}", "")], align="j", after=3)
    para(doc, [("Konsekuensi bila informasi dibuka: ", ""), ("{{ penolakan.konsekuensi }}", "")],
         align="j", after=3)
    para(doc, [("Dengan demikian menyatakan bahwa: ", ""), ("{{ penolakan.putusan }}", "b"), (".", "")],
         align="j", after=3)
    closing(doc, [
        ("Jika Pemohon Informasi keberatan atas penolakan ini, Pemohon Informasi dapat mengajukan keberatan "
         "secara tertulis kepada Atasan PPID ", ""), ("{{ kantor.nama_singkat }}", ""),
        (" dalam jangka waktu 30 (tiga puluh) hari kerja sejak tanggal keputusan ini, yaitu paling "
         "lambat ", ""), ("{{ batas_keberatan }}", "b"),
        (f", dengan alasan sebagaimana dimaksud dalam Pasal 35 ayat (1) huruf a, sesuai Pasal 36 ayat (1) {UU_KIP} "
         "dan ", ""), ("{{ pkpu }}", ""), (".", ""),
    ])
    signature(doc, "ppid", with_place=True)
    return doc


def tanda_terima_keberatan():
    doc = new_document()
    letterhead(doc)
    title(doc, "TANDA TERIMA PENGAJUAN KEBERATAN INFORMASI PUBLIK")
    fields_table(doc, [
        ("Nomor Registrasi Keberatan", "{{ keberatan.nomor }}"),
        ("Hari/Tanggal Diterima", "{{ keberatan.hari_tanggal }}"),
        ("Nomor Pendaftaran Permohonan", "{{ keberatan.no_pendaftaran }}"),
        ("Nama Pemohon", "{{ pemohon.nama }}"),
        ("Nama Kuasa", "{{ pemohon.kuasa }}"),
        ("Alamat", "{{ pemohon.alamat }}"),
        ("Nomor Telepon/Email", "{{ pemohon.kontak }}"),
        ("Pekerjaan", "{{ pemohon.pekerjaan }}"),
        ("Informasi yang Diminta", "{{ keberatan.informasi }}"),
        ("Tujuan Penggunaan Informasi", "{{ keberatan.tujuan }}"),
        ("Alasan Keberatan (Pasal 35 ayat (1))", "{{ keberatan.alasan }}"),
        ("Kasus Posisi", "{{ keberatan.kasus_posisi }}"),
    ])
    para(doc, "", after=6)
    closing(doc, [
        ("Keberatan Saudara telah diterima dan dicatat dalam Register Keberatan ", ""),
        ("{{ kantor.nama }}", ""),
        (". Atasan PPID akan memberikan tanggapan secara tertulis paling lambat ", ""),
        ("{{ keberatan.batas_tanggapan }}", "b"), (" (", ""), ("{{ keberatan.lama_tanggapan }}", ""),
        (" hari kerja sejak keberatan dicatat pada ", ""), ("{{ keberatan.hari_tanggal }}", ""),
        ("), sesuai ", ""), ("{{ keberatan.dasar_tenggat }}", ""), (".", ""),
    ])
    two_signatures(doc, "Pengaju Keberatan,", "{{ pemohon.nama }}")
    return doc


def tanggapan_keberatan():
    doc = new_document()
    letterhead(doc)
    letter_header(doc)
    para(doc, [
        ("Menanggapi keberatan yang Saudara ajukan pada ", ""), ("{{ keberatan.hari_tanggal }}", ""),
        (" dengan Nomor Registrasi Keberatan ", ""), ("{{ keberatan.nomor }}", "b"),
        (" atas permohonan informasi publik Nomor Pendaftaran ", ""), ("{{ keberatan.no_pendaftaran }}", ""),
        (", dengan ini Atasan PPID ", ""), ("{{ kantor.nama_singkat }}", ""),
        (f" menyampaikan tanggapan sebagaimana dimaksud dalam Pasal 36 ayat (2) {UU_KIP}, sebagai berikut:", ""),
    ], align="j", after=6)
    fields_table(doc, [
        ("Informasi yang diminta", "{{ keberatan.informasi }}"),
        ("Alasan keberatan", "{{ keberatan.alasan }}"),
        ("Kasus posisi", "{{ keberatan.kasus_posisi }}"),
        ("Keputusan Atasan PPID", "{{ keberatan.keputusan }}"),
        ("Tanggapan", "{{ keberatan.tanggapan }}"),
    ], widths=(5.0, 0.5, 11.0))
    para(doc, "", after=6)
    para(doc, [
        ("Apabila Saudara tidak puas atas tanggapan ini, Saudara dapat mengajukan permohonan penyelesaian "
         "sengketa informasi publik kepada ", ""), ("{{ keberatan.komisi }}", ""),
        (" paling lambat ", ""), ("{{ keberatan.batas_komisi }}", "b"),
        (f" (14 hari kerja sejak tanggal tanggapan ini), sesuai Pasal 37 ayat (2) {UU_KIP}.", ""),
    ], align="j", after=6)
    closing(doc, "Demikian tanggapan ini kami sampaikan. Atas perhatian Saudara, kami ucapkan terima kasih.")
    signature(doc, "atasan")
    return doc


TEMPLATES = {
    "tanda_bukti_permohonan.docx": tanda_bukti_permohonan,
    "pemberitahuan_kelengkapan.docx": pemberitahuan_kelengkapan,
    "pemberitahuan_tertulis.docx": pemberitahuan_tertulis,
    "pemberitahuan_perpanjangan.docx": pemberitahuan_perpanjangan,
    "sk_penolakan.docx": sk_penolakan,
    "tanda_terima_keberatan.docx": tanda_terima_keberatan,
    "tanggapan_keberatan.docx": tanggapan_keberatan,
}


def build(folder: Path = HERE) -> list[Path]:
    out = []
    for name, make in TEMPLATES.items():
        path = folder / name
        doc = make()
        trim(doc)
        doc.save(path)
        out.append(path)
    return out


if __name__ == "__main__":
    for p in build():
        print(p)
