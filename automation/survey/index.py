"""The satisfaction index (Indeks Kepuasan Masyarakat, IKM) as Permenpan RB 14/2017 prescribes.

Source: Peraturan Menteri PANRB Nomor 14 Tahun 2017 tentang Pedoman Penyusunan Survei Kepuasan
Masyarakat Unit Penyelenggara Pelayanan Publik, Lampiran (pengolahan data survei):

* each of the nine elements (unsur) is answered on a 1-4 scale;
* NRR per element (nilai rata-rata unsur) = sum of the element's answers / number of answers
  given for it (a blank answer is not a zero: it is left out of that element only);
* weight per element = 1 / number of elements = 1/9 (the regulation prints 0,111); the index
  on the 1-4 scale (nilai interval, "SKM") = the sum of NRR x weight;
* the index on the 25-100 scale (nilai interval konversi, IKM) = SKM x 25;
* quality grade (mutu pelayanan) by the regulation's table:

  | nilai persepsi | nilai interval (1-4) | konversi (25-100) | mutu | kinerja |
  |---|---|---|---|---|
  | 1 | 1,00 - 2,5996 | 25,00 - 64,99 | D | Tidak Baik |
  | 2 | 2,60 - 3,064 | 65,00 - 76,60 | C | Kurang Baik |
  | 3 | 3,0644 - 3,532 | 76,61 - 88,30 | B | Baik |
  | 4 | 3,5324 - 4,00 | 88,31 - 100,00 | A | Sangat Baik |

Rounding: arithmetic is exact (fractions); the IKM is rounded half up to two decimals, as the
table's bounds are written, and graded on that rounded value (the bounds then leave no gap:
64,99 | 65,00 and 76,60 | 76,61 and 88,30 | 88,31). The 1-4 value is shown to four decimals
(the table's precision). The weight is the exact 1/9: a spreadsheet that multiplies by the
printed 0,111 gets 0,1 % less (a perfect 4,00 gives 99,90 instead of 100,00); the regulation
defines the weight as 1/number of elements, and 0,111 is that value rounded for print. When
an element has no answer at all in the period, the weight is 1/(elements answered), so the
weights still sum to 1 as the regulation requires.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from sheets.layout import SKM_ELEMENTS

SOURCE = "Permenpan RB 14/2017, Lampiran"
SCALE = (1, 4)

# (grade, performance, lowest IKM of the band on the 25-100 scale, lowest 1-4 value as printed)
GRADES: tuple[tuple[str, str, Decimal, str], ...] = (
    ("A", "Sangat Baik", Decimal("88.31"), "3,5324"),
    ("B", "Baik", Decimal("76.61"), "3,0644"),
    ("C", "Kurang Baik", Decimal("65.00"), "2,60"),
    ("D", "Tidak Baik", Decimal("25.00"), "1,00"),
)
BANDS_TEXT: tuple[tuple[str, str, str, str], ...] = (
    ("A", "Sangat Baik", "3,5324 - 4,00", "88,31 - 100,00"),
    ("B", "Baik", "3,0644 - 3,532", "76,61 - 88,30"),
    ("C", "Kurang Baik", "2,60 - 3,064", "65,00 - 76,60"),
    ("D", "Tidak Baik", "1,00 - 2,5996", "25,00 - 64,99"),
)


def _round(x: Fraction, places: int) -> Decimal:
    """Half-up rounding of an exact fraction (Decimal of the fraction first, 30 digits)."""
    q = Decimal(1).scaleb(-places)
    value = Decimal(x.numerator) / Decimal(x.denominator)
    return value.quantize(q, rounding=ROUND_HALF_UP)


def grade_of(ikm: Decimal) -> tuple[str, str]:
    """(mutu, kinerja) of an IKM already rounded to two decimals."""
    for letter, label, low, _ in GRADES:
        if ikm >= low:
            return letter, label
    return "D", "Tidak Baik"


@dataclass(frozen=True)
class ElementResult:
    key: str  # u1..u9
    name: str
    answered: int  # answers given (1-4) for this element
    total: int  # sum of the answers
    counts: tuple[int, int, int, int]  # how many 1s, 2s, 3s, 4s

    @property
    def nrr_exact(self) -> Fraction | None:
        return Fraction(self.total, self.answered) if self.answered else None

    @property
    def nrr(self) -> Decimal | None:
        """NRR per element, rounded half up to three decimals (for display)."""
        x = self.nrr_exact
        return None if x is None else _round(x, 3)

    @property
    def converted(self) -> Decimal | None:
        """The element's NRR x 25 (its own 25-100 value), two decimals."""
        x = self.nrr_exact
        return None if x is None else _round(x * 25, 2)


