"""`ppid schedule`, the report step of the daily job, and `ppid run` twice on a real register."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from automation.cli.common import AppContext
from automation.cli.main import main
from automation.cli.report_cmd import report_step
from automation.cli.run_cmd import _cron_days, schedule_text
from tests.office_config import with_officials
from tests.report_fixture import write_xlsx

D = dt.date


@pytest.fixture
def office(tmp_path) -> Path:
    write_xlsx(tmp_path / "register.xlsx")
    (tmp_path / "config.toml").write_text(with_officials('[register]\npath = "register.xlsx"\n'), encoding="utf-8")
    return tmp_path


def _report_tabs(path: Path) -> list[str]:
    return [n for n in openpyxl.load_workbook(path, read_only=True).sheetnames if n.startswith("Laporan")]


# --- schedule ----------------------------------------------------------------------------------


def test_schedule_prints_three_forms_with_absolute_paths(office, capsys) -> None:
    config = office / "config.toml"
    assert main(["--config", str(config), "schedule", "--at", "07:45"]) == 0
    out = capsys.readouterr().out
    cron = next(line for line in out.splitlines() if line and not line.startswith("#") and line.startswith("45 7 "))
    assert cron.startswith("45 7 * * 1,2,3,4,5 cd ")
    assert f"--config {config.resolve()} run" in cron
    assert "[Service]" in out and "Type=oneshot" in out and f"WorkingDirectory={office.resolve()}" in out
    assert "[Timer]" in out and "OnCalendar=Mon,Tue,Wed,Thu,Fri *-*-* 07:45:00" in out and "Persistent=true" in out
    schtasks = next(line for line in out.splitlines() if line.startswith("schtasks /Create"))
    assert "/SC WEEKLY /D MON,TUE,WED,THU,FRI /ST 07:45" in schtasks and str(config.resolve()) in schtasks
    exec_line = next(line for line in out.splitlines() if line.startswith("ExecStart="))
    program = exec_line.removeprefix("ExecStart=").split()[0]
    assert Path(program).is_absolute() and Path(program).exists()


def test_schedule_quoting_and_days() -> None:
    text = schedule_text([r"C:\Program Files\Python311\Scripts\ppid.exe"], Path(r"C:\PPID\config.toml"),
                         Path(r"C:\PPID"), dt.time(8, 0), (0, 1, 2, 3, 4, 5), Path(r"C:\PPID\ppid-run.log"))
    assert r'/TR "\"C:\Program Files\Python311\Scripts\ppid.exe\" --config \"C:\PPID\config.toml\" run"' in text
    assert "/D MON,TUE,WED,THU,FRI,SAT" in text
    assert _cron_days((0, 1, 2, 3, 4)) == "1,2,3,4,5" and _cron_days(tuple(range(7))) == "*"
    assert _cron_days((5, 6)) == "0,6"


# --- the report step -----------------------------------------------------------------------------


def test_report_step_waits_for_the_first_working_day_then_makes_the_report_once(office) -> None:
    app = AppContext(config_path=str(office / "config.toml"))
    cfg = app.config
    register = office / "register.xlsx"
    # Sat 2026-11-28... the first working day of November was Mon 2-11: today is after it, but
    # the October tab is missing -> it is made (catch-up), then not again.
    first = report_step(app, cfg, D(2026, 11, 28))
    assert first.code == 0 and '"Laporan 2026-10" dibuat' in first.line
    again = report_step(app, cfg, D(2026, 11, 30))
    assert again.code == 0 and "sudah ada" in again.line
    assert _report_tabs(register) == ["Laporan 2026-10"]
    # Fri 1-1-2027 is a holiday: the first working day of January 2027 is Mon 4-1.
    wait = report_step(app, cfg, D(2027, 1, 1))
    assert "belum waktunya" in wait.line and "4 Januari 2027" in wait.line
    assert _report_tabs(register) == ["Laporan 2026-10"]
    # In January: December's report and the annual report of the year before.
    jan = report_step(app, cfg, D(2027, 1, 4))
    assert '"Laporan 2026-12" dibuat' in jan.line and '"Laporan Tahunan 2026" dibuat' in jan.line
    assert sorted(_report_tabs(register)) == ["Laporan 2026-10", "Laporan 2026-12", "Laporan Tahunan 2026"]
    assert (office / "laporan" / "Laporan-Tahunan-2026.docx").is_file()


# --- ppid run twice --------------------------------------------------------------------------------


def _values(path: Path) -> dict[str, list[list]]:
    wb = CalamineWorkbook.from_path(str(path))
    return {n: wb.get_sheet_by_name(n).to_python() for n in wb.sheet_names}


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() and "cadangan" not in p.parts
                  and p.suffix in (".docx", ".pdf", ".xlsx"))


def test_run_twice_makes_no_duplicates(office, capsys) -> None:
    """Run 1 does the work (and checks again after its letters, so the "no letter yet" flags
    they answered are cleared at once); runs 2 and 3 change nothing but the Log."""
    args = ["--config", str(office / "config.toml"), "run", "--today", "2026-12-01"]
    runs = []
    for _ in range(3):
        code = main(args)
        runs.append((code, capsys.readouterr().out, _values(office / "register.xlsx"), _files(office)))

    for code, out, values, _ in runs:
        lines = [line for line in out.splitlines() if line.split(":")[0] in ("Pemeriksaan", "Surat", "Laporan")]
        assert [line.split(":")[0] for line in lines] == ["Pemeriksaan", "Surat", "Laporan"], out
        assert "GAGAL" not in out, out
        assert code in (0, 1)  # 1: the fixture has overdue rows and findings for a human
        names = list(values)
        assert len(names) == len(set(names))
        assert [n for n in names if n.startswith("Laporan")] == ["Laporan 2026-11"]
    (_, out1, v1, files1), (_, out2, v2, files2), (_, out3, v3, files3) = runs
    assert '"Laporan 2026-11" dibuat' in out1 and "sudah ada" in out2 and "sudah ada" in out3
    assert "Surat: 0 surat baru" in out2 and "Surat: 0 surat baru" in out3
    assert files1 == files2 == files3  # no letter or report file made twice
    assert v1["Laporan 2026-11"] == v2["Laporan 2026-11"] == v3["Laporan 2026-11"]
    if "Surat" in v1:
        assert v1["Surat"] == v2["Surat"] == v3["Surat"]  # letters registered once
    assert "Pemeriksaan ulang:" in out1 and "Pemeriksaan ulang:" not in out2
    for name in v1:
        if name != "Log":  # one line per run, by design
            assert v1[name] == v2[name] == v3[name], name
    with zipfile.ZipFile(office / "register.xlsx") as z:
        assert len([n for n in z.namelist() if n.startswith("xl/charts/chart")]) == 4


def test_run_stops_after_the_check_when_the_register_is_unusable(tmp_path, capsys) -> None:
    import xlsxwriter

    from sheets.layout import REQUESTS

    headers = list(REQUESTS.headers)
    headers[headers.index("Nama Pemohon")] = "Nama"  # a clerk renamed the header
    wb = xlsxwriter.Workbook(str(tmp_path / "register.xlsx"))
    wb.add_worksheet(REQUESTS.name).write_row(0, 0, headers)
    wb.close()
    before = (tmp_path / "register.xlsx").read_bytes()
    code = main(["run", "--register", str(tmp_path / "register.xlsx"), "--today", "2026-12-01"])
    out = capsys.readouterr().out
    assert code == 3
    assert "\"Nama Pemohon\"" in out and "Surat, Laporan, Email: dilewati" in out
    assert (tmp_path / "register.xlsx").read_bytes() == before
    assert not (tmp_path / "laporan").exists()
