"""The toolkit tabs ("Perlu Tindakan", "Cetak Register") are read back and compared only when
they may be unchanged and their fingerprint does not already say so (issue 19); a staff edit
of such a tab is always seen and put right."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

from automation.check.job import run_check, stored_stamps
from automation.rules.config import default_config
from sheets.excel import ExcelBackend
from sheets.layout import ACTIONS, CHECK_FIRST_TABS, LOG, PRINT_REGISTER
from sheets.model import Table
from sheets.xlsx_package import Package
from tests.register_factory import DECIDED, D, request
from tests.test_check_cli import build_register

NOW = dt.datetime(2026, 12, 9, 7, 0)


def _register(tmp_path: Path) -> ExcelBackend:
    reg = build_register(tmp_path / "register-ppid.xlsx", [
        request(),
        request(received=D("2026-11-20"), name="Budi", identity="1503010101800002"),  # late on 09-12
        request(**DECIDED, name="Ani", identity="1503010101800004", purpose=None),
    ])
    return ExcelBackend(reg, backup_dir=tmp_path / "cadangan")


def _run(backend: ExcelBackend, today: dt.date) -> tuple[list[str], list[str]]:
    """One check as `ppid check` does it: (tabs read back to compare, tabs replaced)."""
    snapshot = backend.read(CHECK_FIRST_TABS)
    loaded: list[str] = []

    def load(name: str) -> Table | None:
        loaded.append(name)
        return backend.read([name]).table(name)

    result = run_check(snapshot, default_config(), today, NOW, load_tab=load)
    backend.write(snapshot, result.changes)
    return loaded, [c.name for c in result.changes.replace_tabs]


def _stamps(backend: ExcelBackend) -> dict[str, str]:
    """Tab -> the fingerprint the last check's Log row stamped for it ("@..." part)."""
    log = backend.read([LOG.name]).table(LOG.name)
    assert log is not None
    return {name: seen for name, (_, seen) in stored_stamps(log).items() if seen}


