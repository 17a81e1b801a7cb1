"""The command layer (`ppid`). Only this package reads the clock and opens registers."""
