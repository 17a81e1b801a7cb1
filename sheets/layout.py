"""The register's layout, declared once as data.

Every tab, column, header, dropdown list and who-writes-what lives here. `ppid init`, the
backends, validation, the dropdowns, the protected columns, the README table and the Perki
21-column export all read this module; nothing else spells a header.

Headers are Indonesian because staff see them; keys are English because code uses them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ColumnType = Literal["text", "id", "date", "datetime", "time", "number", "money", "choice", "email", "phone"]
Writer = Literal["staff", "toolkit"]


@dataclass(frozen=True)
class Column:
    """One column of a tab.

    `choices` names a list in CHOICES (the "Pilihan" tab feeds the dropdown). `fill_blank`
    marks a staff column that the toolkit may fill once when it is blank (the registration
    number), and never touches again.
    """

    key: str
    header: str
    type: ColumnType = "text"
    writer: Writer = "staff"
    required: bool = False
    choices: str | None = None
    help: str = ""
    width: int = 16
    fill_blank: bool = False
    scale: tuple[int, int] | None = None  # a whole number in [lo, hi] (the survey's 1-4 answers)

    @property
    def is_toolkit(self) -> bool:
        return self.writer == "toolkit"


# Staff columns added by the 2026-11 work (issue 13), by header: an earlier register lacks them, and the check
# says they are new (REG-005) rather than asking staff to restore a column they never had.
NEW_STAFF_COLUMNS = frozenset({
    "Persyaratan Belum Lengkap", "Tanggal Pemberitahuan Kelengkapan", "Tanggal Persyaratan Dilengkapi",
    "Materi yang Dikecualikan", "Undang-Undang Lain (Pasal 17 j)",
})


# Colours of the workbook (RGB hex), shared by `ppid init` and rebuilt toolkit tabs.
GREY_HEADER = "BFBFBF"
GREY_CELL = "F2F2F2"
STAFF_HEADER = "DDEBF7"
RED_FILL, RED_FONT = "FFC7CE", "9C0006"
AMBER_FILL, AMBER_FONT = "FFEB9C", "9C5700"


@dataclass(frozen=True)
class Highlight:
    """Colour a whole row when the text of column `column` (a key) contains `word`."""

    column: str
    word: str
    fill: str
    font: str


@dataclass(frozen=True)
class TabForm:
    """How a tab looks and prints: declared once, used by `ppid init` (XlsxWriter) and by every
    rebuild of a toolkit tab (sheets.xlsx_tabs, sheets.google_plan), so a rebuilt tab keeps it.

    `freeze_cols` freezes the first columns beside the header row; `print_columns` (keys) limits
    the printed columns to the first ones up to the last named (a print area); `fit_width`
    prints one page wide, as many pages tall as needed.
    """

    freeze_rows: int = 1
    freeze_cols: int = 0
    autofilter: bool = True
    landscape: bool = True
    fit_width: bool = True
    repeat_header: bool = True
    header_height: float = 45
    tab_color: str | None = None
    highlights: tuple[Highlight, ...] = ()
    print_columns: str | None = None  # key of the last column printed (None: all)
    style_header: bool = True  # row 1 as a grey header, other rows wrapped (a table, not a report)
    row_breaks: tuple[int, ...] = ()  # page breaks after these rows (1-based), e.g. to keep charts whole


ROW_COLOURS = (Highlight("flags", "TERLAMBAT", RED_FILL, RED_FONT),
               Highlight("flags", "JATUH TEMPO", AMBER_FILL, AMBER_FONT))


@dataclass(frozen=True)
class Tab:
    """One tab (worksheet). `owner` "toolkit" means the toolkit rebuilds or appends it."""

    name: str
    columns: tuple[Column, ...]
    owner: Writer = "staff"
    key: str | None = None
    help: str = ""
    form: TabForm = TabForm()
    _by_key: dict[str, Column] = field(default_factory=dict, compare=False, repr=False)
    _by_header: dict[str, Column] = field(default_factory=dict, compare=False, repr=False)
    appendable: bool = False  # a staff tab the toolkit may add new rows to (never change a row)
    optional: bool = False  # a staff tab an older register may lack without any finding

    def __post_init__(self) -> None:
        self._by_key.update({c.key: c for c in self.columns})
        self._by_header.update({normalize_header(c.header): c for c in self.columns})

    def column(self, key: str) -> Column:
        return self._by_key[key]

    def header(self, key: str) -> str:
        return self._by_key[key].header

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(c.header for c in self.columns)

    @property
    def staff_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if not c.is_toolkit)

    @property
    def toolkit_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.is_toolkit)

    def by_header(self) -> dict[str, Column]:
        """Columns by normalised header (built once; do not mutate)."""
        return self._by_header


def normalize_header(text: object) -> str:
    """Headers match case-insensitively, ignoring surrounding and doubled spaces."""
    return " ".join(str(text or "").split()).casefold()


# --- Dropdown lists (the "Pilihan" tab) -------------------------------------------------------

PASAL17 = {
    "a": "menghambat proses penegakan hukum",
    "b": "mengganggu perlindungan hak atas kekayaan intelektual dan persaingan usaha tidak sehat",
    "c": "membahayakan pertahanan dan keamanan negara",
    "d": "mengungkapkan kekayaan alam Indonesia",
    "e": "merugikan ketahanan ekonomi nasional",
    "f": "merugikan kepentingan hubungan luar negeri",
    "g": "mengungkapkan isi akta otentik yang bersifat pribadi dan kemauan terakhir atau wasiat",
    "h": "mengungkap rahasia pribadi",
    "i": "memorandum atau surat antar/intra badan publik yang dirahasiakan",
    "j": "informasi yang tidak boleh diungkapkan berdasarkan undang-undang",
}
"""UU 14/2008 Pasal 17, huruf a-j: short Indonesian descriptions of each exemption."""

REFUSAL_PASAL17 = tuple(f"Dikecualikan Pasal 17 huruf {letter}" for letter in PASAL17)

OBJECTION_GROUNDS = {
    "a": "Penolakan berdasarkan alasan pengecualian Pasal 17",
    "b": "Tidak disediakannya informasi berkala",
    "c": "Tidak ditanggapinya permintaan informasi",
    "d": "Permintaan ditanggapi tidak sebagaimana yang diminta",
    "e": "Tidak dipenuhinya permintaan informasi",
    "f": "Pengenaan biaya yang tidak wajar",
    "g": "Penyampaian informasi melebihi waktu yang diatur",
}
"""UU 14/2008 Pasal 35 ayat (1) huruf a-g: the grounds for an objection."""

CHOICES: dict[str, tuple[str, ...]] = {
    "Kanal Permohonan": ("Datang Langsung", "Surat", "Email", "Telepon", "Website/e-PPID", "WhatsApp"),
    "Kategori Informasi": ("Badan Publik", "Tahapan Pemilu/Pemilihan"),
    "Jenis Pemohon": ("Perorangan", "Kelompok Orang", "Badan Hukum"),
    "Cara Memperoleh Informasi": ("Melihat/Membaca/Mendengarkan/Mencatat", "Mendapatkan Salinan"),
    "Cara Mendapatkan Salinan": ("Mengambil Langsung", "Kurir", "Pos", "Faksimili", "Email"),
    "Bentuk Informasi": ("Softcopy", "Hardcopy", "Softcopy dan Hardcopy"),
    "Status Penguasaan": ("Dikuasai", "Tidak Dikuasai", "Belum Didokumentasikan"),
    "Keputusan": ("Diterima", "Diterima Sebagian", "Ditolak"),
    "Alasan Penolakan": REFUSAL_PASAL17
    + ("Belum Dikuasai", "Belum Didokumentasikan", "Syarat Tidak Lengkap"),
    "Ya/Tidak": ("Ya", "Tidak"),
    "Alasan Perpanjangan": (
        "Informasi belum dikuasai/belum didokumentasikan",
        "Belum dapat diputuskan apakah informasi dikecualikan",
    ),
    "Cara Pembayaran": ("Tanpa Biaya", "Tunai", "Transfer Bank"),
    "Pasal 17": tuple(f"huruf {letter}" for letter in PASAL17),
    "Keputusan Atasan PPID": ("Dikabulkan", "Dikabulkan Sebagian", "Ditolak"),
    "Tanggapan Pemohon": ("Menerima", "Tidak Menerima"),
    "Jenis Hari": ("Libur Kantor", "Masuk Kerja"),
}

# --- Register Permohonan ----------------------------------------------------------------------

_S = "staff"
_T = "toolkit"

REQUEST_COLUMNS: tuple[Column, ...] = (
    Column("number", "No. Pendaftaran", "text", _S, False, None,
           "Nomor pendaftaran permohonan. Kosongkan: diisi otomatis saat pemeriksaan, lalu tidak diubah lagi.",
           20, fill_blank=True),
    Column("name", "Nama Pemohon", "text", _S, True, None, "Nama pemohon atau nama badan hukum/kelompok.", 24),
    Column("received", "Tanggal Diterima", "date", _S, True, None,
           "Tanggal permohonan diterima, hari-bulan-tahun: ketik 05-11-2026 untuk 5 November 2026 (bukan "
           "bulan dulu). Hari ke-0 penghitungan tenggat. Tanggal sesudah hari ini tidak diberi nomor.", 13),
    Column("received_time", "Jam Diterima", "time", _S, False, None,
           "Jam permohonan diterima (jj:mm). Dipakai bila kantor menetapkan jam batas layanan.", 10),
    Column("channel", "Kanal Permohonan", "choice", _S, True, "Kanal Permohonan",
           "Cara permohonan masuk.", 16),
    Column("category", "Kategori Informasi", "choice", _S, False, "Kategori Informasi",
           "Informasi tahapan Pemilu/Pemilihan memakai tenggat cepat (Perki 1/2019). Kosong = Badan Publik.", 18),
    Column("requester_type", "Jenis Pemohon", "choice", _S, True, "Jenis Pemohon",
           "Perorangan (KTP/NIK), kelompok orang (surat kuasa + KTP), atau badan hukum (akta/SK pengesahan).", 15),
    Column("identity", "NIK / No. Identitas", "id", _S, True, None,
           "NIK 16 digit untuk perorangan; nomor akta/SK pengesahan untuk badan hukum. Data pribadi: jangan disebarkan.", 20),
    Column("address", "Alamat", "text", _S, False, None, "Alamat pemohon. Data pribadi.", 28),
    Column("phone", "Nomor Telepon", "phone", _S, False, None,
           "Nomor telepon/WhatsApp (isi telepon atau email, minimal salah satu). Data pribadi.", 16),
    Column("email", "Email", "email", _S, False, None, "Alamat email pemohon.", 22),
    Column("occupation", "Pekerjaan", "text", _S, False, None, "Pekerjaan pemohon.", 16),
    Column("proxy_name", "Nama Kuasa", "text", _S, False, None, "Nama penerima kuasa, bila diwakilkan.", 18),
    Column("power_of_attorney", "Surat Kuasa", "choice", _S, False, "Ya/Tidak",
           "Ya bila ada surat kuasa khusus (wajib untuk kuasa dan kelompok orang).", 11),
    Column("information", "Informasi yang Diminta", "text", _S, True, None, "Rincian informasi yang diminta.", 36),
    Column("purpose", "Tujuan Penggunaan", "text", _S, True, None, "Tujuan penggunaan informasi.", 24),
    Column("missing_requirements", "Persyaratan Belum Lengkap", "text", _S, False, None,
           "Persyaratan yang belum dipenuhi pemohon (mis. salinan KTP, surat kuasa). Diisi: toolkit membuat "
           "Pemberitahuan Kelengkapan Persyaratan (paling lambat 3 hari kerja sejak diterima).", 26),
    Column("completion_notice_date", "Tanggal Pemberitahuan Kelengkapan", "date", _S, False, None,
           "Tanggal surat pemberitahuan kelengkapan persyaratan; pemohon melengkapi dalam 3 hari kerja sesudahnya.", 14),
    Column("completed_date", "Tanggal Persyaratan Dilengkapi", "date", _S, False, None,
           "Tanggal pemohon melengkapi persyaratan.", 14),
    Column("access_method", "Cara Memperoleh Informasi", "choice", _S, False, "Cara Memperoleh Informasi",
           "Melihat/membaca atau mendapatkan salinan.", 20),
    Column("copy_method", "Cara Mendapatkan Salinan", "choice", _S, False, "Cara Mendapatkan Salinan",
           "Cara salinan diberikan.", 18),
    Column("form", "Bentuk Informasi", "choice", _S, False, "Bentuk Informasi", "Softcopy atau hardcopy.", 16),
    Column("holding", "Status Penguasaan", "choice", _S, False, "Status Penguasaan",
           "Apakah informasi dikuasai oleh badan publik ini.", 18),
    Column("other_body", "Badan Publik Lain", "text", _S, False, None,
           "Badan publik yang menguasai informasi, bila tidak dikuasai di sini.", 22),
    Column("officer", "Petugas", "choice", _S, False, "Petugas", "Petugas yang menangani (daftar di tab Petugas).", 18),
    Column("dik_code", "Kode DIK", "text", _S, False, None,
           "Kode dari tab Daftar Informasi Dikecualikan, bila informasi dikecualikan.", 12),
    Column("decision", "Keputusan", "choice", _S, False, "Keputusan", "Keputusan atas permohonan.", 16),
    Column("refusal_reason", "Alasan Penolakan", "choice", _S, False, "Alasan Penolakan",
           "Wajib bila ditolak. Untuk Pasal 17 sebutkan hurufnya.", 28),
    Column("withheld", "Materi yang Dikecualikan", "text", _S, False, None,
           "Bagian informasi yang tidak diberikan/dihitamkan (wajib bila Diterima Sebagian), "
           "mis. \"NIK dan nomor KK pemilih\".", 26),
    Column("consequence_test", "Ref. Uji Konsekuensi", "text", _S, False, None,
           "Nomor/tanggal penetapan uji konsekuensi (wajib untuk penolakan Pasal 17 tanpa Kode DIK).", 20),
    Column("other_law", "Undang-Undang Lain (Pasal 17 j)", "text", _S, False, None,
           "Undang-undang yang menutup informasi, wajib untuk Pasal 17 huruf j (mis. UU 27/2022 Pasal 65).", 24),
    Column("extended", "Perpanjangan", "choice", _S, False, "Ya/Tidak", "Ya bila waktu diperpanjang (sekali, 7 hari kerja).", 12),
    Column("extension_reason", "Alasan Perpanjangan", "choice", _S, False, "Alasan Perpanjangan",
           "Alasan perpanjangan (UU 14/2008 Pasal 22 ayat 8).", 26),
    Column("extension_notice_date", "Tanggal Pemberitahuan Perpanjangan", "date", _S, False, None,
           "Tanggal surat pemberitahuan perpanjangan; paling lambat hari kerja ke-10.", 14),
    Column("notice_date", "Tanggal Pemberitahuan Tertulis", "date", _S, False, None,
           "Tanggal pemberitahuan tertulis (keputusan) disampaikan.", 14),
    Column("given_date", "Tanggal Pemberian Informasi", "date", _S, False, None, "Tanggal informasi diberikan.", 14),
    Column("fee", "Biaya (Rp)", "money", _S, False, None, "Biaya penggandaan/pengiriman dalam rupiah (angka). 0 bila gratis.", 12),
    Column("payment_method", "Cara Pembayaran", "choice", _S, False, "Cara Pembayaran", "Cara pembayaran biaya.", 14),
    Column("supervised", "Supervisi Kasubbag", "choice", _S, False, "Ya/Tidak",
           "Diisi Ya oleh Kasubbag setelah memeriksa permohonan yang selesai.", 12),
    Column("remarks", "Keterangan", "text", _S, False, None, "Catatan bebas petugas.", 24),
    # toolkit columns
    Column("due", "Batas Waktu", "date", _T, help="Diisi toolkit: batas pemberitahuan tertulis (10 hari kerja).", width=13),
    Column("due_extended", "Batas Waktu Perpanjangan", "date", _T,
           help="Diisi toolkit: batas bila diperpanjang (17 hari kerja).", width=13),
    Column("remaining", "Sisa Hari Kerja", "number", _T,
           help="Diisi toolkit: sisa hari kerja per hari ini; negatif = terlambat.", width=9),
    Column("days_taken", "Hari Kerja Terpakai", "number", _T,
           help="Diisi toolkit: hari kerja sampai pemberitahuan tertulis.", width=9),
    Column("status", "Status", "text", _T, help="Diisi toolkit.", width=16),
    Column("flags", "Bendera", "text", _T, help="Diisi toolkit: hal yang perlu perhatian Kasubbag.", width=28),
    Column("findings", "Catatan Validasi", "text", _T, help="Diisi toolkit: temuan pemeriksaan data dan cara memperbaikinya.", width=40),
    Column("trace", "Jejak Perhitungan", "text", _T, help="Diisi toolkit: cara batas waktu dihitung.", width=40),
    Column("objection_deadline", "Batas Pengajuan Keberatan", "date", _T,
           help="Diisi toolkit: batas pemohon mengajukan keberatan (30 hari kerja).", width=13),
    Column("letters", "Surat Terbit", "text", _T, help="Diisi toolkit: nomor surat yang sudah diterbitkan.", width=28),
    Column("checked", "Diperiksa", "text", _T, help="Diisi toolkit: waktu pemeriksaan terakhir.", width=17),
)

REQUESTS = Tab("Register Permohonan", REQUEST_COLUMNS, key="number",
               help="Register Permohonan Informasi Publik (Model PPID-C).",
               form=TabForm(freeze_cols=2, highlights=ROW_COLOURS))

# --- Register Keberatan (Model PPID-G) --------------------------------------------------------

OBJECTION_COLUMNS: tuple[Column, ...] = (
    Column("number", "No. Registrasi Keberatan", "text", _S, False, None,
           "Nomor registrasi keberatan. Kosongkan: diisi otomatis, lalu tidak diubah lagi.", 20, fill_blank=True),
    Column("received", "Tanggal Diterima", "date", _S, True, None, "Tanggal keberatan diterima.", 13),
    Column("request_number", "No. Pendaftaran Permohonan", "text", _S, True, None,
           "No. Pendaftaran permohonan yang dikeberatankan.", 20),
    Column("name", "Nama Pemohon", "text", _S, True, None, "Nama pengaju keberatan.", 24),
    Column("address", "Alamat", "text", _S, False, None, "Data pribadi.", 26),
    Column("phone", "Nomor Telepon", "phone", _S, False, None, "Data pribadi.", 16),
    Column("email", "Email", "email", _S, False, None, "", 22),
    Column("occupation", "Pekerjaan", "text", _S, False, None, "", 16),
    Column("proxy_name", "Nama Kuasa", "text", _S, False, None, "Nama kuasa, bila diwakilkan.", 18),
    Column("power_of_attorney", "Surat Kuasa", "choice", _S, False, "Ya/Tidak", "", 11),
    Column("information", "Informasi yang Diminta", "text", _S, False, None, "", 30),
    Column("purpose", "Tujuan Penggunaan", "text", _S, False, None, "", 22),
    *(
        Column(f"ground_{letter}", f"Alasan {letter}", "choice", _S, False, "Ya/Tidak",
               f"Ya bila alasan keberatan huruf {letter}: {text} (UU 14/2008 Pasal 35 ayat 1).", 9)
        for letter, text in OBJECTION_GROUNDS.items()
    ),
    Column("summary", "Kasus Posisi", "text", _S, False, None, "Ringkasan keberatan.", 32),
    Column("decision", "Keputusan Atasan PPID", "choice", _S, False, "Keputusan Atasan PPID", "", 18),
    Column("reasoning", "Pertimbangan Atasan PPID", "text", _S, False, None,
           "Pertimbangan dan tindak lanjut atas alasan keberatan; dikutip dalam surat tanggapan.", 30),
    Column("answer_date", "Tanggal Tanggapan", "date", _S, False, None, "Tanggal tanggapan tertulis Atasan PPID.", 13),
    Column("superior_name", "Nama Atasan PPID", "text", _S, False, None, "", 20),
    Column("superior_title", "Jabatan Atasan PPID", "text", _S, False, None, "", 20),
    Column("response", "Tanggapan Pemohon", "choice", _S, False, "Tanggapan Pemohon", "", 14),
    Column("to_commission", "Ke Komisi Informasi", "choice", _S, False, "Ya/Tidak",
           "Ya bila pemohon mengajukan sengketa ke Komisi Informasi.", 12),
    Column("commission_date", "Tanggal ke Komisi Informasi", "date", _S, False, None, "", 13),
    Column("remarks", "Keterangan", "text", _S, False, None, "", 22),
    Column("due", "Batas Tanggapan", "date", _T, help="Diisi toolkit: batas tanggapan Atasan PPID (30 hari kerja).", width=13),
    Column("remaining", "Sisa Hari Kerja", "number", _T, help="Diisi toolkit.", width=9),
    Column("filing_deadline", "Batas Pengajuan Keberatan", "date", _T,
           help="Diisi toolkit: batas pengajuan keberatan atas permohonan terkait.", width=13),
    Column("commission_deadline", "Batas ke Komisi Informasi", "date", _T,
           help="Diisi toolkit: batas mengajukan sengketa (14 hari kerja setelah tanggapan).", width=13),
    Column("status", "Status", "text", _T, help="Diisi toolkit.", width=16),
    Column("flags", "Bendera", "text", _T, help="Diisi toolkit.", width=24),
    Column("findings", "Catatan Validasi", "text", _T, help="Diisi toolkit.", width=36),
    Column("trace", "Jejak Perhitungan", "text", _T, help="Diisi toolkit.", width=36),
    Column("letters", "Surat Terbit", "text", _T, help="Diisi toolkit.", width=24),
    Column("checked", "Diperiksa", "text", _T, help="Diisi toolkit.", width=17),
)

OBJECTIONS = Tab("Register Keberatan", OBJECTION_COLUMNS, key="number",
                 help="Register Keberatan (Model PPID-G).", form=TabForm(freeze_cols=1, highlights=ROW_COLOURS))

# --- Supporting staff tabs --------------------------------------------------------------------

DIK = Tab(
    "Daftar Informasi Dikecualikan",
    (
        Column("code", "Kode DIK", "text", _S, True, None, "Kode unik, dipakai di kolom Kode DIK register.", 12),
        Column("information", "Informasi yang Dikecualikan", "text", _S, True, None, "", 40),
        Column("article", "Dasar Pasal 17", "choice", _S, True, "Pasal 17", "Huruf Pasal 17 UU 14/2008.", 12),
        Column("consequence_test", "Ref. Uji Konsekuensi", "text", _S, False, None, "Penetapan uji konsekuensi.", 24),
        Column("consequence", "Konsekuensi Bila Dibuka", "text", _S, False, None,
               "Akibat yang ditemukan uji konsekuensi bila informasi dibuka; dikutip dalam SK penolakan.", 36),
        Column("decided", "Tanggal Penetapan", "date", _S, False, None, "", 13),
        Column("valid_until", "Berlaku Sampai", "date", _S, False, None, "Kosong = tidak terbatas.", 13),
        Column("keywords", "Kata Kunci", "text", _S, False, None,
               "Kata kunci dipisah titik koma; hanya untuk saran KEMUNGKINAN DIKECUALIKAN.", 30),
        Column("remarks", "Keterangan", "text", _S, False, None, "", 24),
    ),
    key="code",
    help="Daftar Informasi yang Dikecualikan (DIK) setelah uji konsekuensi.",
)

HOLIDAYS = Tab(
    "Hari Libur",
    (
        Column("date", "Tanggal", "date", _S, True, None, "Tanggal libur kantor atau hari masuk kerja.", 13),
        Column("kind", "Jenis", "choice", _S, True, "Jenis Hari",
               "Libur Kantor = kantor tutup; Masuk Kerja = hari libur/akhir pekan yang tetap bekerja.", 14),
        Column("name", "Keterangan", "text", _S, False, None, "", 30),
        Column("source", "Dasar", "text", _S, False, None, "Surat edaran/keputusan yang mendasari.", 26),
    ),
    help="Libur lokal dan hari kerja tambahan kantor, di atas kalender nasional.",
)

OFFICERS = Tab(
    "Petugas",
    (
        Column("name", "Nama", "text", _S, True, None, "", 24),
        Column("nip", "NIP", "id", _S, False, None, "", 20),
        Column("title", "Jabatan", "text", _S, False, None, "", 24),
        Column("active", "Aktif", "choice", _S, False, "Ya/Tidak", "", 8),
    ),
    help="Petugas layanan informasi.",
)

def _choice_width(name: str) -> int:
    """Wide enough to read the header and every choice of the list (within reason)."""
    return min(60, max(12, len(name), *(len(v) for v in CHOICES[name])) + 2)


CHOICES_TAB = Tab(
    "Pilihan",
    tuple(Column(f"list_{i}", name, "text", _S, False, None, "", _choice_width(name))
          for i, name in enumerate(CHOICES)),
    help="Daftar pilihan untuk dropdown. Boleh ditambah, jangan ganti nama judul kolom.",
)

# --- Toolkit tabs -----------------------------------------------------------------------------

ACTIONS = Tab(
    "Perlu Tindakan",
    (
        Column("priority", "Prioritas", "text", _T, width=30,
               help="Urutan penanganan dengan alasannya: 1 paling mendesak."),
        Column("number", "Nomor", "text", _T, width=20),
        Column("name", "Nama Pemohon", "text", _T, width=22),
        Column("action", "Tindakan", "text", _T, width=58, help="Apa yang harus dilakukan, satu per baris."),
        Column("timing", "Waktu", "text", _T, width=42,
               help="Terlambat berapa hari kerja, atau sisa hari kerja, dan batasnya."),
        Column("deadline", "Batas", "date", _T, width=12),
        Column("remaining", "Sisa Hari Kerja", "number", _T, width=9),
        Column("register", "Register", "text", _T, width=12),
        Column("row", "Baris", "number", _T, width=8, help="Klik untuk membuka baris itu di registernya."),
        Column("flags", "Bendera", "text", _T, width=26),
        Column("officer", "Petugas", "text", _T, width=18),
    ),
    owner="toolkit",
    help="Dibuat ulang setiap pemeriksaan: baris yang perlu tindakan, paling mendesak di atas.",
    form=TabForm(tab_color=RED_FONT, highlights=(Highlight("flags", "TERLAMBAT", RED_FILL, RED_FONT),
                                                  Highlight("flags", "JATUH TEMPO", AMBER_FILL, AMBER_FONT)),
                 header_height=30),
)

PRINT_REGISTER = Tab(
    "Cetak Register",
    (
        Column("number", "No. Pendaftaran", "text", _T, width=18),
        Column("received", "Tanggal Diterima", "date", _T, width=11),
        Column("name", "Nama Pemohon", "text", _T, width=22),
        Column("information", "Informasi yang Diminta", "text", _T, width=44),
        Column("decision", "Keputusan", "text", _T, width=13),
        Column("notice_date", "Tanggal Pemberitahuan Tertulis", "date", _T, width=13),
        Column("due", "Batas Waktu", "date", _T, width=11),
        Column("status", "Status", "text", _T, width=14),
        Column("officer", "Petugas", "text", _T, width=16),
    ),
    owner="toolkit",
    help="Dibuat ulang setiap pemeriksaan untuk dicetak: kolom pokok permohonan bulan ini, bulan lalu, "
         "dan yang belum selesai (tanpa NIK, alamat, telepon).",
    form=TabForm(tab_color=GREY_HEADER, header_height=45),
)

LOG = Tab(
    "Log",
    (
        Column("when", "Waktu", "datetime", _T, width=17),
        Column("command", "Perintah", "text", _T, width=12),
        Column("rows", "Baris", "number", _T, width=8),
        Column("errors", "Error", "number", _T, width=8),
        Column("warnings", "Peringatan", "number", _T, width=10),
        Column("cells", "Sel Diubah", "number", _T, width=10),
        Column("moved", "Batas Waktu Berubah", "text", _T, width=40),
        Column("remarks", "Keterangan", "text", _T, width=40),
    ),
    owner="toolkit",
    help="Satu baris per proses, tanpa data pribadi.",
    form=TabForm(tab_color=GREY_HEADER, header_height=30),
)

LETTERS = Tab(
    "Surat",
    (
        Column("number", "Nomor Surat", "text", _T, width=30),
        Column("kind", "Jenis Surat", "text", _T, width=30),
        Column("date", "Tanggal Surat", "date", _T, width=13),
        Column("reference", "No. Pendaftaran", "text", _T, width=20),
        Column("file", "Berkas", "text", _T, width=40),
        Column("made", "Dibuat", "datetime", _T, width=17),
        # e-mail (ppid kirim): claimed as "mengirim" before sending, then "terkirim"/"gagal"/"ditolak"
        Column("sent", "Dikirim", "text", _T, width=17),
        Column("sent_to", "Dikirim Kepada", "text", _T, width=28),
        Column("message_id", "Message-ID", "text", _T, width=36),
        Column("send_status", "Status Kirim", "text", _T, width=24),
    ),
    owner="toolkit",
    key="number",
    help="Daftar surat yang diterbitkan toolkit; nomor tidak pernah dipakai ulang.",
    form=TabForm(tab_color=GREY_HEADER, header_height=30),
)

# --- Survei Kepuasan Masyarakat (Permenpan RB 14/2017) ---------------------------------------

SKM_ELEMENTS: tuple[tuple[str, str], ...] = (
    ("u1", "Persyaratan"),
    ("u2", "Sistem, Mekanisme dan Prosedur"),
    ("u3", "Waktu Penyelesaian"),
    ("u4", "Biaya/Tarif"),
    ("u5", "Produk Spesifikasi Jenis Pelayanan"),
    ("u6", "Kompetensi Pelaksana"),
    ("u7", "Perilaku Pelaksana"),
    ("u8", "Penanganan Pengaduan, Saran dan Masukan"),
    ("u9", "Sarana dan Prasarana"),
)
"""The nine elements (unsur) of Permenpan RB 14/2017, Lampiran, in the regulation's order."""

