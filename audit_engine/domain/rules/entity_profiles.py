"""How complete each entity profile of a catalog is: counts by confidence, complete or
partial, and the refusal of a partial profile unless it is allowed. Pure Python."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from audit_engine.domain.errors import PartialProfile
from audit_engine.domain.rules.applicability import CONFIDENCES, DEFAULT_CONFIDENCE
from audit_engine.domain.rules.catalog import Catalog
from audit_engine.domain.words import said


@dataclass(frozen=True)
class EntityProfile:
    """One entity type's criteria in a catalog: declared status and counts by confidence."""

    entity_type: str
    status: str  # "complete" | "partial"
    basis: str
    criteria: int
    by_confidence: tuple[tuple[str, int], ...]  # (confidence, count), in CONFIDENCES order

    @property
    def complete(self) -> bool:
        return self.status == "complete"

    def counts(self) -> dict[str, int]:
        return dict(self.by_confidence)


def declared_profiles(catalog: Catalog) -> dict[str, dict[str, Any]]:
    """{entity type: {"status", "basis"}} as the catalog (or the base it extends) declares."""
    return dict(catalog.extra.get("profiles") or {})


def entity_profile(catalog: Catalog, entity_type: str) -> EntityProfile:
    """The profile of `entity_type` in `catalog`: what it declares, what it holds."""
    criteria = catalog.for_entity(entity_type)
    counts = {level: 0 for level in CONFIDENCES}
    for criterion in criteria:
        counts[criterion.confidence_for(entity_type) or DEFAULT_CONFIDENCE] += 1
    declared_all = declared_profiles(catalog)
    declared = declared_all.get(entity_type)
    if not declared_all:
        status, basis = "complete", "the checklist declares no profiles: its criteria are all"
    elif declared is None:
        status, basis = "partial", "no complete list of criteria is declared for this entity type"
    else:
        status, basis = declared["status"], declared.get("basis", "")
    return EntityProfile(
        entity_type=entity_type,
        status=status,
        basis=basis,
        criteria=len(criteria),
        by_confidence=tuple(counts.items()),
    )


def complete_profile(catalog: Catalog, entity_type: str) -> bool:
    """The one meaning of "complete profile": the catalog declares the entity type's list of
    criteria complete, and holds at least one criterion for it. Inspection checklists are not
    profiles and always count as complete."""
    if catalog.kind != "criteria":
        return True
    profile = entity_profile(catalog, entity_type)
    return profile.complete and profile.criteria > 0


def partial_profile_reason(catalog: Catalog, entity_type: str) -> str:
    """One line naming why a plan against this profile is refused (or flagged on the cover)."""
    profile = entity_profile(catalog, entity_type)
    counts = ", ".join(f"{n} {level}" for level, n in profile.by_confidence if n)
    return said("the %(kind)s profile of %(catalog)s is partial (%(criteria)s criteria: "
                "%(counts)s; %(basis)s)", kind=entity_type,
                catalog=f"{catalog.id}@{catalog.version}", criteria=profile.criteria,
                counts=counts or "none", basis=profile.basis)


def require_complete_profile(catalog: Catalog, entity_type: str, allow_partial: bool) -> bool:
    """PartialProfile (exit 3) naming the profile, unless it is complete or `allow_partial`.
    Returns True when the plan goes ahead on a partial profile."""
    if complete_profile(catalog, entity_type):
        return False
    if not allow_partial:
        raise PartialProfile.said(
            "%(reason)s; pass --allow-partial-profile to plan it anyway, or complete the profile "
            "from the member's CBP document with `checklists profile import`",
            reason=partial_profile_reason(catalog, entity_type))
    return True
