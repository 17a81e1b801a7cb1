"""The letters: their kinds as data, the context each template gets, and rendering.

Six kinds (`KINDS`), each with its Indonesian title, template file, number code, register,
the row condition that calls for it, the date it carries and the fields it needs. A letter
carries the date in its row (decision, notice or receipt date), never the day it is printed.

Templates are .docx files with Jinja placeholders (automation/templates/, shipped in the package
and read with importlib.resources; built once by automation/templates/build_templates.py, then
edited by the office in Word; a copy in the office's `[output] templates` folder wins). They are rendered with
docxtpl and `autoescape=True`, so & < > " in what a requester typed print literally; a
requester's "{{ x }}" is data, not template: Jinja renders a template once and never re-reads
the values it inserts. Variable sentences (the decision, the reason, the cost) are built
here, so the templates hold no Jinja logic and staff can reword the fixed text freely.

The plain-text version of a letter (for WhatsApp or e-mail) is read back from the rendered
.docx, so an office's edits to a template show in both.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Mapping
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from docx import Document
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph
from docxtpl import DocxTemplate
from jinja2 import Environment, StrictUndefined, UndefinedError

from automation.rules.bundled import template_file, templates_folder
from automation.rules.calendar import WorkCalendar
from automation.rules.config import Config
from automation.rules.deadlines import (
    DeadlineRules,
    deadline_rules_from_config,
)
from automation.rules.errors import PpidError
from automation.rules.letter_kinds import (  # noqa: F401 - re-exported: the kinds are part of this module's API
    KINDS,
    KINDS_BY_KEY,
    KINDS_BY_SLUG,
    LetterKind,
    Record,
    Register,
    kind_from_label,
)
from automation.rules.objection_deadlines import objection_deadlines, objection_filing_due
from automation.rules.records import DikEntry, Objection, Request
from automation.rules.values import format_date_id, format_day_date_id, format_rupiah
from sheets.layout import OBJECTION_GROUNDS, OBJECTIONS, PASAL17, REQUESTS

TEMPLATES_DIR = templates_folder()  # bundled: a Path from a checkout or wheel, a zipfile.Path from a zip
UU_KIP = "Undang-Undang Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik"
PERKI_PEMILU = ("Peraturan Komisi Informasi Nomor 1 Tahun 2019 tentang Standar Layanan dan Prosedur "
                "Penyelesaian Sengketa Informasi Pemilihan Umum dan Pemilihan")


class TemplateProblem(PpidError):
    """A template is missing or uses a placeholder the toolkit does not fill."""


def missing_fields(kind: LetterKind, record: Record) -> list[str]:
    """Indonesian reasons the letter cannot be made yet ([] when it can)."""
    layout = REQUESTS if kind.register == "requests" else OBJECTIONS
    unreadable = {i.key: i for i in record.issues}
    reasons = []
    for key in kind.requires:
        value = getattr(record, key)
        if value not in (None, ""):
            continue
        header = layout.header(key)
        issue = unreadable.get(key)
        if issue is not None and issue.problem is not None:
            reasons.append(f"{header} tidak terbaca (\"{issue.problem.raw}\")")
        else:
            reasons.append(f"{header} kosong")
    if kind.key == "notice" and isinstance(record, Request) and record.decision.casefold() == "ditolak" \
            and not record.refusal_reason:
        reasons.append(f"{REQUESTS.header('refusal_reason')} kosong")
    return reasons


# --- words and phrases -------------------------------------------------------------------------

_UNITS = ("", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan", "sepuluh",
          "sebelas")


def terbilang(n: int) -> str:
    """Indonesian number words for 0-999 (enough for day counts): 17 -> "tujuh belas"."""
    if n == 0:
        return "nol"
    if n < 12:
        return _UNITS[n]
    if n < 20:
        return f"{_UNITS[n - 10]} belas"
    if n < 100:
        tens, rest = divmod(n, 10)
        return f"{_UNITS[tens]} puluh" + (f" {terbilang(rest)}" if rest else "")
    hundreds, rest = divmod(n, 100)
    head = "seratus" if hundreds == 1 else f"{_UNITS[hundreds]} ratus"
    return head + (f" {terbilang(rest)}" if rest else "")


def days_text(n: int) -> str:
    """10 -> "10 (sepuluh)"."""
    return f"{n} ({terbilang(n)})"


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_DOCXTPL_MARKS = re.compile(r"(\{_[{%]|[}%]_\})")


def clean(value: object, empty: str = "-") -> str:
    """Text as it goes into a letter: control characters dropped (they would break the XML or
    become page breaks), line ends normalised, blank shown as "-".

    docxtpl turns "{_{" in its output back into "{{" (its own escape); a word joiner keeps a
    requester's literal "{_{" as typed.
    """
    text = "" if value is None else str(value)
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).strip()
    text = _DOCXTPL_MARKS.sub(lambda m: m.group(0)[0] + "\u2060" + m.group(0)[1:], text)
    return text or empty


def _contact(phone: str, email: str) -> str:
    return " / ".join(x for x in (phone, email) if x) or "-"


def _office(cfg: Config) -> dict[str, str]:
    o = cfg.office
    contact = " | ".join(x for x in (
        f"Telepon {o.phone}" if o.phone else "", f"Email {o.email}" if o.email else "",
        f"Laman {o.website}" if o.website else "") if x)
    return {
        "nama": clean(o.name), "nama_singkat": clean(o.short_name), "induk": clean(o.parent),
        "alamat": clean(o.address), "kota": clean(o.city), "provinsi": clean(o.province),
        "telepon": clean(o.phone), "email": clean(o.email), "situs": clean(o.website),
        "kontak": clean(contact, ""),
    }


def _official(official) -> dict[str, str]:
    return {"nama": clean(official.name), "nip": clean(official.nip), "jabatan": clean(official.title)}


def _requester(r: Record) -> dict[str, str]:
    out = {
        "nama": clean(r.name), "alamat": clean(r.address), "telepon": clean(r.phone), "email": clean(r.email),
        "kontak": clean(_contact(r.phone, r.email)), "pekerjaan": clean(r.occupation), "kuasa": clean(r.proxy_name),
    }
    out["jenis"] = clean(r.requester_type) if isinstance(r, Request) else "-"
    return out


def _request_part(r: Request, cfg: Config, cal: WorkCalendar, rules: DeadlineRules) -> tuple[dict, dict]:
    """The "permohonan" and "perpanjangan" parts."""
    track = rules.for_track(r.election)
    due = due_ext = None
    if r.received is not None:
        start = cal.effective_receipt(r.received, r.received_time)
        due = cal.add_working_days(start, track.notice.working_days)
        due_ext = cal.add_working_days(due, track.extension.working_days)
    when = format_day_date_id(r.received)
    if r.received_time is not None:
        when += f" pukul {r.received_time.strftime('%H.%M')} WIB"
    basis = (f"Pasal 22 ayat (7) dan ayat (8) {UU_KIP}" if not r.election else PERKI_PEMILU)
    permohonan = {
        "nomor": clean(r.number), "tanggal": clean(format_date_id(r.received)),
        "hari_tanggal": clean(format_day_date_id(r.received)), "waktu_diterima": clean(when),
        "kanal": clean(r.channel), "kategori": clean(r.category), "informasi": clean(r.information),
        "tujuan": clean(r.purpose), "cara_memperoleh": clean(r.access_method), "cara_salinan": clean(r.copy_method),
        "bentuk": clean(r.form), "petugas": clean(r.officer), "batas_waktu": clean(format_day_date_id(due)),
        "lama_pemberitahuan": days_text(track.notice.working_days),
        "lama_perpanjangan": days_text(track.extension.working_days), "dasar_tenggat": basis,
    }
    perpanjangan = {
        "alasan": clean(r.extension_reason), "batas": clean(format_day_date_id(due_ext)),
        "lama": days_text(track.extension.working_days),
        "dasar": f"Pasal 22 ayat (8) {UU_KIP}" if not r.election else PERKI_PEMILU,
    }
    return permohonan, perpanjangan


def _refusal_basis(r: Request, dik: Mapping[str, DikEntry]) -> dict[str, str]:
    """Pasal 17 letter, its meaning, the consequence test; or the other refusal reasons."""
    entry = dik.get(r.dik_code.upper()) if r.dik_code else None
    letter = r.pasal17_letter or (entry.article.rsplit(" ", 1)[-1] if entry and entry.article else "")
    test_ref = r.consequence_test or (entry.consequence_test if entry else "")
    if letter in PASAL17:
        meaning = PASAL17[letter]
        test = clean(test_ref, "")
        if entry is not None:
            test = "; ".join(x for x in (test, f"Daftar Informasi yang Dikecualikan kode {clean(entry.code)}") if x)
        return {
            "status": "INFORMASI YANG DIKECUALIKAN",
            "pasal": f"Pasal 17 huruf {letter}",
            "dasar": f"Pasal 17 huruf {letter} {UU_KIP}, yaitu informasi yang apabila dibuka dapat {meaning}"
                     if letter not in ("i", "j") else f"Pasal 17 huruf {letter} {UU_KIP}: {meaning}",
            "uraian": meaning,
            "uji_konsekuensi": test or "-",
            "konsekuensi": f"berdasarkan uji konsekuensi, membuka informasi tersebut dapat menimbulkan akibat "
                           f"sebagaimana dimaksud Pasal 17 huruf {letter} ({meaning}), sehingga informasi "
                           f"tersebut dinyatakan tertutup.",
        }
    reason = clean(r.refusal_reason)
    status = {"belum dikuasai": "INFORMASI YANG TIDAK DIKUASAI",
              "belum didokumentasikan": "INFORMASI YANG BELUM DIDOKUMENTASIKAN",
              "syarat tidak lengkap": "PERMOHONAN YANG TIDAK MEMENUHI PERSYARATAN"}.get(reason.casefold(), reason.upper())
    return {"status": status, "pasal": "-", "dasar": reason, "uraian": reason,
            "uji_konsekuensi": "-", "konsekuensi": "-"}


def _notice_part(r: Request, cfg: Config, refusal: dict[str, str]) -> dict[str, str]:
    """The seven elements of UU KIP Pasal 22 ayat (7), as sentences."""
    office = cfg.office.short_name
    decision = r.decision.casefold()
    holding = r.holding.casefold()
    if holding == "dikuasai":
        penguasaan = f"Informasi yang dimohon berada di bawah penguasaan {office}."
    elif holding == "tidak dikuasai":
        penguasaan = f"Informasi yang dimohon tidak berada di bawah penguasaan {office}."
    elif holding == "belum didokumentasikan":
        penguasaan = f"Informasi yang dimohon belum didokumentasikan oleh {office}."
    else:
        penguasaan = "-"
    if r.other_body:
        badan_lain = f"Informasi yang dimohon dikuasai oleh {r.other_body}; Saudara dapat mengajukan permohonan ke sana."
    elif holding == "tidak dikuasai":
        badan_lain = "Tidak diketahui badan publik lain yang menguasai informasi tersebut."
    else:
        badan_lain = "-"
    fee = format_rupiah(r.fee) if r.fee is not None else "-"
    if decision == "ditolak":
        keputusan = "Permohonan DITOLAK."
        alasan = refusal["dasar"]
        materi = "-"
        penghitaman = "-"
        biaya = "-"
        fmt = "-"
        waktu = "-"
    else:
        partial = decision == "diterima sebagian"
        keputusan = ("Permohonan DITERIMA SEBAGIAN: sebagian informasi dapat diberikan." if partial
                     else "Permohonan DITERIMA: informasi dapat diberikan.")
        alasan = "-"
        materi = r.information + (" (sebagian)" if partial else "")
        if partial:
            why = refusal["dasar"] if r.refusal_reason else "informasi yang dikecualikan"
            penghitaman = f"Bagian dokumen yang memuat informasi yang dikecualikan dihitamkan, dengan alasan: {why}."
        else:
            penghitaman = "Tidak ada bagian yang dihitamkan."
        fmt = "; ".join(x for x in (r.form, r.access_method, r.copy_method) if x) or "-"
        if r.fee in (None, 0):
            biaya = "Tanpa biaya." if r.fee == 0 or r.payment_method.casefold() == "tanpa biaya" else "-"
        else:
            biaya = f"{fee}" + (f", dibayar secara {r.payment_method.lower()}" if r.payment_method else "")
        waktu = format_day_date_id(r.given_date) if r.given_date else "Informasi diberikan sesuai jadwal yang disepakati."
    return {
        "penguasaan": clean(penguasaan), "badan_lain": clean(badan_lain), "keputusan": clean(keputusan),
        "alasan": clean(alasan), "materi": clean(materi), "penghitaman": clean(penghitaman),
        "format": clean(fmt), "biaya": clean(biaya), "waktu": clean(waktu), "nominal": clean(fee),
        "cara_bayar": clean(r.payment_method),
    }


_ANSWER = {
    "dikabulkan": "Keberatan DIKABULKAN. Informasi yang dimohon akan diberikan sesuai permohonan.",
    "dikabulkan sebagian": "Keberatan DIKABULKAN SEBAGIAN. Sebagian informasi yang dimohon akan diberikan.",
    "ditolak": "Keberatan DITOLAK. Atasan PPID menguatkan keputusan PPID atas permohonan tersebut.",
}


def _objection_part(o: Objection, cal: WorkCalendar, rules: DeadlineRules, election: bool) -> dict[str, str]:
    track = rules.for_track(election)
    due = commission = None
    if o.received is not None:
        d = objection_deadlines(o.received, o.answer_date, cal=cal, election=election, rules=rules)
        due, commission = d["answer_due"], d["commission_due"]
    grounds = "; ".join(f"{g}. {OBJECTION_GROUNDS[g]}" for g in o.grounds)
    return {
        "nomor": clean(o.number), "tanggal": clean(format_date_id(o.received)),
        "hari_tanggal": clean(format_day_date_id(o.received)), "no_pendaftaran": clean(o.request_number),
        "informasi": clean(o.information), "tujuan": clean(o.purpose), "alasan": clean(grounds),
        "kasus_posisi": clean(o.summary), "batas_tanggapan": clean(format_day_date_id(due)),
        "lama_tanggapan": days_text(track.objection_answer.working_days),
        "dasar_tenggat": f"Pasal 36 ayat (2) {UU_KIP}" if not election else PERKI_PEMILU,
        "keputusan": clean(o.decision), "tanggapan": clean(_ANSWER.get(o.decision.casefold(), o.decision)),
        "tanggal_tanggapan": clean(format_date_id(o.answer_date)),
        "batas_komisi": clean(format_day_date_id(commission)),
    }


def build_context(
    kind: LetterKind,
    record: Record,
    *,
    number: str,
    date: dt.date,
    cfg: Config,
    cal: WorkCalendar,
    request: Request | None = None,
    dik: Mapping[str, DikEntry] | None = None,
) -> dict[str, Any]:
    """Everything a template of `kind` may use, for one row. Every value is a string.

    `request` is the request an objection refers to (its track sets the deadlines); `dik`
    the "Daftar Informasi Dikecualikan" tab by code (a refusal cites its consequence test).
    """
    rules = deadline_rules_from_config(cfg.deadlines)
    ctx: dict[str, Any] = {
        "kantor": _office(cfg),
        "ppid": _official(cfg.ppid),
        "atasan": _official(cfg.superior),
        "nomor_surat": clean(number),
        "tanggal_surat": format_date_id(date),
        "hari_tanggal_surat": format_day_date_id(date),
        "tempat_tanggal": f"{clean(cfg.office.city)}, {format_date_id(date)}",
        "judul": kind.title,
        "perihal": kind.title,
        "lampiran": "-",
        "pemohon": _requester(record),
        "batas_keberatan": clean(format_day_date_id(objection_filing_due(date, cal, rules))),
    }
    if isinstance(record, Request):
        ctx["permohonan"], ctx["perpanjangan"] = _request_part(record, cfg, cal, rules)
        refusal = _refusal_basis(record, dik or {})
        ctx["penolakan"] = refusal
        ctx["pemberitahuan"] = _notice_part(record, cfg, refusal)
    else:
        election = request.election if request is not None else False
        ctx["keberatan"] = _objection_part(record, cal, rules, election)
        ctx["keberatan"]["komisi"] = f"Komisi Informasi Provinsi {clean(cfg.office.province)}"
    return ctx


# --- rendering ---------------------------------------------------------------------------------

_TEMPLATE_BYTES: dict[str, tuple[float, bytes]] = {}


def template_path(kind: LetterKind, templates_dir: Path | Traversable = TEMPLATES_DIR) -> Path | Traversable:
    """The template of `kind`: the office's copy in `templates_dir` when there is one, else the
    bundled one (an office may restyle only some letters)."""
    return template_file(kind.template, templates_dir)


def _template_bytes(path: Path | Traversable) -> bytes:
    """Read once per run (and again when a file on disk changes)."""
    if not path.is_file():
        raise TemplateProblem(
            f"Templat surat tidak ditemukan: {path}. Pasang ulang ppid-sheets (templat bawaan ikut terpasang) "
            "atau periksa [output] templates di config.toml."
        )
    mtime = path.stat().st_mtime if isinstance(path, Path) else 0.0  # a file inside a zip never changes
    key = str(path)
    cached = _TEMPLATE_BYTES.get(key)
    if cached is None or cached[0] != mtime:
        cached = _TEMPLATE_BYTES[key] = (mtime, path.read_bytes())
    return cached[1]


def require_templates(kinds: Iterable[LetterKind], templates_dir: Path | Traversable = TEMPLATES_DIR) -> None:
    """Every template the letters need can be read; checked before any number is claimed."""
    for kind in kinds:
        _template_bytes(template_path(kind, templates_dir))


def _environment() -> Environment:
    # StrictUndefined: a placeholder the toolkit does not fill stops the run with its name,
    # instead of printing a letter with a hole in it.
    return Environment(autoescape=True, undefined=StrictUndefined)


def _render(kind: LetterKind, context: Mapping[str, Any], templates_dir: Path | Traversable) -> DocxTemplate:
    path = template_path(kind, templates_dir)
    tpl = DocxTemplate(io.BytesIO(_template_bytes(path)))
    try:
        tpl.render(dict(context), jinja_env=_environment(), autoescape=True)
    except UndefinedError as e:
        raise TemplateProblem(
            f"Templat {path.name} memakai placeholder yang tidak dikenal ({e.message}). "
            "Periksa ejaannya; daftar placeholder ada di README bagian Letter templates."
        ) from None
    except Exception as e:  # jinja2 syntax errors and the like, in a template staff edited
        raise TemplateProblem(f"Templat {path.name} tidak dapat diisi: {e}. Periksa tanda {{{{ }}}} di templat.") from None
    return tpl


def render_docx(kind: LetterKind, context: Mapping[str, Any], out: Path,
                templates_dir: Path | Traversable = TEMPLATES_DIR) -> Path:
    """Fill the template of `kind` and save it at `out` (folders created)."""
    tpl = _render(kind, context, templates_dir)
    out.parent.mkdir(parents=True, exist_ok=True)
    tpl.save(out)
    return out


def _block_text(block: Paragraph | DocxTable) -> list[str]:
    if isinstance(block, Paragraph):
        return [block.text]
    lines = []
    for row in block.rows:
        seen: list[str] = []
        for cell in row.cells:
            text = cell.text.strip()
            if text and (not seen or seen[-1] != text):
                seen.append(text)
        if len(seen) == 3 and seen[1] == ":":
            lines.append(f"{seen[0]}: {seen[2]}")
        elif len(seen) == 3 and seen[0].rstrip(".").isdigit():
            lines.append(f"{seen[0]} {seen[1]}: {seen[2]}")
        else:
            lines.append("  |  ".join(s.replace("\n", " / ") for s in seen) if len(seen) > 1 else "".join(seen))
    return lines


def document_text(doc: Any) -> str:
    """A python-docx Document as plain text, in reading order (paragraphs and table rows)."""
    lines: list[str] = []
    for block in doc.iter_inner_content():
        lines.extend(_block_text(block))
    text = "\n".join(line.rstrip() for line in lines).replace("\u2060", "")
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def docx_text(path: Path | bytes) -> str:
    """A .docx file (or its bytes) as plain text."""
    return document_text(Document(io.BytesIO(path) if isinstance(path, bytes) else str(path)))


def render_letter(kind: LetterKind, context: Mapping[str, Any], out_docx: Path,
                  templates_dir: Path | Traversable = TEMPLATES_DIR) -> tuple[Path, Path]:
    """The .docx and its plain-text twin (.txt, UTF-8) for WhatsApp or e-mail."""
    tpl = _render(kind, context, templates_dir)
    out_docx.parent.mkdir(parents=True, exist_ok=True)
    tpl.save(out_docx)
    txt = out_docx.with_suffix(".txt")
    txt.write_text(document_text(tpl.docx), encoding="utf-8")
    return out_docx, txt


# --- placeholders and the README table ---------------------------------------------------------

_TAG = re.compile(r"\{\{\s*([A-Za-z_][\w.]*)")


def template_placeholders(path: Path | Traversable) -> list[str]:
    """Placeholders used in a .docx template (body, headers, footers), in order of appearance."""
    found: list[str] = []
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as z:
        parts = [n for n in z.namelist() if re.fullmatch(r"word/(document|header\d*|footer\d*)\.xml", n)]
        for name in sorted(parts, key=lambda n: n != "word/document.xml"):
            xml = z.read(name).decode("utf-8")
            text = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))
            for m in _TAG.finditer(text):
                if m.group(1) not in found:
                    found.append(m.group(1))
    return found


PLACEHOLDERS: dict[str, str] = {
    "kantor.nama / nama_singkat / alamat / kontak / kota / provinsi": "kop surat, dari config.toml [office]",
    "ppid.nama / nip / jabatan": "penanda tangan PPID, dari [officials.ppid]",
    "atasan.nama / nip / jabatan": "Atasan PPID, dari [officials.superior]",
    "nomor_surat, tanggal_surat, tempat_tanggal, perihal, lampiran": "nomor dan tanggal surat (tanggal dari baris register)",
    "pemohon.nama / alamat / kontak / pekerjaan / jenis / kuasa": "data pemohon dari baris register",
    "permohonan.*": "nomor, tanggal, informasi, tujuan, batas_waktu (10 HK), dasar_tenggat",
    "pemberitahuan.*": "unsur Pasal 22 ayat (7) huruf a-g: penguasaan, badan_lain, keputusan, alasan, materi, "
                       "penghitaman, format, biaya, waktu",
    "perpanjangan.*": "alasan, batas (Batas Waktu Perpanjangan), lama, dasar",
    "penolakan.*": "status, dasar (Pasal 17 huruf ...), uji_konsekuensi, konsekuensi",
    "batas_keberatan": "batas pengajuan keberatan: 30 HK setelah tanggal surat (Pasal 36 ayat (1))",
    "keberatan.*": "nomor, tanggal, alasan (Pasal 35 ayat (1)), batas_tanggapan, keputusan, tanggapan, "
                   "batas_komisi (14 HK), komisi",
}


def templates_markdown(templates_dir: Path | Traversable = TEMPLATES_DIR) -> str:
    """The README's "Letter templates" table, read from the .docx files themselves."""
    lines = [
        "| template | letter | code | date of the letter | placeholders |",
        "|---|---|---|---|---|",
    ]
    dates = {"received": "Tanggal Diterima", "notice_date": "Tanggal Pemberitahuan Tertulis",
             "extension_notice_date": "Tanggal Pemberitahuan Perpanjangan", "answer_date": "Tanggal Tanggapan"}
    for kind in KINDS:
        names = template_placeholders(template_path(kind, templates_dir))
        cells = ", ".join(f"`{n}`" for n in names)
        lines.append(f"| `templates/{kind.template}` | {kind.title} | {kind.code} | {dates[kind.date_field]} | {cells} |")
    return "\n".join(lines) + "\n"

