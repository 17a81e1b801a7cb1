"""What staff read from the command line is Indonesian, click's own words included."""

from __future__ import annotations

import pytest

from automation.cli.main import main


def test_help_is_indonesian(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for word in ("Penggunaan:", "Opsi:", "Perintah:", "Tampilkan bantuan ini lalu keluar.", "Tampilkan versi"):
        assert word in out
    for english in ("Usage:", "Options:", "Show this message", "Show the version"):
        assert english not in out


@pytest.mark.parametrize("command", [["run"], ["check"], ["survei", "formulir"], ["rekap"]])
def test_a_commands_usage_line_is_indonesian(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*command, "--help"]) == 0
    usage = capsys.readouterr().out.splitlines()[0]
    assert usage.startswith(f"Penggunaan: ppid {' '.join(command)} [OPSI]") and "OPTIONS" not in usage


def test_usage_errors_are_indonesian_with_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--today", "kemarin"]) == 2
    err = capsys.readouterr().err
    assert "Kesalahan: Nilai tidak sah untuk '--today'" in err and "Tanggal tidak dikenali" in err
    assert main(["cek"]) == 2
    assert "Tidak ada perintah 'cek'" in capsys.readouterr().err


def test_choice_and_count_messages_are_indonesian(capsys: pytest.CaptureFixture[str]) -> None:
    """click picks these by count (ngettext): "'semua' is not one of ..." was English."""
    assert main(["kirim", "--hanya", "semua", "--dry-run"]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "'semua' bukan salah satu dari 'ringkasan', 'surat', 'laporan'." in err and "is not" not in err
    assert main(["due", "2026-11-02", "lebih"]) == 2
    err = capsys.readouterr().err
    assert "Ada argumen lebih yang tidak dikenal (lebih)" in err and "unexpected" not in err
