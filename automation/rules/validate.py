"""Validation of the request register: rules -> findings (catalogue codes PMH-xxx, REG-xxx).

Every rule a careful supervisor applies to a row of "Register Permohonan", as data about the
register: a `Finding` naming the row and the column as staff see them and how to fix it.
Nothing here raises or guesses; a value that cannot be read is a finding, never a default.

Stages: at receipt the row needs date, channel, requester type, name, identity, contact,
information asked and purpose; once a decision is typed it needs the decision's own fields
(written-notice date, holding status, form and access method, refusal reason, ...).
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
import re
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from statistics import median_low

from automation.rules.findings import Finding, FindingType, define
from automation.rules.records import DikEntry, Request, ValueIssue
from automation.rules.values import as_text, format_date_id
from sheets.layout import CHOICES, REQUESTS, Column, Tab, normalize_header
from sheets.model import Table

UU_KIP = "UU 14/2008"
H = REQUESTS.header  # header as staff see it, by key

# --- Catalogue ---------------------------------------------------------------------------------

REQUIRED = define(
    "PMH-001", "error", "Data wajib kosong saat permohonan diterima",
    "kolom wajib ini kosong.",
    "Isi data tersebut dari formulir permohonan (wajib sejak permohonan diterima).",
    f"{UU_KIP} Pasal 22 ayat (3); Perki 1/2021",
    todo="Lengkapi kolom {header}",
)
DECISION_FIELD = define(
    "PMH-002", "error", "Data keputusan belum lengkap",
    "keputusan \"{decision}\" sudah diisi tetapi kolom ini kosong.",
    "Lengkapi kolom tersebut sesuai pemberitahuan tertulis.",
    f"{UU_KIP} Pasal 22 ayat (7)",
    todo="Lengkapi kolom {header}",
)
NOTICE_WITHOUT_DECISION = define(
    "PMH-003", "error", "Tanggal pemberitahuan tanpa keputusan",
    "tanggal pemberitahuan tertulis diisi tetapi kolom Keputusan kosong.",
    "Pilih keputusan (Diterima, Diterima Sebagian, atau Ditolak) sesuai pemberitahuan tertulis.",
    f"{UU_KIP} Pasal 22 ayat (7)",
    todo="Pilih Keputusan (Tanggal Pemberitahuan Tertulis sudah diisi)",
)
NOT_A_CHOICE = define(
    "PMH-005", "warning", "Nilai di luar daftar pilihan",
    "nilai \"{value}\" tidak ada di daftar pilihan \"{choices}\".",
    "Pilih nilai dari dropdown (daftar di tab Pilihan), atau tambahkan nilai itu ke tab Pilihan bila memang benar.",
)
DATE_FORMAT = define(
    "PMH-010", "error", "Tanggal tidak terbaca",
    "\"{raw}\" tidak dapat dibaca sebagai tanggal.",
    "Tulis tanggal seperti 27-11-2026, 27/11/2026 atau 27 November 2026 (hari-bulan-tahun 4 digit).",
    todo="Perbaiki {header}: \"{raw}\" bukan tanggal",
)
DATE_AMBIGUOUS = define(
    "PMH-011", "error", "Tanggal bertahun dua digit",
    "tanggal \"{raw}\" memakai tahun dua digit; tahunnya tidak ditebak.",
    "Tulis tahun lengkap 4 digit, misalnya 27-11-2026.",
    todo="Perbaiki {header}: tulis tahun 4 digit, bukan \"{raw}\"",
)
DATE_IMPOSSIBLE = define(
    "PMH-012", "error", "Tanggal tidak mungkin",
    "tanggal \"{raw}\" tidak ada di kalender.",
    "Periksa hari dan bulannya (misalnya 31-02 tidak ada) dan tulis tanggal yang benar.",
    todo="Perbaiki {header}: {raw} tidak ada",
)
DATE_FUTURE = define(
    "PMH-013", "error", "Tanggal di masa depan",
    "tanggal {value} sesudah hari ini ({today}).",
    "Periksa tanggalnya; tanggal kejadian tidak boleh sesudah hari pemeriksaan.",
    todo="Perbaiki {header}: {value} sesudah hari ini",
)
DATE_ORDER = define(
    "PMH-014", "error", "Urutan tanggal tidak mungkin",
    "tanggal {value} lebih awal dari \"{other}\" ({other_value}).",
    "Periksa kedua tanggal; urutannya: diterima, pemberitahuan tertulis, pemberian informasi.",
    todo="Perbaiki {header}: {value} lebih awal dari {other} {other_value}",
)
TIME_FORMAT = define(
    "PMH-015", "error", "Jam tidak terbaca",
    "\"{raw}\" tidak dapat dibaca sebagai jam.",
    "Tulis jam seperti 14:30 (jam:menit, 24 jam).",
    todo="Perbaiki {header}: \"{raw}\" bukan jam",
)
ERROR_VALUE = define(
    "PMH-016", "error", "Nilai galat spreadsheet",
    "sel berisi nilai galat \"{raw}\".",
    "Ganti dengan nilai yang benar (ketik nilainya, bukan rumus).",
    todo="Ganti nilai galat \"{raw}\" di kolom {header}",
)
REFUSAL_REASON = define(
    "PMH-020", "error", "Ditolak tanpa alasan penolakan",
    "permohonan ditolak tetapi Alasan Penolakan kosong.",
    "Pilih alasan penolakan; untuk pengecualian sebutkan huruf Pasal 17.",
    f"{UU_KIP} Pasal 22 ayat (7) huruf c",
    todo="Pilih Alasan Penolakan",
)
CONSEQUENCE_TEST = define(
    "PMH-021", "error", "Penolakan Pasal 17 tanpa uji konsekuensi",
    "penolakan \"{reason}\" tidak menyebut Ref. Uji Konsekuensi maupun Kode DIK.",
    "Isi Ref. Uji Konsekuensi (nomor/tanggal penetapan) atau Kode DIK dari tab Daftar Informasi Dikecualikan.",
    f"{UU_KIP} Pasal 2 ayat (4); Perki 1/2021 Pasal 49",
    todo="Isi Ref. Uji Konsekuensi atau Kode DIK untuk penolakan Pasal 17",
)
DIK_UNKNOWN = define(
    "PMH-022", "error", "Kode DIK tidak dikenal",
    "Kode DIK \"{code}\" tidak ada di tab Daftar Informasi Dikecualikan.",
    "Periksa penulisan kode, atau catat informasi itu di tab Daftar Informasi Dikecualikan setelah uji konsekuensi.",
    todo="Perbaiki Kode DIK \"{code}\": tidak ada di tab Daftar Informasi Dikecualikan",
)
DIK_EXPIRED = define(
    "PMH-023", "error", "Pengecualian DIK sudah berakhir",
    "pengecualian Kode DIK \"{code}\" berlaku sampai {until}, sebelum {when} ({what}).",
    "Informasi yang masa pengecualiannya habis menjadi terbuka: tinjau keputusannya atau perbarui uji konsekuensi.",
    f"{UU_KIP} Pasal 20",
    todo="Tinjau Kode DIK {code}: pengecualian berlaku sampai {until}",
)
OTHER_BODY = define(
    "PMH-024", "error", "Badan publik lain belum disebut",
    "informasi \"Tidak Dikuasai\" tetapi Badan Publik Lain kosong.",
    "Sebutkan badan publik yang menguasai informasi itu (bila diketahui) dalam pemberitahuan tertulis.",
    f"{UU_KIP} Pasal 22 ayat (7) huruf b",
    todo="Isi kolom Badan Publik Lain",
)
EXTENSION_UNLAWFUL = define(
    "PMH-025", "error", "Perpanjangan tidak sah",
    "perpanjangan tidak memenuhi syarat: {detail}.",
    "Perpanjangan hanya sekali, paling lama 7 hari kerja, dengan alasan tertulis yang dikirim paling lambat "
    "hari kerja ke-10; tanpa itu batas waktu tetap 10 hari kerja.",
    f"{UU_KIP} Pasal 22 ayat (8)",
)
FEE = define(
    "PMH-026", "error", "Biaya bukan angka",
    "\"{raw}\" bukan jumlah rupiah.",
    "Tulis angka saja, misalnya 5000 atau Rp 5.000; 0 bila gratis.",
    todo="Perbaiki {header}: \"{raw}\" bukan angka rupiah",
)
NIK_FORMAT = define(
    "PMH-030", "error", "NIK tidak sah",
    "NIK harus 16 angka ({detail}).",
    "Salin NIK dari KTP pemohon; ketik sebagai teks (diawali tanda ') agar angkanya tidak diubah Excel.",
    "Permendagri 72/2019 (NIK)",
    todo="Periksa NIK pada KTP pemohon ({detail})",
)
NIK_BIRTH = define(
    "PMH-031", "error", "Tanggal lahir dalam NIK tidak mungkin",
    "angka ke-7 s.d. 12 NIK ({digits}) bukan tanggal lahir yang mungkin (hari 01-31, atau 41-71 untuk perempuan).",
    "Periksa NIK pada KTP pemohon.",
    "Permendagri 72/2019 (NIK)",
    todo="Periksa NIK pada KTP pemohon (tanggal lahir {digits} tidak mungkin)",
)
NIK_REGION = define(
    "PMH-032", "error", "Kode wilayah NIK tidak ada",
    "kode wilayah NIK ({digits}) tidak sah: {detail}.",
    "Periksa NIK pada KTP pemohon (6 angka pertama: provinsi, kabupaten/kota, kecamatan).",
    "Permendagri 72/2019 (NIK)",
    todo="Periksa NIK pada KTP pemohon (kode wilayah {digits})",
)
NIK_AS_NUMBER = define(
    "PMH-033", "warning", "NIK tersimpan sebagai angka",
    "NIK tersimpan sebagai angka; Excel hanya menyimpan 15 angka sehingga angka terakhir bisa berubah.",
    "Ketik ulang NIK sebagai teks (awali dengan tanda ') lalu cocokkan dengan KTP.",
    todo="Ketik ulang NIK sebagai teks (awali tanda ')",
)
DEED = define(
    "PMH-034", "error", "Badan hukum tanpa akta/SK pengesahan",
    "pemohon badan hukum tanpa nomor akta pendirian atau SK pengesahan.",
    "Isi nomor akta/SK pengesahan Kementerian Hukum di kolom ini.",
    "Perki 1/2021; SOP Pelayanan Informasi Publik",
    todo="Isi nomor akta/SK pengesahan badan hukum di kolom {header}",
)
POWER_OF_ATTORNEY = define(
    "PMH-035", "error", "Surat kuasa belum ada",
    "{who} memerlukan surat kuasa, tetapi Surat Kuasa tidak \"Ya\".",
    "Minta surat kuasa (khusus) dan KTP pemberi kuasa, lalu isi Surat Kuasa = Ya.",
    "Perki 1/2021; SOP Pelayanan Informasi Publik",
    todo="Minta surat kuasa, lalu isi Surat Kuasa = Ya",
)
CONTACT_MISSING = define(
    "PMH-036", "error", "Kontak pemohon kosong",
    "Nomor Telepon dan Email keduanya kosong.",
    "Isi nomor telepon/WhatsApp atau email pemohon (minimal salah satu) untuk pemberitahuan.",
    todo="Isi Nomor Telepon atau Email pemohon",
)
PHONE = define(
    "PMH-037", "error", "Nomor telepon tidak wajar",
    "\"{raw}\" tidak tampak seperti nomor telepon Indonesia.",
    "Tulis seperti 0812-3456-7890, +62 812 3456 7890 atau (0745) 91000.",
    todo="Perbaiki Nomor Telepon: \"{raw}\" tidak wajar",
)
EMAIL = define(
    "PMH-038", "error", "Email tidak wajar",
    "\"{raw}\" tidak tampak seperti alamat email.",
    "Tulis alamat email lengkap, misalnya nama@contoh.id.",
    todo="Perbaiki Email: \"{raw}\" tidak wajar",
)
DUPLICATE_NUMBER = define(
    "PMH-040", "error", "No. Pendaftaran ganda",
    "No. Pendaftaran \"{number}\" juga dipakai di baris {others}.",
    "Setiap permohonan memerlukan nomor sendiri: kosongkan nomor pada baris yang salah agar diberi nomor baru.",
    f"{UU_KIP} Pasal 22 ayat (4)",
    todo="No. Pendaftaran {number} juga di baris {others}: kosongkan nomor pada baris yang salah",
)
REPEAT_REQUEST = define(
    "PMH-041", "warning", "Permohonan berulang",
    "pemohon yang sama meminta informasi yang sama di baris {other} ({when}), {days} hari sebelumnya.",
    "Periksa apakah ini permohonan baru atau catatan ganda; hapus baris ganda atau catat di Keterangan.",
    todo="Periksa permohonan berulang (baris {other}): hapus baris ganda atau catat di Keterangan",
)
FORMULA_TEXT = define(
    "PMH-042", "warning", "Teks seperti rumus",
    "isi sel diawali tanda rumus (=, +, -, @); toolkit tidak pernah menjalankannya.",
    "Bila ini teks biasa, awali dengan tanda ' ; jangan menyalin rumus dari luar ke register.",
    todo="Periksa kolom {header}: teks diawali tanda rumus",
)
FORMULA_CELL = define(
    "PMH-044", "warning", "Nilai dari rumus",
    "sel berisi rumus \"={formula}\": toolkit memakai hasil terakhirnya dan tidak pernah menjalankan rumus, "
    "tetapi hasil itu berubah bila sel yang dirujuknya berubah.",
    "Ketik nilainya langsung, atau salin sel lalu Tempel Nilai (Paste Special > Values), agar register "
    "mencatat data yang tetap.",
    todo="Ganti rumus di kolom {header} dengan nilainya",
)
VOLATILE_FORMULA = define(
    "PMH-045", "error", "Rumus yang hasilnya berubah sendiri",
    "sel berisi rumus \"={formula}\" yang hasilnya berubah sendiri setiap kali berkas dihitung ulang "
    "(misalnya setiap hari), jadi nilai yang dibaca toolkit tidak tetap.",
    "Ketik nilainya langsung (di Excel, Ctrl+; mengisi tanggal hari ini sebagai tanggal tetap), atau salin sel "
    "lalu Tempel Nilai (Paste Special > Values). Bila ini Tanggal Diterima, baris ini tidak diberi nomor "
    "sampai diperbaiki.",
    todo="Ganti rumus di kolom {header} dengan nilai tetap (Tempel Nilai)",
)
NO_NUMBER = define(
    "PMH-043", "warning", "No. Pendaftaran belum dapat diberikan",
    "nomor pendaftaran (dan surat) tidak diberikan karena Tanggal Diterima kosong, tidak terbaca, "
    "sesudah hari ini, atau mungkin tertukar hari dan bulannya.",
    "Isi Tanggal Diterima yang benar (hari-bulan-tahun); nomor diberikan pada pemeriksaan berikutnya.",
    f"{UU_KIP} Pasal 22 ayat (4)",
    todo="Isi Tanggal Diterima yang benar agar diberi nomor",
)
DATE_SWAPPED = define(
    "PMH-060", "error", "Hari dan bulan mungkin tertukar",
    "tanggal terbaca {value} ({value_long}); bila hari dan bulan tertukar saat diketik (pengaturan "
    "bulan-dulu di Excel/LibreOffice), maksudnya {swapped} ({swapped_long}), yang cocok dengan {why}.",
    "Periksa formulir permohonan dan ketik tanggal yang benar sebagai hari-bulan-tahun dengan tanda ' di "
    "depan (misalnya '05-11-2026) atau dengan nama bulan (5 Nov 2026); bila tanggal yang terbaca memang benar, "
    "tulis \"tanggal benar\" di kolom Keterangan. Sampai itu, baris ini tidak diberi nomor.",
    todo="Periksa {header}: {value} ({value_long}) atau {swapped} ({swapped_long})?",
)
TOOLKIT_TYPED = define(
    "PMH-061", "warning", "Kolom toolkit diketik",
    "kolom abu-abu ini diisi toolkit, tetapi berisi \"{old}\" yang tidak pernah ditulis toolkit; "
    "sudah dikembalikan ke \"{new}\".",
    "Jangan mengetik di kolom abu-abu: ubah data di kolom staf (biru), toolkit menghitung ulang kolom abu-abu.",
    todo="Kolom {header} diketik manual; sudah dikembalikan",
)
WITHHELD_MISSING = define(
    "PMH-050", "error", "Materi yang dikecualikan belum disebut",
    "permohonan \"Diterima Sebagian\" tetapi Materi yang Dikecualikan kosong.",
    "Sebutkan bagian informasi yang tidak diberikan/dihitamkan (mis. NIK dan nomor KK); pemberitahuan "
    "tertulis wajib memuatnya beserta alasannya.",
    f"{UU_KIP} Pasal 22 ayat (7) huruf e",
)
PARTIAL_BASIS = define(
    "PMH-051", "error", "Diterima sebagian tanpa dasar pengecualian",
    "permohonan \"Diterima Sebagian\" tetapi Alasan Penolakan (Pasal 17 huruf ...) dan Kode DIK kosong.",
    "Pilih Alasan Penolakan Pasal 17 untuk bagian yang dikecualikan, atau isi Kode DIK; bagian itu "
    "mendapat SK penolakan.",
    f"{UU_KIP} Pasal 17 dan Pasal 22 ayat (7) huruf c",
)
OTHER_LAW = define(
    "PMH-052", "error", "Pasal 17 huruf j tanpa undang-undang",
    "pengecualian Pasal 17 huruf j tetapi Undang-Undang Lain (Pasal 17 j) kosong.",
    "Sebutkan undang-undang (dan pasalnya) yang menutup informasi tersebut.",
    f"{UU_KIP} Pasal 17 huruf j",
)
DELIVERY_CONTRADICTS = define(
    "PMH-053", "error", "Bentuk dan cara pengiriman bertentangan",
    "{detail}.",
    "Perbaiki Bentuk Informasi atau Cara Mendapatkan Salinan agar sesuai (mis. softcopy lewat email, "
    "hardcopy diambil langsung/pos/kurir).",
    f"{UU_KIP} Pasal 22 ayat (7) huruf f",
)
COPY_WITHOUT_COPY = define(
    "PMH-054", "warning", "Cara salinan diisi tanpa meminta salinan",
    "Cara Memperoleh Informasi \"{access}\" tetapi Cara Mendapatkan Salinan \"{copy}\" diisi.",
    "Kosongkan Cara Mendapatkan Salinan, atau pilih \"Mendapatkan Salinan\".",
)
NOT_HELD_BUT_HELD = define(
    "PMH-055", "error", "Alasan tidak dikuasai bertentangan dengan status penguasaan",
    "Alasan Penolakan \"{reason}\" tetapi Status Penguasaan \"{holding}\".",
    "Samakan keduanya: informasi yang tidak dikuasai/belum didokumentasikan bukan penolakan Pasal 17.",
    f"{UU_KIP} Pasal 22 ayat (7) huruf a",
)
REQUIREMENTS_MISSING = define(
    "PMH-056", "error", "Persyaratan yang kurang belum disebut",
    "permohonan tidak diproses karena \"Syarat Tidak Lengkap\" tetapi Persyaratan Belum Lengkap kosong.",
    "Sebutkan persyaratan yang kurang; pemohon harus diberi tahu apa yang perlu dilengkapi.",
    "praktik PPID KPU (pemberitahuan kelengkapan persyaratan)",
)
TAB_MISSING = define(
    "REG-001", "warning", "Tab pendukung tidak ada",
    "tab \"{tab}\" tidak ada: {effect}.",
    "Kembalikan tab tersebut (buat register contoh dengan 'ppid init' untuk melihat bentuknya).",
)
COLUMN_MISSING = define(
    "REG-002", "warning", "Kolom staf tidak ada",
    "kolom \"{column}\" tidak ada di tab \"{tab}\"; aturan yang memakainya dilewati.",
    "Tambahkan kembali judul kolom tersebut persis seperti di register contoh.",
)

COLUMN_NEW = define(
    "REG-005", "warning", "Kolom baru versi ini belum ada",
    "kolom \"{column}\" adalah kolom baru ppid-sheets (register ini dibuat versi sebelumnya) dan belum ada di "
    "tab \"{tab}\"; aturan yang memakainya dilewati sampai kolom itu ditambahkan.",
    "Tambahkan judul kolom tersebut di baris judul tab ini (letaknya bebas, misalnya setelah kolom staf "
    "terakhir); lihat register baru dari 'ppid init' untuk contohnya. Data yang sudah ada tidak berubah.",
)

# --- Helpers -----------------------------------------------------------------------------------

DATE_KEYS = ("received", "extension_notice_date", "notice_date", "given_date")
RECEIPT_FIELDS = ("received", "channel", "requester_type", "name", "identity", "information", "purpose")
_PROBLEM_TYPES: dict[str, FindingType] = {"format": DATE_FORMAT, "ambiguous": DATE_AMBIGUOUS, "impossible": DATE_IMPOSSIBLE}
PROVINCES = frozenset({11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53, 61, 62, 63,
                       64, 65, 71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96, 97})
_PHONE_CLEAN = re.compile(r"[\s\-().]")
_PHONE_OK = re.compile(r"(?:\+62|62|0)\d{7,13}|8\d{8,11}")
_EMAIL_OK = re.compile(r"[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)*\.[A-Za-z]{2,}")
_WORDS = re.compile(r"\w+")
_CHOICE_COLUMNS = tuple(c for c in REQUESTS.staff_columns if c.choices)
_CHOICE_VALUES = operator.attrgetter(*(c.key for c in _CHOICE_COLUMNS))  # a tuple (more than one column)
_RECEIPT_VALUES = operator.attrgetter(*RECEIPT_FIELDS)


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]+")


def quote(value: object, limit: int = 60) -> str:
    """Staff text shown inside a message: one line, no control or direction characters, capped.

    Keeps the Catatan Validasi cell valid XML for Excel and readable, whatever was typed.
    """
    if (type(value) is str and len(value) <= limit and value.isprintable() and "  " not in value
            and value[:1] != " " and value[-1:] != " "):
        return value  # most names and numbers: already one clean line (no printable character but
        # the space is whitespace or a control or direction character: tests/test_validate.py)
    text = " ".join(_CONTROL.sub(" ", str(value)).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


_quote_short = functools.lru_cache(maxsize=1 << 14)(quote)


def _quote_text(value: str) -> str:
    """`quote`, remembered for short texts (field texts repeat from row to row; a long one is
    not kept, so a register of huge distinct cells cannot fill memory through the cache)."""
    return _quote_short(value) if len(value) <= 200 else quote(value)


def make(kind: FindingType, tab: str, row: int, header: str = "", **fields: object) -> Finding:
    """`Finding.make` with every quoted field cleaned by `quote`."""
    clean = {k: _quote_text(v) if isinstance(v, str) else v for k, v in fields.items()}
    return Finding.make(kind, tab, row, header, **clean)


def fmt(d: dt.date | None) -> str:
    return d.strftime("%d-%m-%Y") if d else ""


def tab_finding(kind: FindingType, tab: str, **fields: object) -> Finding:
    """A finding about a whole tab (no row): the message names the tab instead."""
    text = kind.message.format(tab=tab, **fields)
    return Finding(kind.code, kind.severity, tab, 0, "", f"{text[0].upper()}{text[1:]} {kind.fix}".strip())


@dataclass(frozen=True)
class Rules:
    """What validation needs besides the rows: today, the DIK tab, dropdown lists, settings."""

    today: dt.date
    dik: Mapping[str, DikEntry] = field(default_factory=dict)
    choices: Mapping[str, frozenset[str]] = field(default_factory=dict)  # list name -> allowed (casefolded)
    repeat_window_days: int = 30
    identity_numeric: frozenset[int] = frozenset()  # sheet rows whose identity cell was a number
    # the dropdown cells that are not a choice, by the row's dropdown values (and the columns the
    # tab has): rows repeat a few combinations of them (see validate_request)
    choice_memo: dict[tuple[object, ...], tuple[tuple[Column, str], ...]] = field(
        default_factory=dict, compare=False, repr=False)


def allowed_choices(extra: Mapping[str, Sequence[str]] | None = None) -> dict[str, frozenset[str]]:
    """Dropdown values by list name: the layout's lists plus what the Pilihan tab adds."""
    out = {name: {v.casefold() for v in values} for name, values in CHOICES.items()}
    for name, values in (extra or {}).items():
        out.setdefault(name, set()).update(v.casefold() for v in values if v)
    return {k: frozenset(v) for k, v in out.items()}


