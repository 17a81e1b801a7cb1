"""The finding catalogue of the e-mail job (codes EML-xxx).

They name the "Surat" row (or the request row) a human must look at; they never quote an
e-mail address, a NIK, a phone number or a home address.
"""

from __future__ import annotations

from automation.rules.findings import Finding, FindingType, define

UNCONFIRMED = define(
    "EML-001", "error", "Pengiriman email belum terkonfirmasi",
    "{what} {number} tercatat \"mengirim\" sejak {since} tanpa konfirmasi: proses berhenti di tengah "
    "pengiriman, jadi email itu mungkin sudah diterima, mungkin belum. Tidak dikirim ulang otomatis.",
    "Periksa folder Terkirim akun email kantor atau tanyakan ke penerima; lalu jalankan "
    "`ppid kirim --sudah-terkirim NOMOR` bila sudah diterima, atau `ppid kirim --kirim-ulang NOMOR` bila belum.",
)
BAD_ADDRESS = define(
    "EML-002", "error", "Alamat email pemohon tidak sah",
    "pemohon meminta surat lewat email, tetapi kolom Email {problem}.",
    "Perbaiki kolom Email (satu alamat, misalnya nama@contoh.com); surat dikirim pada proses berikutnya.",
)
NO_FILE = define(
    "EML-003", "warning", "Berkas surat untuk email tidak ada",
    "berkas surat {number} tidak ada di folder surat, jadi belum bisa dikirim lewat email.",
    "Buat ulang berkasnya dengan `ppid notices --nomor NO_PENDAFTARAN --force`, lalu jalankan `ppid kirim`.",
)
NO_PDF = define(
    "EML-004", "warning", "PDF surat untuk email tidak dapat dibuat",
    "PDF surat {number} tidak dapat dibuat ({why}), jadi surat belum dikirim lewat email.",
    "Pasang LibreOffice atau buat PDF-nya dengan `ppid notices --pdf --force`; surat dikirim pada proses berikutnya.",
)
REFUSED = define(
    "EML-005", "error", "Server email menolak alamat",
    "server email menolak mengirim {what} {number} ke alamat pemohon ({why}). Tidak dicoba lagi "
    "sampai alamatnya diubah.",
    "Periksa kolom Email pemohon; setelah diperbaiki surat dikirim lagi pada proses berikutnya.",
)
FAILED = define(
    "EML-006", "warning", "Pengiriman email gagal, dicoba lagi nanti",
    "{what} {number} belum terkirim ({why}); dicoba lagi pada proses berikutnya.",
    "Tidak perlu tindakan bila hanya sekali; bila berulang, periksa server email kantor.",
)
NO_RECIPIENT = define(
    "EML-007", "warning", "Alamat penerima di config belum diisi",
    "{what} tidak dikirim: [email] {key} di config.toml kosong.",
    "Isi alamat email {who} di bagian [email] config.toml.",
)


def finding(kind: FindingType, tab: str, row: int, header: str = "", **fields: object) -> Finding:
    """`Finding.make`, or for something not on a row (row 0) the sentence without "Baris 0"."""
    if row > 0:
        return Finding.make(kind, tab, row, header, **fields)
    text = kind.message.format(**fields)
    return Finding(kind.code, kind.severity, tab, 0, header, f"{text[:1].upper()}{text[1:]} {kind.fix}".strip())
