"""The report as a register tab: the figures' summary, breakdown tables, native charts.

Pure: `ReportFigures` in, `SheetContent` out; the command layer writes it. The figures and
their definitions are in `automation.reports.figures`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from automation.reports.figures import REFUSAL_REASONS, Period, ReportFigures
from automation.rules.values import format_date_id, format_rupiah
from automation.survey.index import SOURCE as SKM_SOURCE
from automation.survey.index import format_decimal
from sheets.layout import OBJECTION_GROUNDS, REPORT_FORM
from sheets.model import CellValue, Chart, SheetContent

# --- the register tab ------------------------------------------------------------------------

CHANNEL_TITLE = "Permohonan menurut kanal"
DECISION_TITLE = "Keputusan"
TIMELINESS_TITLE = "Ketepatan waktu"
TREND_TITLE = "Tren 12 bulan"

DEFINITIONS: tuple[str, ...] = (
    "Permohonan masuk periode menurut Tanggal Diterima; selesai menurut Tanggal Pemberitahuan Tertulis.",
    "Tepat waktu: pemberitahuan paling lambat Batas Waktu (10 hari kerja; tahapan Pemilu/Pemilihan 3).",
    "Tepat waktu dengan perpanjangan: perpanjangan sah dan pemberitahuan paling lambat Batas Waktu Perpanjangan.",
    "Hari kerja terpakai: dari tanggal diterima (hari ke-0) sampai pemberitahuan tertulis.",
    "Keputusan, ketepatan waktu, perpanjangan, biaya dan supervisi dihitung atas permohonan yang selesai dalam periode.",
    "Keberatan: tepat waktu bila ditanggapi paling lambat 30 hari kerja (tahapan Pemilu/Pemilihan 3) sejak diterima.",
    "Laporan ini tidak memuat data pribadi pemohon (UU 27/2022).",
)


def title_of(period: Period) -> str:
    if period.kind == "year":
        return f"Laporan Tahunan Layanan Informasi Publik {period.label}"
    return f"Laporan Bulanan Layanan Informasi Publik Bulan {period.label}"


def _fmt_num(x: float | int | None) -> CellValue:
    if x is None:
        return "-"
    if isinstance(x, float) and x.is_integer():
        return int(x)
    return x


def summary_rows(f: ReportFigures) -> list[tuple[str, CellValue]]:
    """(Uraian, Jumlah) rows of the summary, shared by the tab, the workbook and the letter."""
    wd = f.working_days
    share = f.supervised_share
    return [
        ("Belum selesai pada awal periode", f.pending_start),
        ("Permohonan diterima", f.received),
        ("Permohonan selesai (pemberitahuan tertulis)", f.finished),
        ("Belum selesai pada akhir periode", f.pending_end),
        ("Diterima", f.granted),
        ("Diterima sebagian", f.granted_partly),
        ("Ditolak", f.refused),
        ("Keputusan belum diisi", f.decision_missing),
        ("Tepat waktu (≤ 10 hari kerja; tahapan Pemilu ≤ 3)", f.on_time),
        ("Tepat waktu dengan perpanjangan", f.on_time_extended),
        ("Terlambat", f.late),
        ("Memakai perpanjangan", f.extended),
        ("Hari kerja terpakai: rata-rata", _fmt_num(wd["mean"])),
        ("Hari kerja terpakai: median", _fmt_num(wd["median"])),
        ("Hari kerja terpakai: tercepat", _fmt_num(wd["min"])),
        ("Hari kerja terpakai: terlama", _fmt_num(wd["max"])),
        ("Biaya diterima", format_rupiah(f.fees_total)),
        ("Disupervisi Kasubbag", f"{f.supervised} dari {f.finished}"
         + (f" ({share * 100:.0f}%)".replace(".", ",") if share is not None else "")),
    ] + survey_summary(f)


SURVEY_TITLE = "Survei Kepuasan Masyarakat"


def survey_summary(f: ReportFigures) -> list[tuple[str, CellValue]]:
    """(Uraian, Nilai) rows of the satisfaction index; empty when the register has no survey."""
    s = f.survey
    if s is None:
        return []
    if s.ikm is None:
        return [("Survei kepuasan: responden", 0), ("Indeks Kepuasan Masyarakat (IKM)", "-")]
    return [("Survei kepuasan: responden", s.respondents),
            ("Indeks Kepuasan Masyarakat (IKM)", f"{format_decimal(s.ikm)} (mutu {s.grade}, {s.performance})")]


def survey_table(f: ReportFigures) -> list[tuple[CellValue, ...]]:
    """Per element: name, NRR, answers, then how many answered 1, 2, 3, 4 (numbers, for charts)."""
    s = f.survey
    if s is None:
        return []
    return [(f"U{n} {e.name}", float(e.nrr) if e.nrr is not None else None, e.answered, *e.counts)
            for n, e in enumerate(s.elements, start=1)]


def breakdown_tables(f: ReportFigures) -> list[tuple[str, str, list[tuple[str, int]]]]:
    """(title, first header, rows) of each small table, in the order they are shown."""
    o = f.objections
    return [
        (CHANNEL_TITLE, "Kanal", list(f.by_channel.items())),
        ("Permohonan menurut jenis pemohon", "Jenis Pemohon", list(f.by_requester_type.items())),
        ("Permohonan menurut kategori informasi", "Kategori", list(f.by_category.items())),
        ("Permohonan menurut petugas", "Petugas", list(f.by_officer.items()) or [("-", 0)]),
        (DECISION_TITLE, "Keputusan", [("Diterima", f.granted), ("Diterima sebagian", f.granted_partly),
                                       ("Ditolak", f.refused), ("Belum diisi", f.decision_missing)]),
        # Pasal 17 letters only when used; the other reasons always (months line up).
        ("Alasan penolakan", "Alasan", [(REFUSAL_REASONS[k], v) for k, v in f.refused_by_reason.items()
                                        if v or not k.startswith("pasal17_")]),
        (TIMELINESS_TITLE, "Ketepatan", [("Tepat waktu", f.on_time), ("Dengan perpanjangan", f.on_time_extended),
                                         ("Terlambat", f.late)]),
        ("Sebaran hari kerja terpakai", "Hari kerja", [(k.replace(">17", "> 17"), v)
                                                       for k, v in f.working_days["buckets"].items()]),
        ("Keberatan", "Uraian", [
            ("Diterima", o.received), ("Ditanggapi", o.answered), ("Ditanggapi tepat waktu", o.on_time),
            ("Ditanggapi terlambat", o.late), ("Belum ditanggapi pada akhir periode", o.pending_end),
            ("Diajukan ke Komisi Informasi", o.to_commission),
        ]),
        ("Keberatan menurut alasan (UU 14/2008 Pasal 35 ayat 1)", "Alasan",
         [(f"{k}. {OBJECTION_GROUNDS[k]}", v) for k, v in o.by_ground.items()]),
        ("Tanggapan Atasan PPID", "Keputusan", list(o.by_decision.items())),
    ]


def report_tab(figures: ReportFigures, trend: Sequence[tuple[str, int, int]]) -> SheetContent:
    """The "Laporan YYYY-MM" / "Laporan Tahunan YYYY" tab: tables in columns A-C, native
    charts to the right (column E), definitions at the bottom. Rebuilt whole on a rerun."""
    f = figures
    p = f.period
    rows: list[tuple[CellValue, ...]] = []
    bold: list[int] = []
    charts: list[Chart] = []

    def add(*cells: CellValue, is_bold: bool = False) -> int:
        rows.append(tuple(cells))
        if is_bold:
            bold.append(len(rows) - 1)
        return len(rows) - 1

    add(title_of(p), is_bold=True)
    add(f"Periode: {format_date_id(p.start)} s.d. {format_date_id(p.end)}")
    add(f"Dihitung: {format_date_id(f.today)} dari register (tanpa data pribadi)")
    if f.uncertain_years:
        add("Catatan: kalender tahun " + ", ".join(map(str, f.uncertain_years)) + " masih perkiraan.")
    if f.skipped:
        more = f" dan {len(f.skipped) - 10} lainnya" if len(f.skipped) > 10 else ""
        add(f"Catatan: {len(f.skipped)} baris tidak dihitung (Tanggal Diterima kosong/tidak terbaca atau "
            f"pemberitahuan sebelum tanggal diterima): baris " + ", ".join(map(str, f.skipped[:10])) + more + ".")
    add()
    add("Ringkasan", "Jumlah", is_bold=True)
    for label, value in summary_rows(f):
        add(label, value)

    chart_slots = {CHANNEL_TITLE: ("column", 0), DECISION_TITLE: ("pie", 1), TIMELINESS_TITLE: ("column", 2)}
    for title, header, items in breakdown_tables(f):
        add()
        add(title, is_bold=True)
        head = add(header, "Jumlah", is_bold=True)
        for label, value in items:
            add(label, value)
        if title in chart_slots:
            kind, slot = chart_slots[title]
            charts.append(Chart(kind, f"{title} ({p.label})", head, head + 1, len(rows) - 1, 0, (1,),
                                anchor=(slot * 16, 4)))

    if f.oldest_pending:
        add()
        add("Permohonan belum selesai yang paling lama", is_bold=True)
        add("No. Pendaftaran", "Tanggal Diterima", "Hari kerja berjalan", is_bold=True)
        for item in f.oldest_pending:
            add(item.number, item.received.strftime("%d-%m-%Y"), item.days_open)

    if f.survey is not None:
        _survey_block(f, add, rows, charts)

    add()
    add(TREND_TITLE, is_bold=True)
    head = add("Bulan", "Diterima", "Selesai", is_bold=True)
    for label, rec, fin in trend:
        add(label, rec, fin)
    if trend:
        charts.append(Chart("line", f"{TREND_TITLE}: diterima dan selesai", head, head + 1, len(rows) - 1, 0, (1, 2),
                            anchor=(48, 4), size=(640, 300)))

    add()
    add("Definisi", is_bold=True)
    for text in DEFINITIONS:
        add(text)

    if f.survey is not None:
        add(f"IKM: NRR per unsur = jumlah nilai / jumlah jawaban; IKM = jumlah (NRR x 1/9) x 25; mutu A-D ({SKM_SOURCE}).")
    width = max(len(r) for r in rows)
    padded = tuple(tuple(r) + (None,) * (width - len(r)) for r in rows)
    return SheetContent(p.tab_name, padded, widths=(52, 18, 18), bold_rows=tuple(bold), charts=tuple(charts),
                        freeze_header=False,
                        form=dataclasses.replace(REPORT_FORM, row_breaks=page_breaks(charts, len(padded))))


ROWS_PER_PAGE = 32  # a landscape A4 page, one page wide, holds two 16-row charts


def page_breaks(charts: Sequence[Chart], rows: int, per_page: int = ROWS_PER_PAGE) -> tuple[int, ...]:
    """Rows after which a new printed page starts, so that no chart is cut in two: a break that
    would fall inside a chart moves up to the chart's top (or below it, for a chart taller
    than a page)."""
    spans = [(c.anchor[0], c.anchor[0] + -(-c.size[1] // 20)) for c in charts]  # rows of 20 px
    last = max([rows] + [bottom for _, bottom in spans])
    out: list[int] = []
    start = 0
    while start + per_page < last:
        brk = start + per_page
        for top, bottom in sorted(spans):
            if top < brk < bottom:
                brk = top if top > start else bottom
                break
        out.append(brk)
        start = brk
    return tuple(out)


def _survey_block(f: ReportFigures, add, rows: list, charts: list[Chart]) -> None:
    """The survey section of the tab: the index, a table per element (columns A-G), two charts
    beside it from column I (NRR per element; how many answered 1-4 for each element)."""
    s = f.survey
    assert s is not None
    add()
    add(f"{SURVEY_TITLE} ({SKM_SOURCE})", is_bold=True)
    for label, value in survey_summary(f):
        add(label, value)
    if s.ikm is None:
        add("Belum ada responden dalam periode ini.")
        return
    add("Nilai interval (skala 1-4)", format_decimal(s.interval, 4))
    head = add("Unsur", "NRR", "Jawaban", "Nilai 1", "Nilai 2", "Nilai 3", "Nilai 4", is_bold=True)
    for row in survey_table(f):
        add(*row)
    last = len(rows) - 1
    charts.append(Chart("bar", f"NRR per unsur ({f.period.label})", head, head + 1, last, 0, (1,),
                        anchor=(head, 8), size=(560, 320)))
    charts.append(Chart("column", f"Sebaran jawaban per unsur ({f.period.label})", head, head + 1, last, 0,
                        (3, 4, 5, 6), anchor=(head + 17, 8), size=(640, 320)))
