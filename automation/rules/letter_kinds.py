"""The kinds of letter, as data: which row calls for which letter, and which it already has.

Kept apart from `automation.letters.render` (which renders .docx files) so that the check job can
tell "decided but no letter issued" by the same rule without loading docx/docxtpl.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, Literal

from automation.rules.records import Objection, Request
from sheets.layout import OBJECTIONS, REQUESTS

Register = Literal["requests", "objections"]
Record = Request | Objection


# --- the kinds ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class LetterKind:
    """One kind of letter.

    `applies` says whether a row calls for the letter at all; `requires` lists the record
    fields (layout keys) it cannot be made without, the letter date (`date_field`) included.
    `label` is the short name written in the "Surat" tab and the "Surat Terbit" cell: keep it
    stable, existing letters are recognised by it.
    """

    key: str
    slug: str  # file names and `ppid notices --kind`
    label: str
    title: str
    template: str
    code: str  # {code} of config.toml [numbers] letter
    register: Register
    date_field: str
    applies: Callable[[Any], bool]
    requires: tuple[str, ...]
    signer: Literal["ppid", "atasan"] = "ppid"


def _always(_: Record) -> bool:
    return True


NOT_HELD = ("belum dikuasai", "belum didokumentasikan")
INCOMPLETE = "syarat tidak lengkap"


def needs_refusal_decision(r: Request) -> bool:
    """A refusal decision (SK) is issued for a Pasal 17 refusal, in whole ("Ditolak") or in part
    ("Diterima Sebagian"); not for information not held or not documented (UU 14/2008 Pasal 22
    ayat (7) huruf a-b: a written notice says so) nor for incomplete requirements."""
    decision = r.decision.casefold()
    if decision not in ("ditolak", "diterima sebagian"):
        return False
    reason = r.refusal_reason.casefold()
    return reason not in NOT_HELD and reason != INCOMPLETE


# In the order a request meets them; the "Surat Terbit" cell lists a row's letters in this order.
KINDS: tuple[LetterKind, ...] = (
    LetterKind(
        "receipt", "tanda-bukti", "Tanda Bukti Permohonan",
        "Tanda Bukti Penerimaan Permohonan Informasi Publik", "tanda_bukti_permohonan.docx", "TT",
        "requests", "received", _always, ("number", "received"),
    ),
    LetterKind(
        "completion", "kelengkapan", "Pemberitahuan Kelengkapan Persyaratan",
        "Pemberitahuan Kelengkapan Persyaratan Permohonan Informasi Publik", "pemberitahuan_kelengkapan.docx", "PKP",
        "requests", "completion_notice_date", lambda r: bool(r.missing_requirements),
        ("number", "received", "missing_requirements", "completion_notice_date"),
    ),
    LetterKind(
        "extension", "perpanjangan", "Pemberitahuan Perpanjangan",
        "Pemberitahuan Perpanjangan Jangka Waktu Pemberitahuan Tertulis", "pemberitahuan_perpanjangan.docx", "PP",
        "requests", "extension_notice_date", lambda r: r.extended,
        ("number", "received", "extension_reason", "extension_notice_date"),
    ),
    LetterKind(
        "notice", "pemberitahuan", "Pemberitahuan Tertulis",
        "Pemberitahuan Tertulis atas Permohonan Informasi Publik", "pemberitahuan_tertulis.docx", "PT",
        "requests", "notice_date", lambda r: bool(r.decision or r.notice_date),
        ("number", "decision", "holding", "notice_date"),
    ),
    LetterKind(
        "refusal", "penolakan", "SK Penolakan",
        "Surat Keputusan PPID tentang Penolakan Permohonan Informasi", "sk_penolakan.docx", "SK",
        "requests", "notice_date", needs_refusal_decision, ("number", "refusal_reason", "notice_date"),
    ),
    LetterKind(
        "objection_receipt", "tanda-terima-keberatan", "Tanda Terima Keberatan",
        "Tanda Terima Pengajuan Keberatan Informasi Publik", "tanda_terima_keberatan.docx", "TTK",
        "objections", "received", _always, ("number", "received"),
    ),
    LetterKind(
        "objection_answer", "tanggapan-keberatan", "Tanggapan Keberatan",
        "Tanggapan Atasan PPID atas Keberatan", "tanggapan_keberatan.docx", "TAK",
        "objections", "answer_date", lambda o: bool(o.decision or o.answer_date),
        ("number", "decision", "answer_date"), signer="atasan",
    ),
)
KINDS_BY_KEY = {k.key: k for k in KINDS}

# The register fields each kind prints (besides the office's settings). A letter is held while
# one of these cells has an error finding: it would print a fact the check says is wrong.
_REQUESTER = ("name", "address", "phone", "email", "occupation", "requester_type", "proxy_name")
PRINTED: dict[str, tuple[str, ...]] = {
    "receipt": ("number", "received", "received_time", "channel", *_REQUESTER, "information", "purpose",
                "access_method", "copy_method", "officer", "category"),
    "completion": ("number", "received", "name", "address", "requester_type", "information",
                   "missing_requirements", "completion_notice_date"),
    "extension": ("number", "received", "name", "address", "requester_type", "information", "extended",
                  "extension_reason", "extension_notice_date", "category"),
    "notice": ("number", "received", "name", "address", "requester_type", "information", "holding", "other_body",
               "decision", "refusal_reason", "withheld", "dik_code", "consequence_test", "other_law",
               "access_method", "copy_method", "form", "fee", "payment_method", "notice_date", "given_date"),
    "refusal": ("number", "received", *_REQUESTER, "information", "decision", "refusal_reason", "withheld", "dik_code",
                "consequence_test", "other_law", "notice_date"),
    "objection_receipt": ("number", "received", "request_number", "name", "address", "phone", "email", "occupation",
                          "proxy_name", "information", "purpose", "summary"),
    "objection_answer": ("number", "received", "request_number", "name", "address", "information", "summary",
                         "decision", "reasoning", "answer_date"),
}


# Findings about an empty cell: a letter needing that cell waits for it (`requires`); the
# others do not print it as a fact, so they are not held for it.
EMPTY_CELL_CODES = frozenset({"PMH-001", "PMH-002", "PMH-020", "PMH-024", "PMH-034", "PMH-036", "PMH-043",
                              "PMH-050", "PMH-051", "PMH-052", "PMH-056", "KEB-002"})


def held_by(kind: LetterKind, findings: Sequence[Any]) -> list[str]:
    """Indonesian reasons a letter is held: error findings on a cell it prints ([] = not held).

    `findings` are the row's findings (objects with .severity, .header, .code)."""
    if not findings:
        return []
    layout_headers = _printed_headers(kind)
    out = []
    for f in findings:
        if f.severity == "error" and f.header in layout_headers and f.code not in EMPTY_CELL_CODES:
            text = f"kolom \"{f.header}\" bertemuan error {f.code}"
            if text not in out:
                out.append(text)
    return out


