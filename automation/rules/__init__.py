"""The rules every job shares: what a cell means, what a request is, and what the law says.

Lives here: cell values (`values`), typed records of the register's rows (`records`), the
working-day calendar (`calendar`, `office_calendar`), the deadline chain with its traces
(`deadlines`, `objection_deadlines`; for one date without numpy, as `ppid due` counts:
`light_calendar`, `light_deadlines`), validation and its finding catalogue (`validate`,
`findings`; an objection row's own checks: `objection_rules`, `objection_findings`), flags and actions for the Kasubbag (`flags`, `actions`), registration numbering
(`numbering`), which letters a row needs (`letter_kinds`), the office's configuration
(`config`), run-stopping errors and exit codes (`errors`), atomic output files (`files`) and
the files shipped in the package: templates, example config, data (`bundled`).

May import: the standard library, third-party packages and `sheets`; never another
`automation` subpackage. Everything else builds on this.
"""
