"""One test per finding code of the request register (PMH-xxx, REG-xxx, and LIB-001/KAL-001 via the job)."""

from __future__ import annotations

import datetime as dt

import pytest

from sheets.layout import DIK, HOLIDAYS, REQUESTS
from tests.register_factory import DECIDED, D, backend, check, codes, request, row

TODAY = D("2026-12-09")  # Rabu


def test_complete_row_has_no_findings() -> None:
    result, _ = check(TODAY, request(), request(**DECIDED, name="Budi", identity="1503015505850002"))
    assert result.findings == []
    assert result.exit_code == 0


REFUSED_H = {**DECIDED, "decision": "Ditolak", "refusal_reason": "Dikecualikan Pasal 17 huruf h",
             "holding": None, "access_method": None, "form": None}

CASES = [
    ("PMH-001", {"name": None}, '"Nama Pemohon": kolom wajib ini kosong'),
    ("PMH-001", {"purpose": "  "}, '"Tujuan Penggunaan": kolom wajib ini kosong'),
    ("PMH-001", {"purpose": "\u00a0"}, '"Tujuan Penggunaan": kolom wajib ini kosong'),  # a pasted space only
    ("PMH-042", {"name": '\u00a0=HYPERLINK("http://contoh.id","klik")'}, "isi sel diawali tanda rumus"),
    ("PMH-002", {**DECIDED, "holding": None}, '"Status Penguasaan": keputusan "Diterima" sudah diisi'),
    ("PMH-002", {**DECIDED, "notice_date": None}, '"Tanggal Pemberitahuan Tertulis": keputusan "Diterima"'),
    ("PMH-003", {"notice_date": D("2026-12-03")}, "kolom Keputusan kosong"),
    ("PMH-005", {"channel": "Faksimili"}, 'nilai "Faksimili" tidak ada di daftar pilihan "Kanal Permohonan"'),
    ("PMH-010", {"received": "kemarin sore"}, '"kemarin sore" tidak dapat dibaca sebagai tanggal'),
    ("PMH-011", {"received": "27/11/26"}, 'tanggal "27/11/26" memakai tahun dua digit'),
    ("PMH-012", {"received": "31-02-2026"}, 'tanggal "31-02-2026" tidak ada di kalender'),
    ("PMH-013", {"received": D("2026-12-20")}, "tanggal 20-12-2026 sesudah hari ini (09-12-2026)"),
    ("PMH-013", {**DECIDED, "given_date": D("2026-12-10")}, '"Tanggal Pemberian Informasi": tanggal 10-12-2026 sesudah hari ini (09-12-2026)'),
    ("PMH-014", {**DECIDED, "notice_date": D("2026-11-20")}, 'tanggal 20-11-2026 lebih awal dari "Tanggal Diterima" (27-11-2026)'),
    ("PMH-014", {**DECIDED, "given_date": D("2026-12-01")}, '"Tanggal Pemberian Informasi": tanggal 01-12-2026 lebih awal dari "Tanggal Pemberitahuan Tertulis" (03-12-2026)'),
    ("PMH-015", {"received_time": "25:99"}, '"Jam Diterima": "25:99" tidak dapat dibaca sebagai jam'),
    ("PMH-016", {"name": "#REF!"}, 'nilai galat "#REF!"'),
    ("PMH-016", {"received": "#VALUE!"}, '"Tanggal Diterima": sel berisi nilai galat "#VALUE!"'),
    ("PMH-020", {**DECIDED, "decision": "Ditolak"}, "ditolak tetapi Alasan Penolakan kosong"),
    ("PMH-021", REFUSED_H, 'penolakan "Dikecualikan Pasal 17 huruf h" tidak menyebut Ref. Uji Konsekuensi'),
    ("PMH-022", {"dik_code": "DIK-99"}, 'Kode DIK "DIK-99" tidak ada'),
    ("PMH-023", {"dik_code": "dik-02", **REFUSED_H}, "berlaku sampai 31-01-2026, sebelum 03-12-2026 (tanggal pemberitahuan)"),
    ("PMH-024", {**DECIDED, "holding": "Tidak Dikuasai"}, 'informasi "Tidak Dikuasai" tetapi Badan Publik Lain kosong'),
    ("PMH-025", {"extended": "Ya"}, "perpanjangan tidak memenuhi syarat: tanggal pemberitahuan perpanjangan kosong"),
    ("PMH-026", {"fee": "lima ribu"}, '"Biaya (Rp)": "lima ribu" bukan jumlah rupiah'),
    ("PMH-030", {"identity": "15030141019"}, "NIK harus 16 angka (terisi 11 karakter)"),
    ("PMH-030", {"identity": "150301410190000A"}, "NIK harus 16 angka (berisi selain angka)"),
    ("PMH-030", {"identity": "1503014101900000"}, "NIK harus 16 angka (nomor urut 0000 tidak ada)"),  # serial 0000
    ("PMH-031", {"identity": "1503019913900001"}, "angka ke-7 s.d. 12 NIK (991390)"),  # day 99-40 = 59, month 13
    ("PMH-032", {"identity": "9903014101900001"}, "kode wilayah NIK (990301) tidak sah: kode provinsi tidak dikenal"),  # province 99 does not exist
    ("PMH-032", {"identity": "1500014101900001"}, "kode wilayah NIK (150001) tidak sah: kode kabupaten/kota 00"),  # regency 00
    ("PMH-033", {"identity": 1503014101900001}, "NIK tersimpan sebagai angka"),
    ("PMH-034", {"requester_type": "Badan Hukum", "identity": None}, "pemohon badan hukum tanpa nomor akta"),
    ("PMH-035", {"requester_type": "Kelompok Orang"}, "pemohon kelompok orang memerlukan surat kuasa"),
    ("PMH-035", {"proxy_name": "Budi (kuasa)", "power_of_attorney": "Tidak"}, "permohonan melalui kuasa memerlukan surat kuasa"),
    ("PMH-036", {"phone": None, "email": None}, "Nomor Telepon dan Email keduanya kosong"),
    ("PMH-037", {"phone": "12-34"}, '"12-34" tidak tampak seperti nomor telepon'),
    ("PMH-038", {"email": "siti@gmail"}, '"siti@gmail" tidak tampak seperti alamat email'),
    ("PMH-042", {"purpose": '=HYPERLINK("http://contoh.id","klik")'}, '"Tujuan Penggunaan": isi sel diawali tanda rumus'),
    # written against mutants bench/mutation.py found surviving in validate.py:
    ("PMH-014", {"given_date": D("2026-11-20")},
     '"Tanggal Pemberian Informasi": tanggal 20-11-2026 lebih awal dari "Tanggal Diterima" (27-11-2026)'),
    ("PMH-002", {**DECIDED, "decision": "Diterima Sebagian", "holding": None}, '"Status Penguasaan": keputusan'),
    ("PMH-002", {**DECIDED, "form": None}, '"Bentuk Informasi": keputusan "Diterima"'),
    ("PMH-002", {**DECIDED, "fee": 5000}, '"Cara Pembayaran": keputusan "Diterima"'),
    ("PMH-024", {**DECIDED, "decision": "Diterima Sebagian", "holding": "Tidak Dikuasai"}, "Badan Publik Lain kosong"),
    ("PMH-023", {"dik_code": "DIK-02"}, "berlaku sampai 31-01-2026, sebelum 09-12-2026 (hari ini)"),
    ("PMH-032", {"identity": "1503004101900001"}, "kode wilayah NIK (150300) tidak sah: kode kecamatan 00"),
    ("PMH-005", {"channel": "Faks\u202eimili"}, 'nilai "Faks imili" tidak ada'),  # a direction mark typed
    ("PMH-026", {"name": "=SUM(A1)", "fee": "lima ribu"}, '"lima ribu" bukan jumlah rupiah'),
    ("PMH-043", {"received": None}, "tidak diberikan karena Tanggal Diterima kosong"),
    # issue 13: what the letters need ("": the code and the column checks only)
    ("PMH-002", {**REFUSED_H, "consequence_test": "Penetapan 1/2026"}, ""),  # 22(7) a: holding, refusals too
    ("PMH-050", {**DECIDED, "decision": "Diterima Sebagian", "refusal_reason": "Dikecualikan Pasal 17 huruf h",
                 "dik_code": "DIK-02", "notice_date": D("2026-01-05"), "received": D("2025-12-29")}, ""),
    ("PMH-051", {**DECIDED, "decision": "Diterima Sebagian", "withheld": "NIK pemilih"}, ""),
    ("PMH-052", {**REFUSED_H, "refusal_reason": "Dikecualikan Pasal 17 huruf j", "consequence_test": "Penetapan 1"}, ""),
    ("PMH-053", {**DECIDED, "access_method": "Mendapatkan Salinan", "form": "Hardcopy", "copy_method": "Email"}, ""),
    ("PMH-054", {**DECIDED, "copy_method": "Pos"}, ""),
    ("PMH-055", {**DECIDED, "decision": "Ditolak", "refusal_reason": "Belum Dikuasai"}, ""),
    ("PMH-056", {**DECIDED, "decision": "Ditolak", "refusal_reason": "Syarat Tidak Lengkap"}, ""),
]