SURVEY = Tab(
    "Survei Kepuasan",
    (
        Column("date", "Tanggal Survei", "date", _S, True, None, "Tanggal responden mengisi survei (dd-mm-yyyy).", 13),
        Column("request_number", "No. Pendaftaran", "text", _S, False, None,
               "No. Pendaftaran permohonan yang dinilai (boleh kosong).", 20),
        *(
            Column(key, f"U{n} {name}", "number", _S, False, None,
                   f"Unsur {n} ({name}): 1 = tidak baik/tidak sesuai, 2 = kurang, 3 = baik, 4 = sangat baik. "
                   "Kosongkan bila tidak dijawab.", 12, scale=(1, 4))
            for n, (key, name) in enumerate(SKM_ELEMENTS, start=1)
        ),
        Column("comments", "Saran dan Masukan", "text", _S, False, None,
               "Saran responden. Jangan tulis nama, NIK, telepon atau email responden.", 36),
        Column("response_id", "ID Respons", "text", _S, False, None,
               "Diisi saat impor dari Google Form (cap waktu formulir); kosong untuk isian kertas.", 22),
    ),
    help="Survei Kepuasan Masyarakat (Permenpan RB 14/2017): satu baris per responden, tanpa data pribadi.",
    appendable=True,
    optional=True,
)

