"""Letters: filling the templates, issuing and numbering them, converting them to PDF.

Lives here: the template context and rendering of every letter kind (`render`; each template
prepared once per run: `compiled`), the issuing job that numbers letters and records them in
the "Surat" tab (`issue`) and the one LibreOffice conversion of the code base (`pdf`). Which
letters a row needs is a rule (`automation.rules.letter_kinds`).

May import: `automation.rules` and `sheets`.
"""
