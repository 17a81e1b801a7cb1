"""The public satisfaction survey (Survei Kepuasan Masyarakat, Permenpan RB 14/2017).

Lives here: the nine elements and the index exactly as the regulation computes it (`index`,
with `skm_index(rows)` as the one pure entry point other jobs call), reading and validating
the register's "Survei Kepuasan" tab (`responses`), importing a Google Form responses CSV
(`importer`), and the printable form and its questions for a Google Form (`form`).

Nothing here reads the clock or opens a register: the command layer does.

May import: `automation.rules` and `sheets`.
"""
