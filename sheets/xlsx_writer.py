"""One write to an .xlsx/.xlsm register: plan the cell edits, patch the parts, build the new zip.

Called by ExcelBackend with the output file already open; the backend owns locking, the
token check, the backup and the atomic replace. Rows are located against the snapshot, which
is the file as it is now (the token proved nothing changed), with `sheets.memory.locate`.
"""

from __future__ import annotations

import dataclasses
import re
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from sheets.errors import RegisterError, TabFull, TabMissing
from sheets.layout import TABS_BY_NAME, normalize_header
from sheets.memory import SKIP_NOT_FOUND, is_blank, locate, row_matches
from sheets.model import (
    FINGERPRINT_SLOT_XML,
    CellValue,
    CellWrite,
    SheetContent,
    SkippedWrite,
    Snapshot,
    Table,
    WriteReport,
    WriteSet,
)
from sheets.xlsx_guard import EXCEL_ROWS
from sheets.xlsx_package import (
    CT_CHART,
    CT_DRAWING,
    CT_WORKSHEET,
    FINGERPRINT_COMMON,
    REL_CALC_CHAIN,
    REL_DRAWING,
    REL_WORKSHEET,
    DeflatedPart,
    Package,
    PackageWriter,
    SheetRef,
    add_content_type_override,
    add_relationship,
    deflate_stream,
    free_rid,
    insert_before_close,
    parse_rels,
    relative_target,
    rels_path,
    remove_content_type_overrides,
    remove_relationships,
    tab_fingerprint,
    xml_attr,
    xml_unescape,
)
from sheets.xlsx_patch import Edit, PatchResult, SheetPatcher, row_styles
from sheets.xlsx_styles import StyleBook
from sheets.xlsx_tabs import chart_parts, drawing_rels_xml, sheet_xml_pieces, valid_sheet_name

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


SKIP_FORMULA = "sel berisi rumus bersama/array; tidak ditimpa"
SKIP_STAFF_FORMULA = "sel berisi rumus staf; tidak diisi (hapus rumusnya bila nomor harus diberikan toolkit)"
SKIP_MERGED = "sel digabung (merge) dengan sel lain; tidak ditulis (pisahkan gabungan selnya)"


class _Build:
    """The parts that change during one write."""

    def __init__(self, pkg: Package) -> None:
        self.pkg = pkg
        self.modified: dict[str, bytes] = {}
        self.added: dict[str, bytes] = {}
        self.deleted: set[str] = set()
        self.streamed: dict[str, DeflatedPart] = {}  # big patched sheets, already deflated
        styles_rel = next((r for r in pkg.workbook_rels if r.type.endswith("/styles")), None)
        self.styles_part = styles_rel.target if styles_rel else None
        self.styles = StyleBook(pkg.read(self.styles_part) if self.styles_part and pkg.has(self.styles_part) else None)
        self.date1904 = pkg.uses_1904()

    def get(self, part: str) -> bytes | None:
        if part in self.added:
            return self.added[part]
        if part in self.modified:
            return self.modified[part]
        if part in self.streamed:
            return self.streamed[part].data()
        if part in self.deleted or not self.pkg.has(part):
            return None
        return self.pkg.read(part)

    def put(self, part: str, data: bytes) -> None:
        self.deleted.discard(part)
        self._drop_streamed(part)
        if self.pkg.has(part):
            self.modified[part] = data
        else:
            self.added[part] = data

    def put_streamed(self, part: str, data: DeflatedPart) -> None:
        """A changed or new part, given deflated (see `deflate_stream`)."""
        self.deleted.discard(part)
        self.modified.pop(part, None)
        self.added.pop(part, None)
        self._drop_streamed(part)
        self.streamed[part] = data

    def _drop_streamed(self, part: str) -> None:
        old = self.streamed.pop(part, None)
        if old is not None:
            old.close()

    def close(self) -> None:
        for part in list(self.streamed):
            self._drop_streamed(part)

    def delete(self, part: str) -> None:
        self._drop_streamed(part)
        self.modified.pop(part, None)
        self.added.pop(part, None)
        if self.pkg.has(part):
            self.deleted.add(part)

    def taken(self) -> set[str]:
        return set(self.added) | set(self.modified) | set(self.streamed)

    def write(self, source: BinaryIO, out: BinaryIO) -> None:
        writer = PackageWriter(out)
        for info in self.pkg.raw_entries():
            name = info.filename
            if name in self.deleted:
                continue
            if name in self.streamed:
                writer.add_deflated(name, self.streamed[name], date_time=info.date_time)
            elif name in self.modified:
                data = self.modified[name]
                writer.add(name, data, level=_deflate_level(len(data)), date_time=info.date_time)
            else:
                writer.copy_raw(source, info)
        for name, data in self.added.items():
            writer.add(name, data, level=_deflate_level(len(data)))
        for name, packed in self.streamed.items():  # big new tabs, already deflated
            if not self.pkg.has(name):
                writer.add_deflated(name, packed)
        writer.close()


