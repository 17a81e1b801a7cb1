"""The letters: their kinds as data, the context each template gets, and rendering.

Seven kinds (`KINDS`), each with its Indonesian title, template file, number code, register,
the row condition that calls for it, the date it carries and the fields it needs. A letter
carries the date in its row (decision, notice or receipt date), never the day it is printed.

Templates are .docx files with Jinja placeholders (automation/templates/, shipped in the package
and read with importlib.resources; built once by automation/templates/build_templates.py, then
edited by the office in Word; a copy in the office's `[output] templates` folder wins). They are rendered with
docxtpl and `autoescape=True`, so & < > " in what a requester typed print literally; a
requester's "{{ x }}" is data, not template: Jinja renders a template once and never re-reads
the values it inserts. Variable sentences (the decision, the reason, the cost) are built
here, so the templates hold no Jinja logic and staff can reword the fixed text freely.
Each template is opened, cleaned and compiled once per run (automation/letters/compiled.py);
a letter is then docxtpl's rendering alone, the same file docxtpl's own render makes.

The plain-text version of a letter (for WhatsApp or e-mail) is read back from the rendered
.docx, so an office's edits to a template show in both.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from docx import Document
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph
from docxtpl import DocxTemplate
from jinja2 import Environment, StrictUndefined, UndefinedError

from automation.letters.compiled import CompilingEnvironment, PreparedTemplate, prepare
from automation.rules.bundled import template_file, templates_folder
from automation.rules.calendar import WorkCalendar
from automation.rules.config import Config
from automation.rules.deadlines import (
    DeadlineRules,
    deadline_rules_from_config,
)
from automation.rules.errors import PpidError
from automation.rules.letter_kinds import (  # noqa: F401 - re-exported: the kinds are part of this module's API
    INCOMPLETE,
    KINDS,
    KINDS_BY_KEY,
    KINDS_BY_SLUG,
    NOT_HELD,
    LetterKind,
    Record,
    Register,
    held_by,
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
PKPU = "Peraturan KPU Nomor 22 Tahun 2023 sebagaimana telah diubah terakhir dengan Peraturan KPU Nomor 4 Tahun 2025"
KPU_PRACTICE = "ketentuan pelayanan informasi publik di lingkungan KPU"
# Pasal 35 ayat (1): the objection grounds that fit each outcome of a written notice.
GROUNDS_FOR = {
    "pasal17": ("a",),
    "partial": ("a", "e"),
    "not_held": ("d", "e"),
    "incomplete": ("e",),
    "granted": ("d", "f", "g"),
}


class TemplateProblem(PpidError):
    """A template is missing or uses a placeholder the toolkit does not fill."""


def missing_fields(kind: LetterKind, record: Record, dik: Mapping[str, DikEntry] | None = None,
                   findings: Sequence[Any] = ()) -> list[str]:
    """Indonesian reasons the letter cannot be made yet ([] when it can): a field it needs is
    empty or unreadable, or a cell it prints has an error finding (`findings`, the row's)."""
    layout = REQUESTS if kind.register == "requests" else OBJECTIONS
    unreadable = {i.key: i for i in record.issues}
    reasons = []
    for key in kind.requires:
        value = getattr(record, key)
        if value not in (None, ""):
            continue
        if key == "refusal_reason" and isinstance(record, Request) and _dik_letter(record, dik or {}):
            continue  # a refusal recorded by DIK code alone: the DIK entry gives the Pasal 17 letter
        header = layout.header(key)
        issue = unreadable.get(key)
        if issue is not None and issue.problem is not None:
            reasons.append(f"{header} tidak terbaca (\"{issue.problem.raw}\")")
        else:
            reasons.append(f"{header} kosong")
    if isinstance(record, Request) and kind.key in ("notice", "refusal"):
        decision = record.decision.casefold()
        basis = bool(record.refusal_reason) or bool(_dik_letter(record, dik or {}))
        if kind.key == "notice" and decision == "ditolak" and not basis:
            reasons.append(f"{REQUESTS.header('refusal_reason')} kosong")
        if decision == "diterima sebagian" and not record.withheld:
            reasons.append(f"{REQUESTS.header('withheld')} kosong")
        if _letter(record, dik or {}) == "j" and not record.other_law:
            reasons.append(f"{REQUESTS.header('other_law')} kosong")
    reasons.extend(held_by(kind, findings))
    return reasons


def _dik_entry(r: Request, dik: Mapping[str, DikEntry]) -> DikEntry | None:
    return dik.get(r.dik_code.strip().upper()) if r.dik_code else None


def _dik_letter(r: Request, dik: Mapping[str, DikEntry]) -> str:
    entry = _dik_entry(r, dik)
    letter = entry.article.rsplit(" ", 1)[-1].strip().casefold() if entry and entry.article else ""
    return letter if letter in PASAL17 else ""


def _letter(r: Request, dik: Mapping[str, DikEntry]) -> str:
    """The Pasal 17 letter: Alasan Penolakan first, else the DIK entry."""
    return r.pasal17_letter or _dik_letter(r, dik)


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


def office_context(cfg: Config) -> dict[str, str]:
    """The letterhead (kop surat) from config.toml [office]: the same for every letter and the
    report. `kontak` (telephone, e-mail) and `situs` are separate lines so an e-mail address or
    a web address never breaks across lines; `logo` is the picture's path ("" = none)."""
    o = cfg.office
    contact = "   ".join(x for x in (
        f"Telepon {o.phone}" if o.phone else "", f"Email {o.email}" if o.email else "") if x)
    logo = getattr(o, "logo", None)
    return {
        "nama": clean(o.name), "nama_singkat": clean(o.short_name), "induk": clean(o.parent),
        "alamat": clean(o.address), "kota": clean(o.city), "provinsi": clean(o.province),
        "telepon": clean(o.phone), "email": clean(o.email), "situs": clean(o.website, ""),
        "kontak": clean(contact, ""), "logo": str(logo) if logo and Path(logo).is_file() else "",
    }


_office = office_context


def _official(official) -> dict[str, str]:
    return {"nama": clean(official.name), "nip": clean(official.nip), "jabatan": clean(official.title)}


ORGANISATIONS = ("badan hukum", "kelompok orang")


def addressee(name: str, requester_type: str = "") -> str:
    """"Pimpinan PT Media Jambi Ekspres" for a legal entity or a group, "Sdr./Sdri. Siti" for a person."""
    if requester_type.casefold() in ORGANISATIONS:
        return f"Pimpinan {name}"
    return f"Sdr./Sdri. {name}"


def _requester(r: Record, request: Request | None = None) -> dict[str, str]:
    out = {
        "nama": clean(r.name), "alamat": clean(r.address), "telepon": clean(r.phone), "email": clean(r.email),
        "kontak": clean(_contact(r.phone, r.email)), "pekerjaan": clean(r.occupation), "kuasa": clean(r.proxy_name),
    }
    kind = r.requester_type if isinstance(r, Request) else (request.requester_type if request is not None else "")
    out["jenis"] = clean(kind)
    out["yth"] = clean(addressee(clean(r.name), kind))
    return out


def copies_text(cfg: Config, kind_key: str) -> str:
    """"Tembusan:\n1. Atasan PPID\n2. Arsip" from config.toml [tembusan]; "" when none."""
    copies = cfg.copies.for_kind(kind_key) if hasattr(cfg, "copies") else ()
    if not copies:
        return ""
    return "Tembusan:\n" + "\n".join(f"{i}. {clean(c)}" for i, c in enumerate(copies, 1))


def _request_part(r: Request, cfg: Config, cal: WorkCalendar, rules: DeadlineRules) -> tuple[dict, dict]:
    """The "permohonan" and "perpanjangan" parts."""
    track = rules.for_track(r.election)
    due = due_ext = start = None
    if r.received is not None:
        start = cal.effective_receipt(r.received, r.received_time)
        due = cal.add_working_days(start, track.notice.working_days)
        due_ext = cal.add_working_days(due, track.extension.working_days)
    when = format_day_date_id(r.received)
    if r.received_time is not None:
        when += f" pukul {r.received_time.strftime('%H.%M')} WIB"
    basis = (f"Pasal 22 ayat (7) dan ayat (8) {UU_KIP}" if not r.election else PERKI_PEMILU) + f" serta {PKPU}"
    permohonan = {
        "nomor": clean(r.number), "tanggal": clean(format_date_id(r.received)),
        "hari_tanggal": clean(format_day_date_id(r.received)), "waktu_diterima": clean(when),
        "mulai": clean(format_day_date_id(start)),
        "kanal": clean(r.channel), "kategori": clean(r.category), "informasi": clean(r.information),
        "tujuan": clean(r.purpose), "cara_memperoleh": clean(r.access_method), "cara_salinan": clean(r.copy_method),
        "bentuk": clean(r.form), "petugas": clean(r.officer), "batas_waktu": clean(format_day_date_id(due)),
        "lama_pemberitahuan": days_text(track.notice.working_days),
        "lama_perpanjangan": days_text(track.extension.working_days), "dasar_tenggat": basis,
    }
    perpanjangan = {
        "alasan": clean(r.extension_reason), "batas": clean(format_day_date_id(due_ext)),
        "lama": days_text(track.extension.working_days),
        "dasar": (f"Pasal 22 ayat (8) {UU_KIP}" if not r.election else PERKI_PEMILU) + f" serta {PKPU}",
    }
    return permohonan, perpanjangan


def _completion_part(r: Request, date: dt.date, cal: WorkCalendar, rules: DeadlineRules) -> dict[str, str]:
    """Pemberitahuan Kelengkapan Persyaratan: what is missing and by when (3 + 3 working days)."""
    due = cal.add_working_days(date, rules.completion.working_days) if date is not None else None
    return {
        "kurang": clean(r.missing_requirements),
        "lama": days_text(rules.completion.working_days),
        "lama_pemberitahuan": days_text(rules.completion_notice.working_days),
        "batas": clean(format_day_date_id(due)),
        "dasar": f"{KPU_PRACTICE} ({PKPU})",
    }


def _outcome(r: Request, dik: Mapping[str, DikEntry]) -> str:
    """granted / partial / pasal17 / not_held / incomplete / refused (no basis yet)."""
    decision, reason = r.decision.casefold(), r.refusal_reason.casefold()
    if reason == INCOMPLETE:
        return "incomplete"
    if reason in NOT_HELD:
        return "not_held"
    if decision == "diterima sebagian":
        return "partial"
    if decision == "ditolak":
        return "pasal17" if _letter(r, dik) else "refused"
    return "granted"


def _grounds_text(outcome: str) -> str:
    letters = GROUNDS_FOR.get(outcome, tuple(OBJECTION_GROUNDS))
    if len(letters) == 1:
        return f"Pasal 35 ayat (1) huruf {letters[0]}"
    return "Pasal 35 ayat (1) huruf " + ", ".join(letters[:-1]) + f" atau {letters[-1]}"


def _refusal_basis(r: Request, dik: Mapping[str, DikEntry]) -> dict[str, str]:
    """Pasal 17 letter, its meaning, the other law (huruf j), the consequence test and the
    consequences it recorded (the DIK entry); or the other reasons."""
    entry = _dik_entry(r, dik)
    letter = _letter(r, dik)
    test_ref = r.consequence_test or (entry.consequence_test if entry else "")
    partial = r.decision.casefold() == "diterima sebagian"
    scope = (f"bagian informasi yang dimohon berupa {clean(r.withheld)}" if partial and r.withheld
             else "informasi yang dimohon")
    if letter in PASAL17:
        meaning = PASAL17[letter]
        test = clean(test_ref, "")
        if entry is not None:
            test = "; ".join(x for x in (test, f"Daftar Informasi yang Dikecualikan kode {clean(entry.code)}") if x)
        dasar = (f"Pasal 17 huruf {letter} {UU_KIP}, yaitu informasi yang apabila dibuka dapat {meaning}"
                 if letter not in ("i", "j") else f"Pasal 17 huruf {letter} {UU_KIP}: {meaning}")
        if letter == "j":
            dasar += f", yaitu {clean(r.other_law)}"
        if entry is not None and entry.consequence:
            konsekuensi = clean(entry.consequence)
        elif test:
            konsekuensi = f"sebagaimana diuraikan dalam penetapan uji konsekuensi {test}"
        else:
            konsekuensi = "-"
        return {
            "status": "INFORMASI YANG DIKECUALIKAN",
            "pasal": f"Pasal 17 huruf {letter}",
            "dasar": dasar,
            "uraian": meaning,
            "uji_konsekuensi": test or "-",
            "konsekuensi": konsekuensi,
            "lingkup": scope,
            "judul": "PENOLAKAN SEBAGIAN PERMOHONAN INFORMASI PUBLIK" if partial
            else "PENOLAKAN PERMOHONAN INFORMASI PUBLIK",
            "putusan": (f"PERMOHONAN INFORMASI DITOLAK UNTUK BAGIAN: {clean(r.withheld).upper()}" if partial
                        else "PERMOHONAN INFORMASI DITOLAK"),
        }
    reason = clean(r.refusal_reason)
    status = {"belum dikuasai": "INFORMASI YANG TIDAK DIKUASAI",
              "belum didokumentasikan": "INFORMASI YANG BELUM DIDOKUMENTASIKAN",
              "syarat tidak lengkap": "PERMOHONAN YANG TIDAK MEMENUHI PERSYARATAN"}.get(reason.casefold(), reason.upper())
    return {"status": status, "pasal": "-", "dasar": reason, "uraian": reason, "uji_konsekuensi": "-",
            "konsekuensi": "-", "lingkup": scope, "judul": "PENOLAKAN PERMOHONAN INFORMASI PUBLIK",
            "putusan": "PERMOHONAN INFORMASI DITOLAK"}


_FORM = {"softcopy": "salinan elektronik (softcopy)", "hardcopy": "salinan cetak (hardcopy)",
         "softcopy dan hardcopy": "salinan elektronik (softcopy) dan salinan cetak (hardcopy)"}
_DELIVERY = {"mengambil langsung": "diambil langsung oleh Saudara di kantor {office}", "kurir": "dikirim melalui kurir",
             "pos": "dikirim melalui pos", "faksimili": "dikirim melalui faksimili", "email": "dikirim melalui email"}


def delivery_sentence(r: Request, office: str) -> str:
    """Huruf f as a sentence: "Informasi diberikan dalam bentuk salinan elektronik (softcopy), dikirim melalui email."."""
    access, form, copy = r.access_method.casefold(), r.form.casefold(), r.copy_method.casefold()
    what = _FORM.get(form, "")
    if access.startswith("melihat"):
        return (f"Informasi dapat dilihat, dibaca, didengarkan, dan dicatat di kantor {office}"
                + (f" dalam bentuk {what}" if what else "") + ".")
    if not (what or copy):
        return "-"
    text = "Informasi diberikan" + (f" dalam bentuk {what}" if what else " berupa salinan")
    if copy in _DELIVERY:
        text += ", " + _DELIVERY[copy].format(office=office)
    return text + "."


def _notice_part(r: Request, cfg: Config, refusal: dict[str, str], outcome: str) -> dict[str, str]:
    """The seven elements of UU KIP Pasal 22 ayat (7), as sentences fitting the outcome."""
    office = cfg.office.short_name
    holding = r.holding.casefold()
    if holding == "dikuasai":
        penguasaan = f"Informasi yang dimohon berada di bawah penguasaan {office}."
    elif holding == "tidak dikuasai":
        penguasaan = f"Informasi yang dimohon tidak berada di bawah penguasaan {office}."
    elif holding == "belum didokumentasikan":
        penguasaan = (f"Informasi yang dimohon belum didokumentasikan oleh {office}, sehingga belum berada "
                      "di bawah penguasaan kami.")
    else:
        penguasaan = "-"
    if r.other_body:
        badan_lain = (f"Informasi yang dimohon dikuasai oleh {r.other_body}; Saudara dapat mengajukan "
                      "permohonan kepada badan publik tersebut.")
    elif holding in ("tidak dikuasai", "belum didokumentasikan"):
        badan_lain = "Kami tidak mengetahui badan publik lain yang menguasai informasi tersebut."
    else:
        badan_lain = f"Tidak ada; informasi dikuasai oleh {office}."
    fee = format_rupiah(r.fee) if r.fee is not None else "-"
    none = "Tidak ada, karena informasi tidak diberikan."
    if outcome in ("not_held", "incomplete", "pasal17", "refused"):
        if outcome == "not_held":
            keputusan = ("Permohonan tidak dapat dipenuhi karena informasi yang dimohon "
                         + ("belum didokumentasikan." if "didokumentasikan" in r.refusal_reason.casefold()
                            else "tidak berada di bawah penguasaan kami.")
                         + " Ini bukan penolakan berdasarkan pengecualian Pasal 17.")
            alasan = "Bukan penolakan: informasi tidak dikuasai (Pasal 22 ayat (7) huruf a dan b)."
        elif outcome == "incomplete":
            keputusan = ("Permohonan tidak dapat diproses karena persyaratan permohonan tidak dilengkapi "
                         "sampai batas waktu yang diberikan.")
            alasan = f"Persyaratan yang tidak dilengkapi: {clean(r.missing_requirements)}."
        else:
            keputusan = "Permohonan DITOLAK."
            alasan = refusal["dasar"] + "."
        materi = penghitaman = fmt = biaya = waktu = none
        if outcome == "incomplete":
            materi = "Tidak ada. Saudara dapat mengajukan permohonan baru dengan persyaratan lengkap."
    else:
        partial = outcome == "partial"
        keputusan = ("Permohonan DITERIMA SEBAGIAN: informasi diberikan kecuali bagian yang dikecualikan."
                     if partial else "Permohonan DITERIMA: informasi dapat diberikan.")
        alasan = (f"Bagian yang dikecualikan ditolak berdasarkan {refusal['pasal']} {UU_KIP_SHORT} "
                  f"({refusal['uraian']}), ditetapkan dengan Surat Keputusan PPID." if partial
                  else "Tidak ada penolakan.")
        materi = (f"{r.information}, kecuali {clean(r.withheld)}" if partial else r.information)
        if partial:
            penghitaman = f"{clean(r.withheld)} (dihitamkan atau tidak diberikan; alasan: lihat huruf c)."
        else:
            penghitaman = "Tidak ada bagian yang dihitamkan."
        fmt = delivery_sentence(r, office)
        if r.fee in (None, 0):
            biaya = "Tanpa biaya." if r.fee == 0 or r.payment_method.casefold() == "tanpa biaya" else "-"
        else:
            biaya = (f"Biaya penggandaan/pengiriman {fee}"
                     + (f", dibayar secara {r.payment_method.lower()}" if r.payment_method else "") + ".")
        waktu = (format_day_date_id(r.given_date) if r.given_date
                 else "Informasi diberikan sesuai jadwal yang disepakati.")
    return {
        "penguasaan": clean(penguasaan), "badan_lain": clean(badan_lain), "keputusan": clean(keputusan),
        "alasan": clean(alasan), "materi": clean(materi), "penghitaman": clean(penghitaman),
        "format": clean(fmt), "biaya": clean(biaya), "waktu": clean(waktu), "nominal": clean(fee),
        "cara_bayar": clean(r.payment_method),
        "dasar_keberatan": _grounds_text(outcome),
    }


UU_KIP_SHORT = "UU Nomor 14 Tahun 2008"

_VERDICT = {"dikabulkan": "DIKABULKAN", "dikabulkan sebagian": "DIKABULKAN SEBAGIAN", "ditolak": "DITOLAK"}
# Per ground of Pasal 35 ayat (1): what granting it means, and what rejecting it means.
_GROUND_ANSWER = {
    "a": ("informasi yang ditolak berdasarkan Pasal 17 akan diberikan",
          "sebagian informasi yang ditolak akan diberikan; bagian lainnya tetap dikecualikan",
          "penolakan PPID berdasarkan Pasal 17 dikuatkan"),
    "b": ("informasi berkala yang dimaksud akan diumumkan", "sebagian informasi berkala akan diumumkan",
          "informasi berkala yang dimaksud telah tersedia atau bukan informasi berkala"),
    "c": ("PPID diperintahkan menjawab permohonan dengan pemberitahuan tertulis",
          "PPID diperintahkan menjawab sebagian permohonan", "permohonan telah ditanggapi sesuai ketentuan"),
    "d": ("informasi akan diberikan sesuai yang diminta", "sebagian informasi akan diberikan sesuai yang diminta",
          "tanggapan PPID telah sesuai dengan yang diminta"),
    "e": ("permintaan informasi akan dipenuhi", "permintaan informasi akan dipenuhi sebagian",
          "permintaan informasi tidak dapat dipenuhi sebagaimana dijelaskan dalam pemberitahuan tertulis"),
    "f": ("biaya ditinjau kembali dan disesuaikan dengan biaya riil penggandaan dan/atau pengiriman",
          "sebagian biaya ditinjau kembali dan disesuaikan dengan biaya riil penggandaan dan/atau pengiriman",
          "biaya yang dikenakan telah sesuai dengan biaya riil penggandaan dan/atau pengiriman"),
    "g": ("keterlambatan diakui dan informasi akan segera disampaikan",
          "keterlambatan diakui sebagian; informasi akan segera disampaikan",
          "informasi telah disampaikan dalam jangka waktu yang diatur"),
}


def answer_text(decision: str, grounds: Sequence[str], reasoning: str = "") -> str:
    """The Atasan PPID's answer, addressing each ground raised (Pasal 35 ayat (1) a-g)."""
    verdict = _VERDICT.get(decision.casefold())
    if verdict is None:
        return clean(decision)
    which = {"DIKABULKAN": 0, "DIKABULKAN SEBAGIAN": 1, "DITOLAK": 2}[verdict]
    parts = [f"atas alasan huruf {g} ({OBJECTION_GROUNDS[g].lower()}): {_GROUND_ANSWER[g][which]}"
             for g in grounds if g in _GROUND_ANSWER]
    text = f"Keberatan {verdict}" + (", " + "; ".join(parts) if parts else "") + "."
    if reasoning:
        text += f" Pertimbangan: {clean(reasoning)}"
    return text


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
        "dasar_tenggat": (f"Pasal 36 ayat (2) {UU_KIP}" if not election else PERKI_PEMILU) + f" serta {PKPU}",
        "keputusan": clean(o.decision),
        "tanggapan": clean(answer_text(o.decision, o.grounds, getattr(o, "reasoning", ""))),
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
    dik = dik or {}
    ctx: dict[str, Any] = {
        "kantor": office_context(cfg),
        "ppid": _official(cfg.ppid),
        "atasan": _official(cfg.superior),
        "nomor_surat": clean(number),
        "tanggal_surat": format_date_id(date),
        "hari_tanggal_surat": format_day_date_id(date),
        "tempat_tanggal": f"{clean(cfg.office.city)}, {format_date_id(date)}",
        "judul": kind.title,
        "perihal": kind.title,
        "lampiran": "-",
        "pemohon": _requester(record, request),
        "batas_keberatan": clean(format_day_date_id(objection_filing_due(date, cal, rules))),
        "tembusan": copies_text(cfg, kind.key),
        "pkpu": PKPU,
    }
    if isinstance(record, Request):
        ctx["permohonan"], ctx["perpanjangan"] = _request_part(record, cfg, cal, rules)
        refusal = _refusal_basis(record, dik)
        ctx["penolakan"] = refusal
        outcome = _outcome(record, dik)
        ctx["pemberitahuan"] = _notice_part(record, cfg, refusal, outcome)
        ctx["kelengkapan"] = _completion_part(record, date, cal, rules)
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


def with_logo(tpl: DocxTemplate, context: Mapping[str, Any]) -> dict[str, Any]:
    """The context with kantor.logo as a picture (a path from config.toml, never from a cell)."""
    ctx = dict(context)
    office = ctx.get("kantor")
    if isinstance(office, Mapping) and office.get("logo"):
        from docx.shared import Cm
        from docxtpl import InlineImage

        ctx["kantor"] = {**office, "logo": InlineImage(tpl, str(office["logo"]), height=Cm(2.0))}
    return ctx


_PREPARED: dict[tuple[str, str], tuple[bytes, PreparedTemplate | None]] = {}
_COMPILING = CompilingEnvironment()


def _prepared(path: Path | Traversable, data: bytes, context: Mapping[str, Any]) -> PreparedTemplate | None:
    """The template at `path` opened, cleaned and compiled once per run (again when its file
    changes), one per logo (the picture becomes a part of the prepared package)."""
    office = context.get("kantor")
    logo = str(office.get("logo") or "") if isinstance(office, Mapping) else ""
    if logo and Path(logo).is_file():
        logo += f"@{Path(logo).stat().st_mtime_ns}"
    key = (str(path), logo)
    cached = _PREPARED.get(key)
    if cached is None or cached[0] is not data:
        cached = _PREPARED[key] = (data, prepare(data, _COMPILING))
    return cached[1]


def _fill(kind: LetterKind, context: Mapping[str, Any],
          templates_dir: Path | Traversable) -> tuple[Callable[[Path], None], Any]:
    """Fill the template of `kind`: a function that saves the .docx, and the filled document
    (python-docx) for the plain text. A template is prepared once (`automation.letters.compiled`);
    one it cannot prepare is filled by docxtpl's own render, with the same result."""
    path = template_path(kind, templates_dir)
    data = _template_bytes(path)
    try:
        prepared = _prepared(path, data, context)
        if prepared is not None:
            letter = prepared.render(with_logo(prepared.tpl, context))
            return (lambda out: prepared.write(letter, out)), letter.document
        tpl = DocxTemplate(io.BytesIO(data))
        tpl.render(with_logo(tpl, context), jinja_env=_environment(), autoescape=True)
        return tpl.save, tpl.docx
    except UndefinedError as e:
        raise TemplateProblem(
            f"Templat {path.name} memakai placeholder yang tidak dikenal ({e.message}). "
            "Periksa ejaannya; daftar placeholder ada di README bagian Letter templates."
        ) from None
    except Exception as e:  # jinja2 syntax errors and the like, in a template staff edited
        raise TemplateProblem(f"Templat {path.name} tidak dapat diisi: {e}. Periksa tanda {{{{ }}}} di templat.") from None


def render_docx(kind: LetterKind, context: Mapping[str, Any], out: Path,
                templates_dir: Path | Traversable = TEMPLATES_DIR) -> Path:
    """Fill the template of `kind` and save it at `out` (folders created)."""
    save, _document = _fill(kind, context, templates_dir)
    out.parent.mkdir(parents=True, exist_ok=True)
    save(out)
    return out


SIGNATURE_TABLE = "tanda tangan"  # the caption (w:tblCaption) of signature tables in the templates


def _is_signature(table: DocxTable) -> bool:
    caption = table._tbl.tblPr.find(qn("w:tblCaption")) if table._tbl.tblPr is not None else None
    return caption is not None and caption.get(qn("w:val")) == SIGNATURE_TABLE


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_RUN, _HYPERLINK, _PARAGRAPH, _BREAK_TYPE = f"{_W}r", f"{_W}hyperlink", f"{_W}p", f"{_W}type"
_RUN_TEXT: dict[str, Callable[[Any], str]] = {
    f"{_W}t": lambda e: e.text or "",
    f"{_W}tab": lambda e: "\t",
    f"{_W}ptab": lambda e: "\t",
    f"{_W}cr": lambda e: "\n",
    f"{_W}noBreakHyphen": lambda e: "-",
    f"{_W}br": lambda e: "\n" if e.get(_BREAK_TYPE, "textWrapping") == "textWrapping" else "",
}


def _run_text(run: Any) -> str:
    return "".join(f(e) for e in run if (f := _RUN_TEXT.get(e.tag)) is not None)


def paragraph_text(p: Any) -> str:
    """python-docx's `Paragraph.text` of a w:p element (its runs and hyperlinks; tabs, line
    breaks, non-breaking hyphens as characters), read straight from the XML: the same text
    without an XPath query per run, which made the plain-text twin as slow as the letter."""
    parts = []
    for child in p:
        if child.tag == _RUN:
            parts.append(_run_text(child))
        elif child.tag == _HYPERLINK:
            parts.extend(_run_text(r) for r in child if r.tag == _RUN)
    return "".join(parts)


def _cell_text(cell: Any) -> str:
    """python-docx's `_Cell.text`: its paragraphs, one per line."""
    return "\n".join(paragraph_text(p) for p in cell._tc if p.tag == _PARAGRAPH)


def _block_text(block: Paragraph | DocxTable) -> list[str]:
    if isinstance(block, Paragraph):
        text = paragraph_text(block._p)
        if not text.strip():
            return [text]
        after = block.paragraph_format.space_after
        # a paragraph the letter sets apart by spacing is set apart by a blank line in the message
        before = block.paragraph_format.space_before
        out = [text, ""] if after is not None and after.pt >= 3 else [text]
        return [""] + out if before is not None and before.pt >= 3 else out
    if _is_signature(block):
        # A message ends with the official's signature lines; the requester signs on paper only.
        cell = block.rows[0].cells[-1]
        return [""] + [t for p in cell._tc if p.tag == _PARAGRAPH and (t := paragraph_text(p)).strip()]
    lines = []
    for row in block.rows:
        cells = row.cells
        seen: list[str] = []
        for cell in cells:
            text = _cell_text(cell).strip()
            if text and (not seen or seen[-1] != text):
                seen.append(text)
        if len(seen) == 3 and seen[1] == ":":
            if seen[2] != "-":  # an empty field is left out of a message
                lines.append(f"{seen[0]}: {seen[2]}")
        elif len(seen) == 2 and seen[1] == ":":
            continue
        elif len(seen) == 2 and not _cell_text(cells[0]).strip():  # a numbered table's unnumbered row
            lines.append(f"{seen[0]}: {seen[1]}")
        elif len(seen) == 3 and (seen[0].rstrip(".").isdigit() or len(seen[0].rstrip(".")) == 1):
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
    save, document = _fill(kind, context, templates_dir)
    out_docx.parent.mkdir(parents=True, exist_ok=True)
    save(out_docx)
    txt = out_docx.with_suffix(".txt")
    txt.write_text(document_text(document), encoding="utf-8")
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
    "kantor.nama / nama_singkat / alamat / kontak / situs / logo / kota / provinsi": "kop surat, dari config.toml [office]",
    "tembusan": "tembusan per jenis surat, dari config.toml [tembusan] (kosong: tidak dicetak)",
    "pkpu": "Peraturan KPU 22/2023 sebagaimana telah diubah terakhir dengan Peraturan KPU 4/2025",
    "kelengkapan.*": "kurang (persyaratan yang kurang), batas, lama, lama_pemberitahuan, dasar",
    "ppid.nama / nip / jabatan": "penanda tangan PPID, dari [officials.ppid]",
    "atasan.nama / nip / jabatan": "Atasan PPID, dari [officials.superior]",
    "nomor_surat, tanggal_surat, tempat_tanggal, perihal, lampiran": "nomor dan tanggal surat (tanggal dari baris register)",
    "pemohon.nama / alamat / kontak / pekerjaan / jenis / kuasa / yth": "data pemohon dari baris register "
                                                                       "(yth: Sdr./Sdri. atau Pimpinan ...)",
    "permohonan.*": "nomor, tanggal, informasi, tujuan, batas_waktu (10 HK), dasar_tenggat",
    "pemberitahuan.*": "unsur Pasal 22 ayat (7) huruf a-g: penguasaan, badan_lain, keputusan, alasan, materi, "
                       "penghitaman, format, biaya, waktu; dasar_keberatan (Pasal 35 ayat (1) yang sesuai)",
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
    dates = {k.date_field: (REQUESTS if k.register == "requests" else OBJECTIONS).header(k.date_field) for k in KINDS}
    for kind in KINDS:
        names = template_placeholders(template_path(kind, templates_dir))
        cells = ", ".join(f"`{n}`" for n in names)
        lines.append(f"| `templates/{kind.template}` | {kind.title} | {kind.code} | {dates[kind.date_field]} | {cells} |")
    return "\n".join(lines) + "\n"

