"""One facility in administration, read with the overview beside it; its form saved as the
changes from what is stored (the same service and refusals as `facility edit`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.services.administration.facility_changes import edit_facility
from audit_engine.services.administration.languages import Check
from audit_engine.services.administration.people import FacilityView
from audit_engine.services.administration.reads import facility_for
from audit_engine.services.administration.user_admin import AdminOverview, admin_overview


@dataclass(frozen=True)
class FacilityAdminPage:
    admin: AdminOverview
    facility: FacilityView


def facility_admin_page(uow_factory, *, actor: Actor, code: str) -> FacilityAdminPage:
    return FacilityAdminPage(admin_overview(uow_factory, actor=actor),
                             facility_for(uow_factory(), actor=actor, code=code))


def save_facility_form(uow_factory, clock: Clock, *, actor: Actor, code: str,
                       wanted: dict[str, Any], time_zone: str, language: str = "",
                       check: Check | None = None) -> None:
    """Only what differs from the stored facility is sent as a change (an emptied time zone
    goes back to the server's, an emptied language to English)."""
    now = facility_for(uow_factory(), actor=actor, code=code)
    changed = {k: v for k, v in wanted.items() if v not in (None, "") and v != getattr(now, k)}
    if time_zone.strip() != (now.time_zone or ""):
        changed["time_zone"] = time_zone.strip()
    if (language.strip() or "en") != (now.language or "en"):
        changed["language"] = language.strip()
    edit_facility(uow_factory(), clock, actor=actor, code=code, check=check, **changed)
