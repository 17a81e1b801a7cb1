"""The findings table generated from the catalogue lists the check's codes.

(That the README holds the current table is tests/test_docs.py's generated-block check.)
"""

from __future__ import annotations

from automation.docs.catalogue import findings_markdown


def test_findings_table_lists_every_check_code() -> None:
    table = findings_markdown()
    for code in ("PMH-001", "PMH-043", "REG-001", "LIB-001", "KAL-001"):
        assert f"| {code} |" in table
