"""Replaying the events of audits, answers, evidence, findings, corrective actions and final
reports into the values their rows must hold (see trail_replay.py for the whole)."""

from __future__ import annotations

from typing import Any

from audit_engine.domain.integrity.trail import EventRecord
from audit_engine.domain.integrity.trail_facts import UNKNOWN, AtSubmit, Replayed

DISMISSED_ON_RESUBMIT = "answer changed before resubmission"
RISK_CRITERION = "2.1"  # the criterion a completed risk assessment is evidence for


def _plan(state: Replayed, e: EventRecord, p: dict[str, Any]) -> None:
    state.set("audit", e.subject, e.seq, status="planned", period=p["period"],
              facility=p["facility"], closed_at=None, lead=p.get("lead"), due=p.get("due"),
              checklist=p.get("checklist"), criteria=p.get("criteria"), status_reason=None,
              checklist_hash=p.get("checklist_hash", UNKNOWN))  # recorded since 2026-12
    record = state.risk_records.get(p["facility"])
    if record:
        state.link(e.subject, e.seq, allowed=[f"{RISK_CRITERION} {record[:12]}"])


def _replan(state: Replayed, e: EventRecord, p: dict[str, Any]) -> None:
    state.set("audit", e.subject, e.seq, lead=p["to"]["lead"], due=p["to"]["due"])


def _audit_transition(state: Replayed, e: EventRecord, p: dict[str, Any]) -> None:
    state.set("audit", e.subject, e.seq, status=p["to"])
    if e.action == "audit.close":
        state.set("audit", e.subject, e.seq, closed_at=e.at.isoformat())
    if e.action in ("audit.return", "audit.cancel"):
        state.set("audit", e.subject, e.seq, status_reason=p.get("reason"))
    if e.action == "audit.submit":
        state.set("audit", e.subject, e.seq, status_reason=None)
        _drafts(state, e, p.get("findings") or [])


def _drafts(state: Replayed, e: EventRecord, listed: list[str]) -> None:
    """Submit drafts a finding per failing answer; earlier drafts not listed are dismissed."""
    prefix = f"{e.subject} "
    answers = {ref[len(prefix):]: (rec["result"].value, rec["note"].value)
               for ref, rec in state.kinds.get("answer", {}).items()
               if ref.startswith(prefix) and "result" in rec and "note" in rec}
    findings = state.kinds.setdefault("finding", {})
    for ref in list(findings):
        if ref not in listed and state.value("finding", ref, "audit") == e.subject \
                and state.value("finding", ref, "status") == "draft":
            state.set("finding", ref, e.seq, status="dismissed",
                      status_reason=DISMISSED_ON_RESUBMIT)
    for ref in listed:
        new = ref not in findings
        if new or state.value("finding", ref, "status") == "draft":
            state.set("finding", ref, e.seq, status="draft", audit=e.subject,
                      **{name: AtSubmit(answers, name) for name in ("result", "note", "severity")})
        if new:
            state.set("finding", ref, e.seq, status_reason=None, severity_reason=None)


def _carry_forward(state: Replayed, e: EventRecord, p: dict[str, Any]) -> None:
    for item in p.get("reverify") or []:
        criterion = str(item).split(":", 1)[0]
        state.set("answer", f"{e.subject} {criterion}", e.seq, note=UNKNOWN)
    state.link(e.subject, e.seq, required=[str(c).replace(":", " ", 1)
                                           for c in p.get("carried") or []])


def _answer(state: Replayed, e: EventRecord, p: dict[str, Any]) -> None:
    state.set("answer", f"{e.subject} {p['criterion']}", e.seq, result=p["result"],
              note=p.get("note", ""))


def _evidence(state: Replayed, e: EventRecord, p: dict[str, Any]) -> None:
    state.set("evidence", p["id"], e.seq, sha256=p["sha256"], size=p.get("size"),
              name=p.get("name"), media_type=p.get("media_type", UNKNOWN),
              valid_until=p.get("valid_until", UNKNOWN))
    state.link(e.subject, e.seq, required=[f"{c} {p['sha256'][:12]}"
                                           for c in p.get("criteria") or []])


def _relink(state: Replayed, e: EventRecord, p: dict[str, Any]) -> None:
    """A file already in the audit linked to one more criterion, or a link removed."""
    sha = state.value("evidence", p["id"], "sha256")
    if sha is None:  # a file no evidence.add named (a completed risk assessment's record)
        state.link(e.subject, e.seq, loose=[p["criterion"]])
        return
    link = [f"{p['criterion']} {sha[:12]}"]
    if e.action == "evidence.link":
        state.link(e.subject, e.seq, required=link)
    else:
        state.link(e.subject, e.seq, gone=link)


def _finding(state: Replayed, e: EventRecord, p: dict[str, Any]) -> None:
    state.set("finding", e.subject, e.seq, status=p["to"])
    if e.action == "finding.dismiss":
        state.set("finding", e.subject, e.seq, status_reason=p.get("reason"))
    if p.get("severity_to"):
        state.set("finding", e.subject, e.seq, severity=p["severity_to"],
                  severity_reason=p.get("reason"))


def _action_added(state: Replayed, e: EventRecord, p: dict[str, Any]) -> None:
    state.set("action", e.subject, e.seq, status="open", owner=p["owner"], due=p.get("due"),
              plan=p.get("plan"), root_cause=p.get("root_cause") or "", notes=[],
              finding=p.get("finding"), risk_assessment=p.get("risk_assessment"))


def _reassign(state: Replayed, e: EventRecord, p: dict[str, Any]) -> None:
    state.set("action", e.subject, e.seq, owner=p["to"])


def _action(state: Replayed, e: EventRecord, p: dict[str, Any]) -> None:
    state.set("action", e.subject, e.seq, status=p["to"])
    if p.get("evidence"):
        state.unnamed_evidence.add(p["evidence"])
    if p.get("note") or p.get("evidence"):
        notes = state.value("action", e.subject, "notes", UNKNOWN)
        if notes is not UNKNOWN:
            entry = [e.action.split(".", 1)[1], p.get("note") or "", p.get("evidence")]
            state.set("action", e.subject, e.seq, notes=[*notes, entry])


def _final(state: Replayed, e: EventRecord, p: dict[str, Any]) -> None:
    state.set("final_report", e.subject, e.seq, sha256=p.get("sha256"), file=p.get("file"))


HANDLERS = {
    "audit.plan": _plan, "audit.replan": _replan, "audit.carry_forward": _carry_forward,
    "audit.fieldwork_moved": None,  # the fieldwork window, not the audit row
    "audit.start": _audit_transition, "audit.submit": _audit_transition,
    "audit.return": _audit_transition, "audit.approve": _audit_transition,
    "audit.close": _audit_transition, "audit.cancel": _audit_transition,
    "answer.record": _answer, "evidence.add": _evidence, "evidence.link": _relink,
    "evidence.unlink": _relink,
    "finding.confirm": _finding, "finding.dismiss": _finding,
    "action.add": _action_added, "action.reassign": _reassign, "action.start": _action,
    "action.implement": _action, "action.verify": _action, "action.reject": _action,
    "report.final": _final,
}
