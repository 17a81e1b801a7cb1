"""The mail job's parts on their own: pacing and retries against a real server, a connection
lost while the server takes a message, the digest's scrubbing, the guard on the "Surat" tab."""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage

import pytest

from automation.mail.compose import build_message, digest_fingerprint, is_address, new_message_id
from automation.mail.digest import build_digest, digest_html, digest_text, scrub
from automation.mail.transport import SmtpTransport
from automation.rules.actions import Action
from automation.rules.config import EmailConfig
from sheets.errors import StaffCellWrite
from sheets.layout import ACTIONS, LETTERS
from sheets.memory import MemoryBackend
from sheets.model import CellWrite, WriteSet
from tests.smtp_server import MailServer

pytest.importorskip("aiosmtpd")
NOW = dt.datetime(2027, 3, 1, 7, 30)


def _cfg(port: int, **kw: object) -> EmailConfig:
    return EmailConfig(enabled=True, host="127.0.0.1", port=port, security="none", sender="ppid@kantor.go.id",
                       timeout_seconds=5, **kw)  # type: ignore[arg-type]


def _msg(cfg: EmailConfig, to: str) -> EmailMessage:
    return build_message(cfg, to=to, subject="Uji", text="Isi", message_id=new_message_id("uji", NOW, cfg.sender),
                         date=NOW)


class Clock:
    """Time that moves only when slept: the pacing and the backoff are counted, not waited."""

    def __init__(self) -> None:
        self.t = 0.0
        self.slept: list[float] = []

    def sleep(self, s: float) -> None:
        self.slept.append(round(s, 3))
        self.t += s

    def now(self) -> float:
        return self.t


def test_pacing_and_backoff_are_bounded_and_counted() -> None:
    with MailServer("plain") as server:
        cfg = _cfg(server.port, min_interval_seconds=5, retries=3, backoff_seconds=1.5)
        server.handler.busy["a@contoh.id"] = 2  # 451, 451, then 250
        server.handler.busy["b@contoh.id"] = 9  # always busy: gives up after 3 retries
        clock = Clock()
        t = SmtpTransport(cfg, None, sleep=clock.sleep, clock=clock.now)
        with t:
            assert t.send(_msg(cfg, "a@contoh.id"), "a@contoh.id").state == "sent"
            result = t.send(_msg(cfg, "b@contoh.id"), "b@contoh.id")
            assert t.send(_msg(cfg, "c@contoh.id"), "c@contoh.id").state == "sent"
        assert result.state == "failed" and "451" in result.why
        # a: backoff 1.5 then 3.0 (doubling), 4.5 s in all; b: paced 5 - 4.5 = 0.5, then 1.5, 3.0, 6.0
        # and gives up after 3 retries; c: 10.5 s since b began, more than 5: no wait
        assert clock.slept == [1.5, 3.0, 0.5, 1.5, 3.0, 6.0]
        assert server.handler.rcpt_attempts == {"a@contoh.id": 3, "b@contoh.id": 4, "c@contoh.id": 1}
        assert [r.rcpt_tos for r in server.received] == [["a@contoh.id"], ["c@contoh.id"]]


def test_connection_lost_while_the_server_takes_the_message_is_unknown() -> None:
    with MailServer("plain") as server:
        cfg = _cfg(server.port, min_interval_seconds=0, retries=3, backoff_seconds=0)
        server.handler.drop_on_data = True
        with SmtpTransport(cfg, None) as t:
            result = t.send(_msg(cfg, "a@contoh.id"), "a@contoh.id")
        assert result.state == "unknown"  # never "failed": that would send it again
        assert len(server.received) == 1  # the server did take it


def test_digest_scrubs_and_escapes_what_staff_typed() -> None:
    action = Action(0, "Permohonan", "001/PPID/XI/2026", 2, ("TERLAMBAT",),
                    "Hubungi 0812-3456-7890 atau siti@contoh.id; NIK 1503014507900001; batas Rab 19-08-2026",
                    dt.date(2026, 8, 19), -3, "Rina <b>")
    d = build_digest([action], {("Permohonan", "001/PPID/XI/2026"): "<script>x</script> Siti"}, dt.date(2027, 3, 1))
    text, html = digest_text(d, "Yth. Kasubbag,", "KPU"), digest_html(d, "Yth. Kasubbag,", "KPU")
    for secret in ("0812-3456-7890", "siti@contoh.id", "1503014507900001"):
        assert secret not in text and secret not in html
    assert "19-08-2026" in text  # a date is not a phone number
    assert "<script>" not in html and "&lt;script&gt;" in html and "Rina &lt;b&gt;" in html
    assert "terlambat 3 hari kerja" in text
    assert scrub("a\nb\u202ec") == "a b c"


def test_digest_keeps_each_thing_to_do_apart() -> None:
    """Two lines of "Tindakan" in "Perlu Tindakan" (one per line in the cell) read as two in the
    e-mail, not as one run-on sentence."""
    action = Action(0, "Permohonan", "002/PPID/VIII/2026", 3, ("TERLAMBAT",),
                    "Segera kirim pemberitahuan tertulis (batas sudah lewat)\n"
                    "Perbaiki Tanggal Pemberitahuan Tertulis: tulis tahun 4 digit",
                    dt.date(2026, 8, 18), -72, "Rina")
    text = digest_text(build_digest([action], {}, dt.date(2026, 11, 29)), "Yth. Kasubbag,", "KPU")
    assert ("Tindakan: Segera kirim pemberitahuan tertulis (batas sudah lewat); "
            "Perbaiki Tanggal Pemberitahuan Tertulis: tulis tahun 4 digit") in text


