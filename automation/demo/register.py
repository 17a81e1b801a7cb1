"""Demo register data for `ppid demo` (issue 2): realistic, fictitious, reproducible.

`demo_grids(today, seed)` returns the grid (header row + rows) of every staff tab: about 60
requests over the ~4 months (85 working days) before `today`, a handful of objections, the
exempt-information list, local days, staff and the dropdown lists. Everything is dated
relative to `today` on the office calendar (the demo's own "Hari Libur" rows included), so the
same seed gives the same register and the same mix of cases whatever day it is run.

The mix is chosen to exercise every check: all channels and requester types, answered on time,
still open (some due soon), overdue, lawfully extended, one extension noticed too late,
answered late, Pasal 17 refusals (DIK code or consequence test), one election-track request,
and a few rows with the typing mistakes desks really make. Personal data is obviously
fictitious: phones 0812-0000-xxxx, e-mail at example.com, NIKs that only look plausible.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from automation.rules.calendar import CalendarOptions, LocalDay, WorkCalendar
from automation.rules.config import Numbers
from automation.rules.numbering import next_numbers
from automation.rules.values import format_day_date_id
from sheets.layout import CHOICES, CHOICES_TAB, DIK, HOLIDAYS, OBJECTIONS, OFFICERS, REQUESTS, SURVEY, TABS, Tab

ELECTION = "Tahapan Pemilu/Pemilihan"

OFFICER_ROWS = (
    ("Hendra Saputra, S.Kom.", "198503122010011001", "Kasubbag Perencanaan, Data dan Informasi", "Ya"),
    ("Nurhayati, S.E.", "199007252015032002", "Pelaksana Layanan Informasi (PPID)", "Ya"),
    ("Rizki Ramadhan", "", "Operator e-PPID", "Ya"),
)
OFFICER_NAMES = tuple(r[0] for r in OFFICER_ROWS)

SUPERIOR = ("Drs. Syamsul Bahri", "Sekretaris KPU Kabupaten Sarolangun / Atasan PPID")

MALE = ("Ahmad", "Budi", "Dedi", "Fajar", "Hasan", "Irwan", "Joko", "Kurniawan", "M. Rizal", "Nasrul", "Rahmat",
        "Syaiful", "Taufik", "Yusuf", "Zulkifli", "Agus", "Bambang", "Eko", "Firdaus", "Junaidi")
FEMALE = ("Ani", "Dewi", "Fitri", "Herlina", "Indah", "Kartini", "Lestari", "Maya", "Nurul", "Putri", "Rina",
          "Sari", "Siti", "Wulan", "Yuliana", "Desi", "Erna", "Ratna", "Susanti", "Mardiana")
SURNAMES = ("Saputra", "Hidayat", "Pratama", "Siregar", "Nasution", "Lubis", "Harahap", "Syahputra", "Wijaya",
            "Kurnia", "Rahman", "Hasibuan", "Simanjuntak", "Setiawan", "Fauzi", "Tanjung", "Daulay")
FEMALE_SURNAMES = ("Anggraini", "Marlina", "Puspitasari", "Handayani")
GROUPS = ("Forum Pemuda Peduli Pemilu Sarolangun", "Kelompok Tani Sido Makmur", "Ikatan Mahasiswa Sarolangun")
ENTITIES = ("Perkumpulan Jambi Memilih", "Yayasan Lembaga Bantuan Hukum Sarolangun", "PT Media Jambi Ekspres",
            "Perkumpulan Pemantau Pemilu Melayu Jambi")

# (district code in 15.03, kecamatan, places)
DISTRICTS = (
    ("01", "Batang Asai", ("Desa Pekan Gedang", "Desa Muara Cuban")),
    ("02", "Limun", ("Desa Pulau Pandan", "Desa Mensao")),
    ("03", "Sarolangun", ("Kel. Sarolangun Kembang", "Kel. Aur Gading", "Kel. Pasar Sarolangun")),
    ("04", "Pelawan", ("Desa Pelawan", "Desa Batu Putih")),
    ("05", "Pauh", ("Kel. Pauh", "Desa Lubuk Napal")),
    ("06", "Mandiangin", ("Desa Mandiangin", "Desa Gurun Tuo")),
    ("07", "Singkut", ("Kel. Sungai Benteng", "Desa Bukit Tigo")),
    ("08", "Air Hitam", ("Desa Lubuk Jering", "Desa Baru")),
    ("09", "Cermin Nan Gedang", ("Desa Lubuk Resam", "Desa Teluk Rendah")),
    ("10", "Bathin VIII", ("Desa Pulau Lintang", "Desa Limbur Tembesi")),
)
STREETS = ("Jl. Lintas Sumatera", "Jl. Lintas Tengah Sumatera", "Jl. Jenderal Sudirman", "Jl. Kolonel Abundjani",
           "Jl. Gajah Mada", "Jl. Diponegoro", "Jl. Bukit Kemuning", "Lorong Masjid")
OCCUPATIONS = ("Mahasiswa", "Wartawan", "Pegiat LSM", "Wiraswasta", "Petani", "Guru", "Advokat", "Peneliti",
               "Pengurus Partai Politik", "Karyawan Swasta")

INFORMATION = (
    ("Salinan Daftar Pemilih Tetap (DPT) Pemilihan Bupati dan Wakil Bupati Sarolangun 2024 tingkat desa",
     "Pengecekan data pemilih di desa"),
    ("Rekapitulasi hasil penghitungan suara tingkat kabupaten (formulir D.Hasil Kabupaten) Pilkada 2024",
     "Penelitian skripsi"),
    ("SK KPU Kabupaten Sarolangun tentang penetapan pasangan calon Bupati dan Wakil Bupati 2024",
     "Bahan pemberitaan"),
    ("Rincian penggunaan dana hibah Pilkada Sarolangun 2024 (NPHD dan laporan pertanggungjawaban)",
     "Pengawasan anggaran publik"),
    ("LHKPN pasangan calon Bupati Sarolangun yang diserahkan saat pendaftaran", "Kajian integritas calon"),
    ("Salinan formulir C.Hasil TPS 003 Desa Pelawan", "Pencocokan dengan salinan saksi"),
    ("Daftar nama anggota PPK dan PPS se-Kabupaten Sarolangun beserta SK pengangkatannya", "Penelitian"),
    ("Jumlah pemilih disabilitas per kecamatan dalam DPT Pilkada 2024", "Advokasi pemilih disabilitas"),
    ("Laporan dana kampanye pasangan calon (LADK, LPSDK, LPPDK)", "Pemantauan dana kampanye"),
    ("Berita acara rekapitulasi perolehan suara tingkat kecamatan Singkut", "Bahan gugatan"),
    ("Rencana kerja dan anggaran KPU Kabupaten Sarolangun tahun berjalan", "Kajian anggaran"),
    ("Data partisipasi pemilih per kecamatan Pemilu 2024", "Penulisan artikel"),
    ("Jadwal dan tahapan pemutakhiran data pemilih berkelanjutan semester ini", "Sosialisasi kepada warga"),
    ("Salinan SK penetapan hasil Pemilu anggota DPRD Kabupaten Sarolangun 2024", "Dokumentasi organisasi"),
    ("Daftar inventaris barang milik negara pada KPU Kabupaten Sarolangun", "Tugas kuliah"),
)

# Demo DIK: the ten Pasal 17 seed categories, then KPU entries with keywords (one expired).
DIK_SEED = (
    ("DIK-17A", "Informasi yang dapat menghambat proses penegakan hukum", "huruf a", ""),
    ("DIK-17B", "Informasi yang mengganggu hak kekayaan intelektual dan persaingan usaha sehat", "huruf b", ""),
    ("DIK-17C", "Informasi yang membahayakan pertahanan dan keamanan negara", "huruf c", ""),
    ("DIK-17D", "Informasi yang mengungkapkan kekayaan alam Indonesia", "huruf d", ""),
    ("DIK-17E", "Informasi yang merugikan ketahanan ekonomi nasional", "huruf e", ""),
    ("DIK-17F", "Informasi yang merugikan kepentingan hubungan luar negeri", "huruf f", ""),
    ("DIK-17G", "Isi akta otentik yang bersifat pribadi dan kemauan terakhir atau wasiat", "huruf g", ""),
    ("DIK-17H", "Informasi yang mengungkap rahasia pribadi", "huruf h", "rahasia pribadi"),
    ("DIK-17I", "Memorandum atau surat antar/intra badan publik yang dirahasiakan", "huruf i", "memorandum; nota dinas"),
    ("DIK-17J", "Informasi yang tidak boleh diungkapkan berdasarkan undang-undang", "huruf j", ""),
)
DIK_KPU = (
    ("DIK-KPU-01", "Data pribadi pemilih dalam DPT (NIK, nomor KK, tanggal lahir lengkap)", "huruf h",
     "data pribadi pemilih; NIK; nomor KK; nomor kartu keluarga"),
    ("DIK-KPU-02", "Rekam medis dan hasil pemeriksaan kesehatan bakal calon", "huruf h",
     "rekam medis; hasil pemeriksaan kesehatan calon; pemeriksaan kesehatan"),
    ("DIK-KPU-03", "Dokumen persiapan pengadaan logistik yang belum ditetapkan", "huruf i",
     "HPS; harga perkiraan sendiri; rancangan pengadaan"),
    ("DIK-KPU-04", "Hasil evaluasi kinerja badan ad hoc (PPK/PPS) perorangan", "huruf h",
     "evaluasi kinerja; penilaian PPK; penilaian PPS"),
)
DIK_CONSEQUENCES = {
    "DIK-KPU-01": "membuka NIK dan nomor KK pemilih memungkinkan penyalahgunaan identitas dan melanggar hak "
                  "atas pelindungan data pribadi pemilih",
    "DIK-KPU-02": "membuka rekam medis calon mengungkap keadaan kesehatan seseorang yang dilindungi sebagai "
                  "rahasia pribadi dan rahasia kedokteran",
}
DIK_EXPIRED = ("DIK-KPU-05", "Daftar calon anggota KPPS sebelum pengumuman hasil seleksi", "huruf i",
               "calon KPPS; seleksi KPPS")


@dataclass
class _Req:
    """One demo request before it becomes a row."""

    scenario: str
    received: dt.date
    values: dict[str, object] = field(default_factory=dict)
    planted: str = ""  # the typing mistake planted on purpose in this row (Indonesian)


class _Days:
    """Working-day arithmetic on the demo calendar."""

    def __init__(self, cal: WorkCalendar, today: dt.date) -> None:
        self.cal, self.today = cal, today

    def ago(self, n: int) -> dt.date:
        """The n-th working day before today (n = 0: today, or the last working day)."""
        d = np.busday_offset(np.datetime64(self.today, "D"), -n, roll="backward",
                             busdaycal=self.cal.busdaycalendar)
        return d.astype("datetime64[D]").item()

    def after(self, d: dt.date, n: int) -> dt.date:
        return self.cal.add_working_days(d, n)


def demo_local_days(today: dt.date) -> list[tuple[dt.date, str, str, str]]:
    """A local closure about 50 days ago (a weekday) and a worked Saturday about 30 days ago."""
    closure = today - dt.timedelta(days=50)
    while closure.weekday() >= 5:
        closure -= dt.timedelta(days=1)
    saturday = today - dt.timedelta(days=30)
    while saturday.weekday() != 5:
        saturday -= dt.timedelta(days=1)
    return [
        (closure, "Libur Kantor", "Libur lokal: pemadaman listrik dan perbaikan jaringan kantor",
         "Surat Edaran Sekretaris KPU Kab. Sarolangun (demo)"),
        (saturday, "Masuk Kerja", "Masuk kerja: rapat pleno pemutakhiran data pemilih berkelanjutan",
         "Nota Dinas Sekretaris KPU Kab. Sarolangun (demo)"),
    ]


def demo_calendar(today: dt.date) -> WorkCalendar:
    """The national calendar plus the demo's own Hari Libur rows."""
    local = [LocalDay(d, kind == "Libur Kantor", name, src) for d, kind, name, src in demo_local_days(today)]
    return WorkCalendar.build(CalendarOptions(), local)


