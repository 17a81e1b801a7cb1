"""The survey form: printable (.docx, for the desk) and as a question list for a Google Form.

The questions and their four answers follow the sample questionnaire in the annex of
Permenpan RB 14/2017 (one question per element, answers from worst = 1 to best = 4). The form
asks for no name, address, phone or NIK: the survey is anonymous; the registration number is
optional and only links an answer to a request.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from automation.rules.files import replace_file, temp_beside
from sheets.layout import SKM_ELEMENTS


@dataclass(frozen=True)
class Question:
    key: str
    element: str
    text: str
    answers: tuple[str, str, str, str]  # values 1, 2, 3, 4


_Q = (
    ("Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
     ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai")),
    ("Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
     ("Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah")),
    ("Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?",
     ("Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat")),
    ("Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?",
     ("Sangat mahal", "Cukup mahal", "Murah", "Gratis")),
    ("Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum dalam standar "
     "pelayanan dengan hasil yang diberikan?",
     ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai")),
    ("Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?",
     ("Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten")),
    ("Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?",
     ("Tidak sopan dan ramah", "Kurang sopan dan ramah", "Sopan dan ramah", "Sangat sopan dan ramah")),
    ("Bagaimana pendapat Saudara tentang penanganan pengaduan, saran dan masukan pengguna layanan?",
     ("Tidak ada", "Ada tetapi tidak berfungsi", "Berfungsi kurang maksimal", "Dikelola dengan baik")),
    ("Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana pelayanan?",
     ("Buruk", "Cukup", "Baik", "Sangat baik")),
)

QUESTIONS: dict[str, Question] = {
    key: Question(key, name, text, answers) for (key, name), (text, answers) in zip(SKM_ELEMENTS, _Q)
}

INTRO = ("Survei ini untuk meningkatkan mutu layanan informasi publik (Permenpan RB 14/2017). Jawaban Saudara "
         "tidak memuat identitas: jangan tuliskan nama, alamat, nomor telepon, email atau NIK.")


def google_form_text(office: str = "") -> str:
    """The questions as plain text to paste into a Google Form, one block per question."""
    lines = [f"Survei Kepuasan Masyarakat - Layanan Informasi Publik{' ' + office if office else ''}", "",
             INTRO, "",
             "Cara membuat di Google Form: setiap pertanyaan U1-U9 = Pilihan ganda (wajib), pilihan jawaban persis "
             "seperti di bawah (angka di depan dipakai saat impor). Aktifkan tanggal otomatis (Cap waktu). "
             "Jangan tambahkan pertanyaan nama, email, telepon atau NIK.", "",
             "No. Pendaftaran permohonan (opsional) - Jawaban singkat", ""]
    for n, q in enumerate(QUESTIONS.values(), start=1):
        lines.append(f"U{n} {q.element}: {q.text}")
        lines += [f"{v}. {label}" for v, label in enumerate(q.answers, start=1)]
        lines.append("")
    lines.append("Saran dan Masukan - Paragraf (opsional)")
    return "\n".join(lines) + "\n"


def write_form_docx(path: Path, office: str = "", parent: str = "") -> Path:
    """The printable form: A4, one page per respondent, boxes to tick, room for comments."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin = section.bottom_margin = Cm(1.5)
    section.left_margin = section.right_margin = Cm(2.0)
    style = doc.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(9.5)
    style.paragraph_format.space_after = Pt(1)

    def centred(text: str, size: float, bold: bool = True) -> None:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(text)
        run.bold, run.font.size = bold, Pt(size)

    if parent:
        centred(parent.upper(), 10)
    if office:
        centred(office.upper(), 11)
    centred("KUESIONER SURVEI KEPUASAN MASYARAKAT", 12)
    centred("Layanan Informasi Publik (PPID)", 10, bold=False)
    doc.add_paragraph(INTRO)
    info = doc.add_table(rows=2, cols=2)
    info.style = "Table Grid"
    for r, (label, blank) in enumerate((("Tanggal pengisian", "......... / ......... / 20......"),
                                        ("No. Pendaftaran permohonan (bila ada)", ""))):
        info.cell(r, 0).text, info.cell(r, 1).text = label, blank
    doc.add_paragraph("Beri tanda centang (✓) pada satu kotak untuk setiap pertanyaan.")
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for n, q in enumerate(QUESTIONS.values(), start=1):
        row = table.add_row().cells
        row[0].text = f"U{n}"
        p = row[1].paragraphs[0]
        run = p.add_run(f"{q.element}. ")
        run.bold = True
        p.add_run(q.text)
        options = row[1].add_paragraph()
        options.add_run("    ".join(f"☐ {v}. {label}" for v, label in enumerate(q.answers, start=1)))
        options.paragraph_format.space_after = Pt(2)
    for t, widths in ((info, (Cm(7.0), Cm(10.0))), (table, (Cm(1.1), Cm(15.9)))):
        t.autofit = False
        for col, width in zip(t.columns, widths):
            col.width = width
            for cell in col.cells:
                cell.width = width
    p = doc.add_paragraph()
    p.paragraph_format.space_before = Pt(6)
    p.add_run("Saran dan masukan untuk perbaikan layanan:").bold = True
    for _ in range(3):
        doc.add_paragraph("." * 140)
    doc.add_paragraph("Terima kasih atas kesediaan Saudara mengisi survei ini. "
                      "Diisi petugas: salin jawaban ke tab \"Survei Kepuasan\" di register (1-4 per unsur).")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_beside(path)
    doc.save(str(tmp))
    replace_file(tmp, path)
    return path
