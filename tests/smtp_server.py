"""A real SMTP server for the mail tests (aiosmtpd on 127.0.0.1), and a self-signed certificate.

`MailServer` collects what it receives (envelope and raw bytes) and can be told to answer as
real servers do when things go wrong: refuse a recipient for good (550), ask to try later a
few times (451), or run a callback while a message is being accepted (to simulate a crash
right after the server took it).
"""

from __future__ import annotations

import datetime as dt
import email
import ipaddress
import socket
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def self_signed(folder: Path) -> tuple[Path, Path]:
    """cert.pem and key.pem for 127.0.0.1/localhost, made with the `cryptography` package."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=2))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                    x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    raw: bytes

    @property
    def message(self) -> EmailMessage:
        return email.message_from_bytes(self.raw, policy=policy.default)  # type: ignore[return-value]


@dataclass
class Handler:
    received: list[Received] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)  # 550 for these recipients
    busy: dict[str, int] = field(default_factory=dict)  # 451 this many times, then accept
    rcpt_attempts: dict[str, int] = field(default_factory=dict)
    on_data: Callable[[Received], None] | None = None
    drop_on_data: bool = False  # take the message, then hang up before answering
    logins: list[str] = field(default_factory=list)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        self.rcpt_attempts[address] = self.rcpt_attempts.get(address, 0) + 1
        if address in self.refuse:
            return "550 5.1.1 <" + address + ">: Recipient address rejected: User unknown"
        if self.busy.get(address, 0) > 0:
            self.busy[address] -= 1
            return "451 4.7.1 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        got = Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content or envelope.content)
        self.received.append(got)
        if self.on_data is not None:
            self.on_data(got)
        if self.drop_on_data:
            server.transport.close()
            return "421 closing"
        return "250 2.0.0 Message accepted for delivery"


class MailServer:
    """`with MailServer(...) as s:` a server on 127.0.0.1:s.port; mode "plain", "starttls" or "ssl"."""

    def __init__(self, mode: str = "plain", *, cert: tuple[Path, Path] | None = None,
                 login: tuple[str, str] | None = None) -> None:
        self.handler = Handler()
        self.port = free_port()
        kwargs: dict = {}
        context = None
        if cert is not None:
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(str(cert[0]), str(cert[1]))
        if mode == "starttls":
            kwargs.update(tls_context=context, require_starttls=True)
        elif mode == "ssl":
            kwargs.update(ssl_context=context)
        if login is not None:
            kwargs.update(authenticator=self._authenticator(login), auth_required=True,
                          auth_require_tls=mode != "plain")
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port, **kwargs)

    def _authenticator(self, login: tuple[str, str]):
        def check(server, session, envelope, mechanism, auth_data):
            if isinstance(auth_data, LoginPassword):
                self.handler.logins.append(auth_data.login.decode())
                if (auth_data.login.decode(), auth_data.password.decode()) == login:
                    return AuthResult(success=True)
            return AuthResult(success=False, handled=False)
        return check

    @property
    def received(self) -> list[Received]:
        return self.handler.received

    def __enter__(self) -> MailServer:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()
