"""`ppid calendar` and `ppid due`, invoked directly with click's CliRunner."""

from __future__ import annotations

import datetime as dt
import json

from click.testing import CliRunner

from automation.cli.calendar_cmd import calendar_command, due_command


def test_calendar_2026_lists_weekday_days_off() -> None:
    result = CliRunner().invoke(calendar_command, ["--year", "2026"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "24-12-2026" in out and "cuti bersama" in out and "SKB 1497/2025, 2/2025, 5/2025" in out
    assert "Hari pemungutan" not in out
    assert "05-04-2026" not in out  # Paskah falls on a Sunday: not a weekday day off
    # 21 weekday days off in the official 2026 list; 261 weekdays - 21 = 240 working days.
    assert "Jumlah hari libur pada hari kerja: 21; jumlah hari kerja: 240." in out
    assert "Peringatan" not in out


def test_calendar_estimated_year_is_marked() -> None:
    result = CliRunner().invoke(calendar_command, ["--year", "2027"])
    assert result.exit_code == 0, result.output
    assert "perkiraan" in result.output
    assert "Peringatan: kalender 2027 masih perkiraan" in result.output


def test_calendar_shows_the_registers_local_days(tmp_path, capsys) -> None:
    # The real program context: the register's "Hari Libur" tab adds a closure and a worked Saturday.
    from automation.cli.main import main
    from sheets.layout import HOLIDAYS
    from sheets.workbook_init import create_register

    register = create_register(tmp_path / "reg.xlsx", data={HOLIDAYS.name: [
        [dt.date(2026, 12, 3), "Libur Kantor", "Rapat pleno", "SE Sekretaris"],
        [dt.date(2026, 12, 5), "Masuk Kerja", "Masuk tahapan", "SE Sekretaris"]]})
    assert main(["calendar", "--year", "2026", "--register", str(register)]) == 0
    out = capsys.readouterr().out
    lines = {line.split()[1]: line for line in out.splitlines() if "-12-2026" in line and line.split()[1:2]}
    assert "libur lokal" in lines["03-12-2026"] and "masuk kerja" in lines["05-12-2026"]
    # 21 weekday days off + Thu 03-12 = 22; 240 - 1 + Sat 05-12 worked = 240 working days
    assert "Jumlah hari libur pada hari kerja: 22; jumlah hari kerja: 240." in out


def test_due_json() -> None:
    result = CliRunner().invoke(due_command, ["2026-11-28", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["received"], data["due"], data["due_extended"]) == ("2026-11-28", "2026-12-11", "2026-12-22")
    assert data["trace"].startswith("Diterima Sab 28-11-2026 (bukan hari kerja) -> hari ke-1 Sen 30-11")


def test_due_text_indonesian_date_and_election_track() -> None:
    result = CliRunner().invoke(due_command, ["13-02-2024", "--category", "pemilu"])
    assert result.exit_code == 0, result.output
    assert "Tahapan Pemilu/Pemilihan" in result.output
    assert "Sen 19-02-2024" in result.output and "Rab 21-02-2024" in result.output
    assert "Keppres 10/2024" in result.output


def test_due_warns_for_estimated_year() -> None:
    result = CliRunner().invoke(due_command, ["11-12-2026"])
    assert result.exit_code == 0, result.output
    assert "Peringatan: kalender 2027 masih perkiraan" in result.output


def test_due_rejects_bad_input() -> None:
    result = CliRunner().invoke(due_command, ["31-02-2026"])
    assert result.exit_code == 2
    assert "tidak dikenali" in result.output
    result = CliRunner().invoke(due_command, ["2026-11-28", "--time", "25:00"])
    assert result.exit_code == 2
    result = CliRunner().invoke(due_command, ["2026-11-28", "--category", "lain"])
    assert result.exit_code == 2


def test_settings_come_from_config_toml(tmp_path, capsys) -> None:
    from automation.cli.main import main

    cfg = tmp_path / "config.toml"
    cfg.write_text(
        '[calendar]\ncutoff = "15:00"\ncuti_bersama_non_working = false\n[deadlines]\nelection_notice_days = 4\n',
        encoding="utf-8",
    )
    # Mon 30-11-2026 15:30 counts from Tue 01-12; election track 4 HK: 2, 3, 4, 7 Dec.
    code = main(["--config", str(cfg), "due", "2026-11-30", "--time", "15:30", "--category", "pemilu", "--json"])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["effective_receipt"], data["due"]) == ("2026-12-01", "2026-12-07")
    # Cuti bersama switched off: the 8 weekday cuti bersama of 2026 (16-02, 18-03, 20-03, 23-03,
    # 24-03, 15-05, 28-05, 24-12) are worked: 21 - 8 = 13 days off, 261 - 13 = 248 working days.
    assert main(["--config", str(cfg), "calendar", "--year", "2026"]) == 0
    out = capsys.readouterr().out
    assert "Jumlah hari libur pada hari kerja: 13; jumlah hari kerja: 248." in out


def test_due_reads_the_registers_hari_libur_tab(tmp_path, capsys) -> None:
    """Received Thu 01-10-2026; the office closed Fri 09-10-2026 (tab Hari Libur): day 10 moves
    from Thu 15-10 to Fri 16-10 (Oct 2 = 1, 5-8 = 2..5, 9 closed, 12-16 = 6..10)."""
    from automation.cli.main import main
    from sheets.layout import HOLIDAYS
    from sheets.workbook_init import create_register

    register = create_register(tmp_path / "reg.xlsx", data={
        HOLIDAYS.name: [[dt.date(2026, 10, 9), "Libur Kantor", "Perbaikan jaringan", "SE Sekretaris"]]})
    assert main(["due", "2026-10-01", "--json", "--register", str(register)]) == 0
    assert json.loads(capsys.readouterr().out)["due"] == "2026-10-16"
    assert main(["due", "2026-10-01", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["due"] == "2026-10-15"


def test_calendar_marks_dates_the_official_list_calls_unsure(capsys) -> None:
    """holidays-id-2024-2026.csv marks Idul Adha 2026-05-27 (and 2024-12-26) certainty=unsure."""
    from automation.cli.main import main

    assert main(["calendar", "--year", "2026"]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if "perlu dicek" in line]
    assert len(lines) == 1 and "27-05-2026" in lines[0]


def test_due_refuses_a_date_the_calendar_cannot_count(capsys) -> None:
    """The calendar knows rest days for 1970-2100: 9999-12-31 is a usage error, not a crash."""
    from automation.cli.main import main

    assert main(["due", "9999-12-31"]) == 2
    assert "di luar jangkauan kalender (1970-2099)" in capsys.readouterr().err
    assert main(["check", "--today", "1969-12-31"]) == 2