@pytest.mark.parametrize(("code", "values", "says"), CASES, ids=[f"{c}-{i}" for i, (c, _, _) in enumerate(CASES)])
def test_finding(code: str, values: dict, says: str) -> None:
    dik = [row(DIK, code="DIK-02", information="Rekam medis", article="huruf h", valid_until=D("2026-01-31"))]
    result, b = check(TODAY, request(**values), dik=dik)
    found = codes(result, 2)
    assert code in found, found
    finding = next(f for f in result.findings if f.code == code and says in f.message)
    # where and what, as the clerk reads it: this tab, row 2, the column named in the message
    assert (finding.tab, finding.row, finding.header in REQUESTS.headers) == (REQUESTS.name, 2, True)
    assert finding.message.startswith(f"Baris 2, kolom \"{finding.header}\": ") and "None" not in finding.message
    assert f"[{code}]" in b.tabs[REQUESTS.name][1][REQUESTS.headers.index("Catatan Validasi")]


def test_refusal_by_dik_code_alone_takes_its_letter_from_the_dik_entry() -> None:
    # Ditolak with only a Kode DIK: no PMH-020 (the DIK entry says huruf h); huruf j via DIK needs the law
    dik = [row(DIK, code="DIK-02", information="Rekam medis", article="huruf h"),
           row(DIK, code="DIK-J", information="Arsip tertutup", article="huruf j")]
    refused = {**DECIDED, "decision": "Ditolak", "access_method": None, "form": None}
    result, _ = check(TODAY, request(**refused, dik_code="DIK-02"), request(**refused, dik_code="DIK-J", name="Budi"),
                      dik=dik)
    assert "PMH-020" not in codes(result, 2) and "PMH-052" not in codes(result, 2)
    assert "PMH-052" in codes(result, 3)


