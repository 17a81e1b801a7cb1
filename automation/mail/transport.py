"""The one SMTP client of the code base, and the .eml folder a dry run writes to.

`SmtpTransport.open` connects (SSL, STARTTLS or plain, with a timeout), verifies the server's
certificate (the system's CAs, or `[email] ca_file`) and logs in; every way that can fail is
one Indonesian `MailError` (exit 3). `send` speaks MAIL, RCPT and DATA itself, so it knows
where a failure happened: before DATA nothing was delivered (safe to try again); a reply to
DATA is an answer (4xx: later, 5xx: refused); a connection lost *during* DATA leaves the
delivery unknown, which the caller records as such instead of sending again. A reply 4xx is
retried with a doubling wait (`retries`, `backoff_seconds`); messages are paced by
`min_interval_seconds`.

The password comes from the environment variable `[email] password_env`, else the OS keyring
(service "ppid-sheets", the user) when the `keyring` package is installed; never from the
config file or the register.
"""

from __future__ import annotations

import os
import re
import smtplib
import socket
import ssl
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Literal

from automation.mail.digest import scrub
from automation.rules.config import EmailConfig
from automation.rules.errors import EXIT_REGISTER, ConfigError, PpidError
from automation.rules.files import replace_file, temp_beside

KEYRING_SERVICE = "ppid-sheets"
MAX_WAIT = 60.0


class MailError(PpidError):
    """The mail server cannot be used (refused, unknown host, TLS, login, timeout): exit 3."""

    exit_code = EXIT_REGISTER


State = Literal["sent", "failed", "refused", "unknown"]


@dataclass(frozen=True)
class SendResult:
    state: State  # sent; failed (not delivered, try again later); refused (for good); unknown
    why: str = ""  # Indonesian, short, without any e-mail address


def password_for(cfg: EmailConfig, env: Mapping[str, str] | None = None) -> str | None:
    """The SMTP password: environment variable, else the OS keyring when installed, else None."""
    env = os.environ if env is None else env
    if cfg.password_env and env.get(cfg.password_env):
        return env[cfg.password_env]
    try:
        import keyring  # optional
    except ImportError:
        return None
    try:
        return keyring.get_password(KEYRING_SERVICE, cfg.user) or None
    except Exception:  # a keyring backend that is locked or missing: as if nothing were stored
        return None


def _reply(code: int, text: bytes | str) -> str:
    raw = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return f"server menjawab {code} {scrub(raw, 120)}".strip()


