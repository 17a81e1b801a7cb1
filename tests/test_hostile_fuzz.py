"""Issue 12, the fuzz test: the zip and the XML of a real register, mutated (cut, corrupted,
oversized, oddly nested, huge ranges), then `ppid check` run on it as a clerk would.

Whatever the file, the run ends with exit code 0, 1, 2 or 3, says what happened in Indonesian,
never prints a traceback or aborts, and the register is either byte for byte unchanged or
validly rewritten with every staff cell as it was. Derandomised and bounded (a fixed set of
examples, a few seconds each at most) so it runs the same in CI every time.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from automation.cli.main import main
from sheets.errors import RegisterError
from sheets.excel import ExcelBackend
from sheets.layout import TABS_BY_NAME
from tests.hostile_office import make_office
from tests.letter_fixtures import REQUEST_FULL

MEMBERS = ("xl/worksheets/sheet1.xml", "xl/workbook.xml", "xl/styles.xml", "[Content_Types].xml",
           "xl/_rels/workbook.xml.rels", "_rels/.rels", "xl/worksheets/sheet8.xml")


@pytest.fixture(scope="module")
def original(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes]:
    second = {**REQUEST_FULL, "number": None, "name": "Budi", "decision": None, "notice_date": None}
    office = make_office(tmp_path_factory.mktemp("fuzz"), [REQUEST_FULL, second])
    config = office / "config.toml"
    config.write_text(config.read_text().replace("max_sheet_mb = 512", "max_sheet_mb = 2"))
    assert main(["--config", str(config), "check", "--today", "2026-12-01"]) in (0, 1)
    return office, (office / "register-ppid.xlsx").read_bytes()


def _members(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [(i, z.read(i.filename)) for i in z.infolist()]


def _zip(members: list[tuple[zipfile.ZipInfo, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in members:
            z.writestr(info, data)
    return out.getvalue()


def _col(n: int) -> str:
    s = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


@st.composite
def mutations(draw: st.DrawFn) -> tuple:
    kind = draw(st.sampled_from(["cut", "corrupt", "xml_cut", "xml_junk", "nest", "huge_range", "oversize",
                                 "drop_member", "dup_rows"]))
    return kind, draw(st.sampled_from(MEMBERS)), draw(st.floats(0, 1)), draw(st.integers(0, 2**31)), \
        draw(st.sampled_from([b"<", b"</row>", b"<c r=\"A2\"><v>1", b"&", b"\xff\xfe", b"<!DOCTYPE x>",
                              b"<row r=\"2\"><row r=\"3\">", b"]]>", b"<f t=\"shared\" ref=\"A1:XFD1\" si=\"9\"/>"]))


def mutate(data: bytes, m: tuple) -> bytes:
    kind, member, where, n, junk = m
    if kind == "cut":
        return data[: int(len(data) * where)]
    if kind == "corrupt":
        out = bytearray(data)
        for k in range(1 + n % 8):
            out[(n * (k + 7) + int(where * len(out))) % len(out)] ^= 1 + (n >> k) % 255
        return bytes(out)
    members = _members(data)
    names = [i.filename for i, _ in members]
    if kind == "huge_range":  # a far cell in a worksheet: the register tab or the Log tab
        member = MEMBERS[0] if n % 2 else MEMBERS[-1]
    if member not in names:
        member = names[0]
    i = names.index(member)
    info, xml = members[i]
    at = int(len(xml) * where)
    if kind == "xml_cut":
        xml = xml[:at]
    elif kind == "xml_junk":
        xml = xml[:at] + junk + xml[at:]
    elif kind == "nest":  # rows inside cells, cells inside rows inside rows
        xml = xml.replace(b"</c>", b"<row r=\"9\"><c r=\"B9\"><v>1</v></c></row></c>", 1 + n % 3)
    elif kind == "huge_range":
        far = ("XFD1048576", "XFD2", "A1048576", "ZZ300000", f"{_col(n % 16384)}{1 + (n >> 3) % 1048576}")
        ref = far[(n >> 1) % len(far)].encode()
        xml = re.sub(rb"</(\w+:)?sheetData>", b'<row r="' + ref.lstrip(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ") + b'"><c r="'
                     + ref + b'"><v>1</v></c></row></sheetData>', xml, count=1)
    elif kind == "oversize":
        xml = xml[:at] + b" " * (2_100_000 + n % 1000) + xml[at:] if b"<row" in xml else xml
    elif kind == "drop_member":
        del members[i]
        return _zip(members)
    elif kind == "dup_rows":
        xml = re.sub(rb'(<row r="2".*?</row>)', rb"\1\1", xml, count=1, flags=re.S)
    members[i] = (info, xml)
    return _zip(members)


def _staff_cells(path: Path) -> dict[str, list[tuple]] | None:
    """Every staff column of every staff tab, as calamine reads it; None: unreadable."""
    try:
        snap = ExcelBackend(path, keep_backups=0).read()
    except RegisterError:
        return None
    out = {}
    for name, table in snap.tables.items():
        layout = TABS_BY_NAME.get(name)
        if layout is not None and layout.owner == "toolkit":
            continue
        keep = [i for i, h in enumerate(table.headers)
                if layout is None or not (c := layout.by_header().get(" ".join(h.split()).casefold())) or not c.is_toolkit]
        out[name] = [(n, tuple(r[i] if i < len(r) else None for i in keep)) for n, r in zip(table.row_numbers, table.rows)]
    return out


def _same_staff(before: dict, after: dict) -> bool:
    """Every staff cell as it was; the one a check may fill is a blank registration number."""
    for name, rows in before.items():
        if name not in after or len(rows) != len(after[name]):
            return False
        for (n1, a), (n2, b) in zip(rows, after[name]):
            if n1 != n2:
                return False
            for x, y in zip(a, b):
                if x != y and not (name == "Register Permohonan" and x is None and isinstance(y, str)):
                    return False
    return True


@settings(max_examples=60, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large])
@given(m=mutations())
def test_mutated_register(original: tuple[Path, bytes], tmp_path: Path, m: tuple) -> None:
    office, clean = original
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    shutil.copy(office / "config.toml", folder / "config.toml")
    register = folder / "register-ppid.xlsx"
    data = mutate(clean, m)
    register.write_bytes(data)
    before = _staff_cells(register)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--config", str(folder / "config.toml"), "check", "--today", "2026-12-02"])
    text = out.getvalue() + err.getvalue()
    assert code in (0, 1, 2, 3), (m, text[-800:])
    assert "Traceback" not in text and "panicked" not in text, (m, text[-800:])
    if code in (2, 3):
        assert "Gagal:" in err.getvalue(), (m, text[-800:])  # one Indonesian message
    after = register.read_bytes()
    if after != data:
        assert before is not None, m  # an unreadable file is never rewritten
        now = _staff_cells(register)
        assert now is not None, m
        assert _same_staff(before, now), m
    shutil.rmtree(folder)