TABS: tuple[Tab, ...] = (REQUESTS, OBJECTIONS, DIK, HOLIDAYS, OFFICERS, CHOICES_TAB, ACTIONS, PRINT_REGISTER, LOG,
                         LETTERS, SURVEY)
TABS_BY_NAME: dict[str, Tab] = {t.name: t for t in TABS}
# the tabs `ppid check` writes whole and reads back only when it must compare them (its Log row
# carries their fingerprints: automation.check.job), and the tabs it reads up front
CHECK_LAZY_TABS = (ACTIONS.name, PRINT_REGISTER.name)
CHECK_FIRST_TABS = tuple(name for name in TABS_BY_NAME if name not in CHECK_LAZY_TABS)

REPORT_FORM = TabForm(freeze_rows=0, autofilter=False, repeat_header=False, style_header=False,
                      tab_color="2F5597", row_breaks=(32, 64, 96))
"""Report tabs print landscape, one page wide, two charts (32 rows) per page so none is cut."""

REPORT_TAB_PREFIX = "Laporan "
"""Report tabs ("Laporan 2026-11", "Laporan Tahunan 2026") belong to the toolkit."""


def is_toolkit_tab(name: str) -> bool:
    tab = TABS_BY_NAME.get(name)
    if tab is not None:
        return tab.owner == "toolkit"
    return name.startswith(REPORT_TAB_PREFIX)