def test_valid_variants_are_not_findings() -> None:
    # a woman's NIK (day + 40), a phone with +62, an e-mail only, an Excel serial date (46353 = 27-11-2026),
    # Indonesian text dates, a phone that Excel stored as a number (leading 0 lost)
    result, _ = check(TODAY,
                      request(identity="1503015505850002", phone="+62 812 3456 7890"),
                      request(name="Rudi", identity="1503010101800003", phone=None, email="rudi@contoh.id", received=46353.0),
                      request(name="Tono", identity="1503010101800004", received="27 Nopember 2026", phone="(0745) 91000"),
                      request(name="Ani", identity="1503010101800005", received="Jumat, 27 November 2026", phone=81234567890.0))
    assert result.findings == []


def test_date_out_of_order_names_both_columns() -> None:
    result, _ = check(TODAY, request(**{**DECIDED, "notice_date": D("2026-11-20")}))
    (f,) = [f for f in result.findings if f.code == "PMH-014"]
    assert f.header == "Tanggal Pemberitahuan Tertulis"
    assert "20-11-2026" in f.message and "\"Tanggal Diterima\" (27-11-2026)" in f.message


def test_duplicate_number_on_both_rows() -> None:
    result, _ = check(TODAY, request(number="001/PPID/XI/2026"), request(number="001/PPID/XI/2026", name="Budi"))
    assert "PMH-040" in codes(result, 2) and "PMH-040" in codes(result, 3)
    assert "baris 3" in next(f.message for f in result.findings if f.row == 2 and f.code == "PMH-040")