def demo_grids(today: dt.date, seed: int = 7) -> dict[str, list[list]]:
    """Header row + rows of every staff tab, for a demo register as of `today`."""
    rng = random.Random(seed)
    days = _Days(demo_calendar(today), today)
    requests = _requests(rng, days)
    objections = _objections(rng, days, requests)
    return {
        REQUESTS.name: _grid(REQUESTS, [r.values for r in requests]),
        OBJECTIONS.name: _grid(OBJECTIONS, objections),
        DIK.name: _grid(DIK, _dik_rows(today)),
        HOLIDAYS.name: _grid(HOLIDAYS, [dict(date=d, kind=k, name=n, source=s)
                                        for d, k, n, s in demo_local_days(today)]),
        OFFICERS.name: _grid(OFFICERS, [dict(zip(("name", "nip", "title", "active"), r)) for r in OFFICER_ROWS]),
        CHOICES_TAB.name: _choices_grid(),
        SURVEY.name: _grid(SURVEY, _survey_rows(random.Random(seed * 7919 + 17), days, requests)),
    }


def staff_tabs() -> tuple[Tab, ...]:
    return tuple(t for t in TABS if t.owner == "staff")


def _grid(tab: Tab, rows: Sequence[dict[str, object]]) -> list[list]:
    keys = [c.key for c in tab.columns]
    return [list(tab.headers)] + [[row.get(k) for k in keys] for row in rows]


