"""The classic 21-column Register Permohonan Informasi Publik (KPU Model PPID-C, Perki 1/2021),
made from the toolkit's register for the Komisi Informasi or an audit.

The headers come from `sheets.layout.PERKI_EXPORT`; this module says how each one is filled
from a request. Ticks are "✓". The classic form holds address and contact: with `mask=True`
(for anything that leaves the office) they are masked, as UU 27/2022 asks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from automation.rules.records import Request
from automation.rules.values import format_day_date_id, format_rupiah
from sheets.layout import PERKI_EXPORT

TICK = "✓"


def mask(text: str, keep_start: int = 4, keep_end: int = 2) -> str:
    """1503014101900001 -> 1503**********01; short text is masked whole."""
    s = text.strip()
    if not s:
        return ""
    if len(s) <= keep_start + keep_end:
        return "*" * len(s)
    return s[:keep_start] + "*" * (len(s) - keep_start - keep_end) + s[-keep_end:]


def mask_address(text: str) -> str:
    """Keep only the last part (regency/province), useful for statistics and not identifying:
    "Jl. Merdeka No. 5, RT 02, Kec. Limun, Kab. Sarolangun" -> "***, Kab. Sarolangun"."""
    parts = [p.strip() for p in text.split(",") if p.strip()]
    return f"***, {parts[-1]}" if len(parts) > 1 else ("***" if parts else "")


def _tick(condition: bool) -> str:
    return TICK if condition else ""


def _contact(r: Request, masked: bool) -> str:
    parts = [p for p in (r.phone, r.email) if p]
    return " / ".join(mask(p) if masked else p for p in parts)


def _fee(r: Request) -> str:
    if r.fee is None and not r.payment_method:
        return ""
    amount = format_rupiah(r.fee) if r.fee is not None else ""
    return f"{amount} ({r.payment_method})" if r.payment_method and amount else amount or r.payment_method


FILLERS: dict[str, Callable[[Request, bool], str]] = {
    "Tanggal": lambda r, m: r.received.strftime("%d-%m-%Y") if r.received else "",
    "Nama": lambda r, m: r.name,
    "Alamat": lambda r, m: mask_address(r.address) if m else r.address,
    "Nomor Kontak": _contact,
    "Pekerjaan": lambda r, m: r.occupation,
    "Informasi yang Diminta": lambda r, m: r.information,
    "Tujuan Penggunaan Informasi": lambda r, m: r.purpose,
    "Status Informasi: Di Bawah Penguasaan": lambda r, m: "Ya" if r.holding == "Dikuasai" else (
        "Tidak" if r.holding else ""),
    "Status Informasi: Belum Didokumentasikan": lambda r, m: _tick(r.holding == "Belum Didokumentasikan"),
    "Bentuk Informasi yang Dikuasai: Softcopy": lambda r, m: _tick("Softcopy" in r.form),
    "Bentuk Informasi yang Dikuasai: Hardcopy": lambda r, m: _tick("Hardcopy" in r.form),
    "Jenis Permohonan: Melihat/Mengetahui": lambda r, m: _tick(r.access_method.startswith("Melihat")),
    "Jenis Permohonan: Meminta Salinan": lambda r, m: _tick(r.access_method == "Mendapatkan Salinan"),
    "Keputusan: Diterima": lambda r, m: _tick(r.decision == "Diterima"),
    "Keputusan: Diterima Sebagian": lambda r, m: _tick(r.decision == "Diterima Sebagian"),
    "Keputusan: Ditolak": lambda r, m: _tick(r.decision == "Ditolak"),
    "Alasan Penolakan": lambda r, m: r.refusal_reason,
    "Hari dan Tanggal Pemberitahuan Tertulis": lambda r, m: format_day_date_id(r.notice_date),
    "Hari dan Tanggal Pemberian Informasi": lambda r, m: format_day_date_id(r.given_date),
    "Biaya dan Cara Pembayaran": lambda r, m: _fee(r),
}

HEADERS: tuple[str, ...] = tuple(h for h, _ in PERKI_EXPORT)


def perki_rows(requests: Sequence[Request], start: dt.date, end: dt.date, *, masked: bool = False
               ) -> list[list[str | int]]:
    """One row per request received in [start, end], in order of receipt, numbered from 1."""
    chosen = sorted((r for r in requests if r.received is not None and start <= r.received <= end),
                    key=lambda r: (r.received, r.ref.row))
    rows: list[list[str | int]] = []
    for n, r in enumerate(chosen, start=1):
        rows.append([n, *(FILLERS[h](r, masked) for h in HEADERS[1:])])
    return rows
