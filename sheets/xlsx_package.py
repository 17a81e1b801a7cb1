"""The .xlsx/.xlsm package: zip members, the workbook's sheet map, and a raw-copying zip writer.

Writing a register must leave every part it does not change byte for byte as it was. Python's
`zipfile` can only recompress, so `PackageWriter` writes the zip itself: untouched members are
copied as their raw compressed bytes (same CRC, same method, same timestamp), changed or new
members are deflated. Parts are changed by small text insertions, never by re-serialising a
parsed tree, so namespaces, prefixes and extension lists the toolkit does not know survive.
"""

from __future__ import annotations

import hashlib
import posixpath
import queue
import re
import struct
import tempfile
import threading
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_WORKSHEET = REL_NS + "/worksheet"
REL_DRAWING = REL_NS + "/drawing"
REL_CHART = REL_NS + "/chart"
REL_CALC_CHAIN = REL_NS + "/calcChain"
CT_WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
CT_DRAWING = "application/vnd.openxmlformats-officedocument.drawing+xml"
CT_CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"

_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")
_CENTRAL_HEADER = struct.Struct("<4s4B4HL2L5H2L")
_END_RECORD = struct.Struct("<4s4H2LH")

_ATTR = re.compile(rb'([\w:.-]+)\s*=\s*("[^"]*"|\'[^\']*\')')


def attrs(tag: bytes) -> dict[str, str]:
    """Attributes of one start tag, prefixes kept (`r:id`), entities left as written."""
    return {k.decode(): v[1:-1].decode("utf-8") for k, v in _ATTR.findall(tag)}


def xml_unescape(text: str) -> str:
    """An attribute value as written (`&amp;`, `&quot;`...) back to its text."""
    if "&" not in text:  # most tab names: nothing to do, and no import of xml.sax (below)
        return text
    from xml.sax.saxutils import unescape  # imports urllib.request, http.client, ssl and email

    return unescape(text, {"&quot;": '"', "&apos;": "'"})


FINGERPRINT_COMMON = ("xl/sharedstrings.xml", "xl/styles.xml")  # lower case


def tab_fingerprint(part: tuple[int, int], common: Iterable[tuple[str, int, int]]) -> str:
    """A tab's fingerprint: from its sheet part's (size, CRC-32) and the (name, size, CRC-32) of
    the package's shared strings and styles (a text cell may change in sharedStrings.xml alone,
    a cell's look in styles.xml alone). 12 hex digits: short enough for the Log row staff read."""
    tail = ".".join(f"{size:x}.{crc:08x}" for _, size, crc in sorted(common)) or "-"
    return hashlib.sha256(f"{part[0]:x}.{part[1]:08x}.{tail}".encode()).hexdigest()[:12]


_ATTR_PLAIN_BAD = re.compile('[&<>"\n\r\t]')


def xml_attr(value: str) -> str:
    """An XML attribute value with its quotes (xml.sax.saxutils.quoteattr, with a fast path for
    text that needs no escaping: a hyperlink per row of "Perlu Tindakan")."""
    if _ATTR_PLAIN_BAD.search(value) is None:
        return f'"{value}"'
    from xml.sax.saxutils import quoteattr  # see xml_unescape

    return quoteattr(value)


@dataclass(frozen=True)
class Relationship:
    rid: str
    type: str
    target: str  # resolved part name, no leading slash ("xl/worksheets/sheet1.xml")
    external: bool = False


