"""Time 200 letters: plan, .docx (+ .txt), and PDF through one LibreOffice call (not a test).

Usage: python bench/bench_letters.py [LETTERS] [--no-pdf]   (default 200; output in bench/out/letters)

The synthetic register has LETTERS/2 requests, each decided, so each needs a receipt and a
written notice; every fourth is refused (with its consequence test) after an extension, which
adds two more letters: the extension notice and the refusal decision (SK).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import sys
import time
from pathlib import Path

from automation.letters.issue import plan_notices, render_notices
from automation.letters.pdf import combine_pdfs, convert_to_pdf
from automation.rules.config import load_config
from automation.rules.office_calendar import office_calendar
from sheets.layout import LETTERS, REQUESTS
from sheets.memory import MemoryBackend

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out" / "letters"


def synthetic_rows(letters: int) -> list[list[object]]:
    rows: list[list[object]] = []
    n, made = 0, 0
    start = dt.date(2026, 1, 5)
    while made < letters:
        received = start + dt.timedelta(days=n % 300)
        refused = n % 4 == 3 and letters - made >= 4
        values = {
            "number": f"{n + 1:03d}/PPID/{received.month}/{received.year}",
            "received": received,
            "channel": "Email",
            "requester_type": "Perorangan",
            "name": f"Pemohon {n + 1} & Rekan <uji>",
            "identity": f"150301450790{n:04d}",
            "address": "Jl. Contoh No. 1, Sarolangun",
            "phone": "081200000000",
            "information": "Salinan keputusan penetapan DPT Kecamatan Sarolangun",
            "purpose": "Penelitian",
            "holding": "Dikuasai",
            "decision": "Ditolak" if refused else "Diterima",
            "refusal_reason": "Dikecualikan Pasal 17 huruf h" if refused else "",
            "consequence_test": "Penetapan Uji Konsekuensi Nomor 3/PPID/2026" if refused else "",
            "notice_date": received + dt.timedelta(days=7),
            "fee": 5000,
            "payment_method": "Tunai",
        }
        if refused:
            values.update(extended="Ya", extension_reason="Belum dapat diputuskan apakah informasi dikecualikan",
                          extension_notice_date=received + dt.timedelta(days=6))
        rows.append([values.get(c.key) for c in REQUESTS.columns])
        made += 4 if refused else 2
        n += 1
    return rows


def main(letters: int = 200, pdf: bool = True) -> None:
    base = load_config(ROOT / "automation" / "data" / "config.toml")  # the shipped example
    shutil.rmtree(OUT, ignore_errors=True)
    cfg = dataclasses.replace(base, output=dataclasses.replace(base.output, letters=OUT))
    backend = MemoryBackend({REQUESTS.name: [list(REQUESTS.headers), *synthetic_rows(letters)],
                             LETTERS.name: [list(LETTERS.headers)]})
    t0 = time.perf_counter()
    snapshot = backend.read()
    cal = office_calendar(cfg, snapshot).calendar
    t1 = time.perf_counter()
    plan = plan_notices(snapshot, cfg, cal, dt.date(2027, 1, 4))
    t2 = time.perf_counter()
    files = render_notices(plan, cfg)
    t3 = time.perf_counter()
    print(f"letters planned: {len(plan.letters)}  (calendar {t1 - t0:.2f} s, plan {t2 - t1:.2f} s)")
    print(f".docx + .txt:    {t3 - t2:.2f} s  ({1000 * (t3 - t2) / max(len(files), 1):.0f} ms per letter)")
    if not pdf:
        return
    t4 = time.perf_counter()
    result = convert_to_pdf(files)
    t5 = time.perf_counter()
    for message in result.messages:
        print(message)
    print(f"PDF (one soffice call): {t5 - t4:.2f} s for {len(result.pdfs)} letters "
          f"({1000 * (t5 - t4) / max(len(result.pdfs), 1):.0f} ms per letter)")
    combined, message = combine_pdfs(result.pdfs, OUT / "cetak" / "cetak.pdf")
    t6 = time.perf_counter()
    print(f"combined PDF:    {t6 - t5:.2f} s  ({message or 'not made'})")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(int(args[0]) if args else 200, pdf="--no-pdf" not in sys.argv)