def _choices_grid() -> list[list]:
    lists = list(CHOICES.values())
    depth = max(len(v) for v in lists)
    return [list(CHOICES_TAB.headers)] + [[v[i] if i < len(v) else None for v in lists] for i in range(depth)]


def _dik_rows(today: dt.date) -> list[dict[str, object]]:
    decided = dt.date(today.year - 1, 3, 18) if today.month > 3 else dt.date(today.year - 2, 3, 18)
    test_ref = f"Penetapan PPID KPU Kab. Sarolangun No. 05/PPID/III/{decided.year} (uji konsekuensi)"
    rows = [dict(code=c, information=i, article=a, consequence_test="Keputusan KPU RI tentang DIK (nasional)",
                 decided=decided, keywords=k) for c, i, a, k in DIK_SEED]
    rows += [dict(code=c, information=i, article=a, consequence_test=test_ref, decided=decided, keywords=k,
                  consequence=DIK_CONSEQUENCES.get(c, "")) for c, i, a, k in DIK_KPU]
    c, i, a, k = DIK_EXPIRED
    rows.append(dict(code=c, information=i, article=a, consequence_test=test_ref, decided=decided,
                     valid_until=today - dt.timedelta(days=60), keywords=k,
                     remarks="Masa berlaku habis setelah pengumuman hasil seleksi"))
    return rows