def rels_path(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def parse_rels(data: bytes, source_part: str) -> list[Relationship]:
    base = posixpath.dirname(source_part)
    out = []
    for m in re.finditer(rb"<(?:\w+:)?Relationship\b[^>]*>", data):
        a = attrs(m.group(0))
        external = a.get("TargetMode") == "External"
        target = a.get("Target", "")
        if not external:
            target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
        out.append(Relationship(a.get("Id", ""), a.get("Type", ""), target, external))
    return out


def relative_target(source_part: str, target_part: str) -> str:
    return posixpath.relpath(target_part, posixpath.dirname(source_part) or ".")


def add_relationship(data: bytes | None, rid: str, rel_type: str, target: str) -> bytes:
    """`data` (a .rels part, or None for a new one) with one more relationship."""
    entry = f'<Relationship Id={xml_attr(rid)} Type={xml_attr(rel_type)} Target={xml_attr(target)}/>'.encode()
    if data is None:
        return (
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + entry + b"</Relationships>"
        )
    return insert_before_close(data, b"Relationships", entry)


def remove_relationships(data: bytes, rids: set[str]) -> bytes:
    def drop(m: re.Match[bytes]) -> bytes:
        return b"" if attrs(m.group(0)).get("Id") in rids else m.group(0)

    return re.sub(rb"<(?:\w+:)?Relationship\b[^>]*?(?:/>|>.*?</(?:\w+:)?Relationship>)", drop, data, flags=re.S)


def free_rid(existing: list[Relationship]) -> str:
    used = {r.rid for r in existing}
    n = len(used) + 1
    while f"rId{n}" in used:
        n += 1
    return f"rId{n}"


def insert_before_close(data: bytes, local_name: bytes, fragment: bytes) -> bytes:
    """Insert `fragment` just before the closing tag of the last `local_name` element.

    A self-closed element (`<sheets/>`) is opened up first.
    """
    close = re.compile(rb"</(\w+:)?" + local_name + rb"\s*>")
    matches = list(close.finditer(data))
    last = matches[-1] if matches else None
    if last is not None:
        return data[: last.start()] + fragment + data[last.start():]
    empty = re.search(rb"<(\w+:)?" + local_name + rb"\b([^>]*?)/>", data)
    if empty is None:
        raise ValueError(f"element {local_name.decode()} not found")
    prefix = empty.group(1) or b""
    opened = b"<" + prefix + local_name + empty.group(2) + b">" + fragment + b"</" + prefix + local_name + b">"
    return data[: empty.start()] + opened + data[empty.end():]


def add_content_type_override(data: bytes, part: str, content_type: str) -> bytes:
    entry = f'<Override PartName={xml_attr("/" + part)} ContentType={xml_attr(content_type)}/>'.encode()
    return insert_before_close(data, b"Types", entry)


def remove_content_type_overrides(data: bytes, parts: set[str]) -> bytes:
    names = {"/" + p for p in parts}

    def drop(m: re.Match[bytes]) -> bytes:
        return b"" if attrs(m.group(0)).get("PartName") in names else m.group(0)

    return re.sub(rb"<(?:\w+:)?Override\b[^>]*?/>", drop, data)


@dataclass(frozen=True)
class SheetRef:
    name: str
    sheet_id: int
    rid: str
    part: str  # "xl/worksheets/sheet1.xml"; "" for a chartsheet or a broken link


class Package:
    """A read-only view of the register's zip: members, and where each worksheet lives."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.zip = zipfile.ZipFile(path)
        self.infos = {i.filename: i for i in self.zip.infolist()}
        self.workbook_part = self._workbook_part()
        self.workbook_xml = self.read(self.workbook_part)
        self.workbook_rels = parse_rels(self.read(rels_path(self.workbook_part)), self.workbook_part)
        self.sheets = self._sheets()

    def close(self) -> None:
        self.zip.close()

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def read(self, part: str) -> bytes:
        return self.zip.read(part)

    def has(self, part: str) -> bool:
        return part in self.infos

    def _workbook_part(self) -> str:
        for rel in parse_rels(self.read("_rels/.rels"), ""):
            if rel.type.endswith("/officeDocument"):
                return rel.target
        raise KeyError("officeDocument relationship")

    def _sheets(self) -> list[SheetRef]:
        by_id = {r.rid: r for r in self.workbook_rels}
        out = []
        for m in re.finditer(rb"<(?:\w+:)?sheet\b[^>]*>", self.workbook_xml):
            a = attrs(m.group(0))
            rid = next((v for k, v in a.items() if k.endswith(":id")), "")
            rel = by_id.get(rid)
            part = rel.target if rel is not None and rel.type == REL_WORKSHEET else ""
            name = xml_unescape(a.get("name", ""))
            out.append(SheetRef(name, int(a.get("sheetId", "0") or 0), rid, part))
        return out

    def sheet(self, name: str) -> SheetRef | None:
        return next((s for s in self.sheets if s.name == name and s.part), None)

    def uses_1904(self) -> bool:
        m = re.search(rb"<(?:\w+:)?workbookPr\b[^>]*>", self.workbook_xml)
        return bool(m) and attrs(m.group(0)).get("date1904") in ("1", "true")

    def free_part(self, pattern: str, taken: set[str]) -> str:
        """The first "xl/charts/chart{n}.xml"-style name used neither here nor in `taken`."""
        n = 1
        while (name := pattern.format(n=n)) in self.infos or name in taken:
            n += 1
        return name

    def raw_entries(self) -> Iterator[zipfile.ZipInfo]:
        return iter(self.zip.infolist())


class PackageWriter:
    """A minimal zip writer: raw copies of untouched members, deflated new ones."""

    def __init__(self, out: BinaryIO) -> None:
        self.out = out
        self.central: list[bytes] = []

    def copy_raw(self, source: BinaryIO, info: zipfile.ZipInfo) -> None:
        source.seek(info.header_offset)
        header = _LOCAL_HEADER.unpack(source.read(_LOCAL_HEADER.size))
        name = source.read(header[10])
        source.seek(header[11], 1)
        flags = info.flag_bits & ~0x08  # sizes go in the local header: no data descriptor
        dos_time, dos_date = _dos(info.date_time)
        self._entry(name, info.compress_type, flags, dos_time, dos_date, info.CRC, info.compress_size,
                    info.file_size, info.external_attr, lambda: _chunks(source, info.compress_size))

    def add(self, name: str, data: bytes, level: int = 6, date_time: tuple[int, ...] = (1980, 1, 1, 0, 0, 0)) -> None:
        compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
        packed = compressor.compress(data) + compressor.flush()
        encoded = name.encode("utf-8")
        flags = 0x800 if not encoded.isascii() else 0
        dos_time, dos_date = _dos(date_time)
        self._entry(encoded, zipfile.ZIP_DEFLATED, flags, dos_time, dos_date, zlib.crc32(data), len(packed),
                    len(data), 0o600 << 16, lambda: iter((packed,)))

    def add_deflated(self, name: str, part: DeflatedPart, date_time: tuple[int, ...] = (1980, 1, 1, 0, 0, 0)) -> None:
        """A member already deflated by `deflate_stream` (same header fields as `add`)."""
        encoded = name.encode("utf-8")
        flags = 0x800 if not encoded.isascii() else 0
        dos_time, dos_date = _dos(date_time)
        self._entry(encoded, zipfile.ZIP_DEFLATED, flags, dos_time, dos_date, part.crc, part.csize,
                    part.usize, 0o600 << 16, part.chunks)

    def _entry(self, name: bytes, method: int, flags: int, dos_time: int, dos_date: int, crc: int,
               csize: int, usize: int, external_attr: int, body: object) -> None:
        if max(csize, usize, self.out.tell()) >= 0xFFFFFFFF:
            raise ValueError("zip64 not supported")
        offset = self.out.tell()
        self.out.write(_LOCAL_HEADER.pack(b"PK\x03\x04", 20, 0, flags, method, dos_time, dos_date,
                                          crc, csize, usize, len(name), 0))
        self.out.write(name)
        for chunk in body():  # type: ignore[operator]
            self.out.write(chunk)
        self.central.append(
            _CENTRAL_HEADER.pack(b"PK\x01\x02", 20, 0, 20, 0, flags, method, dos_time, dos_date, crc, csize,
                                 usize, len(name), 0, 0, 0, 0, external_attr & 0xFFFFFFFF, offset) + name
        )

    def close(self) -> None:
        start = self.out.tell()
        for entry in self.central:
            self.out.write(entry)
        size = self.out.tell() - start
        count = len(self.central)
        self.out.write(_END_RECORD.pack(b"PK\x05\x06", 0, 0, count, count, size, start, 0))


def _chunks(source: BinaryIO, size: int, step: int = 1 << 20) -> Iterator[bytes]:
    left = size
    while left > 0:
        chunk = source.read(min(step, left))
        if not chunk:
            raise ValueError("zip member truncated")
        left -= len(chunk)
        yield chunk


def _dos(date_time: tuple[int, ...]) -> tuple[int, int]:
    y, mo, d, h, mi, s = date_time[:6]
    return (h << 11) | (mi << 5) | (s // 2), (max(y, 1980) - 1980) << 9 | (mo << 5) | d


class DeflatedPart:
    """A member's data deflated (raw, as in a zip) into a temporary file, with its CRC and sizes."""

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile()
        self.crc = 0
        self.csize = 0
        self.usize = 0

    def chunks(self) -> Iterator[bytes]:
        self.file.seek(0)
        return _chunks(self.file, self.csize)

    def data(self) -> bytes:
        inflater = zlib.decompressobj(-15)
        return b"".join(inflater.decompress(c) for c in self.chunks()) + inflater.flush()

    def close(self) -> None:
        self.file.close()


def deflate_stream(pieces: Iterable[bytes], level: int) -> DeflatedPart:
    """Deflate `pieces` into a DeflatedPart as they come. zlib releases the GIL, so the
    compression runs in a second thread while the caller produces the next pieces (a big
    patched sheet is made and compressed at once, on two cores, never held whole)."""
    part = DeflatedPart()
    todo: queue.Queue[bytes | None] = queue.Queue(maxsize=8)
    failed: list[BaseException] = []

    def work() -> None:
        deflater = zlib.compressobj(level, zlib.DEFLATED, -15)
        crc, usize, csize = 0, 0, 0
        while (piece := todo.get()) is not None:
            if failed:
                continue  # keep draining so the producer never blocks
            try:
                crc = zlib.crc32(piece, crc)
                usize += len(piece)
                packed = deflater.compress(piece)
                csize += len(packed)
                part.file.write(packed)
            except BaseException as e:  # noqa: BLE001 - handed to the producer below
                failed.append(e)
        if not failed:
            try:
                packed = deflater.flush()
                csize += len(packed)
                part.file.write(packed)
                part.file.flush()
            except BaseException as e:  # noqa: BLE001
                failed.append(e)
        part.crc, part.usize, part.csize = crc, usize, csize

    worker = threading.Thread(target=work, name="deflate", daemon=True)
    worker.start()
    ok = False
    try:
        batch: list[bytes] = []
        size = 0
        for piece in pieces:
            if failed:
                break
            if len(piece) >= 1 << 18:  # big enough alone: no copy into a batch
                if batch:
                    todo.put(b"".join(batch))
                    batch, size = [], 0
                todo.put(piece)
                continue
            batch.append(piece)
            size += len(piece)
            if size >= 1 << 20:
                todo.put(b"".join(batch))
                batch, size = [], 0
        if batch:
            todo.put(b"".join(batch))
        ok = True
    finally:
        todo.put(None)
        worker.join()
        if not ok or failed:
            part.close()
    if failed:
        raise failed[0]
    return part
