"""One call run in a second thread while the caller goes on (reading the register while the
modules of the job that will use it are imported).

python-calamine parses a sheet without holding the GIL: on a 10k-row register that is about
0.17 s in which the main thread can import numpy and the job's modules (about 0.1 s) instead
of waiting for them afterwards. Only reading is done this way: nothing that writes a file.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Background(Generic[T]):
    """`fn()` running in a daemon thread; `result()` waits for it and returns its value or
    raises what it raised (with its traceback), in the caller's thread."""

    def __init__(self, fn: Callable[[], T], name: str = "ppid-baca") -> None:
        self._value: T | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(fn,), name=name, daemon=True)
        self._thread.start()

    def _run(self, fn: Callable[[], T]) -> None:
        try:
            self._value = fn()
        except BaseException as e:  # noqa: BLE001 - handed to the caller by result()
            self._error = e

    def done(self) -> bool:
        """Whether `fn` has returned (or raised)."""
        return not self._thread.is_alive()

    def result(self) -> T:
        self._thread.join()
        if self._error is not None:
            error, self._error = self._error, None
            raise error
        return self._value  # type: ignore[return-value]