def issue_findings(issues: Sequence[ValueIssue], tab: str, row: int) -> list[Finding]:
    """Unreadable cells (dates, times, money, error values) and formula-like text."""
    out = []
    for issue in issues:
        if issue.formula:
            out.append(make(FORMULA_TEXT, tab, row, issue.header))
            continue
        problem = issue.problem
        if problem is None:
            continue
        raw = problem.raw[:60]
        if problem.kind == "error_value":
            out.append(make(ERROR_VALUE, tab, row, issue.header, raw=raw))
        elif issue.key == "received_time":
            out.append(make(TIME_FORMAT, tab, row, issue.header, raw=raw))
        elif issue.key == "fee":
            out.append(make(FEE, tab, row, issue.header, raw=raw))
        elif problem.kind in _PROBLEM_TYPES:
            out.append(make(_PROBLEM_TYPES[problem.kind], tab, row, issue.header, raw=raw))
    return out


def nik_findings(nik: str, tab: str, row: int) -> list[Finding]:
    """NIK: 16 digits; birth date DDMMYY (DD+40 for women); region code; serial from 0001."""
    header = H("identity")
    digits = nik.replace(" ", "").replace(".", "")
    if not (len(digits) == 16 and digits.isascii() and digits.isdigit()):
        detail = f"terisi {len(digits)} karakter" if digits.isdigit() else "berisi selain angka"
        return [make(NIK_FORMAT, tab, row, header, detail=detail)]
    out = []
    if digits[12:] == "0000":
        out.append(make(NIK_FORMAT, tab, row, header, detail="nomor urut 0000 tidak ada"))
    province, regency, district = int(digits[0:2]), digits[2:4], digits[4:6]
    if province not in PROVINCES or regency == "00" or district == "00":
        detail = ("kode provinsi tidak dikenal" if province not in PROVINCES
                  else "kode kabupaten/kota 00" if regency == "00" else "kode kecamatan 00")
        out.append(make(NIK_REGION, tab, row, header, digits=digits[:6], detail=detail))
    day, month, year = int(digits[6:8]), int(digits[8:10]), int(digits[10:12])
    if day > 40:
        day -= 40
    if not _possible_birth(day, month, year):
        out.append(make(NIK_BIRTH, tab, row, header, digits=digits[6:12]))
    return out


