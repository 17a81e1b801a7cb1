"""The few cell styles the toolkit needs, added to styles.xml only when it needs them.

A toolkit date must be a real date (staff sort and filter on it), so it is written as a serial
number with a date number format. When the cell's own style already shows dates it is kept;
otherwise that style is cloned with the format swapped, so a grey toolkit fill stays grey.
Additions are appended (one `numFmt`, cloned `xf` entries, one bold font) and the counts
updated; nothing else in styles.xml moves.
"""

from __future__ import annotations

import re

from sheets.xlsx_package import attrs, insert_before_close, xml_attr, xml_unescape

DATE_FORMATS = {"date": "dd-mm-yyyy", "datetime": "dd-mm-yyyy hh:mm", "time": "hh:mm"}
_BUILTIN_DATES = {14: "date", 15: "date", 16: "date", 17: "date", 18: "time", 19: "time", 20: "time",
                  21: "time", 22: "datetime", 45: "time", 46: "time", 47: "time"}
_XF = re.compile(rb"<(?:\w+:)?xf\b[^>]*?(?:/>|>.*?</(?:\w+:)?xf>)", re.S)


def format_kind(code: str) -> str | None:
    """"date", "time", "datetime" or None (not a date format) for a number format code."""
    plain = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", code).lower()
    has_date = any(ch in plain for ch in "dy") or "mmm" in plain
    has_time = "h" in plain or "s" in plain
    if has_date and has_time:
        return "datetime"
    if has_date:
        return "date"
    if has_time:
        return "time"
    return None


