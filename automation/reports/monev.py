"""The annual Monev evidence pack ("bukti dukung" for the Komisi Informasi's monitoring and
evaluation, Perki 1/2022): one folder and one zip an office can upload.

`build_monev_pack` takes the register's records (already read by the command layer), the
calendar, the config, the year and `today`, and writes:

| file | what | Monev indicator |
|---|---|---|
| 00-Indeks-Bukti-Dukung (xlsx, docx) | every file, its indicator, what was left out and why | all |
| 01-Register-Permohonan (xlsx) | the 21-column register (Model PPID-C), masked | Layanan Informasi |
| 02-Contoh-Surat/*.pdf | one letter of each kind issued in the year, masked | Layanan Informasi |
| 03-Perpanjangan (xlsx) | extension notices with their reasons and lawfulness | Layanan Informasi |
| 04-Register-Keberatan (xlsx) | objections, grounds, answers and outcomes | Layanan Informasi |
| 05-Waktu-Layanan (xlsx, png) | working days taken: median, mean, on-time rate, histogram | Layanan Informasi |
| 06-Laporan-Tahunan (docx, pdf) | the annual report, Perki 1/2021 Pasal 56, six parts | Jenis Informasi; Komitmen Organisasi |
| 07-Survei-Kepuasan (xlsx) | the satisfaction index (Permenpan RB 14/2017) | Layanan Informasi; Sarana dan Prasarana |

Personal data (UU 27/2022): no NIK, phone, e-mail or street address anywhere. The register keeps
the requester's name (the register's required content, Perki 1/2021) and the regency of the
address; the sample letters are re-rendered from masked copies of their rows (address masked,
contact and identity number left out); the objection register and the survey carry no names
and no free text. The index lists every omission with its reason.

The pack is built in a temporary folder beside the target and then moved into place, so a
crash never leaves half a pack where the last good one was; a rerun rebuilds it whole.
"""

from __future__ import annotations

import datetime as dt
import shutil
import statistics
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from automation.letters.issue import IssuedLetter, file_name
from automation.letters.pdf import convert_to_pdf, find_soffice
from automation.letters.render import TEMPLATES_DIR, build_context, render_letter
from automation.reports.export import HEADERS as PERKI_HEADERS
from automation.reports.export import mask_address, perki_rows
from automation.reports.figures import Period, compute_report
from automation.reports.monev_files import DocPart, Sheet, histogram_png, write_docx, write_xlsx
from automation.reports.tab import breakdown_tables, summary_rows
from automation.rules.calendar import WorkCalendar, to_date
from automation.rules.deadlines import compute_deadlines, deadline_rules_from_config
from automation.rules.letter_kinds import KINDS
from automation.rules.objection_deadlines import objection_deadlines
from automation.rules.records import DikEntry, Objection, Request
from automation.rules.values import format_date_id
from automation.survey.index import BANDS_TEXT, SOURCE, format_decimal, skm_index
from automation.survey.responses import Response, in_period
from sheets.layout import OBJECTION_GROUNDS

INDICATORS = {
    "service": "Layanan Informasi",
    "types": "Jenis Informasi",
    "commitment": "Komitmen Organisasi",
    "facilities": "Sarana dan Prasarana",
}
"""Monev indicator names (Komisi Informasi SAQ 2024-2025); match them to the year's questionnaire."""

LEFT_OUT: tuple[str, ...] = (
    "NIK / nomor identitas pemohon: tidak dimuat di berkas mana pun (data pribadi, UU 27/2022; "
    "tidak wajib diumumkan).",
    "Nomor telepon dan email pemohon: tidak dimuat; kolom Nomor Kontak register dikosongkan dengan keterangan.",
    "Alamat pemohon: hanya bagian terakhirnya (kabupaten/kota atau provinsi) yang dimuat.",
    "Contoh surat: dibuat ulang dari salinan baris yang disamarkan (alamat disamarkan, kontak dan nomor "
    "identitas tidak dimuat); nomor dan tanggal surat sama dengan aslinya.",
    "Register keberatan: tanpa nama, alamat dan kontak pengaju (cukup nomor registrasi untuk menunjukkan hasilnya).",
    "Survei kepuasan: saran dan masukan responden (teks bebas) tidak dimuat; hanya angka per unsur.",
)


