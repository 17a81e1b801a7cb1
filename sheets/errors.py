"""Errors a backend raises when a run cannot go on. Messages are Indonesian and say what to do.

The command layer maps every `RegisterError` to exit code 3 (see automation.rules.errors).
"""

from __future__ import annotations


class RegisterError(Exception):
    """A register cannot be read or written: one message saying what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class RegisterMissing(RegisterError):
    def __init__(self, where: str) -> None:
        super().__init__(
            f"Register tidak ditemukan: {where}. Periksa [register] path di config.toml atau "
            f"opsi --register, atau buat register baru dengan 'ppid init {where}'."
        )


class RegisterLocked(RegisterError):
    def __init__(self, where: str, lock: str) -> None:
        super().__init__(
            f"Register sedang dibuka di Excel/LibreOffice ({lock}). Simpan dan tutup berkas "
            f"{where} lalu jalankan lagi. Tidak ada yang diubah."
        )


class RegisterInUse(RegisterError):
    """The finished register could not replace the old one: another program holds the file
    (on Windows: Excel or Word has it open, or an antivirus or OneDrive is reading it)."""

    def __init__(self, where: str) -> None:
        super().__init__(
            f"Register {where} sedang dipakai program lain (mungkin terbuka di Excel, atau sedang "
            f"disinkronkan/diperiksa antivirus), sehingga tidak dapat diganti. Tidak ada yang diubah: "
            f"register tetap seperti semula. Tutup berkas itu lalu jalankan lagi."
        )


class RegisterChanged(RegisterError):
    def __init__(self, where: str) -> None:
        super().__init__(
            f"Register {where} berubah sejak dibaca (ada yang menyimpan di tengah proses). "
            f"Tidak ada yang ditulis; jalankan perintah sekali lagi."
        )


class RegisterUnreadable(RegisterError):
    def __init__(self, where: str, why: str) -> None:
        super().__init__(
            f"Register {where} tidak dapat dibaca sebagai buku kerja Excel ({why}). "
            f"Pastikan berkasnya .xlsx/.xlsm yang utuh; cadangan ada di folder cadangan."
        )


class TabMissing(RegisterError):
    def __init__(self, where: str, tab: str) -> None:
        super().__init__(
            f"Tab \"{tab}\" tidak ada di register {where}. Kembalikan nama tab tersebut "
            f"(mungkin terganti namanya), atau buat register baru dengan 'ppid init'."
        )


class HeaderMissing(RegisterError):
    def __init__(self, where: str, tab: str, headers: list[str]) -> None:
        names = ", ".join(f"\"{h}\"" for h in headers)
        super().__init__(
            f"Judul kolom wajib tidak ditemukan di tab \"{tab}\" ({where}): {names}. "
            f"Kembalikan judul kolom tersebut persis seperti semula di baris judul."
        )


class StaffCellWrite(RegisterError):
    """A job tried to write a staff cell. A bug: refused, nothing is written."""

    def __init__(self, tab: str, header: str, row: int) -> None:
        super().__init__(
            f"Penulisan ditolak: sel staf \"{header}\" baris {row} di tab \"{tab}\" bukan milik "
            f"toolkit. Tidak ada yang ditulis. Laporkan ke pengelola aplikasi."
        )
        self.tab, self.header, self.row = tab, header, row


class RegisterExists(RegisterError):
    def __init__(self, where: str) -> None:
        super().__init__(
            f"Berkas {where} sudah ada; 'ppid init' tidak menimpa register yang ada. Pilih nama "
            f"berkas lain, atau pindahkan berkas lama lebih dulu bila memang ingin membuat baru."
        )


class RegisterTooLarge(RegisterError):
    """A part of the .xlsx is bigger than the configured limit, or a tab's used range is absurd
    (a value typed into XFD1048576): refused before the reader allocates anything."""

    def __init__(self, where: str, why: str) -> None:
        super().__init__(
            f"Register {where} ditolak sebelum dibaca: {why}. Tidak ada yang diubah. Buka berkasnya, hapus isi "
            f"sel yang jauh di luar data (Ctrl+End menunjukkan sel terakhir), simpan, lalu jalankan lagi; atau "
            f"naikkan batas di [register] config.toml bila register memang sebesar itu."
        )


class TabFull(RegisterError):
    def __init__(self, where: str, tab: str, last: int) -> None:
        super().__init__(
            f"Tab \"{tab}\" di register {where} sudah penuh sampai baris {last:,}".replace(",", ".")
            + f" (batas Excel 1.048.576 baris). Tidak ada yang ditulis. Simpan isi tab \"{tab}\" ke berkas "
            f"lain, hapus baris-baris lamanya, lalu jalankan lagi."
        )
