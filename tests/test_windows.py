"""What a Windows desk computer does differently, checked on Linux where it can be.

* Excel (or an antivirus, or OneDrive) holding the register: `os.replace` raises
  PermissionError there. The operating system's answer is played by a stand-in for
  `os.replace` (not our code): the replace is retried, then one message, nothing lost.
* A console or a redirected output in cp1252: characters outside it become "?", never a
  traceback; rich tables fall back to ASCII lines.
* Task Scheduler: paths with spaces quoted the way schtasks reads them; a /TR too long for it
  is said before the operator pastes it.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from automation.cli.main import main
from automation.cli.run_cmd import SCHTASKS_TR_MAX, schedule_text
from automation.rules.files import OutputFileBusy, busy_copy_name, replace_file, temp_beside
from sheets.layout import REQUESTS
from sheets.workbook_init import create_register
from tests.register_factory import request

REAL_REPLACE = os.replace


def hold(monkeypatch: pytest.MonkeyPatch, target: Path, times: int | None) -> list[str]:
    """Make `target` behave like a file open in Excel for the next `times` replaces (None = always)."""
    attempts: list[str] = []

    def replace(src, dst) -> None:
        if Path(dst) == target and (times is None or len(attempts) < times):
            attempts.append(str(dst))
            raise PermissionError(13, "The process cannot access the file because it is being used by another "
                                      "process", str(dst))
        REAL_REPLACE(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    return attempts


def _register(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A register with one row to number; the command runs from its folder (backups, log there)."""
    monkeypatch.chdir(folder)
    monkeypatch.delenv("PPID_CONFIG", raising=False)
    path = folder / "register.xlsx"
    create_register(path, data={REQUESTS.name: [request(number="")]})  # the check numbers this row
    return path


def test_register_held_for_a_moment_is_written_after_a_retry(tmp_path: Path, monkeypatch, capsys) -> None:
    register = _register(tmp_path, monkeypatch)
    attempts = hold(monkeypatch, register, times=2)
    assert main(["check", "--register", str(register), "--today", "2026-12-01"]) in (0, 1)
    assert len(attempts) == 2
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(str(register)).get_sheet_by_name(REQUESTS.name).to_python()
    assert rows[1][0] == "001/PPID/XI/2026"  # the number the check gave (received 27-11-2026, first of the year)


def test_register_held_open_stops_with_one_message_and_nothing_lost(tmp_path: Path, monkeypatch, capsys) -> None:
    register = _register(tmp_path, monkeypatch)
    before = register.read_bytes()
    attempts = hold(monkeypatch, register, times=None)
    assert main(["check", "--register", str(register), "--today", "2026-12-01"]) == 3
    err = capsys.readouterr().err
    assert "sedang dipakai program lain" in err and "register tetap seperti semula" in err and "Traceback" not in err
    assert len(attempts) == 5  # the first try and 4 retries (sheets.replace.RETRY_DELAYS)
    assert register.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".ppid-tmp")] == []
    assert len(list((tmp_path / "cadangan").iterdir())) == 1  # the backup made before the replace was tried


def test_output_file_held_open_keeps_the_new_version_beside_it(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "Laporan-2026-11.pdf"  # open in a PDF reader (Excel and Word hold files the same way)
    target.write_bytes(b"versi lama")
    tmp = temp_beside(target)
    tmp.write_bytes(b"versi baru")
    hold(monkeypatch, target, times=None)
    with pytest.raises(OutputFileBusy) as e:
        replace_file(tmp, target)
    beside = busy_copy_name(target)
    assert beside.name == "Laporan-2026-11 (baru).pdf"
    assert target.read_bytes() == b"versi lama" and beside.read_bytes() == b"versi baru" and not tmp.exists()
    assert str(beside) in e.value.message and e.value.exit_code == 3


def _ppid(args: list[str], cwd: Path, encoding: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": encoding, "PYTHONUTF8": "0"}
    env.pop("PPID_CONFIG", None)
    return subprocess.run([sys.executable, "-m", "automation", *args], cwd=cwd, env=env, capture_output=True,
                          timeout=120)


def test_cp1252_console_shows_question_marks_not_a_traceback(tmp_path: Path) -> None:
    folder = tmp_path / "Kantor ✓ PPID"  # ✓ (U+2713) is not in cp1252
    done = _ppid(["config", str(folder / "config.toml")], tmp_path, "cp1252")
    out = done.stdout.decode("cp1252")
    assert done.returncode == 0, done.stderr.decode("cp1252", "replace")
    assert "Kantor ? PPID" in out and (folder / "config.toml").is_file()
    # Indonesian text and a rich table, in the legacy code page
    table = _ppid(["calendar", "--year", "2026"], tmp_path, "cp1252")
    text = table.stdout.decode("cp1252")
    assert table.returncode == 0 and "Traceback" not in table.stderr.decode("cp1252", "replace")
    assert "Tahun Baru 2026" in text and "+----" in text and "│" not in text


def test_schtasks_line_quotes_paths_with_spaces() -> None:
    exe = r"C:\Users\Staf PPID\AppData\Local\Programs\Python\Python312\Scripts\ppid.exe"
    config = Path(r"C:\Users\Staf PPID\Documents\PPID Kantor\config.toml")
    text = schedule_text([exe], config, config.parent, dt.time(7, 30), (0, 1, 2, 3, 4),
                         config.parent / "ppid-run.log")
    (line,) = [x for x in text.splitlines() if x.startswith("schtasks ")]
    assert line == (
        r'schtasks /Create /TN "PPID\Tugas Harian" /TR "\"C:\Users\Staf PPID\AppData\Local\Programs\Python'
        r'\Python312\Scripts\ppid.exe\" --config \"C:\Users\Staf PPID\Documents\PPID Kantor\config.toml\" run" '
        r"/SC WEEKLY /D MON,TUE,WED,THU,FRI /ST 07:30 /F")
    assert "Peringatan" not in text


def test_schtasks_line_too_long_is_said() -> None:
    deep = "C:\\" + "\\".join(["Folder Kerja Bersama PPID"] * 9)
    text = schedule_text([deep + r"\ppid.exe"], Path(deep + r"\config.toml"), Path(deep), dt.time(7, 30),
                         (0, 1, 2, 3, 4), Path(deep) / "log.txt")
    warning = [x for x in text.splitlines() if x.startswith("# Peringatan: perintah /TR")]
    assert len(warning) == 1 and f"lebih dari {SCHTASKS_TR_MAX}" in warning[0]


def test_readme_shows_the_line_ppid_schedule_prints() -> None:
    from tests.conftest import REPO

    text = schedule_text([r"C:\PPID\venv\Scripts\ppid.exe"], Path(r"C:\PPID\config.toml"), Path(r"C:\PPID"),
                         dt.time(7, 30), (0, 1, 2, 3, 4), Path(r"C:\PPID\ppid-run.log"))
    (line,) = [x for x in text.splitlines() if x.startswith("schtasks ")]
    assert f"`{line}`" in (REPO / "README.md").read_text(encoding="utf-8")