def plan_and_build(path: Path, snapshot: Snapshot, changes: WriteSet, out: BinaryIO,
                   read_table: Callable[[str], Table]) -> Outcome:
    """Patch the register at `path` per `changes` and write the new package to `out`."""
    outcome = Outcome()
    with Package(str(path)) as pkg:
        build = _Build(pkg)
        try:
            return _plan_and_build(build, path, snapshot, changes, out, read_table, outcome)
        finally:
            build.close()


def _plan_and_build(build: _Build, path: Path, snapshot: Snapshot, changes: WriteSet, out: BinaryIO,
                    read_table: Callable[[str], Table], outcome: Outcome) -> Outcome:
    _cells(build, snapshot, changes.cells, read_table, outcome, str(path))
    appends = {k: list(v) for k, v in changes.append_rows.items() if v}
    for content in changes.replace_tabs:
        rows = list(content.rows) + appends.pop(content.name, [])
        _replace_tab(build, dataclasses.replace(content, rows=tuple(rows)))
        outcome.replaced.append(content.name)
    for name, rows in appends.items():
        outcome.appended += _append(build, snapshot, name, rows, read_table)
    if not build.modified and not build.added and not build.deleted and not build.streamed:
        outcome.nothing_to_do = True
        return outcome
    if build.styles.changed and build.styles_part:
        build.put(build.styles_part, build.styles.to_bytes())
    _fill_fingerprint_slots(build, changes)  # last: every other part is final now
    with open(path, "rb") as source:
        build.write(source, out)
    return outcome


def _fill_fingerprint_slots(build: _Build, changes: WriteSet) -> None:
    """Each `fingerprint_slot(tab)` in an appended row becomes "@" and `tab`'s fingerprint in
    the package being written (sheets.excel.tab_fingerprints of the new file gives the same),
    or "" when the tab is not there. Only appended rows may hold slots; their tabs are not
    fingerprinted themselves (a job stamps other tabs), so filling them changes no fingerprint."""
    def size_crc(part: str) -> tuple[int, int] | None:
        if part in build.streamed:
            packed = build.streamed[part]
            return packed.usize, packed.crc
        data = build.added.get(part, build.modified.get(part))
        if data is not None:
            return len(data), zlib.crc32(data)
        if part in build.deleted or not build.pkg.has(part):
            return None
        info = build.pkg.infos[part]
        return info.file_size, info.CRC

    names = {p for p in (*build.pkg.infos, *build.added, *build.streamed) if p not in build.deleted}
    common = [(p, *sc) for p in names if p.lower() in FINGERPRINT_COMMON and (sc := size_crc(p)) is not None]

    def fill(m: re.Match[bytes]) -> bytes:
        ref = build.pkg.sheet(xml_unescape(m.group(1).decode("utf-8", "replace")))
        sc = size_crc(ref.part) if ref is not None and ref.part else None
        return b"" if sc is None else b"@" + tab_fingerprint(sc, common).encode()

    for name in changes.append_rows:
        ref = build.pkg.sheet(name)
        data = build.get(ref.part) if ref is not None and ref.part else None
        if data is not None:
            filled = FINGERPRINT_SLOT_XML.sub(fill, data)
            if filled != data:
                build.put(ref.part, filled)  # type: ignore[union-attr]


