"""Backend-neutral checks a job runs on a snapshot before trusting it."""

from __future__ import annotations

from sheets.errors import HeaderMissing, TabMissing
from sheets.layout import Tab
from sheets.model import Snapshot, Table


def require_tab(snapshot: Snapshot, layout: Tab) -> Table:
    """The table of `layout`'s tab; TabMissing when the register has no such tab."""
    table = snapshot.table(layout.name)
    if table is None:
        raise TabMissing(snapshot.source, layout.name)
    return table


def require_headers(snapshot: Snapshot, layout: Tab) -> Table:
    """The table of `layout`'s tab, after checking every required staff header is there.

    All missing headers are named in one HeaderMissing, so staff fix them in one go. Toolkit
    headers are not required: the backend adds a missing one when it first writes to it.
    """
    table = require_tab(snapshot, layout)
    missing = table.missing_headers(layout, required_only=True)
    if missing:
        raise HeaderMissing(snapshot.source, layout.name, missing)
    return table
