"""What comes in and what goes out, as pure values: formats and their checks.

Modules: `archive` (the audit archive's manifest), `inputs` (what people type, checked),
`labels` (how findings and actions are named), `mail` (an e-mail as plain values), `paths`
(paths people name for us to read), `tables` (export tables and CSV), `workbook` (the audit
workbook's rows and signature).

Modules:
- `calendar_feed`: A calendar feed's events as plain values.
- `chat`: Message bodies for chat incoming webhooks, in each service's own JSON shape.
- `times`: Times as people read them: in their facility's time zone, with the zone named.
"""
