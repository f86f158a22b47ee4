"""Report views and the pure functions that turn them into what the templates show.

Modules:
- `audit`: Small pure functions that turn report views into what the templates show.
- `charts`: Chart geometry for reports: pure functions from scores to coordinates.
- `export`: The audit as machine-readable JSON: what the final report carries inside its PDF.
- `models`: Read models for reports: plain, frozen values the report context is built from.
- `portfolio`: Context for the managers' reports: the portfolio and the corrective-action list.
- `shown`: An audit report's view in its reader's language: criterion titles and category names
  from the checklist's translation, English marked where it has none.
- `risk`: What a manager decides from: the portfolio's risk order, heat-grid bands, score trends,
  ageing of open actions and audits past due.

- `grid`: The risk grid of the web dashboards.
"""
