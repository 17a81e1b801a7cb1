"""The README documents the code as it is: generated tables are current."""

from __future__ import annotations

import pytest

from automation.docs.readme_sync import BLOCKS, README, blocks_in, expected


@pytest.mark.parametrize("name", sorted(BLOCKS))
def test_readme_block_is_current(name: str) -> None:
    present = blocks_in(README.read_text(encoding="utf-8"))
    assert name in present, f"README.md has no generated block {name}"
    assert present[name] == expected()[name], "stale: run python -m automation.docs.readme_sync"
