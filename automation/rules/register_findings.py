"""Findings about the register's shape rather than one request (catalogue codes REG-003 on),
and the lines they give in "Perlu Tindakan".

REG-001 and REG-002 (a missing tab, a renamed column) live with the validation rules; this
module adds the ones about the workbook itself: cells merged across the toolkit's columns
(a value written there would be hidden) and rows that cannot be told apart (no number and the
same date, name and request: on Google Sheets a row moved between read and write could get
the other row's values, so those writes are held until the rows stay put).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from automation.rules.actions import Action
from automation.rules.findings import Finding, define
from automation.rules.flags import DATA_TIDAK_LENGKAP, PRIORITY
from automation.rules.records import Request
from sheets.layout import REQUESTS, Tab, normalize_header
from sheets.memory import match_value
from sheets.model import Table, is_blank

MERGED = define(
    "REG-003", "warning", "Sel kolom toolkit digabung",
    "sel {cells} digabung (merge) dan mencakup kolom toolkit \"{columns}\"; toolkit tidak menulis ke sel itu.",
    "Pisahkan gabungan sel tersebut (Unmerge Cells); kolom toolkit diisi pada pemeriksaan berikutnya.",
)
TWIN_ROWS = define(
    "REG-004", "warning", "Baris kembar tanpa nomor",
    "baris ini dan baris {others} belum bernomor dan sama tanggal, nama, dan informasinya; bila baris "
    "bergeser saat proses, hasilnya tidak ditulis (tidak ditebak) dan ditulis pada pemeriksaan berikutnya.",
    "Periksa apakah ini permohonan ganda; hapus salah satu atau bedakan isinya (mis. isi Jam Diterima).",
)
TWICE = define(
    "REG-006", "warning", "Judul kolom ganda",
    "judul kolom \"{column}\" ada {count} kali di tab \"{tab}\" (kolom {letters}); toolkit membaca dan "
    "menulis kolom {first} saja, salinannya diabaikan.",
    "Hapus salinan kolom itu atau beri judul lain (misalnya \"{column} (salinan)\") agar jelas kolom mana "
    "yang dipakai.",
)
REGISTER = "Register"  # the "Register" column of "Perlu Tindakan" for these lines
CODES_SHOWN = ("REG-",)  # findings that become their own line in "Perlu Tindakan"


def _letters(col: int) -> str:
    out = ""
    n = col + 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def merged_findings(table: Table, merges: Iterable[tuple[int, int, int, int]]) -> list[Finding]:
    """REG-003 for each merged range below the header row that covers a toolkit column."""
    toolkit = {i: h for i, h in enumerate(table.headers) if REQUESTS.by_header().get(" ".join(h.split()).casefold())
               and REQUESTS.by_header()[" ".join(h.split()).casefold()].is_toolkit}
    out = []
    for r1, c1, r2, c2 in merges:
        if r2 <= table.header_row:
            continue
        hit = [toolkit[c] for c in range(c1, c2 + 1) if c in toolkit]
        if not hit:
            continue
        cells = f"{_letters(c1)}{r1}:{_letters(c2)}{r2}"
        f = MERGED
        text = f.message.format(cells=cells, columns="\", \"".join(hit[:3]) + ("..." if len(hit) > 3 else ""))
        out.append(Finding(f.code, f.severity, table.tab, r1, hit[0], f"Baris {r1}: {text} {f.fix}"))
    return out


def twice_headers(table: Table, layout: Tab) -> list[Finding]:
    """REG-006 for each column of the layout whose header the tab has more than once: every
    backend reads and writes the first (leftmost) one."""
    at: dict[str, list[int]] = {}
    for i, h in enumerate(table.headers):
        if h:
            at.setdefault(normalize_header(h), []).append(i)
    out = []
    for col in layout.columns:
        places = at.get(normalize_header(col.header), [])
        if len(places) > 1:
            fields = {"column": col.header, "count": len(places), "tab": table.tab,
                      "letters": ", ".join(_letters(i) for i in places), "first": _letters(places[0])}
            text = TWICE.message.format(**fields)
            # about the tab, not a row (as validate.tab_finding)
            out.append(Finding(TWICE.code, TWICE.severity, table.tab, 0, "",
                               f"{text[0].upper()}{text[1:]} {TWICE.fix.format(**fields)}"))
    return out


def twin_rows(requests: Sequence[Request]) -> dict[int, list[Finding]]:
    """REG-004 on each request without a number whose identity (date, name, information as
    typed) another row without a number shares. Keyed by position in `requests`."""
    groups: dict[tuple[object, ...], list[int]] = {}
    for i, r in enumerate(requests):
        if r.number.strip() or len(r.ref.match) < 2:
            continue
        key = tuple(None if is_blank(v) else match_value(v) for _, v in r.ref.match)
        groups.setdefault(key, []).append(i)
    out: dict[int, list[Finding]] = {}
    for positions in groups.values():
        if len(positions) < 2:
            continue
        for i in positions:
            others = ", ".join(str(requests[j].ref.row) for j in positions if j != i)
            r = requests[i]
            out[i] = [Finding.make(TWIN_ROWS, r.ref.tab, r.ref.row, "", others=others)]
    return out


def register_actions(findings: Iterable[Finding]) -> list[Action]:
    """One "Perlu Tindakan" line per REG finding: the register itself needs a hand."""
    priority = PRIORITY[DATA_TIDAK_LENGKAP]
    return [Action(priority, REGISTER, f.code, f.row, (f.code,), f.message, None, None)
            for f in findings if f.code.startswith(CODES_SHOWN)]
