"""The command line: one module per command group, thin over the services.

Modules:
- `action`: `audit-engine action add|list|start|implement|verify|reject`.
- `administration`: `audit-engine user edit|grant|revoke|deactivate|reactivate` and `facility edit`.
- `answer`: `audit-engine answer AUDIT CRITERION --result R [--note TEXT]`, or `audit-engine answer
  AUDIT --category C --rest R` for the unanswered rest of a category.
- `archive`: `audit-engine archive verify FILE.zip`: needs no database and no home.
- `audit`: `audit-engine audit plan|list|show|start|submit|approve|close|return|cancel`.
- `audit_archive`: `audit-engine audit archive AUDIT -o FILE.zip` or `--period P -o DIR`.
- `audit_workbook`: `audit-engine audit workbook export|import`: fieldwork offline in a spreadsheet.
- `backup`: `audit-engine backup -o DIR` and `audit-engine restore DIR`.
- `checklists`: `audit-engine checklists`: list, show, validate and diff checklist catalogs (no
  database).
- `common`: What every command shares: the App, `--as`, `--json`, and output.
- `config`: `audit-engine config`.
- `db`: `audit-engine db`.
- `demo`: `audit-engine demo`.
- `evidence`: `audit-engine evidence add|list|get`.
- `exports`: `--format csv|xlsx -o FILE` for list commands: the same rows as a file for a
  spreadsheet.
- `facility`: `audit-engine facility add|list`.
- `finding`: `audit-engine finding list|confirm|dismiss`.
- `lifecycle_options`: Options the lifecycle commands share: dates, the expected audit version, the
  App parts.
- `log`: `audit-engine log show|verify|checkpoint|rotate-key`: the tamper-evident trail.
- `main`: `audit-engine`: the root command.
- `outbox`: `audit-engine outbox list|retry`: the messages waiting, sent and failed.
- `program`: `audit-engine program add|list|pause|resume`: recurring audit programs.
- `reference`: The command reference in docs/commands.md, generated from the commands themselves.
- `reminder`: `audit-engine reminder rules|set|opt-out|opt-in`: reminder rules as data.
- `report`: `audit-engine report ...`: audit reports, the managers' portfolio, corrective actions.
- `risk`: `audit-engine risk`: CBP's Five Step Risk Assessment per facility and year (`RA-<n>`).
- `scheduler`: `audit-engine scheduler run|tick|status`: the service that keeps the audit calendar.
- `serve`: `audit-engine serve`: the web pages and the HTTP API on uvicorn.
- `tick_text`: The scheduler's tick in words (the line `scheduler tick` prints and `run` logs).
- `setup`: `audit-engine init`.
- `storage`: `audit-engine storage migrate --to s3`: the home's files into object storage.
- `subscription`: `audit-engine subscription add|list|remove`: reports mailed on a schedule.
- `token`: `audit-engine token create|list|revoke`: personal API tokens for the HTTP API.
- `user`: `audit-engine user add|list|set-password` (and edit|grant|revoke|deactivate|reactivate).
- `workflow`: `audit-engine workflow diagram`: Mermaid for each workflow, from the transition
  tables.
"""
