"""config.toml: the example is complete and valid; a bad file lists every wrong key with its line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from automation.cli.main import main
from automation.rules.config import load_config, parse_config
from automation.rules.errors import ConfigError
from tests.conftest import REPO


def test_example_config_is_valid_and_complete() -> None:
    cfg = load_config(REPO / "automation" / "data" / "config.toml")
    assert cfg.office.short_name == "KPU Kabupaten Sarolangun"
    assert cfg.superior.nip and cfg.ppid.nip
    assert cfg.register.backend == "excel"
    # relative paths resolve from the config file's folder
    assert cfg.register.path == REPO / "automation" / "data" / "register-ppid.xlsx"
    assert cfg.output.letters == REPO / "automation" / "data" / "surat"
    assert cfg.calendar.working_days == (0, 1, 2, 3, 4)
    assert cfg.calendar.cutoff is None


def test_every_wrong_key_is_listed_with_its_line(tmp_path: Path) -> None:
    text = (
        "[office]\n"
        "name = \"KPU\"\n"
        "telpon = \"123\"\n"          # line 3: unknown key (typo)
        "[calendar]\n"
        "cutoff = \"25:00\"\n"        # line 5: impossible hour
        "working_days = [\"Senin\", \"Libur\"]\n"  # line 6: unknown day
        "[deadlines]\n"
        "due_soon_days = \"dua\"\n"   # line 8: not a number
        "[kantor]\n"                  # line 9: unknown section
        "x = 1\n"
    )
    p = tmp_path / "config.toml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as e:
        parse_config(text, p)
    msg = e.value.message
    for fragment in ("config.toml:3", "telpon", "config.toml:5", "cutoff", "config.toml:6", "Libur",
                     "config.toml:8", "due_soon_days", "config.toml:9", "[kantor]"):
        assert fragment in msg, fragment
    assert "Traceback" not in msg


def test_bad_config_exits_2_with_one_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "config.toml"
    p.write_text("[register]\nbackend = \"sqlite\"\n", encoding="utf-8")
    code = main(["--config", str(p), "calendar", "--year", "2026"])
    assert code == 2
    err = capsys.readouterr().err
    assert "config.toml:2" in err and "backend" in err


def test_search_order_flag_then_env_then_cwd(tmp_path: Path) -> None:
    a = tmp_path / "a.toml"
    a.write_text("[office]\ncity = \"Kota A\"\n", encoding="utf-8")
    b = tmp_path / "b.toml"
    b.write_text("[office]\ncity = \"Kota B\"\n", encoding="utf-8")
    (tmp_path / "config.toml").write_text("[office]\ncity = \"Kota C\"\n", encoding="utf-8")
    assert load_config(a, env={"PPID_CONFIG": str(b)}, cwd=tmp_path).office.city == "Kota A"
    assert load_config(None, env={"PPID_CONFIG": str(b)}, cwd=tmp_path).office.city == "Kota B"
    assert load_config(None, env={}, cwd=tmp_path).office.city == "Kota C"
    empty = tmp_path / "empty"
    empty.mkdir()
    default = load_config(None, env={}, cwd=empty)
    assert default.is_default and default.register.path == empty / "register-ppid.xlsx"


def test_cutoff_and_register_override(tmp_path: Path) -> None:
    p = tmp_path / "config.toml"
    p.write_text("[calendar]\ncutoff = \"15:30\"\n[register]\npath = \"data/reg.xlsx\"\n", encoding="utf-8")
    cfg = load_config(p)
    assert cfg.calendar.cutoff == dt.time(15, 30)
    assert cfg.register.path == tmp_path / "data" / "reg.xlsx"
    other = cfg.with_register(tmp_path / "lain.xlsx")
    assert other.register.path == tmp_path / "lain.xlsx" and other.register.backend == "excel"
