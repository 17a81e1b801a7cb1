"""`ppid kirim`: e-mail the Kasubbag's digest, issued letters to requesters who asked by e-mail,
and last month's report to the Sekretaris (and `kirim_step` for `ppid run`).

Order, so that nothing is ever sent twice: plan (automation.mail.outbox), connect and log in
(a server that cannot be used stops the run before anything is claimed), claim every message
in the "Surat" tab ("mengirim" + the Message-ID, one register write), send each one (a copy
goes to the archive the moment the server accepts it), record the outcomes (one more write).
A run that stops in between leaves "mengirim" rows that the next run reconciles from the
archive or lists for a human (EML-001). `--dry-run` writes the messages as .eml files to
`[email] dry_run_folder` instead, sends nothing, writes nothing to the register.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field, replace
from email.message import EmailMessage
from pathlib import Path

import click

from automation.cli.check_cmd import append_log
from automation.cli.common import AppContext, StepOutcome, get_ctx, open_backend, register_option, today_option
from automation.letters.pdf import convert_to_pdf
from automation.letters.render import docx_text
from automation.mail import findings as F
from automation.mail.compose import new_message_id
from automation.mail.messages import digest_message, letter_message, report_message
from automation.mail.outbox import Outbox, ReportDue, plan_outbox
from automation.mail.records import (
    DIGEST_LABEL,
    FAILED,
    REFUSED,
    SENT,
    SendRecord,
    claim_letter,
    claim_row,
    claims,
    missing_columns,
    outcome_writes,
)
from automation.mail.transport import (
    MailError,
    SmtpTransport,
    archive_path,
    archive_state,
    mark,
    password_for,
    safe_name,
    unmark,
    write_eml,
)
from automation.rules.config import Config
from automation.rules.errors import EXIT_FINDINGS, EXIT_OK, EXIT_REGISTER
from automation.rules.findings import Finding
from sheets.checks import require_headers
from sheets.layout import LETTERS, REQUESTS
from sheets.model import Snapshot, WriteSet

WHAT = ("ringkasan", "surat", "laporan")


@dataclass(frozen=True)
class Message:
    what: str  # "ringkasan" | "surat" | "laporan"
    line: str  # for the output: no address, no name
    to: str
    message: EmailMessage
    message_id: str
    file_stem: str  # for the .eml file of a dry run
    record: SendRecord | None = None  # a letter's "Surat" row; None: a row of its own, "Jenis Surat" = label
    label: str = ""


@dataclass
class KirimOutcome:
    outbox: Outbox
    sent: list[Message] = field(default_factory=list)
    failed: list[tuple[Message, str]] = field(default_factory=list)
    unknown: list[Message] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)  # .eml files of a dry run
    error: MailError | None = None
    disabled: bool = False

    @property
    def code(self) -> int:
        if self.error is not None:
            return EXIT_REGISTER
        if self.failed or self.unknown or any(f.severity == "error" for f in self.findings):
            return EXIT_FINDINGS
        return EXIT_OK


def reports_due(cfg: Config, snapshot: Snapshot, today: dt.date) -> list[ReportDue]:
    """Last month's report (and in January last year's), once its tab is in the register and
    its files are in [output] reports: the letter (its PDF when made) and the workbook."""
    from automation.reports.figures import Period
    from automation.reports.tab import title_of

    periods = [Period.previous_month(today)] + ([Period.year(today.year - 1)] if today.month == 1 else [])
    out = []
    for period in periods:
        if snapshot.table(period.tab_name) is None:
            continue
        stem = Path(cfg.output.reports) / period.tab_name.replace(" ", "-")
        letter = stem.with_suffix(".pdf") if stem.with_suffix(".pdf").is_file() else stem.with_suffix(".docx")
        out.append(ReportDue(period.tab_name, title_of(period), period.end, (letter, stem.with_suffix(".xlsx"))))
    return out


def _only(cfg: Config, only: tuple[str, ...]) -> Config:
    if not only:
        return cfg
    email = replace(cfg.email, digest=cfg.email.digest and "ringkasan" in only,
                    letters=cfg.email.letters and "surat" in only, reports=cfg.email.reports and "laporan" in only)
    return replace(cfg, email=email)


def _messages(outbox: Outbox, cfg: Config, now: dt.datetime, findings: list[Finding]) -> list[Message]:
    """Every message of the plan, Message-IDs made now; letters without a PDF are left out."""
    sender = cfg.email.sender or "ppid@ppid.invalid"
    out: list[Message] = []
    if outbox.digest is not None:
        mid = new_message_id("ringkasan", now, sender, outbox.digest.fingerprint)
        out.append(Message("ringkasan", f"Ringkasan harian ({len(outbox.digest.items)} baris) untuk Kasubbag",
                           cfg.email.kasubbag, digest_message(outbox.digest, cfg, mid, now), mid, "ringkasan",
                           label=DIGEST_LABEL))
    need_pdf = [d.docx for d in outbox.letters if not d.pdf.is_file()]
    problems: dict[Path, str] = {}
    if need_pdf:
        result = convert_to_pdf(need_pdf)
        for docx in result.failed:
            problems[docx] = result.messages[0] if result.messages else "LibreOffice gagal"
    for due in outbox.letters:
        if due.docx in problems or not due.pdf.is_file():
            findings.append(F.finding(F.NO_PDF, LETTERS.name, due.record.row, "", number=due.record.number,
                                      why=problems.get(due.docx, "berkas PDF tidak ada")[:200]))
            continue
        text = due.txt.read_text(encoding="utf-8") if due.txt.is_file() else docx_text(due.docx)
        mid = new_message_id("surat", now, sender)
        out.append(Message("surat", f"{due.line()} (surat untuk pemohon)", due.to,
                           letter_message(due, cfg, text, due.pdf.read_bytes(), mid, now), mid,
                           f"surat-{safe_name(due.record.number)}", record=due.record))
    for report in outbox.reports:
        mid = new_message_id("laporan", now, sender)
        out.append(Message("laporan", f"{report.label} untuk Sekretaris", cfg.email.sekretaris,
                           report_message(report, cfg, mid, now), mid, f"laporan-{safe_name(report.label)}",
                           label=report.label))
    return out


def perform_kirim(app: AppContext, cfg: Config, today: dt.date, *, dry_run: bool = False, only: tuple[str, ...] = (),
                  resend: tuple[str, ...] = (), confirm: tuple[str, ...] = ()) -> KirimOutcome:
    cfg = _only(cfg, only)
    backend = open_backend(cfg)
    snapshot = backend.read()
    require_headers(snapshot, REQUESTS)
    now = app.now()
    actions = []
    if cfg.email.digest:
        from automation.check.job import run_check

        actions = run_check(snapshot, cfg, today, now).actions
    reports = reports_due(cfg, snapshot, today) if cfg.email.reports else []
    outbox = plan_outbox(snapshot, cfg, today, now, actions=actions, reports=reports,
                         archive_state=lambda mid: archive_state(cfg.email.archive, mid),
                         resend=resend, confirm=confirm)
    outcome = KirimOutcome(outbox, findings=list(outbox.findings))
    if not dry_run and not cfg.email.enabled:
        outcome.disabled = True
        return outcome
    messages = _messages(outbox, cfg, now, outcome.findings)
    if dry_run:
        folder = Path(cfg.email.dry_run_folder) / now.strftime("%Y%m%d-%H%M%S")
        for n, m in enumerate(messages, 1):
            outcome.files.append(write_eml(m.message, folder / f"{n:02d}-{m.file_stem}.eml"))
        return outcome
    if not messages:
        if outbox.writes:
            backend.write(snapshot, outbox.writes)
        for mid in outbox.stale:
            unmark(cfg.email.archive, mid)
        return outcome

    transport = SmtpTransport(cfg.email, password_for(cfg.email))
    transport.open()  # MailError: nothing claimed, nothing sent
    try:
        claimed = WriteSet()
        claimed.extend(missing_columns(snapshot))
        claimed.extend(outbox.writes)
        letter_cells, rows = [], []
        for m in messages:
            if m.record is not None:
                letter_cells += claim_letter(m.record, m.to, m.message_id, now)
            else:
                rows.append(claim_row(m.label, today, m.to, m.message_id, now))
        claimed.extend(claims(letter_cells, rows))
        archive = cfg.email.archive
        for m in messages:
            mark(archive, m.message_id, "claimed")
        backend.write(snapshot, claimed)  # claimed before anything is sent
        results = WriteSet()
        for m in messages:
            if outcome.error is not None:
                outcome.failed.append((m, "tidak dicoba: server email tidak dapat dipakai"))
                results.extend(WriteSet(cells=outcome_writes(m.message_id, f"{FAILED}: tidak dicoba", app.now())))
                continue
            try:
                mark(archive, m.message_id, "attempt")
                result = transport.send(m.message, m.to)
            except MailError as e:
                unmark(archive, m.message_id, attempt_only=True)
                outcome.error = e
                outcome.failed.append((m, "server email tidak dapat dipakai"))
                results.extend(WriteSet(cells=outcome_writes(m.message_id, f"{FAILED}: server tidak dapat dipakai",
                                                              app.now())))
                continue
            if result.state == "sent":
                write_eml(m.message, archive_path(cfg.email.archive, m.message_id))
                outcome.sent.append(m)
                results.extend(WriteSet(cells=outcome_writes(m.message_id, SENT, app.now())))
            elif result.state == "unknown":
                outcome.unknown.append(m)  # stays "mengirim": a human looks, it is never sent again on its own
            else:
                unmark(archive, m.message_id, attempt_only=True)
                outcome.failed.append((m, result.why))
                state = REFUSED if result.state == "refused" else FAILED
                results.extend(WriteSet(cells=outcome_writes(m.message_id, f"{state}: {result.why}"[:200], app.now())))
        if results:
            backend.write(backend.read(), results)
        append_log(cfg, f"{now:%Y-%m-%d %H:%M} kirim: {len(outcome.sent)} terkirim ({_counts(outcome.sent) or '-'}), "
                        f"{len(outcome.failed)} gagal, {len(outcome.unknown)} belum pasti")
        for mid in [*(m.message_id for m in messages if m not in outcome.unknown), *outbox.stale]:
            unmark(archive, mid)  # recorded: the journal has done its work
    finally:
        transport.close()
    return outcome


def _counts(messages: list[Message]) -> str:
    c = Counter(m.what for m in messages)
    return ", ".join(f"{w} {c[w]}" for w in WHAT if c[w])


def kirim_step(app: AppContext, cfg: Config, today: dt.date) -> StepOutcome:
    """E-mail as one step of the daily job (`ppid run`)."""
    if not cfg.email.enabled:
        return StepOutcome(EXIT_OK, "Email: tidak aktif ([email] enabled = false di config.toml).")
    outcome = perform_kirim(app, cfg, today)
    parts = [f"{len(outcome.sent)} terkirim" + (f" ({_counts(outcome.sent)})" if outcome.sent else "")]
    if outcome.failed:
        parts.append(f"{len(outcome.failed)} gagal")
    if outcome.unknown or outcome.findings:
        parts.append(f"{len(outcome.unknown) + len(outcome.findings)} perlu diperiksa (ppid kirim --dry-run)")
    if outcome.outbox.waiting:
        parts.append(f"{outcome.outbox.waiting} surat menunggu Supervisi Kasubbag")
    line = "Email: " + ", ".join(parts) + "."
    if outcome.error is not None:
        line += f" {outcome.error.message}"
    return StepOutcome(outcome.code, line)


@click.command("kirim")
@register_option
@today_option
@click.option("--dry-run", "dry_run", is_flag=True,
              help="Tidak mengirim dan tidak menulis register; tulis pesannya sebagai berkas .eml ke [email] "
                   "dry_run_folder untuk diperiksa.")
@click.option("--hanya", "only", multiple=True, type=click.Choice(WHAT), metavar="JENIS",
              help="Hanya jenis ini (boleh diulang): ringkasan, surat, laporan.")
@click.option("--kirim-ulang", "resend", multiple=True, metavar="NOMOR",
              help="Kirim lagi surat bernomor ini (setelah dipastikan belum diterima pemohon).")
@click.option("--sudah-terkirim", "confirm", multiple=True, metavar="NOMOR",
              help="Catat surat bernomor ini sebagai terkirim (setelah dipastikan sudah diterima).")
def kirim_command(register: str | None, today: dt.date | None, dry_run: bool, only: tuple[str, ...],
                  resend: tuple[str, ...], confirm: tuple[str, ...]) -> int:
    """Kirim email: ringkasan "Perlu Tindakan" untuk Kasubbag, surat untuk pemohon yang meminta
    lewat email (PDF terlampir), dan laporan bulan lalu untuk Sekretaris.

    Setiap pengiriman dicatat di tab "Surat" (Dikirim, Dikirim Kepada, Message-ID, Status
    Kirim), jadi tidak ada yang terkirim dua kali. Pengaturan di bagian [email] config.toml;
    kata sandi dari variabel lingkungan, bukan dari config.toml.
    """
    app = get_ctx()
    cfg = app.config_for(register)
    day = app.today(today)
    outcome = perform_kirim(app, cfg, day, dry_run=dry_run, only=only, resend=resend, confirm=confirm)
    out = app.console
    for note in outcome.outbox.notes:
        out.print(note, markup=False)
    if outcome.disabled:
        out.print(f"Pengiriman email tidak aktif ([email] enabled = false). {outcome.outbox.count} pesan menunggu. "
                  "Coba dulu: ppid kirim --dry-run", markup=False)
    if dry_run:
        out.print(f"[bold]Uji coba (--dry-run): tidak ada email dikirim dan register tidak ditulis.[/] "
                  f"{len(outcome.files)} pesan ditulis sebagai .eml:")
        for path in outcome.files:
            out.print(f"  {path}", markup=False)
    for m in outcome.sent:
        out.print(f"Terkirim: {m.line}", markup=False)
    for m, why in outcome.failed:
        out.print(f"[yellow]Gagal: {m.line}: {why}[/]")
    for m in outcome.unknown:
        out.print(f"[red]Belum pasti terkirim (sambungan putus saat mengirim): {m.line}. Tercatat \"mengirim\"; "
                  "tidak dikirim ulang otomatis.[/]")
    for f in outcome.findings:
        out.print(f"[{f.code}] {f.message}", markup=False)
    if outcome.outbox.waiting:
        out.print(f"{outcome.outbox.waiting} surat menunggu Supervisi Kasubbag (kolom \"Supervisi Kasubbag\" = Ya).")
    if not dry_run and not outcome.disabled and not (outcome.sent or outcome.failed or outcome.unknown):
        out.print("Tidak ada email untuk dikirim.")
    if outcome.error is not None:
        raise outcome.error
    return outcome.code


__all__ = ["kirim_command", "kirim_step", "perform_kirim"]
