"""Register rows for the letter tests: full rows, as staff would type them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sheets.layout import HOLIDAYS, LETTERS, OBJECTIONS, REQUESTS, Tab
from sheets.memory import MemoryBackend

REQUEST_FULL: dict[str, object] = {
    "number": "001/PPID/XI/2026",
    "received": "27-11-2026",
    "received_time": "10:15",
    "channel": "Datang Langsung",
    "category": "Badan Publik",
    "requester_type": "Perorangan",
    "name": "Siti Rahmawati",
    "identity": "1503014507900001",
    "address": "Jl. Merdeka No. 5, Sarolangun",
    "phone": "081234567890",
    "email": "siti@example.id",
    "occupation": "Wartawan",
    "proxy_name": "",
    "information": "Salinan Keputusan KPU tentang Penetapan DPT Pemilihan 2024",
    "purpose": "Bahan pemberitaan",
    "access_method": "Mendapatkan Salinan",
    "copy_method": "Email",
    "form": "Softcopy",
    "holding": "Dikuasai",
    "officer": "Andi Petugas",
    "decision": "Diterima",
    "notice_date": "11-12-2026",
    "given_date": "14-12-2026",
    "fee": "150000",
    "payment_method": "Tunai",
}

OBJECTION_FULL: dict[str, object] = {
    "number": "001/KEB/PPID/I/2027",
    "received": "06-01-2027",
    "request_number": "001/PPID/XI/2026",
    "name": "Siti Rahmawati",
    "address": "Jl. Merdeka No. 5, Sarolangun",
    "phone": "081234567890",
    "occupation": "Wartawan",
    "information": "Salinan Keputusan KPU tentang Penetapan DPT Pemilihan 2024",
    "purpose": "Bahan pemberitaan",
    "ground_a": "Ya",
    "ground_e": "Ya",
    "summary": "Pemohon menilai informasi tidak dikecualikan.",
    "decision": "Dikabulkan Sebagian",
    "answer_date": "12-01-2027",
}


def grid(tab: Tab, rows: Sequence[Mapping[str, object]]) -> list[list[object]]:
    """A grid with the layout's headers and one line per row dict (keys are layout keys)."""
    return [list(tab.headers)] + [[row.get(c.key) for c in tab.columns] for row in rows]


def request(**changes: object) -> dict[str, object]:
    return {**REQUEST_FULL, **changes}


def objection(**changes: object) -> dict[str, object]:
    return {**OBJECTION_FULL, **changes}


def backend(requests: Sequence[Mapping[str, object]], objections: Sequence[Mapping[str, object]] = (),
            letters: Sequence[Sequence[object]] | None = None) -> MemoryBackend:
    tabs = {
        REQUESTS.name: grid(REQUESTS, requests),
        OBJECTIONS.name: grid(OBJECTIONS, objections),
        HOLIDAYS.name: [list(HOLIDAYS.headers)],
    }
    if letters is not None:
        tabs[LETTERS.name] = [list(LETTERS.headers), *[list(r) for r in letters]]
    return MemoryBackend(tabs)
