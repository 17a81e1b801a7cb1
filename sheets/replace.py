"""Replacing a file that another program may hold open for a moment.

On Windows a file open in Excel or Word, or being scanned by an antivirus or synced by
OneDrive, cannot be replaced: `os.replace` raises PermissionError. A brief hold passes, so the
replace is retried a few times (about 1.5 s in all) before the caller is told; the caller still
has its finished temporary file and decides what to do with it.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

RETRY_DELAYS = (0.1, 0.2, 0.4, 0.8)  # seconds between attempts


def replace_retrying(source: str | Path, target: str | Path) -> None:
    """`os.replace(source, target)`, retried while the target is held; the last PermissionError is raised."""
    for delay in (*RETRY_DELAYS, None):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if delay is None:
                raise
            time.sleep(delay)
