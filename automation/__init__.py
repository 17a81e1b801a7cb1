"""The jobs: records, calendar, validation, deadlines, flags, notices, report, cli.

Each job is a function over plain data that takes `today` and returns data; only
`automation.cli` opens registers, writes and reads the clock.
"""

__version__ = "0.1.0"
