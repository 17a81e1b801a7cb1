"""The cyclic garbage collector paused while one bounded job runs.

A check, a report or a letters run makes millions of short-lived objects that hold no cycles
(rows, typed values, findings, cell writes): reference counting frees them. Left running, the
collector rescans the growing heap again and again for nothing. Pausing it for each stage on
its own is not enough: when it is switched back on between two stages, its first passes walk
every object made during the pause (on 100k rows that was about a fifth of a daily check).
So a job pauses it once, from the read to the write, and nesting is harmless (an inner pause
leaves it off).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic collection inside the block; the collector's state is restored after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
