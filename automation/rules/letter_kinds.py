"""The kinds of letter, as data: which row calls for which letter, and which it already has.

Kept apart from `automation.letters.render` (which renders .docx files) so that the check job can
tell "decided but no letter issued" by the same rule without loading docx/docxtpl.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from automation.rules.records import Objection, Request

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


# In the order a request meets them; the "Surat Terbit" cell lists a row's letters in this order.
KINDS: tuple[LetterKind, ...] = (
    LetterKind(
        "receipt", "tanda-bukti", "Tanda Bukti Permohonan",
        "Tanda Bukti Penerimaan Permohonan Informasi Publik", "tanda_bukti_permohonan.docx", "TT",
        "requests", "received", _always, ("number", "received"),
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
        "requests", "notice_date", lambda r: bool(r.decision or r.notice_date), ("number", "decision", "notice_date"),
    ),
    LetterKind(
        "refusal", "penolakan", "SK Penolakan",
        "Surat Keputusan PPID tentang Penolakan Permohonan Informasi", "sk_penolakan.docx", "SK",
        "requests", "notice_date", lambda r: r.decision.casefold() == "ditolak",
        ("number", "refusal_reason", "notice_date"),
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


def letters_missing(record: Record, register: Register) -> list[LetterKind]:
    """Letters the row calls for, whose date is set, that its "Surat Terbit" cell does not name."""
    issued = _issued(record.letters)
    return [k for k in KINDS if k.register == register and k.key not in issued and k.applies(record)
            and getattr(record, k.date_field, None) is not None]
