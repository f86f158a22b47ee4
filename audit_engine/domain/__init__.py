"""The domain: pure Python rules and values, no database, no library beyond the standard one.

Top level, the words every other part shares: `actor` (who acts, through which door), `clock`
(timezone-aware UTC time), `errors` (errors a user can cause, with their exit codes),
`words` (`N_`: English marked for the catalogue, translated where shown).

Subpackages: `rules` (what the audit workflow allows and means), `integrity` (the trail's
chain, checkpoints and the other cryptography), `formats` (what comes in and goes out: inputs,
labels, mail, tables, workbook, archive).
"""
