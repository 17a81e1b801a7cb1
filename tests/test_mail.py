"""E-mail (`ppid kirim`, the step of `ppid run`) against a real SMTP server on 127.0.0.1.

The office below has four requests (hand-made, see `base`): Siti asked for her copy by e-mail
and the Kasubbag approved (2 letters: 001/TT receipt, 002/PT notice); Budi asked by e-mail but
is not approved yet (1 letter, 003/TT, waits); Citra came in person (1 letter, 004/TT, never
e-mailed); Dedi asked by e-mail, approved, no decision yet (1 letter, 005/TT). Numbers in
date order of the letters: 27-11 Siti, 30-11 Budi, 01-12 Citra, 02-12 Dedi, 11-12 Siti's notice
-> 001/TT, 002/TT, 003/TT, 004/TT, 005/PT. On 01-03-2027 three rows have no decision and are
overdue, so "Perlu Tindakan" is not empty and a digest is due; Laporan 2027-02 is made first.
"""

from __future__ import annotations

import io
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from automation.cli.main import main
from automation.rules.config import load_config
from sheets.excel import ExcelBackend
from sheets.layout import LETTERS, REQUESTS
from tests.conftest import REPO
from tests.letter_fixtures import REQUEST_FULL
from tests.office_config import example_with_officials
from tests.smtp_server import MailServer, self_signed

pytest.importorskip("aiosmtpd")
TODAY = "2027-03-01"
SENDER = "ppid@kpu-sarolangunkab.go.id"
KASUBBAG = "kasubbag@kpu-sarolangunkab.go.id"
SEKRETARIS = "sekretaris@kpu-sarolangunkab.go.id"

ROWS = [
    dict(REQUEST_FULL, supervised="Ya"),  # 001/PPID/XI/2026, Siti, copy by e-mail
    dict(REQUEST_FULL, number="002/PPID/XI/2026", received="30-11-2026", channel="Email", copy_method="",
         name="Budi Santoso", identity="1503010101850002", address="Jl. Pahlawan 9", phone="081300001111",
         email="budi@example.id", decision="", notice_date="", given_date="", supervised=""),
    dict(REQUEST_FULL, number="003/PPID/XII/2026", received="01-12-2026", channel="Datang Langsung",
         copy_method="Mengambil Langsung", name="Citra Lestari", identity="1503014404920003",
         address="Jl. Kenanga 3", phone="081322223333", email="citra@example.id", decision="", notice_date="",
         given_date="", supervised="Ya"),
    dict(REQUEST_FULL, number="004/PPID/XII/2026", received="02-12-2026", channel="Email", copy_method="",
         name="Dedi Kurniawan", identity="1503011203880004", address="Jl. Melati 7", phone="081344445555",
         email="dedi@example.id", decision="", notice_date="", given_date="", supervised="Ya"),
]
PERSONAL = [v for r in ROWS for v in (r["identity"], r["address"], r["phone"])]


def set_cells(register: Path, updates: dict[tuple[int, str], object]) -> None:
    """Type into the request rows the way a clerk would (row 2 is the first request)."""
    wb = openpyxl.load_workbook(register)
    ws = wb[REQUESTS.name]
    headers = [c.value for c in ws[1]]
    for (row, key), value in updates.items():
        ws.cell(row=row, column=headers.index(REQUESTS.header(key)) + 1, value=value)
    wb.save(register)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The office with its letters (and their PDFs, one LibreOffice run) and February's report."""
    office = tmp_path_factory.mktemp("kantor")
    text = example_with_officials()  # letters refuse the example's placeholder signatories
    (office / "config.toml").write_text(text.split("\n[email]")[0] + "\n", encoding="utf-8")
    cfg = ["--config", str(office / "config.toml")]
    assert main([*cfg, "init", str(office / "register-ppid.xlsx")]) == 0
    set_cells(office / "register-ppid.xlsx", {(n + 2, k): v for n, r in enumerate(ROWS) for k, v in r.items()})
    pdf = ["--pdf"] if shutil.which("soffice") else []
    assert main([*cfg, "notices", "--today", TODAY, *pdf]) == 0
    assert main([*cfg, "report", "--today", TODAY]) == 0
    return office


