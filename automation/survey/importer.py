"""Import a Google Form responses CSV into the "Survei Kepuasan" tab.

Google Forms exports one row per response: a timestamp ("Timestamp" / "Cap waktu") and one
column per question, headed by the question text. Columns are recognised by what they ask
(the questions of `automation.survey.form`, or any wording that names the element: "prosedur",
"biaya", ...); answers may be "1".."4", "3. Baik", "c. Baik", or an answer label of the form.

Safe to repeat: each response gets an "ID Respons" made from its timestamp and a short hash of
its cells; responses whose ID is already in the tab are skipped. The new rows are appended in
one write (atomic on Excel, one batch on Google), so a rerun after a crash adds what is missing
and nothing twice. Columns that would carry personal data (name, e-mail, phone, NIK) are never
imported.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from collections.abc import Collection
from dataclasses import dataclass, field

from automation.rules.findings import define
from automation.rules.values import parse_date
from automation.survey.form import QUESTIONS
from automation.survey.responses import redact, scale_value
from sheets.layout import SKM_ELEMENTS, SURVEY, normalize_header
from sheets.model import CellValue

NOT_READABLE = define(
    "SKM-011", "error", "Berkas CSV tidak dapat dibaca",
    "{why}", "Unduh ulang dari Google Form: Respons > ikon Spreadsheet > File > Download > CSV.",
)
COLUMN_UNKNOWN = define(
    "SKM-012", "warning", "Kolom CSV tidak dikenali",
    "kolom \"{column}\" tidak dikenali dan tidak diimpor.",
    "Tidak perlu diubah bila kolom itu bukan pertanyaan survei; data pribadi memang tidak diimpor.",
)
ANSWER_UNKNOWN = define(
    "SKM-013", "warning", "Jawaban CSV tidak dikenali",
    "jawaban \"{value}\" untuk {element} tidak dikenali; dibiarkan kosong.",
    "Gunakan pilihan jawaban 1-4 dari daftar pertanyaan `ppid survei formulir`.",
)
ELEMENT_NOT_FOUND = define(
    "SKM-014", "warning", "Unsur tidak ada di CSV",
    "tidak ada kolom untuk unsur {element}; unsur itu kosong untuk semua respons yang diimpor.",
    "Tambahkan pertanyaan unsur itu di Google Form (lihat `ppid survei formulir`).",
)

TIMESTAMP_HEADERS = ("timestamp", "cap waktu", "stempel waktu", "tanda waktu", "tanggal survei", "tanggal")
PRIVATE_WORDS = ("nama", "email", "e-mail", "telepon", "telp", "hp", "whatsapp", "nik", "alamat", "ktp")
# Words that name each element in a question (lower case); the first hit wins, in this order.
ELEMENT_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("u8", ("pengaduan", "keluhan")),
    ("u4", ("biaya", "tarif")),
    ("u1", ("persyaratan",)),
    ("u2", ("prosedur", "mekanisme")),
    ("u3", ("waktu", "kecepatan")),
    ("u5", ("produk", "hasil pelayanan")),
    ("u6", ("kompetensi", "kemampuan")),
    ("u7", ("perilaku", "kesopanan", "keramahan")),
    ("u9", ("sarana", "prasarana")),
)
ELEMENT_NAMES = dict(SKM_ELEMENTS)


@dataclass(frozen=True)
class ImportIssue:
    code: str
    severity: str
    line: int  # CSV line (1 = header), 0 for the whole file
    message: str  # Indonesian


@dataclass
class ImportPlan:
    rows: list[dict[str, CellValue]] = field(default_factory=list)  # by SURVEY column key
    already: int = 0  # responses already in the tab
    issues: list[ImportIssue] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)  # CSV header -> SURVEY key

    @property
    def failed(self) -> bool:
        return any(i.severity == "error" and i.line == 0 for i in self.issues)


def _issue(kind, line: int, **fields: object) -> ImportIssue:
    where = f"Baris CSV {line}: " if line else "CSV: "
    return ImportIssue(kind.code, kind.severity, line, where + f"{kind.message.format(**fields)} {kind.fix}")


def column_key(header: str) -> str | None:
    """The SURVEY key a CSV header stands for, or None."""
    h = normalize_header(header)
    if not h:
        return None
    m = re.match(r"u\s?([1-9])\b", h)
    if m:
        return f"u{m.group(1)}"
    for key, question in QUESTIONS.items():
        if normalize_header(question.text) == h:
            return key
    if h in TIMESTAMP_HEADERS:
        return "date"
    if "pendaftaran" in h:
        return "request_number"
    if h.startswith(("saran", "masukan", "komentar", "kritik")):
        return "comments"
    if any(re.search(rf"\b{re.escape(w)}\b", h) for w in PRIVATE_WORDS):
        return None
    for key, words in ELEMENT_WORDS:
        if any(w in h for w in words):
            return key
    return None


def answer_value(key: str, text: str) -> tuple[int | None, bool]:
    """An answer cell: "3", "3. Baik", "c. Baik", "Baik" (a label of that question)."""
    s = " ".join(text.split())
    if not s:
        return None, True
    value, ok = scale_value(s)
    if ok:
        return value, True
    m = re.match(r"^([1-4])\s*[.)\-:]", s)
    if m:
        return int(m.group(1)), True
    m = re.match(r"^([a-dA-D])\s*[.)]", s)
    if m:
        return "abcd".index(m.group(1).lower()) + 1, True
    labels = [label.casefold() for label in QUESTIONS[key].answers]
    if s.casefold() in labels:
        return labels.index(s.casefold()) + 1, True
    return None, False


_TS_ISO = re.compile(r"^\s*(\d{4})[/-](\d{1,2})[/-](\d{1,2})")
_TS_DMY = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


def timestamp_date(text: str, month_first: bool = False) -> dt.date | None:
    """The date of a Google Forms timestamp: "2026/11/03 10:15:22 AM GMT+7" (year first), or
    "03/11/2026 10:15:22" (day first, the Indonesian locale; `month_first` for a US export)."""
    m = _TS_ISO.match(text)
    try:
        if m:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        m = _TS_DMY.match(text)
        if m:
            a, b, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
            month, day = (a, b) if month_first else (b, a)
            return dt.date(year, month, day)
    except ValueError:
        return None
    day, _ = parse_date(text)
    return day


def response_id(timestamp: str, cells: list[str]) -> str:
    """"2026/11/03 10:15:22 #1a2b3c": the form's timestamp and a hash of the whole row."""
    digest = hashlib.sha256("\x1f".join(cells).encode("utf-8")).hexdigest()[:6]
    return f"{timestamp.strip()[:32]} #{digest}"