@dataclass(frozen=True)
class SkmResult:
    """The index over a set of responses (no personal data: counts and averages only)."""

    respondents: int  # responses with at least one answer
    elements: tuple[ElementResult, ...]

    @property
    def answered_elements(self) -> tuple[ElementResult, ...]:
        return tuple(e for e in self.elements if e.answered)

    @property
    def weight(self) -> Fraction | None:
        k = len(self.answered_elements)
        return Fraction(1, k) if k else None

    @property
    def interval_exact(self) -> Fraction | None:
        """Sum of NRR x weight: the index on the 1-4 scale, exact."""
        w = self.weight
        if w is None:
            return None
        return sum((e.nrr_exact * w for e in self.answered_elements), Fraction(0))  # type: ignore[operator]

    @property
    def interval(self) -> Decimal | None:
        x = self.interval_exact
        return None if x is None else _round(x, 4)

    @property
    def ikm(self) -> Decimal | None:
        """The index on the 25-100 scale, rounded half up to two decimals."""
        x = self.interval_exact
        return None if x is None else _round(x * 25, 2)

    @property
    def grade(self) -> str | None:
        return None if self.ikm is None else grade_of(self.ikm)[0]

    @property
    def performance(self) -> str | None:
        return None if self.ikm is None else grade_of(self.ikm)[1]

    def to_dict(self) -> dict[str, Any]:
        """Stable English keys; numbers as floats of the rounded values."""
        def f(x: Decimal | None) -> float | None:
            return None if x is None else float(x)

        return {
            "respondents": self.respondents,
            "elements": [
                {"key": e.key, "name": e.name, "answered": e.answered, "nrr": f(e.nrr),
                 "converted": f(e.converted), "counts": dict(zip(("1", "2", "3", "4"), e.counts))}
                for e in self.elements
            ],
            "interval": f(self.interval),
            "ikm": f(self.ikm),
            "grade": self.grade,
            "performance": self.performance,
            "source": SOURCE,
        }


def _answers_of(row: Any) -> Sequence[object]:
    answers = getattr(row, "answers", row)
    if isinstance(answers, dict):
        return [answers.get(key) for key, _ in SKM_ELEMENTS]
    return list(answers)


def _valid(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and SCALE[0] <= value <= SCALE[1]:
        return value
    if isinstance(value, float) and value.is_integer() and SCALE[0] <= value <= SCALE[1]:
        return int(value)
    return None


def skm_index(rows: Iterable[Any]) -> SkmResult:
    """The index of `rows`: each row is nine answers in the elements' order (a sequence, a dict
    keyed u1..u9, or an object with `.answers`), each 1-4 or None for "not answered". Anything
    else counts as not answered (validation reports it). Pure; usable on any office's rows."""
    totals = [0] * len(SKM_ELEMENTS)
    answered = [0] * len(SKM_ELEMENTS)
    counts = [[0, 0, 0, 0] for _ in SKM_ELEMENTS]
    respondents = 0
    for row in rows:
        answers = _answers_of(row)
        any_answer = False
        for i in range(len(SKM_ELEMENTS)):
            v = _valid(answers[i]) if i < len(answers) else None
            if v is None:
                continue
            any_answer = True
            totals[i] += v
            answered[i] += 1
            counts[i][v - 1] += 1
        respondents += any_answer
    elements = tuple(
        ElementResult(key, name, answered[i], totals[i], tuple(counts[i]))  # type: ignore[arg-type]
        for i, (key, name) in enumerate(SKM_ELEMENTS)
    )
    return SkmResult(respondents, elements)


def format_decimal(x: Decimal | None, places: int = 2) -> str:
    """Indonesian decimal comma: 77.37 -> "77,37"; None -> "-"."""
    if x is None:
        return "-"
    return f"{x:.{places}f}".replace(".", ",")
