"""Build automation/templates/laporan_bulanan.docx, the letter-style report from the Kasubbag to the Sekretaris.

Run once (`python -m automation.templates.build_report_template`); the office may then edit the .docx in
Word, keeping the Jinja placeholders ({{ ... }}, {%tr ... %}, {%p ... %}) that docxtpl fills in
(automation/reports/documents.py). The same template serves the monthly and the annual report.

Placeholders: kantor.* (the letters' letterhead), tembusan, superior_title, ppid_title, ppid_name,
ppid_nip, city, date, title, period_text, summary (rows: no, label, value), tables (title,
header, rows: label, value), chart, pending (rows: number, received, days), definitions, notes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from automation.templates.build_templates import keep_with_next, letterhead, trim

OUT = Path(__file__).with_name("laporan_bulanan.docx")


def _bottom_border(paragraph) -> None:
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "double"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    p_pr.append(borders)


def _para(doc, text: str = "", *, bold: bool = False, align=None, size: float | None = None, after: float = 0):
    p = doc.add_paragraph()
    if text:
        run = p.add_run(text)
        run.bold = bold
        if size:
            run.font.size = Pt(size)
    if align is not None:
        p.alignment = align
    p.paragraph_format.space_after = Pt(after)
    return p


def _loop_table(doc, headers: list[str], loop: str, cells: list[str], widths: list[float]):
    """A bordered table: a header row, then one row repeated by docxtpl ({%tr for ... %})."""
    table = doc.add_table(rows=4, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, h in enumerate(headers):
        cell = table.cell(0, i)
        cell.text = ""
        cell.paragraphs[0].add_run(h).bold = True
    table.cell(1, 0).text = "{%tr " + loop + " %}"
    for i, c in enumerate(cells):
        table.cell(2, i).text = c
    table.cell(3, 0).text = "{%tr endfor %}"
    _widths(table, widths)
    return table


def _widths(table, widths: list[float]) -> None:
    """Fixed column widths (LibreOffice reads the grid, Word the cells: set both)."""
    table.autofit = False
    for i, w in enumerate(widths):
        table.columns[i].width = Cm(w)
        for cell in table.columns[i].cells:
            cell.width = Cm(w)


def build(path: Path = OUT) -> Path:
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(33.0), Cm(21.5)  # F4/folio, as Indonesian offices use
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2.0)
    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)

    letterhead(doc)  # the same kop surat as every letter (kantor.*, config.toml [office])

    _para(doc, "NOTA DINAS", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, size=12, after=8)
    head = doc.add_table(rows=6, cols=3)
    for i, (label, value) in enumerate((
        ("Yth.", "{{ superior_title }}"),
        ("Dari", "{{ ppid_title }}"),
        ("Nomor", "{{ number }}"),
        ("Tanggal", "{{ date }}"),
        ("Lampiran", "1 (satu) berkas"),
        ("Hal", "{{ title }}"),
    )):
        head.cell(i, 0).text, head.cell(i, 1).text, head.cell(i, 2).text = label, ":", value
    _widths(head, [2.5, 0.5, 13.5])
    rule = _para(doc, "", after=8)
    _bottom_border(rule)

    _para(doc, "Dengan hormat,", after=4)
    _para(doc, "Bersama ini kami sampaikan {{ title }} periode {{ period_text }}, disusun dari Register "
               "Permohonan Informasi Publik dan Register Keberatan, dengan rincian sebagai berikut.", after=6)

    _para(doc, "A. Ringkasan", bold=True, after=4)
    _loop_table(doc, ["No", "Uraian", "Jumlah"], "for r in summary", ["{{ r.no }}", "{{ r.label }}", "{{ r.value }}"],
                [1.2, 10.8, 4.0])
    _para(doc, "", after=4)
    _para(doc, "{{ chart }}", align=WD_ALIGN_PARAGRAPH.CENTER, after=6)

    _para(doc, "B. Rincian", bold=True, after=4)
    _para(doc, "{%p for t in tables %}")
    _para(doc, "{{ t.title }}", bold=True, after=2)
    _loop_table(doc, ["{{ t.header }}", "Jumlah"], "for r in t.rows", ["{{ r.label }}", "{{ r.value }}"], [12.0, 4.0])
    _para(doc, "", after=4)
    _para(doc, "{%p endfor %}")

    _para(doc, "{%p if pending %}")
    _para(doc, "C. Permohonan belum selesai yang paling lama", bold=True, after=4)
    _loop_table(doc, ["No. Pendaftaran", "Tanggal Diterima", "Hari kerja berjalan"], "for r in pending",
                ["{{ r.number }}", "{{ r.received }}", "{{ r.days }}"], [6.0, 5.0, 5.0])
    _para(doc, "", after=4)
    _para(doc, "{%p endif %}")

    _para(doc, "{%p for n in notes %}")
    _para(doc, "Catatan: {{ n }}", size=10, after=6)  # a line's space before the closing
    _para(doc, "{%p endfor %}")

    closing = _para(doc, "Demikian laporan ini kami sampaikan. Atas perhatian Bapak/Ibu, kami ucapkan terima kasih.",
                    after=12)
    keep_with_next(closing)

    sign = doc.add_table(rows=1, cols=2)
    tr_pr = sign.rows[0]._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))  # the signature never splits from itself
    cell = sign.cell(0, 1)
    cell.text = ""
    lines = ["{{ city }}, {{ date }}", "{{ ppid_title }}", "", "", "", "{{ ppid_name }}", "NIP {{ ppid_nip }}"]
    cell.paragraphs[0].add_run(lines[0])
    for line in lines[1:]:
        p = cell.add_paragraph()
        run = p.add_run(line)
        run.bold = line == "{{ ppid_name }}"
    _widths(sign, [8.0, 8.5])
    _para(doc, "{%p if tembusan %}")
    _para(doc, "{{ tembusan }}", size=10)
    _para(doc, "{%p endif %}")

    _para(doc, "", after=6)
    _para(doc, "Definisi:", bold=True, size=10)
    _para(doc, "{%p for d in definitions %}")
    _para(doc, "- {{ d }}", size=10)
    _para(doc, "{%p endfor %}")

    path.parent.mkdir(parents=True, exist_ok=True)
    trim(doc)
    doc.save(str(path))
    return path


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
