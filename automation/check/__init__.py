"""The daily check: read the register, number, compute deadlines, validate, flag, write back.

Lives here: the check job over a backend (`job`) and the checks of the objection register
(`objections`).

May import: `automation.rules` and `sheets`.
"""
