"""A local Google Sheets API v4 test server (127.0.0.1 only) and the fixtures built on it.

There is no Google emulator, so the real gspread client talks HTTP to this server, which keeps
real grid state (tests/sheets_api_state.py, tests/sheets_api_ops.py), answers errors the way
Google does ({"error": {"code", "message", "status"}}), checks the Authorization header,
issues service-account tokens at /token, logs every request, and can be told to fail the next
requests (429 with Retry-After, 5xx). tests/test_sheets_api_conformance.py checks its answers
against real recorded traffic.
"""

from __future__ import annotations

import json
import math
import re
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from tests import sheets_api_ops as ops
from tests.sheets_api_state import ApiError, Spreadsheet, new_sheet

SERVICE_EMAIL = "ppid-bot@ppid-test.iam.gserviceaccount.com"
_ID = r"([A-Za-z0-9_-]+)"
ROUTES = [
    ("GET", re.compile(rf"^/v4/spreadsheets/{_ID}$"), "get"),
    ("POST", re.compile(rf"^/v4/spreadsheets/{_ID}:batchUpdate$"), "batch_update"),
    ("GET", re.compile(rf"^/v4/spreadsheets/{_ID}/values:batchGet$"), "values_batch_get"),
    ("POST", re.compile(rf"^/v4/spreadsheets/{_ID}/values:batchUpdate$"), "values_batch_update"),
    ("POST", re.compile(rf"^/v4/spreadsheets/{_ID}/values:batchClear$"), "values_batch_clear"),
    ("POST", re.compile(rf"^/v4/spreadsheets/{_ID}/values/([^/]+):append$"), "values_append"),
    ("POST", re.compile(rf"^/v4/spreadsheets/{_ID}/values/([^/]+):clear$"), "values_clear"),
    ("GET", re.compile(rf"^/v4/spreadsheets/{_ID}/values/([^/]+)$"), "values_get"),
    ("PUT", re.compile(rf"^/v4/spreadsheets/{_ID}/values/([^/]+)$"), "values_update"),
]
ACTIONS = {"get": "get", "batch_update": "batchUpdate", "values_batch_get": "values.batchGet",
           "values_batch_update": "values.batchUpdate", "values_batch_clear": "values.batchClear",
           "values_append": "values.append", "values_clear": "values.clear", "values_get": "values.get",
           "values_update": "values.update"}
UNAUTHENTICATED = ("Request is missing required authentication credential. Expected OAuth 2 access token, login "
                   "cookie or other valid authentication credential. See "
                   "https://developers.google.com/identity/sign-in/web/devconsole-project.")
QUOTA = ("Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per user' of "
         "service 'sheets.googleapis.com' for consumer 'project_number:000000000000'.")
MESSAGES = {429: QUOTA, 500: "Internal error encountered.", 502: "Bad Gateway",
            503: "The service is currently unavailable.", 504: "Deadline exceeded."}


@dataclass
class Logged:
    method: str
    path: str
    params: dict[str, list[str]]
    body: Any
    status: int = 0
    bytes_out: int = 0

    @property
    def action(self) -> str:
        """e.g. "values.batchGet", "batchUpdate", "get"."""
        for method, pattern, name in ROUTES:
            if method == self.method and pattern.match(self.path):
                return ACTIONS[name]
        return self.path


@dataclass
class ReadQuota:
    """Google's per-minute quota ("Read requests per minute per user"): at most `per_minute`
    API requests in any 60 seconds of `clock`; over it, 429 with Retry-After (whole seconds,
    rounded up, as Google sends). `clock` may be a test's fake clock that the client's sleep
    advances, so waiting is real to the client and costs no time."""

    per_minute: int
    clock: Callable[[], float]
    sent: list[float] = field(default_factory=list)
    refused: int = 0

    def admit(self) -> float | None:
        now = self.clock()
        self.sent = [t for t in self.sent if now - t < 60]
        if len(self.sent) >= self.per_minute:
            self.refused += 1
            return max(1.0, float(math.ceil(60 - (now - self.sent[0]))))
        self.sent.append(now)
        return None


@dataclass
class _Failure:
    status: int
    retry_after: float | None
    when: Callable[[Logged], bool] | None