@cache
def _printed_headers(kind: LetterKind) -> frozenset[str]:
    """The headers of the cells a letter of `kind` prints (asked for every row of every run)."""
    return frozenset(_header(kind, k) for k in PRINTED.get(kind.key, ()))


def _header(kind: LetterKind, key: str) -> str:
    return (REQUESTS if kind.register == "requests" else OBJECTIONS).header(key)
KINDS_BY_SLUG = {k.slug: k for k in KINDS}


def kind_from_label(text: str) -> LetterKind | None:
    """The kind named in the "Surat" tab or a "Surat Terbit" cell (label, slug, code or key)."""
    wanted = " ".join(str(text or "").split()).casefold()
    for k in KINDS:
        if wanted in (k.label.casefold(), k.slug, k.code.casefold(), k.key, k.title.casefold()):
            return k
    return None


def letters_in_cell(text: str) -> list[tuple[LetterKind, str]]:
    """The (kind, number) pairs of a "Surat Terbit" cell ("Label: number; Label: number")."""
    out = []
    for part in str(text or "").split(";"):
        label, sep, number = part.partition(":")
        kind = kind_from_label(label) if sep else None
        if kind is not None and number.strip():
            out.append((kind, number.strip()))
    return out


def has_letter(cell_text: str, kind_key: str) -> bool:
    """Whether a "Surat Terbit" cell names a letter of this kind (e.g. "notice")."""
    return kind_key in _issued(cell_text)


@lru_cache(maxsize=4096)
def _issued(cell_text: str) -> frozenset[str]:
    """Keys of the kinds a "Surat Terbit" cell names (cells repeat: "" on most rows)."""
    return frozenset(k.key for k, _ in letters_in_cell(cell_text))


_KINDS_OF: dict[str, tuple[LetterKind, ...]] = {r: tuple(k for k in KINDS if k.register == r)
                                               for r in ("requests", "objections")}


def letters_missing(record: Record, register: Register) -> list[LetterKind]:
    """Letters the row calls for, whose date is set, that its "Surat Terbit" cell does not name.
    (Asked for every row of every run: the cheap tests first; `applies` has no side effects.)"""
    issued = _issued(record.letters)
    return [k for k in _KINDS_OF[register] if getattr(record, k.date_field, None) is not None
            and k.key not in issued and k.applies(record)]