def _possible_birth(day: int, month: int, yy: int) -> bool:
    if 1 <= day <= 28 and 1 <= month <= 12:
        return True  # a day every month has, in every year
    for century in (1900, 2000):
        try:
            dt.date(century + yy, month, day)
            return True
        except ValueError:
            continue
    return False


def _who(req: Request) -> str:
    ident = "".join(req.identity.split()).casefold()
    return ident or " ".join(req.name.casefold().split())


def _info_key(text: str) -> str:
    return " ".join(_WORDS.findall(text.casefold()))


# --- Row rules ---------------------------------------------------------------------------------


_NONE_UNREADABLE: frozenset[str] = frozenset()


def validate_request(req: Request, rules: Rules) -> list[Finding]:
    """Every single-row rule for one request."""
    tab, row = req.ref.tab, req.ref.row
    present = req.present
    issues = req.issues
    if issues:
        out = issue_findings(issues, tab, row)
        unreadable = {i.key for i in issues if i.problem is not None}
    else:  # most rows: every cell was readable
        out, unreadable = [], _NONE_UNREADABLE

    def missing(key: str) -> bool:
        return key in present and key not in unreadable and not getattr(req, key)

    # receipt stage (`missing`, inlined): most rows have every field (one call, no loop)
    if not all(_RECEIPT_VALUES(req)):
        for key in RECEIPT_FIELDS:
            if key in present and key not in unreadable and not getattr(req, key):
                if key == "identity" and req.requester_type == "Badan Hukum":
                    out.append(make(DEED, tab, row, H(key)))
                else:
                    out.append(make(REQUIRED, tab, row, H(key)))
    if "phone" in present or "email" in present:
        if not req.phone and not req.email:
            out.append(make(CONTACT_MISSING, tab, row, H("phone")))
    if req.phone and "phone" not in unreadable and not _PHONE_OK.fullmatch(_PHONE_CLEAN.sub("", req.phone)):
        out.append(make(PHONE, tab, row, H("phone"), raw=req.phone[:40]))
    if req.email and "email" not in unreadable and not _EMAIL_OK.fullmatch(req.email.strip()):
        out.append(make(EMAIL, tab, row, H("email"), raw=req.email[:60]))

    # requester
    kind = req.requester_type
    if kind == "Perorangan" and req.identity and "identity" not in unreadable:
        out.extend(nik_findings(req.identity, tab, row))
        if row in rules.identity_numeric:
            out.append(make(NIK_AS_NUMBER, tab, row, H("identity")))
    if "power_of_attorney" in present and req.power_of_attorney.casefold() != "ya":
        who = ("pemohon kelompok orang" if kind == "Kelompok Orang"
               else "permohonan melalui kuasa" if req.proxy_name else "")
        if who:
            out.append(make(POWER_OF_ATTORNEY, tab, row, H("power_of_attorney"), who=who))

    # dropdowns: worked out once per combination of the row's dropdown values
    values = _CHOICE_VALUES(req)
    bad = rules.choice_memo.get((values, present))
    if bad is None:
        choices = rules.choices
        bad = rules.choice_memo[values, present] = tuple(
            (col, value) for col, value in zip(_CHOICE_COLUMNS, values)
            if col.choices in choices and col.key in present and isinstance(value, str) and value
            and value.casefold() not in choices[col.choices])
    for col, value in bad:
        out.append(make(NOT_A_CHOICE, tab, row, col.header, value=value[:40], choices=col.choices))

    out.extend(_date_rules(req, rules))
    out.extend(_decision_rules(req, rules, missing))
    return out


