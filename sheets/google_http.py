"""Transport to the Google Sheets API: errors, the HTTP client with retry and timeouts, opening.

Everything here is about talking to Google: service-account keys, spreadsheet ids, retry with
backoff and jitter on 429/5xx, a timeout on every request, request counting, and translating
API errors into Indonesian messages. What is read and written, and where, is the backend's
(`sheets.google`) and the plan's (`sheets.google_plan`).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sheets.errors import RegisterError

try:  # the `google` extra
    import requests
    from google.oauth2 import service_account
    from gspread.exceptions import APIError
    from gspread.http_client import HTTPClient
except ImportError:  # pragma: no cover - exercised only without the extra
    _INSTALLED = False
    HTTPClient = object  # type: ignore[assignment,misc]
else:
    _INSTALLED = True

SHEETS_API = "https://sheets.googleapis.com"
SCOPES = ("https://www.googleapis.com/auth/spreadsheets",)
RETRY_STATUSES = (429, 500, 502, 503, 504)
BASE_URL_ENV = "PPID_SHEETS_API_URL"
"""Test seam: point the CLI at a local Sheets API test server (loopback addresses only)."""

_ID = re.compile(r"[A-Za-z0-9_-]+")
_URL_ID = re.compile(r"/spreadsheets/d/([A-Za-z0-9_-]+)")


# --- errors (Indonesian: staff and the IT operator read them) --------------------------------

class GoogleError(RegisterError):
    """A Google Sheets register cannot be used; the message says what to do."""


class GoogleNotInstalled(GoogleError):
    def __init__(self) -> None:
        super().__init__(
            "Dukungan Google Sheets belum terpasang. Pasang: pip install 'ppid-sheets[google]'"
        )


class GoogleKeyMissing(GoogleError):
    def __init__(self, path: Path | None) -> None:
        where = f"Berkas kunci {path} tidak ada." if path else "Berkas kunci service account belum diatur."
        super().__init__(
            f"{where} Unduh kunci JSON service account dari Google Cloud Console, lalu isi "
            f"[register] credentials di config.toml dengan lokasinya (atau atur variabel "
            f"GOOGLE_APPLICATION_CREDENTIALS). Lihat docs/google-sheets.md."
        )


class GoogleKeyInvalid(GoogleError):
    def __init__(self, path: Path | str, why: str) -> None:
        super().__init__(
            f"Berkas kunci {path} tidak dapat dipakai: {why}. Unduh ulang kunci JSON service "
            f"account (Google Cloud Console > IAM > Service Accounts > Keys > Add key > JSON)."
        )


class GoogleNotShared(GoogleError):
    def __init__(self, spreadsheet: str, email: str | None) -> None:
        who = f"service account {email}" if email else "service account di berkas kunci (client_email)"
        super().__init__(
            f"Google Sheet {spreadsheet} belum dibagikan ke {who}. Buka Google Sheet itu, klik "
            f"Bagikan (Share), tambahkan {email or 'alamat email service account'} sebagai Editor, "
            f"lalu jalankan lagi."
        )


class GoogleSpreadsheetNotFound(GoogleError):
    def __init__(self, spreadsheet: str) -> None:
        super().__init__(
            f"Google Sheet dengan id {spreadsheet} tidak ditemukan. Periksa [register] spreadsheet "
            f"di config.toml: salin id (bagian di antara /d/ dan /edit) atau URL lengkap dari "
            f"bilah alamat peramban."
        )


class GoogleSpreadsheetIdInvalid(GoogleError):
    def __init__(self, text: str) -> None:
        super().__init__(
            f"\"{text}\" bukan id atau URL Google Sheet. Isi [register] spreadsheet dengan URL "
            f"seperti https://docs.google.com/spreadsheets/d/ID/edit atau id-nya saja."
        )


class GoogleQuotaExhausted(GoogleError):
    def __init__(self, attempts: int) -> None:
        super().__init__(
            f"Kuota Google Sheets API habis: permintaan ditolak {attempts} kali berturut-turut "
            f"(HTTP 429). Tidak ada yang ditulis sebagian; tunggu beberapa menit lalu jalankan lagi, "
            f"atau kurangi jadwal proses yang berjalan bersamaan."
        )


class GoogleUnavailable(GoogleError):
    def __init__(self, why: str) -> None:
        super().__init__(
            f"Google Sheets tidak dapat dihubungi ({why}). Periksa koneksi internet lalu jalankan lagi; "
            f"bila terjadi saat menulis, jalankan lagi: penulisan aman diulang."
        )


class GoogleRequestRejected(GoogleError):
    def __init__(self, message: str) -> None:
        super().__init__(
            f"Google Sheets menolak permintaan: {message}. Periksa apakah tab atau kolom register "
            f"diubah (dihapus, digabung, diproteksi penuh), lalu jalankan lagi."
        )


# --- HTTP: retry with backoff, timeouts, counting ---------------------------------------------

@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with full jitter, capped per wait, in attempts and in total wait."""

    attempts: int = 6
    base: float = 1.0
    cap: float = 32.0
    total: float = 120.0

    def wait(self, retry: int, retry_after: float | None, rng: random.Random) -> float:
        """Seconds to wait before retry number `retry` (1-based); never less than Retry-After."""
        jitter = rng.uniform(0, min(self.cap, self.base * 2 ** (retry - 1)))
        return max(jitter, retry_after) if retry_after is not None else jitter


