"""Click's own words (Usage, Options, error lines) in Bahasa Indonesia.

Click marks its texts for gettext but ships no Indonesian catalogue, and gettext would also
need compiled .mo files and an Indonesian locale on the desk computer, which is not ours to set.
So the module-level `_` that click's modules call is pointed at this table; anything not in it
stays as click wrote it. Our own help texts and messages are written in Indonesian directly.
"""

from __future__ import annotations

import gettext

import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.parser
import click.termui
import click.types

CLICK_ID: dict[str, str] = {
    "Usage:": "Penggunaan:",
    "Options": "Opsi",
    "Commands": "Perintah",
    "Show this message and exit.": "Tampilkan bantuan ini lalu keluar.",
    "Show the version and exit.": "Tampilkan versi lalu keluar.",
    "%(prog)s, version %(version)s": "%(prog)s, versi %(version)s",
    "Error: {message}": "Kesalahan: {message}",
    "Try '{command} {option}' for help.": "Lihat '{command} {option}' untuk bantuan.",
    "Invalid value for {param_hint}: {message}": "Nilai tidak sah untuk {param_hint}: {message}",
    "Invalid value: {message}": "Nilai tidak sah: {message}",
    "Missing argument": "Argumen belum diisi",
    "Missing option": "Opsi belum diisi",
    "Missing parameter": "Parameter belum diisi",
    "Missing parameter: {param_name}": "Parameter belum diisi: {param_name}",
    "Missing command.": "Perintah belum diisi.",
    "No such command {name!r}.": "Tidak ada perintah {name!r}.",
    "No such option {name!r}.": "Tidak ada opsi {name!r}.",
    "Aborted!": "Dibatalkan.",
    "default: {default}": "bawaan: {default}",
    "env var: {var}": "variabel lingkungan: {var}",
    "{value!r} is not a valid {number_type}.": "{value!r} bukan {number_type} yang sah.",
    "{value} is not in the range {range}.": "{value} di luar rentang {range}.",
    "Choose from:\n\t{choices}": "Pilih dari:\n\t{choices}",
    "{name} {filename!r} does not exist.": "{name} {filename!r} tidak ada.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} adalah folder.",
    "{name} {filename!r} is a file.": "{name} {filename!r} adalah berkas.",
    "directory": "folder",
    "file": "berkas",
    "path": "path",
}
_MODULES = (click.core, click.decorators, click.exceptions, click.formatting, click.parser, click.termui,
            click.types)


# Messages click chooses by count (gettext.ngettext): the singular as key, both forms translated.
CLICK_ID_PLURAL: dict[str, tuple[str, str]] = {
    "Got unexpected extra argument ({args})": ("Ada argumen lebih yang tidak dikenal ({args})",
                                               "Ada argumen lebih yang tidak dikenal ({args})"),
    "Takes {nargs} values but 1 was given.": ("Perlu {nargs} nilai, tetapi hanya 1 diberikan.",
                                              "Perlu {nargs} nilai, tetapi {len} diberikan."),
    "Did you mean {possibility}?": ("Maksudnya {possibility}?", "(Maksudnya salah satu dari: {possibilities}?)"),
    "Option {name!r} requires an argument.": ("Opsi {name!r} perlu diisi nilainya.",
                                              "Opsi {name!r} perlu {nargs} nilai."),
    "{value!r} is not {choice}.": ("{value!r} bukan {choice}.", "{value!r} bukan salah satu dari {choices}."),
    "{value!r} does not match the format {format}.": ("{value!r} tidak sesuai format {format}.",
                                                      "{value!r} tidak sesuai format {formats}."),
    "{len_type} values are required, but {len_value} was given.": (
        "Perlu {len_type} nilai, tetapi {len_value} diberikan.", "Perlu {len_type} nilai, tetapi {len_value} diberikan."),
}


def translate_plural(singular: str, plural: str, n: int) -> str:
    forms = CLICK_ID_PLURAL.get(singular)
    if forms is None:
        return singular if n == 1 else plural
    return forms[0] if n == 1 else forms[1]


def translate(message: str) -> str:
    return CLICK_ID.get(message, message)


def install() -> None:
    """Point click's `_` at the table (only where it is still the stdlib gettext)."""
    for module in _MODULES:
        if getattr(module, "_", None) is gettext.gettext:
            module._ = translate  # type: ignore[attr-defined]
        if getattr(module, "ngettext", None) is gettext.ngettext:
            module.ngettext = translate_plural  # type: ignore[attr-defined]
    if not getattr(click.core.Command.collect_usage_pieces, "_ppid", False):
        english = click.core.Command.collect_usage_pieces

        def pieces(self: click.core.Command, ctx: click.core.Context) -> list[str]:
            # every command's usage line: "ppid run [OPSI]", not click's default "[OPTIONS]"
            return ["[OPSI]" if p == "[OPTIONS]" else p for p in english(self, ctx)]

        pieces._ppid = True  # type: ignore[attr-defined]
        click.core.Command.collect_usage_pieces = pieces  # type: ignore[method-assign]
