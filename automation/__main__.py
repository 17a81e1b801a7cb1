"""`python -m automation` is the same as `ppid`."""

from automation.cli.main import run

run()
