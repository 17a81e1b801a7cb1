"""Reading what staff typed: every accepted form, and problems instead of guesses."""

from __future__ import annotations

import datetime as dt

import pytest

from automation.rules.values import (
    format_date_id,
    format_number,
    format_rupiah,
    format_short,
    looks_like_formula,
    parse_date,
    parse_money,
    parse_time,
)

D = dt.date(2026, 11, 27)


@pytest.mark.parametrize("raw", [
    D, dt.datetime(2026, 11, 27, 9, 30), 46353, 46353.0, "27/11/2026", "27-11-2026", "27.11.2026",
    "2026-11-27", "27 Nov 2026", "27 November 2026", "27 Nopember 2026", "Jumat, 27 November 2026",
    " 27 nov. 2026 ",
])
def test_accepted_dates(raw: object) -> None:
    # 46353 checked by hand: 2026-11-27 minus 1899-12-30 = 46353 days
    assert parse_date(raw) == (D, None)


def test_indonesian_month_names() -> None:
    assert parse_date("1 Agustus 2026")[0] == dt.date(2026, 8, 1)
    assert parse_date("17 Agt 2026")[0] == dt.date(2026, 8, 17)
    assert parse_date("5 Mei 2026")[0] == dt.date(2026, 5, 5)
    assert parse_date("24 Des 2026")[0] == dt.date(2026, 12, 24)
    assert parse_date("3 Okt 2025")[0] == dt.date(2025, 10, 3)


@pytest.mark.parametrize("raw,kind", [
    ("27/11/26", "ambiguous"), ("27 Nov 26", "ambiguous"), ("31-02-2026", "impossible"),
    ("13/25/2026", "impossible"), ("kemarin", "format"), ("27 Novemb 2026", "format"), ("#REF!", "error_value"),
    (-5, "format"), (True, "format"), (46353.5, "format"),
])
def test_problems_not_guesses(raw: object, kind: str) -> None:
    value, problem = parse_date(raw)
    assert value is None and problem is not None and problem.kind == kind


def test_blank_is_not_a_problem() -> None:
    assert parse_date(None) == (None, None)
    assert parse_date("  ") == (None, None)


def test_times_and_money() -> None:
    assert parse_time("15:45")[0] == dt.time(15, 45)
    assert parse_time("08.05 WIB")[0] == dt.time(8, 5)
    assert parse_time(0.5)[0] == dt.time(12, 0)
    assert parse_time("25:00")[1] is not None
    assert parse_money("Rp 5.000")[0] == 5000
    assert parse_money("Rp5.000,00")[0] == 5000
    assert parse_money(12500.0)[0] == 12500
    assert parse_money("lima ribu")[1] is not None
    # "no fee" as forms and clerks write it, in any case (by hand: each is 0, not a finding)
    for free in ("GRATIS", "Gratis", "nihil", "-", "Rp -", "Rp. -", "Tidak dipungut biaya", "tanpa  biaya",
                 "Bebas Biaya", "tidak ada biaya"):
        assert parse_money(free) == (0, None), free
    assert parse_money("Rp")[1] is not None and parse_money("ada biaya")[1] is not None
    assert parse_money(-1)[1] is not None
    assert parse_money(float("inf"))[1] is not None and parse_money(float("nan"))[1] is not None


def test_formula_like_text() -> None:
    assert looks_like_formula('=IMPORTXML("http://x","//a")')
    assert looks_like_formula("@SUM(A1)")
    assert looks_like_formula("+cmd|' /C calc'!A0")
    assert not looks_like_formula("+62 812 3456 7890")
    assert not looks_like_formula("- daftar pemilih")
    assert not looks_like_formula("Budi")


def test_indonesian_formats() -> None:
    assert format_date_id(dt.date(2026, 12, 11)) == "11 Desember 2026"
    assert format_short(dt.date(2026, 12, 11)) == "Jum 11-12-2026"
    assert format_rupiah(150000) == "Rp 150.000"
    assert format_number("{seq:03d}/PPID/{month_roman}/{year}", 7, dt.date(2026, 11, 2)) == "007/PPID/XI/2026"
