"""Writing an output file (report, export) so that a reader never sees half of it.

The file is written under a temporary name in the same folder, then moved over the target
in one step (`os.replace` is atomic within a folder). A target open in Excel or Word on
Windows cannot be replaced: the move is retried for a moment (sheets.replace), then the new
file is kept beside the old one under a "(baru)" name, and one Indonesian message says where
it is: nothing is lost and nothing half-written is left.
"""

from __future__ import annotations

import os
from pathlib import Path

from automation.rules.errors import EXIT_REGISTER, PpidError
from sheets.replace import replace_retrying


class OutputFileBusy(PpidError):
    """An output file cannot be replaced (usually: it is open in Excel or Word)."""

    exit_code = EXIT_REGISTER


def temp_beside(target: Path) -> Path:
    """A temporary name beside `target` (same folder, so the final move is atomic). Created by
    the writer with the usual permissions, not mkstemp's owner-only ones: output folders are
    often shared."""
    return target.with_name(f".ppid-tmp-{os.getpid()}-{target.name}")


def busy_copy_name(target: Path) -> Path:
    """Where the new version goes when `target` is held open: "Laporan-2026-11 (baru).xlsx"."""
    return target.with_name(f"{target.stem} (baru){target.suffix}")


def replace_file(tmp: Path, target: Path) -> None:
    """Move the finished `tmp` over `target`; when `target` stays held open, keep the new
    version as `busy_copy_name(target)` (or, failing that, remove `tmp`) and say what to do."""
    try:
        replace_retrying(tmp, target)
        return
    except PermissionError:
        pass
    beside = busy_copy_name(target)
    try:
        replace_retrying(tmp, beside)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise OutputFileBusy(
            f"Berkas {target} tidak dapat diganti; mungkin sedang dibuka di Excel/Word. Tutup berkas itu lalu "
            "jalankan lagi."
        ) from None
    raise OutputFileBusy(
        f"Berkas {target} tidak dapat diganti karena sedang dibuka (mungkin di Excel/Word). Versi barunya "
        f"disimpan sebagai {beside}. Tutup berkas lama lalu jalankan lagi, atau pakai berkas baru itu."
    )
