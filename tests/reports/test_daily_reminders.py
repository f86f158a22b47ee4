"""One reminder a day per person, over a simulated month, on SQLite and PostgreSQL: ten overdue
actions of one owner make one message a day listing all ten; escalations are gathered the
same way; nobody is escalated to about their own action; implemented-but-unverified overdue
actions go to the verifiers."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy

from sqlmodel import select

from audit_engine.services.actions import action_listing, actions
from audit_engine.services.review import findings, transitions
from audit_engine.storage.models.scheduling import OutboxMessage
from tests.acting import as_cli
from tests.lifecycle import world
from tests.scheduling.ticking import tick

DAYS = 30


def remediation_with_actions(app, tmp_path, count: int = 10) -> list[str]:
    """An audit in remediation with `count` must criteria failed: one action each, owned by
    the owner, except the last (owned by the facility's manager)."""
    world.cast(app)
    audit = world.plan(app)
    musts = [a.criterion for a in world._answers(app, audit) if a.level == "must"]
    world.to_review(app, audit, tmp_path, {c: "non_compliant" for c in musts[: count + 1]})
    made = []
    for n, finding in enumerate(findings.list_findings(app.uow(), audit)):
        findings.confirm_finding(app.uow(), app.clock, actor=as_cli(world.OFFICER),
                                 finding=finding.id)
        owner = world.MANAGER if n == count else world.OWNER
        view = actions.add_action(app.uow(), app.clock, actor=as_cli(world.OFFICER),
                                  finding=finding.id, owner=owner, plan=f"Fix gap {n}")
        made.append(view.id)
    transitions.approve_audit(app.uow(), app.clock, actor=as_cli(world.MANAGER), audit=audit)
    # CLI listings (finding list, action list) name the criterion too
    [first, *_] = findings.list_findings(app.uow(), audit)
    listed = action_listing.list_actions(app.uow(), app.clock, audit=audit)
    assert first.finding_label.startswith(f"{first.id} · {first.criterion} ")
    assert listed[0].finding_label == first.finding_label
    return made


def daily_rows(app) -> list[OutboxMessage]:
    with app.uow().reading() as uow:
        return list(uow.session.exec(select(OutboxMessage).where(
            OutboxMessage.rule == "action_reminder")).all())


def test_a_month_of_ticks_sends_one_message_per_person_per_day(app, tmp_path):
    made = remediation_with_actions(app, tmp_path)
    first_late = app.clock.now().date() + timedelta(days=31)  # majors are due in 30 days
    for n in range(DAYS):
        moment = datetime.combine(first_late + timedelta(days=n), datetime.min.time(), UTC)
        summary = tick(app, moment.replace(hour=7), send=False)
        assert not summary.errors, summary.errors
        if n in (0, 9):  # a second scheduler pass the same day queues nothing
            assert tick(app, moment.replace(hour=9), send=False).reminders.queued == 0
    rows = daily_rows(app)
    per_person_day = Counter((r.recipients[0], r.dedupe_key.rsplit(":", 1)[1]) for r in rows)
    assert set(per_person_day.values()) == {1}
    owner_days = [r for r in rows if r.recipients == [world.OWNER]]
    assert len(owner_days) == DAYS  # overdue: every day, one message
    listed = [e["action"] for s in owner_days[-1].context["sections"] for e in s["entries"]]
    assert sorted(listed) == sorted(made[:10])
    label = owner_days[-1].context["sections"][0]["entries"][0]["label"]
    assert label.startswith("F-") and " · " in label and len(label.split(" ", 3)) == 4

    # escalated to the manager from day 7, gathered into one message, not about their own
    to_manager = [r for r in rows if r.recipients == [world.MANAGER]]
    sections = {s["key"]: s for r in to_manager for s in r.context["sections"]}
    assert made[10] not in {e["action"] for e in sections["escalated_manager"]["entries"]}
    assert {e["action"] for e in sections["mine_overdue"]["entries"]} == {made[10]}
    # ... the manager's own action goes to the compliance officers instead
    to_officer = [r for r in rows if r.recipients == [world.OFFICER]]
    escalated = {e["action"] for r in to_officer for s in r.context["sections"]
                 for e in s["entries"] if s["key"] == "escalated_compliance"}
    assert made[10] in escalated


def test_an_implemented_overdue_action_goes_to_the_verifiers(app, tmp_path):
    made = remediation_with_actions(app, tmp_path, count=1)
    store = app.evidence_store()
    for event in ("start", "implement"):
        actions.act_on(app.uow(), app.clock, store, actor=as_cli(world.OWNER), action=made[0],
                       event=event, note="done")
    late = app.clock.now().date() + timedelta(days=31)
    summary = tick(app, datetime.combine(late, datetime.min.time(), UTC).replace(hour=7))
    assert not summary.errors and summary.dispatch.failed == 0, summary
    rows = {r.recipients[0]: r.context for r in daily_rows(app)}
    assert world.OWNER not in rows or all(
        made[0] not in str(s) for s in rows[world.OWNER]["sections"])
    verify = rows[world.LEAD]["sections"]
    assert [s["key"] for s in verify] == ["to_verify"]
    assert verify[0]["entries"][0]["action"] == made[0]
    to_lead = [m for m in map(read_eml, app.settings.mail_folder.glob("*.eml"))
               if m["To"] == world.LEAD]  # the hand-off "implemented, verify it" comes too
    [daily] = [m for m in to_lead if m["Subject"].endswith(": 1 to verify")]
    body = daily.get_body(("plain",)).get_content()
    assert "waiting for verification (1)" in body and f"- {made[0]} · F-" in body


def read_eml(path):
    return message_from_bytes(path.read_bytes(), policy=policy.default)
