"""The findings catalogue as a Markdown table, generated from the code for the README."""

from __future__ import annotations

import importlib

from automation.rules.findings import CATALOGUE, SEVERITY_ID

# Every module that defines findings (imported so that CATALOGUE is complete).
FINDING_MODULES = (
    "automation.rules.validate",
    "automation.rules.register_findings",
    "automation.rules.office_calendar",
    "automation.rules.deadlines",
    "automation.check.objections",
    "automation.letters.issue",
    "automation.reports.figures",
    "automation.letters.render",
    "automation.mail.findings",
    "automation.survey.responses",
    "automation.survey.importer",
)


def load_catalogue() -> None:
    for name in FINDING_MODULES:
        try:
            importlib.import_module(name)
        except ImportError:  # a module still being written by another issue
            continue


def findings_markdown() -> str:
    """| Kode | Tingkat | Temuan | Cara memperbaiki |, one row per code, sorted by code."""
    load_catalogue()
    lines = ["| Kode | Tingkat | Temuan | Cara memperbaiki |", "|---|---|---|---|"]
    for code in sorted(CATALOGUE):
        ft = CATALOGUE[code]
        fix = ft.fix.replace("|", "\\|")
        lines.append(f"| {code} | {SEVERITY_ID[ft.severity]} | {ft.title.replace('|', '/')} | {fix} |")
    return "\n".join(lines) + "\n"
