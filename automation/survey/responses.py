"""The register's "Survei Kepuasan" tab: one row per respondent, read and validated.

`read_responses(table, today, request_numbers)` gives the usable responses and the findings
(SKM-001..SKM-010), never raising. A response counts in the index when its date is readable and
not in the future and it has at least one answer on the 1-4 scale; an answer outside the scale
is left out of its element only (and reported). The tab is optional: a register made before
it existed simply has no survey figures.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from automation.rules.findings import Finding, define
from automation.rules.values import as_text, is_blank, looks_like_formula, parse_date
from automation.survey.index import SOURCE
from sheets.layout import SKM_ELEMENTS, SURVEY
from sheets.model import CellValue, Table


@dataclass(frozen=True)
class Response:
    """One usable survey row (no personal data is kept: the comment is the respondent's text)."""

    row: int
    date: dt.date
    request_number: str
    answers: tuple[int | None, ...]  # u1..u9, None when blank or invalid
    comments: str
    response_id: str


COLUMN_MISSING = define(
    "SKM-001", "warning", "Kolom survei tidak ada",
    "kolom \"{column}\" tidak ada di tab \"Survei Kepuasan\"; unsur itu tidak ikut dihitung.",
    "Kembalikan judul kolom persis seperti di register contoh (`ppid init`).", SOURCE,
)
DATE_MISSING = define(
    "SKM-002", "error", "Tanggal survei kosong atau tidak terbaca",
    "Tanggal Survei {what}; baris ini tidak ikut dihitung.",
    "Isi tanggal seperti 28-11-2026.",
)
DATE_FUTURE = define(
    "SKM-003", "error", "Tanggal survei di masa depan",
    "Tanggal Survei {date} belum terjadi; baris ini tidak ikut dihitung.",
    "Periksa tanggalnya (hari-bulan-tahun).",
)
OUT_OF_SCALE = define(
    "SKM-004", "error", "Nilai di luar skala 1-4",
    "nilai \"{value}\" bukan angka bulat 1 sampai 4; jawaban ini tidak ikut dihitung.",
    "Isi 1 (tidak baik), 2 (kurang baik), 3 (baik) atau 4 (sangat baik); kosongkan bila tidak dijawab.",
    SOURCE,
)
NO_ANSWER = define(
    "SKM-005", "warning", "Tidak ada jawaban",
    "baris ini tidak berisi jawaban 1-4 untuk satu unsur pun; tidak ikut dihitung.",
    "Isi jawaban dari formulir, atau hapus baris kosong ini.",
)
PARTLY_ANSWERED = define(
    "SKM-006", "warning", "Sebagian unsur tidak dijawab",
    "{count} unsur tidak dijawab ({which}); unsur itu dihitung dari jawaban yang ada saja.",
    "Tidak perlu diubah bila responden memang tidak menjawab; periksa salinan dari formulir kertas.",
    SOURCE,
)
DUPLICATE = define(
    "SKM-007", "warning", "Respons ganda",
    "baris ini sama dengan baris {other} ({why}).",
    "Hapus baris yang tercatat dua kali; bila memang dua responden, biarkan.",
)
UNKNOWN_REQUEST = define(
    "SKM-008", "warning", "No. Pendaftaran tidak ada di register",
    "No. Pendaftaran \"{number}\" tidak ada di tab Register Permohonan.",
    "Periksa nomornya, atau kosongkan (kolom ini boleh kosong).",
)
FORMULA = define(
    "SKM-009", "warning", "Teks seperti rumus",
    "isi sel diawali tanda rumus (=, +, -, @); toolkit tidak pernah menjalankannya.",
    "Bila ini teks biasa, awali dengan tanda ' .",
)
PERSONAL_DATA = define(
    "SKM-010", "warning", "Saran memuat data pribadi",
    "Saran dan Masukan tampaknya memuat {what}; survei ini tanpa identitas responden.",
    "Hapus nomor telepon, email atau NIK dari saran (UU 27/2022); isi saran tetap dipakai.",
)

_PHONE = re.compile(r"(?:\+62|\b62|\b0)\s?8[\d\s\-.]{7,14}\d")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")
_NIK = re.compile(r"\b\d{16}\b")


def personal_data_in(text: str) -> str:
    """What kind of personal data a free text seems to hold ("" when none)."""
    kinds = [name for name, pattern in (("nomor telepon", _PHONE), ("alamat email", _EMAIL), ("NIK", _NIK))
             if pattern.search(text)]
    return ", ".join(kinds)


def redact(text: str) -> str:
    """The text with phone numbers, e-mail addresses and NIKs replaced by "[disamarkan]"."""
    for pattern in (_EMAIL, _NIK, _PHONE):
        text = pattern.sub("[disamarkan]", text)
    return text


def scale_value(raw: CellValue) -> tuple[int | None, bool]:
    """(answer, ok): a blank cell is (None, True); 1-4 as a number or text is (n, True);
    anything else (None, False)."""
    if is_blank(raw):
        return None, True
    if isinstance(raw, bool):
        return None, False
    if isinstance(raw, (int, float)):
        return (int(raw), True) if float(raw).is_integer() and 1 <= raw <= 4 else (None, False)
    text = as_text(raw).replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        return None, False
    return (int(number), True) if number.is_integer() and 1 <= number <= 4 else (None, False)


def _key(r: Response) -> tuple[object, ...]:
    return (r.date, r.request_number.casefold(), r.answers, " ".join(r.comments.split()).casefold())


def read_responses(table: Table | None, today: dt.date,
                   request_numbers: Collection[str] | None = None) -> tuple[list[Response], list[Finding]]:
    """Usable responses and findings for the whole tab (no tab: nothing, no finding)."""
    if table is None:
        return [], []
    tab = SURVEY.name
    findings = [Finding.make(COLUMN_MISSING, tab, table.header_row, column=h)
                for h in table.missing_headers(SURVEY) if h not in (SURVEY.header("response_id"),)]
    known = {n.strip().casefold() for n in request_numbers} if request_numbers is not None else None
    out: list[Response] = []
    seen_ids: dict[str, int] = {}
    seen_rows: dict[tuple[object, ...], int] = {}
    for n, raw in zip(table.row_numbers, table.records(SURVEY)):
        if all(is_blank(v) for v in raw.values()):
            continue
        for key in ("request_number", "comments", "response_id"):
            if looks_like_formula(raw[key]):
                findings.append(Finding.make(FORMULA, tab, n, SURVEY.header(key)))
        answers: list[int | None] = []
        blank: list[str] = []
        for i, (key, _) in enumerate(SKM_ELEMENTS, start=1):
            value, ok = scale_value(raw[key])
            if not ok:
                findings.append(Finding.make(OUT_OF_SCALE, tab, n, SURVEY.header(key), value=as_text(raw[key])[:20]))
            elif value is None:
                blank.append(f"U{i}")
            answers.append(value)
        day, problem = parse_date(raw["date"])
        comments = as_text(raw["comments"])
        if (what := personal_data_in(comments)):
            findings.append(Finding.make(PERSONAL_DATA, tab, n, SURVEY.header("comments"), what=what))
        if day is None:
            what = "kosong" if problem is None else f"\"{as_text(raw['date'])[:20]}\" tidak terbaca"
            findings.append(Finding.make(DATE_MISSING, tab, n, SURVEY.header("date"), what=what))
            continue
        if day > today:
            findings.append(Finding.make(DATE_FUTURE, tab, n, SURVEY.header("date"), date=day.strftime("%d-%m-%Y")))
            continue
        given = [a for a in answers if a is not None]
        if not given:
            findings.append(Finding.make(NO_ANSWER, tab, n))
            continue
        if blank:
            findings.append(Finding.make(PARTLY_ANSWERED, tab, n, count=len(blank), which=", ".join(blank)))
        number = as_text(raw["request_number"])
        if number and known is not None and number.casefold() not in known:
            findings.append(Finding.make(UNKNOWN_REQUEST, tab, n, SURVEY.header("request_number"), number=number[:30]))
        response = Response(n, day, number, tuple(answers), comments, as_text(raw["response_id"]))
        if response.response_id and response.response_id in seen_ids:
            findings.append(Finding.make(DUPLICATE, tab, n, other=seen_ids[response.response_id],
                                         why="ID Respons sama"))
        elif response.request_number and _key(response) in seen_rows:
            findings.append(Finding.make(DUPLICATE, tab, n, other=seen_rows[_key(response)],
                                         why="tanggal, No. Pendaftaran dan semua jawaban sama"))
        if response.response_id:
            seen_ids.setdefault(response.response_id, n)
        seen_rows.setdefault(_key(response), n)
        out.append(response)
    return out, findings


def in_period(responses: Sequence[Response], start: dt.date, end: dt.date) -> list[Response]:
    return [r for r in responses if start <= r.date <= end]