@dataclass(frozen=True)
class PackFile:
    name: str  # path relative to the pack folder
    title: str  # Indonesian
    indicator: str
    evidence: str  # what it supports (Indonesian)


@dataclass
class MonevPack:
    folder: Path
    zip: Path | None
    files: list[PackFile] = field(default_factory=list)
    omitted: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # Indonesian: what could not be made


@dataclass(frozen=True)
class MonevInput:
    """Everything the pack is made from (read by the command layer)."""

    requests: Sequence[Request]
    objections: Sequence[Objection]
    issued: Sequence[IssuedLetter]
    survey: Sequence[Response]
    dik: Mapping[str, DikEntry]
    has_survey_tab: bool = True


# --- masked records ------------------------------------------------------------------------------

def masked_request(r: Request) -> Request:
    return replace(r, identity="", phone="", email="", address=mask_address(r.address))


def masked_objection(o: Objection) -> Objection:
    return replace(o, phone="", email="", address=mask_address(o.address))


# --- the parts -------------------------------------------------------------------------------------

def _register(inp: MonevInput, year: int, office: str, path: Path) -> int:
    rows = perki_rows(inp.requests, dt.date(year, 1, 1), dt.date(year, 12, 31), masked=True)
    contact = PERKI_HEADERS.index("Nomor Kontak")
    for row in rows:
        row[contact] = "(tidak dimuat)" if row[contact] else ""
    widths = tuple({"No": 5, "Nama": 22, "Alamat": 20, "Informasi yang Diminta": 34}.get(h, 13) for h in PERKI_HEADERS)
    write_xlsx(path, [Sheet("Register Permohonan", f"REGISTER PERMOHONAN INFORMASI PUBLIK TAHUN {year}",
                            (office, "Model PPID-C / Perki 1/2021. Alamat disamarkan; nomor kontak dan NIK tidak dimuat "
                             "(UU 27/2022)."),
                            PERKI_HEADERS, tuple(tuple(r) for r in rows), widths)], office)
    return len(rows)


def _sample_letters(inp: MonevInput, year: int, cfg: Any, cal: WorkCalendar, folder: Path,
                    pack: MonevPack) -> list[PackFile]:
    """One letter of each kind issued in `year` (the earliest), re-rendered masked, as PDF."""
    by_number = {r.number.strip(): r for r in inp.requests if r.number.strip()}
    objections = {o.number.strip(): o for o in inp.objections if o.number.strip()}
    templates = getattr(getattr(cfg, "output", None), "templates", None) or TEMPLATES_DIR
    chosen: list[tuple[Any, IssuedLetter]] = []
    for kind in KINDS:
        letters = sorted((x for x in inp.issued if x.kind.key == kind.key and x.date is not None and x.date.year == year),
                         key=lambda x: (x.date, x.number))
        if letters:
            chosen.append((kind, letters[0]))
    docs: list[tuple[Path, Any, IssuedLetter]] = []
    for kind, letter in chosen:
        if kind.register == "requests":
            record = by_number.get(letter.reference.strip())
            request = record
            masked = masked_request(record) if record is not None else None
        else:
            record = objections.get(letter.reference.strip())
            request = by_number.get(record.request_number.strip()) if record is not None else None
            masked = masked_objection(record) if record is not None else None
        if masked is None:
            pack.problems.append(f"{kind.label} {letter.number}: baris {letter.reference} tidak ditemukan di register; "
                                 "contoh surat ini tidak dibuat.")
            continue
        ctx = build_context(kind, masked, number=letter.number, date=letter.date, cfg=cfg, cal=cal,
                            request=request, dik=inp.dik)
        template_dir = templates if (Path(templates) / kind.template).is_file() else TEMPLATES_DIR
        out = folder / file_name(letter.number, kind)
        render_letter(kind, ctx, out, template_dir)
        out.with_suffix(".txt").unlink(missing_ok=True)
        docs.append((out, kind, letter))
    if not docs:
        return []
    exe = find_soffice()
    done = convert_to_pdf([d for d, _, _ in docs], soffice=exe, timeout=240) if exe else None
    made = set(done.pdfs) if done else set()
    files = []
    for docx, kind, letter in docs:
        pdf = docx.with_suffix(".pdf")
        if pdf in made:
            docx.unlink(missing_ok=True)
            shown = pdf
        else:
            shown = docx
            pack.problems.append(f"{kind.label} {letter.number}: PDF tidak dibuat (LibreOffice); berkas .docx disertakan.")
        files.append(PackFile(f"{folder.name}/{shown.name}", f"Contoh {kind.label} ({letter.number}, "
                              f"{format_date_id(letter.date)})", INDICATORS["service"],
                              "Surat yang diterbitkan dalam layanan informasi (satu per jenis)."))
    return files


