"""`ppid init`: create a new register (Excel file, or a Google Sheet with --google)."""

from __future__ import annotations

from pathlib import Path

import click

from automation.cli.common import get_ctx
from automation.rules.errors import UsageError
from sheets.layout import TABS


@click.command("init")
@click.argument("path", required=False, metavar="PATH")
@click.option("--google", "spreadsheet", metavar="SPREADSHEET",
              help="Siapkan Google Sheet (URL atau ID) yang sudah dibagikan ke akun layanan, bukan berkas Excel.")
def init_command(path: str | None, spreadsheet: str | None) -> None:
    """Buat register baru: semua tab, judul kolom, dropdown, dan kolom abu-abu yang diisi toolkit.

    Tanpa --google dibuat berkas Excel di PATH (tidak pernah menimpa berkas yang sudah ada).
    """
    app = get_ctx()
    if spreadsheet:
        _init_google(spreadsheet)
        return
    if not path:
        raise UsageError("Sebutkan nama berkas register, misalnya: ppid init register-ppid.xlsx")
    target = Path(path).expanduser()
    if target.suffix.lower() not in (".xlsx", ".xlsm"):
        raise UsageError(f"Nama berkas harus berakhiran .xlsx: {path}")
    from sheets.workbook_init import create_register

    created = create_register(target, today=app.today())
    out = app.console
    out.print(f"[green]Register baru dibuat:[/] {created}")
    out.print("Tab: " + ", ".join(t.name for t in TABS) + ".")
    out.print("Kolom abu-abu diisi toolkit: jangan diketik (isian yang diketik dikembalikan oleh 'ppid check'). "
              "Baris boleh diurutkan, disaring, disisipkan dan dihapus.")
    out.print("Langkah berikutnya: isi nama petugas di tab Petugas, cek daftar di tab Pilihan dan "
              "Daftar Informasi Dikecualikan, atur \\[register] path di config.toml, lalu jalankan "
              "'ppid check'.")


def _init_google(spreadsheet: str) -> None:
    app = get_ctx()
    try:
        from sheets.google_init import init_google_register
    except ImportError:
        raise UsageError(
            "Dukungan Google Sheets belum terpasang. Pasang ekstra google: pip install 'ppid-sheets[google]'"
        ) from None
    # no key in the config: GOOGLE_APPLICATION_CREDENTIALS, else a message saying what to set
    result = init_google_register(spreadsheet, app.config.register.credentials)
    app.console.print(f"[green]Google Sheet disiapkan:[/] {spreadsheet}")
    if result:
        app.console.print(str(result))
    app.console.print("Langkah berikutnya: atur \\[register] backend = \"google\" dan spreadsheet di config.toml, "
                      "lalu jalankan 'ppid check'.")