class SmtpTransport:
    def __init__(self, cfg: EmailConfig, password: str | None, *, sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.cfg = cfg
        self.password = password
        self.sleep = sleep
        self.clock = clock
        self.smtp: smtplib.SMTP | None = None
        self._last: float | None = None

    # --- connecting ----------------------------------------------------------------------------

    def where(self) -> str:
        return f"{self.cfg.host}:{self.cfg.port}"

    def _context(self) -> ssl.SSLContext:
        ctx = ssl.create_default_context(cafile=str(self.cfg.ca_file) if self.cfg.ca_file else None)
        return ctx

    def open(self) -> None:
        cfg = self.cfg
        if not cfg.host or not cfg.sender:
            raise ConfigError("Pengiriman email memerlukan [email] host dan sender di config.toml.")
        if cfg.user and not self.password:
            raise ConfigError(
                f"Kata sandi email untuk {cfg.user} tidak ditemukan. Simpan di variabel lingkungan "
                f"{cfg.password_env or 'PPID_SMTP_PASSWORD'} (atau di keyring sistem, layanan \"{KEYRING_SERVICE}\"), "
                "bukan di config.toml."
            )
        if cfg.ca_file and not Path(cfg.ca_file).is_file():
            raise ConfigError(f"Berkas sertifikat [email] ca_file tidak ditemukan: {cfg.ca_file}.")
        try:
            if cfg.security == "ssl":
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(cfg.host, cfg.port, timeout=cfg.timeout_seconds,
                                                      context=self._context())
            else:
                smtp = smtplib.SMTP(cfg.host, cfg.port, timeout=cfg.timeout_seconds)
            self.smtp = smtp
            smtp.ehlo()
            if cfg.security == "starttls":
                if not smtp.has_extn("starttls"):
                    raise MailError(
                        f"Server email {self.where()} tidak menawarkan STARTTLS, jadi sambungan tidak dapat "
                        "diamankan. Periksa [email] port dan security (\"ssl\" untuk port 465), atau tanyakan "
                        "pengelola server email."
                    )
                smtp.starttls(context=self._context())
                smtp.ehlo()
            if cfg.user:
                if not smtp.has_extn("auth"):
                    raise MailError(
                        f"Server email {self.where()} tidak menawarkan login (AUTH) pada sambungan ini. Periksa "
                        "[email] security (login biasanya hanya ditawarkan lewat sambungan aman) dan port."
                    )
                smtp.login(cfg.user, self.password or "")
        except MailError:
            self.close()
            raise
        except Exception as e:
            self.close()
            raise self._explain(e) from None

    def _explain(self, e: BaseException) -> MailError:
        """One Indonesian message for each way connecting and logging in can fail."""
        where, cfg = self.where(), self.cfg
        if isinstance(e, smtplib.SMTPAuthenticationError):
            return MailError(
                f"Server email {where} menolak login {cfg.user} ({_reply(e.smtp_code, e.smtp_error)}): nama "
                f"pengguna atau kata sandi salah. Periksa [email] user dan kata sandi di variabel lingkungan "
                f"{cfg.password_env or 'PPID_SMTP_PASSWORD'}."
            )
        if isinstance(e, ssl.SSLCertVerificationError):
            return MailError(
                f"Sertifikat server email {where} tidak dapat diverifikasi ({e.verify_message or e.reason}). "
                "Bila server memakai sertifikat kantor sendiri, isi [email] ca_file dengan berkas CA-nya; "
                "bila tidak, tanyakan pengelola server email. Tidak ada email yang dikirim."
            )
        if isinstance(e, ssl.SSLError):
            return MailError(
                f"Sambungan aman (TLS) ke server email {where} gagal ({e.reason or e}). Periksa [email] security: "
                "\"starttls\" untuk port 587, \"ssl\" untuk port 465."
            )
        if isinstance(e, ConnectionRefusedError):
            return MailError(
                f"Server email {where} menolak sambungan: tidak ada layanan email di alamat dan port itu. "
                "Periksa [email] host dan port di config.toml, dan apakah server email menyala."
            )
        if isinstance(e, socket.gaierror):
            return MailError(f"Nama server email \"{cfg.host}\" tidak dikenal. Periksa [email] host dan sambungan "
                             "jaringan komputer ini.")
        if isinstance(e, (TimeoutError, socket.timeout)):
            return MailError(
                f"Server email {where} tidak menjawab dalam {cfg.timeout_seconds:g} detik. Periksa sambungan "
                "jaringan, [email] host dan port (port yang salah sering diam saja), lalu jalankan lagi."
            )
        if isinstance(e, smtplib.SMTPNotSupportedError):
            return MailError(f"Server email {where} tidak mendukung perintah yang diperlukan ({e}). Periksa [email] "
                             "security dan port.")
        if isinstance(e, smtplib.SMTPServerDisconnected) and isinstance(e.__context__, (TimeoutError, socket.timeout)):
            return self._explain(e.__context__)
        if isinstance(e, smtplib.SMTPServerDisconnected):
            return MailError(
                f"Server email {where} memutus sambungan ({e or 'tanpa keterangan'}). Bila port 465, pakai "
                "security = \"ssl\"; bila 587, \"starttls\"; lalu jalankan lagi."
            )
        if isinstance(e, smtplib.SMTPResponseException):
            return MailError(f"Server email {where} menolak ({_reply(e.smtp_code, e.smtp_error)}). Tanyakan "
                             "pengelola server email.")
        if isinstance(e, OSError):
            return MailError(f"Tidak dapat tersambung ke server email {where} ({e.strerror or e}). Periksa "
                             "sambungan jaringan dan [email] host/port.")
        return MailError(f"Pengiriman email ke server {where} gagal ({type(e).__name__}). Jalankan lagi; bila "
                         "berulang, laporkan ke pengelola aplikasi.")

    def close(self) -> None:
        smtp, self.smtp = self.smtp, None
        if smtp is None:
            return
        try:
            smtp.quit()
        except Exception:
            try:
                smtp.close()
            except Exception:
                pass

    def __enter__(self) -> SmtpTransport:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- sending -------------------------------------------------------------------------------

    def _pace(self) -> None:
        if self._last is not None and self.cfg.min_interval_seconds > 0:
            wait = self.cfg.min_interval_seconds - (self.clock() - self._last)
            if wait > 0:
                self.sleep(wait)
        self._last = self.clock()

    def _alive(self) -> bool:
        if self.smtp is None:
            return False
        try:
            return self.smtp.noop()[0] == 250
        except (smtplib.SMTPException, OSError):
            return False

    def send(self, msg: EmailMessage, to: str) -> SendResult:
        """Deliver `msg` to `to`. Raises MailError only when the server cannot be reached again."""
        self._pace()
        attempt = 0
        while True:
            if not self._alive():
                self.close()
                self.open()  # MailError: nothing of this message went out
            result = self._attempt(msg, to)
            if result.state != "failed" or attempt >= self.cfg.retries:
                return result
            self.sleep(min(MAX_WAIT, self.cfg.backoff_seconds * (2 ** attempt)))
            attempt += 1

    def _attempt(self, msg: EmailMessage, to: str) -> SendResult:
        smtp = self.smtp
        assert smtp is not None
        data = msg.as_bytes(policy=msg.policy.clone(linesep="\r\n"))
        try:
            code, text = smtp.mail(self.cfg.sender)
            if code != 250:
                self._reset()
                if code >= 500:
                    raise MailError(f"Server email {self.where()} menolak alamat pengirim [email] sender "
                                    f"({_reply(code, text)}). Periksa [email] sender dan user.")
                return SendResult("failed", _reply(code, text))
            code, text = smtp.rcpt(to)
            if code not in (250, 251):
                self._reset()
                return SendResult("refused" if code >= 500 else "failed", _reply(code, text))
        except (smtplib.SMTPServerDisconnected, OSError) as e:
            self.close()
            return SendResult("failed", f"sambungan terputus sebelum pesan dikirim ({type(e).__name__})")
        except smtplib.SMTPResponseException as e:
            self._reset()
            return SendResult("refused" if e.smtp_code >= 500 else "failed", _reply(e.smtp_code, e.smtp_error))
        try:
            code, text = smtp.data(data)
        except smtplib.SMTPDataError as e:  # the DATA command itself was refused: nothing sent
            self._reset()
            return SendResult("refused" if e.smtp_code >= 500 else "failed", _reply(e.smtp_code, e.smtp_error))
        except (smtplib.SMTPServerDisconnected, OSError) as e:
            self.close()
            return SendResult("unknown", f"sambungan terputus saat pesan dikirim ({type(e).__name__})")
        if code == 250:
            return SendResult("sent")
        self._reset()
        return SendResult("refused" if code >= 500 else "failed", _reply(code, text))

    def _reset(self) -> None:
        try:
            if self.smtp is not None:
                self.smtp.rset()
        except (smtplib.SMTPException, OSError):
            self.close()


# --- files -------------------------------------------------------------------------------------

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_name(text: str) -> str:
    return _UNSAFE.sub("-", text).strip("-.")[:120] or "pesan"


def write_eml(msg: EmailMessage, path: Path) -> Path:
    """The message as an .eml file (opens in Outlook, Thunderbird, a browser's mail viewer)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_beside(path)
    tmp.write_bytes(msg.as_bytes())
    replace_file(tmp, path)
    return path


def archive_path(archive: Path, message_id: str) -> Path:
    """Where the copy of a sent message goes: archive/YYYY/MM/<Message-ID>.eml (from the id's stamp)."""
    m = re.search(r"\.(\d{4})(\d{2})\d{8}[.]", message_id)
    year, month = (m.group(1), m.group(2)) if m else ("lain", "lain")
    return Path(archive) / year / month / f"{safe_name(message_id.strip('<>'))}.eml"


# --- the local journal: what a run claimed, what it began to send -------------------------------
#
# A "mengirim" row alone cannot tell "the run stopped before trying" from "the run stopped while
# the server was taking it". So the run leaves positive evidence beside the archive: a
# `.claimed` file for each message it claims, an `.attempt` file just before the message goes
# to the server, and the archive copy once the server accepted it. A row with no evidence on
# this computer (another computer claimed it) stays for a human.

SENT_COPY, UNATTEMPTED, UNKNOWN = "sent", "unattempted", ""


def _pending(archive: Path, message_id: str, suffix: str) -> Path:
    return Path(archive) / "tertunda" / f"{safe_name(message_id.strip('<>'))}{suffix}"


def mark(archive: Path, message_id: str, what: Literal["claimed", "attempt"]) -> None:
    path = _pending(archive, message_id, f".{what}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(message_id + "\n", encoding="utf-8")


def unmark(archive: Path, message_id: str, *, attempt_only: bool = False) -> None:
    """Drop the journal of a message once recorded; `attempt_only` when the server surely did
    not take it (a refusal, no connection), so that it counts as never tried."""
    for suffix in (".attempt",) if attempt_only else (".claimed", ".attempt"):
        _pending(archive, message_id, suffix).unlink(missing_ok=True)


def archive_state(archive: Path, message_id: str) -> str:
    """SENT_COPY: the server accepted it; UNATTEMPTED: claimed here, never handed to the server;
    UNKNOWN: anything else (a human must look)."""
    if archive_path(archive, message_id).is_file():
        return SENT_COPY
    if _pending(archive, message_id, ".claimed").is_file() and not _pending(archive, message_id, ".attempt").is_file():
        return UNATTEMPTED
    return UNKNOWN