def _deadline_columns(requests: Sequence[Request], cal: WorkCalendar, cfg: Any, today: dt.date):
    rules = deadline_rules_from_config(cfg.deadlines)
    rows = [r for r in requests if r.received is not None]
    cols = compute_deadlines(
        [r.received for r in rows], cal=cal, today=today, received_times=[r.received_time for r in rows],
        election=[r.election for r in rows], extended=[r.extended for r in rows],
        extension_dates=[r.extension_notice_date for r in rows],
        extension_reasons=[r.extension_reason for r in rows], notice_dates=[r.notice_date for r in rows],
        rules=rules,
    )
    return rows, cols, rules


def _d(x: Any) -> dt.date | None:
    return to_date(x) if x is not None and not (isinstance(x, np.datetime64) and np.isnat(x)) else None


def _extensions(inp: MonevInput, year: int, cal: WorkCalendar, cfg: Any, today: dt.date, path: Path) -> int:
    rows, cols, _ = _deadline_columns(inp.requests, cal, cfg, today)
    out = []
    for i, r in enumerate(rows):
        when = r.extension_notice_date or r.received
        if not r.extended or when is None or when.year != year:
            continue
        lawful = cols.extension_lawful[i]
        notice = r.notice_date
        due_ext = _d(cols.due_extended[i])
        in_time = "" if notice is None else ("Ya" if (due_ext and notice <= due_ext and lawful) or
                                             (notice <= (_d(cols.due[i]) or notice)) else "Tidak")
        out.append((r.number or f"baris {r.ref.row}", r.received, _d(cols.due[i]), r.extension_notice_date,
                    r.extension_reason or "(tidak diisi)", "Ya" if lawful else "Tidak",
                    cols.extension_problem[i] or "", due_ext, notice, in_time))
    headers = ("No. Pendaftaran", "Tanggal Diterima", "Batas 10 Hari Kerja", "Tanggal Pemberitahuan Perpanjangan",
               "Alasan Perpanjangan", "Perpanjangan Sah", "Catatan", "Batas Perpanjangan",
               "Tanggal Pemberitahuan Tertulis", "Dijawab dalam Batas")
    write_xlsx(path, [Sheet("Perpanjangan", f"PEMBERITAHUAN PERPANJANGAN JANGKA WAKTU TAHUN {year}",
                            ("UU 14/2008 Pasal 22 ayat (8): sekali, paling lama 7 hari kerja, dengan alasan tertulis, "
                             "dikirim paling lambat hari kerja ke-10.",),
                            headers, tuple(out), (20, 12, 12, 14, 34, 10, 34, 12, 14, 10))], cfg.office.name)
    return len(out)


def _objections(inp: MonevInput, year: int, cal: WorkCalendar, cfg: Any, path: Path) -> int:
    rules = deadline_rules_from_config(cfg.deadlines)
    election = {r.number.strip(): r.election for r in inp.requests if r.number.strip()}
    rows = [o for o in inp.objections if o.received is not None and o.received.year == year]
    dues = objection_deadlines([o.received for o in rows], cal=cal,
                               election=[election.get(o.request_number.strip(), False) for o in rows],
                               rules=rules)["answer_due"] if rows else []
    out = []
    for o, due in zip(rows, dues):
        due_d = _d(due)
        on_time = "" if o.answer_date is None or due_d is None else ("Ya" if o.answer_date <= due_d else "Tidak")
        out.append((o.number or f"baris {o.ref.row}", o.received, o.request_number,
                    "; ".join(f"{g}. {OBJECTION_GROUNDS[g]}" for g in o.grounds) or "(tidak diisi)",
                    due_d, o.answer_date, on_time, o.decision or "(belum ada)", o.response or "",
                    "Ya" if o.to_commission else "Tidak", o.commission_date))
    headers = ("No. Registrasi Keberatan", "Tanggal Diterima", "No. Pendaftaran Permohonan",
               "Alasan Keberatan (UU 14/2008 Pasal 35 ayat 1)", "Batas Tanggapan", "Tanggal Tanggapan",
               "Tepat Waktu", "Keputusan Atasan PPID", "Tanggapan Pemohon", "Ke Komisi Informasi",
               "Tanggal ke Komisi Informasi")
    write_xlsx(path, [Sheet("Register Keberatan", f"REGISTER KEBERATAN DAN HASILNYA TAHUN {year}",
                            ("Model PPID-G, tanpa nama, alamat dan kontak pengaju (UU 27/2022).",),
                            headers, tuple(out), (20, 12, 20, 40, 12, 12, 9, 16, 14, 10, 12))], cfg.office.name)
    return len(out)


