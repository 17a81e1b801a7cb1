"""Errors that stop a run, and the one place that maps them to exit codes.

Findings about the register are data (automation.rules.findings), never exceptions. Exceptions are
for runs that cannot go on: bad config, file missing or locked, no access.
"""

from __future__ import annotations

from sheets.errors import RegisterError

EXIT_OK = 0
EXIT_FINDINGS = 1  # findings at the chosen level, or something needs a human
EXIT_USAGE = 2  # usage or config
EXIT_REGISTER = 3  # register or backend


class PpidError(Exception):
    """A run that cannot go on. `message` is Indonesian and says what to do."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ConfigError(PpidError):
    exit_code = EXIT_USAGE


class UsageError(PpidError):
    exit_code = EXIT_USAGE


class BackendError(PpidError):
    exit_code = EXIT_REGISTER


def exit_code_for(error: BaseException) -> int:
    if isinstance(error, PpidError):
        return error.exit_code
    if isinstance(error, RegisterError):
        return EXIT_REGISTER
    return EXIT_REGISTER


def message_for(error: BaseException) -> str:
    if isinstance(error, (PpidError, RegisterError)):
        return error.message
    return str(error)
