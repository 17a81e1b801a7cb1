"""A package consistency checker standing in for Microsoft Excel, which is stricter than
LibreOffice and openpyxl: where they silently repair, Excel offers to "repair" the file or shows
a date as a plain number.

`problems(path)` lists, in plain English for the test report, everything found in one
.xlsx/.xlsm package:
- every `count` attribute equals the number of its children (styles, sheets, shared strings
  `uniqueCount`, validations, merged cells, tables...);
- every numFmtId, fontId, fillId, borderId, xfId (cellXfs, cellStyleXfs, cellStyles) and every
  cell/row `s` and column `style` index points at an existing entry; a numFmtId is defined in
  `<numFmts>` or is a built-in (below 164); ids in `<numFmts>` are unique;
- a shared-string cell points at an existing `<si>`;
- `[Content_Types].xml` covers every part and names no missing part;
- every internal relationship target exists, and every .rels file belongs to an existing part;
- rows in ascending order, cells in ascending order inside a row and on their row;
- no duplicate sheet names (Excel compares them case-insensitively), sheetIds or r:ids.

tests/conftest.py runs it on every .xlsx/.xlsm a test leaves under the pytest temp folders.
"""

from __future__ import annotations

import posixpath
import re
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

R_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
FIRST_CUSTOM_FORMAT = 164
_REF = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)$")


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def problems(path: Path | str) -> list[str]:
    """Everything inconsistent in the package at `path` (empty when Excel would open it cleanly)."""
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as z:
            parts = {i.filename: z.read(i) for i in z.infolist() if not i.filename.endswith("/")}
    except (zipfile.BadZipFile, OSError) as exc:
        return [f"{path.name}: not a zip package ({exc})"]
    out: list[str] = []
    trees: dict[str, ET.Element] = {}
    for name, data in parts.items():
        if name.endswith((".xml", ".rels", ".vml")) or name == "[Content_Types].xml":
            try:
                trees[name] = ET.fromstring(data)
            except ET.ParseError as exc:
                if not name.endswith(".vml"):  # legacy VML is not always well-formed XML
                    out.append(f"{name}: not well-formed XML ({exc})")
    out += _content_types(parts, trees)
    out += _relationships(parts, trees)
    for name, tree in trees.items():
        out += _counts(name, tree)
    workbook = _workbook_part(trees)
    if workbook is None:
        out.append("no workbook part (officeDocument relationship)")
        return out
    out += _sheets(workbook, trees)
    styles = _styles(workbook, trees, out)
    strings = _shared_string_count(workbook, trees)
    for sheet in _worksheet_parts(workbook, trees):
        out += _worksheet(sheet, trees[sheet], styles, strings)
    return out


def _content_types(parts: dict[str, bytes], trees: dict[str, ET.Element]) -> list[str]:
    ct = trees.get("[Content_Types].xml")
    if ct is None:
        return ["[Content_Types].xml missing"]
    defaults = {e.get("Extension", "").lower() for e in ct if local(e.tag) == "Default"}
    overrides = {e.get("PartName", "").lstrip("/") for e in ct if local(e.tag) == "Override"}
    out = []
    for name in parts:
        if name == "[Content_Types].xml":
            continue
        ext = name.rsplit(".", 1)[-1].lower() if "." in posixpath.basename(name) else ""
        if name not in overrides and ext not in defaults:
            out.append(f"[Content_Types].xml: no content type for part {name}")
    for name in sorted(overrides - set(parts)):
        out.append(f"[Content_Types].xml: override for missing part {name}")
    return out


def _rels_source(rels_name: str) -> str:
    folder, base = posixpath.split(rels_name)
    return posixpath.join(posixpath.dirname(folder), base[: -len(".rels")])


def _targets(rels_name: str, tree: ET.Element) -> list[tuple[str, str, str, bool]]:
    """(Id, Type, resolved target, external) of each relationship in a .rels part."""
    source = _rels_source(rels_name)
    base = posixpath.dirname(source) if rels_name != "_rels/.rels" else ""
    out = []
    for rel in tree:
        target = rel.get("Target", "")
        external = rel.get("TargetMode") == "External"
        if not external:
            target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
        out.append((rel.get("Id", ""), rel.get("Type", ""), target, external))
    return out