def response_time_stats(days: Sequence[int], on_time: int, on_time_extended: int) -> dict[str, Any]:
    """Median, mean, on-time rate (with a lawful extension counted on time) of finished requests."""
    n = len(days)
    return {
        "finished": n,
        "median": statistics.median(days) if n else None,
        "mean": round(statistics.fmean(days), 2) if n else None,
        "min": min(days) if n else None,
        "max": max(days) if n else None,
        "on_time_rate": round((on_time + on_time_extended) / n, 4) if n else None,
        "on_time_without_extension_rate": round(on_time / n, 4) if n else None,
    }


def histogram_bins(days: Sequence[int], top: int = 17) -> list[tuple[str, int]]:
    """One bin per working day 0..top, then "> top"."""
    bins = [(str(d), sum(1 for x in days if x == d)) for d in range(top + 1)]
    return bins + [(f">{top}", sum(1 for x in days if x > top))]


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{x * 100:.1f}%".replace(".", ",")


def _num(x: Any) -> str:
    if x is None:
        return "-"
    return (f"{x:.2f}" if isinstance(x, float) and not float(x).is_integer() else str(int(x))).replace(".", ",")


def _response_times(figures: Any, year: int, folder: Path, office: str, pack: MonevPack) -> tuple[dict, Path | None]:
    stats = response_time_stats(figures.days_taken, figures.on_time, figures.on_time_extended)
    bins = histogram_bins(figures.days_taken)
    png = folder / f"05-Waktu-Layanan-{year}.png"
    try:
        histogram_png(bins, png, f"Hari kerja sampai pemberitahuan tertulis, {year}", "hari kerja terpakai")
    except ImportError:
        png = None
        pack.problems.append("Gambar histogram tidak dibuat: paket Pillow tidak terpasang.")
    summary = (
        ("Permohonan selesai (pemberitahuan tertulis)", stats["finished"]),
        ("Median hari kerja", _num(stats["median"])),
        ("Rata-rata hari kerja", _num(stats["mean"])),
        ("Tercepat / terlama (hari kerja)", f"{_num(stats['min'])} / {_num(stats['max'])}"),
        ("Tepat waktu (termasuk perpanjangan sah)", _pct(stats["on_time_rate"])),
        ("Tepat waktu tanpa perpanjangan", _pct(stats["on_time_without_extension_rate"])),
        ("Terlambat", figures.late),
    )
    write_xlsx(folder / f"05-Waktu-Layanan-{year}.xlsx", [
        Sheet("Waktu Layanan", f"WAKTU LAYANAN PERMOHONAN INFORMASI TAHUN {year}",
              ("Hari kerja dari tanggal diterima (hari ke-0) sampai pemberitahuan tertulis; batas 10 hari kerja, "
               "+7 dengan perpanjangan sah (UU 14/2008 Pasal 22).",),
              ("Hari kerja terpakai", "Jumlah permohonan"), tuple(bins), (22, 18),
              chart={"type": "column", "title": f"Sebaran hari kerja terpakai {year}", "category_col": 0,
                     "value_cols": (1,)},
              extra=(("Ringkasan", tuple(summary)),)),
    ], office)
    return stats, png


