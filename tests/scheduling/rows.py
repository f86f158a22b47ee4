"""Outbox rows made directly, for dispatch tests that need no lifecycle history."""

from __future__ import annotations

from audit_engine.services.mail import outbox


def due_rows(app, now, count: int, rule: str = "audit_due", to="lead@example.com") -> None:
    rows = [
        outbox.outbox_row(
            rule=rule, key=f"A-{n}:2027-03-31:d7", recipients=[to], template=rule,
            context={"audit": f"A-{n}", "facility": "F1", "facility_name": "Plant F1",
                     "period": "2027-Q1", "status": "planned", "due": "2027-03-31",
                     "days_left": 7, "unanswered": 12, "action": f"X-{n}", "finding": "F-1",
                     "owner": to, "days_overdue": 0, "plan": "fix the fence",
                     "starts_on": "2027-03-24", "ends_on": "2027-03-26", "closed_on": "2027-04-20"},
            now=now, mail_domain="example.com")
        for n in range(1, count + 1)
    ]
    with app.uow() as uow:
        outbox.enqueue(uow.session, rows)
        uow.commit()
