"""The README's findings table is the one generated from the catalogue (once it has the section)."""

from __future__ import annotations

import pytest

from automation.docs import findings_markdown
from tests.conftest import REPO


def test_findings_table_lists_every_check_code() -> None:
    table = findings_markdown()
    for code in ("PMH-001", "PMH-043", "REG-001", "LIB-001", "KAL-001"):
        assert f"| {code} |" in table


def test_readme_findings_section_is_current() -> None:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    if "\n## Findings" not in text:
        pytest.skip("README.md has no '## Findings' section yet")
    section = text.split("\n## Findings", 1)[1].split("\n## ", 1)[0]
    if "|" not in section:
        pytest.skip("README.md's findings table is not filled in yet (python -m automation.readme_sync)")
    assert findings_markdown() in text, "README findings table is stale: paste automation.docs.findings_markdown()"
