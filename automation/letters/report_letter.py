"""The report's cover letter (nota dinas) takes its number from the one letter sequence.

`claim_report_number` gives the number already recorded in the "Surat" tab for a report
(Jenis Surat "Nota Dinas Laporan", No. Pendaftaran = the report tab's name), else the next
number of the year with the "Surat" row that claims it: claim, then make the letter, so a
rerun of the same report keeps its number and a crash never uses a number twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from automation.letters.issue import _records, _sequence_key, other_letters, read_issued
from automation.rules.config import Config
from automation.rules.letter_kinds import letters_in_cell
from automation.rules.numbering import format_regex
from automation.rules.values import as_text, format_number
from sheets.layout import LETTERS
from sheets.model import Snapshot, WriteSet

REPORT_LETTER = "Nota Dinas Laporan"  # the "Jenis Surat" of the report's cover letter in the "Surat" tab
REPORT_CODE = "ND"


def claim_report_number(snapshot: Snapshot, config: Config, date: dt.date, reference: str,
                        made: dt.datetime | None = None, *,
                        letters: Iterable[str] | None = None) -> tuple[str, WriteSet]:
    """The number of the report's cover letter (nota dinas) for `reference` (the report tab's
    name), from the one letter sequence: the number already recorded in "Surat" for it, else the
    next one, with the "Surat" row that claims it (write it before the letter is made).

    `letters` are the "Surat Terbit" cells of the snapshot's requests and objections when the
    caller has read them already (reading 100k rows again costs seconds); by default they are
    read here."""
    table = snapshot.table(LETTERS.name)
    for raw in table.records(LETTERS) if table is not None else []:
        if as_text(raw["kind"]) == REPORT_LETTER and as_text(raw["reference"]) == reference and as_text(raw["number"]):
            return as_text(raw["number"]), WriteSet()
    template = config.numbers.letter
    pattern = format_regex(template)
    per_year = "(?P<year>" in pattern.pattern
    numbers = [x.number for x in read_issued(snapshot)] + [x.number for x in other_letters(snapshot)]
    if letters is None:
        requests, objections = _records(snapshot)
        letters = [r.letters for r in [*requests, *objections]]
    numbers += [n for cell in letters for _, n in letters_in_cell(cell)]
    seq = 0
    for n in numbers:
        key = _sequence_key(n, pattern, per_year)
        if key is not None and (not per_year or key[0] == date.year):
            seq = max(seq, key[1])
    number = format_number(template, seq + 1, date, REPORT_CODE)
    writes = WriteSet()
    writes.append_rows[LETTERS.name] = [(number, REPORT_LETTER, date.strftime("%d-%m-%Y"), reference, "",
                                         made or dt.datetime.combine(date, dt.time()))]
    return number, writes