_DATE_VALUES = operator.attrgetter(*DATE_KEYS)


def _date_rules(req: Request, rules: Rules) -> list[Finding]:
    tab, row, today = req.ref.tab, req.ref.row, rules.today
    received, extension, notice, given = _DATE_VALUES(req)  # DATE_KEYS, in order
    if ((received is None or received <= today) and (extension is None or extension <= today)
            and (notice is None or notice <= today) and (given is None or given <= today)
            and (received is None or ((extension is None or extension >= received) and (notice is None or notice >= received)
                                      and (given is None or notice is not None or given >= received)))
            and (given is None or notice is None or given >= notice)):
        return []  # most rows: no date after today, every date after the one before it (the rules below)
    out = []
    for key in DATE_KEYS:
        d = getattr(req, key)
        if d is not None and d > today:
            out.append(make(DATE_FUTURE, tab, row, H(key), value=fmt(d), today=fmt(today)))
    pairs = (("extension_notice_date", "received"), ("notice_date", "received"), ("given_date", "notice_date"))
    for later, earlier in pairs:
        a, b = getattr(req, later), getattr(req, earlier)
        if a is not None and b is not None and a < b:
            out.append(make(DATE_ORDER, tab, row, H(later), value=fmt(a), other=H(earlier), other_value=fmt(b)))
    if req.given_date and req.notice_date is None and req.received and req.given_date < req.received:
        out.append(make(DATE_ORDER, tab, row, H("given_date"), value=fmt(req.given_date),
                                other=H("received"), other_value=fmt(req.received)))
    return out


