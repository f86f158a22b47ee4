"""Where a message leads: the path of the page the recipient acts on, kept in the outbox row's
context at enqueue; the dispatcher puts `base_url` (AUDIT_ENGINE_PUBLIC_URL, never a request's
Host) in front at render time, so a corrected public URL takes effect on retry.

A link is only given to people who may read the page: every page an audit message leads to is
a page of the audit (its actions included), which `audit.read` at the facility decides.
"""

from __future__ import annotations

from collections.abc import Iterable

from audit_engine.domain.rules.lifecycle import display_id
from audit_engine.domain.rules.permissions import Grant, may_read


def audit_path(audit_id: int) -> str:
    return f"/audits/{display_id('audit', audit_id)}"


def action_path(action_ref: str) -> str:
    return f"/actions/{action_ref}"


DASHBOARD = "/"
REPORTS_PAGE = "/reports"
INBOX = "/inbox"
PREFERENCES = "/account/notifications"


def readable_by_all(grants: dict[str, list[Grant]], recipients: Iterable[str],
                    facility: str | None, path: str) -> str | None:
    """`path` when every recipient may read the facility's audits, else None (no link)."""
    people = list(recipients)
    if people and all(may_read(grants.get(p, []), "audit.read", facility) for p in people):
        return path
    return None


def link_for(session, recipients: Iterable[str], facility: str | None, path: str) -> str | None:
    """readable_by_all, loading the recipients' grants (one query for everyone)."""
    from audit_engine.services.mail.role_holders import active_grants

    return readable_by_all(active_grants(session), recipients, facility, path)
