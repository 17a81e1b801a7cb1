"""The Excel backend: read with python-calamine, write by patching the package in place.

Reading takes values only (fast). Writing never loads the workbook into an object model: the
target cells are patched in the worksheet XML (sheets.xlsx_patch), toolkit tabs are written as
new parts (sheets.xlsx_tabs), and every other part of the zip is copied byte for byte
(sheets.xlsx_package). The new file is written beside the register, synced, the register is
backed up, and the new file replaces it atomically. A register open in Excel/LibreOffice, or
saved by someone since it was read, is refused with nothing written.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import itertools
import os
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from pathlib import Path

import python_calamine as calamine

from sheets.background import Background
from sheets.errors import (
    RegisterChanged,
    RegisterError,
    RegisterInUse,
    RegisterLocked,
    RegisterMissing,
    RegisterUnreadable,
    TabMissing,
)
from sheets.gc_pause import gc_paused
from sheets.layout import LOG, REQUESTS, TABS_BY_NAME, normalize_header
from sheets.memory import is_blank
from sheets.model import CellValue, Snapshot, Table, WriteReport, WriteSet, guard_writes
from sheets.replace import replace_retrying
from sheets.xlsx_guard import Limits, scan_package
from sheets.xlsx_package import FINGERPRINT_COMMON, Package, tab_fingerprint
from sheets.xlsx_writer import Outcome, RegisterWriteFailed, plan_and_build

__all__ = ["ExcelBackend", "RegisterWriteFailed", "find_header_row", "table_from_rows"]

HEADER_SEARCH_ROWS = 10
TEMP_PREFIX = ".ppid-tmp-"  # every temporary file the toolkit writes starts so
STALE_TEMP_AGE = dt.timedelta(minutes=30)


class ExcelBackend:
    """A register kept as an .xlsx/.xlsm file on disk."""

    # Snapshot.fingerprints come from the zip directory: a job may leave a tab unread and read
    # it later (`read([tab])`, same token) only when its fingerprint says it may have changed.
    cheap_fingerprints = True
    parses_in_background = True  # read(..., meanwhile=...)

    def __init__(self, path: Path | str, *, backup_dir: Path | str | None = None, keep_backups: int = 10,
                 now: Callable[[], dt.datetime] = dt.datetime.now, keep_backup_days: int = 7,
                 keep_daily_backup_days: int = 30, limits: Limits = Limits()) -> None:
        self.path = Path(path)
        folder = Path(backup_dir) if backup_dir is not None else Path("cadangan")
        self.backup_dir = folder if folder.is_absolute() else self.path.parent / folder
        self.keep_backups = keep_backups
        self.keep_backup_days = keep_backup_days
        self.keep_daily_backup_days = keep_daily_backup_days
        self.limits = limits
        self.now = now
        self.swept: list[str] = []  # stale temporary files removed by the last read (names only)
        # zip entries found whole (inflated to their CRC-32 by the guard's scan) by the register's
        # SHA-256: a backup of those same bytes need not inflate them again (`register_damage`)
        self._whole: dict[str, set[tuple[str, int]]] = {}

    def describe(self) -> str:
        return str(self.path)

    # --- reading -------------------------------------------------------------------------------

    def _load(self) -> tuple[bytes, tuple[int, int, str]]:
        """The file's bytes and its token (size, mtime_ns, sha256), taken from one open."""
        try:
            with open(self.path, "rb") as f:
                data = f.read()
                st = os.fstat(f.fileno())
        except FileNotFoundError:
            raise RegisterMissing(self.describe()) from None
        except IsADirectoryError:
            raise RegisterUnreadable(self.describe(), "ini sebuah folder, bukan berkas") from None
        except PermissionError:
            raise RegisterUnreadable(self.describe(), "tidak ada izin membaca berkas") from None
        if not data.startswith(b"PK"):
            raise RegisterUnreadable(self.describe(), "bukan berkas .xlsx/.xlsm; mungkin .xls lama atau berpassword")
        if data[30:38] == b"mimetype" and b"opendocument.spreadsheet" in data[38:100]:  # its first member, stored
            raise RegisterUnreadable(self.describe(), "ini berkas LibreOffice/OpenDocument (.ods); di LibreOffice pilih "
                                                      "Simpan Sebagai dengan jenis 'Excel 2007-365 (.xlsx)', lalu "
                                                      "jadikan berkas .xlsx itu register")
        return data, (st.st_size, st.st_mtime_ns, hashlib.sha256(data).hexdigest())

    def read(self, tabs: Sequence[str] | None = None, *, meanwhile: Callable[[], object] | None = None,
             formulas: Collection[str] = ()) -> Snapshot:
        """The tabs named (every worksheet when None). `meanwhile`, when given, is called in this
        thread while calamine parses the sheets in another (it does not hold the GIL): a job
        imports its modules there instead of before the read (see sheets.background). The
        formula cells of every tab read are listed whatever `formulas` says: the guard's scan
        finds them on its way (sheets.xlsx_guard)."""
        with gc_paused():
            return self._read(tabs, meanwhile)

    def _read(self, tabs: Sequence[str] | None, meanwhile: Callable[[], object] | None = None) -> Snapshot:
        self.swept = self.sweep_temp_files()
        data, token = self._load()
        # before the reader allocates; only the tabs it will read are inflated
        scans = scan_package(io.BytesIO(data), self.describe(), self.limits, None if tabs is None else set(tabs))
        self._whole.setdefault(token[2], set()).update(scan.entry for scan in scans.values())
        with self._unreadable_if_it_fails():
            book = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
            names = [m.name for m in book.sheets_metadata if m.typ == calamine.SheetTypeEnum.WorkSheet]
            wanted = names if tabs is None else [t for t in tabs if t in names]
            if meanwhile is None:  # a sheet parsed, made a table and let go, then the next
                tables = {name: table_from_rows(name, book.get_sheet_by_name(name).iter_rows()) for name in wanted}
            else:
                parsing = Background(lambda: [book.get_sheet_by_name(name) for name in wanted])
        if meanwhile is not None:
            meanwhile()  # its own errors are its own, not the register's
            # while calamine still parses (on the other core): the entries the scan did not inflate,
            # so that a backup of these bytes need not inflate them (`register_damage`)
            whole = self._whole[token[2]]
            whole.update(whole_entries(data, skip=whole, stop=parsing.done))
            with self._unreadable_if_it_fails():
                sheets = parsing.result()
                tables = {name: table_from_rows(name, sheet.iter_rows()) for name, sheet in zip(wanted, sheets)}
        merged = {name: scans[name].merges for name in wanted if name in scans and scans[name].merges}
        formulas = {name: scans[name].formulas for name in wanted if name in scans and scans[name].formulas}
        return Snapshot(tables, self.describe(), token, merged, tab_fingerprints(data), formulas)

    @contextlib.contextmanager
    def _unreadable_if_it_fails(self) -> Iterator[None]:
        """calamine raises several kinds of error (a Rust panic too) for a damaged file: each
        becomes RegisterUnreadable; an interrupt, an exit or running out of memory stays itself."""
        try:
            yield
        except RegisterError:
            raise
        except BaseException as e:
            if isinstance(e, (KeyboardInterrupt, SystemExit, MemoryError)):
                raise
            raise RegisterUnreadable(self.describe(), _why(e)) from None

    def sweep_temp_files(self, older_than: dt.timedelta = STALE_TEMP_AGE) -> list[str]:
        """Remove the toolkit's own temporary files (`.ppid-tmp-*`) beside the register and in the
        backup folder that a killed run left behind (older than `older_than`: a run in progress
        is never touched). They can be partial copies holding personal data. Returns their names."""
        cutoff = self.now().timestamp() - older_than.total_seconds()
        gone = []
        for folder in (self.path.parent, self.backup_dir):
            try:
                candidates = [p for p in folder.glob(TEMP_PREFIX + "*") if p.is_file() and not p.is_symlink()]
            except OSError:
                continue
            for p in candidates:
                try:
                    if p.stat().st_mtime < cutoff:
                        p.unlink()
                        gone.append(p.name)
                except OSError:
                    continue
        return sorted(gone)

    # --- writing -------------------------------------------------------------------------------

    def write(self, snapshot: Snapshot, changes: WriteSet) -> WriteReport:
        with gc_paused():
            return self._write(snapshot, changes)

    def _write(self, snapshot: Snapshot, changes: WriteSet) -> WriteReport:
        guard_writes(snapshot, changes)
        if not changes:
            return WriteReport(0)
        self._refuse_if_busy(snapshot)
        tmp: str | None = None
        try:
            fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=self.path.suffix, dir=self.path.parent)
            with os.fdopen(fd, "wb") as out:
                outcome = plan_and_build(self.path, snapshot, changes, out, self._read_table)
                if outcome.nothing_to_do:
                    os.unlink(tmp)
                    tmp = None
                    return outcome.report(None)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(tmp, self.path.stat().st_mode & 0o7777)
            self._refuse_if_busy(snapshot)  # someone may have opened or saved it meanwhile
            backup = self._backup(snapshot.token[2]) if self._needs_backup(outcome, changes) else None
            try:
                replace_retrying(tmp, self.path)
            except PermissionError:
                raise RegisterInUse(self.describe()) from None  # `finally` removes the new file
            tmp = None
            _sync_folder(self.path.parent)
            self._prune_backups()
            return outcome.report(str(backup) if backup else None)
        except RegisterError:
            raise
        except (zipfile.BadZipFile, KeyError, ValueError) as e:
            raise RegisterUnreadable(self.describe(), _why(e)) from None
        except OSError as e:
            raise RegisterWriteFailed(self.describe(), _why(e)) from None
        finally:
            if tmp is not None and os.path.exists(tmp):
                os.unlink(tmp)

    def _read_table(self, tab: str) -> Table:
        table = self.read([tab]).table(tab)
        if table is None:
            raise TabMissing(self.describe(), tab)
        return table

    def lock_file(self) -> Path | None:
        """The Excel or LibreOffice lock file beside the register, if one exists."""
        name = self.path.name
        for candidate in (f"~${name}", f"~${name[2:]}", f".~lock.{name}#"):
            lock = self.path.parent / candidate
            if lock.exists():
                return lock
        return None

    def _refuse_if_busy(self, snapshot: Snapshot) -> None:
        lock = self.lock_file()
        if lock is not None:
            raise RegisterLocked(self.describe(), lock.name)
        token = snapshot.token
        if not isinstance(token, tuple) or len(token) != 3:
            raise RegisterChanged(self.describe())
        try:
            st = self.path.stat()
        except FileNotFoundError:
            raise RegisterMissing(self.describe()) from None
        if (st.st_size, st.st_mtime_ns) != token[:2] or self._load()[1] != token:
            raise RegisterChanged(self.describe())

    # --- backups -------------------------------------------------------------------------------

    def _needs_backup(self, outcome: Outcome, changes: WriteSet) -> bool:
        """A backup is taken when the write changes cells or rebuilds a tab. A write that only
        appends Log rows (a quiet day's check) copies every other part byte for byte, so it
        takes none, unless there is no good backup at all yet."""
        if self.keep_backups <= 0:
            return False
        if outcome.written or outcome.replaced or any(rows for tab, rows in changes.append_rows.items() if tab != LOG.name):
            return True
        return not any(good for _, _, good in self._backups())

    def _backup(self, sha256: str) -> Path | None:
        """Check the register is whole (`register_damage`), copy it into the backup folder and
        verify the copy: its bytes must hash to `sha256`, the register's as read (and found
        unchanged just before). A copy that does not verify (a full disk truncates it) is
        removed and the write is refused: nothing is written without a good backup."""
        # the register itself first: a part that no longer inflates to its CRC (a damaged disk, a bad
        # copy) is not written into, nor kept as a good backup, whichever tabs the job read. Entries
        # this backend's reads of these very bytes found whole are skipped: if the file is no longer
        # those bytes, the copy below does not verify and the write is refused.
        damage = register_damage(self.path, whole=frozenset(self._whole.get(sha256, ())))
        if damage:
            raise RegisterUnreadable(self.describe(), damage)
        try:
            self.backup_dir.mkdir(parents=True, exist_ok=True)
            stamp = self.now().strftime("%Y%m%d-%H%M%S")
            target = self.backup_dir / f"{self.path.stem}-{stamp}{self.path.suffix}"
            n = 1
            while target.exists():
                target = self.backup_dir / f"{self.path.stem}-{stamp}-{n}{self.path.suffix}"
                n += 1
            tmp = self.backup_dir / f"{TEMP_PREFIX}{target.name}"
            try:
                shutil.copy2(self.path, tmp)
                with open(tmp, "rb+") as f:
                    os.fsync(f.fileno())
                problem = verify_backup(tmp, sha256)
                if problem and self._load()[1][2] != sha256:
                    raise RegisterChanged(self.describe())  # saved by someone while it was copied
                if problem:
                    raise RegisterWriteFailed(self.describe(), f"cadangan di {self.backup_dir} tidak utuh ({problem}); "
                                                               "mungkin disk penuh")
                os.replace(tmp, target)
            finally:
                if tmp.exists():
                    tmp.unlink()
        except OSError as e:
            raise RegisterWriteFailed(self.describe(), f"cadangan tidak dapat dibuat di {self.backup_dir}: {_why(e)}") from None
        return target

    def _backups(self) -> list[tuple[dt.datetime, Path, bool]]:
        """This register's backups: (time from the name, path, opens as a zip), newest first."""
        if not self.backup_dir.is_dir():
            return []
        stem, suffix = self.path.stem, self.path.suffix
        out = []
        for p in self.backup_dir.iterdir():
            if not (p.name.startswith(stem + "-") and p.name.endswith(suffix)):
                continue
            rest = p.name[len(stem) + 1: len(p.name) - len(suffix)]
            try:
                when = dt.datetime.strptime(rest[:15], "%Y%m%d-%H%M%S")
            except ValueError:
                continue
            if len(rest) > 15 and not (rest[15] == "-" and rest[16:].isdigit()):
                continue
            out.append((when, p, _opens_as_zip(p)))
        out.sort(key=lambda t: (t[0], _mtime(t[1])), reverse=True)
        return out

    def _prune_backups(self) -> None:
        """Keep, of this register's good backups: the newest `keep_backups`; every one of the last
        `keep_backup_days` days; the newest of each day for `keep_daily_backup_days` days; and
        always the newest good one. A backup that does not open (truncated) counts for nothing
        and is removed. Other files in the folder are left alone."""
        if self.keep_backups <= 0:
            return
        now = self.now()
        keep: set[Path] = set()
        days: set[dt.date] = set()
        good = [(when, p) for when, p, ok in self._backups() if ok]
        for i, (when, p) in enumerate(good):
            age = now - when
            if i < self.keep_backups or age <= dt.timedelta(days=self.keep_backup_days):
                keep.add(p)
            if age <= dt.timedelta(days=self.keep_daily_backup_days) and when.date() not in days:
                days.add(when.date())
                keep.add(p)
        for _, p, _ in self._backups():
            if p not in keep:
                with contextlib.suppress(OSError):
                    p.unlink()