def _survey(inp: MonevInput, year: int, path: Path, office: str) -> Any:
    responses = in_period(inp.survey, dt.date(year, 1, 1), dt.date(year, 12, 31))
    result = skm_index(responses)
    elements = tuple((f"U{n} {e.name}", e.answered, float(e.nrr) if e.nrr is not None else None,
                      float(e.converted) if e.converted is not None else None, *e.counts)
                     for n, e in enumerate(result.elements, start=1))
    months = []
    for p in Period.year(year).months():
        m = skm_index(in_period(responses, p.start, p.end))
        months.append((p.label, m.respondents, float(m.ikm) if m.ikm is not None else None, m.grade or "-"))
    summary = (("Responden", result.respondents),
               ("Nilai interval (1-4)", format_decimal(result.interval, 4)),
               ("IKM (25-100)", format_decimal(result.ikm)),
               ("Mutu pelayanan", f"{result.grade} ({result.performance})" if result.grade else "-"))
    write_xlsx(path, [
        Sheet("IKM per Unsur", f"SURVEI KEPUASAN MASYARAKAT TAHUN {year}",
              (f"{SOURCE}: NRR = jumlah nilai / jumlah jawaban; IKM = jumlah (NRR x 1/9) x 25; mutu A-D.",
               "Tanpa identitas responden; saran dan masukan tidak dimuat."),
              ("Unsur", "Jawaban", "NRR", "NRR x 25", "Nilai 1", "Nilai 2", "Nilai 3", "Nilai 4"),
              elements, (44, 9, 9, 10, 8, 8, 8, 8),
              chart={"type": "bar", "title": f"NRR per unsur {year}", "category_col": 0, "value_cols": (2,)},
              extra=(("Hasil", summary),
                     ("Mutu pelayanan (nilai interval; konversi)",
                      tuple((g, label, a, b) for g, label, a, b in BANDS_TEXT)))),
        Sheet("IKM per Bulan", f"IKM PER BULAN TAHUN {year}", (), ("Bulan", "Responden", "IKM", "Mutu"),
              tuple(months), (18, 11, 9, 7),
              chart={"type": "column", "title": f"Responden per bulan {year}", "category_col": 0, "value_cols": (1,)}),
    ], office)
    return result


def _annual_report(figures: Any, stats: dict, survey: Any, year: int, cfg: Any, png: Path | None,
                   path: Path) -> Path:
    """The annual report per Perki 1/2021 Pasal 56: six parts; what the register cannot know is marked."""
    o = figures.objections
    tables = tuple((t, (h, "Jumlah"), tuple((str(a), str(b)) for a, b in rows)) for t, h, rows in breakdown_tables(figures))
    summary = (("Ringkasan layanan", ("Uraian", "Jumlah"), tuple((a, str(b)) for a, b in summary_rows(figures))),)
    survey_par = (f"Survei Kepuasan Masyarakat ({SOURCE}): {survey.respondents} responden, IKM "
                  f"{format_decimal(survey.ikm)}, mutu {survey.grade} ({survey.performance})." if survey.ikm is not None
                  else "Survei Kepuasan Masyarakat: belum ada responden tercatat tahun ini.")
    parts = (
        DocPart("I. Gambaran umum kebijakan pelayanan informasi publik",
                to_complete="Kebijakan dan peraturan internal tentang layanan informasi (SK PPID, SOP, daftar informasi "
                            "publik, DIK), dan perubahannya selama tahun ini."),
        DocPart("II. Gambaran umum pelaksanaan pelayanan informasi publik",
                to_complete="Sarana dan prasarana (ruang layanan, situs/e-PPID), sumber daya manusia (jumlah dan "
                            "kualifikasi petugas), dan anggaran layanan informasi beserta realisasinya."),
        DocPart("III. Rincian pelayanan informasi publik",
                paragraphs=(f"Dihitung dari register pada {format_date_id(figures.today)} (tanpa data pribadi). "
                            f"Waktu layanan: median {_num(stats['median'])} hari kerja, rata-rata {_num(stats['mean'])} "
                            f"hari kerja; tepat waktu {_pct(stats['on_time_rate'])} (termasuk perpanjangan sah).",
                            survey_par),
                tables=summary + tables, picture=png),
        DocPart("IV. Rincian penyelesaian sengketa informasi publik",
                paragraphs=(f"Keberatan diterima {o.received}, ditanggapi {o.answered} (tepat waktu {o.on_time}, "
                            f"terlambat {o.late}); diajukan ke Komisi Informasi {o.to_commission}.",),
                to_complete="Sengketa di Komisi Informasi dan di pengadilan: nomor perkara, pokok sengketa, putusan "
                            "dan tindak lanjutnya (register hanya mencatat bahwa pemohon mengajukan ke Komisi Informasi)."),
        DocPart("V. Kendala eksternal dan internal dalam pelaksanaan layanan informasi publik",
                to_complete="Kendala yang dihadapi selama tahun ini."),
        DocPart("VI. Rekomendasi dan rencana tindak lanjut untuk meningkatkan kualitas pelayanan informasi",
                to_complete="Rekomendasi dan rencana tindak lanjut."),
    )
    return write_docx(path, f"LAPORAN LAYANAN INFORMASI PUBLIK TAHUN {year}",
                      (cfg.office.name, "Peraturan Komisi Informasi Nomor 1 Tahun 2021 Pasal 56; UU 14/2008 Pasal 12",
                       "Bagian bertanda [DILENGKAPI OLEH KANTOR] diisi kantor sebelum laporan disahkan."), parts)


