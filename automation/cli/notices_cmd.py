"""`ppid notices`: issue the letters the register calls for (and `notices_step` for `ppid run`)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from pathlib import Path

import click

from automation.cli.common import AppContext, StepOutcome, get_ctx, open_backend, register_option, today_option
from automation.letters.issue import (
    LettersNotWritten,
    NoticePlan,
    describe,
    letter_file_exists,
    plan_notices,
    render_notices,
)
from automation.letters.pdf import PdfResult, combine_pdfs, convert_to_pdf
from automation.letters.render import KINDS, KINDS_BY_SLUG, TEMPLATES_DIR, TemplateProblem, require_templates
from automation.rules.config import Config, require_office_identity
from automation.rules.errors import EXIT_FINDINGS, EXIT_OK
from automation.rules.office_calendar import office_calendar
from sheets.checks import require_headers
from sheets.layout import REQUESTS
from sheets.model import WriteReport


@dataclass
class NoticesOutcome:
    plan: NoticePlan
    files: list[Path] = field(default_factory=list)
    report: WriteReport | None = None
    pdf: PdfResult | None = None
    messages: list[str] = field(default_factory=list)  # Indonesian, already phrased


def perform_notices(
    app: AppContext,
    cfg: Config,
    today: dt.date,
    *,
    kinds: tuple[str, ...] = (),
    number: str | None = None,
    pdf: bool = False,
    dry_run: bool = False,
    force: bool = False,
    templates_dir: Path | Traversable | None = None,
) -> NoticesOutcome:
    """Read, plan, write the register (numbers claimed first), then render, then PDF."""
    templates_dir = templates_dir or cfg.output.templates or TEMPLATES_DIR
    backend = open_backend(cfg)
    snapshot = backend.read()
    require_headers(snapshot, REQUESTS)
    cal = office_calendar(cfg, snapshot).calendar
    chosen = tuple(KINDS_BY_SLUG[k] for k in kinds) or None
    now = app.now()
    plan = plan_notices(snapshot, cfg, cal, today, kinds=chosen, number=number, force=force,
                        made=now, file_exists=letter_file_exists(cfg))
    outcome = NoticesOutcome(plan)
    if dry_run:
        return outcome
    if plan.letters:  # before any number is claimed: nothing to sign with, or nothing to fill
        require_office_identity(cfg, "Surat")
        require_templates({p.kind for p in plan.letters}, templates_dir)
    if plan.writes:
        outcome.report = backend.write(snapshot, plan.writes)
    try:
        outcome.files = render_notices(plan, cfg, templates_dir, now=now)
    except TemplateProblem as e:
        raise LettersNotWritten(
            f"{e.message} Nomor surat sudah dicatat di tab Surat; setelah templat diperbaiki, "
            "jalankan lagi 'ppid notices': surat yang berkasnya belum ada dibuat dengan nomor dan tanggal yang sama."
        ) from None
    if (pdf or cfg.output.pdf) and outcome.files:
        result = convert_to_pdf(outcome.files)
        if result.pdfs:
            stamp = now.strftime("%Y%m%d-%H%M%S")
            combined, message = combine_pdfs(result.pdfs, Path(cfg.output.letters) / "cetak" / f"cetak_{stamp}.pdf")
            result.combined = combined
            if message:
                result.messages.append(message)
        outcome.pdf = result
    return outcome


def _summary(plan: NoticePlan) -> str:
    counts = Counter(p.kind.label for p in plan.new)
    parts = ", ".join(f"{label} {n}" for label, n in counts.items())
    return f"{len(plan.new)} surat baru" + (f" ({parts})" if parts else "")


def notices_step(app: AppContext, cfg: Config, today: dt.date) -> StepOutcome:
    """The letters as one step of the daily job (`ppid run`): new letters only, no --force.

    Exit code 1 when PDFs were asked for (config.toml [output] pdf) and some were not made;
    rows still waiting for data are counted but left to the check's findings.
    """
    outcome = perform_notices(app, cfg, today)
    plan = outcome.plan
    line = f"Surat: {_summary(plan)}"
    code = EXIT_OK
    if plan.remade:
        line += f", {len(plan.remade)} dibuat ulang (berkasnya belum ada)"
    if plan.notes:
        line += f", {len(plan.notes)} isian Berkas di tab Surat diabaikan"
    if plan.blocked:
        line += f", {len(plan.blocked)} belum bisa dibuat (lihat ppid notices --dry-run)"
    if outcome.pdf is not None:
        line += f", {len(outcome.pdf.pdfs)} PDF"
        if outcome.pdf.failed:
            code = EXIT_FINDINGS
            line += f" ({outcome.pdf.messages[0] if outcome.pdf.messages else 'sebagian PDF gagal'})"
    return StepOutcome(code, line + ".", changed=bool(plan.new))


@click.command("notices")
@register_option
@today_option
@click.option("--kind", "kinds", multiple=True, type=click.Choice(list(KINDS_BY_SLUG)), metavar="JENIS",
              help="Hanya surat jenis ini (boleh diulang): " + ", ".join(KINDS_BY_SLUG) + ".")
@click.option("--nomor", "number", metavar="NOMOR",
              help="Hanya baris dengan No. Pendaftaran atau No. Registrasi Keberatan ini.")
@click.option("--pdf", "pdf", is_flag=True, help="Ubah juga ke PDF dengan LibreOffice, plus satu PDF gabungan.")
@click.option("--dry-run", "dry_run", is_flag=True, help="Tidak membuat atau menulis apa pun; tampilkan rencananya.")
@click.option("--force", "force", is_flag=True,
              help="Buat ulang surat yang sudah terbit (nomor dan tanggalnya tetap).")
def notices_command(register: str | None, today: dt.date | None, kinds: tuple[str, ...], number: str | None,
                    pdf: bool, dry_run: bool, force: bool) -> int:
    """Buat surat dari register: tanda bukti, pemberitahuan kelengkapan persyaratan,
    pemberitahuan tertulis, perpanjangan, SK penolakan, tanda terima keberatan, dan
    tanggapan atas keberatan.

    Hanya surat yang belum terbit yang dibuat; nomor dan tanggal diambil dari register
    (tanggal keputusan/pemberitahuan di baris, bukan tanggal cetak). Setiap surat dicatat di
    tab "Surat" dan kolom "Surat Terbit". Berkas: folder [output] letters/tahun/bulan.
    Kode keluar 1 bila --pdf diminta tetapi ada PDF yang tidak dapat dibuat.
    """
    app = get_ctx()
    cfg = app.config_for(register)
    day = app.today(today)
    outcome = perform_notices(app, cfg, day, kinds=kinds, number=number, pdf=pdf, dry_run=dry_run, force=force)
    plan = outcome.plan
    out = app.console
    if dry_run:
        out.print("[bold]Uji coba (--dry-run): tidak ada surat dibuat dan register tidak ditulis.[/]")
    verb = "akan dibuat" if dry_run else "dibuat"
    if plan.new:
        out.print(f"[bold]Surat baru {verb}: {len(plan.new)}[/]")
        for p in plan.new:
            out.print("  " + describe(p), markup=False)
    if plan.remade:
        out.print(f"[bold]Surat {verb} ulang (nomor tetap): {len(plan.remade)}[/]")
        for p in plan.remade:
            out.print("  " + describe(p), markup=False)
    if not plan.letters:
        out.print("Tidak ada surat baru.")
    for note in plan.notes:
        app.err.print(note, markup=False)
    for letter in plan.restored:
        out.print(f"Dicatat kembali di tab Surat (ada di kolom Surat Terbit): {letter.number} {letter.kind.label}",
                  markup=False)
    if plan.blocked:
        out.print(f"[yellow]Belum bisa dibuat: {len(plan.blocked)}[/]")
        for b in plan.blocked:
            out.print("  " + b.message(), markup=False)
    if outcome.report is not None:
        for s in outcome.report.skipped:
            app.err.print(f"Baris {s.write.row} kolom \"{s.write.header}\" dilewati: {s.reason}.", markup=False)
    if outcome.files:
        out.print(f"{len(set(outcome.files))} berkas surat (.docx dan .txt) ditulis di {cfg.output.letters}",
                  markup=False)
    if outcome.pdf is not None:
        if outcome.pdf.pdfs:
            out.print(f"{len(outcome.pdf.pdfs)} PDF dibuat dengan LibreOffice.")
        for message in outcome.pdf.messages:
            out.print(message, markup=False)
        if outcome.pdf.failed:
            return EXIT_FINDINGS  # the .docx are there; a human must make the PDFs
    return EXIT_OK


__all__ = ["notices_command", "notices_step", "perform_notices", "KINDS"]