def _relationships(parts: dict[str, bytes], trees: dict[str, ET.Element]) -> list[str]:
    out = []
    for name, tree in trees.items():
        if not name.endswith(".rels"):
            continue
        if name != "_rels/.rels" and _rels_source(name) not in parts:
            out.append(f"{name}: relationships of a missing part {_rels_source(name)}")
        ids = [rid for rid, _, _, _ in _targets(name, tree)]
        if len(ids) != len(set(ids)):
            out.append(f"{name}: duplicate relationship ids")
        for rid, _, target, external in _targets(name, tree):
            if not external and target not in parts:
                out.append(f"{name}: {rid} points at missing part {target}")
    return out


def _counts(name: str, tree: ET.Element) -> list[str]:
    out = []
    for el in tree.iter():
        tag = local(el.tag)
        # sst@count counts references to shared strings; its uniqueCount counts the <si>.
        attr = "uniqueCount" if tag == "sst" else "count"
        value = el.get(attr)
        if value is None:
            continue
        children = len(list(el))
        if not value.isdigit() or int(value) != children:
            out.append(f"{name}: <{tag} {attr}=\"{value}\"> has {children} children")
    return out


def _workbook_part(trees: dict[str, ET.Element]) -> str | None:
    root = trees.get("_rels/.rels")
    if root is None:
        return None
    for _, rtype, target, _ in _targets("_rels/.rels", root):
        if rtype.endswith("/officeDocument") and target in trees:
            return target
    return None


def _workbook_rels(workbook: str, trees: dict[str, ET.Element]) -> list[tuple[str, str, str, bool]]:
    name = posixpath.join(posixpath.dirname(workbook), "_rels", posixpath.basename(workbook) + ".rels")
    return _targets(name, trees[name]) if name in trees else []


def _sheets(workbook: str, trees: dict[str, ET.Element]) -> list[str]:
    sheets = [e for e in trees[workbook].iter() if local(e.tag) == "sheet"]
    out = []
    names = [s.get("name", "") for s in sheets]
    if len({n.casefold() for n in names}) != len(names):
        out.append(f"{workbook}: duplicate sheet names {sorted(names, key=str.casefold)}")
    ids = [s.get("sheetId") for s in sheets]
    if len(set(ids)) != len(ids):
        out.append(f"{workbook}: duplicate sheetIds {ids}")
    rids = [s.get(R_NS + "id") for s in sheets]
    if len(set(rids)) != len(rids):
        out.append(f"{workbook}: duplicate sheet r:ids {rids}")
    known = {rid for rid, _, _, _ in _workbook_rels(workbook, trees)}
    for s, rid in zip(sheets, rids):
        if rid not in known:
            out.append(f"{workbook}: sheet {s.get('name')!r} has r:id {rid} without a relationship")
    return out


def _worksheet_parts(workbook: str, trees: dict[str, ET.Element]) -> list[str]:
    return [t for _, rtype, t, ext in _workbook_rels(workbook, trees)
            if not ext and rtype.endswith("/worksheet") and t in trees]


def _part_of_type(workbook: str, trees: dict[str, ET.Element], suffix: str) -> ET.Element | None:
    for _, rtype, target, ext in _workbook_rels(workbook, trees):
        if not ext and rtype.endswith(suffix) and target in trees:
            return trees[target]
    return None


def _children(root: ET.Element | None, section: str) -> list[ET.Element]:
    if root is None:
        return []
    for el in root:
        if local(el.tag) == section:
            return list(el)
    return []


