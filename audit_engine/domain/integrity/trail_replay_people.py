"""Replaying the events of users, their role grants, facilities and risk assessments into the
values their rows must hold (see trail_replay.py for the whole)."""

from __future__ import annotations

from typing import Any

from audit_engine.domain.integrity.trail import EventRecord
from audit_engine.domain.integrity.trail_facts import UNKNOWN, Replayed
from audit_engine.domain.integrity.trail_replay_work import RISK_CRITERION

EVERY_FACILITY = "*"


def _email(e: EventRecord) -> str:
    if not e.subject.startswith("user:"):
        raise ValueError(f"subject {e.subject!r} names no user")
    return e.subject[len("user:"):]


def _user_added(state: Replayed, e: EventRecord, p: dict[str, Any]) -> None:
    grants = sorted(f"{role}@{place}" for role in p["roles"] for place in p["facilities"])
    state.set("user", _email(e), e.seq, name=p["name"], active=True, grants=grants)


def _user_edited(state: Replayed, e: EventRecord, p: dict[str, Any]) -> None:
    state.set("user", _email(e), e.seq, name=p["name"]["to"])


def _grant(state: Replayed, e: EventRecord, p: dict[str, Any]) -> None:
    email = _email(e)
    grants = set(state.value("user", email, "grants", []))
    grant = f"{p['role']}@{p.get('facility') or EVERY_FACILITY}"
    grants = grants | {grant} if e.action == "user.grant" else grants - {grant}
    state.set("user", email, e.seq, grants=sorted(grants))


def _active(state: Replayed, e: EventRecord, p: dict[str, Any]) -> None:
    state.set("user", _email(e), e.seq, active=e.action == "user.reactivate")


def _facility_added(state: Replayed, e: EventRecord, p: dict[str, Any]) -> None:
    state.set("facility", p["code"], e.seq, name=p["name"], entity_type=p["entity_type"],
              country=p.get("country"), manager=p.get("manager"), manager_id=UNKNOWN,
              time_zone=p.get("time_zone"))


def _facility_edited(state: Replayed, e: EventRecord, p: dict[str, Any]) -> None:
    code = e.subject.removeprefix("facility:")
    for name, change in p.items():
        if name == "via":
            continue
        state.set("facility", code, e.seq, **{name: change["to"]})
        if name == "manager_id":  # recorded as the user's id; the e-mail is not
            state.set("facility", code, e.seq, manager=UNKNOWN)


def _risk_opened(state: Replayed, e: EventRecord, p: dict[str, Any]) -> None:
    state.set("risk", e.subject, e.seq, facility=p["facility"], year=p["year"], status="open",
              cargo_flow="", process="", assessed_on=None)


def _risk_step(state: Replayed, e: EventRecord, p: dict[str, Any]) -> None:
    field = {"map": "cargo_flow", "documentation": "process"}[p["step"]]
    state.set("risk", e.subject, e.seq, **{field: p["text"]})


def _risk_item(state: Replayed, e: EventRecord, p: dict[str, Any]) -> None:
    state.set("risk_item", p["item"], e.seq, assessment=e.subject, kind=p["kind"],
              name=p["name"], rating=p["rating"], criterion=p.get("criterion"))


def _risk_completed(state: Replayed, e: EventRecord, p: dict[str, Any]) -> None:
    state.set("risk", e.subject, e.seq, status="completed", assessed_on=p["assessed_on"])
    state.unnamed_evidence.add(p["evidence"])
    facility = state.value("risk", e.subject, "facility")
    if facility:
        state.risk_records[facility] = p["evidence"]
    for audit in p.get("linked_audits") or []:
        state.link(audit, e.seq, required=[f"{RISK_CRITERION} {p['evidence'][:12]}"])


HANDLERS = {
    "user.add": _user_added, "user.edit": _user_edited, "user.grant": _grant,
    "user.revoke": _grant, "user.deactivate": _active, "user.reactivate": _active,
    "facility.add": _facility_added, "facility.edit": _facility_edited,
    "risk.open": _risk_opened, "risk.step": _risk_step, "risk.threat": _risk_item,
    "risk.vulnerability": _risk_item, "risk.complete": _risk_completed,
}
