"""Edit a workbook the way a clerk does in LibreOffice Calc, headless, through UNO.

Run by the Python that LibreOffice's `uno` module belongs to (Debian: /usr/bin/python3 with
python3-uno), not by the project's Python:

    python3 tests/lo_calc.py IN.xlsx OUT.xlsx PROFILE_DIR '[{"op": "sort", ...}, ...]'

Operations (rows are sheet rows as the user sees them, 1 = header):
  {"op": "sort", "sheet": S, "header": H, "descending": bool}  sort rows 2..last by column H
  {"op": "delete_row", "sheet": S, "row": N}                   delete sheet row N
  {"op": "insert_row", "sheet": S, "row": N}                   insert an empty row before row N
Saves as .xlsx (Excel 2007-365) and prints one JSON line describing what was done.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
from com.sun.star.connection import NoConnectException  # type: ignore[import-not-found]


def prop(name: str, value: object) -> PropertyValue:
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def connect(pipe: str, deadline: float):  # noqa: ANN201
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    while True:
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        except NoConnectException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def used_columns(sheet) -> int:  # noqa: ANN001
    cursor = sheet.createCursor()
    cursor.gotoEndOfUsedArea(False)
    return cursor.RangeAddress.EndColumn, cursor.RangeAddress.EndRow


def header_index(sheet, header: str) -> int:  # noqa: ANN001
    last_col, _ = used_columns(sheet)
    for c in range(last_col + 1):
        if sheet.getCellByPosition(c, 0).getString().strip() == header:
            return c
    raise SystemExit(f"no column {header!r}")


def apply(doc, op: dict) -> dict:  # noqa: ANN001
    sheet = doc.Sheets.getByName(op["sheet"])
    if op["op"] == "sort":
        col = header_index(sheet, op["header"])
        last_col, last_row = used_columns(sheet)
        rng = sheet.getCellRangeByPosition(0, 1, last_col, last_row)
        field = uno.createUnoStruct("com.sun.star.table.TableSortField")
        field.Field, field.IsAscending, field.IsCaseSensitive = col, not op.get("descending", False), False
        desc = rng.createSortDescriptor()
        for p in desc:
            if p.Name == "SortFields":
                p.Value = uno.Any("[]com.sun.star.table.TableSortField", (field,))
            elif p.Name == "ContainsHeader":
                p.Value = False
        rng.sort(desc)
        return {"sorted_rows": last_row}
    if op["op"] == "delete_row":
        sheet.Rows.removeByIndex(op["row"] - 1, 1)
        return {"deleted": op["row"]}
    if op["op"] == "insert_row":
        sheet.Rows.insertByIndex(op["row"] - 1, 1)
        return {"inserted": op["row"]}
    raise SystemExit(f"unknown op {op['op']!r}")


def main(argv: list[str]) -> int:
    src, out, profile, ops = Path(argv[1]).resolve(), Path(argv[2]).resolve(), Path(argv[3]).resolve(), argv[4]
    pipe = f"ppid_lo_{os.getpid()}"
    soffice = os.environ.get("PPID_SOFFICE", "soffice")
    proc = subprocess.Popen([soffice, "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
                             f"-env:UserInstallation={profile.as_uri()}",
                             f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    done = []
    try:
        desktop = connect(pipe, time.monotonic() + 90)
        doc = desktop.loadComponentFromURL(src.as_uri(), "_blank", 0, (prop("Hidden", True),))
        for op in json.loads(ops):
            done.append(apply(doc, op))
        doc.storeToURL(out.as_uri(), (prop("FilterName", "Calc MS Excel 2007 XML"),))
        doc.close(True)
        try:
            desktop.terminate()
        except Exception:  # noqa: BLE001 (the bridge goes away while terminating)
            pass
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    print(json.dumps(done))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