def _decision_rules(req: Request, rules: Rules, missing) -> list[Finding]:
    tab, row = req.ref.tab, req.ref.row
    out = []
    decision = req.decision
    if decision:
        needed = ["notice_date", "holding"]  # 22(7) a: every written notice says whether it is held
        if decision in ("Diterima", "Diterima Sebagian"):
            needed += ["access_method", "form"]
            if req.access_method == "Mendapatkan Salinan":
                needed.append("copy_method")
        if req.fee:
            needed.append("payment_method")
        for key in needed:
            if missing(key):
                out.append(make(DECISION_FIELD, tab, row, H(key), decision=decision))
        if decision == "Ditolak" and missing("refusal_reason") and not _dik_known(req, rules):
            out.append(make(REFUSAL_REASON, tab, row, H("refusal_reason")))
        if decision == "Diterima Sebagian":
            if missing("withheld"):
                out.append(make(WITHHELD_MISSING, tab, row, H("withheld")))
            if not req.refused_pasal17 and not req.dik_code and "refusal_reason" in req.present:
                out.append(make(PARTIAL_BASIS, tab, row, H("refusal_reason")))
        if req.refusal_reason == "Syarat Tidak Lengkap" and missing("missing_requirements"):
            out.append(make(REQUIREMENTS_MISSING, tab, row, H("missing_requirements")))
        if decision in ("Diterima", "Diterima Sebagian") and req.holding == "Tidak Dikuasai" and missing("other_body"):
            out.append(make(OTHER_BODY, tab, row, H("other_body")))
    elif req.notice_date is not None and "decision" in req.present:
        out.append(make(NOTICE_WITHOUT_DECISION, tab, row, H("decision")))
    if pasal17_letter(req, rules.dik) == "j" and missing("other_law"):
        out.append(make(OTHER_LAW, tab, row, H("other_law")))
    if req.refusal_reason in ("Belum Dikuasai", "Belum Didokumentasikan") and req.holding == "Dikuasai":
        out.append(make(NOT_HELD_BUT_HELD, tab, row, H("holding"), reason=req.refusal_reason, holding=req.holding))
    out.extend(_delivery_rules(req))
    if req.refused_pasal17 and not req.consequence_test and not req.dik_code:
        out.append(make(CONSEQUENCE_TEST, tab, row, H("consequence_test"), reason=req.refusal_reason))
    if req.dik_code:
        entry = rules.dik.get(req.dik_code.strip().upper())
        if entry is None:
            out.append(make(DIK_UNKNOWN, tab, row, H("dik_code"), code=req.dik_code[:30]))
        else:
            when, what = (req.notice_date, "tanggal pemberitahuan") if req.notice_date else (rules.today, "hari ini")
            if entry.valid_until is not None and entry.valid_until < when:
                out.append(make(DIK_EXPIRED, tab, row, H("dik_code"), code=entry.code,
                                        until=fmt(entry.valid_until), when=fmt(when), what=what))
    return out


