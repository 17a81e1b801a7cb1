"""Keep the README's generated tables equal to the code they document.

`python -m automation.docs.readme_sync` rewrites every `<!-- generated:NAME -->` block of README.md;
tests/test_docs.py fails when a block is stale.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

from sheets import layout_docs
from sheets.layout import REQUESTS

README = Path(__file__).resolve().parents[2] / "README.md"


def _findings() -> str:
    from automation.docs.catalogue import findings_markdown

    return findings_markdown()


def _templates() -> str:
    from automation.letters.render import templates_markdown

    return templates_markdown()


def _letters() -> str:
    from automation.letters.sources import letters_markdown

    return letters_markdown()


BLOCKS: dict[str, Callable[[], str]] = {
    "tabs": layout_docs.tabs_markdown,
    "requests": lambda: layout_docs.columns_markdown(REQUESTS),
    "choices": layout_docs.choices_markdown,
    "findings": _findings,
    "templates": _templates,
    "letters": _letters,
}


def _pattern(name: str) -> re.Pattern[str]:
    return re.compile(rf"(<!-- generated:{name} -->\n)(.*?)(<!-- /generated:{name} -->)", re.S)


def blocks_in(text: str) -> dict[str, str]:
    """The current content of each generated block in `text`."""
    return {name: m.group(2).strip() for name in BLOCKS if (m := _pattern(name).search(text))}


def expected() -> dict[str, str]:
    return {name: make().strip() for name, make in BLOCKS.items()}


def sync(text: str) -> str:
    for name, content in expected().items():
        text = _pattern(name).sub(lambda m, c=content: f"{m.group(1)}{c}\n{m.group(3)}", text)
    return text


def main() -> int:
    text = README.read_text(encoding="utf-8")
    new = sync(text)
    if new != text:
        README.write_text(new, encoding="utf-8")
        print("README.md diperbarui.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