def office_with(base: Path, tmp_path: Path, **email: object) -> Path:
    office = tmp_path / "kantor"
    shutil.copytree(base, office)
    settings = {"enabled": True, "host": "127.0.0.1", "security": "none", "sender": SENDER,
                "sender_name": "PPID KPU Kabupaten Sarolangun", "kasubbag": KASUBBAG, "sekretaris": SEKRETARIS,
                "min_interval_seconds": 0, "backoff_seconds": 0.01, "timeout_seconds": 5, **email}
    lines = ["[email]"] + [f"{k} = {_toml(v)}" for k, v in settings.items()]
    with (office / "config.toml").open("a", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return office


def _toml(v: object) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return str(v)
    return '"' + str(v).replace("\\", "\\\\") + '"'


def kirim(office: Path, *args: str) -> int:
    return main(["--config", str(office / "config.toml"), "kirim", "--today", TODAY, *args])


def surat(office: Path) -> dict[str, dict[str, object]]:
    """The "Surat" tab by letter number (digest and report rows by their Jenis Surat)."""
    table = ExcelBackend(office / "register-ppid.xlsx").read().table(LETTERS.name)
    out = {}
    for rec in table.records(LETTERS):
        out[str(rec["number"] or rec["kind"])] = rec
    return out


def by_subject(server: MailServer) -> dict[str, object]:
    return {str(r.message["Subject"]): r for r in server.received}


needs_pdf = pytest.mark.libreoffice


@pytest.fixture(scope="module")
def cert(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return self_signed(tmp_path_factory.mktemp("tls"))


@needs_pdf
def test_starttls_and_login_deliver_digest_letters_and_report_once(base: Path, tmp_path: Path, cert, capsys,
                                                                    monkeypatch) -> None:
    monkeypatch.setenv("PPID_SMTP_PASSWORD", "rahasia")
    with MailServer("starttls", cert=cert, login=("ppid", "rahasia")) as server:
        office = office_with(base, tmp_path, port=server.port, security="starttls", user="ppid",
                             ca_file=str(cert[0]))
        assert kirim(office) == 0
        out = capsys.readouterr().out
        # digest + Siti's two letters + the report; Budi waits for approval, Citra came in person,
        # Dedi's receipt 004/TT went to dedi@ as well: 5 messages
        assert len(server.received) == 5, out
        assert server.handler.logins == ["ppid"]
        assert "1 surat menunggu Supervisi Kasubbag" in out
        assert not any(a in out for a in ("siti@", "dedi@", "Siti", "Dedi"))  # no personal data in the output
        mails = {r.rcpt_tos[0]: [] for r in server.received}
        for r in server.received:
            assert r.mail_from == SENDER
            mails[r.rcpt_tos[0]].append(r.message)
        assert sorted(mails) == sorted(["siti@example.id", "dedi@example.id", KASUBBAG, SEKRETARIS])

        # the digest: HTML and text, most urgent first, no NIK/phone/address
        digest = mails[KASUBBAG][0]
        assert digest["Subject"].startswith("[PPID] Perlu tindakan Sen 01-03-2027: 3 baris, 3 terlambat")
        assert digest["From"] == f"PPID KPU Kabupaten Sarolangun <{SENDER}>" and digest["Auto-Submitted"]
        text = digest.get_body(("plain",)).get_content().replace("\r\n", "\n")
        html = digest.get_body(("html",)).get_content()
        # 3 overdue rows: Budi (received 30-11), Citra (01-12), Dedi (02-12); due 14-12, 15-12, 16-12
        order = [text.index(n) for n in ("002/PPID/XI/2026", "003/PPID/XII/2026", "004/PPID/XII/2026")]
        assert order == sorted(order)
        assert "Budi Santoso" in text and "Budi Santoso" in html and "<table" in html
        raw = b"".join(r.raw for r in server.received if KASUBBAG in r.rcpt_tos).decode("utf-8", "replace")
        for value in PERSONAL + ["siti@example.id", "budi@example.id"]:
            assert value not in text and value not in html and value not in raw

        # Siti's notice: body = its plain-text copy, the PDF holds the letter's number
        notice = next(m for m in mails["siti@example.id"] if "002/PT" in m["Subject"] or "005/PT" in m["Subject"])
        number = notice["X-PPID-Nomor-Surat"]
        assert number == "005/PT/PPID/XII/2026"
        assert notice["To"].addresses[0].addr_spec == "siti@example.id"
        assert notice["To"].addresses[0].display_name == "Siti Rahmawati"
        body = notice.get_body(("plain",)).get_content().replace("\r\n", "\n")
        txt = (office / "surat/2026/12/005-PT-PPID-XII-2026_pemberitahuan.txt").read_text(encoding="utf-8")
        assert txt.strip()[:200] in body
        (pdf,) = list(notice.iter_attachments())
        assert pdf.get_content_type() == "application/pdf"
        assert pdf.get_filename() == "005-PT-PPID-XII-2026_pemberitahuan.pdf"
        pages = PdfReader(io.BytesIO(pdf.get_content())).pages
        assert number in "".join(p.extract_text() for p in pages)

        # the report: letter and workbook for the Sekretaris
        report = mails[SEKRETARIS][0]
        assert sorted(a.get_filename() for a in report.iter_attachments()) == ["Laporan-2027-02.docx",
                                                                                "Laporan-2027-02.xlsx"]
        # recorded in "Surat": address, Message-ID as received, status
        rows = surat(office)
        for num, to in (("001/TT/PPID/XI/2026", "siti@example.id"), ("005/PT/PPID/XII/2026", "siti@example.id"),
                        ("004/TT/PPID/XII/2026", "dedi@example.id")):
            assert rows[num]["send_status"] == "terkirim" and rows[num]["sent_to"] == to
        assert rows["005/PT/PPID/XII/2026"]["message_id"] == notice["Message-ID"]
        assert not rows["002/TT/PPID/XI/2026"]["send_status"]  # Budi: waiting for approval
        assert not rows["003/TT/PPID/XII/2026"]["send_status"]  # Citra: came in person
        assert rows["Ringkasan Harian"]["message_id"] == digest["Message-ID"]
        assert rows["Laporan 2027-02"]["send_status"] == "terkirim"

        # second run: nothing new, nothing sent
        assert kirim(office) == 0
        again = capsys.readouterr().out
        assert len(server.received) == 5
        assert "tidak ada yang baru" in again and "Tidak ada email untuk dikirim." in again

        # the Kasubbag approves Budi: his receipt goes, once; the digest is unchanged, so not sent
        set_cells(office / "register-ppid.xlsx", {(3, "supervised"): "Ya"})
        assert kirim(office) == 0
        assert [r.rcpt_tos for r in server.received[5:]] == [["budi@example.id"]]


def test_plain_server_digest_only_and_the_daily_run_step(base: Path, tmp_path: Path, capsys) -> None:
    with MailServer("plain") as server:
        office = office_with(base, tmp_path, port=server.port, letters=False, reports=False)
        cfg = ["--config", str(office / "config.toml")]
        assert main([*cfg, "run", "--today", TODAY]) in (0, 1)  # 1: overdue rows need the Kasubbag
        out = capsys.readouterr().out
        assert "Email: 1 terkirim (ringkasan 1)" in out
        assert [r.rcpt_tos for r in server.received] == [[KASUBBAG]]
        main([*cfg, "run", "--today", TODAY])
        assert "Email: 0 terkirim" in capsys.readouterr().out and len(server.received) == 1


def test_implicit_tls_with_the_office_ca(base: Path, tmp_path: Path, cert) -> None:
    with MailServer("ssl", cert=cert) as server:
        office = office_with(base, tmp_path, port=server.port, security="ssl", ca_file=str(cert[0]),
                             letters=False)
        assert kirim(office) == 0
        assert sorted(r.rcpt_tos[0] for r in server.received) == [KASUBBAG, SEKRETARIS]


def _no_claim(office: Path) -> None:
    assert not any(r["send_status"] for r in surat(office).values())


@pytest.mark.parametrize("case", ["refused", "auth", "untrusted", "tls-on-plain", "timeout", "starttls-missing"])
def test_every_smtp_failure_is_one_indonesian_message_and_exit_3(base: Path, tmp_path: Path, cert, case, capsys,
                                                                  monkeypatch) -> None:
    monkeypatch.setenv("PPID_SMTP_PASSWORD", "salah")
    expected = {
        "refused": "menolak sambungan", "auth": "menolak login", "untrusted": "tidak dapat diverifikasi",
        "tls-on-plain": "Sambungan aman (TLS)", "timeout": "tidak menjawab dalam 0.5 detik",
        "starttls-missing": "tidak menawarkan STARTTLS",
    }[case]
    silent = None
    if case == "timeout":  # accepts the connection (backlog) and never greets
        import socket

        silent = socket.socket()
        silent.bind(("127.0.0.1", 0))
        silent.listen(5)
    server = {
        "refused": None, "timeout": None,
        "auth": MailServer("starttls", cert=cert, login=("ppid", "rahasia")),
        "untrusted": MailServer("starttls", cert=cert),
        "tls-on-plain": MailServer("plain"),
        "starttls-missing": MailServer("plain"),
    }[case]
    try:
        if server is not None:
            server.__enter__()
        port = server.port if server else (silent.getsockname()[1] if silent else _closed_port())
        settings = {"refused": {}, "timeout": {"timeout_seconds": 0.5},
                    "auth": {"security": "starttls", "user": "ppid", "ca_file": str(cert[0])},
                    "untrusted": {"security": "starttls"},
                    "tls-on-plain": {"security": "ssl"}, "starttls-missing": {"security": "starttls"}}[case]
        office = office_with(base, tmp_path, port=port, letters=False, **settings)
        assert kirim(office) == 3
        err = capsys.readouterr().err
        assert expected in err and "Traceback" not in err
        assert err.startswith("Gagal: ") and err.count("\n") == 1  # one message, one line
        _no_claim(office)
        if server is not None:
            assert server.received == []
    finally:
        if server is not None:
            server.__exit__()
        if silent is not None:
            silent.close()


def _closed_port() -> int:
    from tests.smtp_server import free_port

    return free_port()  # nothing listens there any more


def test_password_never_from_config(base: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.delenv("PPID_SMTP_PASSWORD", raising=False)
    office = office_with(base, tmp_path, port=25, user="ppid", password="rahasia")
    assert kirim(office) == 2
    assert "kata sandi email tidak boleh ditulis di config.toml" in capsys.readouterr().err
    office2 = office_with(base, tmp_path / "b", port=25, user="ppid")
    assert kirim(office2) == 2
    assert "PPID_SMTP_PASSWORD" in capsys.readouterr().err


@needs_pdf
def test_a_refused_address_does_not_stop_the_others_and_busy_is_retried(base: Path, tmp_path: Path, capsys) -> None:
    with MailServer("plain") as server:
        office = office_with(base, tmp_path, port=server.port, digest=False, reports=False, retries=3)
        server.handler.refuse.add("dedi@example.id")
        server.handler.busy["siti@example.id"] = 2  # 451 twice, then accepted
        assert kirim(office) == 1
        out = capsys.readouterr().out
        # Siti's two letters arrive (each RCPT: the first one twice refused for now); Dedi's is refused
        assert [r.rcpt_tos for r in server.received] == [["siti@example.id"], ["siti@example.id"]]
        assert server.handler.rcpt_attempts == {"siti@example.id": 4, "dedi@example.id": 1}
        assert "dedi@" not in out and "Gagal: 004/TT/PPID/XII/2026" in out
        rows = surat(office)
        assert str(rows["004/TT/PPID/XII/2026"]["send_status"]).startswith("ditolak: server menjawab 550")
        assert "dedi@" not in str(rows["004/TT/PPID/XII/2026"]["send_status"])
        # next run: not tried again while the address is the same; a finding says what to do
        assert kirim(office) == 1
        assert "[EML-005]" in capsys.readouterr().out and server.handler.rcpt_attempts["dedi@example.id"] == 1
        # the clerk corrects the address: sent
        set_cells(office / "register-ppid.xlsx", {(5, "email"): "dedi.k@example.id"})
        assert kirim(office) == 0
        assert server.received[-1].rcpt_tos == ["dedi.k@example.id"]


@needs_pdf
def test_register_locked_between_send_and_record_is_reconciled_from_the_archive(base: Path, tmp_path: Path,
                                                                              capsys) -> None:
    with MailServer("plain") as server:
        office = office_with(base, tmp_path, port=server.port, digest=False, reports=False)
        lock = office / ".~lock.register-ppid.xlsx#"
        server.handler.on_data = lambda _msg: lock.write_text("x")  # a clerk opens the register meanwhile
        assert kirim(office) == 3
        assert "dibuka" in capsys.readouterr().err or lock.exists()
        rows = surat(office)
        sending = {n for n, r in rows.items() if r["send_status"] == "mengirim"}
        assert sending == {"001/TT/PPID/XI/2026", "005/PT/PPID/XII/2026", "004/TT/PPID/XII/2026"}
        assert len(server.received) == 3
        lock.unlink()
        server.handler.on_data = None
        assert kirim(office) == 0
        assert len(server.received) == 3  # nothing sent twice
        assert {n for n, r in surat(office).items() if r["send_status"] == "terkirim (dipulihkan dari arsip)"} == sending


@needs_pdf
def test_killed_while_the_server_accepts_is_left_for_a_human_never_sent_twice(base: Path, tmp_path: Path,
                                                                             capsys) -> None:
    with MailServer("plain") as server:
        office = office_with(base, tmp_path, port=server.port, digest=False, reports=False)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
        proc = subprocess.Popen([sys.executable, "-m", "automation", "--config", str(office / "config.toml"),
                                 "kirim", "--today", TODAY], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        server.handler.on_data = lambda _msg: os.kill(proc.pid, signal.SIGKILL)  # the crash: before the 250 reply
        proc.communicate(timeout=120)
        assert proc.returncode == -signal.SIGKILL
        server.handler.on_data = None
        (first,) = server.received  # the server took the first letter
        number = first.message["X-PPID-Nomor-Surat"]
        rows = surat(office)
        assert rows[number]["send_status"] == "mengirim" and rows[number]["message_id"] == first.message["Message-ID"]
        # rerun: the unconfirmed letter is listed for a human and not sent again; the others go
        assert kirim(office) == 1
        out = capsys.readouterr().out
        assert "[EML-001]" in out and number in out
        assert [r.message["X-PPID-Nomor-Surat"] for r in server.received].count(number) == 1
        assert len(server.received) == 3
        assert kirim(office) == 1 and len(server.received) == 3
        # the clerk checked the sent folder: recorded, and the next run is clean
        assert kirim(office, "--sudah-terkirim", number) == 0
        assert surat(office)[number]["send_status"] == "terkirim (dikonfirmasi petugas)"
        assert kirim(office) == 0 and len(server.received) == 3


@needs_pdf
def test_resend_after_a_human_look(base: Path, tmp_path: Path, capsys) -> None:
    with MailServer("plain") as server:
        office = office_with(base, tmp_path, port=server.port, digest=False, reports=False)
        assert kirim(office) == 0 and len(server.received) == 3
        assert kirim(office, "--kirim-ulang", "004/TT/PPID/XII/2026") == 0
        assert [r.rcpt_tos for r in server.received[3:]] == [["dedi@example.id"]]


def test_dry_run_writes_eml_files_and_nothing_else(base: Path, tmp_path: Path, capsys) -> None:
    office = office_with(base, tmp_path, port=_closed_port(), enabled=False, letters=False)
    register = office / "register-ppid.xlsx"
    before = register.read_bytes()
    assert kirim(office, "--dry-run") == 0
    out = capsys.readouterr().out
    files = sorted((office / "kirim-uji").rglob("*.eml"))
    assert [f.name for f in files] == ["01-ringkasan.eml", "02-laporan-Laporan-2027-02.eml"]
    assert register.read_bytes() == before and "tidak ada email dikirim" in out
    import email
    from email import policy

    msg = email.message_from_bytes(files[0].read_bytes(), policy=policy.default)
    assert msg["To"].addresses[0].addr_spec == KASUBBAG and msg.get_body(("html",)) is not None
    # sending is off: the real command says so and sends nothing
    assert kirim(office) == 0 and "tidak aktif" in capsys.readouterr().out


def test_config_email_section() -> None:
    cfg = load_config(REPO / "automation/data/config.toml")
    assert cfg.email.enabled is False and cfg.email.security == "starttls" and cfg.email.port == 587
    assert cfg.email.password_env == "PPID_SMTP_PASSWORD"


@needs_pdf
def test_objection_letters_go_to_the_requester_who_asked_by_email(base: Path, tmp_path: Path) -> None:
    from sheets.layout import OBJECTIONS
    from tests.letter_fixtures import OBJECTION_FULL

    with MailServer("plain") as server:
        office = office_with(base, tmp_path, port=server.port, digest=False, reports=False)
        wb = openpyxl.load_workbook(office / "register-ppid.xlsx")
        ws = wb[OBJECTIONS.name]
        headers = [c.value for c in ws[1]]
        for key, value in dict(OBJECTION_FULL, email="siti.keberatan@example.id").items():
            ws.cell(row=2, column=headers.index(OBJECTIONS.header(key)) + 1, value=value)
        wb.save(office / "register-ppid.xlsx")
        cfg = ["--config", str(office / "config.toml")]
        assert main([*cfg, "notices", "--today", TODAY, "--pdf", "--kind", "tanda-terima-keberatan",
                     "--kind", "tanggapan-keberatan"]) == 0
        assert kirim(office) == 0
        # Siti's two letters and Dedi's receipt, then the objection's receipt (06-01-2027) and the Atasan
        # PPID's answer (12-01-2027), to the address on the objection. Numbers run per year: February's
        # report, made first (01-03-2027), took 001/ND/PPID/III/2027 for its cover letter (issue 13), so
        # these are 002/TTK and 003/TAK.
        got = {r.message["X-PPID-Nomor-Surat"]: r.rcpt_tos for r in server.received}
        assert got == {"001/TT/PPID/XI/2026": ["siti@example.id"], "005/PT/PPID/XII/2026": ["siti@example.id"],
                       "004/TT/PPID/XII/2026": ["dedi@example.id"],
                       "002/TTK/PPID/I/2027": ["siti.keberatan@example.id"],
                       "003/TAK/PPID/I/2027": ["siti.keberatan@example.id"]}
        from sheets.excel import ExcelBackend
        from sheets.layout import LETTERS

        surat = ExcelBackend(office / "register-ppid.xlsx").read().table(LETTERS.name).rows
        assert ("001/ND/PPID/III/2027", "Nota Dinas Laporan") in {(r[0], r[1]) for r in surat}
