"""The `[rekap]` table of config.toml: which offices' registers a KPU Provinsi (or KPU RI)
consolidates with `ppid rekap`, and how hard it may ask Google.

```toml
[rekap]
folder = "register-kabupaten"      # a folder of .xlsx registers, one per office (optional)
credentials = "kunci-google.json"  # service-account key for the Google Sheets below (optional)
reads_per_minute = 50              # Sheets API read budget (Google allows 60 per user per minute)
workers = 2                        # processes reading a folder (bawaan: jumlah inti CPU)
output = "laporan/rekap"           # where the workbook, the letter and the JSON go

[[rekap.offices]]
name = "KPU Kabupaten Sarolangun"
code = "15.03"
source = "register-kabupaten/sarolangun.xlsx"   # a path, a Google Sheet URL or "google:ID"
```
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

GOOGLE_PREFIXES = ("https://docs.google.com/", "google:")


@dataclass(frozen=True)
class RecapOffice:
    name: str
    code: str
    source: str  # a path (resolved from the config's folder) or a Google Sheet URL / "google:ID"

    @property
    def google(self) -> bool:
        return self.source.startswith(GOOGLE_PREFIXES)


@dataclass(frozen=True)
class RecapConfig:
    folder: Path | None = None
    credentials: Path | None = None
    reads_per_minute: int = 50
    workers: int = 0  # 0 = one per CPU core
    output: Path | None = None  # None = [output] reports / "rekap"
    offices: tuple[RecapOffice, ...] = ()


def parse_offices(v: Any) -> tuple[RecapOffice, ...]:
    """`[[rekap.offices]]` tables: name, code and source, all text, codes unique."""
    if not isinstance(v, list) or not all(isinstance(x, dict) for x in v):
        raise ValueError("tulis sebagai [[rekap.offices]] dengan name, code, source")
    out: list[RecapOffice] = []
    for i, item in enumerate(v, start=1):
        unknown = sorted(set(item) - {"name", "code", "source"})
        if unknown:
            raise ValueError(f"kantor ke-{i}: kunci tidak dikenal {', '.join(unknown)}")
        values = {k: item.get(k) for k in ("name", "code", "source")}
        missing = [k for k, x in values.items() if not isinstance(x, str) or not x.strip()]
        if missing:
            raise ValueError(f"kantor ke-{i}: {', '.join(missing)} harus diisi (teks)")
        out.append(RecapOffice(values["name"].strip(), values["code"].strip(), values["source"].strip()))
    codes = [o.code for o in out]
    doubled = sorted({c for c in codes if codes.count(c) > 1})
    if doubled:
        raise ValueError(f"kode kantor ganda: {', '.join(doubled)}")
    return tuple(out)


def resolve_offices(offices: tuple[RecapOffice, ...], base: Path) -> tuple[RecapOffice, ...]:
    """Relative file sources resolved from the config's folder (Google sources unchanged)."""
    out = []
    for o in offices:
        if o.google or Path(o.source).is_absolute():
            out.append(o)
        else:
            out.append(RecapOffice(o.name, o.code, str((base / Path(o.source).expanduser()).resolve())))
    return tuple(out)
