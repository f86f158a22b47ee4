"""Names the domain builds in English (domain/formats/labels.py) worded in a reader's language
where they are shown: a risk assessment's action-plan item, `RA-2 · Risk assessment 2026,
action plan for threat "Cargo theft" (high)`. Any other label is data (a criterion's title is
relabelled from the checklist's own translation) and stays as it is."""

from __future__ import annotations

from collections.abc import Callable

from audit_engine.domain.formats.labels import risk_action_parts
from audit_engine.domain.words import N_

PLAN = {True: N_("%(ref)s · Risk assessment %(year)s, action plan"),
        False: N_("%(ref)s · Risk assessment, action plan")}
# The English is the label's own (risk_action_label), so an English reader reads it unchanged.
FOR_ITEM = {"threat": N_('%(plan)s for threat "%(name)s" (%(rating)s)'),
            "vulnerability": N_('%(plan)s for vulnerability "%(name)s" (%(rating)s)')}
RATINGS = {"high": N_("high"), "medium": N_("medium"), "low": N_("low")}


def label_words(label: str, gettext: Callable[..., str]) -> str:
    """`label` in the language of `gettext` when it is a risk action-plan item's."""
    parts = risk_action_parts(label) if isinstance(label, str) else None
    if parts is None:
        return label
    plan = gettext(PLAN[parts["year"] is not None], ref=parts["ref"], year=parts["year"])
    if parts["kind"] not in FOR_ITEM:
        return plan
    rating = parts["rating"]
    return gettext(FOR_ITEM[parts["kind"]], plan=plan, name=parts["name"],
                   rating=gettext(RATINGS[rating]) if rating in RATINGS else rating)
