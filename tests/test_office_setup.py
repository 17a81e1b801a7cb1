"""Setting up a real office: `ppid config` writes a starter config.toml; letters and reports
refuse to be made while the letterhead or the signatories are empty or still the example's
(the demo excepted); Windows paths in config.toml read as the paths they mean."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from automation.cli.config_cmd import TO_FILL, starter_config_text
from automation.cli.demo_cmd import demo_config_text
from automation.cli.main import main
from automation.rules.bundled import example_config_text
from automation.rules.config import load_config, parse_config, unfilled_fields
from automation.rules.errors import ConfigError
from sheets.layout import REQUESTS
from sheets.workbook_init import create_register
from tests.office_config import example_with_officials
from tests.register_factory import DECIDED, request


def _office(folder: Path, config_text: str) -> Path:
    """A register with one decided request that needs its two letters, and the given config."""
    row = request(number="001/PPID/XI/2026", **{**DECIDED, "letters": None})
    create_register(folder / "register-ppid.xlsx", data={REQUESTS.name: [row]})
    (folder / "config.toml").write_text(config_text, encoding="utf-8")
    return folder / "config.toml"


def test_ppid_config_writes_a_starter_with_every_field_to_fill_marked(tmp_path: Path, capsys) -> None:
    target = tmp_path / "kantor" / "config.toml"
    assert main(["config", str(target)]) == 0
    text = target.read_text(encoding="utf-8")
    # 23 fields to fill (automation/cli/config_cmd.py TO_FILL): 9 of [office], 3 of each official,
    # 2 [tembusan] lists naming the example office, 6 [email] addresses and names
    assert len(re.findall(r'^\w+ = (""|\[\])  # ISI: ', text, flags=re.M)) == len(TO_FILL) == 23
    values = [line.split("#")[0] for line in text.splitlines() if "=" in line.split("#")[0]]
    assert [v for v in values if "Sarolangun" in v or "kpu-" in v] == []  # nothing of the example office left
    assert text.count("\n[") == example_config_text().count("\n[")  # every section of the example kept
    cfg = load_config(target)  # a valid config as it stands
    assert cfg.office.name == "" and cfg.ppid.name == "" and cfg.superior.nip == ""
    assert cfg.register.path == target.parent / "register-ppid.xlsx"
    # never overwrites: the office's edits are safe
    target.write_text(text.replace('name = ""', 'name = "Dinas Kominfo"', 1), encoding="utf-8")
    assert main(["config", str(target)]) == 2
    assert "sudah ada" in capsys.readouterr().err
    assert "Dinas Kominfo" in target.read_text(encoding="utf-8")


def test_starter_config_refuses_letters_and_names_the_fields(tmp_path: Path, capsys) -> None:
    config = _office(tmp_path, starter_config_text())
    register = tmp_path / "register-ppid.xlsx"
    before = register.read_bytes()
    code = main(["--config", str(config), "notices", "--today", "2026-12-04"])
    err = capsys.readouterr().err
    assert code == 2
    assert "Surat tidak dibuat" in err
    for field in ("[office] name (kosong)", "[office] address (kosong)", "[officials.ppid] name (kosong)",
                  "[officials.ppid] nip (kosong)", "[officials.superior] name (kosong)"):
        assert field in err, field
    assert "[office] phone" not in err  # optional fields are not demanded
    assert register.read_bytes() == before and not (tmp_path / "surat").exists()  # no number claimed
    # the dry run still shows what would be made
    assert main(["--config", str(config), "notices", "--today", "2026-12-04", "--dry-run"]) == 0
    assert "Surat baru akan dibuat: 2" in capsys.readouterr().out


def test_the_example_copied_unedited_refuses_letters_and_reports(tmp_path: Path, capsys) -> None:
    config = _office(tmp_path, example_config_text())
    register = tmp_path / "register-ppid.xlsx"
    before = register.read_bytes()
    assert main(["--config", str(config), "notices", "--today", "2026-12-04"]) == 2
    err = capsys.readouterr().err
    assert '[officials.ppid] name (masih contoh: "Nama Kasubbag")' in err
    assert '[officials.ppid] nip (masih contoh: "198001012006041001")' in err
    assert '[officials.superior] name (masih contoh: "Aswal")' in err
    # the whole file is the example, so its letterhead is named too
    assert '[office] name (masih contoh: "Komisi Pemilihan Umum Kabupaten Sarolangun")' in err
    assert main(["--config", str(config), "report", "--month", "2026-11", "--today", "2026-12-04"]) == 2
    assert "Laporan tidak dibuat" in capsys.readouterr().err
    assert register.read_bytes() == before
    assert not (tmp_path / "surat").exists() and not (tmp_path / "laporan").exists()
    # the daily job: the check still runs, letters and report are stopped with the reason
    assert main(["--config", str(config), "run", "--today", "2026-12-04"]) == 2
    out = capsys.readouterr().out
    assert "Pemeriksaan:" in out and "Surat: GAGAL - Surat tidak dibuat" in out


def test_no_config_at_all_refuses_letters(tmp_path: Path, capsys, monkeypatch) -> None:
    _office(tmp_path, "")
    (tmp_path / "config.toml").unlink()
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("PPID_CONFIG", raising=False)
    assert main(["notices", "--today", "2026-12-04"]) == 2
    err = capsys.readouterr().err
    assert "belum ada" in err and "[officials.ppid] name (kosong)" in err


def test_own_officials_with_the_example_letterhead_are_accepted(tmp_path: Path, capsys) -> None:
    # KPU Kabupaten Sarolangun itself: its letterhead is the example's, its officials are its own
    cfg = parse_config(example_with_officials(), tmp_path / "config.toml")
    assert unfilled_fields(cfg) == []
    assert unfilled_fields(parse_config(demo_config_text(), tmp_path / "config.toml")) == []  # the demo
    config = _office(tmp_path, example_with_officials())
    assert main(["--config", str(config), "notices", "--today", "2026-12-04"]) == 0
    assert "Surat baru dibuat: 2" in capsys.readouterr().out


# --- Windows paths ---------------------------------------------------------------------------------


def test_windows_paths_with_backslashes_read_as_typed(tmp_path: Path) -> None:
    text = (
        "[register]\n"
        'path = "C:\\Users\\PPID\\Documents\\register-ppid.xlsx"   # as copied from Explorer\n'
        'credentials = "\\\\server\\ppid\\kunci.json"\n'
        "[output]\n"
        'letters = "C:\\temp\\new\\surat"\n'     # \t and \n would be a tab and a newline in TOML
        'reports = "C:\\\\PPID\\\\laporan"\n'    # already escaped the TOML way: unchanged
        "backups = 'D:\\cadangan'\n"             # already literal: unchanged
    )
    cfg = parse_config(text, tmp_path / "config.toml")
    # on Linux a Windows path is one relative name under the config's folder: its text is what counts
    assert str(cfg.register.path).endswith("C:\\Users\\PPID\\Documents\\register-ppid.xlsx")
    assert str(cfg.register.credentials).endswith("\\\\server\\ppid\\kunci.json")
    assert str(cfg.output.letters).endswith("C:\\temp\\new\\surat")
    assert "\t" not in str(cfg.output.letters) and "\n" not in str(cfg.output.letters)
    assert str(cfg.output.reports).endswith("C:\\PPID\\laporan")
    assert str(cfg.output.backups).endswith("D:\\cadangan")


def test_a_backslash_elsewhere_gets_a_message_suggesting_single_quotes(tmp_path: Path, capsys) -> None:
    p = tmp_path / "config.toml"
    p.write_text('[office]\nname = "Dinas \\Kominfo"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as e:
        load_config(p)
    assert "line 2" in e.value.message and "tanda kutip tunggal" in e.value.message
    assert "'C:\\Users\\PPID\\register-ppid.xlsx'" in e.value.message
    assert main(["--config", str(p), "calendar", "--year", "2026"]) == 2
    err = capsys.readouterr().err
    assert "tanda kutip tunggal" in err and "Traceback" not in err