@pytest.mark.parametrize(("first", "second"), [
    ("001/PPID/XI/2026", "001/ppid/xi/2026"),  # case only
    ("001/PPID/XI/2026", " 001/PPID/XI/2026  "),  # surrounding spaces
    ("Reg 7/PPID/2026", "reg  7/PPID/2026"),  # case and a doubled inner space
])
def test_duplicate_numbers_differing_in_case_or_spaces(first: str, second: str) -> None:
    """Guards PMH-040 against numbers a clerk typed twice in another case or spacing: they are
    the same number (objections link to a request the same way, objection_deadlines.number_key)."""
    result, _ = check(TODAY, request(number=first), request(number=second, name="Budi"),
                      request(number="002/PPID/XI/2026", name="Citra"))
    assert "PMH-040" in codes(result, 2) and "PMH-040" in codes(result, 3)
    assert "PMH-040" not in codes(result, 4)


def test_repeat_request_within_window_is_a_warning() -> None:
    same = {"information": "Salinan keputusan penetapan DPT, Kecamatan Sarolangun"}
    result, _ = check(TODAY, request(received=D("2026-11-02"), **same), request(received=D("2026-11-27"), **same),
                      request(received=D("2026-12-01"), identity="1503015505850002", name="Lain", **same))
    assert "PMH-041" not in codes(result, 2)
    (f,) = [f for f in result.findings if f.code == "PMH-041"]
    assert (f.row, f.severity) == (3, "warning") and "25 hari" in f.message
    # outside the window (31 days > 30): no warning
    result, _ = check(TODAY, request(received=D("2026-10-27"), **same), request(received=D("2026-11-27"), **same))
    assert not any(f.code == "PMH-041" for f in result.findings)
    # exactly 30 days (27-10 -> 26-11) is still inside the window; the same request again, without an
    # identity number, is matched by the name; the warning sits on the later row of this tab
    result, _ = check(TODAY, request(received=D("2026-10-27"), **same), request(received=D("2026-11-26"), **same))
    (f,) = [f for f in result.findings if f.code == "PMH-041"]
    assert (f.tab, f.row, f.header) == (REQUESTS.name, 3, "Informasi yang Diminta") and "30 hari" in f.message
    anonymous = {**same, "identity": None, "requester_type": "Badan Hukum"}
    result, _ = check(TODAY, request(received=D("2026-11-02"), **anonymous),
                      request(received=D("2026-11-27"), **anonymous), request(received=D("2026-11-30"), **same))
    assert [f.row for f in result.findings if f.code == "PMH-041"] == [3]


def test_missing_support_tab_and_column_are_warnings() -> None:
    headers = [h for h in REQUESTS.headers if h != "Alamat"]
    grid = [headers, [v for h, v in zip(REQUESTS.headers, request()) if h != "Alamat"]]
    b = backend()
    b.tabs[REQUESTS.name] = grid
    del b.tabs[DIK.name]
    from automation.check.job import run_check
    from automation.rules.config import default_config

    result = run_check(b.read(), default_config(), TODAY, dt.datetime(2026, 12, 9, 8))
    found = {(f.code, f.tab) for f in result.findings}
    assert ("REG-001", DIK.name) in found and ("REG-002", REQUESTS.name) in found
    assert all(f.severity == "warning" for f in result.findings)