READ_CHUNK = 1 << 20
STREAM_TAB_ROWS = 5000  # a toolkit tab longer than this is deflated while it is made
TAB_ROW_BYTES = 400  # about one row of a toolkit tab's XML ("Perlu Tindakan": ~800): picks the deflate level


def _deflate_level(size: int) -> int:
    """Big sheets: fast deflate (a few % larger, several times quicker than level 6)."""
    return 1 if size > 4_000_000 else 6


def _cells(build: _Build, snapshot: Snapshot, writes: list[CellWrite], read_table: Callable[[str], Table],
           outcome: Outcome, where: str) -> None:
    by_tab: dict[str, list[CellWrite]] = {}
    for w in writes:
        tab_list = by_tab.get(w.tab)
        if tab_list is None:
            tab_list = by_tab[w.tab] = []
        tab_list.append(w)
    for tab, tab_writes in by_tab.items():
        ref = build.pkg.sheet(tab)
        if ref is None:
            raise TabMissing(where, tab)
        table = snapshot.table(tab) or read_table(tab)
        edits = _plan(table, tab_writes, outcome, _MergedIndex(snapshot.merged.get(tab, ())))
        del tab_writes
        if not edits:
            continue
        layout = TABS_BY_NAME.get(tab)
        staff = {normalize_header(c.header) for c in layout.columns if not c.is_toolkit} if layout else set()
        protect = frozenset(i for i, h in enumerate(table.headers) if normalize_header(h) in staff)
        _patch_sheet(build, ref.part, edits, outcome, protect)


class _MergedIndex:
    """Merged ranges by column: is (row, col) inside a range of more than one cell?"""

    def __init__(self, ranges: tuple[tuple[int, int, int, int], ...]) -> None:
        self.by_col: dict[int, list[tuple[int, int]]] = {}
        for r1, c1, r2, c2 in ranges:
            if (r1, c1) == (r2, c2) or c2 - c1 > 16_384:
                continue
            for c in range(min(c1, c2), max(c1, c2) + 1):
                self.by_col.setdefault(c, []).append((min(r1, r2), max(r1, r2)))

    def __contains__(self, cell: tuple[int, int]) -> bool:
        spans = self.by_col.get(cell[1])
        return bool(spans) and any(lo <= cell[0] <= hi for lo, hi in spans)  # type: ignore[union-attr]


def _plan(table: Table, writes: list[CellWrite], outcome: Outcome,
          merged: _MergedIndex | None = None) -> dict[int, dict[int, object]]:
    """{row: {col: CellWrite or Edit}}: the cells of `table` that `writes` change.

    The jobs' CellWrite objects are kept as they are (a million for a 100k-row run): no other
    object is made per cell."""
    headers = list(table.headers)
    positions = {normalize_header(h): i for i, h in reversed(list(enumerate(headers))) if h}
    grid = table.rows_by_number()
    edits: dict[int, dict[int, object]] = {}
    found: dict[tuple[int, tuple[tuple[str, CellValue], ...]], int | None] = {}
    columns: dict[str, int] = {}
    last_row: int | None = None
    last_match: object = None
    target: int | None = None
    row: Sequence[CellValue] = ()
    row_edits: dict[int, object] = {}
    for w in writes:
        col = columns.get(w.header)
        if col is None:
            found_col = positions.get(normalize_header(w.header))
            if found_col is None:
                found_col = len(headers)
                headers.append(w.header)
                positions[normalize_header(w.header)] = found_col
                edits.setdefault(table.header_row, {})[found_col] = Edit(w.header, like_left=True)
                if table.header_row == target:
                    row_edits = edits[target]
            col = columns[w.header] = found_col
        if w.row != last_row or w.match is not last_match:  # a job writes a row's cells together
            last_row, last_match = w.row, w.match
            key = (w.row, w.match)
            if key in found:
                target = found[key]
            else:
                target = found[key] = w.row if _still_there(positions, grid.get(w.row), w) else locate(headers, grid, w)
            if target is not None:
                row = grid.get(target, ())
                row_edits = edits.get(target) or {}
        if target is None:
            outcome.skipped.append(SkippedWrite(w, SKIP_NOT_FOUND))
            continue
        if merged is not None and merged.by_col and (target, col) in merged:
            outcome.skipped.append(SkippedWrite(w, SKIP_MERGED))
            continue
        old = row[col] if col < len(row) else None
        value = w.value
        if old is None:
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
        elif _same(old, value):
            continue
        if not row_edits:
            row_edits = edits.setdefault(target, row_edits)
        row_edits[col] = w
    return {n: cells for n, cells in edits.items() if cells}


