"""One write to an .xlsx/.xlsm register: plan the cell edits, patch the parts, build the new zip.

Called by ExcelBackend with the output file already open; the backend owns locking, the
token check, the backup and the atomic replace. Rows are located against the snapshot, which
is the file as it is now (the token proved nothing changed), with `sheets.memory.locate`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from sheets.errors import RegisterError, TabMissing
from sheets.layout import TABS_BY_NAME, normalize_header
from sheets.memory import is_blank, locate
from sheets.model import CellValue, CellWrite, SheetContent, SkippedWrite, Snapshot, Table, WriteReport, WriteSet
from sheets.xlsx_package import (
    CT_CHART,
    CT_DRAWING,
    CT_WORKSHEET,
    REL_CALC_CHAIN,
    REL_DRAWING,
    REL_WORKSHEET,
    Package,
    PackageWriter,
    SheetRef,
    add_content_type_override,
    add_relationship,
    free_rid,
    insert_before_close,
    parse_rels,
    relative_target,
    rels_path,
    remove_content_type_overrides,
    remove_relationships,
    xml_attr,
)
from sheets.xlsx_patch import Edit, SheetPatcher
from sheets.xlsx_styles import StyleBook
from sheets.xlsx_tabs import chart_parts, drawing_rels_xml, sheet_xml, valid_sheet_name

CONTENT_TYPES = "[Content_Types].xml"


class RegisterWriteFailed(RegisterError):
    def __init__(self, where: str, why: str) -> None:
        super().__init__(
            f"Register {where} tidak dapat ditulis ({why}). Berkas asli tidak diubah. Periksa ruang "
            f"disk dan izin folder, lalu jalankan lagi."
        )


class BadToolkitTab(RegisterError):
    def __init__(self, name: str) -> None:
        super().__init__(
            f"Nama tab \"{name}\" tidak sah untuk Excel (maks. 31 huruf, tanpa [ ] : * ? / \\). "
            f"Laporkan ke pengelola aplikasi."
        )


@dataclass
class Outcome:
    written: int = 0
    skipped: list[SkippedWrite] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    appended: int = 0
    nothing_to_do: bool = False

    def report(self, backup: str | None) -> WriteReport:
        return WriteReport(self.written, tuple(self.skipped), tuple(self.replaced), self.appended, backup)


SKIP_NOT_FOUND = "baris tidak ditemukan lagi (diubah/diurutkan saat proses)"
SKIP_FORMULA = "sel berisi rumus bersama/array; tidak ditimpa"


class _Build:
    """The parts that change during one write."""

    def __init__(self, pkg: Package) -> None:
        self.pkg = pkg
        self.modified: dict[str, bytes] = {}
        self.added: dict[str, bytes] = {}
        self.deleted: set[str] = set()
        styles_rel = next((r for r in pkg.workbook_rels if r.type.endswith("/styles")), None)
        self.styles_part = styles_rel.target if styles_rel else None
        self.styles = StyleBook(pkg.read(self.styles_part) if self.styles_part and pkg.has(self.styles_part) else None)
        self.date1904 = pkg.uses_1904()

    def get(self, part: str) -> bytes | None:
        if part in self.added:
            return self.added[part]
        if part in self.modified:
            return self.modified[part]
        if part in self.deleted or not self.pkg.has(part):
            return None
        return self.pkg.read(part)

    def put(self, part: str, data: bytes) -> None:
        self.deleted.discard(part)
        if self.pkg.has(part):
            self.modified[part] = data
        else:
            self.added[part] = data

    def delete(self, part: str) -> None:
        self.modified.pop(part, None)
        self.added.pop(part, None)
        if self.pkg.has(part):
            self.deleted.add(part)

    def taken(self) -> set[str]:
        return set(self.added) | set(self.modified)

    def write(self, source: BinaryIO, out: BinaryIO) -> None:
        writer = PackageWriter(out)
        for info in self.pkg.raw_entries():
            name = info.filename
            if name in self.deleted:
                continue
            if name in self.modified:
                data = self.modified[name]
                # big sheets: fast deflate (a few % larger, several times quicker than level 6)
                writer.add(name, data, level=1 if len(data) > 4_000_000 else 6, date_time=info.date_time)
            else:
                writer.copy_raw(source, info)
        for name, data in self.added.items():
            writer.add(name, data)
        writer.close()


def plan_and_build(path: Path, snapshot: Snapshot, changes: WriteSet, out: BinaryIO,
                   read_table: Callable[[str], Table]) -> Outcome:
    """Patch the register at `path` per `changes` and write the new package to `out`."""
    outcome = Outcome()
    with Package(str(path)) as pkg:
        build = _Build(pkg)
        _cells(build, snapshot, changes.cells, read_table, outcome, str(path))
        appends = {k: list(v) for k, v in changes.append_rows.items() if v}
        for content in changes.replace_tabs:
            rows = list(content.rows) + appends.pop(content.name, [])
            _replace_tab(build, SheetContent(content.name, tuple(rows), content.widths, content.bold_rows,
                                             content.charts, content.freeze_header))
            outcome.replaced.append(content.name)
        for name, rows in appends.items():
            outcome.appended += _append(build, snapshot, name, rows, read_table)
        if not build.modified and not build.added and not build.deleted:
            outcome.nothing_to_do = True
            return outcome
        if build.styles.changed and build.styles_part:
            build.put(build.styles_part, build.styles.to_bytes())
        with open(path, "rb") as source:
            build.write(source, out)
    return outcome


def _cells(build: _Build, snapshot: Snapshot, writes: list[CellWrite], read_table: Callable[[str], Table],
           outcome: Outcome, where: str) -> None:
    by_tab: dict[str, list[CellWrite]] = {}
    for w in writes:
        by_tab.setdefault(w.tab, []).append(w)
    for tab, tab_writes in by_tab.items():
        ref = build.pkg.sheet(tab)
        if ref is None:
            raise TabMissing(where, tab)
        table = snapshot.table(tab) or read_table(tab)
        headers = list(table.headers)
        positions = {normalize_header(h): i for i, h in reversed(list(enumerate(headers))) if h}
        grid = dict(zip(table.row_numbers, table.rows))
        edits: dict[int, dict[int, Edit]] = {}
        planned: dict[tuple[int, int], CellWrite] = {}
        found: dict[tuple[int, tuple[tuple[str, CellValue], ...]], int | None] = {}
        columns: dict[str, int | None] = {}
        for w in tab_writes:
            if w.header not in columns:
                columns[w.header] = positions.get(normalize_header(w.header))
            col = columns[w.header]
            if col is None:
                col = len(headers)
                headers.append(w.header)
                positions[normalize_header(w.header)] = col
                columns[w.header] = col
                edits.setdefault(table.header_row, {})[col] = Edit(w.header, like_left=True)
            key = (w.row, w.match)
            if key not in found:
                found[key] = w.row if _still_there(positions, grid.get(w.row), w) else locate(headers, grid, w)
            target = found[key]
            if target is None:
                outcome.skipped.append(SkippedWrite(w, SKIP_NOT_FOUND))
                continue
            row = grid.get(target, ())
            old = row[col] if col < len(row) else None
            if _same(old, w.value):
                continue
            row_edits = edits.get(target)
            if row_edits is None:
                row_edits = edits[target] = {}
            row_edits[col] = Edit(w.value)
            planned[(target, col)] = w
        if not edits:
            continue
        result = SheetPatcher(build.pkg.read(ref.part), build.styles, build.date1904).apply(edits)
        for cell in result.refused:
            outcome.skipped.append(SkippedWrite(planned[cell], SKIP_FORMULA))
        outcome.written += sum(1 for cell in planned if cell not in result.refused)
        build.put(ref.part, result.data)
        if result.overwrote_formula:
            _drop_calc_chain(build)


def _still_there(positions: dict[str, int], row: tuple[CellValue, ...] | None, w: CellWrite) -> bool:
    """The quick case of `locate`: the row read at `w.row` still has the `match` values."""
    if row is None or not w.match:
        return not w.match
    for header, expected in w.match:
        i = positions.get(normalize_header(header))
        if i is None:
            return False
        actual = row[i] if i < len(row) else None
        if is_blank(expected) and is_blank(actual):
            continue
        if _loose(actual) != _loose(expected):
            return False
    return True


def _loose(value: CellValue) -> object:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _same(old: CellValue, new: CellValue) -> bool:
    """True when writing `new` over `old` would change nothing a reader sees."""
    if old is None or new is None or old == "" or new == "":
        return is_blank(old) and is_blank(new)
    if isinstance(old, bool) or isinstance(new, bool):
        return type(old) is type(new) and old == new
    if isinstance(old, (int, float)) and isinstance(new, (int, float)):
        return old == new
    return type(old) is type(new) and old == new


def _drop_calc_chain(build: _Build) -> None:
    """Excel rebuilds the calculation chain; a stale one naming an overwritten formula cell
    makes it offer a repair."""
    rels_part = rels_path(build.pkg.workbook_part)
    rels = parse_rels(build.get(rels_part) or b"", build.pkg.workbook_part)
    chain = [r for r in rels if r.type == REL_CALC_CHAIN]
    if not chain:
        return
    build.put(rels_part, remove_relationships(build.get(rels_part) or b"", {r.rid for r in chain}))
    build.put(CONTENT_TYPES, remove_content_type_overrides(build.get(CONTENT_TYPES) or b"", {r.target for r in chain}))
    for r in chain:
        build.delete(r.target)


def _new_sheet(build: _Build, name: str) -> str:
    """Add an empty worksheet entry named `name` at the end of the workbook; its part name."""
    part = build.pkg.free_part("xl/worksheets/sheet{n}.xml", build.taken())
    wb_part = build.pkg.workbook_part
    rels_part = rels_path(wb_part)
    rels_data = build.get(rels_part) or b""
    rid = free_rid(parse_rels(rels_data, wb_part))
    build.put(rels_part, add_relationship(rels_data, rid, REL_WORKSHEET, relative_target(wb_part, part)))
    wb = build.get(wb_part) or b""
    ids = [int(x) for x in re.findall(rb'<(?:\w+:)?sheet\b[^>]*?\ssheetId="(\d+)"', wb)]
    sheet_id = max(ids, default=0) + 1
    root = re.search(rb"<(\w+:)?workbook\b[^>]*>", wb)
    prefix = (root.group(1) or b"").decode() if root else ""
    rel_prefix = re.search(
        rb'xmlns:(\w+)="http://schemas.openxmlformats.org/officeDocument/2006/relationships"', root.group(0) if root else b"")
    if rel_prefix:
        rid_attr = f'{rel_prefix.group(1).decode()}:id="{rid}"'
    else:
        rid_attr = f'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="{rid}"'
    entry = f"<{prefix}sheet name={xml_attr(name)} sheetId=\"{sheet_id}\" {rid_attr}/>".encode()
    build.put(wb_part, insert_before_close(wb, b"sheets", entry))
    build.put(CONTENT_TYPES, add_content_type_override(build.get(CONTENT_TYPES) or b"", part, CT_WORKSHEET))
    build.pkg.sheets.append(SheetRef(name, sheet_id, rid, part))
    return part


def _drop_sheet_parts(build: _Build, part: str) -> None:
    """Remove what an old toolkit tab pointed at (drawings with their charts, comments)."""
    sheet_rels = rels_path(part)
    data = build.get(sheet_rels)
    if data is None:
        return
    gone: set[str] = set()
    for rel in parse_rels(data, part):
        if rel.external:
            continue
        if rel.type.endswith(("/drawing", "/comments", "/vmlDrawing", "/printerSettings")):
            gone.add(rel.target)
            inner = build.get(rels_path(rel.target))
            if inner is not None:
                for sub in parse_rels(inner, rel.target):
                    if not sub.external and sub.type.endswith(("/chart", "/image", "/chartUserShapes")):
                        gone.add(sub.target)
                        gone.add(rels_path(sub.target))
                gone.add(rels_path(rel.target))
    for p in gone:
        build.delete(p)
    build.delete(sheet_rels)
    build.put(CONTENT_TYPES, remove_content_type_overrides(build.get(CONTENT_TYPES) or b"", gone))


def _replace_tab(build: _Build, content: SheetContent) -> None:
    if not valid_sheet_name(content.name):
        raise BadToolkitTab(content.name)
    ref = build.pkg.sheet(content.name)
    if ref is not None:
        part = ref.part
        _drop_sheet_parts(build, part)
    else:
        part = _new_sheet(build, content.name)
    drawing_rid = None
    if content.charts:
        parts = chart_parts(content.name, content.rows, content.charts)
        drawing = build.pkg.free_part("xl/drawings/drawing{n}.xml", build.taken())
        links = []
        types = build.get(CONTENT_TYPES) or b""
        for rid, index in parts.drawing_rels:
            chart = build.pkg.free_part("xl/charts/chart{n}.xml", build.taken())
            build.put(chart, parts.charts[index])
            types = add_content_type_override(types, chart, CT_CHART)
            links.append((rid, relative_target(drawing, chart)))
        build.put(drawing, parts.drawing)
        build.put(rels_path(drawing), drawing_rels_xml(links))
        types = add_content_type_override(types, drawing, CT_DRAWING)
        build.put(CONTENT_TYPES, types)
        drawing_rid = "rId1"
        build.put(rels_path(part), add_relationship(None, drawing_rid, REL_DRAWING, relative_target(part, drawing)))
    build.put(part, sheet_xml(content, build.styles, build.date1904, drawing_rid))


def _append(build: _Build, snapshot: Snapshot, name: str, rows: list[tuple[CellValue, ...]],
            read_table: Callable[[str], Table]) -> int:
    ref = build.pkg.sheet(name)
    layout = TABS_BY_NAME.get(name)
    if ref is None:
        headers = layout.headers if layout else ()
        widths = tuple(c.width for c in layout.columns) if layout else ()
        body = ((tuple(headers),) if headers else ()) + tuple(rows)
        _replace_tab(build, SheetContent(name, body, widths, (0,) if headers else ()))
        return len(rows)
    table = snapshot.table(name) or read_table(name)
    start = max(table.row_numbers, default=table.header_row) + 1
    edits: dict[int, dict[int, Edit]] = {}
    for i, row in enumerate(rows):
        cells = {c: Edit(v) for c, v in enumerate(row) if not is_blank(v)}
        if cells:
            edits[start + i] = cells
    if edits:
        part = build.get(ref.part) or b""
        build.put(ref.part, SheetPatcher(part, build.styles, build.date1904).apply(edits).data)
    return len(rows)
