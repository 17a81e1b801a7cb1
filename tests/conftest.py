"""Shared fixtures. Tests use real files and real programs; nothing of our own is mocked."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from sheets.excel import ExcelBackend
from sheets.memory import MemoryBackend
from sheets.model import Backend
from sheets.workbook_init import create_register
from tests.sheets_api_server import google_backend_for

# CI runs the property tests derandomised (same examples every run: a landing cannot go red by
# chance); local runs keep exploring new examples.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"

# `ppid due` and `ppid calendar` keep the holidays package's tables in the user's cache folder
# (automation/rules/light_calendar.py); a test run keeps them in a folder of its own, which the
# commands the tests start inherit.
os.environ.setdefault("PPID_CACHE_DIR", tempfile.mkdtemp(prefix="ppid-cache-"))


# Every .xlsx/.xlsm a test leaves under the pytest temp folders is checked by the Excel stand-in
# (tests/xlsx_consistency.py) when the test's body ends; a bad package fails that test. Packages
# already checked (same size and mtime) are not read again. A test that writes a broken package
# on purpose names it: @pytest.mark.broken_xlsx("rusak.xlsx", ...); its other packages are checked.
_CHECKED: dict[Path, tuple[int, int]] = {}
_SKIP_DIRS = {"lo-profile", "profile", "__pycache__"}


def _new_packages(config: pytest.Config) -> list[Path]:
    factory = getattr(config, "_tmp_path_factory", None)
    base = getattr(factory, "_basetemp", None)
    if base is None or not base.is_dir():
        return []
    found = []
    for folder, dirs, files in os.walk(base):
        dirs[:] = [d for d in dirs if d not in _SKIP_DIRS]
        for name in files:
            if name.endswith((".xlsx", ".xlsm")) and not name.startswith(("~$", ".~lock")):
                path = Path(folder, name)
                try:
                    st = path.stat()
                except OSError:
                    continue
                if _CHECKED.get(path) != (st.st_size, st.st_mtime_ns):
                    _CHECKED[path] = (st.st_size, st.st_mtime_ns)
                    found.append(path)
    return found


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, object, object]:
    from tests.xlsx_consistency import problems

    try:
        result = yield
    except BaseException:
        _new_packages(item.config)  # the test failed anyway; don't blame the next one
        raise
    meant = {name for mark in item.iter_markers("broken_xlsx") for name in mark.args}
    bad = {path: problems(path) for path in _new_packages(item.config) if path.name not in meant}
    bad = {path: found for path, found in bad.items() if found}
    if bad:
        pytest.fail("paket .xlsx tidak konsisten (Excel akan menawarkan perbaikan):\n" + "\n".join(
            f"{path}: {p}" for path, found in bad.items() for p in found), pytrace=False)
    return result


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if shutil.which("soffice"):
        return
    skip = pytest.mark.skip(reason="LibreOffice (soffice) tidak terpasang; .ci/run memasangnya")
    for item in items:
        if "libreoffice" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared tidak ada di samping repo")
    return SHARED


# --- One register on every backend (memory, a real .xlsx, the local Sheets API server): the
# job suites that must hold on all three take the `make_backend` fixture.

Make = Callable[[dict[str, list[list[Any]]]], Backend]


@pytest.fixture(params=["memory", "excel", "google"])
def make_backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, Make]]:
    servers = []

    def make(grids: dict[str, list[list[Any]]]) -> Backend:
        if request.param == "memory":
            return MemoryBackend(grids)
        if request.param == "excel":
            path = create_register(tmp_path / "register.xlsx", data={t: g[1:] for t, g in grids.items()})
            return ExcelBackend(path, backup_dir=tmp_path / "cadangan")
        backend, server = google_backend_for(grids)
        servers.append(server)
        make.server = server  # type: ignore[attr-defined]
        return backend

    yield request.param, make
    for server in servers:
        server.stop()
