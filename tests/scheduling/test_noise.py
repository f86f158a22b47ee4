"""Less noise: over 8 weeks with 2 facilities and nothing overdue a manager gets a digest only
when it has something new; an overdue audit is in the next digest and in the inbox."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from sqlmodel import select

from audit_engine.services.planning import planning
from audit_engine.storage.models.notifications import InboxItem
from audit_engine.storage.models.people import User
from audit_engine.storage.models.scheduling import OutboxMessage
from tests.acting import as_cli
from tests.scheduling.conftest import at
from tests.scheduling.ticking import tick

OFFICER, MANAGER = "co@example.com", "mgr@example.com"


def plan(app, facility: str, due: date, period: str = "2027-Q1") -> str:
    return planning.plan_audit(app.uow(), app.clock, app.catalogs(), actor=as_cli(OFFICER),
                               facility=facility, checklist="ctpat-msc", period=period,
                               lead="lead@example.com", due=due).id


def weeks(app, first: date, count: int) -> None:
    day = first
    while day < first + timedelta(weeks=count):
        summary = tick(app, at(f"{day}T07:00"), send=False)
        assert not summary.errors, summary.errors
        day += timedelta(days=1)


def digests(app) -> list[OutboxMessage]:
    with app.uow().reading() as uow:
        return list(uow.session.exec(select(OutboxMessage).where(
            OutboxMessage.rule == "weekly_digest").order_by(OutboxMessage.dedupe_key)).all())


def inbox_of(app, email: str) -> list[InboxItem]:
    with app.uow().reading() as uow:
        return list(uow.session.exec(select(InboxItem).join(User, User.id == InboxItem.user_id)
                                     .where(User.email == email)).all())


def test_eight_quiet_weeks_send_fewer_than_four_digests(world):
    for facility in ("F1", "F2"):
        plan(world, facility, date(2027, 2, 28))  # due soon (new) from 29 January
    weeks(world, date(2027, 1, 4), 8)
    sent = Counter(r.recipients[0] for r in digests(world))
    assert 0 < sent[MANAGER] < 4, sent  # before: a digest every Monday, 8
    assert all(not r.attachments for r in digests(world))  # the PDF only on request


def test_an_overdue_audit_is_in_the_next_digest_and_the_inbox(world):
    plan(world, "F1", date(2027, 3, 31))
    late = plan(world, "F2", date(2027, 1, 20), period="2027-Q1")
    weeks(world, date(2027, 1, 4), 4)
    after = [r for r in digests(world) if r.context["overdue_audits"]]
    first = after[0]
    # This week's digest had nothing new on Monday; it goes the day the audit is overdue.
    assert first.created_at.date() == date(2027, 1, 21), first.dedupe_key
    assert [a["audit"] for a in first.context["overdue_audits"]] == [late]
    assert first.context["overdue_audits"][0]["new"] is True
    kinds = Counter(i.kind for i in inbox_of(world, MANAGER))
    assert kinds["weekly_digest"] == len(digests(world))
    officer = {i.kind: i for i in inbox_of(world, OFFICER)}
    assert officer["audit_overdue"].link == f"/audits/{late}"
