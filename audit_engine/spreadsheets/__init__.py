"""Spreadsheets (XLSX): the one home of openpyxl.

Modules import openpyxl inside their functions, so importing this package costs nothing:
`audit_workbook` writes the audit workbook, `workbook_reader` reads it back, `tables` writes
plain exports (findings, actions, the portfolio grid).

Modules:
- `rows`: Read `id, level` rows from a CSV or XLSX sheet (a member's copy of its CBP MSC document).
"""