# The classic 21-column Register Permohonan (KPU Model PPID-C / Perki 1/2021) for export:
# each export column names the register keys it is made from.
PERKI_EXPORT: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("No", ()),
    ("Tanggal", ("received",)),
    ("Nama", ("name",)),
    ("Alamat", ("address",)),
    ("Nomor Kontak", ("phone", "email")),
    ("Pekerjaan", ("occupation",)),
    ("Informasi yang Diminta", ("information",)),
    ("Tujuan Penggunaan Informasi", ("purpose",)),
    ("Status Informasi: Di Bawah Penguasaan", ("holding",)),
    ("Status Informasi: Belum Didokumentasikan", ("holding",)),
    ("Bentuk Informasi yang Dikuasai: Softcopy", ("form",)),
    ("Bentuk Informasi yang Dikuasai: Hardcopy", ("form",)),
    ("Jenis Permohonan: Melihat/Mengetahui", ("access_method",)),
    ("Jenis Permohonan: Meminta Salinan", ("access_method",)),
    ("Keputusan: Diterima", ("decision",)),
    ("Keputusan: Diterima Sebagian", ("decision",)),
    ("Keputusan: Ditolak", ("decision",)),
    ("Alasan Penolakan", ("refusal_reason",)),
    ("Hari dan Tanggal Pemberitahuan Tertulis", ("notice_date",)),
    ("Hari dan Tanggal Pemberian Informasi", ("given_date",)),
    ("Biaya dan Cara Pembayaran", ("fee", "payment_method")),
)
