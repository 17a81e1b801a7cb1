"""Generated documentation: the README's tables drawn from the code's own data.

Lives here: the findings catalogue as Markdown (`catalogue`) and the README block sync
(`readme_sync`).

May import: `automation.rules`, `automation.letters` and `sheets`.
"""