class StyleBook:
    """styles.xml as read, plus the styles the toolkit asks for during one write."""

    def __init__(self, data: bytes | None) -> None:
        self.original = data
        self.data = data or b""
        self.usable = bool(data) and re.search(rb"<(?:\w+:)?cellXfs\b", self.data) is not None
        self.num_fmts: dict[int, str] = {}
        self.xfs: list[bytes] = []
        self.font_count = 0
        self.max_fmt_id = 163
        self.fmt_entries = 0
        if self.usable:
            # Only <numFmts> defines formats a cell style may use; a <dxf> (conditional formats,
            # tables) carries its own numFmt whose id <numFmts> never defines.
            entries = re.findall(rb"<(?:\w+:)?numFmt\b[^>]*>", _section(self.data, b"numFmts"))
            self.fmt_entries = len(entries)
            for entry in entries:
                a = attrs(entry)
                self.num_fmts[int(a.get("numFmtId", "0"))] = xml_unescape(a.get("formatCode", ""))
            # A new format's id must not collide with any id written anywhere (dxfs included).
            self.max_fmt_id = max([163, *(int(i) for i in re.findall(rb'\bnumFmtId="(\d+)"', self.data))])
            self.xfs = _XF.findall(_section(self.data, b"cellXfs"))
            self.font_count = len(re.findall(rb"<(?:\w+:)?font\b", _section(self.data, b"fonts")))
        self.new_fmts: dict[int, str] = {}
        self.new_xfs: list[bytes] = []
        self.new_fonts: list[bytes] = []
        self.extra: dict[bytes, list[bytes]] = {b"fills": [], b"borders": [], b"dxfs": []}
        self.extra_base = {name: len(re.findall(rb"<(?:\w+:)?" + name[:-1] + rb"\b", _section(self.data, name)))
                           for name in self.extra} if self.usable else {}
        self._cache: dict[tuple[int, str], int] = {}
        self._decided: dict[tuple[int | None, str], int | None] = {}

    @property
    def changed(self) -> bool:
        return bool(self.new_fmts or self.new_xfs or self.new_fonts or any(self.extra.values()))

    def kind_of(self, style: int | None) -> str | None:
        xf = self._xf(style or 0)
        if xf is None:
            return None
        fmt = int(attrs(xf).get("numFmtId", "0"))
        if fmt in _BUILTIN_DATES:
            return _BUILTIN_DATES[fmt]
        code = self.num_fmts.get(fmt) or self.new_fmts.get(fmt)
        return format_kind(code) if code else None

    def for_value(self, style: int | None, kind: str) -> int | None:
        """A style index showing a `kind` value ("date"/"datetime"/"time") based on `style`."""
        if not self.usable:
            return style
        decided = self._decided.get((style, kind), -2)
        if decided != -2:
            return decided
        if self.kind_of(style) == kind:
            self._decided[(style, kind)] = style
            return style
        key = (style or 0, kind)
        if key not in self._cache:
            base = self._xf(style or 0) or b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
            self._cache[key] = self._add_xf(_set_attrs(base, numFmtId=str(self._fmt_id(DATE_FORMATS[kind])),
                                                       applyNumberFormat="1"))
        self._decided[(style, kind)] = self._cache[key]
        return self._cache[key]

    def bold(self, kind: str | None = None) -> int | None:
        """A bold style (for header rows of toolkit tabs), optionally showing dates."""
        if not self.usable:
            return None
        key = (-1, kind or "")
        if key not in self._cache:
            font = self.font_count + len(self.new_fonts)
            self.new_fonts.append(b'<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>')
            xf = f'<xf numFmtId="0" fontId="{font}" fillId="0" borderId="0" xfId="0" applyFont="1"/>'.encode()
            if kind:
                xf = _set_attrs(xf, numFmtId=str(self._fmt_id(DATE_FORMATS[kind])), applyNumberFormat="1")
            self._cache[key] = self._add_xf(xf)
        return self._cache[key]

    def header(self, fill: str) -> int | None:
        """A header cell of a toolkit tab, as `ppid init` makes it: bold, wrapped, top-aligned,
        thin border, filled with `fill` (RGB hex)."""
        if not self.usable:
            return None
        key = (-2, "header:" + fill)
        if key not in self._cache:
            font = self._add_font(b'<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>')
            fill_id = self._add_extra(b"fills", f'<fill><patternFill patternType="solid"><fgColor rgb="FF{fill}"/>'
                                                f'<bgColor indexed="64"/></patternFill></fill>'.encode())
            border = self._add_extra(b"borders", b'<border><left style="thin"><color auto="1"/></left><right style='
                                                 b'"thin"><color auto="1"/></right><top style="thin"><color auto="1"/>'
                                                 b'</top><bottom style="thin"><color auto="1"/></bottom><diagonal/>'
                                                 b'</border>')
            self._cache[key] = self._add_xf(
                f'<xf numFmtId="0" fontId="{font}" fillId="{fill_id}" borderId="{border}" xfId="0" applyFont="1" '
                f'applyFill="1" applyBorder="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/>'
                f'</xf>'.encode())
        return self._cache[key]

    def body(self, kind: str | None = None) -> int | None:
        """A body cell of a toolkit tab with a form: top-aligned, wrapped; dates as dates."""
        if not self.usable:
            return None
        key = (-3, kind or "")
        if key not in self._cache:
            xf = (b'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
                  b'<alignment vertical="top" wrapText="1"/></xf>')
            if kind:
                xf = _set_attrs(xf, numFmtId=str(self._fmt_id(DATE_FORMATS[kind])), applyNumberFormat="1")
            self._cache[key] = self._add_xf(xf)
        return self._cache[key]

    def link(self) -> int | None:
        """A hyperlink cell: blue, underlined, top-aligned."""
        if not self.usable:
            return None
        key = (-5, "link")
        if key not in self._cache:
            font = self._add_font(b'<font><u/><sz val="11"/><color rgb="FF0563C1"/><name val="Calibri"/>'
                                  b'<family val="2"/></font>')
            self._cache[key] = self._add_xf(
                f'<xf numFmtId="0" fontId="{font}" fillId="0" borderId="0" xfId="0" applyFont="1" '
                f'applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>'.encode())
        return self._cache[key]

    def dxf(self, fill: str, font: str) -> int | None:
        """A differential format (for conditional formatting): font colour and fill."""
        if not self.usable:
            return None
        key = (-4, f"dxf:{fill}:{font}")
        if key not in self._cache:
            self._cache[key] = self._add_extra(b"dxfs", f'<dxf><font><color rgb="FF{font}"/></font><fill><patternFill>'
                                                        f'<bgColor rgb="FF{fill}"/></patternFill></fill></dxf>'.encode())
        return self._cache[key]

    def _add_font(self, font: bytes) -> int:
        self.new_fonts.append(font)
        return self.font_count + len(self.new_fonts) - 1

    def _add_extra(self, section: bytes, entry: bytes) -> int:
        self.extra[section].append(entry)
        return self.extra_base[section] + len(self.extra[section]) - 1

    def _xf(self, index: int) -> bytes | None:
        if 0 <= index < len(self.xfs):
            return self.xfs[index]
        i = index - len(self.xfs)
        return self.new_xfs[i] if 0 <= i < len(self.new_xfs) else None

    def _add_xf(self, xf: bytes) -> int:
        if xf in self.xfs:  # the same style added by an earlier run (a Log row's date): reuse it
            return self.xfs.index(xf)
        self.new_xfs.append(xf)
        return len(self.xfs) + len(self.new_xfs) - 1

    def _fmt_id(self, code: str) -> int:
        for fid, existing in {**self.num_fmts, **self.new_fmts}.items():
            if existing == code:
                return fid
        fid = max([self.max_fmt_id, *self.num_fmts, *self.new_fmts]) + 1
        self.new_fmts[fid] = code
        return fid

    def to_bytes(self) -> bytes:
        data = self.data
        if self.new_fmts:
            entries = b"".join(f'<numFmt numFmtId="{i}" formatCode={xml_attr(c)}/>'.encode()
                               for i, c in self.new_fmts.items())
            if re.search(rb"<(?:\w+:)?numFmts\b[^>]*?/>", data) or not re.search(rb"</(?:\w+:)?numFmts>", data):
                data = re.sub(rb"<(?:\w+:)?numFmts\b[^>]*?/>", b"", data)
                head = re.search(rb"<(?:\w+:)?styleSheet\b[^>]*>", data)
                assert head is not None
                data = data[: head.end()] + b'<numFmts count="0">' + entries + b"</numFmts>" + data[head.end():]
            else:
                data = insert_before_close(data, b"numFmts", entries)
            data = _recount(data, b"numFmts", self.fmt_entries + len(self.new_fmts))
        if self.new_fonts:
            data = insert_before_close(data, b"fonts", b"".join(self.new_fonts))
            data = _recount(data, b"fonts", self.font_count + len(self.new_fonts))
        for section, entries in self.extra.items():
            if entries:
                data = _append_section(data, section, b"".join(entries),
                                       self.extra_base[section] + len(entries))
        if self.new_xfs:
            data = insert_before_close(data, b"cellXfs", b"".join(self.new_xfs))
            data = _recount(data, b"cellXfs", len(self.xfs) + len(self.new_xfs))
        return data


