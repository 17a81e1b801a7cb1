"""Writing an output file (report, export) so that a reader never sees half of it.

The file is written under a temporary name in the same folder, then moved over the target
in one step (`os.replace` is atomic within a folder). A target open in Excel or Word on
Windows cannot be replaced: that is one Indonesian message, and the temporary file goes.
"""

from __future__ import annotations

import os
from pathlib import Path

from automation.rules.errors import EXIT_REGISTER, PpidError


class OutputFileBusy(PpidError):
    """An output file cannot be replaced (usually: it is open in Excel or Word)."""

    exit_code = EXIT_REGISTER


def temp_beside(target: Path) -> Path:
    """A temporary name beside `target` (same folder, so the final move is atomic). Created by
    the writer with the usual permissions, not mkstemp's owner-only ones: output folders are
    often shared."""
    return target.with_name(f".ppid-tmp-{os.getpid()}-{target.name}")


def replace_file(tmp: Path, target: Path) -> None:
    """Move the finished `tmp` over `target`; on failure remove `tmp` and say what to do."""
    try:
        os.replace(tmp, target)
    except PermissionError:
        tmp.unlink(missing_ok=True)
        raise OutputFileBusy(
            f"Berkas {target} tidak dapat diganti; mungkin sedang dibuka di Excel/Word. Tutup berkas itu lalu "
            "jalankan lagi."
        ) from None
