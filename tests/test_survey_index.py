"""The satisfaction index against hand-computed examples (Permenpan RB 14/2017, Lampiran)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from automation.survey.index import grade_of, skm_index

# Four respondents, nine elements (u1..u9); respondent 2 left u8 blank.
WORKED = [
    (4, 3, 3, 4, 3, 3, 4, 3, 3),
    (3, 3, 2, 4, 3, 3, 4, None, 2),
    (4, 4, 3, 4, 4, 3, 4, 3, 3),
    (2, 3, 3, 4, 3, 2, 3, 2, 3),
]


def test_worked_example_by_hand() -> None:
    # By hand, NRR = sum of the element's answers / number of answers given:
    #   u1 (4+3+4+2)/4 = 13/4 = 3.25    u2 (3+3+4+3)/4 = 3.25    u3 (3+2+3+3)/4 = 2.75
    #   u4 16/4 = 4.00                  u5 13/4 = 3.25           u6 11/4 = 2.75
    #   u7 15/4 = 3.75                  u8 (3+3+2)/3 = 8/3 = 2.667 (the blank is left out, not 0)
    #   u9 11/4 = 2.75
    # sum of NRR = 103/4 + 8/3 = 341/12 = 28.41667
    # NRR tertimbang = NRR x 1/9; interval value = 341/12 / 9 = 341/108 = 3.157407...  -> 3,1574
    # IKM = 341/108 x 25 = 8525/108 = 78.935185...  -> 78,94 (half up)  -> B (76,61 - 88,30), "Baik"
    r = skm_index(WORKED)
    assert r.respondents == 4
    assert [e.answered for e in r.elements] == [4, 4, 4, 4, 4, 4, 4, 3, 4]
    assert r.elements[7].nrr_exact == Fraction(8, 3) and r.elements[7].nrr == Decimal("2.667")
    assert r.elements[3].nrr == Decimal("4.000")
    assert r.interval_exact == Fraction(341, 108)
    assert r.interval == Decimal("3.1574")
    assert r.ikm == Decimal("78.94")
    assert (r.grade, r.performance) == ("B", "Baik")
    # a blank counted as 0 would give u8 = 8/4 = 2.0, sum 27.75, IKM 77.08: not what we get
    assert r.ikm != Decimal("77.08")
    # the per-element conversion x 25: u7 3.75 x 25 = 93.75
    assert r.elements[6].converted == Decimal("93.75")
    # the same rows as dicts keyed u1..u9 give the same result (issue 18 calls it that way)
    as_dicts = [dict(zip([f"u{i}" for i in range(1, 10)], row)) for row in WORKED]
    assert skm_index(as_dicts).ikm == r.ikm


def test_rounding_is_half_up_as_the_table_is_written() -> None:
    # 7 respondents answer 3 everywhere, 1 answers 4 everywhere: every NRR = 25/8 = 3.125,
    # IKM = 3.125 x 25 = 78.125 exactly. Half up gives 78.13; Python's round() gives 78.12.
    rows = [(3,) * 9] * 7 + [(4,) * 9]
    r = skm_index(rows)
    assert r.ikm == Decimal("78.13")
    assert round(3.125 * 25, 2) == 78.12  # why the code does not use round()
    assert r.interval == Decimal("3.1250")


@pytest.mark.parametrize(("ikm", "grade"), [
    ("100.00", "A"), ("88.31", "A"), ("88.30", "B"), ("76.61", "B"), ("76.60", "C"),
    ("65.00", "C"), ("64.99", "D"), ("25.00", "D"),
])
def test_grade_bands_of_the_regulation(ikm: str, grade: str) -> None:
    # Permenpan RB 14/2017 table: D 25,00-64,99; C 65,00-76,60; B 76,61-88,30; A 88,31-100,00
    assert grade_of(Decimal(ikm))[0] == grade


def test_extremes_and_an_element_nobody_answered() -> None:
    assert skm_index([(4,) * 9]).ikm == Decimal("100.00")  # 4 x 25 (the exact 1/9, not 0.111)
    assert skm_index([(1,) * 9]).ikm == Decimal("25.00")
    # u4 (biaya) never answered: weights become 1/8 so they still sum to 1.
    # answers 4,4,4,-,3,3,3,3,3: sum of NRR = 27, / 8 = 3.375, x 25 = 84.375 -> 84.38 (B)
    r = skm_index([(4, 4, 4, None, 3, 3, 3, 3, 3)])
    assert r.weight == Fraction(1, 8) and r.ikm == Decimal("84.38") and r.grade == "B"


def test_nothing_valid_means_no_index() -> None:
    r = skm_index([(None,) * 9, (5, 0, "x", 2.5, True, None, None, None, None)])
    assert r.respondents == 0 and r.ikm is None and r.grade is None
    assert r.to_dict()["ikm"] is None