def _dik_known(req: Request, rules: Rules) -> bool:
    return bool(req.dik_code) and req.dik_code.strip().upper() in rules.dik


def pasal17_letter(req: Request, dik: Mapping[str, DikEntry]) -> str:
    """The Pasal 17 letter of a refusal: from Alasan Penolakan, else from the DIK entry ("" if none)."""
    if req.pasal17_letter:
        return req.pasal17_letter
    entry = dik.get(req.dik_code.strip().upper()) if req.dik_code else None
    letter = entry.article.rsplit(" ", 1)[-1].strip().casefold() if entry and entry.article else ""
    return letter if len(letter) == 1 and "a" <= letter <= "j" else ""


_DIGITAL_ONLY = ("Email",)
_PAPER_ONLY = ("Faksimili",)


def _delivery_rules(req: Request) -> list[Finding]:
    """Huruf f of the notice: form and delivery must be possible together."""
    tab, row = req.ref.tab, req.ref.row
    out = []
    form, copy, access = req.form, req.copy_method, req.access_method
    if form == "Hardcopy" and copy in _DIGITAL_ONLY:
        out.append(make(DELIVERY_CONTRADICTS, tab, row, H("copy_method"),
                        detail=f"salinan cetak (Hardcopy) tidak dapat dikirim lewat {copy}"))
    if form == "Softcopy" and copy in _PAPER_ONLY:
        out.append(make(DELIVERY_CONTRADICTS, tab, row, H("copy_method"),
                        detail=f"salinan elektronik (Softcopy) tidak dapat dikirim lewat {copy}"))
    if access and access != "Mendapatkan Salinan" and copy:
        out.append(make(COPY_WITHOUT_COPY, tab, row, H("copy_method"), access=access, copy=copy))
    return out


