"""The spreadsheet side: the register's layout and the backends that read and write it.

`sheets` knows tabs, columns, rows and cells, not requests or deadlines; it never imports
`automation`.
"""
