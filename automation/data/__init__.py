"""Bundled data: holidays_official.csv (official 2024-2026 non-working days with their decree)
and holiday_overrides.csv (sourced changes the holidays package does not have yet).
Both are read by automation.rules.calendar."""