def _patch_sheet(build: _Build, part: str, edits: dict[int, dict[int, object]], outcome: Outcome,
                 protect: frozenset[int] = frozenset()) -> None:
    """Patch `part` per `edits`, streaming it from the zip through the patcher into a deflated
    temporary part: neither the sheet's XML nor its patched copy is ever held whole. A formula
    in a staff column (`protect`) is never replaced, whatever it evaluates to."""
    patcher = SheetPatcher(build.styles, build.date1904, protect)
    result = PatchResult(b"")
    info = build.pkg.infos[part]
    with build.pkg.zip.open(info) as member:
        chunks = iter(lambda: member.read(READ_CHUNK), b"")
        packed = deflate_stream(patcher.stream(chunks, edits, result), _deflate_level(info.file_size))
    build.put_streamed(part, packed)
    written = 0
    for n, cells in edits.items():
        for col, edit in cells.items():
            if type(edit) is Edit:
                continue
            if (n, col) in result.refused:
                why = SKIP_STAFF_FORMULA if col in protect else SKIP_FORMULA
                outcome.skipped.append(SkippedWrite(edit, why))  # type: ignore[arg-type]
            else:
                written += 1
    outcome.written += written
    if result.overwrote_formula:
        _drop_calc_chain(build)


def _still_there(positions: dict[str, int], row: Sequence[CellValue] | None, w: CellWrite) -> bool:
    """The quick case of `locate`: the row read at `w.row` still has the `match` values."""
    if row is None or not w.match:
        return not w.match
    at = [positions.get(normalize_header(header)) for header, _ in w.match]
    return None not in at and row_matches(row, w.match, at)  # type: ignore[arg-type]


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
    gone.add(sheet_rels)  # LibreOffice lists every .rels part in [Content_Types].xml: drop that entry too
    for p in gone:
        build.delete(p)
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
    pieces = sheet_xml_pieces(content, build.styles, build.date1904, drawing_rid)
    if len(content.rows) > STREAM_TAB_ROWS:  # deflated as it is made, never held whole
        build.put_streamed(part, deflate_stream(pieces, _deflate_level(len(content.rows) * TAB_ROW_BYTES)))
    else:
        build.put(part, b"".join(pieces))


def _append(build: _Build, snapshot: Snapshot, name: str, rows: list[tuple[CellValue, ...]],
            read_table: Callable[[str], Table]) -> int:
    ref = build.pkg.sheet(name)
    layout = TABS_BY_NAME.get(name)
    if ref is None:
        headers = layout.headers if layout else ()
        widths = tuple(c.width for c in layout.columns) if layout else ()
        body = ((tuple(headers),) if headers else ()) + tuple(rows)
        _replace_tab(build, SheetContent(name, body, widths, (0,) if headers else (),
                                         form=layout.form if layout else None))
        return len(rows)
    table = snapshot.table(name) or read_table(name)
    start = max(table.row_numbers, default=table.header_row) + 1
    if start + len(rows) - 1 > EXCEL_ROWS:
        raise TabFull(str(build.pkg.path), name, start - 1)
    part = build.get(ref.part) or b""
    # new rows look like the last one (its styles, which for a date column already show dates:
    # no style is added to the workbook run after run)
    above = row_styles(part, start - 1) if start - 1 > table.header_row else {}
    edits: dict[int, dict[int, object]] = {}
    for i, row in enumerate(rows):
        cells = {c: Edit(v, above.get(c)) for c, v in enumerate(row) if not is_blank(v)}
        if cells:
            edits[start + i] = cells
    if edits:
        build.put(ref.part, SheetPatcher(build.styles, build.date1904).apply(part, edits).data)
    return len(rows)