class SheetsApiServer:
    """Start with `start()`; `url` is the base to give the backend (like https://sheets.googleapis.com)."""

    def __init__(self) -> None:
        self.books: dict[str, Spreadsheet] = {}
        self.log: list[Logged] = []
        self.lock = threading.RLock()
        self.failures: list[_Failure] = []
        self.stalls: list[float] = []
        self.tokens_issued = 0
        self.revoked_keys = False
        self.quota: ReadQuota | None = None  # set to enforce a per-minute quota
        self._httpd: ThreadingHTTPServer | None = None
        self.url = ""

    # lifecycle
    def start(self) -> SheetsApiServer:
        server = self

        class Handler(_Handler):
            api = server

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()

    # state set-up and inspection
    def create(self, grids: Mapping[str, Sequence[Sequence[Any]]] | None = None, spreadsheet_id: str = "test-register",
               title: str = "Register PPID", shared: bool = True, rows: int | None = None) -> str:
        """A spreadsheet holding `grids` (tab -> rows; dates become formatted serial numbers)."""
        grids = grids if grids else {"Sheet1": []}
        sheets = []
        for i, (name, grid) in enumerate(grids.items()):
            width = max([len(r) for r in grid] + [0])
            sheet = new_sheet(0 if i == 0 else 1_000 + i, name, i, max(rows or 1000, len(grid) + 50), max(26, width))
            for r, row in enumerate(grid):
                for c, v in enumerate(row):
                    ops.load_value(sheet, r, c, v)
            sheets.append(sheet)
        with self.lock:
            self.books[spreadsheet_id] = Spreadsheet(spreadsheet_id, title, sheets, shared=shared)
        return spreadsheet_id

    def book(self, spreadsheet_id: str = "test-register") -> Spreadsheet:
        return self.books[spreadsheet_id]

    def grid(self, tab: str, spreadsheet_id: str = "test-register") -> list[list[Any]]:
        """The values of a tab, trailing blanks trimmed (None for blank cells inside)."""
        sheet = self.book(spreadsheet_id).sheet(tab)
        rows = [list(r) for r in sheet.values[:sheet.last_data_row()]]
        for r in rows:
            while r and r[-1] is None:
                r.pop()
        return rows

    def fail_next(self, status: int, times: int = 1, retry_after: float | None = None,
                  when: Callable[[Logged], bool] | None = None) -> None:
        """The next `times` matching API requests answer `status` (Google's error body)."""
        with self.lock:
            self.failures.extend(_Failure(status, retry_after, when) for _ in range(times))

    def stall_next(self, seconds: float, times: int = 1) -> None:
        """The next `times` API requests are answered only after `seconds` (a slow network)."""
        with self.lock:
            self.stalls.extend([seconds] * times)

    def api_requests(self) -> list[Logged]:
        return [e for e in self.log if e.path.startswith("/v4/")]

    def clear_log(self) -> None:
        with self.lock:
            self.log.clear()

    # request handling (called by the handler, under the lock)
    def handle(self, entry: Logged, headers: Mapping[str, str]) -> tuple[int, Any, dict[str, str]]:
        if entry.path == "/token" and entry.method == "POST":
            if self.revoked_keys:  # what Google's token endpoint says for a deleted/disabled key
                return 400, {"error": "invalid_grant", "error_description": "Invalid JWT Signature."}, {}
            self.tokens_issued += 1
            return 200, {"access_token": f"test-token-{self.tokens_issued}", "expires_in": 3600, "token_type": "Bearer"}, {}
        auth = headers.get("Authorization", "")
        if not auth.startswith("Bearer ") or len(auth) <= len("Bearer "):
            return _error(ApiError(401, UNAUTHENTICATED))
        if self.quota is not None:
            wait = self.quota.admit()
            if wait is not None:
                return _error(ApiError(429, QUOTA), {"Retry-After": f"{wait:g}"})
        for f in self.failures:
            if f.when is None or f.when(entry):
                self.failures.remove(f)
                extra = {"Retry-After": f"{f.retry_after:g}"} if f.retry_after is not None else {}
                return _error(ApiError(f.status, MESSAGES.get(f.status, "error")), extra)
        for method, pattern, name in ROUTES:
            m = pattern.match(entry.path)
            if method == entry.method and m:
                try:
                    book = self.books.get(m.group(1))
                    if book is None:
                        raise ApiError(404, "Requested entity was not found.")
                    if not book.shared:
                        raise ApiError(403, "The caller does not have permission")
                    args = [unquote(g) for g in m.groups()[1:]]
                    return 200, getattr(self, f"_{name}")(book, entry, *args), {}
                except ApiError as e:
                    return _error(e)
        return _error(ApiError(404, f"Method not found: {entry.method} {entry.path}"))

    def _get(self, book: Spreadsheet, e: Logged) -> Any:
        return ops.get_spreadsheet(book, e.params)

    def _batch_update(self, book: Spreadsheet, e: Logged) -> Any:
        return ops.batch_update(book, e.body or {})

    def _values_get(self, book: Spreadsheet, e: Logged, a1: str) -> Any:
        return ops.value_range(book, a1, e.params)

    def _values_batch_get(self, book: Spreadsheet, e: Logged) -> Any:
        return {"spreadsheetId": book.spreadsheet_id,
                "valueRanges": [ops.value_range(book, a1, e.params) for a1 in e.params.get("ranges", [])]}

    def _values_update(self, book: Spreadsheet, e: Logged, a1: str) -> Any:
        body = e.body or {}
        return ops.write_values(book, a1, body.get("values"), e.params.get("valueInputOption", [None])[0],
                                body.get("majorDimension"))

    def _values_batch_update(self, book: Spreadsheet, e: Logged) -> Any:
        body = e.body or {}
        saved = book.clone_sheets()
        try:
            responses = [ops.write_values(book, d["range"], d.get("values"), body.get("valueInputOption"),
                                          d.get("majorDimension")) for d in body.get("data", [])]
        except ApiError:
            book.sheets = saved
            raise
        out = {"spreadsheetId": book.spreadsheet_id,
               "totalUpdatedRows": sum(r["updatedRows"] for r in responses),
               "totalUpdatedColumns": max((r["updatedColumns"] for r in responses), default=0),
               "totalUpdatedCells": sum(r["updatedCells"] for r in responses),
               "totalUpdatedSheets": len({r["updatedRange"].rsplit("!", 1)[0] for r in responses})}
        if responses:
            out["responses"] = responses
        return out

    def _values_append(self, book: Spreadsheet, e: Logged, a1: str) -> Any:
        return ops.append_values(book, a1, e.body or {}, e.params)

    def _values_clear(self, book: Spreadsheet, e: Logged, a1: str) -> Any:
        return {"spreadsheetId": book.spreadsheet_id, "clearedRange": ops.clear_values(book, a1)}

    def _values_batch_clear(self, book: Spreadsheet, e: Logged) -> Any:
        ranges = (e.body or {}).get("ranges", [])
        return {"spreadsheetId": book.spreadsheet_id, "clearedRanges": [ops.clear_values(book, a1) for a1 in ranges]}