def register_damage(path: Path, whole: Collection[tuple[str, int]] = frozenset()) -> str:
    """"" when the register at `path` is whole: a zip whose members all inflate to their CRC-32,
    with the request tab; else what is wrong (Indonesian).

    `whole` names entries, (name, offset of the local header), already found whole in these
    same bytes; they are not inflated again (a register's request tab is most of its bytes)."""
    try:
        with zipfile.ZipFile(path) as z:
            problem = next((problem for _, problem in _inflated(z, whole) if problem), "")
            if problem:
                return problem
        with Package(str(path)) as pkg:
            if pkg.sheet(REQUESTS.name) is None:
                return f"tab \"{REQUESTS.name}\" tidak ada"
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, EOFError, zlib.error) as e:
        return _why(e)
    return ""


def whole_entries(data: bytes, skip: Collection[tuple[str, int]] = frozenset(),
                  stop: Callable[[], bool] | None = None) -> set[tuple[str, int]]:
    """The entries of the zip `data`, (name, offset of the local header), that inflate to their
    CRC-32, leaving out those in `skip`. `stop` is asked between chunks: once it says so, the
    entries not yet read to their end are left out. An entry that does not inflate, or a zip
    that does not open, is simply not named: this only finds what need not be inflated again."""
    out: set[tuple[str, int]] = set()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            for info, problem in _inflated(z, skip, stop):
                if not problem:
                    out.add((info.filename, info.header_offset))
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, KeyError):
        pass
    return out


