"""`ppid rekap`: the recap across offices, from a folder of real .xlsx registers.

Hand count (tests/report_fixture.py, worked out request by request in tests/test_report.py),
November 2026 as of Tue 01-12-2026, for ONE office:
received 9; finished 8 = on time 6 (R1 R4 R6 R7 R10 R16) + with extension 1 (R3) + late 1 (R5);
refused 4 (R3 Pasal 17 h, R7 Belum Dikuasai, R10 Syarat Tidak Lengkap, R16 Belum Didokumentasikan);
pending at the end 4; working days 0,3,6,8,10,10,12,13 -> median 9; objections received 2,
answered 2 (1 on time, 1 late), pending 1, decisions Ditolak 1 + Dikabulkan 1, to the Komisi
Informasi 1. Two identical offices give twice every count and the same median (9).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from automation.cli.main import cli
from automation.cli.recap_cmd import parse_recap_period
from automation.rules.errors import UsageError
from tests.report_fixture import personal_strings, register_tabs, write_xlsx

FIGURE_KEYS = ("received", "finished", "on_time", "on_time_extended", "late", "extended", "pending_end", "granted",
               "granted_partly", "refused")

# the province fixture writes kab-rusak.xlsx, not a workbook, on purpose (tests/conftest.py's package check)
pytestmark = pytest.mark.broken_xlsx("kab-rusak.xlsx")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _rekap(args: list[str], cwd: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["rekap", *args], catch_exceptions=False, env={"PPID_CONFIG": ""},
                                standalone_mode=False)
    return result.return_value, result.output


@pytest.fixture()
def province(tmp_path: Path) -> Path:
    """Two offices with the hand-counted register, one damaged file, one without the request tab."""
    folder = tmp_path / "kabupaten"
    folder.mkdir()
    write_xlsx(folder / "kab-a.xlsx")
    write_xlsx(folder / "kab-b.xlsx")
    (folder / "kab-rusak.xlsx").write_bytes(b"bukan buku kerja")
    tabs = register_tabs()
    del tabs["Register Permohonan"]
    write_xlsx(folder / "kab-tanpa-tab.xlsx", tabs)
    (folder / "~$kab-a.xlsx").write_bytes(b"lock file of Excel")  # skipped, not an office
    (folder / "catatan.txt").write_text("bukan register", encoding="utf-8")  # skipped, not an office
    return folder


def test_recap_totals_by_hand_and_unusable_registers_reported(province: Path, monkeypatch) -> None:
    monkeypatch.chdir(province.parent)
    before = {p.name: _digest(p) for p in province.iterdir()}
    code, out = _rekap(["--folder", str(province), "--month", "2026-11", "--today", "2026-12-01", "--json",
                        "--workers", "2"], province.parent)
    data = json.loads(out[out.index("{"):])
    t = data["total"]
    assert (t["received"], t["finished"], t["on_time"], t["on_time_extended"], t["late"]) == (18, 16, 12, 2, 2)
    assert (t["refused"], t["refused_pasal17_h"], t["refused_not_held"], t["refused_incomplete_requirements"],
            t["refused_not_documented"]) == (8, 2, 2, 2, 2)
    assert t["pending_end"] == 8 and t["median_days"] == 9
    assert (t["objections_received"], t["objections_answered"], t["objections_on_time"], t["objections_late"],
            t["objections_pending"], t["objections_Ditolak"], t["objections_Dikabulkan"],
            t["objections_to_commission"]) == (4, 4, 2, 2, 2, 2, 2, 2)
    assert t["on_time_share"] == round(14 / 16, 4)
    assert data["offices_total"] == 4 and data["offices_counted"] == 2
    why = {o["code"]: o["why"] for o in data["not_counted"]}
    assert set(why) == {"kab-rusak", "kab-tanpa-tab"}
    assert "bukan berkas .xlsx" in why["kab-rusak"] and "Register Permohonan" in why["kab-tanpa-tab"]
    assert code == 1  # someone must look at the two unusable registers
    # read-only: no office file changed, no backup or lock made beside them
    assert {p.name: _digest(p) for p in province.iterdir()} == before


def test_recap_equals_the_sum_of_each_offices_own_report(tmp_path: Path, monkeypatch) -> None:
    from automation.cli.demo_cmd import demo_data
    from sheets.workbook_init import create_register

    monkeypatch.chdir(tmp_path)
    today = dt.date(2026, 11, 28)
    folder = tmp_path / "kab"
    folder.mkdir()
    for seed in (3, 4, 5):
        create_register(folder / f"kab-{seed}.xlsx", today=today, data=demo_data(today, seed))
    runner = CliRunner()
    for args in (["--year", "2026"], ["--month", "2026-10"]):
        code, out = _rekap(["--folder", str(folder), *args, "--today", "2026-11-28", "--json"], tmp_path)
        recap = json.loads(out[out.index("{"):])
        reports = []
        for seed in (3, 4, 5):
            r = runner.invoke(cli, ["report", "--register", str(folder / f"kab-{seed}.xlsx"), *args, "--today",
                                    "2026-11-28", "--json"], catch_exceptions=False, env={"PPID_CONFIG": ""})
            reports.append(json.loads(r.output[r.output.index("{"):]))
        assert recap["offices_counted"] == 3
        for key in FIGURE_KEYS:
            assert recap["total"][key] == sum(rep[key] for rep in reports), key
        for reason in reports[0]["refused_by_reason"]:
            assert recap["total"][f"refused_{reason}"] == sum(rep["refused_by_reason"][reason] for rep in reports)
        for k, j in (("received", "received"), ("answered", "answered"), ("on_time", "on_time"),
                     ("pending", "pending_end"), ("to_commission", "to_commission")):
            assert recap["total"][f"objections_{k}"] == sum(rep["objections"][j] for rep in reports)
        for decision in reports[0]["objections"]["by_decision"]:
            assert recap["total"][f"objections_{decision}"] == sum(
                rep["objections"]["by_decision"][decision] for rep in reports)
        by_code = {o["code"]: o for o in recap["offices"]}
        for seed, rep in zip((3, 4, 5), reports):
            office = by_code[f"kab-{seed}"]
            assert office["median_days"] == rep["working_days"]["median"]
            assert office["working_days_count"] == rep["working_days"]["count"]
        assert recap["total"]["received"] > 0 and recap["total"]["finished"] > 0  # not a vacuous sum


def test_recap_files_have_charts_a_ranking_and_no_personal_data(province: Path, monkeypatch) -> None:
    import openpyxl
    from docx import Document

    monkeypatch.chdir(province.parent)
    out_dir = province.parent / "hasil"
    code, out = _rekap(["--folder", str(province), "--month", "2026-11", "--today", "2026-12-01", "--out",
                        str(out_dir)], province.parent)
    assert code == 1 and "Kantor terhitung 2 dari 4" in out
    wb = openpyxl.load_workbook(out_dir / "Rekap-2026-11.xlsx")
    assert wb.sheetnames == ["Ringkasan", "Peringkat", "Penolakan", "Keberatan", "Tidak Terhitung", "Definisi"]
    assert len(wb["Ringkasan"]._charts) == 2 and len(wb["Peringkat"]._charts) == 1
    ranking = [[c.value for c in row] for row in wb["Peringkat"].iter_rows(min_row=4, max_col=3)]
    assert ranking == [[1, "kab-a", "kab-a"], [2, "kab-b", "kab-b"]]  # equal figures: by name
    gone = [[c.value for c in row] for row in wb["Tidak Terhitung"].iter_rows(min_row=4, max_col=4)]
    assert {r[0] for r in gone} == {"kab-rusak", "kab-tanpa-tab"}
    texts = []
    for ws in wb.worksheets:
        texts.extend(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)
    doc = Document(str(out_dir / "Rekap-2026-11.docx"))
    texts.extend(p.text for p in doc.paragraphs)
    texts.extend(c.text for table in doc.tables for row in table.rows for c in row.cells)
    texts.append((out_dir / "Rekap-2026-11.json").read_text(encoding="utf-8"))
    blob = "\n".join(texts)
    assert "NOTA DINAS" in blob and "TOTAL" in blob
    leaked = [s for s in personal_strings() if s in blob]
    assert leaked == []


def test_offices_listed_in_config_that_did_not_report(tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "kab"
    folder.mkdir()
    write_xlsx(folder / "sarolangun.xlsx")
    (tmp_path / "config.toml").write_text(
        '[rekap]\nfolder = "kab"\n\n'
        '[[rekap.offices]]\nname = "KPU Kabupaten Sarolangun"\ncode = "15.03"\nsource = "kab/sarolangun.xlsx"\n\n'
        '[[rekap.offices]]\nname = "KPU Kabupaten Kerinci"\ncode = "15.01"\nsource = "kab/kerinci.xlsx"\n',
        encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["--config", str(tmp_path / "config.toml"), "rekap", "--month", "2026-11",
                                      "--today", "2026-12-01", "--json"], catch_exceptions=False)
    data = json.loads(result.output[result.output.index("{"):])
    assert [(o["code"], o["name"], o["status"]) for o in data["offices"]] == [
        ("15.03", "KPU Kabupaten Sarolangun", "ok"), ("15.01", "KPU Kabupaten Kerinci", "tidak melapor")]
    assert data["total"]["received"] == 9  # the one office's hand count; the listed file is not counted twice
    assert "kerinci.xlsx" in data["not_counted"][0]["why"]


def test_period_options() -> None:
    today = dt.date(2026, 11, 28)
    assert parse_recap_period(None, "2026-3", None, today).label == "Triwulan III 2026"
    q = parse_recap_period(None, "2026-T4", None, today)
    assert (q.start, q.end, q.key) == (dt.date(2026, 10, 1), dt.date(2026, 12, 31), "2026-T4")
    assert parse_recap_period(None, None, None, today).key == "2026-10"
    with pytest.raises(UsageError):
        parse_recap_period("2026-11", None, 2026, today)
    with pytest.raises(UsageError):
        parse_recap_period(None, "2026-5", None, today)


def test_no_sources_is_a_usage_error(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["rekap", "--json"], env={"PPID_CONFIG": ""})
    assert isinstance(result.exception, UsageError) and "--folder" in result.exception.message


def test_read_register_gives_typed_columns_and_computed_deadlines(tmp_path: Path) -> None:
    import pandas as pd

    from automation.reports.frames import read_register

    path = tmp_path / "kab.xlsx"
    write_xlsx(path)
    before = _digest(path)
    df = read_register(path, dt.date(2026, 12, 1))
    assert _digest(path) == before  # checked in memory only
    assert len(df) == 16  # 16 request rows in the fixture
    assert str(df["received"].dtype).startswith("datetime64") and str(df["due"].dtype).startswith("datetime64")
    assert isinstance(df["decision"].dtype, pd.CategoricalDtype)
    assert list(df["decision"].cat.categories[:3]) == ["Diterima", "Diterima Sebagian", "Ditolak"]
    assert str(df["days_taken"].dtype) == "Int64" and str(df["late"].dtype) == "boolean"
    r1, r3 = df.iloc[0], df.iloc[2]
    # R1: received Wed 21-10, due (10 HK) Wed 04-11, notice Mon 02-11 after 8 working days (by hand above)
    assert (r1["received"], r1["due"], r1["days_taken"]) == (pd.Timestamp("2026-10-21"), pd.Timestamp("2026-11-04"), 8)
    # R3: due Thu 12-11, lawfully extended to Mon 23-11, 13 working days
    assert (r3["due"], r3["due_extended"], r3["extension_lawful"], r3["days_taken"]) == (
        pd.Timestamp("2026-11-12"), pd.Timestamp("2026-11-23"), True, 13)
    assert df.loc[df["row"] == 16, "errors"].item() >= 1  # R15 has no Tanggal Diterima: an error finding
    for column in ("name", "identity", "address", "phone", "email", "information", "purpose"):
        assert column not in df.columns
    blob = df.astype(str).to_csv()
    assert [s for s in personal_strings() if s in blob] == []

    from automation.reports.frames import read_registers

    both = read_registers({"15.03": path, "15.02": path}, dt.date(2026, 12, 1))
    assert len(both) == 32 and list(both["office"].cat.categories) == ["15.03", "15.02"]
    # November, by hand (module docstring): 8 finished per office, median 9 working days; R15 has a
    # notice in November but no Tanggal Diterima, so the report leaves it out and so does this filter
    finished = both[(both.notice_date >= "2026-11-01") & (both.notice_date <= "2026-11-30") & both.received.notna()]
    assert finished.groupby("office", observed=True).size().tolist() == [8, 8]
    assert finished["days_taken"].median() == 9


def test_demo_province_makes_registers_and_their_recap(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["demo", str(tmp_path / "prov"), "--provinsi", "--today", "2026-11-28"],
                                catch_exceptions=False, env={"PPID_CONFIG": ""})
    assert "5 dari 6 kantor terhitung" in result.output and "KPU Kota Sungai Penuh: tidak melapor" in result.output
    assert len(list((tmp_path / "prov" / "register-kabupaten").glob("*.xlsx"))) == 5
    assert (tmp_path / "prov" / "rekap" / "Rekap-2026-10.xlsx").is_file()


def test_blank_registration_numbers_are_given_in_memory_as_ppid_check_would() -> None:
    from automation.reports.recap import OfficeSource, RecapPeriod, recap_office
    from automation.rules.config import default_config
    from tests.register_factory import backend, request

    # one request received Fri 27-11-2026 without a number, still open on Tue 01-12: it is
    # pending at the end of the period and listed by the number the check gives it (the
    # default format {seq:03d}/PPID/{month_roman}/{year}: the first of November 2026)
    register = backend(request(number=None))
    snapshot = register.read()
    result = recap_office(snapshot, OfficeSource("Kab", "k", "mem"), default_config(), RecapPeriod.month(2026, 11),
                          dt.date(2026, 12, 1), dt.datetime(2026, 12, 1, 8))
    assert result.figures["received"] == 1 and result.figures["pending_end"] == 1
    assert [p["number"] for p in result.figures["oldest_pending"]] == ["001/PPID/XI/2026"]
    assert register.read().table("Register Permohonan").rows == snapshot.table("Register Permohonan").rows  # untouched


def test_skm_index_of_the_period_from_the_survey_tab() -> None:
    from automation.reports.recap import OfficeSource, RecapPeriod, recap_office
    from automation.rules.config import default_config
    from sheets.layout import SURVEY
    from tests.register_factory import backend, request, row

    nine = [f"u{i}" for i in range(1, 10)]
    survey = [list(SURVEY.headers),
              row(SURVEY, date=dt.date(2026, 11, 20), **{k: 4 for k in nine}),
              row(SURVEY, date=dt.date(2026, 11, 23), **{k: 3 for k in nine}),
              row(SURVEY, date=dt.date(2026, 10, 5), **{k: 1 for k in nine})]  # October: not in the period
    register = backend(request(), extra_tabs={"Survei Kepuasan": survey})
    result = recap_office(register.read(), OfficeSource("Kab", "k", "mem"), default_config(),
                          RecapPeriod.month(2026, 11), dt.date(2026, 12, 1), dt.datetime(2026, 12, 1, 8))
    # November: two respondents, every element (4 + 3) / 2 = 3.5; weighted 1/9 each, summed 3.5; x 25 = 87.50
    assert result.skm == 87.5