def test_a_register_made_before_is_told_the_new_columns_not_to_restore_them() -> None:
    # The five staff columns issue 13 added (written out by hand, not taken from the code): a
    # register made by 0.1 never had them, so "Tambahkan kembali" (REG-002) would be wrong.
    new = ["Persyaratan Belum Lengkap", "Tanggal Pemberitahuan Kelengkapan", "Tanggal Persyaratan Dilengkapi",
           "Materi yang Dikecualikan", "Undang-Undang Lain (Pasal 17 j)"]
    keep = [i for i, h in enumerate(REQUESTS.headers) if h not in new]
    b = backend()
    b.tabs[REQUESTS.name] = [[REQUESTS.headers[i] for i in keep], [request()[i] for i in keep]]
    from automation.check.job import run_check
    from automation.rules.config import default_config

    result = run_check(b.read(), default_config(), TODAY, dt.datetime(2026, 12, 9, 8))
    got = [f for f in result.findings if f.code.startswith("REG-")]
    assert sorted(f.message.split('"')[1] for f in got if f.code == "REG-005") == sorted(new)
    assert not [f for f in got if f.code == "REG-002"]
    assert all("kolom baru ppid-sheets" in f.message and "kembali" not in f.message for f in got)


def test_unreadable_holiday_row_is_lib_001() -> None:
    result, _ = check(TODAY, request(), holidays=[row(HOLIDAYS, date="besok", kind="Libur Kantor")])
    assert [(f.code, f.tab, f.row) for f in result.findings] == [("LIB-001", HOLIDAYS.name, 2)]


def test_estimated_calendar_year_is_kal_001() -> None:
    # received Mon 28-12-2026: day 10 falls in January 2027, whose calendar is only estimated
    result, _ = check(D("2026-12-30"), request(received=D("2026-12-28")))
    assert "KAL-001" in codes(result, 2)


def test_register_tab_or_required_header_missing_stops_the_run() -> None:
    from automation.check.job import run_check
    from automation.rules.config import default_config
    from sheets.errors import HeaderMissing, TabMissing

    b = backend(request())
    del b.tabs[REQUESTS.name]
    with pytest.raises(TabMissing, match="Register Permohonan"):
        run_check(b.read(), default_config(), TODAY, dt.datetime(2026, 12, 9, 8))
    b = backend(request())
    b.tabs[REQUESTS.name][0][REQUESTS.headers.index("Nama Pemohon")] = "Nama"
    with pytest.raises(HeaderMissing, match="Nama Pemohon"):
        run_check(b.read(), default_config(), TODAY, dt.datetime(2026, 12, 9, 8))


def test_every_catalogue_code_of_this_issue_is_tested() -> None:
    from automation.rules.findings import CATALOGUE

    tested = {c for c, _, _ in CASES} | {"PMH-040", "PMH-041", "REG-001", "REG-002", "REG-005"}
    tested |= {"REG-003", "REG-004", "REG-006"}  # tests/test_hostile_register.py, tests/test_hostile_google.py
    tested |= {"PMH-060", "PMH-061"}  # tests/test_date_entry.py
    tested |= {"PMH-044", "PMH-045"}  # tests/test_formula_cells.py
    mine = {c for c in CATALOGUE if c.startswith(("PMH-", "REG-"))}
    assert mine <= tested, mine - tested


def test_identity_rules_by_requester_kind() -> None:
    # NIK written with dots is still 16 digits; a legal entity's AHU number is no NIK; an error value
    # in the identity cell is reported once, as an error value, not as a bad NIK
    result, _ = check(TODAY, request(identity="1503.0141.0190.0001"),
                      request(requester_type="Badan Hukum", identity="AHU-0001.AH.01.07.2020", name="LSM"),
                      request(identity="#REF!", name="Budi"))
    assert codes(result, 2) == set() and codes(result, 3) == set()
    assert "PMH-016" in codes(result, 4) and not codes(result, 4) & {"PMH-030", "PMH-031", "PMH-032"}