def plan_import(data: bytes, existing_ids: Collection[str], today: dt.date, *,
                month_first: bool = False) -> ImportPlan:
    """The rows to append for a Google Form CSV (pure: bytes in, plan out)."""
    plan = ImportPlan()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            plan.issues.append(_issue(NOT_READABLE, 0, why="berkas bukan teks CSV."))
            return plan
    try:
        sample = text[:4096]
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t") if sample.strip() else csv.excel
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    if not rows or not any(c.strip() for c in rows[0]):
        plan.issues.append(_issue(NOT_READABLE, 0, why="berkas kosong atau tanpa baris judul."))
        return plan
    header = rows[0]
    keys: list[str | None] = []
    for h in header:
        key = column_key(h)
        if key is not None and key in keys:
            key = None  # the first column asking it wins
        keys.append(key)
        if key is None and h.strip():
            plan.issues.append(_issue(COLUMN_UNKNOWN, 1, column=h.strip()[:60]))
        elif key is not None:
            plan.columns[h] = key
    if "date" not in keys:
        plan.issues.append(_issue(NOT_READABLE, 0, why="tidak ada kolom Timestamp/Cap waktu."))
        return plan
    for key, name in SKM_ELEMENTS:
        if key not in keys:
            plan.issues.append(_issue(ELEMENT_NOT_FOUND, 1, element=f"{key.upper()} {name}"))
    known = set(existing_ids)
    for line, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        values: dict[str, str] = {}
        for key, cell in zip(keys, cells):
            if key is not None:
                values[key] = cell.strip()
        stamp = values.get("date", "")
        rid = response_id(stamp, [c.strip() for c in cells])
        if rid in known:
            plan.already += 1
            continue
        known.add(rid)
        day = timestamp_date(stamp, month_first)
        row: dict[str, CellValue] = {"date": day if day is not None else stamp, "response_id": rid}
        for key, name in SKM_ELEMENTS:
            raw = values.get(key, "")
            value, ok = answer_value(key, raw)
            if not ok:
                plan.issues.append(_issue(ANSWER_UNKNOWN, line, value=raw[:30], element=f"{key.upper()} {name}"))
            row[key] = value
        number = values.get("request_number", "")
        row["request_number"] = number or None
        comment = values.get("comments", "")
        comment = redact(comment)  # the survey is anonymous: no phone, e-mail or NIK is imported
        row["comments"] = comment or None
        plan.rows.append(row)
    return plan


def tab_rows(plan: ImportPlan, headers: tuple[str, ...] | None) -> list[tuple[CellValue, ...]]:
    """The plan's rows in the order of the tab's own headers (staff may have moved columns);
    the layout's order when the tab does not exist yet."""
    by_header = SURVEY.by_header()
    order = [by_header.get(normalize_header(h)) for h in headers] if headers else list(SURVEY.columns)
    return [tuple(row.get(c.key) if c is not None else None for c in order) for row in plan.rows]
