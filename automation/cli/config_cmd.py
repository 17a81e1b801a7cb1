"""`ppid config [PATH]`: a starter config.toml for the office, every field to fill marked.

The starter is the shipped example (automation/data/config.toml, every section and comment of
it) with the letterhead and the officials emptied and marked `# ISI: ...`. Letters and reports
refuse to be made while a marked field that they print is still empty
(automation.rules.config.require_office_identity), so a starter cannot produce a letter signed
by nobody.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path

import click

from automation.rules.bundled import example_config_text
from automation.rules.errors import EXIT_OK, UsageError

# (section, key) -> what to write there; "(boleh kosong)" = optional, not checked.
TO_FILL: dict[tuple[str, str], str] = {
    ("office", "name"): "nama lengkap badan publik, seperti di kop surat",
    ("office", "short_name"): "nama singkat, misalnya \"KPU Kabupaten ...\"",
    ("office", "parent"): "instansi induk di baris pertama kop surat (boleh kosong)",
    ("office", "address"): "alamat kantor lengkap dengan kode pos",
    ("office", "city"): "kota tempat surat ditandatangani",
    ("office", "province"): "provinsi (untuk Komisi Informasi Provinsi)",
    ("office", "phone"): "telepon kantor (boleh kosong)",
    ("office", "email"): "email PPID (boleh kosong)",
    ("office", "website"): "situs web (boleh kosong)",
    ("officials.ppid", "name"): "nama PPID Pelaksana / Kasubbag dengan gelar",
    ("officials.ppid", "nip"): "NIP 18 angka (tulis \"-\" bila tidak ada)",
    ("officials.ppid", "title"): "jabatan PPID Pelaksana seperti di tanda tangan",
    ("officials.superior", "name"): "nama Atasan PPID / Sekretaris dengan gelar",
    ("officials.superior", "nip"): "NIP 18 angka (tulis \"-\" bila tidak ada)",
    ("officials.superior", "title"): "jabatan Atasan PPID seperti di tanda tangan",
    ("tembusan", "refusal"): "tembusan SK penolakan, misalnya [\"Atasan PPID ...\", \"Arsip\"]",
    ("tembusan", "objection_answer"): "tembusan tanggapan keberatan, misalnya [\"Ketua ...\", \"Arsip\"]",
    ("email", "host"): "server SMTP kantor (bila email dipakai)",
    ("email", "user"): "akun login SMTP (bila email dipakai)",
    ("email", "sender_name"): "nama pengirim, misalnya \"PPID ...\" (bila email dipakai)",
    ("email", "sender"): "alamat email pengirim (bila email dipakai)",
    ("email", "kasubbag"): "email Kasubbag untuk ringkasan harian (bila email dipakai)",
    ("email", "sekretaris"): "email Sekretaris untuk laporan bulanan (bila email dipakai)",
}
# Lists among them start empty ([]), the others as "".
LIST_FIELDS = {("tembusan", "refusal"), ("tembusan", "objection_answer")}

_HEADER = re.compile(r"^\s*\[\s*([^\]]+?)\s*\]")
_VALUE = r"(\"(?:[^\"\\]|\\.)*\"|'[^']*'|\[[^\]\n]*\])"  # a string, or an array on one line


def toml_value(value: str | list[str]) -> str:
    """A TOML string or array of strings (JSON's escapes are valid TOML)."""
    return json.dumps(value, ensure_ascii=False)


def set_values(text: str, values: Mapping[tuple[str, str], str | list[str]],
               notes: Mapping[tuple[str, str], str] | None = None) -> str:
    """`text` with the string value of each (section, key) replaced; a note replaces the line's comment."""
    notes = notes or {}
    section = ""
    out = []
    for line in text.split("\n"):
        header = _HEADER.match(line)
        if header:
            section = header.group(1)
        else:
            for (sec, key), value in values.items():
                m = re.match(rf"^(\s*{re.escape(key)}\s*=\s*){_VALUE}(\s*#.*)?$", line)
                if sec == section and m:
                    comment = f"  # ISI: {notes[sec, key]}" if (sec, key) in notes else (m.group(3) or "")
                    line = f"{m.group(1)}{toml_value(value)}{comment}"
                    break
        out.append(line)
    return "\n".join(out)


def starter_config_text() -> str:
    """The example config with the office's identity emptied and marked to fill."""
    empty: dict[tuple[str, str], str | list[str]] = {k: [] if k in LIST_FIELDS else "" for k in TO_FILL}
    text = set_values(example_config_text(), empty, TO_FILL)
    return ("# config.toml kantor (dibuat oleh `ppid config`). Isi setiap baris bertanda \"# ISI:\".\n"
            "# Surat dan laporan menolak dibuat selama kop surat atau pejabat penanda tangan masih kosong.\n"
            + text)


@click.command("config")
@click.argument("path", required=False, default="config.toml", type=click.Path(dir_okay=False, path_type=Path))
def config_command(path: Path) -> int:
    """Buat config.toml awal untuk kantor: semua pengaturan beserta keterangannya, dengan kop
    surat dan pejabat penanda tangan dikosongkan dan ditandai "# ISI:".

    Tidak menimpa berkas yang sudah ada. Surat dan laporan menolak dibuat selama kop surat atau
    pejabat penanda tangan masih kosong atau masih contoh."""
    path = path.expanduser()
    if path.exists():
        raise UsageError(f"{path} sudah ada; tidak ditimpa. Hapus atau pindahkan dulu, atau sebut nama lain.")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(starter_config_text(), encoding="utf-8")
    click.echo(f"Dibuat: {path.resolve()}")
    click.echo("Langkah berikutnya: buka berkas itu, isi setiap baris bertanda \"# ISI:\" (kop surat, PPID dan "
               "Atasan PPID beserta NIP), atur [register] path, lalu jalankan `ppid init register-ppid.xlsx`.")
    return EXIT_OK
