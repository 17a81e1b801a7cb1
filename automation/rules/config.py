"""The office's settings: config.toml, read once, validated whole.

Where: `--config PATH`, else `PPID_CONFIG`, else ./config.toml; with none of them, built-in
defaults (the command says so). Relative paths resolve from the config file's folder. A bad
file gets one message listing every wrong key with its line, exit code 2.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from automation.rules.errors import ConfigError
from automation.rules.recap_config import RecapConfig, parse_offices, resolve_offices

WEEKDAYS = {"sen": 0, "sel": 1, "rab": 2, "kam": 3, "jum": 4, "sab": 5, "min": 6,
            "mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}


@dataclass(frozen=True)
class Official:
    name: str = ""
    nip: str = ""
    title: str = ""


@dataclass(frozen=True)
class Office:
    name: str = "Komisi Pemilihan Umum Kabupaten Sarolangun"
    short_name: str = "KPU Kabupaten Sarolangun"
    parent: str = "Komisi Pemilihan Umum"
    address: str = "Jl. Lintas Sumatera, Sarolangun"
    city: str = "Sarolangun"
    province: str = "Jambi"
    phone: str = ""
    email: str = ""
    website: str = ""
    logo: Path | None = None  # letterhead picture (PNG/JPEG); None = text letterhead only


@dataclass(frozen=True)
class Numbers:
    """Number formats. Placeholders: {seq} {year} {month} {month_roman} {code}."""

    request: str = "{seq:03d}/PPID/{month_roman}/{year}"
    objection: str = "{seq:03d}/KEB/PPID/{month_roman}/{year}"
    letter: str = "{seq:03d}/{code}/PPID/{month_roman}/{year}"


@dataclass(frozen=True)
class CalendarConfig:
    cuti_bersama_non_working: bool = True
    working_days: tuple[int, ...] = (0, 1, 2, 3, 4)
    cutoff: dt.time | None = None


@dataclass(frozen=True)
class Deadlines:
    due_soon_days: int = 2
    election_notice_days: int = 3
    election_extension_days: int = 2
    election_objection_answer_days: int = 3
    repeat_window_days: int = 30
    # KPU practice (published on KPU PPID sites): incomplete requirements are told to the
    # requester within 3 working days of receipt, who then has 3 working days to complete them.
    completion_notice_days: int = 3
    completion_days: int = 3


@dataclass(frozen=True)
class Output:
    letters: Path = Path("surat")
    reports: Path = Path("laporan")
    backups: Path = Path("cadangan")
    keep_backups: int = 10  # at least this many of the newest backups; 0 = no backups
    keep_backup_days: int = 7  # and every backup of the last N days
    keep_daily_backup_days: int = 30  # and the newest backup of each day for N days
    pdf: bool = False
    log_file: Path = Path("log/ppid.log")
    templates: Path | None = None  # the office's own restyled templates; None = the bundled ones


@dataclass(frozen=True)
class Copies:
    """Tembusan (copies to) per letter kind, by kind key; () = no tembusan line."""

    receipt: tuple[str, ...] = ()
    completion: tuple[str, ...] = ()
    extension: tuple[str, ...] = ()
    notice: tuple[str, ...] = ()
    refusal: tuple[str, ...] = ()
    objection_receipt: tuple[str, ...] = ()
    objection_answer: tuple[str, ...] = ()
    report: tuple[str, ...] = ()

    def for_kind(self, key: str) -> tuple[str, ...]:
        return tuple(getattr(self, key, ()))


@dataclass(frozen=True)
class RegisterConfig:
    backend: str = "excel"
    path: Path = Path("register-ppid.xlsx")
    spreadsheet: str = ""
    credentials: Path | None = None
    protection_password: str = ""  # read for old config files; unused (no sheet protection)
    max_sheet_mb: int = 512  # Excel: a part of the .xlsx bigger than this, uncompressed, is refused
    max_cells: int = 25_000_000  # Excel: a tab whose used range (rows x columns) is bigger is refused


@dataclass(frozen=True)
class EmailConfig:
    """[email]: SMTP server, sender, recipients, which mail goes out, pace and retries.

    The password is never in this file or the register: `password_env` names the environment
    variable holding it; without one, the OS keyring (service "ppid-sheets", the `user`) when
    the `keyring` package is installed.
    """

    enabled: bool = False  # master switch; `ppid kirim --dry-run` works either way
    host: str = ""
    port: int = 587
    security: str = "starttls"  # "starttls", "ssl" or "none"
    user: str = ""
    password_env: str = "PPID_SMTP_PASSWORD"
    ca_file: Path | None = None  # the CA (PEM) of a server with its own certificate
    sender_name: str = "PPID"
    sender: str = ""
    reply_to: str = ""
    kasubbag: str = ""  # the daily digest
    sekretaris: str = ""  # the monthly report
    digest: bool = True
    letters: bool = True
    reports: bool = True
    digest_when_unchanged: bool = False
    require_approval: bool = True  # letters go out only once "Supervisi Kasubbag" is "Ya"
    letters_since: dt.date | None = None  # letters dated earlier are never sent
    timeout_seconds: float = 30.0
    min_interval_seconds: float = 1.0
    retries: int = 3
    backoff_seconds: float = 2.0
    dry_run_folder: Path = Path("kirim-uji")
    archive: Path = Path("kirim")


@dataclass(frozen=True)
class Config:
    office: Office = field(default_factory=Office)
    ppid: Official = field(default_factory=lambda: Official(title="Kepala Subbagian / PPID Pelaksana"))
    superior: Official = field(default_factory=lambda: Official(title="Sekretaris / Atasan PPID"))
    register: RegisterConfig = field(default_factory=RegisterConfig)
    numbers: Numbers = field(default_factory=Numbers)
    calendar: CalendarConfig = field(default_factory=CalendarConfig)
    deadlines: Deadlines = field(default_factory=Deadlines)
    output: Output = field(default_factory=Output)
    copies: Copies = field(default_factory=Copies)
    email: EmailConfig = field(default_factory=EmailConfig)
    rekap: RecapConfig = field(default_factory=RecapConfig)
    source: Path | None = None  # the file read, None = built-in defaults
    base_dir: Path = field(default_factory=Path.cwd)

    @property
    def is_default(self) -> bool:
        return self.source is None

    def with_register(self, path: str | Path) -> Config:
        """--register PATH overrides the config (a Google URL/id switches to Google)."""
        text = str(path)
        if text.startswith("https://docs.google.com/") or text.startswith("google:"):
            reg = replace(self.register, backend="google", spreadsheet=text.removeprefix("google:"))
        else:
            reg = replace(self.register, backend="excel", path=Path(text).expanduser().resolve())
        return replace(self, register=reg)


# --- the schema: section -> key -> (attribute path, parser) ------------------------------------

def _str(v: Any) -> str:
    if not isinstance(v, str):
        raise ValueError("harus teks (dalam tanda kutip)")
    return v


def _bool(v: Any) -> bool:
    if not isinstance(v, bool):
        raise ValueError("harus true atau false")
    return v


def _int(lo: int, hi: int):
    def parse(v: Any) -> int:
        if not isinstance(v, int) or isinstance(v, bool) or not lo <= v <= hi:
            raise ValueError(f"harus bilangan bulat {lo}-{hi}")
        return v
    return parse


def _fmt(v: Any) -> str:
    s = _str(v)
    if "{seq" not in s:
        raise ValueError("harus memuat {seq}, misalnya \"{seq:03d}/PPID/{year}\"")
    try:
        s.format(seq=1, year=2026, month=1, month_roman="I", code="X")
    except (KeyError, ValueError, IndexError) as e:
        raise ValueError(f"format tidak dikenal ({e}); yang boleh: {{seq}} {{year}} {{month}} {{month_roman}} {{code}}") from None
    return s


def _weekdays(v: Any) -> tuple[int, ...]:
    if not isinstance(v, list) or not v:
        raise ValueError("harus daftar hari, misalnya [\"Sen\", \"Sel\", \"Rab\", \"Kam\", \"Jum\"]")
    out = []
    for item in v:
        key = str(item).strip().lower()[:3]
        if key not in WEEKDAYS:
            raise ValueError(f"hari tidak dikenal: {item!r}")
        out.append(WEEKDAYS[key])
    return tuple(sorted(set(out)))


def _time(v: Any) -> dt.time | None:
    if v in ("", None):
        return None
    if isinstance(v, dt.time):
        return v
    m = re.fullmatch(r"(\d{1,2})[:.](\d{2})", str(v).strip())
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        raise ValueError("harus jam seperti \"15:00\", atau \"\" bila tidak ada jam batas")
    return dt.time(int(m.group(1)), int(m.group(2)))


def _str_list(v: Any) -> tuple[str, ...]:
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        raise ValueError("harus daftar teks, misalnya [\"Atasan PPID\", \"Arsip\"]")
    return tuple(x.strip() for x in v if x.strip())


def _float(lo: float, hi: float):
    def parse(v: Any) -> float:
        if not isinstance(v, (int, float)) or isinstance(v, bool) or not lo <= v <= hi:
            raise ValueError(f"harus angka {lo:g}-{hi:g}")
        return float(v)
    return parse


def _security(v: Any) -> str:
    if v not in ("starttls", "ssl", "none"):
        raise ValueError("harus \"starttls\", \"ssl\" atau \"none\"")
    return v


_ADDRESS = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+")


def _address(v: Any) -> str:
    s = _str(v).strip()
    if s and not _ADDRESS.fullmatch(s):
        raise ValueError("harus satu alamat email, misalnya \"ppid@kantor.go.id\"")
    return s


def _date(v: Any) -> dt.date | None:
    if v in ("", None):
        return None
    if isinstance(v, dt.date) and not isinstance(v, dt.datetime):
        return v
    try:
        return dt.date.fromisoformat(str(v).strip())
    except ValueError:
        raise ValueError("harus tanggal seperti \"2026-12-01\", atau \"\"") from None


def _env_name(v: Any) -> str:
    s = _str(v).strip()
    if s and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", s):
        raise ValueError("harus nama variabel lingkungan, misalnya \"PPID_SMTP_PASSWORD\"")
    return s


def _backend(v: Any) -> str:
    if v not in ("excel", "google"):
        raise ValueError("harus \"excel\" atau \"google\"")
    return v


_PATH = "path"

SCHEMA: dict[str, dict[str, tuple[str, Any]]] = {
    "office": {k: (f"office.{k}", _PATH if k == "logo" else _str) for k in (f.name for f in fields(Office))},
    "officials.ppid": {k: (f"ppid.{k}", _str) for k in ("name", "nip", "title")},
    "officials.superior": {k: (f"superior.{k}", _str) for k in ("name", "nip", "title")},
    "register": {
        "backend": ("register.backend", _backend),
        "path": ("register.path", _PATH),
        "spreadsheet": ("register.spreadsheet", _str),
        "credentials": ("register.credentials", _PATH),
        "protection_password": ("register.protection_password", _str),
        "max_sheet_mb": ("register.max_sheet_mb", _int(1, 4000)),
        "max_cells": ("register.max_cells", _int(10_000, 500_000_000)),
    },
    "numbers": {k: (f"numbers.{k}", _fmt) for k in ("request", "objection", "letter")},
    "calendar": {
        "cuti_bersama_non_working": ("calendar.cuti_bersama_non_working", _bool),
        "working_days": ("calendar.working_days", _weekdays),
        "cutoff": ("calendar.cutoff", _time),
    },
    "deadlines": {
        "due_soon_days": ("deadlines.due_soon_days", _int(0, 30)),
        "election_notice_days": ("deadlines.election_notice_days", _int(1, 30)),
        "election_extension_days": ("deadlines.election_extension_days", _int(0, 30)),
        "election_objection_answer_days": ("deadlines.election_objection_answer_days", _int(1, 60)),
        "repeat_window_days": ("deadlines.repeat_window_days", _int(0, 366)),
        "completion_notice_days": ("deadlines.completion_notice_days", _int(1, 30)),
        "completion_days": ("deadlines.completion_days", _int(1, 30)),
    },
    "tembusan": {f.name: (f"copies.{f.name}", _str_list) for f in fields(Copies)},
    "output": {
        "letters": ("output.letters", _PATH),
        "reports": ("output.reports", _PATH),
        "backups": ("output.backups", _PATH),
        "keep_backups": ("output.keep_backups", _int(0, 1000)),
        "keep_backup_days": ("output.keep_backup_days", _int(0, 3660)),
        "keep_daily_backup_days": ("output.keep_daily_backup_days", _int(0, 3660)),
        "pdf": ("output.pdf", _bool),
        "log_file": ("output.log_file", _PATH),
        "templates": ("output.templates", _PATH),
    },
    "email": {
        "enabled": ("email.enabled", _bool),
        "host": ("email.host", _str),
        "port": ("email.port", _int(1, 65535)),
        "security": ("email.security", _security),
        "user": ("email.user", _str),
        "password_env": ("email.password_env", _env_name),
        "ca_file": ("email.ca_file", _PATH),
        "sender_name": ("email.sender_name", _str),
        "sender": ("email.sender", _address),
        "reply_to": ("email.reply_to", _address),
        "kasubbag": ("email.kasubbag", _address),
        "sekretaris": ("email.sekretaris", _address),
        "digest": ("email.digest", _bool),
        "letters": ("email.letters", _bool),
        "reports": ("email.reports", _bool),
        "digest_when_unchanged": ("email.digest_when_unchanged", _bool),
        "require_approval": ("email.require_approval", _bool),
        "letters_since": ("email.letters_since", _date),
        "timeout_seconds": ("email.timeout_seconds", _float(0.1, 600)),
        "min_interval_seconds": ("email.min_interval_seconds", _float(0, 3600)),
        "retries": ("email.retries", _int(0, 10)),
        "backoff_seconds": ("email.backoff_seconds", _float(0, 600)),
        "dry_run_folder": ("email.dry_run_folder", _PATH),
        "archive": ("email.archive", _PATH),
    },
    "rekap": {
        "folder": ("rekap.folder", _PATH),
        "credentials": ("rekap.credentials", _PATH),
        "reads_per_minute": ("rekap.reads_per_minute", _int(1, 6000)),
        "workers": ("rekap.workers", _int(0, 64)),
        "output": ("rekap.output", _PATH),
        "offices": ("rekap.offices", parse_offices),
    },
}

# Keys that must never be in config.toml, with what to do instead.
_SECRETS = {
    ("email", "password"): "kata sandi email tidak boleh ditulis di config.toml; simpan di variabel "
                           "lingkungan yang disebut password_env (bawaan PPID_SMTP_PASSWORD) atau di keyring",
}


def _line_of(text: str, section: str, key: str | None) -> int | None:
    """Line number of `key` inside `[section]` (or of the section header)."""
    current = None
    for n, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        m = re.match(r"\[\s*([^\]]+?)\s*\]", stripped)
        if m:
            current = m.group(1)
            if key is None and current == section:
                return n
            continue
        if current == section and key is not None and re.match(rf"{re.escape(key)}\s*=", stripped):
            return n
    return None


def _flatten(data: Mapping[str, Any], prefix: str = "") -> dict[str, Mapping[str, Any]]:
    """Tables by dotted name: {"office": {...}, "officials.ppid": {...}}."""
    out: dict[str, Mapping[str, Any]] = {}
    for k, v in data.items():
        name = f"{prefix}{k}"
        if isinstance(v, Mapping):
            scalars = {kk: vv for kk, vv in v.items() if not isinstance(vv, Mapping)}
            nested = {kk: vv for kk, vv in v.items() if isinstance(vv, Mapping)}
            if scalars or not nested:
                out[name] = scalars
            out.update(_flatten(nested, f"{name}."))
        else:
            out.setdefault("", {})  # type: ignore[arg-type]
            out[""] = {**out[""], k: v}  # type: ignore[dict-item]
    return out


def _path_keys() -> set[str]:
    return {key for table in SCHEMA.values() for key, (_, parser) in table.items() if parser is _PATH}


_ESCAPED_ONLY = re.compile(r'(?:[^\\]|\\\\)*')  # a TOML string whose backslashes are all doubled


def literal_windows_paths(text: str) -> str:
    """A Windows path typed the Windows way, `path = "C:\\Users\\PPID\\register.xlsx"` with
    single backslashes, is read as the path it means: in TOML a backslash inside double quotes
    starts an escape, so such a line is either an error ("Invalid hex value" for \\U) or,
    worse, a different path ("C:\\temp" holds a tab). Only the path keys are rewritten, to the
    literal (single-quoted) form TOML has for this; values already escaped (\\\\) stay as they are."""
    keys = "|".join(sorted(map(re.escape, _path_keys())))
    line_re = re.compile(rf'^(\s*(?:{keys})\s*=\s*)"([^"\n]*)"(.*)$')

    def fix(line: str) -> str:
        m = line_re.match(line)
        if not m or "\\" not in m.group(2) or "'" in m.group(2) or _ESCAPED_ONLY.fullmatch(m.group(2)):
            return line
        return f"{m.group(1)}'{m.group(2)}'{m.group(3)}"

    return "\n".join(fix(line) for line in text.split("\n"))


_BACKSLASH_HINT = ("Tanda \\ di dalam tanda kutip ganda adalah kode khusus di TOML: tulis teks yang memuat \\ "
                   "dengan tanda kutip tunggal, misalnya path = 'C:\\Users\\PPID\\register-ppid.xlsx', atau "
                   "pakai garis miring / (C:/Users/PPID/register-ppid.xlsx).")


def parse_config(text: str, source: Path) -> Config:
    """Parse and validate config text; raises ConfigError listing every problem."""
    where = source.name
    try:
        data = tomllib.loads(literal_windows_paths(text))
    except tomllib.TOMLDecodeError as e:
        hint = f" {_BACKSLASH_HINT}" if re.search(r"hex value|escape|Unescaped", str(e)) else ""
        raise ConfigError(f"{where}: bukan TOML yang sah ({e}).{hint} Perbaiki penulisannya lalu jalankan lagi.") from None
    base = source.parent.resolve()
    problems: list[str] = []
    values: dict[str, Any] = {}
    for section, table in _flatten(data).items():
        if section not in SCHEMA:
            line = _line_of(text, section, None)
            problems.append(f"{where}:{line or '?'}: bagian [{section}] tidak dikenal" if section else
                            f"{where}: kunci di luar bagian: {', '.join(table)}")
            continue
        for key, raw in table.items():
            spec = SCHEMA[section].get(key)
            line = _line_of(text, section, key)
            if (section, key) in _SECRETS:
                problems.append(f"{where}:{line or '?'}: [{section}] {key}: {_SECRETS[(section, key)]}")
                continue
            if spec is None:
                problems.append(f"{where}:{line or '?'}: [{section}] {key}: kunci tidak dikenal")
                continue
            attr, parser = spec
            try:
                if parser is _PATH:
                    if not isinstance(raw, str):
                        raise ValueError("harus path dalam tanda kutip")
                    value: Any = (base / raw).resolve() if raw else None
                else:
                    value = parser(raw)
            except ValueError as e:
                problems.append(f"{where}:{line or '?'}: [{section}] {key} = {raw!r}: {e}")
                continue
            values[attr] = value
    if problems:
        raise ConfigError("Konfigurasi tidak sah:\n  " + "\n  ".join(problems))
    return _build(values, source=source.resolve(), base=base)


def _build(values: Mapping[str, Any], source: Path | None, base: Path) -> Config:
    defaults = Config(base_dir=base)
    parts: dict[str, Any] = {}
    for part in ("office", "ppid", "superior", "register", "numbers", "calendar", "deadlines", "output", "copies",
                 "email", "rekap"):
        current = getattr(defaults, part)
        updates = {a.split(".", 1)[1]: v for a, v in values.items() if a.split(".", 1)[0] == part}
        if part == "calendar" and "working_days" in updates:
            updates["working_days"] = tuple(updates["working_days"])
        parts[part] = replace(current, **updates)
    cfg = Config(**parts, source=source, base_dir=base)
    return _resolve_paths(cfg)


def _resolve_paths(cfg: Config) -> Config:
    def res(p: Path | None) -> Path | None:
        if p is None:
            return None
        return p if p.is_absolute() else (cfg.base_dir / p).resolve()

    return replace(
        cfg,
        office=replace(cfg.office, logo=res(cfg.office.logo)),
        register=replace(cfg.register, path=res(cfg.register.path), credentials=res(cfg.register.credentials)),
        output=replace(
            cfg.output,
            letters=res(cfg.output.letters),
            reports=res(cfg.output.reports),
            backups=res(cfg.output.backups),
            log_file=res(cfg.output.log_file),
            templates=res(cfg.output.templates),
        ),
        email=replace(
            cfg.email,
            ca_file=res(cfg.email.ca_file),
            dry_run_folder=res(cfg.email.dry_run_folder),
            archive=res(cfg.email.archive),
        ),
        rekap=replace(cfg.rekap, folder=res(cfg.rekap.folder), credentials=res(cfg.rekap.credentials),
                      output=res(cfg.rekap.output), offices=resolve_offices(cfg.rekap.offices, cfg.base_dir)),
    )


def default_config(base: Path | None = None) -> Config:
    """Built-in defaults, paths relative to `base` (the current folder)."""
    return _resolve_paths(Config(base_dir=(base or Path.cwd()).resolve()))


def load_config(path: str | Path | None = None, env: Mapping[str, str] | None = None, cwd: Path | None = None) -> Config:
    """--config PATH, else PPID_CONFIG, else ./config.toml, else built-in defaults."""
    env = os.environ if env is None else env
    cwd = cwd or Path.cwd()
    explicit = path or env.get("PPID_CONFIG")
    if explicit:
        p = Path(explicit).expanduser()
        p = p if p.is_absolute() else cwd / p
        if not p.is_file():
            raise ConfigError(f"Berkas konfigurasi tidak ditemukan: {p}. Periksa --config atau PPID_CONFIG.")
        return parse_config(p.read_text(encoding="utf-8"), p)
    local = cwd / "config.toml"
    if local.is_file():
        return parse_config(local.read_text(encoding="utf-8"), local)
    return default_config(cwd)


# --- the office's own letterhead and signatories -------------------------------------------------

# (section, key, attribute) of what a letter or report prints as the office's identity.
SIGNATORY_FIELDS = (
    ("officials.ppid", "name", "ppid.name"), ("officials.ppid", "nip", "ppid.nip"),
    ("officials.superior", "name", "superior.name"), ("officials.superior", "nip", "superior.nip"),
)
IDENTITY_FIELDS = (
    ("office", "name", "office.name"), ("office", "short_name", "office.short_name"),
    ("office", "address", "office.address"), ("office", "city", "office.city"),
    ("office", "province", "office.province"),
    *SIGNATORY_FIELDS[:2], ("officials.ppid", "title", "ppid.title"),
    *SIGNATORY_FIELDS[2:], ("officials.superior", "title", "superior.title"),
)


def _attr(cfg: Config, dotted: str) -> str:
    part, name = dotted.split(".")
    return str(getattr(getattr(cfg, part), name)).strip()


def example_config() -> Config:
    """The shipped example (KPU Kabupaten Sarolangun, with placeholder officials)."""
    from automation.rules.bundled import example_config_text

    return parse_config(example_config_text(), Path("config.toml"))


def unfilled_fields(cfg: Config) -> list[str]:
    """The letterhead and signatory fields an office still has to fill, as "[section] key (why)".

    Empty fields always; a signatory (name, NIP) still the example's; and, when a signatory is
    the example's (the example file copied unedited), every other field still the example's too.
    The example's letterhead alone is accepted: it is KPU Kabupaten Sarolangun's own."""
    example = example_config()
    empty = [(s, k, a) for s, k, a in IDENTITY_FIELDS if not _attr(cfg, a)]
    same = [(s, k, a) for s, k, a in IDENTITY_FIELDS if _attr(cfg, a) and _attr(cfg, a) == _attr(example, a)]
    copied = any(f in SIGNATORY_FIELDS for f in same)
    out = []
    for field_ in IDENTITY_FIELDS:
        section, key, attr = field_
        if field_ in empty:
            out.append(f"[{section}] {key} (kosong)")
        elif field_ in same and copied:
            out.append(f"[{section}] {key} (masih contoh: \"{_attr(cfg, attr)}\")")
    return out


def require_office_identity(cfg: Config, what: str) -> None:
    """Refuse (exit 2) to make `what` (e.g. "Surat") while the letterhead or signatories are
    empty or still the example's: a letter signed "Nama Kasubbag" must never leave the office."""
    missing = unfilled_fields(cfg)
    if not missing:
        return
    where = f"{cfg.source}" if cfg.source else "config.toml (belum ada; memakai pengaturan bawaan)"
    raise ConfigError(
        f"{what} tidak dibuat: kop surat dan pejabat penanda tangan di {where} belum diisi: "
        + "; ".join(missing)
        + ". Isi dengan data kantor Anda (buat config.toml awal dengan `ppid config`), lalu jalankan lagi. "
        "Register tidak diubah."
    )
