"""The demo: a realistic register of invented requests for trying every job without real data.

Lives here: the demo register's rows, planted problems included (`register`).

May import: `automation.rules` and `sheets`.
"""