_AFTER = {b"fills": (b"fonts",), b"borders": (b"fills", b"fonts"),
          b"dxfs": (b"cellStyles", b"cellXfs", b"cellStyleXfs", b"borders")}


def _append_section(data: bytes, name: bytes, entries: bytes, count: int) -> bytes:
    """Append `entries` to section `name` (made, in schema order, when missing or empty)."""
    if re.search(rb"</(?:\w+:)?" + name + rb">", data):
        return _recount(insert_before_close(data, name, entries), name, count)
    data = re.sub(rb"<(?:\w+:)?" + name + rb"\b[^>]*?/>", b"", data)
    block = b"<" + name + b' count="' + str(count).encode() + b'">' + entries + b"</" + name + b">"
    for before in _AFTER[name]:
        m = re.search(rb"</(?:\w+:)?" + before + rb">|<(?:\w+:)?" + before + rb"\b[^>]*?/>", data)
        if m:
            return data[: m.end()] + block + data[m.end():]
    raise ValueError(f"styles.xml has no place for {name.decode()}")


def _section(data: bytes, name: bytes) -> bytes:
    m = re.search(rb"<(?:\w+:)?" + name + rb"\b[^>]*?(?:/>|>.*?</(?:\w+:)?" + name + rb">)", data, re.S)
    return m.group(0) if m else b""


def _recount(data: bytes, name: bytes, count: int) -> bytes:
    m = re.search(rb"<(?:\w+:)?" + name + rb"\b[^>]*>", data)
    assert m is not None
    tag = m.group(0)
    if re.search(rb'\scount="\d*"', tag):
        new = re.sub(rb'\scount="\d*"', f' count="{count}"'.encode(), tag)
    else:
        new = tag[:-1] + f' count="{count}">'.encode()
    return data[: m.start()] + new + data[m.end():]


def _set_attrs(element: bytes, **values: str) -> bytes:
    end = element.index(b">")
    head = element[:end].rstrip(b"/")
    for key, value in values.items():
        pattern = rb"\s" + key.encode() + rb'="[^"]*"'
        if re.search(pattern, head):
            head = re.sub(pattern, f' {key}="{value}"'.encode(), head)
        else:
            head += f' {key}="{value}"'.encode()
    return head + element[end - (1 if element[end - 1:end] == b"/" else 0):]