def _inflated(z: zipfile.ZipFile, skip: Collection[tuple[str, int]],
              stop: Callable[[], bool] | None = None) -> Iterator[tuple[zipfile.ZipInfo, str]]:
    """Each entry of `z` not in `skip` (by name and offset), read to its end (where `zipfile`
    checks the CRC-32), with "" when it is whole, else what is wrong (Indonesian). `stop`, asked
    between chunks, ends the walk without the entry being read."""
    for info in z.infolist():
        if (info.filename, info.header_offset) in skip:
            continue
        problem = ""
        try:
            with z.open(info) as f:
                while f.read(1 << 20):
                    if stop is not None and stop():
                        return
        except (zipfile.BadZipFile, zlib.error, EOFError):  # a CRC that does not match, a broken stream
            problem = f"bagian {info.filename} rusak"
        except (RuntimeError, NotImplementedError):  # encrypted, or a compression method zipfile lacks
            problem = f"bagian {info.filename} tidak dapat dibaca (terenkripsi atau kompresi tidak dikenal)"
        yield info, problem


def verify_backup(path: Path, sha256: str) -> str:
    """"" when the file at `path` is byte for byte the register whose bytes hash to `sha256`,
    else why not (Indonesian): a copy cut short, padded or altered anywhere fails. (The register
    itself was found whole by `register_damage` just before it was copied.)"""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            while chunk := f.read(1 << 20):
                digest.update(chunk)
            size = f.tell()
    except OSError as e:
        return _why(e)
    if digest.hexdigest() != sha256:
        return f"{size:,} byte, isinya berbeda dari register".replace(",", ".")
    return ""


