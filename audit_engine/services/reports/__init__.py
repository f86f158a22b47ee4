"""Reports: data read from storage, views built from it, documents rendered from the views.

- `rendering`: `render_audit_report`, `render_portfolio`, `render_actions`, `render_closed_batch`,
  `store_final_report`, `final_report_path`, `final_report_hook`.
- `reads`: the same reports and exports for the acting user, covering the facilities they may
  read: `audit_report_for`, `closed_reports_for`, `portfolio_for`, `actions_report_for`,
  `portfolio_table_for`, `actions_table_for`, `findings_table_for`.
- `audit_data`, `portfolio_data`: database rows to the report views (one query per table).
- `exports`: findings, corrective actions and the portfolio grid as tables -> CSV or XLSX bytes.
- `archive`, `archive_verify`: a closed audit as a self-verifying ZIP, and its offline check.
- `attachments`: report attachments of outbox messages, rendered at dispatch time.
- `views/`: pure presentation: `models` (frozen views), `audit` (the audit report's context),
  `charts`, `portfolio`, `export` (the JSON inside the final PDF).

- `images`: Evidence photos shown in the audit report.
- `report_lines`: What the audit report and the portfolio show of risk assessments and entity
  profiles.
- `risk_data`: Database rows to the facts domain/rules/facility_risk.py ranks by.
"""
