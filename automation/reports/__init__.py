"""Reports: the monthly and annual figures, their tab, workbook and cover letter, the export.

Lives here: the report's figures from the register's records (`figures`), the standalone
workbook and the letter to the Sekretaris (`documents`), the classic 21-column register
(`export`), the Monev evidence pack (`monev`, its files in `monev_files`), the recap across
offices (`recap`, `recap_documents`) and the typed pandas frames of a register (`frames`; they
run the check in memory).

May import: `automation.rules`, `automation.check`, `automation.letters`, `automation.survey` and
`sheets`.
"""