def test_dropdown_findings_are_the_rows_own_whatever_the_rows_share() -> None:
    # validate_request works a combination of dropdown values out once per run (issue 19): rows
    # that share it each get their own finding, and another list of choices or a missing column
    # is another answer
    import dataclasses

    from automation.rules.records import read_requests
    from automation.rules.validate import Rules, allowed_choices, validate_request
    from sheets.memory import table_from_grid

    grid = [list(REQUESTS.headers), request(channel="Faksimili"), request(), request(channel="Faksimili", name="Budi")]
    reqs = read_requests(table_from_grid(REQUESTS.name, grid))
    rules = Rules(today=TODAY, choices=allowed_choices())
    found = [[(f.code, f.row, f.header) for f in validate_request(r, rules) if f.code == "PMH-005"] for r in reqs]
    assert found == [[("PMH-005", 2, "Kanal Permohonan")], [], [("PMH-005", 4, "Kanal Permohonan")]]
    widened = Rules(today=TODAY, choices=allowed_choices({"Kanal Permohonan": ["Faksimili"]}))
    assert [f for f in validate_request(reqs[0], widened) if f.code == "PMH-005"] == []
    without_column = dataclasses.replace(reqs[0], present=reqs[0].present - {"channel"})
    assert [f for f in validate_request(without_column, rules) if f.code == "PMH-005"] == []
    assert [f.row for f in validate_request(reqs[2], rules) if f.code == "PMH-005"] == [4]  # asked again: same


def test_quote_takes_clean_text_as_it_is_and_cleans_the_rest() -> None:
    # quote() returns a clean, short, printable text unchanged without the regular expression
    # (issue 19); whatever it is given, the result is the cleaning's own
    import sys

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from automation.rules.validate import _CONTROL, quote

    def cleaned(value: object, limit: int) -> str:
        text = " ".join(_CONTROL.sub(" ", str(value)).split())
        return text if len(text) <= limit else text[: limit - 3] + "..."

    # no printable character but the space is whitespace, a control or a direction mark
    assert not [cp for cp in range(sys.maxunicode + 1) if chr(cp) != " " and chr(cp).isprintable()
                and (chr(cp).isspace() or _CONTROL.search(chr(cp)) or len(f"a{chr(cp)}b".split()) != 1)]
    tricky = st.sampled_from(["Siti", " ", "  ", "\u00a0", "\u2028", "\t", "\n", "\u200b", "\u202e", "\x7f", "\x85",
                              "é", "名", "x" * 70, ""])

    @settings(max_examples=400, deadline=None)
    @given(st.lists(st.one_of(tricky, st.text(max_size=8)), max_size=8).map("".join), st.sampled_from([40, 60, 80, 200]))
    def same(text: str, limit: int) -> None:
        assert quote(text, limit) == cleaned(text, limit)

    same()
    assert quote(1503014101900001, 60) == "1503014101900001" and quote(None) == "None"
    assert quote(" Siti\u00a0 Aminah\n") == "Siti Aminah"


def test_date_rules_on_every_combination_of_dates() -> None:
    # _date_rules answers most rows at once (issue 19); on every combination of four dates
    # (blank, before, on and after today) the findings must be the rules' own: a date after
    # today (PMH-013), a date before the one it follows (PMH-014), in column order
    import dataclasses
    import itertools

    from automation.rules.records import read_requests
    from automation.rules.validate import Rules, _date_rules
    from sheets.memory import table_from_grid

    (base,) = read_requests(table_from_grid(REQUESTS.name, [list(REQUESTS.headers), request()]))
    rules = Rules(today=TODAY)
    days = (None, TODAY - dt.timedelta(days=9), TODAY - dt.timedelta(days=3), TODAY, TODAY + dt.timedelta(days=2))
    keys = ("received", "extension_notice_date", "notice_date", "given_date")
    for combo in itertools.product(days, repeat=4):
        dates = dict(zip(keys, combo))
        req = dataclasses.replace(base, **dates)
        expected = [("PMH-013", k) for k in keys if dates[k] is not None and dates[k] > TODAY]
        for later, earlier in (("extension_notice_date", "received"), ("notice_date", "received"),
                               ("given_date", "notice_date")):
            if dates[later] is not None and dates[earlier] is not None and dates[later] < dates[earlier]:
                expected.append(("PMH-014", later))
        if dates["given_date"] and dates["notice_date"] is None and dates["received"] \
                and dates["given_date"] < dates["received"]:
            expected.append(("PMH-014", "given_date"))
        found = [(f.code, f.header) for f in _date_rules(req, rules)]
        assert found == [(c, REQUESTS.header(k)) for c, k in expected], combo
