"""The legal source of every sentence of a letter that states a right or a period.

`SENTENCES` is data: the letter kind, a phrase of the template that the sentence contains
(tests check that every template still has it), what the sentence says, and its source. The
README's "Letters" table is generated from it (`letters_markdown`).

Where a source is not a statute it says so: the 3 + 3 working days for incomplete
requirements are KPU practice published on KPU PPID sites (configurable), and the election
track's numbers come from summaries of Perki 1/2019 (configurable). The letters cite
Peraturan KPU 22/2023 as amended (most recently by Peraturan KPU 4/2025) as KPU's own rule on
the service; its article numbers are not cited because they have not been checked here.
"""

from __future__ import annotations

from dataclasses import dataclass

UU = "UU 14/2008"
PKPU = "Peraturan KPU 22/2023 jo. 11/2024 jo. 4/2025"


@dataclass(frozen=True)
class Sentence:
    kind: str  # LetterKind.key
    phrase: str  # a fixed phrase of the template's sentence
    says: str  # English, for the README
    source: str


SENTENCES: tuple[Sentence, ...] = (
    Sentence("receipt", "hari kerja terhitung sejak", "written notice by a date, N working days from receipt",
             f"{UU} Pasal 22 ayat (7) (10 HK); election track Perki 1/2019 (3 HK, configurable); {PKPU}"),
    Sentence("receipt", "dapat diperpanjang satu kali", "one extension, at most N working days, with written reasons",
             f"{UU} Pasal 22 ayat (8) (7 HK); election track Perki 1/2019 (2 HK, configurable)"),
    Sentence("completion", "hari kerja sejak tanggal surat ini", "requester completes within N working days",
             f"KPU PPID practice (published on KPU PPID sites), `[deadlines] completion_days`; letter names {PKPU}"),
    Sentence("completion", "hari kerja sejak permohonan diterima, dan pemohon melengkapinya",
             "told within N working days of receipt; not completed, not processed",
             "KPU PPID practice, `[deadlines] completion_notice_days`"),
    Sentence("completion", "Jangka waktu pemberitahuan tertulis atas permohonan tetap",
             "the written-notice period still runs from receipt", f"{UU} Pasal 22 ayat (7)"),
    Sentence("extension", "DIPERPANJANG paling lama", "notice period extended, with the reason and the new date",
             f"{UU} Pasal 22 ayat (8); {PKPU}"),
    Sentence("notice", "sebagaimana dimaksud dalam Pasal 22 ayat (7)", "the elements a-g of the written notice",
             f"{UU} Pasal 22 ayat (7) huruf a-g"),
    Sentence("notice", "30 hari kerja sejak tanggal pemberitahuan ini",
             "objection to the Atasan PPID within 30 working days, on the ground that fits the outcome",
             f"{UU} Pasal 36 ayat (1); grounds Pasal 35 ayat (1): a Pasal 17 refusal, a/e partial grant, d/e not "
             f"held, e incomplete, d/f/g granted; {PKPU}"),
    Sentence("refusal", "PPID memutuskan bahwa", "the Pasal 17 letter, the other law (huruf j), the consequence test",
             f"{UU} Pasal 17, Pasal 2 ayat (4); Perki 1/2021 Pasal 49 (uji konsekuensi)"),
    Sentence("refusal", "hari kerja sejak tanggal keputusan ini", "objection within 30 working days of the decision",
             f"{UU} Pasal 35 ayat (1) huruf a, Pasal 36 ayat (1); {PKPU}"),
    Sentence("objection_receipt", "hari kerja sejak keberatan dicatat",
             "the Atasan PPID answers within N working days",
             f"{UU} Pasal 36 ayat (2) (30 HK); election track Perki 1/2019 (3 HK, configurable); {PKPU}"),
    Sentence("objection_answer", "sebagaimana dimaksud dalam Pasal 36 ayat (2)",
             "the answer, addressing each ground raised", f"{UU} Pasal 35 ayat (1), Pasal 36 ayat (2)"),
    Sentence("objection_answer", "14 hari kerja sejak tanggal tanggapan ini",
             "dispute to the Komisi Informasi within 14 working days", f"{UU} Pasal 37 ayat (2)"),
)


def letters_markdown() -> str:
    """The README's "Letters" table: each sentence stating a right or period, and its source."""
    from automation.rules.letter_kinds import KINDS_BY_KEY

    lines = ["| letter | sentence (phrase in the template) | what it states | source |", "|---|---|---|---|"]
    for s in SENTENCES:
        lines.append(f"| {KINDS_BY_KEY[s.kind].label} | \"{s.phrase}\" | {s.says} | {s.source} |")
    return "\n".join(lines) + "\n"
