"""A small register (Oct-Dec 2026) whose November figures are worked out by hand in test_report.py.

Official calendar (shared/holidays-id-2024-2026.csv): no holiday in October or November 2026;
Thu 24-12-2026 (cuti bersama Natal) and Fri 25-12-2026 (Natal) are off. So in Oct/Nov every
Monday-Friday is a working day. Names, NIKs, phones and addresses are fake but look real, so the
tests can prove none of them leaks into a report.
"""

from __future__ import annotations

import datetime as dt

from sheets.layout import HOLIDAYS, OBJECTIONS, REQUESTS

D = dt.date

PERSONAL = {
    "names": ["Siti Aminah", "Budiman Saputra", "Rahmat Hidayat", "Yayasan Jambi Terbuka", "Kelompok Tani Maju",
              "Dewi Lestari", "Ahmad Fauzi", "Nur Aini", "Hendra Gunawan", "Lina Marlina", "Joko Susilo",
              "Rina Kartika", "Agus Salim", "Maya Sari", "Tanpa Tanggal", "Fitri Handayani"],
    "nik_prefix": "150301",
    "phone_prefix": "0812777",
    "address_word": "Jalan Kenanga",
}


def sheet_row(layout, **values):
    """One register row: the values by column key, None elsewhere."""
    row = [None] * len(layout.columns)
    for key, v in values.items():
        row[layout.columns.index(layout.column(key))] = v
    return row


def _req(n: int, **values):
    name = PERSONAL["names"][n - 1]
    base = dict(
        number=f"{n:03d}/PPID/2026" if values.get("received") is not None else None,
        requester_type="Perorangan", name=name, identity=f"{PERSONAL['nik_prefix']}4101900{n:03d}",
        address=f"{PERSONAL['address_word']} No. {n}, Sarolangun", phone=f"{PERSONAL['phone_prefix']}{n:04d}",
        information=f"Salinan dokumen nomor {n}", purpose="Penelitian",
    )
    base.update(values)
    return sheet_row(REQUESTS, **base)


EXT = "Informasi belum dikuasai/belum didokumentasikan"

# R  received        channel            notice          decision / notes
REQUEST_ROWS = [
    _req(1, received=D(2026, 10, 21), channel="Datang Langsung", officer="Rina", notice_date=D(2026, 11, 2),
         decision="Diterima", fee=15000),
    _req(2, received=D(2026, 10, 12), channel="Surat", officer="Budi", notice_date=D(2026, 10, 23),
         decision="Diterima"),
    _req(3, received=D(2026, 10, 29), channel="Email", officer="Rina", extended="Ya", extension_reason=EXT,
         extension_notice_date=D(2026, 11, 10), notice_date=D(2026, 11, 17), decision="Ditolak",
         refusal_reason="Dikecualikan Pasal 17 huruf h"),
    _req(4, received=D(2026, 11, 2), channel="Website/e-PPID", requester_type="Badan Hukum", officer="Rina",
         notice_date=D(2026, 11, 2), decision="Diterima", fee=0),
    _req(5, received=D(2026, 11, 3), channel="WhatsApp", requester_type="Kelompok Orang", officer="Budi",
         notice_date=D(2026, 11, 19), decision="Diterima Sebagian", fee=25000, supervised="Ya"),
    _req(6, received=D(2026, 11, 6), channel="Datang Langsung", category="Tahapan Pemilu/Pemilihan",
         officer="Rina", notice_date=D(2026, 11, 11), decision="Diterima"),
    _req(7, received=D(2026, 11, 7), channel="Email", officer="Budi", notice_date=D(2026, 11, 20),
         decision="Ditolak", refusal_reason="Belum Dikuasai"),
    _req(8, received=D(2026, 11, 9), channel="Telepon", officer="Rina", extended="Ya", extension_reason=EXT,
         extension_notice_date=D(2026, 11, 20), notice_date=D(2026, 12, 1), decision="Diterima"),
    _req(9, received=D(2026, 11, 11), channel="Surat"),
    _req(10, received=D(2026, 11, 20), channel="Datang Langsung", officer="Sari", notice_date=D(2026, 11, 30),
         decision="Ditolak", refusal_reason="Syarat Tidak Lengkap", supervised="Ya"),
    _req(11, received=D(2026, 11, 30), channel="Email"),
    _req(12, received=D(2026, 12, 1), channel="Surat", officer="Sari"),
    _req(13, received=D(2026, 10, 26), channel="Datang Langsung"),
    _req(14, received=D(2026, 12, 17), channel="Email", officer="Budi", notice_date=D(2026, 12, 29),
         decision="Diterima"),
    _req(15, received=None, channel="Surat", notice_date=D(2026, 11, 12), decision="Diterima"),
    _req(16, received=D(2026, 11, 12), channel="Surat", officer="Budi", notice_date=D(2026, 11, 26),
         decision="Ditolak", refusal_reason="Belum Didokumentasikan", supervised="Ya"),
]


def _obj(n: int, **values):
    base = dict(number=f"{n:03d}/KEB/2026", name=PERSONAL["names"][n], phone=f"{PERSONAL['phone_prefix']}9{n:03d}",
                address=f"{PERSONAL['address_word']} No. 9{n}")
    base.update(values)
    return sheet_row(OBJECTIONS, **base)


OBJECTION_ROWS = [
    _obj(1, received=D(2026, 11, 16), request_number="003/PPID/2026", ground_a="Ya", answer_date=D(2026, 11, 27),
         decision="Ditolak"),
    _obj(2, received=D(2026, 10, 26), request_number="002/PPID/2026", ground_d="Ya", ground_f="Ya",
         answer_date=D(2026, 12, 9), decision="Dikabulkan Sebagian"),
    _obj(3, received=D(2026, 11, 18), request_number="006/PPID/2026", ground_e="Ya", answer_date=D(2026, 11, 24),
         decision="Dikabulkan", to_commission="Ya", commission_date=D(2026, 11, 27)),
]


def register_tabs() -> dict[str, list[list]]:
    """The register as MemoryBackend grids (row 1 = headers)."""
    return {
        REQUESTS.name: [list(REQUESTS.headers), *REQUEST_ROWS],
        OBJECTIONS.name: [list(OBJECTIONS.headers), *OBJECTION_ROWS],
        HOLIDAYS.name: [list(HOLIDAYS.headers)],
    }


def personal_strings() -> list[str]:
    """Every personal value in the fixture (names, NIKs, phones, addresses)."""
    out = []
    for layout, rows in ((REQUESTS, REQUEST_ROWS), (OBJECTIONS, OBJECTION_ROWS)):
        for key in ("name", "identity", "address", "phone"):
            if key not in {c.key for c in layout.columns}:
                continue
            i = layout.columns.index(layout.column(key))
            out.extend(str(r[i]) for r in rows if r[i])
    return out


def write_xlsx(path, tabs: dict[str, list[list]] | None = None):
    """The fixture register as a real .xlsx (XlsxWriter; dates as Excel dates)."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path))
    date_fmt = wb.add_format({"num_format": "dd-mm-yyyy"})
    for name, grid in (tabs or register_tabs()).items():
        ws = wb.add_worksheet(name)
        for r, row in enumerate(grid):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, dt.date):
                    ws.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date_fmt)
                elif isinstance(value, str):
                    ws.write_string(r, c, value)
                else:
                    ws.write(r, c, value)
    wb.close()
    return path
