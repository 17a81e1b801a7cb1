"""Findings: data about the register, collected and counted, never raised.

A catalogue in the manner of frictionless-py: each `FindingType` has a stable code, a
severity, an Indonesian message template and how to fix it. Modules register their types at
import (`define`); the README's catalogue table is generated from `CATALOGUE`. A `Finding`
is one occurrence, naming the row and the column as the user sees them.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Literal

from automation.rules.privacy import mask_personal

Severity = Literal["error", "warning"]
SEVERITY_ID = {"error": "Error", "warning": "Peringatan"}


@dataclass(frozen=True)
class FindingType:
    code: str
    severity: Severity
    title: str  # short Indonesian name, for the README table
    message: str  # Indonesian template; fields filled by `Finding.make`
    fix: str  # Indonesian: how to fix it
    source: str = ""  # the rule it comes from, where there is one
    todo: str = ""  # Indonesian instruction for "Perlu Tindakan" (template, same fields as message)


CATALOGUE: dict[str, FindingType] = {}


def define(code: str, severity: Severity, title: str, message: str, fix: str, source: str = "",
           todo: str = "") -> FindingType:
    """Register a finding type (once per code). `todo` is the one-line instruction shown in
    "Perlu Tindakan" (default: "Perbaiki kolom <header>: <title>")."""
    ft = FindingType(code, severity, title, message, fix, source, todo)
    if CATALOGUE.get(code, ft) != ft:
        raise ValueError(f"finding code {code} defined twice differently")
    CATALOGUE[code] = ft
    return ft


_masked_short = functools.lru_cache(maxsize=1 << 14)(mask_personal)


def _masked(text: str) -> str:
    """`mask_personal`, remembered for short texts (they repeat from row to row)."""
    return _masked_short(text) if len(text) <= 200 else mask_personal(text)


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    severity: Severity
    tab: str
    row: int  # sheet row number as the user sees it
    header: str  # column header as the user sees it ("" for the whole row)
    message: str  # complete Indonesian sentence(s), incl. how to fix
    todo: str = ""  # one concrete instruction, e.g. "Lengkapi kolom Status Penguasaan"

    @classmethod
    def make(cls, kind: FindingType, tab: str, row: int, header: str = "", **fields: object) -> Finding:
        # a value quoted in a message may be personal data typed into the wrong column: masked
        fields = {k: _masked(v) if isinstance(v, str) else v for k, v in fields.items()}
        text = kind.message.format(row=row, header=header, **fields)
        where = f"Baris {row}" + (f", kolom \"{header}\"" if header else "")
        if kind.todo:
            todo = kind.todo.format(row=row, header=header, **fields)
        else:
            todo = f"Perbaiki kolom {header}: {kind.title.lower()}" if header else kind.title
        return cls(kind.code, kind.severity, tab, row, header, f"{where}: {text} {kind.fix}".strip(), todo)

    @property
    def instruction(self) -> str:
        """What to do about it, in one line (for "Perlu Tindakan")."""
        return self.todo or (f"Perbaiki kolom {self.header}" if self.header else self.message)

    @property
    def cell_text(self) -> str:
        """What goes into the row's "Catatan Validasi" cell."""
        return f"[{self.code}] {self.message}"