# --- requesters --------------------------------------------------------------------------------

def _nik(rng: random.Random, female: bool, local: bool = True) -> str:
    region = f"1503{rng.choice(DISTRICTS)[0]}" if local else rng.choice(("157101", "157105", "150501", "150801"))
    birth = dt.date(1965, 1, 1) + dt.timedelta(days=rng.randrange(365 * 40))
    day = birth.day + (40 if female else 0)
    return f"{region}{day:02d}{birth.month:02d}{birth.year % 100:02d}{rng.randrange(1, 999):04d}"


def _address(rng: random.Random) -> str:
    _, kec, places = rng.choice(DISTRICTS)
    street = rng.choice(STREETS)
    return f"{street} No. {rng.randrange(1, 120)}, RT {rng.randrange(1, 15):02d}, {rng.choice(places)}, " \
           f"Kec. {kec}, Kab. Sarolangun, Jambi"


def _person(rng: random.Random, n: int, requester_type: str) -> dict[str, object]:
    female = rng.random() < 0.45
    given = rng.choice(FEMALE if female else MALE)
    name = f"{given} {rng.choice(SURNAMES + FEMALE_SURNAMES if female else SURNAMES)}"
    phone = f"0812-0000-{n:04d}"
    email = f"{given.lower().replace('. ', '').replace(' ', '')}.{n:02d}@example.com"
    out: dict[str, object] = dict(requester_type=requester_type, address=_address(rng), phone=phone)
    if requester_type == "Perorangan":
        out.update(name=name, identity=_nik(rng, female, local=rng.random() < 0.85),
                   occupation=rng.choice(OCCUPATIONS + ("Ibu Rumah Tangga",) if female else OCCUPATIONS))
    elif requester_type == "Kelompok Orang":
        out.update(name=rng.choice(GROUPS), identity=_nik(rng, female), occupation="Kelompok masyarakat",
                   proxy_name=name, power_of_attorney="Ya")
    else:
        out.update(name=rng.choice(ENTITIES), occupation="Badan hukum", proxy_name=name, power_of_attorney="Ya",
                   identity=f"AHU-{rng.randrange(1, 9999):04d}.AH.01.07.{rng.randrange(2012, 2023)}")
    out["email"] = email
    return out


# --- requests ----------------------------------------------------------------------------------