def test_digest_fingerprint_rides_in_the_message_id() -> None:
    a = Action(0, "Permohonan", "001", 2, ("TERLAMBAT",), "x", None, -1)
    b = Action(1, "Keberatan", "002", 3, ("JATUH TEMPO",), "y", None, 1)
    d1 = build_digest([a, b], {}, dt.date(2027, 3, 1))
    d2 = build_digest([b, a], {}, dt.date(2027, 3, 2))  # order and days aside, the same rows and flags
    d3 = build_digest([a], {}, dt.date(2027, 3, 2))
    assert d1.fingerprint == d2.fingerprint != d3.fingerprint
    mid = new_message_id("ringkasan", NOW, "ppid@kantor.go.id", d1.fingerprint)
    assert digest_fingerprint(mid) == d1.fingerprint and mid.endswith("@kantor.go.id>")
    assert digest_fingerprint(new_message_id("surat", NOW, "ppid@kantor.go.id")) == ""


def test_addresses_we_send_to() -> None:
    assert is_address("nama.orang+ppid@contoh.co.id")
    for bad in ("", "nama", "a@b", "a@b.id, c@d.id", "a@b.id\nBcc: x@y.id", "Nama <a@b.id>", "nama@contoh.id."):
        assert not is_address(bad), bad


def test_a_name_cannot_add_a_header() -> None:
    cfg = _cfg(25)
    msg = build_message(cfg, to="a@contoh.id", to_name="Siti\r\nBcc: x@evil.id", subject="S\nBcc: y@evil.id",
                        text="t", message_id="<m@x>", date=NOW)
    assert msg["Bcc"] is None and b"\nBcc:" not in msg.as_bytes()


def test_guard_lets_the_toolkit_write_sending_cells_of_surat_but_no_other_toolkit_tab() -> None:
    be = MemoryBackend({LETTERS.name: [list(LETTERS.headers), ["001/TT/PPID/XI/2026", "Tanda Bukti Permohonan"]],
                        ACTIONS.name: [list(ACTIONS.headers), [0, "Permohonan", "001"]]})
    snap = be.read()
    match = ((LETTERS.header("number"), "001/TT/PPID/XI/2026"),)
    be.write(snap, WriteSet(cells=[CellWrite(LETTERS.name, 2, LETTERS.header("send_status"), "mengirim", match)]))
    assert be.tabs[LETTERS.name][1][LETTERS.headers.index("Status Kirim")] == "mengirim"
    with pytest.raises(StaffCellWrite):
        be.write(be.read(), WriteSet(cells=[CellWrite(ACTIONS.name, 2, "Tindakan", "x")]))


def test_sending_records_on_every_backend_of_a_register_made_before_them(make_backend) -> None:
    """An older "Surat" tab (six columns): the claim adds the sending columns, appends the
    digest's row, marks the letter's row; the outcome finds both rows again by Message-ID."""
    from automation.mail.records import claim_letter, claim_row, claims, missing_columns, outcome_writes, read_records

    kind, make = make_backend
    old = [h for h in LETTERS.headers if h not in ("Dikirim", "Dikirim Kepada", "Message-ID", "Status Kirim")]
    assert len(old) == 6
    backend = make({LETTERS.name: [old, ["001/TT/PPID/XI/2026", "Tanda Bukti Permohonan", "27-11-2026",
                                         "001/PPID/XI/2026", "", "27-11-2026 08:00"],
                                   ["002/PT/PPID/XII/2026", "Pemberitahuan Tertulis", "11-12-2026",
                                    "001/PPID/XI/2026", "", "11-12-2026 08:00"]]})
    snap = backend.read()
    (first, second) = read_records(snap)
    writes = missing_columns(snap)
    writes.extend(claims(claim_letter(second, "siti@contoh.id", "<s@x>", NOW),
                         [claim_row("Ringkasan Harian", NOW.date(), "kasubbag@contoh.id", "<r@x>", NOW)]))
    backend.write(snap, writes)
    snap = backend.read()
    rows = read_records(snap)
    assert [(r.number, r.label, r.sent_to, r.message_id, r.status) for r in rows] == [
        ("001/TT/PPID/XI/2026", "Tanda Bukti Permohonan", "", "", ""),
        ("002/PT/PPID/XII/2026", "Pemberitahuan Tertulis", "siti@contoh.id", "<s@x>", "mengirim"),
        ("", "Ringkasan Harian", "kasubbag@contoh.id", "<r@x>", "mengirim"),
    ]
    later = NOW + dt.timedelta(minutes=1)
    backend.write(snap, WriteSet(cells=outcome_writes("<s@x>", "terkirim", later) + outcome_writes("<r@x>", "gagal: x", later)))
    rows = read_records(backend.read())
    assert [r.state for r in rows] == ["", "terkirim", "gagal"] and rows[1].sent == "01-03-2027 07:31"