def extension_finding(req: Request, problem: str) -> Finding:
    return make(EXTENSION_UNLAWFUL, req.ref.tab, req.ref.row, H("extended"), detail=problem)


# --- Formula cells ----------------------------------------------------------------------------

# Excel's functions whose result changes without any cell changing (new ones carry "_xlfn.")
_VOLATILE = re.compile(r"(?<![\w.])(?:_xlfn\.)?(?:TODAY|NOW|RAND|RANDBETWEEN|RANDARRAY|OFFSET|INDIRECT)\s*\(",
                       re.IGNORECASE)


def is_volatile(formula: str) -> bool:
    """The formula calls a function whose result changes by itself (=TODAY(), =NOW(), ...)."""
    return _VOLATILE.search(formula) is not None


def staff_formulas(table: Table, cells: Sequence[tuple[int, int, str]], layout: Tab) -> dict[int, list[tuple[str, str]]]:
    """The formula cells (row, col, formula) of the tab's staff columns (as `layout` has them;
    of a header typed twice, the leftmost column, the one read: REG-006) below its header row, as
    sheet row -> [(the column's header in the layout, formula)], in column order. A toolkit
    column is the toolkit's: a formula there is compared by its result and replaced when that
    differs, like any typed value."""
    if not cells:
        return {}
    by_header = layout.by_header()
    staff: dict[int, str] = {}
    for i, h in enumerate(table.headers):
        col = by_header.get(normalize_header(h)) if h else None
        if col is not None and not col.is_toolkit and col.header not in staff.values():
            staff[i] = col.header
    out: dict[int, list[tuple[str, str]]] = {}
    for row, col, formula in sorted(cells):
        if row > table.header_row and col in staff:
            out.setdefault(row, []).append((staff[col], formula))
    return out


def moving_rows(formulas: Mapping[int, Sequence[tuple[str, str]]], header: str) -> frozenset[int]:
    """The sheet rows whose cell under `header` (a received date) holds a formula whose result
    changes by itself: a number from it would be permanent, so they get none yet."""
    return frozenset(row for row, cells in formulas.items() if any(h == header and is_volatile(f) for h, f in cells))


def formula_findings(tab: str, row: int, cells: Sequence[tuple[str, str]]) -> list[Finding]:
    """PMH-045 (a result that changes by itself) or PMH-044 for each staff cell of the row that
    holds a formula, given as (header, formula text): the reader sees only the last result."""
    return [make(VOLATILE_FORMULA if is_volatile(formula) else FORMULA_CELL, tab, row, header,
                 formula=formula or "...")
            for header, formula in cells]


# --- Cross-row rules ---------------------------------------------------------------------------