# (scenario, how many). Objections point at the named ones ("obj_*").
_SCENARIOS = (
    ("ok", 32), ("incomplete", 1), ("incomplete_closed", 1), ("refused_j", 1), ("open", 6), ("overdue", 3), ("obj_unanswered", 1), ("ext_ok", 3), ("ext_open", 1),
    ("ext_bad", 1), ("late", 1), ("obj_late_answer", 1), ("refused", 2), ("obj_refused_1", 1),
    ("obj_refused_2", 1), ("not_held", 1), ("obj_election", 1), ("obj_late_filed", 1), ("ok_fee", 1),
)


def _received_for(rng: random.Random, days: _Days, scenario: str) -> dt.date:
    fixed = {"obj_unanswered": 80, "obj_late_answer": 60, "obj_refused_1": 70, "obj_refused_2": 50,
             "obj_election": 12, "obj_late_filed": 84}
    if scenario in fixed:
        return days.ago(fixed[scenario])
    if scenario == "open":
        return days.ago(rng.choice((0, 1, 3, 5, 7, 8)))
    if scenario == "incomplete":
        return days.ago(2)
    span = {"overdue": (12, 40), "ext_open": (12, 16), "ext_bad": (20, 60)}.get(scenario, (18, 85))
    return days.ago(rng.randint(*span))


def _requests(rng: random.Random, days: _Days) -> list[_Req]:
    reqs = [_Req(s, _received_for(rng, days, s)) for s, count in _SCENARIOS for _ in range(count)]
    reqs.sort(key=lambda r: (r.received, r.scenario))
    channels = list(CHOICES["Kanal Permohonan"])
    types = ["Perorangan"] * 8 + ["Kelompok Orang", "Badan Hukum"]
    for n, r in enumerate(reqs, start=1):
        rtype = "Badan Hukum" if r.scenario == "obj_election" else types[n % len(types)]
        v = r.values
        v.update(_person(rng, n, rtype))
        info, purpose = rng.choice(INFORMATION)
        v.update(
            received=r.received, received_time=dt.time(rng.randint(8, 15), rng.choice((0, 10, 15, 25, 30, 45))),
            channel=channels[n % len(channels)], category=rng.choice(("Badan Publik", None, None)),
            information=info, purpose=purpose, officer=rng.choice(OFFICER_NAMES),
            access_method=rng.choice(CHOICES["Cara Memperoleh Informasi"]), form=rng.choice(CHOICES["Bentuk Informasi"]),
        )
        if v["access_method"] == "Mendapatkan Salinan":
            v["copy_method"] = "Email" if v["channel"] in ("Email", "Website/e-PPID") else rng.choice(
                CHOICES["Cara Mendapatkan Salinan"])
            # what can be sent how: paper is not e-mailed, a file is not faxed
            if v["copy_method"] == "Email" and v["form"] == "Hardcopy":
                v["form"] = "Softcopy"
            if v["copy_method"] == "Faksimili" and v["form"] != "Hardcopy":
                v["form"] = "Hardcopy"
        if v["channel"] not in ("Email", "Website/e-PPID") and rng.random() < 0.6:
            v["email"] = None
        _outcome(rng, days, r)
    _numbers(reqs)
    _mistakes(rng, reqs, days.today)
    return reqs


