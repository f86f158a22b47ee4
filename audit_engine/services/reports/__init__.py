"""Reports: data read from storage, views built from it, documents rendered from the views.

- `rendering`: `render_audit_report`, `render_portfolio`, `render_actions`, `render_closed_batch`,
  `store_final_report`, `final_report_path`, `final_report_hook`.
- `audit_data`, `portfolio_data`: database rows to the report views (one query per table).
- `attachments`: report attachments of outbox messages, rendered at dispatch time.
- `views/`: pure presentation: `models` (frozen views), `audit` (the audit report's context),
  `charts`, `portfolio`, `export` (the JSON inside the final PDF).
"""