def _opens_as_zip(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as z:
            return bool(z.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


READ_BLOCK = 4096  # rows converted together, column by column


def tab_fingerprints(data: bytes) -> dict[str, str]:
    """Per worksheet: the sizes and CRC-32s of its sheet part, xl/sharedStrings.xml and
    xl/styles.xml, read from the zip's directory without inflating anything.
    Nothing for a package this cannot follow (the tabs are then read and compared instead)."""
    try:
        with Package(io.BytesIO(data)) as pkg:  # type: ignore[arg-type]  # zipfile takes a file object
            common = [(name, i.file_size, i.CRC) for name, i in pkg.infos.items() if name.lower() in FINGERPRINT_COMMON]
            out = {}
            for sheet in pkg.sheets:
                info = pkg.infos.get(sheet.part) if sheet.part else None
                if info is not None:
                    out[sheet.name] = tab_fingerprint((info.file_size, info.CRC), common)
            return out
    except Exception:  # a damaged package: calamine has said what it could read
        return {}


def table_from_rows(tab: str, grid: Iterable[list[object]]) -> Table:
    """A Table from calamine rows (row 1 first): the header row located, blank rows skipped.

    Rows are consumed in blocks (calamine's iter_rows), so the raw grid and the table are never
    both in memory. Each block is converted column by column: a column of text, numbers and
    dates goes through a memo of the values already seen (in C, `map`), so the conversion runs
    once per distinct value and repeated values (statuses, dates, officers) are one object;
    a column whose values are mostly distinct stops memoising after its first block. The
    table is kept as columns (`Table.from_columns`): the check reads it column by column."""
    source = iter(grid)
    head = list(itertools.islice(source, HEADER_SEARCH_ROWS))
    header_at = find_header_row(tab, head)
    raw_headers = head[header_at] if header_at < len(head) else []
    headers = ["" if h is None or h == "" else str(h).strip() for h in raw_headers]
    used = max((i + 1 for i, h in enumerate(headers) if h), default=0)
    kept: list[list[CellValue]] = []  # per column, the values of the rows kept so far
    numbers: list[int] = []
    memos: list[dict[object, CellValue] | None] = []
    seen = 0
    n = header_at + 2
    body = itertools.chain(head[header_at + 1:], source)
    while block := list(itertools.islice(body, READ_BLOCK)):
        width = max(max(map(len, block)), len(kept))
        if any(len(r) != width for r in block):
            block = [list(r) + [""] * (width - len(r)) for r in block]
        while len(memos) < width:
            memos.append({"": None})
        while len(kept) < width:  # a column first seen in this block: empty in the rows before
            kept.append([None] * len(numbers))
        seen += len(block)
        first, n = n, n + len(block)
        columns = []
        for j, raw in enumerate(zip(*block)):
            col = _convert_column(raw, memos, j, seen)
            columns.append(col)
            if j >= used and col.count(None) != len(col) and any(not is_blank(v) for v in col):
                used = j + 1
        del block
        blank = _blank_rows(columns, n - first)
        if not blank:
            for out, col in zip(kept, columns):
                out.extend(col)
            numbers.extend(range(first, n))
        else:
            keep = [p not in blank for p in range(n - first)]
            for out, col in zip(kept, columns):
                out.extend(itertools.compress(col, keep))
            numbers.extend(itertools.compress(range(first, n), keep))
        del columns
    width = used
    columns_out = [kept[j] if j < len(kept) else [None] * len(numbers) for j in range(width)]
    del kept
    return Table.from_columns(tab, tuple(headers[:width]) + ("",) * (width - len(headers)), header_at + 1,
                              columns_out, tuple(numbers))


def _blank_rows(columns: list[list[CellValue]], height: int) -> set[int]:
    """Positions of the rows of a block (`height` rows) with nothing in any column (None or only
    spaces). Each column is looked at only on the rows still blank before it: the first column
    settles most."""
    pending: Sequence[int] = range(height)
    for col in columns:
        pending = [p for p in pending if is_blank(col[p])]
        if not pending:
            return set()
    return set(pending)


_MEMO_TYPES = frozenset({str, float, dt.date, dt.datetime})  # no two of them hold equal values


def _convert_column(raw: tuple[object, ...], memos: list[dict[object, CellValue] | None], j: int,
                    seen: int) -> list[CellValue]:
    """`_cell` of each value of one column of a block, through the column's memo when it has one."""
    if raw.count("") == len(raw):  # empty cells only (calamine's ""): a column nobody filled in
        return [None] * len(raw)
    memo = memos[j]
    types = set(map(type, raw))
    if memo is not None and types <= _MEMO_TYPES:
        if float in types:
            for v in set(raw).difference(memo):
                memo[v] = _cell(v)
            out = list(map(memo.__getitem__, raw))
        else:  # text and dates are kept as they are ("" is None, from the memo)
            out = list(map(memo.setdefault, raw, raw))
        if len(memo) > seen // 2 and seen >= READ_BLOCK:
            memos[j] = None  # mostly distinct values: a memo would only cost memory
        return out
    if types == {str}:
        return list(map(_BLANK.get, raw, raw))
    return list(map(_cell, raw))


_BLANK: dict[object, CellValue] = {"": None}


def find_header_row(tab: str, grid: list[list[object]]) -> int:
    """0-based index of the header row: within the first rows, the one naming most layout headers
    (a title row above the headers is tolerated). Unknown tabs use row 1."""
    layout = TABS_BY_NAME.get(tab)
    if layout is None:
        return 0
    known = set(layout.by_header())
    best, best_hits = 0, 0
    for i, row in enumerate(grid[:HEADER_SEARCH_ROWS]):
        hits = sum(1 for v in row if isinstance(v, str) and normalize_header(v) in known)
        if hits > best_hits:
            best, best_hits = i, hits
    return best


def _cell(value: object) -> CellValue:
    t = type(value)
    if t is str:
        return value or None  # type: ignore[return-value]
    if t is float:
        return int(value) if value.is_integer() else value  # type: ignore[attr-defined]
    if isinstance(value, dt.timedelta):
        seconds = int(value.total_seconds())
        if 0 <= seconds < 86400:
            return dt.time(seconds // 3600, seconds % 3600 // 60, seconds % 60)
        return str(value)
    return value  # type: ignore[return-value]


def _why(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text[:200]


def _sync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
