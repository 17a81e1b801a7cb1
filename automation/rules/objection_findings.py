"""The finding catalogue of the "Register Keberatan" checks (codes KEB-xxx)."""

from __future__ import annotations

from automation.rules.findings import define

# --- ------------------------------------------------------------------------

UU = "UU 14/2008"
_FIX_DATE = "Ketik tanggal sebagai dd-mm-yyyy (mis. 02-11-2026) atau pilih dari kalender."

MISSING_COLUMN = define(
    "KEB-001", "error", "Kolom wajib tidak ada",
    "kolom wajib \"{column}\" tidak ada di tab Register Keberatan.",
    "Kembalikan judul kolom itu persis seperti semula (lihat `ppid init`).",
)
MISSING_VALUE = define(
    "KEB-002", "error", "Data wajib keberatan kosong",
    "data wajib belum diisi.",
    "Isi kolom ini dari formulir keberatan.",
)
NO_GROUND = define(
    "KEB-003", "error", "Alasan keberatan belum dipilih",
    "belum ada alasan keberatan yang dipilih (kolom Alasan a sampai Alasan g).",
    "Pilih \"Ya\" pada sedikitnya satu kolom Alasan a-g sesuai formulir keberatan.",
    f"{UU} Pasal 35 ayat (1)",
)
UNREADABLE = define(
    "KEB-004", "error", "Nilai tidak terbaca",
    "{what}",
    "Perbaiki isi sel. " + _FIX_DATE,
)
FORMULA = define(
    "KEB-005", "warning", "Teks mirip rumus",
    "isi sel diawali tanda yang dapat dibaca sebagai rumus oleh spreadsheet.",
    "Periksa isinya; bila memang teks, awali dengan tanda petik (') atau hapus tanda =, +, - atau @ di depan.",
)
REQUEST_NOT_FOUND = define(
    "KEB-006", "error", "Permohonan terkait tidak ditemukan",
    "No. Pendaftaran Permohonan \"{number}\" tidak ada di tab Register Permohonan.",
    "Periksa nomor pada formulir keberatan dan samakan penulisannya dengan kolom No. Pendaftaran di Register Permohonan.",
)
FILED_LATE = define(
    "KEB-007", "warning", "Keberatan diajukan lewat batas",
    "keberatan diterima {received}, melewati batas pengajuan {last} (30 hari kerja sejak {reason} {start}).",
    "Keberatan tetap dicatat dan ditanggapi; Atasan PPID menilai keterlambatannya dalam tanggapan.",
    f"{UU} Pasal 36 ayat (1)",
)
FILED_EARLY = define(
    "KEB-008", "warning", "Keberatan sebelum alasan timbul",
    "keberatan diterima {received}, sebelum ada pemberitahuan tertulis dan sebelum batas waktu permohonan {number} "
    "({deadline}) terlewati.",
    "Periksa tanggal keberatan dan permohonan; bila alasannya bukan keterlambatan, pastikan alasan yang dipilih benar.",
    f"{UU} Pasal 35 ayat (1)",
)
GROUND_A = define(
    "KEB-009", "warning", "Alasan a tanpa penolakan Pasal 17",
    "Alasan a (penolakan berdasarkan Pasal 17) dipilih, tetapi permohonan {number} tidak ditolak dengan alasan "
    "Pasal 17.",
    "Periksa alasan keberatan, atau isi Alasan Penolakan permohonan itu bila memang ditolak berdasarkan Pasal 17.",
    f"{UU} Pasal 35 ayat (1) huruf a",
)
GROUND_LATE_ON_TIME = define(
    "KEB-010", "warning", "Alasan c/g padahal dijawab tepat waktu",
    "Alasan {letters} dipilih, tetapi permohonan {number} sudah dijawab tepat waktu (pemberitahuan tertulis {notice}, "
    "batas {deadline}).",
    "Periksa alasan keberatan dan tanggal pemberitahuan tertulis pada Register Permohonan.",
    f"{UU} Pasal 35 ayat (1) huruf c dan g",
)
GROUND_F = define(
    "KEB-011", "warning", "Alasan f tanpa biaya",
    "Alasan f (biaya tidak wajar) dipilih, tetapi permohonan {number} tidak mencatat biaya.",
    "Periksa alasan keberatan, atau isi Biaya (Rp) pada permohonan itu.",
    f"{UU} Pasal 35 ayat (1) huruf f",
)
GROUND_SUGGEST_LATE = define(
    "KEB-012", "warning", "Permohonan terlambat, alasan c/g tidak dipilih",
    "permohonan {number} {state}, tetapi Alasan c maupun Alasan g tidak dipilih.",
    "Periksa formulir keberatan; bila pemohon mengeluhkan keterlambatan, pilih Alasan c (tidak ditanggapi) atau "
    "Alasan g (melebihi waktu).",
    f"{UU} Pasal 35 ayat (1) huruf c dan g",
)
ANSWER_BEFORE_RECEIPT = define(
    "KEB-013", "error", "Tanggapan sebelum keberatan diterima",
    "Tanggal Tanggapan {answer} lebih awal dari Tanggal Diterima {received}.",
    "Periksa kedua tanggal pada surat keberatan dan surat tanggapan.",
)
DECISION_WITHOUT_DATE = define(
    "KEB-014", "error", "Keputusan tanpa tanggal tanggapan",
    "Keputusan Atasan PPID \"{decision}\" diisi, tetapi Tanggal Tanggapan kosong.",
    "Isi Tanggal Tanggapan dengan tanggal surat tanggapan Atasan PPID. " + _FIX_DATE,
)
DATE_WITHOUT_DECISION = define(
    "KEB-015", "error", "Tanggal tanggapan tanpa keputusan",
    "Tanggal Tanggapan {answer} diisi, tetapi Keputusan Atasan PPID kosong.",
    "Pilih Keputusan Atasan PPID: Dikabulkan, Dikabulkan Sebagian, atau Ditolak.",
)
COMMISSION_EARLY = define(
    "KEB-016", "warning", "Ke Komisi Informasi sebelum waktunya",
    "Ke Komisi Informasi \"Ya\" {when}, padahal belum ada tanggapan dan batas tanggapan {due} belum lewat.",
    "Periksa isian Ke Komisi Informasi dan tanggalnya; sengketa diajukan setelah tanggapan atau setelah batas "
    "tanggapan lewat.",
    f"{UU} Pasal 37 ayat (1)",
)
COMMISSION_LATE = define(
    "KEB-017", "warning", "Ke Komisi Informasi lewat 14 hari kerja",
    "sengketa diajukan ke Komisi Informasi {date}, melewati batas {last} (14 hari kerja sejak {start}).",
    "Catat dalam Keterangan; Komisi Informasi yang menilai apakah permohonan sengketa masih dapat diterima.",
    f"{UU} Pasal 37 ayat (2)",
)
COMMISSION_INCONSISTENT = define(
    "KEB-018", "warning", "Isian Komisi Informasi tidak konsisten",
    "{what}",
    "Samakan isian Ke Komisi Informasi dan Tanggal ke Komisi Informasi.",
)
DUPLICATE_NUMBER = define(
    "KEB-019", "error", "No. Registrasi Keberatan ganda",
    "nomor \"{number}\" juga dipakai di baris {others}.",
    "Setiap keberatan harus punya nomor sendiri: perbaiki salah satunya sesuai buku registrasi.",
)
RECEIVED_FUTURE = define(
    "KEB-020", "error", "Tanggal diterima di masa depan",
    "Tanggal Diterima {received} sesudah hari ini ({today}).",
    "Periksa tanggal pada formulir keberatan. " + _FIX_DATE,
)

_PROBLEM_TEXT = {
    "format": "isi \"{raw}\" tidak dapat dibaca sebagai {kind}.",
    "impossible": "tanggal \"{raw}\" tidak ada di kalender.",
    "ambiguous": "tahun pada \"{raw}\" hanya dua angka; tidak ditebak.",
    "error_value": "sel berisi galat rumus \"{raw}\".",
    "not_number": "isi \"{raw}\" bukan angka.",
}
_KIND_TEXT = {"date": "tanggal", "time": "jam", "money": "angka rupiah"}