def _error(e: ApiError, headers: dict[str, str] | None = None) -> tuple[int, Any, dict[str, str]]:
    return e.code, e.body(), headers or {}


class _Handler(BaseHTTPRequestHandler):
    api: SheetsApiServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def _serve(self) -> None:
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        body: Any = None
        status, payload, extra = 200, None, {}
        if raw and "json" in (self.headers.get("Content-Type") or ""):
            try:
                body = json.loads(raw)
            except json.JSONDecodeError:
                status, payload, extra = _error(ApiError(400, "Invalid JSON payload received."))
        entry = Logged(self.command, parts.path, parse_qs(parts.query, keep_blank_values=True), body)
        with self.api.lock:
            self.api.log.append(entry)
            stall = self.api.stalls.pop(0) if self.api.stalls and entry.path.startswith("/v4/") else 0.0
        time.sleep(stall)  # bounded: tests stall for a few seconds at most
        with self.api.lock:
            if payload is None:
                status, payload, extra = self.api.handle(entry, self.headers)
        data = json.dumps(payload).encode("utf-8")
        entry.status, entry.bytes_out = status, len(data)
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=UTF-8")
        self.send_header("Content-Length", str(len(data)))
        for k, v in extra.items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = _serve


# --- service-account key files whose token_uri is this server ----------------------------------

_PRIVATE_KEY: str | None = None


def private_key_pem() -> str:
    global _PRIVATE_KEY
    if _PRIVATE_KEY is None:
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import rsa

        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        _PRIVATE_KEY = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                         serialization.NoEncryption()).decode()
    return _PRIVATE_KEY


def write_key_file(folder: Path, server: SheetsApiServer, email: str = SERVICE_EMAIL) -> Path:
    """A real-shaped service-account key (fresh RSA key); tokens come from the test server."""
    info = {"type": "service_account", "project_id": "ppid-test", "private_key_id": "0123456789abcdef",
            "private_key": private_key_pem(), "client_email": email, "client_id": "100000000000000000000",
            "auth_uri": "https://accounts.google.com/o/oauth2/auth", "token_uri": f"{server.url}/token"}
    path = folder / "kunci-service-account.json"
    path.write_text(json.dumps(info), encoding="utf-8")
    return path


# --- backends on the server --------------------------------------------------------------------

class RecordingSleep:
    """Injected instead of time.sleep: records the waits, never waits."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def backend_on(server: SheetsApiServer, spreadsheet_id: str = "test-register", **kwargs: Any) -> Any:
    """A GoogleBackend over the server with a token that needs no refresh (no key file)."""
    from google.oauth2.credentials import Credentials

    from sheets.google import open_google_backend

    kwargs.setdefault("sleep", RecordingSleep())
    kwargs.setdefault("email", SERVICE_EMAIL)
    return open_google_backend(spreadsheet_id, auth=Credentials(token="test-token"), base_url=server.url, **kwargs)


def google_backend_for(grids: Mapping[str, Sequence[Sequence[Any]]], server: SheetsApiServer | None = None,
                       **kwargs: Any) -> tuple[Any, SheetsApiServer]:
    """Like `MemoryBackend(grids)`: the tabs loaded into a (new, started) server, and a backend on it."""
    if server is None:
        server = SheetsApiServer().start()
    spreadsheet_id = server.create(grids)
    return backend_on(server, spreadsheet_id, **kwargs), server


@contextmanager
def running_server() -> Iterator[SheetsApiServer]:
    """A started server, stopped afterwards. Test modules wrap it in their `sheets_server` fixture."""
    server = SheetsApiServer().start()
    try:
        yield server
    finally:
        server.stop()
