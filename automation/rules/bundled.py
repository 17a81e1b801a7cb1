"""Files shipped inside the package: letter and report templates, the example config, data.

Read through `importlib.resources`, never through `__file__`, so they are found the same way
from a checkout, an installed wheel (site-packages) or a zip on sys.path. A template can be
overridden file by file by the office's own folder (config.toml `[output] templates`).
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from automation.rules.errors import ConfigError

PACKAGE = "automation"


def bundled(*parts: str) -> Traversable:
    """A file or folder inside the installed `automation` package, e.g. bundled("data", "x.csv")."""
    return files(PACKAGE).joinpath(*parts)


def templates_folder() -> Traversable:
    """The bundled templates folder (automation/templates)."""
    return bundled("templates")


def example_config_text() -> str:
    """The complete, commented example config.toml (KPU Kabupaten Sarolangun)."""
    return bundled("data", "config.toml").read_text(encoding="utf-8")


def template_file(name: str, own: Path | Traversable | None = None) -> Path | Traversable:
    """The template `name`: from the office's own folder when that folder has it, else bundled.

    A folder set in config.toml that does not exist is a configuration mistake, said as such
    (exit 2), before anything is numbered or written."""
    if own is not None:
        if not own.is_dir():
            raise ConfigError(f"Folder templat kantor tidak ditemukan: {own}. Periksa [output] templates di "
                              "config.toml, atau kosongkan (\"\") untuk memakai templat bawaan.")
        candidate = own / name
        if candidate.is_file():
            return candidate
    return templates_folder() / name
