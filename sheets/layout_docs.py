"""The README's register tables, generated from the layout (a test keeps them in sync)."""

from __future__ import annotations

from sheets.layout import CHOICES, TABS, Tab


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def columns_markdown(tab: Tab) -> str:
    lines = ["| column | written by | type | required | choices | help |", "|---|---|---|---|---|---|"]
    for c in tab.columns:
        choices = c.choices or ""
        lines.append(f"| {_cell(c.header)} | {c.writer} | {c.type} | {'yes' if c.required else ''} | "
                     f"{_cell(choices)} | {_cell(c.help)} |")
    return "\n".join(lines)


def tabs_markdown() -> str:
    lines = ["| tab | owner | what it holds |", "|---|---|---|"]
    for t in TABS:
        lines.append(f"| {t.name} | {t.owner} | {_cell(t.help)} |")
    lines.append("| Laporan YYYY-MM, Laporan Tahunan YYYY | toolkit | monthly / annual report tabs |")
    return "\n".join(lines)


def choices_markdown() -> str:
    lines = ["| list | values |", "|---|---|"]
    for name, values in CHOICES.items():
        lines.append(f"| {name} | {_cell(' · '.join(values))} |")
    return "\n".join(lines)