def _outcome(rng: random.Random, days: _Days, r: _Req) -> None:
    """Decision, notice and extension for the request's scenario."""
    v, s, recv = r.values, r.scenario, r.received
    due = days.after(recv, 10)

    def answer(on: dt.date, decision: str = "Diterima", **extra: object) -> None:
        v.update(holding="Dikuasai", decision=decision, notice_date=on, fee=0, payment_method="Tanpa Biaya",
                 supervised="Ya" if on <= days.ago(5) else None, **extra)
        if decision != "Ditolak":
            given = days.after(on, rng.choice((0, 0, 1)))
            v["given_date"] = given if given <= days.today else on

    if s in ("ok", "obj_late_filed"):
        on = days.after(recv, rng.randint(1, 9))
        answer(on, "Diterima Sebagian" if rng.random() < 0.15 else "Diterima")
        if v["decision"] == "Diterima Sebagian":
            v.update(refusal_reason="Dikecualikan Pasal 17 huruf h", dik_code="DIK-KPU-01",
                     withheld="NIK, nomor KK dan tanggal lahir lengkap pemilih", remarks="NIK dan nomor KK dihitamkan")
    elif s == "ok_fee":
        answer(days.after(recv, 6), access_method="Mendapatkan Salinan", copy_method="Pos")
        v.update(fee=45000, payment_method="Transfer Bank", remarks="Biaya penggandaan 300 lembar dan ongkos kirim")
    elif s in ("overdue", "obj_unanswered"):
        v.update(holding="Dikuasai")
    elif s == "open":
        v.update(holding=rng.choice(("Dikuasai", None)))
    elif s in ("ext_ok", "ext_open", "ext_bad"):
        reason = rng.choice(CHOICES["Alasan Perpanjangan"])
        notice_ext = days.after(recv, rng.randint(7, 10)) if s != "ext_bad" else days.after(due, 2)
        v.update(extended="Ya", extension_reason=reason, extension_notice_date=notice_ext, holding="Belum Didokumentasikan")
        if s == "ext_ok":
            answer(days.after(due, rng.randint(2, 6)))
        elif s == "ext_bad":
            answer(days.after(due, 5), remarks="Surat perpanjangan baru dikirim setelah hari ke-10")
    elif s in ("late", "obj_late_answer"):
        answer(days.after(recv, 13 if s == "obj_late_answer" else 12))
    elif s in ("refused", "obj_refused_1", "obj_refused_2"):
        on = days.after(recv, 8 if s == "obj_refused_1" else 7)
        if s == "obj_refused_2":
            answer(on, "Ditolak", refusal_reason="Dikecualikan Pasal 17 huruf i",
                   consequence_test="Penetapan PPID No. 07/PPID/UK/2026 (uji konsekuensi)",
                   information="Nota dinas internal tentang evaluasi kinerja PPK Kecamatan Pauh")
        else:
            answer(on, "Ditolak", refusal_reason="Dikecualikan Pasal 17 huruf h",
                   dik_code=rng.choice(("DIK-KPU-01", "DIK-KPU-02")) if s == "refused" else "DIK-KPU-02",
                   information="Hasil pemeriksaan kesehatan calon Bupati Sarolangun (rekam medis)"
                   if s != "refused" else "Salinan DPT lengkap dengan NIK dan nomor KK seluruh pemilih Desa Pelawan")
    elif s == "incomplete":  # told what is missing the next day; the requester has until 3 HK after
        v.update(missing_requirements="Salinan KTP pemohon dan surat kuasa bermeterai dari pimpinan lembaga",
                 completion_notice_date=days.after(recv, 1))
    elif s == "incomplete_closed":  # never completed: not processed (no refusal decision, no SK)
        v.update(missing_requirements="Salinan KTP pemohon", completion_notice_date=days.after(recv, 2))
        answer(days.after(recv, 7), "Ditolak", refusal_reason="Syarat Tidak Lengkap")
    elif s == "refused_j":  # closed by another law: the letter names it
        answer(days.after(recv, 6), "Ditolak", refusal_reason="Dikecualikan Pasal 17 huruf j",
               consequence_test="Penetapan PPID No. 09/PPID/UK/2026 (uji konsekuensi)",
               other_law="Undang-Undang Nomor 24 Tahun 2013 tentang Administrasi Kependudukan, Pasal 79 ayat (1)",
               information="Salinan data kependudukan (KTP-el dan KK) seluruh anggota PPS Kecamatan Limun")
    elif s == "not_held":
        answer(days.after(recv, 5), "Ditolak", refusal_reason="Belum Dikuasai")
        v.update(holding="Tidak Dikuasai", other_body="Bawaslu Kabupaten Sarolangun",
                 information="Laporan hasil pengawasan kampanye oleh Panwascam")
    elif s == "obj_election":
        v.update(category=ELECTION, information="Salinan formulir C.Hasil seluruh TPS Kecamatan Singkut pada "
                 "pemungutan suara ulang", purpose="Pemantauan rekapitulasi suara")
        answer(days.after(recv, 2), "Diterima Sebagian", refusal_reason="Dikecualikan Pasal 17 huruf h",
               dik_code="DIK-KPU-01", access_method="Mendapatkan Salinan", copy_method="Mengambil Langsung",
               withheld="NIK dan tanda tangan saksi pada salinan formulir")
        v.update(fee=150000, payment_method="Tunai", remarks="Biaya penggandaan berwarna")
    # A notice date never lies in the future.
    for key in ("notice_date", "given_date", "extension_notice_date"):
        d = v.get(key)
        if isinstance(d, dt.date) and d > days.today:
            v[key] = None