def _styles(workbook: str, trees: dict[str, ET.Element], out: list[str]) -> int | None:
    """Check styles.xml's cross references; the number of cellXfs (None without styles)."""
    root = _part_of_type(workbook, trees, "/styles")
    if root is None:
        return None
    fmts = [int(e.get("numFmtId", "-1")) for e in _children(root, "numFmts")]
    if len(fmts) != len(set(fmts)):
        out.append(f"styles.xml: duplicate numFmtId in <numFmts> {fmts}")
    sizes = {key: len(_children(root, section)) for key, section in
             (("fontId", "fonts"), ("fillId", "fills"), ("borderId", "borders"), ("xfId", "cellStyleXfs"))}
    for section in ("cellStyleXfs", "cellXfs"):
        for i, xf in enumerate(_children(root, section)):
            fmt = int(xf.get("numFmtId", "0"))
            if fmt >= FIRST_CUSTOM_FORMAT and fmt not in fmts:
                out.append(f"styles.xml: {section}[{i}] numFmtId={fmt} is not defined in <numFmts>")
            for key, size in sizes.items():
                if key == "xfId" and section == "cellStyleXfs":
                    continue
                value = xf.get(key)
                if value is not None and not 0 <= int(value) < size:
                    out.append(f"styles.xml: {section}[{i}] {key}={value} but only {size} entries")
    for i, style in enumerate(_children(root, "cellStyles")):
        value = int(style.get("xfId", "0"))
        if not 0 <= value < sizes["xfId"]:
            out.append(f"styles.xml: cellStyles[{i}] xfId={value} but only {sizes['xfId']} cellStyleXfs")
    return len(_children(root, "cellXfs"))


def _shared_string_count(workbook: str, trees: dict[str, ET.Element]) -> int:
    root = _part_of_type(workbook, trees, "/sharedStrings")
    return 0 if root is None else sum(1 for e in root if local(e.tag) == "si")


def _worksheet(name: str, root: ET.Element, xfs: int | None, strings: int) -> list[str]:
    out: list[str] = []
    limit = xfs if xfs is not None else 1

    def style_ok(value: str | None, what: str) -> None:
        if value is not None and not 0 <= int(value) < limit:
            out.append(f"{name}: {what} style {value} but only {limit} cellXfs")

    for col in _children(root, "cols"):
        style_ok(col.get("style"), f"column {col.get('min')}-{col.get('max')}")
    last_row = 0
    for row in _children(root, "sheetData"):
        r = int(row.get("r", last_row + 1))
        if r <= last_row:
            out.append(f"{name}: row {r} after row {last_row}")
        last_row = r
        style_ok(row.get("s"), f"row {r}")
        last_col = 0
        for c in row:
            ref = c.get("r")
            if ref is None:
                col, cell_row = last_col + 1, r
            else:
                m = _REF.match(ref)
                if not m:
                    out.append(f"{name}: cell reference {ref!r} is not A1 style")
                    continue
                col, cell_row = column_number(m.group(1)), int(m.group(2))
            if cell_row != r:
                out.append(f"{name}: cell {ref} inside row {r}")
            if col <= last_col:
                out.append(f"{name}: cell {ref} after column {last_col} in row {r}")
            last_col = col
            style_ok(c.get("s"), f"cell {ref}")
            if c.get("t") == "s":
                v = next((x.text for x in c if local(x.tag) == "v"), None)
                if v is None or not v.strip().isdigit() or int(v) >= strings:
                    out.append(f"{name}: cell {ref} shared string {v!r} but only {strings} strings")
    return out


def style_format(path: Path | str, sheet_name: str, ref: str) -> tuple[int, str | None]:
    """(numFmtId, formatCode from <numFmts> or None) of the cell `ref` on `sheet_name`."""
    with zipfile.ZipFile(path) as z:
        trees = {n: ET.fromstring(z.read(n)) for n in z.namelist() if n.endswith((".xml", ".rels"))}
    workbook = _workbook_part(trees)
    assert workbook is not None
    rels = {rid: target for rid, _, target, _ in _workbook_rels(workbook, trees)}
    sheet = next(s for s in trees[workbook].iter() if local(s.tag) == "sheet" and s.get("name") == sheet_name)
    root = trees[rels[sheet.get(R_NS + "id")]]
    cell = next((c for row in _children(root, "sheetData") for c in row if c.get("r") == ref), None)
    assert cell is not None, f"no cell {ref} on {sheet_name}"
    styles = _part_of_type(workbook, trees, "/styles")
    xf = _children(styles, "cellXfs")[int(cell.get("s", "0"))]
    fmt = int(xf.get("numFmtId", "0"))
    codes = {int(e.get("numFmtId", "-1")): e.get("formatCode") for e in _children(styles, "numFmts")}
    return fmt, codes.get(fmt)


if __name__ == "__main__":
    status = 0
    for arg in sys.argv[1:]:
        for problem in problems(arg):
            print(f"{arg}: {problem}")
            status = 1
    sys.exit(status)
