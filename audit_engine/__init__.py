"""audit-engine: a workflow engine for internal CTPAT supply-chain security audits.

Modules:
- `asgi`: The ASGI application: web pages at `/`, the HTTP API at `/api/v1`, `/health`.
- `body_cap`: The body cap of every route, as plain ASGI middleware.
- `api/`: The HTTP API for integrations, a FastAPI sub-application mounted at /api/v1.
- `bootstrap/`: Composition root.
- `checklists/`: The YAML checklist adapter: the only home of `yaml`.
- `cli/`: The command line: one module per command group, thin over the services.
- `credentials/`: Password hashing (argon2-cffi's one home).
- `demo/`: The end-to-end demo (`audit-engine demo`): one quarter of a sample importer's audits,
  told through the same services the commands call.
- `domain/`: The domain: pure Python rules and values, no database, no library beyond the standard
  one.
- `languages/`: Languages: message catalogues (gettext through Babel) and the formats of dates,
  numbers, percentages and plurals by locale. Babel's one home.
- `metrics/`: Prometheus metrics: prometheus-client's one home.
- `notifications/`: E-mail: MIME composition, iCalendar invites and transports (smtplib, .eml
  folder, console).
- `reporting/`: Rendering documents: Jinja templates and WeasyPrint PDFs, in worker processes with
  bounded time and memory.
- `scheduling/`: The long-running scheduler service (APScheduler 3.x lives only here).
- `services/`: Use cases, one function per verb, in folders named for what people do.
- `spreadsheets/`: Spreadsheets (XLSX): the one home of openpyxl.
- `storage/`: Storage: the database (SQLModel tables, Alembic migrations, queries), the evidence
  file store and the files kept outside the database.
- `web/`: The web pages: server-rendered HTML over the same services as the CLI.
- `workflow/`: The workflows as data: transition tables run by one static `transitions` machine per
  workflow.

- `imaging/`: Pictures of evidence: the one home of Pillow and pillow-heif (phone photos in HEIC),
  and of poppler's `pdftoppm`/`pdfinfo` for PDF first pages.
"""

from __future__ import annotations

from pathlib import Path


def shipped(name: str) -> Path:
    """A folder the project ships: `checklists` or `report_templates`.

    The top-level folders of the source tree are the source. A wheel (or an install from the
    sdist) carries copies as package data under `audit_engine/_shipped/` (see setup.py), so an
    installed package finds them there and a checkout finds the folders themselves.
    """
    package = Path(__file__).resolve().parent
    packaged = package / "_shipped" / name
    return packaged if packaged.is_dir() else package.parent / name
