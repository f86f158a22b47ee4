"""The web pages: server-rendered HTML over the same services as the CLI.

Modules:
- `account_pages`: The signed-in person's own account: second factor on and off, personal API
  tokens.
- `action_pages`: Corrective actions: the list by due date, one action with its history, and its
  steps (start, implement with evidence, verify, reject).
- `admin_forms`: What every administration form shares.
- `admin_mail_pages`: Reminder rules, report subscriptions and the outbox in administration.
- `admin_pages`: Administration overview: users (invite, deactivate), facilities, trail
  verification, and the second-factor policy.
- `admin_program_pages`: Programmes in administration.
- `admin_sso_pages`: Administration > Single sign-on: providers, Test sign-in, the policy.
- `admin_user_pages`: One user in administration.
- `admin_words`: The administration pages' words for the reminder rules.
- `audit_pages`: Audit pages.
- `dashboard_pages`: The dashboard: what the signed-in person has to do, by role.
- `edge`: The web edge.
- `error_pages`: Error pages in the site's layout for what no page handler answers: an unknown
  address, a malformed form, a crash.
- `language`: The language of a page: the signed-in person's, before sign-in the browser's.
- `operations`: Operators' endpoints and the per-request record.
- `phrases`: The web's words for who may do what: one phrase per permission, role and duty rule, and
  the plain-words form of every refusal a page shows.
- `plan_pages`: Planning and steering from the web.
- `report_pages`: Reports: the portfolio and the corrective-actions report as PDF downloads, each
  covering the facilities the reader may read (the read table: `portfolio.read`, `audit.read`).
- `review_pages`: Review (confirm or dismiss findings, severity, corrective actions), evidence
  uploads and downloads, and the audit report as HTML and PDF.
- `risk_pages`: The Five Step Risk Assessment on the web.
- `routes`: Which routers make up the web pages, and what wraps them.
- `security`: Headers every response carries, as a plain ASGI middleware (no per-request task).
- `sso_words`: Why a single sign-on was refused, in the page's language.
- `sso_pages`: Single sign-on: "Sign in with ..." (and linking, and an admin's test) sent to the
  identity provider, and its answer at /sign-in/sso/callback.
- `sign_in_pages`: Sign-in, second factor, sign-out, and the password links sent by mail.
- `stale`: A form read before someone else's change.

- `audit_file_pages`: An audit's files on its page.
- `list_pages`: The audits and corrective-actions lists: search, filters, sort and pages in the URL,
  and CSV/XLSX exports of the same filtered rows (every page).

- `admin_facility_pages`: One facility in administration.
- `profile_pages`: Company profile import on the web.
- `reassign_pages`: Giving a corrective action to someone else, picked from who may own actions at
  its facility (the same service and refusals as `action reassign`).

- `admin_chat_pages`: Administration > Chat channels: Teams or Slack incoming webhooks for hand-offs
  and overdue audits, with a button that posts a test message at once.
- `checklist_pages`: The checklists on the web.
- `calendar_pages`: The fieldwork calendar (a month across facilities) and each person's
  calendar feed at a secret address.
- `fieldwork_pages`: Fieldwork on a phone, one category at a time.
- `inbox_pages`: The in-app inbox (the bell on every page) and the person's notification
  preferences.
- `qr_code`: QR codes as SVG made on the server.
- `offline_pages`: Fieldwork kept on a phone without signal: the service worker (served from the
  root) and the JSON endpoints its sender uses: an answer or note, a photo in chunks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI

    from audit_engine.bootstrap import App


def add_pages(http: FastAPI, services: App) -> None:
    """Add the page routers and the static files to `http`."""
    from audit_engine.web.routes import install

    install(http, services)
