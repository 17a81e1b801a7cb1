"""The jobs, grouped by capability. Each subpackage's docstring says what lives there.

    rules/     what every job shares: values, records, calendar, deadlines, validation, flags,
               findings, numbering, config, errors
    check/     the daily check
    letters/   rendering, issuing and converting letters
    reports/   monthly and annual report, export
    demo/      the demo register
    docs/      README tables generated from the code's data
    cli/       the command layer (`ppid`): the only place that reads the clock or opens registers

Imports point downwards only (cli -> reports -> letters -> rules; check, demo, docs -> rules);
`tests/test_architecture.py` keeps them so. Each job is a function over plain data that takes
`today` and returns data.
"""

__version__ = "0.1.0"
