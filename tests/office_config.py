"""config.toml text for tests that make letters or reports.

Letters and reports refuse the example's placeholder signatories ("Nama Kasubbag") and empty
ones (automation.rules.config.require_office_identity), so a test office names its own."""

from __future__ import annotations

from automation.cli.config_cmd import set_values
from automation.rules.bundled import example_config_text

PPID = ("Rina Marlina, S.H.", "198702142011012003")
SUPERIOR = ("Drs. Ahmad Yani, M.Si.", "197001011995031002")

OFFICIALS_TOML = (
    f'\n[officials.ppid]\nname = "{PPID[0]}"\nnip = "{PPID[1]}"\n'
    f'\n[officials.superior]\nname = "{SUPERIOR[0]}"\nnip = "{SUPERIOR[1]}"\n'
)


def with_officials(text: str) -> str:
    """A config text (without [officials.*] tables) plus the test office's officials."""
    return text + OFFICIALS_TOML


def example_with_officials() -> str:
    """The shipped example with the test office's officials in place of the placeholders."""
    return set_values(example_config_text(), {
        ("officials.ppid", "name"): PPID[0], ("officials.ppid", "nip"): PPID[1],
        ("officials.superior", "name"): SUPERIOR[0], ("officials.superior", "nip"): SUPERIOR[1],
    })