def duplicate_numbers(requests: Sequence[Request], numbers: Sequence[str]) -> dict[int, list[Finding]]:
    """PMH-040 on every row whose number (as read or newly given) another row also has."""
    rows_by_number: dict[str, list[int]] = defaultdict(list)
    for i, number in enumerate(numbers):
        key = number.strip().casefold()
        if key:
            rows_by_number[key].append(i)
    out: dict[int, list[Finding]] = {}
    for positions in rows_by_number.values():
        if len(positions) < 2:
            continue
        for i in positions:
            others = ", ".join(str(requests[j].ref.row) for j in positions if j != i)
            req = requests[i]
            out.setdefault(i, []).append(
                make(DUPLICATE_NUMBER, req.ref.tab, req.ref.row, H("number"), number=numbers[i][:40], others=others))
    return out


def repeat_requests(requests: Sequence[Request], window_days: int) -> dict[int, list[Finding]]:
    """PMH-041 on a row when the same requester asked the same thing within `window_days` before."""
    if window_days <= 0:
        return {}
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, req in enumerate(requests):
        if req.received is None or not req.information:
            continue
        who = _who(req)
        if who:
            groups[(who, _info_key(req.information))].append(i)
    out: dict[int, list[Finding]] = {}
    for positions in groups.values():
        if len(positions) < 2:
            continue
        positions.sort(key=lambda j: (requests[j].received, requests[j].ref.row))
        for prev, cur in zip(positions, positions[1:]):
            a, b = requests[prev], requests[cur]
            days = (b.received - a.received).days
            if days <= window_days:
                out.setdefault(cur, []).append(make(
                    REPEAT_REQUEST, b.ref.tab, b.ref.row, H("information"),
                    other=a.ref.row, when=fmt(a.received), days=days))
    return out


CONFIRMED_DATE = "tanggal benar"
SWAP_CONTEXT_ROWS = 3  # rows above and below compared with
SWAP_NEAR_DAYS = 31


def swapped_reading(d: dt.date) -> dt.date | None:
    """The same date with day and month exchanged (5 Nov <-> 11 May), when that is a date."""
    if d.day > 12 or d.day == d.month:
        return None
    try:
        return dt.date(d.year, d.day, d.month)
    except ValueError:
        return None


def swapped_dates(requests: Sequence[Request], today: dt.date) -> dict[int, list[Finding]]:
    """PMH-060 where the received date with day and month swapped fits the row's context and
    the date as read does not: it is after today; or a decision date of the row falls before it
    but not before the swapped one; or it breaks the register's order where the swapped one
    keeps it (between the typical dates of up to three rows above and three below, within a
    week, and within a month of them). Staff confirm a correct date by writing "tanggal
    benar" in Keterangan."""
    dated = [i for i, r in enumerate(requests) if r.received is not None]
    out: dict[int, list[Finding]] = {}
    near, slack = dt.timedelta(days=SWAP_NEAR_DAYS), dt.timedelta(days=7)
    k = SWAP_CONTEXT_ROWS
    for n, i in enumerate(dated):
        req = requests[i]
        d = req.received
        assert d is not None
        s = swapped_reading(d)
        if s is None or s > today or CONFIRMED_DATE in req.remarks.casefold():
            continue
        later = [x for x in (req.extension_notice_date, req.notice_date, req.given_date) if x is not None]
        above = [requests[j].received for j in dated[max(0, n - k):n]]
        below = [requests[j].received for j in dated[n + 1:n + 1 + k]]
        lo = median_low(above) if above else None
        hi = median_low(below) if below else None

        def in_order(x: dt.date, lo: dt.date | None = lo, hi: dt.date | None = hi) -> bool:
            return (lo is None or x >= lo - slack) and (hi is None or x <= hi + slack)

        def close(x: dt.date, lo: dt.date | None = lo, hi: dt.date | None = hi) -> bool:
            return all(abs(x - m) <= near for m in (lo, hi) if m is not None)

        if d > today:
            why = f"hari ini ({fmt(today)}): {fmt(d)} belum tiba"
        elif later and min(later) < d and min(later) >= s:
            why = f"tanggal lanjutannya ({fmt(min(later))})"
        elif (lo or hi) and in_order(s) and close(s) and not in_order(d):
            why = "urutan tanggal baris-baris di atas dan di bawahnya"
        else:
            continue
        out.setdefault(i, []).append(make(
            DATE_SWAPPED, req.ref.tab, req.ref.row, H("received"), value=fmt(d), value_long=format_date_id(d),
            swapped=fmt(s), swapped_long=format_date_id(s), why=why))
    return out


_FINDING_LINE = re.compile(r"\[[A-Z]{3}-\d{3}\] ")


def typed_over(kind: str, old: object, allowed: Collection[str] = ()) -> bool:
    """True when a toolkit cell holds what the toolkit never writes there: typed by hand.

    `kind` is how the toolkit fills the column: "date" (a date cell), "number" (a whole
    number), "status" (one of `allowed`), "flags" (`allowed` flags joined by ";"), "findings"
    (lines starting "[CODE] "). A date typed over a computed date cannot be told from a
    deadline that moved: it is put right without a finding (the Log lists moved deadlines).
    """
    if kind == "date":
        return not isinstance(old, dt.date)
    if kind == "number":
        return isinstance(old, bool) or not isinstance(old, (int, float)) or not float(old).is_integer()
    if kind == "status":
        return as_text(old) not in allowed
    if kind == "flags":
        return any(part.strip() not in allowed for part in as_text(old).split(";") if part.strip())
    if kind == "findings":
        return any(line.strip() and not _FINDING_LINE.match(line.strip()) for line in as_text(old).splitlines())
    return False


def typed_finding(tab: str, row: int, header: str, old: object, new: object) -> Finding:
    """PMH-061: the typed-over toolkit cell and the value the check puts back."""
    shown = new.strftime("%d-%m-%Y") if isinstance(new, dt.date) else as_text(new)
    return make(TOOLKIT_TYPED, tab, row, header, old=quote(as_text(old), 40), new=shown or "dihitung ulang")