def _numbers(reqs: list[_Req]) -> None:
    """Numbers in receipt order; the last three received are left blank (to be numbered)."""
    numbers = next_numbers(Numbers().request, [], [r.received for r in reqs])
    for r, number in zip(reqs[:-3], numbers):
        r.values["number"] = number


def _mistakes(rng: random.Random, reqs: list[_Req], today: dt.date) -> None:
    """The typing mistakes a desk makes, on ordinary answered rows."""
    ok = [r for r in reqs if r.scenario == "ok" and r.values["requester_type"] == "Perorangan" and r.values.get("number")]
    picks = rng.sample(ok, 11)
    impossible, two_digit, short_nik, no_contact, formula, fee_text, duplicate, dup_src, text1, text2, text3 = picks
    impossible.values["given_date"] = f"31-02-{impossible.received.year}"
    impossible.planted = "Tanggal Pemberian Informasi 31-02 (tidak ada di kalender)"
    two_digit.values["notice_date"] = two_digit.values["notice_date"].strftime("%d-%m-%y")
    two_digit.planted = "Tanggal Pemberitahuan Tertulis bertahun dua digit"
    short_nik.values["identity"] = _nik(rng, False)[:15]
    short_nik.planted = "NIK hanya 15 angka"
    no_contact.values.update(phone=None, email=None)
    no_contact.planted = "Nomor Telepon dan Email kosong"
    formula.values["name"] = '=HYPERLINK("http://contoh.invalid/klik","Andi Wijaya")'
    formula.planted = "nama diketik seperti rumus (=HYPERLINK...), tetap teks"
    fee_text.values.update(fee="lima ribu", payment_method="Tunai", access_method="Mendapatkan Salinan")
    fee_text.planted = "Biaya ditulis dengan huruf (\"lima ribu\")"
    duplicate.values["number"] = dup_src.values["number"]
    duplicate.planted = "No. Pendaftaran ganda (sama dengan baris lain)"
    text1.values["received"] = format_day_date_id(text1.received)
    text2.values["received"] = text2.received.strftime("%d/%m/%Y")
    text3.values["notice_date"] = format_day_date_id(text3.values["notice_date"])
    for r in (text1, text2, text3):
        r.planted = "tanggal diketik sebagai teks (tetap terbaca, tanpa temuan)"
    # Day and month swapped, as a month-first Excel/LibreOffice makes of "05/11/2026".
    for r in ok:
        d = r.received
        if r in picks or d.day > 12 or d.day == d.month:
            continue
        typed = dt.date(d.year, d.day, d.month)
        if typed < d - dt.timedelta(days=25) and typed >= today - dt.timedelta(days=135):
            r.values["received"] = typed
            r.planted = "Tanggal Diterima dengan hari dan bulan tertukar"
            break


def demo_planted(today: dt.date, seed: int = 7) -> list[tuple[int, str]]:
    """(sheet row in "Register Permohonan", what is wrong) of the mistakes planted on purpose."""
    rng = random.Random(seed)
    requests = _requests(rng, _Days(demo_calendar(today), today))
    return [(n, r.planted) for n, r in enumerate(requests, start=2) if r.planted]


# --- objections ---------------------------------------------------------------------------------

