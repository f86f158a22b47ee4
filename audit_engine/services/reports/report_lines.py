"""What the audit report and the portfolio show of risk assessments and entity profiles."""

from __future__ import annotations

from collections import Counter
from datetime import date

from audit_engine.domain.rules.catalog import catalog_from_snapshot
from audit_engine.domain.rules.entity_profiles import entity_profile
from audit_engine.domain.rules.lifecycle import display_id
from audit_engine.domain.rules.risk import RATINGS, next_due
from audit_engine.services.reports.views.models import ProfileLine, RiskLine
from audit_engine.storage.models.lifecycle import Audit
from audit_engine.storage.models.people import Facility
from audit_engine.storage.queries import risk as stored


def profile_line(audit: Audit) -> ProfileLine | None:
    """The facility's entity profile in the checklist the audit pinned (None for inspections)."""
    catalog = catalog_from_snapshot(audit.criteria_snapshot)
    if catalog.kind != "criteria":
        return None
    profile = entity_profile(catalog, audit.entity_type)
    return ProfileLine(profile.status, profile.criteria, profile.by_confidence,
                       not profile.complete)


def risk_line(session, facility: Facility, until: date | None = None) -> RiskLine:
    """The latest assessment completed on or before `until` (a closed audit's report keeps
    showing the one it was closed with)."""
    latest = stored.latest_completed(session, facility.id, until)
    if latest is None:
        return RiskLine(facility.code, None)
    ratings = Counter(item.rating for item in stored.items_of(session, latest.id))
    return RiskLine(
        facility=facility.code,
        assessment=display_id("risk", latest.id),
        assessed_on=latest.assessed_on,
        next_due=next_due(latest.assessed_on),
        ratings=tuple((r, ratings.get(r, 0)) for r in RATINGS),
    )


def risk_lines(session, facilities) -> tuple[RiskLine, ...]:
    return tuple(risk_line(session, f) for f in sorted(facilities, key=lambda f: f.code))