def _index(pack: MonevPack, year: int, cfg: Any, today: dt.date) -> None:
    rows = tuple((str(n), f.name, f.title, f.indicator, f.evidence) for n, f in enumerate(pack.files, start=1))
    headers = ("No", "Berkas", "Isi", "Indikator Monev", "Bukti dukung untuk")
    notes = (cfg.office.name, f"Disusun {format_date_id(today)} dari register layanan informasi (ppid-sheets). "
             "Nama indikator mengikuti kuesioner penilaian mandiri (SAQ) Komisi Informasi 2024-2025; sesuaikan "
             "dengan kuesioner tahun berjalan.")
    write_xlsx(pack.folder / f"00-Indeks-Bukti-Dukung-{year}.xlsx", [
        Sheet("Indeks", f"INDEKS BUKTI DUKUNG MONEV KETERBUKAAN INFORMASI PUBLIK TAHUN {year}", notes, headers, rows,
              (5, 44, 50, 26, 50),
              extra=(("Yang tidak dimuat dan alasannya", tuple((str(i), t) for i, t in enumerate(pack.omitted, 1))),
                     ("Catatan", tuple((str(i), t) for i, t in enumerate(pack.problems, 1)) or (("-", "Tidak ada."),)))),
    ], cfg.office.name)
    write_docx(pack.folder / f"00-Indeks-Bukti-Dukung-{year}.docx",
               f"INDEKS BUKTI DUKUNG MONEV KETERBUKAAN INFORMASI PUBLIK TAHUN {year}", notes, (
                   DocPart("Daftar berkas", tables=(("", headers, rows),)),
                   DocPart("Yang tidak dimuat dan alasannya", paragraphs=tuple(f"- {t}" for t in pack.omitted)),
                   DocPart("Catatan", paragraphs=tuple(f"- {t}" for t in pack.problems) or ("Tidak ada.",)),
               ))


