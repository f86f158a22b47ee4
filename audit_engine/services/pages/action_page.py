"""Corrective actions as the web shows them: the ones the actor may see, by due date, each
with the steps the actor may take now (and why not the others)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.domain.errors import NotFound, PermissionDenied, StaleRecord, TransitionNotAllowed
from audit_engine.domain.rules.lifecycle import ActionId, display_id
from audit_engine.domain.rules.permissions import PERMISSIONS, holds
from audit_engine.domain.words import said
from audit_engine.services.actions.action_views import action_detail_view
from audit_engine.services.actions.actions import _may
from audit_engine.services.actions.evidence_uploads import Upload, act_with_upload
from audit_engine.services.audits.edits_since import read_position
from audit_engine.services.audits.read_models import ActionDetail, fields_of
from audit_engine.services.lookup import actor_with_grants
from audit_engine.services.pages.action_fix import WhatToFix, what_to_fix
from audit_engine.services.pages.audit_visibility import visible
from audit_engine.services.pages.people_choices import Person, may_reassign, owners_at
from audit_engine.services.ports import EvidenceStore, UnitOfWork
from audit_engine.storage.queries.actions import actions_with_place
from audit_engine.storage.queries.facilities import time_zone_of

STEPS = {
    "open": ("start",),
    "in_progress": ("implement",),
    "implemented": ("verify", "reject"),
}


@dataclass(frozen=True)
class ActionStep:
    event: str
    allowed: bool
    reason: str | None  # an unmet condition in everyday words, when not allowed
    permission: str = ""  # the permission key the step needs (the web words it)
    duty: str | None = None  # the separation-of-duties rule in the way


@dataclass(frozen=True)
class ActionPageView(ActionDetail):
    facility: str  # code


@dataclass(frozen=True)
class ActionPageRow:
    view: ActionPageView
    steps: tuple[ActionStep, ...]
    mine: bool
    fix: WhatToFix | None = None  # read for one action's page only
    time_zone: str | None = None  # the facility's (one action's page only; None: server's)


def visible_actions(uow: UnitOfWork, clock: Clock, *, actor: Actor) -> list[ActionPageRow]:
    today = clock.now().date()
    with uow.reading():
        session = uow.session
        user, grants = actor_with_grants(session, actor)
        rows = actions_with_place(session)  # audits' actions and risk action-plan items
        return [
            _row(session, action, code, status, user, grants, today)
            for action, code, status in rows
            if visible(grants, code)
        ]


def action_detail(uow: UnitOfWork, clock: Clock, *, actor: Actor,
                  action: ActionId) -> ActionPageRow:
    number = action.number
    for row in visible_actions(uow, clock, actor=actor):
        if row.view.id == action:
            with uow.reading():  # visible: the reader holds a role at its facility
                fix = what_to_fix(uow.session, number, clock.now().date())
                zone = time_zone_of(uow.session, row.view.facility)
            return replace(row, fix=fix, time_zone=zone)
    raise NotFound.said("corrective action %(ref)s not found", ref=str(action))


def _row(session, action, code, audit_status, user, grants, today) -> ActionPageRow:
    view = ActionPageView(**fields_of(action_detail_view(session, action, today)), facility=code)
    steps = tuple(
        _step(session, event, user, grants, action, code, audit_status)
        for event in STEPS.get(action.status, ())
        if holds(grants, PERMISSIONS[f"action.{event}"], code)  # never in their role: hidden
    )
    return ActionPageRow(view, steps, action.owner_id == user.id)


def _step(session, event, user, grants, action, code, audit_status) -> ActionStep:
    permission = f"action.{event}"
    if audit_status is not None and audit_status != "remediation":  # None: a risk item
        return ActionStep(event, False, said("the audit is %(status)s, not in remediation",
                                             status=audit_status), permission)
    try:
        _may(event, user, grants, action, code, display_id("action", action.id), session)
    except PermissionDenied as refused:
        return ActionStep(event, False, None if refused.duty else refused.phrase, permission,
                          refused.duty)
    return ActionStep(event, True, None, permission)


@dataclass(frozen=True)
class ActionShown:
    row: ActionPageRow
    seen: int  # the trail's position the page's forms carry
    owners: tuple[Person, ...]  # whom the reader may give the action to (none: no form)


def action_shown(uow: UnitOfWork, clock: Clock, *, actor: Actor,
                 action: ActionId) -> ActionShown:
    """The action page: its position read first (a change landing meanwhile counts as
    unseen), the action, and the people it may be given to."""
    seen = read_position(uow)
    row = action_detail(uow, clock, actor=actor, action=action)
    code = row.view.facility
    owners: tuple[Person, ...] = ()
    if row.view.status != "verified" and may_reassign(uow, actor=actor, facility=code):
        owners = owners_at(uow, actor=actor, facility=code)
    return ActionShown(row, seen, owners)


@dataclass(frozen=True)
class StepTaken:
    action: str  # CA-<n>, the page to go back to
    audit: str | None  # its audit (None: a risk assessment's action-plan item)
    refused: StaleRecord | TransitionNotAllowed | None  # changed since the page was read


def step_from_page(uow: UnitOfWork, clock: Clock, store: EvidenceStore, *, actor: Actor,
                   action: ActionId,
                   upload: Upload | None,
                   max_bytes: int, **step: Any) -> StepTaken:
    """A step taken on the action page (`act_with_upload`'s keywords), or why it was refused
    when the action (or its audit's state) changed since the page was read."""
    audit = action_detail(uow, clock, actor=actor, action=action).view.audit
    try:
        act_with_upload(uow, clock, store, actor=actor, action=action, upload=upload,
                        max_bytes=max_bytes, **step)
    except (StaleRecord, TransitionNotAllowed) as refused:
        return StepTaken(action, audit, refused)
    return StepTaken(action, audit, None)