@dataclass(frozen=True)
class ApiCall:
    method: str
    kind: str  # "metadata", "values.batchGet", "values.batchUpdate", "batchUpdate", ...
    attempts: int = 1


def _kind(method: str, url: str) -> str:
    path = urlsplit(url).path
    if "/values" in path:
        tail = path.rsplit(":", 1)[-1] if ":" in path.rsplit("/", 1)[-1] else ("get" if method == "GET" else "update")
        return f"values.{tail}"
    if path.endswith(":batchUpdate"):
        return "batchUpdate"
    return "metadata" if method == "GET" else "other"


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        return max(0.0, (when - dt.datetime.now(when.tzinfo)).total_seconds())


class SheetsHTTPClient(HTTPClient):  # type: ignore[misc,valid-type]
    """gspread's HTTP client with our retry, a timeout on every call, and a call log.

    Retries 429/500/502/503/504 (any method: the Sheets API asks clients to) and connection
    errors on reads. `sleep` and `rng` are seams for tests; nothing else is.
    """

    def __init__(self, auth: Any, session: Any = None, *, base_url: str | None = None, timeout: float = 30,
                 policy: RetryPolicy = RetryPolicy(), sleep: Callable[[float], None] = time.sleep,
                 rng: random.Random | None = None) -> None:
        super().__init__(auth, session)
        self.set_timeout(timeout)
        self.base_url = base_url.rstrip("/") if base_url else None
        self.policy = policy
        self.sleep = sleep
        self.rng = rng or random.Random()
        self.calls: list[ApiCall] = []
        self.waits: list[float] = []

    def request(self, method: str, endpoint: str, params: Any = None, data: Any = None, json: Any = None,
                files: Any = None, headers: Any = None) -> Any:
        method = method.upper()
        url = self.base_url + endpoint[len(SHEETS_API):] if self.base_url and endpoint.startswith(SHEETS_API) else endpoint
        waited, attempt = 0.0, 0
        while True:
            attempt += 1
            try:
                response = self.session.request(method=method, url=url, json=json, params=params, data=data,
                                                files=files, headers=headers, timeout=self.timeout)
            except (requests.ConnectionError, requests.Timeout) as e:
                response, error = None, e
            else:
                error = None
                if response.ok:
                    self.calls.append(ApiCall(method, _kind(method, url), attempt))
                    return response
            retryable = (response is not None and response.status_code in RETRY_STATUSES) or (
                response is None and method == "GET")
            if retryable and attempt < self.policy.attempts:
                after = _retry_after(response.headers.get("Retry-After")) if response is not None else None
                wait = self.policy.wait(attempt, after, self.rng)
                if waited + wait <= self.policy.total:
                    self.sleep(wait)
                    self.waits.append(wait)
                    waited += wait
                    continue
            self.calls.append(ApiCall(method, _kind(method, url), attempt))
            if response is None:
                raise GoogleUnavailable(type(error).__name__) from None
            if response.status_code == 429:
                raise GoogleQuotaExhausted(attempt)
            if response.status_code >= 500:
                raise GoogleUnavailable(f"HTTP {response.status_code} setelah {attempt} percobaan")
            raise APIError(response)


# --- opening ----------------------------------------------------------------------------------

def parse_spreadsheet_id(text: str) -> str:
    """The id from a full URL (…/spreadsheets/d/ID/edit#gid=0) or the bare id."""
    s = text.strip().removeprefix("google:")
    m = _URL_ID.search(s)
    if m:
        return m.group(1)
    if _ID.fullmatch(s):
        return s
    raise GoogleSpreadsheetIdInvalid(text)


def load_service_account(path: Path | str | None, env: Mapping[str, str] | None = None) -> tuple[Any, str]:
    """(credentials, client e-mail) from the key file: `path`, else GOOGLE_APPLICATION_CREDENTIALS."""
    env = os.environ if env is None else env
    if path is None or str(path) == "":
        path = env.get("GOOGLE_APPLICATION_CREDENTIALS") or None
    if path is None:
        raise GoogleKeyMissing(None)
    p = Path(path).expanduser()
    if not p.is_file():
        raise GoogleKeyMissing(p)
    try:
        info = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        raise GoogleKeyInvalid(p, "isinya bukan JSON yang utuh") from None
    if not isinstance(info, dict):
        raise GoogleKeyInvalid(p, "isinya bukan kunci service account")
    if info.get("type") != "service_account":
        hint = " (ini kunci OAuth client, bukan service account)" if {"installed", "web"} & set(info) else ""
        raise GoogleKeyInvalid(p, f"\"type\" harus \"service_account\"{hint}")
    missing = [k for k in ("client_email", "private_key", "token_uri") if not info.get(k)]
    if missing:
        raise GoogleKeyInvalid(p, f"kolom {', '.join(missing)} tidak ada")
    try:
        creds = service_account.Credentials.from_service_account_info(info, scopes=list(SCOPES))
    except (ValueError, TypeError, IndexError):
        raise GoogleKeyInvalid(p, "kunci privat (private_key) rusak") from None
    return creds, str(info["client_email"])


def _env_base_url(env: Mapping[str, str]) -> str | None:
    url = env.get(BASE_URL_ENV)
    if not url:
        return None
    if urlsplit(url).hostname not in ("127.0.0.1", "localhost", "::1"):
        raise GoogleError(f"{BASE_URL_ENV} hanya boleh menunjuk ke server uji lokal (127.0.0.1).")
    return url