def build_monev_pack(inp: MonevInput, cal: WorkCalendar, cfg: Any, year: int, today: dt.date,
                     outdir: Path, *, pdf: bool = True) -> MonevPack:
    """Build the pack for `year` as `outdir`/Monev-KIP-YEAR (folder) and .zip; returns what it made."""
    name = f"Monev-KIP-{year}"
    target = outdir / name
    work = outdir / f".ppid-tmp-{name}"
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    pack = MonevPack(work, None, omitted=list(LEFT_OUT))
    office = cfg.office.name
    n = _register(inp, year, office, work / f"01-Register-Permohonan-{year}.xlsx")
    pack.files.append(PackFile(f"01-Register-Permohonan-{year}.xlsx", f"Register permohonan informasi ({n} permohonan)",
                               INDICATORS["service"], "Register permohonan (nama, informasi yang diminta, keputusan, "
                               "alasan penolakan, tanggal pemberitahuan)."))
    letters_dir = work / "02-Contoh-Surat"
    letters_dir.mkdir()
    pack.files += _sample_letters(inp, year, cfg, cal, letters_dir, pack)
    if not any(f.name.startswith("02-") for f in pack.files):
        pack.problems.append(f"Belum ada surat yang diterbitkan toolkit bertanggal tahun {year} (tab Surat).")
        letters_dir.rmdir()
    n = _extensions(inp, year, cal, cfg, today, work / f"03-Perpanjangan-{year}.xlsx")
    pack.files.append(PackFile(f"03-Perpanjangan-{year}.xlsx", f"Pemberitahuan perpanjangan dengan alasannya ({n})",
                               INDICATORS["service"], "Perpanjangan jangka waktu dengan alasan tertulis (UU 14/2008 "
                               "Pasal 22 ayat 8)."))
    n = _objections(inp, year, cal, cfg, work / f"04-Register-Keberatan-{year}.xlsx")
    pack.files.append(PackFile(f"04-Register-Keberatan-{year}.xlsx", f"Register keberatan dan hasilnya ({n})",
                               INDICATORS["service"], "Penanganan keberatan: alasan, tanggapan Atasan PPID, ketepatan "
                               "waktu, tindak lanjut ke Komisi Informasi."))
    figures = compute_report(inp.requests, inp.objections, cal, dt.date(year, 1, 1), dt.date(year, 12, 31), today, cfg)
    stats, png = _response_times(figures, year, work, office, pack)
    pack.files.append(PackFile(f"05-Waktu-Layanan-{year}.xlsx", "Statistik waktu layanan: median, rata-rata, "
                               "tingkat tepat waktu, histogram", INDICATORS["service"],
                               "Kecepatan layanan permohonan informasi."))
    if png is not None:
        pack.files.append(PackFile(png.name, "Histogram hari kerja terpakai", INDICATORS["service"],
                                   "Kecepatan layanan (gambar)."))
    survey = skm_index(in_period(inp.survey, dt.date(year, 1, 1), dt.date(year, 12, 31)))
    report = _annual_report(figures, stats, survey, year, cfg, png, work / f"06-Laporan-Tahunan-{year}.docx")
    pack.files.append(PackFile(report.name, "Laporan tahunan layanan informasi publik (enam bagian; bagian yang "
                               "ditandai dilengkapi kantor)", f"{INDICATORS['types']}; {INDICATORS['commitment']}",
                               "Laporan layanan informasi publik (Perki 1/2021 Pasal 56) sebagai informasi berkala."))
    if pdf:
        exe = find_soffice()
        done = convert_to_pdf([report], soffice=exe, timeout=240) if exe else None
        if done and done.pdfs:
            pack.files.append(PackFile(done.pdfs[0].name, "Laporan tahunan (PDF)",
                                       f"{INDICATORS['types']}; {INDICATORS['commitment']}",
                                       "Versi cetak laporan tahunan (sebelum bagian kantor dilengkapi)."))
        else:
            pack.problems.append("PDF laporan tahunan tidak dibuat (LibreOffice tidak ada atau gagal).")
    if inp.survey or inp.has_survey_tab:
        _survey(inp, year, work / f"07-Survei-Kepuasan-{year}.xlsx", office)
        pack.files.append(PackFile(f"07-Survei-Kepuasan-{year}.xlsx",
                                   f"Hasil Survei Kepuasan Masyarakat ({survey.respondents} responden, IKM "
                                   f"{format_decimal(survey.ikm)})", f"{INDICATORS['service']}; {INDICATORS['facilities']}",
                                   "Survei kepuasan pengguna layanan informasi (Permenpan RB 14/2017)."))
    else:
        pack.problems.append("Register tidak memiliki tab \"Survei Kepuasan\": hasil survei tidak disertakan.")
    pack.files.insert(0, PackFile(f"00-Indeks-Bukti-Dukung-{year}.xlsx", "Indeks ini (juga .docx)", "Semua indikator",
                                  "Daftar bukti dukung dan hal yang tidak dimuat."))
    _index(pack, year, cfg, today)
    # swap the finished folder into place, then zip it
    old = outdir / f".ppid-old-{name}"
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    work.rename(target)
    if old.exists():
        shutil.rmtree(old)
    pack.folder = target
    pack.zip = _zip(target, outdir / f"{name}.zip")
    return pack


def _zip(folder: Path, path: Path) -> Path:
    tmp = path.with_name(f".ppid-tmp-{path.name}")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for f in sorted(folder.rglob("*")):
            if f.is_file():
                z.write(f, f"{folder.name}/{f.relative_to(folder).as_posix()}")
    tmp.replace(path)
    return path
