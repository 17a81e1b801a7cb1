"""The recap as files: one workbook (XlsxWriter, native charts, a ranking table), a letter
(.docx, python-docx) and the figures as JSON. Named from the period only ("Rekap-2026-T3.xlsx"),
never from personal data; written to a temporary name and moved into place.

Workbook sheets: "Ringkasan" (the total and one row per office, with charts), "Peringkat"
(the ranking), "Penolakan" (refusals by reason per office), "Keberatan" (objections and outcomes
per office), "Tidak Terhitung" (offices that did not report, or whose register is unusable, and
why) and "Definisi".
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from automation.reports.figures import REFUSAL_REASONS
from automation.reports.recap import COLUMN_LABELS, DECISIONS, Recap
from automation.rules.files import replace_file, temp_beside
from automation.rules.values import format_date_id

SUMMARY_COLUMNS = ("received", "finished", "on_time", "on_time_extended", "late", "extended", "pending_end",
                   "overdue_now", "granted", "granted_partly", "refused", "median_days", "on_time_share",
                   "errors_per_100", "skm")
OBJECTION_COLUMNS = ("objections_received", "objections_answered", "objections_on_time", "objections_late",
                     "objections_pending", *(f"objections_{d}" for d in DECISIONS), "objections_to_commission")
SHARES = ("on_time_share",)

DEFINITIONS = (
    "Setiap register diperiksa ulang di memori seperti `ppid check` (memakai tab Hari Libur kantor itu); "
    "angka dihitung dari isian staf, bukan dari kolom toolkit. Berkas kantor tidak diubah.",
    "Diterima: Tanggal Diterima dalam periode. Selesai: Tanggal Pemberitahuan Tertulis dalam periode; "
    "tepat waktu, dengan perpanjangan, terlambat dan alasan penolakan dihitung dari permohonan yang selesai.",
    "Belum selesai: diterima sampai akhir periode dan belum ada pemberitahuan tertulis. "
    "Lewat batas kini: permohonan terbuka yang sudah lewat batas waktu pada tanggal rekap.",
    "Median hari kerja: dari diterima (hari ke-0) sampai pemberitahuan tertulis; total = median semua "
    "permohonan selesai di semua kantor.",
    "Error per 100 baris: temuan pemeriksaan tingkat error dibagi jumlah baris register x 100.",
    "Peringkat: persentase tepat waktu (termasuk perpanjangan sah) tertinggi, lalu lewat batas kini "
    "paling sedikit, lalu error per 100 baris paling sedikit.",
    "Indeks SKM: dari tab Survei Kepuasan bila ada; total = rata-rata kantor yang memilikinya.",
)


@dataclass(frozen=True)
class RecapFiles:
    workbook: Path
    letter: Path
    json: Path


def file_stem(recap: Recap) -> str:
    return f"Rekap-{recap.period.key}"


def _value(v: Any) -> Any:
    if v is None:
        return None
    try:
        import pandas as pd

        if v is pd.NA:
            return None
    except ImportError:  # pragma: no cover - pandas is a dependency of the recap
        pass
    if isinstance(v, float) and v != v:
        return None
    return v.item() if hasattr(v, "item") else v


def _office_rows(recap: Recap, columns: tuple[str, ...]) -> list[list[Any]]:
    rows = []
    for code, row in recap.frame.iterrows():
        rows.append([str(code), str(row["name"]), *(_value(row[c]) for c in columns)])
    return rows


def write_recap_workbook(recap: Recap, path: Path, title: str) -> Path:
    import xlsxwriter

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_beside(path)
    wb = xlsxwriter.Workbook(str(tmp))
    wb.set_properties({"title": title, "comments": "Dibuat oleh ppid-sheets (ppid rekap)"})
    head = wb.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#DDEBF7", "border": 1})
    big = wb.add_format({"bold": True, "font_size": 13})
    bold = wb.add_format({"bold": True})
    pct = wb.add_format({"num_format": "0.0%"})
    pct_bold = wb.add_format({"num_format": "0.0%", "bold": True})

    def table(ws: Any, first: int, headers: list[str], rows: list[list[Any]], total: list[Any] | None = None,
              pct_cols: tuple[int, ...] = ()) -> int:
        ws.write_row(first, 0, headers, head)
        r = first
        for r, values in enumerate(rows, start=first + 1):
            for c, v in enumerate(values):
                if v is None:
                    continue
                if isinstance(v, str):
                    ws.write_string(r, c, v)  # never a formula, whatever the text
                else:
                    ws.write(r, c, v, pct if c in pct_cols else None)
        if total is not None:
            r += 1
            for c, v in enumerate(total):
                if v is None:
                    continue
                if isinstance(v, str):
                    ws.write_string(r, c, v, bold)
                else:
                    ws.write(r, c, v, pct_bold if c in pct_cols else bold)
        return r

    # Ringkasan
    ws = wb.add_worksheet("Ringkasan")
    ws.write_string(0, 0, title, big)
    ws.write_string(1, 0, f"Periode {format_date_id(recap.period.start)} s.d. {format_date_id(recap.period.end)}; "
                          f"dihitung {format_date_id(recap.today)}. Kantor terhitung {len(recap.counted)} dari "
                          f"{len(recap.results)}.")
    headers = ["Kode", "Kantor", *(COLUMN_LABELS[c] for c in SUMMARY_COLUMNS)]
    rows = _office_rows(recap, SUMMARY_COLUMNS)
    total = ["", "TOTAL", *(recap.total.get(c) for c in SUMMARY_COLUMNS)]
    share_col = 2 + SUMMARY_COLUMNS.index("on_time_share")
    last = table(ws, 3, headers, rows, total, pct_cols=(share_col,))
    ws.set_column(0, 0, 10)
    ws.set_column(1, 1, 32)
    ws.set_column(2, len(headers) - 1, 12)
    ws.set_row(3, 45)
    ws.freeze_panes(4, 2)
    n = len(rows)
    if n:
        first, end = 4, 3 + n
        chart_at = last + 3
        ch = wb.add_chart({"type": "bar"})
        for col in (2, 3):
            ch.add_series({"name": ["Ringkasan", 3, col], "categories": ["Ringkasan", first, 1, end, 1],
                           "values": ["Ringkasan", first, col, end, col]})
        ch.set_title({"name": "Permohonan diterima dan selesai per kantor", "name_font": {"size": 11}})
        ch.set_y_axis({"reverse": True})
        ch.set_size({"width": 720, "height": max(300, 22 * n + 80)})
        ws.insert_chart(chart_at, 1, ch)
        pie = wb.add_chart({"type": "pie"})
        ws.write_row(chart_at, 12, ["Ketepatan waktu (total)", "Jumlah"], head)
        labels = [("on_time", "Tepat waktu"), ("on_time_extended", "Dengan perpanjangan"), ("late", "Terlambat")]
        for i, (key, label) in enumerate(labels, start=1):
            ws.write_string(chart_at + i, 12, label)
            ws.write(chart_at + i, 13, recap.total.get(key) or 0)
        pie.add_series({"name": "Ketepatan waktu", "categories": ["Ringkasan", chart_at + 1, 12, chart_at + 3, 12],
                        "values": ["Ringkasan", chart_at + 1, 13, chart_at + 3, 13], "data_labels": {"value": True}})
        pie.set_title({"name": "Ketepatan waktu pemberitahuan (total)", "name_font": {"size": 11}})
        ws.insert_chart(chart_at + 5, 12, pie)

    # Peringkat
    ws = wb.add_worksheet("Peringkat")
    ws.write_string(0, 0, f"Peringkat kantor, {recap.period.label}", big)
    rank_rows = [[int(i), str(r["code"]), str(r["name"]), _value(r["finished"]), _value(r["on_time_share"]),
                  _value(r["overdue_now"]), _value(r["median_days"]), _value(r["errors_per_100"])]
                 for i, r in recap.ranking.iterrows()]
    rank_headers = ["Peringkat", "Kode", "Kantor", COLUMN_LABELS["finished"], COLUMN_LABELS["on_time_share"],
                    COLUMN_LABELS["overdue_now"], COLUMN_LABELS["median_days"], COLUMN_LABELS["errors_per_100"]]
    table(ws, 2, rank_headers, rank_rows, pct_cols=(4,))
    ws.set_row(2, 30)
    ws.set_column(0, 1, 10)
    ws.set_column(2, 2, 32)
    ws.set_column(3, 7, 14)
    if rank_rows:
        ch = wb.add_chart({"type": "bar"})
        ch.add_series({"name": "Persentase tepat waktu", "categories": ["Peringkat", 3, 2, 2 + len(rank_rows), 2],
                       "values": ["Peringkat", 3, 4, 2 + len(rank_rows), 4]})
        ch.set_title({"name": "Persentase tepat waktu per kantor", "name_font": {"size": 11}})
        ch.set_legend({"none": True})
        ch.set_y_axis({"reverse": True})
        ch.set_x_axis({"num_format": "0%", "min": 0, "max": 1})
        ch.set_size({"width": 640, "height": max(300, 22 * len(rank_rows) + 80)})
        ws.insert_chart(1, 9, ch)

    # Penolakan
    ws = wb.add_worksheet("Penolakan")
    ws.write_string(0, 0, "Permohonan ditolak menurut alasan", big)
    reason_cols = tuple(f"refused_{k}" for k in REFUSAL_REASONS)
    table(ws, 2, ["Kode", "Kantor", *REFUSAL_REASONS.values()], _office_rows(recap, reason_cols),
          ["", "TOTAL", *(recap.total.get(c) for c in reason_cols)])
    ws.set_row(2, 60)
    ws.set_column(1, 1, 32)
    ws.set_column(2, 1 + len(reason_cols), 12)

    # Keberatan
    ws = wb.add_worksheet("Keberatan")
    ws.write_string(0, 0, "Keberatan dan hasilnya", big)
    table(ws, 2, ["Kode", "Kantor", *(COLUMN_LABELS[c] for c in OBJECTION_COLUMNS)],
          _office_rows(recap, OBJECTION_COLUMNS), ["", "TOTAL", *(recap.total.get(c) for c in OBJECTION_COLUMNS)])
    ws.set_row(2, 45)
    ws.set_column(1, 1, 32)
    ws.set_column(2, 1 + len(OBJECTION_COLUMNS), 13)

    # Tidak Terhitung
    ws = wb.add_worksheet("Tidak Terhitung")
    ws.write_string(0, 0, "Kantor yang tidak melapor atau registernya tidak dapat dipakai", big)
    missing = [[r.office.code, r.office.name, r.office.shown_source, r.status, r.why] for r in recap.not_counted]
    table(ws, 2, ["Kode", "Kantor", "Sumber", "Status", "Sebab"], missing or [["", "(tidak ada)", "", "", ""]])
    ws.set_column(0, 0, 10)
    ws.set_column(1, 2, 32)
    ws.set_column(3, 3, 20)
    ws.set_column(4, 4, 90)

    # Definisi
    ws = wb.add_worksheet("Definisi")
    ws.set_column(0, 0, 120)
    for i, text in enumerate(DEFINITIONS):
        ws.write_string(i, 0, text)
    for sheet in wb.worksheets():
        sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.fit_to_pages(1, 0)  # printed one page wide, tables and charts together
    wb.close()
    replace_file(tmp, path)
    return path


def _pct(v: Any, decimals: int = 1) -> str:
    v = _value(v)
    return "-" if v is None else f"{100 * v:.{decimals}f}%".replace(".", ",")


def _num(v: Any) -> str:
    v = _value(v)
    if v is None:
        return "-"
    return (f"{v:.1f}".replace(".", ",") if isinstance(v, float) and not float(v).is_integer() else str(int(v)))


def _widths(table: Any, widths: tuple[Any, ...]) -> None:
    """Column widths Word and LibreOffice both keep: set on the columns and on every cell."""
    for col, width in zip(table.columns, widths):
        col.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width


def write_recap_letter(recap: Recap, cfg: Any, path: Path, title: str) -> Path:
    """A letter (nota dinas) from the province's PPID to its superior with the recap tables."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin = section.bottom_margin = Cm(2)
    style = doc.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(10)
    style.paragraph_format.space_after = Pt(4)
    office = cfg.office
    for text, size in ((office.parent.upper(), 12), (office.name.upper(), 13)):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(text)
        run.bold = True
        run.font.size = Pt(size)
        p.paragraph_format.space_after = Pt(0)
    p = doc.add_paragraph(" ".join(x for x in (office.address, office.phone and f"Telp. {office.phone}",
                                               office.email, office.website) if x))
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run("NOTA DINAS")
    run.bold = True
    run.font.size = Pt(12)
    meta = doc.add_table(rows=0, cols=3)
    for label, value in (("Nomor", ".........................."), ("Kepada", cfg.superior.title or "Sekretaris"),
                         ("Dari", cfg.ppid.title or "PPID"), ("Tanggal", format_date_id(recap.today)),
                         ("Perihal", title)):
        cells = meta.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = label, ":", value
    meta.autofit = False
    _widths(meta, (Cm(2.5), Cm(0.6), Cm(13.9)))
    t = recap.total
    doc.add_paragraph(
        f"Dengan hormat, bersama ini kami sampaikan rekapitulasi layanan informasi publik {recap.period.label} "
        f"({format_date_id(recap.period.start)} s.d. {format_date_id(recap.period.end)}) dari "
        f"{len(recap.counted)} dari {len(recap.results)} satuan kerja. Angka dihitung ulang dari register "
        f"masing-masing kantor pada {format_date_id(recap.today)}."
        + (" Periode belum berakhir: angka sampai dengan tanggal tersebut." if recap.period.end > recap.today else ""))
    doc.add_paragraph(
        f"Secara keseluruhan: permohonan diterima {_num(t['received'])}, selesai {_num(t['finished'])} "
        f"(tepat waktu {_num(t['on_time'])}, dengan perpanjangan {_num(t['on_time_extended'])}, terlambat "
        f"{_num(t['late'])}; {_pct(t['on_time_share'])} tepat waktu), ditolak {_num(t['refused'])}, belum selesai "
        f"pada akhir periode {_num(t['pending_end'])}, lewat batas waktu saat ini {_num(t['overdue_now'])}. "
        f"Keberatan diterima {_num(t['objections_received'])}, ditanggapi {_num(t['objections_answered'])}. "
        f"Median waktu penyelesaian {_num(t['median_days'])} hari kerja; mutu data {_num(t['errors_per_100'])} "
        f"temuan error per 100 baris" + (f"; indeks SKM rata-rata {_num(t['skm'])}." if t.get("skm") else "."))
    columns = (("Kantor", None), ("Masuk", "received"), ("Selesai", "finished"), ("Tepat waktu", "on_time_share"),
               ("Ter- lambat", "late"), ("Belum selesai", "pending_end"), ("Lewat batas kini", "overdue_now"),
               ("Ditolak", "refused"), ("Kebe- ratan", "objections_received"), ("Median hari kerja", "median_days"),
               ("Error per 100 baris", "errors_per_100"))
    table = doc.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    for cell, (label, _) in zip(table.rows[0].cells, columns):
        cell.text = label
        cell.paragraphs[0].runs[0].bold = True

    def add(name: str, values: Any, bold: bool = False) -> None:
        cells = table.add_row().cells
        cells[0].text = name
        for cell, (_, key) in zip(cells[1:], columns[1:]):
            v = values[key]
            cell.text = _pct(v, 0) if key == "on_time_share" else _num(v)
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if bold:
            for cell in cells:
                for run in cell.paragraphs[0].runs:
                    run.bold = True

    for _, row in recap.ranking.iterrows():
        add(str(row["name"]), recap.frame.loc[row["code"]])
    add("TOTAL", t, bold=True)
    table.autofit = False
    _widths(table, (Cm(3.6), *([Cm(1.34)] * (len(columns) - 1))))
    for n, row in enumerate(table.rows):
        for cell in row.cells:
            for par in cell.paragraphs:
                par.paragraph_format.space_after = Pt(0)
                for run in par.runs:
                    run.font.size = Pt(7 if n == 0 else 8)
    doc.add_paragraph("Kantor diurutkan menurut peringkat (persentase tepat waktu, lalu lewat batas kini, lalu "
                      "mutu data).").runs[0].italic = True
    if recap.not_counted:
        doc.add_paragraph("Kantor yang belum terhitung:")
        for r in recap.not_counted:
            doc.add_paragraph(f"{r.office.name} ({r.office.code}): {r.status}, {r.why}", style="List Bullet")
    doc.add_paragraph("Rincian per kantor, alasan penolakan, keberatan dan grafik ada di buku kerja rekap "
                      "terlampir. Demikian kami sampaikan.")
    sign = doc.add_paragraph()
    sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    sign.add_run(f"{office.city}, {format_date_id(recap.today)}\n{cfg.ppid.title or 'PPID'}\n\n\n")
    sign.add_run(cfg.ppid.name or "..........................").bold = True
    if cfg.ppid.nip:
        sign.add_run(f"\nNIP {cfg.ppid.nip}")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_beside(path)
    doc.save(str(tmp))
    replace_file(tmp, path)
    return path


def write_recap_files(recap: Recap, cfg: Any, outdir: Path) -> RecapFiles:
    title = f"Rekapitulasi Layanan Informasi Publik {recap.period.label}"
    stem = file_stem(recap)
    workbook = write_recap_workbook(recap, outdir / f"{stem}.xlsx", title)
    letter = write_recap_letter(recap, cfg, outdir / f"{stem}.docx", title)
    json_path = outdir / f"{stem}.json"
    tmp = temp_beside(json_path)
    tmp.write_text(recap.to_json(), encoding="utf-8")
    replace_file(tmp, json_path)
    return RecapFiles(workbook, letter, json_path)