def _edit_tab(path: Path, tab: str, old: bytes, new: bytes) -> None:
    """A staff edit of one cell of `tab`, every other part of the package left byte for byte."""
    with Package(str(path)) as pkg:
        part = pkg.sheet(tab).part  # type: ignore[union-attr]
        members = [(i, pkg.read(i.filename)) for i in pkg.raw_entries()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in members:
            if info.filename == part:
                assert old in data
                data = data.replace(old, new)
            out.writestr(info, data)


def test_unchanged_tabs_are_left_unread_and_changed_ones_rewritten_unread(tmp_path: Path) -> None:
    backend = _register(tmp_path)
    both = [ACTIONS.name, PRINT_REGISTER.name]
    today = dt.date(2026, 12, 9)
    assert _run(backend, today) == (both, both)  # no tabs yet: looked for, made
    # the run that made them stamped their fingerprints as written (the writer fills the
    # Log row's slots last), so the same day again reads and rewrites nothing, run after run
    # (before: the second run read both tabs back, and the third too as styles.xml changed)
    stamps = _stamps(backend)
    assert set(stamps) == {ACTIONS.name, PRINT_REGISTER.name}
    assert stamps == {n: backend.read([]).fingerprints[n] for n in stamps}
    assert _run(backend, today) == ([], [])
    assert _run(backend, today) == ([], [])
    assert _run(backend, today) == ([], [])
    log = backend.read([LOG.name]).table(LOG.name)
    assert log is not None and "PT=" in log.rows[-1][-1] and "@" in log.rows[-1][-1]
    assert "{sidik:" not in " ".join(str(r[-1]) for r in log.rows)

    # next day: Budi is 4 working days late instead of 3, so "Perlu Tindakan" changes and is
    # rewritten without being read; "Cetak Register" (same statuses and deadlines) is not
    loaded, replaced = _run(backend, dt.date(2026, 12, 10))
    assert ACTIONS.name not in loaded and replaced == [ACTIONS.name]
    tab = backend.read([ACTIONS.name]).table(ACTIONS.name)
    assert tab is not None and any("terlambat 4 hari kerja" in str(v) for r in tab.rows for v in r)


def test_a_staff_edit_of_a_toolkit_tab_is_seen_and_put_right(tmp_path: Path) -> None:
    backend = _register(tmp_path)
    today = dt.date(2026, 12, 9)
    for _ in range(4):
        loaded, _ = _run(backend, today)
    assert loaded == []  # from here on the tabs are trusted by their fingerprints
    _edit_tab(backend.path, ACTIONS.name, b">Budi<", b">Budi (sudah ditelepon)<")
    _edit_tab(backend.path, PRINT_REGISTER.name, b">Ani<", b">Anita<")
    edited = backend.read([ACTIONS.name, PRINT_REGISTER.name])
    assert any(r[2] == "Budi (sudah ditelepon)" for r in edited.table(ACTIONS.name).rows)  # type: ignore[union-attr]
    assert _run(backend, today) == ([ACTIONS.name, PRINT_REGISTER.name], [ACTIONS.name, PRINT_REGISTER.name])
    after = backend.read([ACTIONS.name, PRINT_REGISTER.name])
    names = [r[2] for r in after.table(ACTIONS.name).rows]  # type: ignore[union-attr]
    assert "Budi" in names and "Budi (sudah ditelepon)" not in names
    assert "Anita" not in [r[2] for r in after.table(PRINT_REGISTER.name).rows]  # type: ignore[union-attr]


def test_appended_log_rows_look_like_the_row_above_and_add_no_style(tmp_path: Path) -> None:
    """Each run appends a Log row; from the second on it takes the styles of the row above (the
    first was written with the tab), so styles.xml stays byte for byte the same run after run."""
    backend = _register(tmp_path)
    today = dt.date(2026, 12, 9)
    styles = []
    for _ in range(4):
        _run(backend, today)
        with zipfile.ZipFile(backend.path) as z:
            styles.append(z.read("xl/styles.xml"))
    assert styles[1] == styles[2] == styles[3]
    with Package(str(backend.path)) as pkg:
        xml = pkg.read(pkg.sheet(LOG.name).part)  # type: ignore[union-attr]
    rows = backend.read([LOG.name]).table(LOG.name)
    assert rows is not None and len(rows.rows) == 4
    # A (the time) of data rows 2..5: one style, a datetime format (the tab's own, with wrap)
    found = [re.search(rb'<c r="A%d" s="(\d+)"' % n, xml) for n in range(2, 6)]
    assert all(found) and len({m.group(1) for m in found if m}) == 1
    assert all(isinstance(r[0], dt.datetime) for r in rows.rows)


def test_a_tab_digest_follows_the_values_not_how_they_are_held() -> None:
    # the digest stamped in the Log row (a memo-less pickle, issue 19) must be equal for equal
    # values however the objects are shared, and differ for any other value or type
    from automation.check.job import content_digest
    from sheets.model import SheetContent

    text = "Segera kirim pemberitahuan tertulis"
    rows = (("No.", "Tindakan"), (1, text), (2, text), (3, dt.date(2026, 11, 27)))
    copied = (("No.", "Tindakan"), (1, "".join(text)), (2, text[:5] + text[5:]), (3, dt.date(2026, 11, 27)))
    assert copied[1][1] is not text
    digest = content_digest(SheetContent("Perlu Tindakan", rows))
    assert digest == content_digest(SheetContent("Perlu Tindakan", copied))
    assert len(digest) == 16 and int(digest, 16) >= 0
    for changed in ((("No.", "Tindakan"), ("1", text), (2, text), (3, dt.date(2026, 11, 27))),  # text, not number
                    (("No.", "Tindakan"), (1.0, text), (2, text), (3, dt.date(2026, 11, 27))),
                    (("No.", "Tindakan"), (1, text), (2, text), (3, dt.datetime(2026, 11, 27))),
                    (("No.", "Tindakan"), (1, text), (2, text + "."), (3, dt.date(2026, 11, 27))),
                    (("No.", "Tindakan"), (1, text), (2, text))):
        assert content_digest(SheetContent("Perlu Tindakan", changed)) != digest