def _objections(rng: random.Random, days: _Days, reqs: list[_Req]) -> list[dict[str, object]]:
    """Six objections, one per case the checks must show (see module docstring)."""
    by = {r.scenario: r for r in reqs if r.scenario.startswith("obj_")}
    rows: list[dict[str, object]] = []

    def add(req: _Req, received: dt.date, grounds: str, summary: str, **extra: object) -> None:
        v = req.values
        row: dict[str, object] = dict(
            received=received, request_number=v.get("number"), name=v.get("name"), address=v.get("address"),
            phone=v.get("phone"), email=v.get("email"), occupation=v.get("occupation"),
            proxy_name=v.get("proxy_name"), power_of_attorney=v.get("power_of_attorney"),
            information=v.get("information"), purpose=v.get("purpose"), summary=summary,
        )
        for letter in grounds:
            row[f"ground_{letter}"] = "Ya"
        if extra.get("answer_date"):
            row.update(superior_name=SUPERIOR[0], superior_title=SUPERIOR[1])
        row.update(extra)
        rows.append(row)

    # 1. Refusal (Pasal 17 h), objected 20 HK after the notice, answered on time (20 HK later).
    r1 = by["obj_refused_1"]
    add(r1, days.ago(42), "a", "Pemohon menilai hasil pemeriksaan kesehatan calon adalah informasi publik.",
        decision="Ditolak", answer_date=days.ago(22), response="Menerima")
    # 2. Never answered: objected 5 HK after the missed deadline; answered after 34 HK (late).
    r2 = by["obj_unanswered"]
    add(r2, days.ago(65), "c", "Permohonan tidak ditanggapi sampai batas waktu.",
        decision="Dikabulkan", answer_date=days.ago(31), response="Menerima")
    # 3. Answered late (13 HK): objected 7 HK after the notice; still no answer, 30 HK passed.
    r3 = by["obj_late_answer"]
    add(r3, days.ago(40), "g", "Pemberitahuan tertulis disampaikan melewati 10 hari kerja.")
    # 4. Refusal (Pasal 17 i): objected 14 HK after the notice; answer due in 1 working day.
    r4 = by["obj_refused_2"]
    add(r4, days.ago(29), "a", "Pemohon meminta nota dinas dibuka sebagian.")
    # 5. Election track (3 HK), fee objected; answered in 2 HK; requester took it to the Komisi Informasi.
    r5 = by["obj_election"]
    add(r5, days.ago(6), "f", "Biaya penggandaan dinilai tidak wajar.", decision="Dikabulkan Sebagian",
        reasoning="Biaya penggandaan berwarna disesuaikan menjadi biaya cetak hitam putih sesuai biaya riil.",
        answer_date=days.ago(4), response="Tidak Menerima", to_commission="Ya", commission_date=days.ago(2))
    # 6. Filed late: 40 HK after a notice given ~80 HK ago; answered within 15 HK. Left unnumbered.
    r6 = by["obj_late_filed"]
    add(r6, days.ago(40), "e", "Informasi yang diberikan tidak lengkap.", decision="Ditolak",
        answer_date=days.ago(25), remarks="Keberatan diterima melewati 30 hari kerja")
    rows.sort(key=lambda row: row["received"])  # type: ignore[arg-type, return-value]
    numbered = [row for row in rows if row.get("request_number") != r6.values.get("number")]
    dates: list[dt.date] = [row["received"] for row in numbered]  # type: ignore[misc]
    for row, number in zip(numbered, next_numbers(Numbers().objection, [], dates)):
        row["number"] = number
    return rows


# --- satisfaction survey --------------------------------------------------------------------------

SURVEY_COMMENTS = (
    "Pelayanan cepat dan petugas ramah.",
    "Mohon ruang tunggu diberi kipas angin.",
    "Informasi di website agar diperbarui.",
    "Prosedur sudah jelas, terima kasih.",
    "Salinan dokumen sebaiknya bisa dikirim lewat email.",
    "Petugas membantu menjelaskan isi dokumen.",
)


def _survey_rows(rng: random.Random, days: _Days, reqs: list[_Req]) -> list[dict[str, object]]:
    """About 30 anonymous answers (1-4 per element) from requesters whose request was answered,
    on or after the notice date; most link to the request, some came from the online form (with
    an ID Respons), a few skip an element, and one has a typing mistake (5) for the check."""
    answered = [r for r in reqs if isinstance(r.values.get("notice_date"), dt.date) and r.values.get("number")]
    picks = rng.sample(answered, min(28, len(answered)))
    rows: list[dict[str, object]] = []
    for n, r in enumerate(sorted(picks, key=lambda r: r.values["notice_date"])):  # type: ignore[arg-type, return-value]
        when = min(days.after(r.values["notice_date"], rng.randint(0, 3)), days.today)  # type: ignore[arg-type]
        row: dict[str, object] = {"date": when}
        if rng.random() < 0.8:
            row["request_number"] = r.values["number"]
        for key in ("u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9"):
            row[key] = rng.choices((1, 2, 3, 4), weights=(1, 4, 12, 9))[0]
        if key_skipped := (rng.random() < 0.12):
            row["u8"] = None  # "penanganan pengaduan": not every requester has complained
        if rng.random() < 0.3:
            row["comments"] = rng.choice(SURVEY_COMMENTS)
        if rng.random() < 0.35 and not key_skipped:
            row["response_id"] = f"{when:%Y/%m/%d} {9 + n % 7:02d}:{(n * 7) % 60:02d}:00 #{n:06x}"
        rows.append(row)
    if rows:
        rows[len(rows) // 2]["u3"] = 5  # typed 5 on a 1-4 scale: SKM-004
    return rows
