"""Report subscriptions: a report (portfolio, corrective actions, a facility's latest audit)
mailed on a schedule to a list of recipients, skipped when there is nothing to report."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from audit_engine.domain.actor import Actor
from audit_engine.domain.clock import Clock
from audit_engine.domain.errors import InvalidInput, NotFound, PermissionDenied
from audit_engine.domain.formats.inputs import is_ascii_number, parse_number_id
from audit_engine.domain.formats.mail import normal_mailbox
from audit_engine.domain.rules.lifecycle import Role, display_id
from audit_engine.domain.rules.overdue import UNVERIFIED  # open = not yet verified
from audit_engine.scheduling.triggers import check_schedule, next_run
from audit_engine.services.calendar.reminder_rules import effective_rules
from audit_engine.services.lookup import actor_with_grants, facility_by_code
from audit_engine.services.mail import outbox
from audit_engine.services.mail.links import REPORTS_PAGE
from audit_engine.services.mail.role_holders import active_grants
from audit_engine.services.ports import UnitOfWork
from audit_engine.services.trail import append_event
from audit_engine.storage.models.scheduling import ReportSubscription
from audit_engine.storage.queries import subscriptions as stored
from audit_engine.storage.queries.rows import all_rows

REPORTS = ("portfolio", "actions", "facility")
SUBSCRIBERS = {Role.ADMIN.value, Role.COMPLIANCE_OFFICER.value, Role.MANAGER.value}


def add_subscription(
    uow: UnitOfWork,
    clock: Clock,
    *,
    actor: Actor,
    report: str,
    schedule: str,
    recipients,
    facility: str | None = None,
    owner: str | None = None,
    language: str | None = None,
    check: Callable[..., str] | None = None,
) -> SubscriptionView:
    """`language`: the mail's and report's (a code `check` knows); none: each recipient's."""
    recipients = _checked_request(report, recipients, facility)
    schedule = check_schedule(schedule)
    language = _checked_language(language, check)
    with uow:
        session = uow.session
        _, grants = actor_with_grants(session, actor)
        code = facility_by_code(session, facility).code if facility else None
        _require_subscriber(actor, grants, code)
        params = {"facility": code} if code else {}
        if owner:
            params["owner"] = owner.strip().lower()
        row = ReportSubscription(
            report=report, params=params, schedule=schedule, recipients=recipients,
            next_run_at=next_run(schedule, clock.now()), created_by=actor.email,
            created_at=clock.now(), language=language,
        )
        session.add(row)
        session.flush()
        view = subscription_view(row)
        append_event(uow, clock.now(), actor, "subscription.add", view.id,
                     {**asdict(view), "next_run_at": row.next_run_at.isoformat()})
        uow.commit()
    return view


def _checked_language(language: str | None, check: Callable[..., str] | None) -> str | None:
    if not (language or "").strip():
        return None
    if check is None:
        raise InvalidInput("a subscription's language needs the list of languages")
    return check(language, where="language")


def _require_subscriber(actor: Actor, grants, facility: str | None) -> None:
    """A facility's report needs a subscriber role there; portfolio and actions reports show
    every facility, so they need one for every facility (not one limited to some)."""
    if any(g.role in SUBSCRIBERS and (g.facility is None or g.facility == facility)
           for g in grants):
        return
    if facility:
        raise PermissionDenied.said(
            "%(actor)s may not add subscriptions for facility %(facility)s: needs role admin, "
            "compliance_officer or manager there", actor=str(actor), facility=facility)
    raise PermissionDenied.said(
        "%(actor)s may not add subscriptions for every facility: needs role admin, "
        "compliance_officer or manager there", actor=str(actor))


def _checked_request(report: str, recipients, facility: str | None) -> list[str]:
    """The recipients, normalised, once the report and its parameters make sense."""
    if report not in REPORTS:
        raise InvalidInput.said("report %(report)r is not one of: %(known)s", report=report,
                                known=", ".join(REPORTS))
    given = [r.strip() for r in recipients if r.strip()]
    if not given:
        raise InvalidInput.said("a subscription needs at least one --to EMAIL")
    bad = [r for r in given if normal_mailbox(r) is None]
    if bad:
        raise InvalidInput.said("recipient %(recipient)r is not a valid e-mail address (an "
                                "address, or a name and an address: Name <name@example.com>)",
                                recipient=bad[0])
    by_address: dict[str, str] = {}  # one recipient per address: the first spelling given
    for mailbox in (normal_mailbox(r) or r for r in given):  # every one is valid by now
        by_address.setdefault(mailbox.rsplit("<", 1)[-1].rstrip(">"), mailbox)
    recipients = sorted(by_address.values())
    if report == "facility" and not facility:
        raise InvalidInput.said("the facility report needs --facility CODE")
    return recipients


@dataclass(frozen=True)
class SubscriptionView:
    """A report subscription as the CLI, the admin page and the API show it."""

    id: str  # S-<number>
    report: str
    params: dict[str, Any]
    facility: str | None  # strict templates: always present, maybe None
    schedule: str
    to: tuple[str, ...]
    next_run_at: datetime
    last_run_at: datetime | None
    last_outcome: str | None
    language: str | None  # None: each recipient's own


def subscription_view(row: ReportSubscription) -> SubscriptionView:
    return SubscriptionView(
        id=f"S-{row.id}",
        report=row.report,
        params=dict(row.params),
        facility=row.params.get("facility"),
        schedule=row.schedule,
        to=tuple(row.recipients),
        next_run_at=row.next_run_at,
        last_run_at=row.last_run_at,
        last_outcome=row.last_outcome,
        language=row.language,
    )


def list_subscriptions(uow: UnitOfWork) -> list[SubscriptionView]:
    with uow.reading():
        rows = all_rows(uow.session, ReportSubscription)
        return [subscription_view(r) for r in rows]


def remove_subscription(uow: UnitOfWork, clock: Clock, *, actor: Actor,
                        subscription: str) -> SubscriptionView:
    raw = subscription.strip().upper().removeprefix("S-")
    with uow:
        session = uow.session
        number = parse_number_id("subscription", raw) if is_ascii_number(raw) else None
        row = session.get(ReportSubscription, number) if number else None
        if row is None:
            raise NotFound.said("subscription %(ref)r not found", ref=subscription)
        _, grants = actor_with_grants(session, actor)
        _require_remover(actor, grants, row)
        view = subscription_view(row)
        session.delete(row)
        append_event(uow, clock.now(), actor, "subscription.remove", view.id, {})
        uow.commit()
    return view


def _require_remover(actor: Actor, grants, row: ReportSubscription) -> None:
    """Its creator, or an admin or compliance officer for the subscription's facility (for
    every facility when the report covers them all)."""
    if row.created_by.lower() == actor.email.strip().lower():
        return
    facility = row.params.get("facility")
    overseers = SUBSCRIBERS - {Role.MANAGER.value}
    if any(g.role in overseers and (g.facility is None or g.facility == facility)
           for g in grants):
        return
    if facility:
        raise PermissionDenied.said(
            "%(actor)s may not remove %(ref)s: only its creator, or an admin or compliance "
            "officer for facility %(facility)s", actor=str(actor), ref=f"S-{row.id}",
            facility=facility)
    raise PermissionDenied.said(
        "%(actor)s may not remove %(ref)s: only its creator, or an admin or compliance "
        "officer for every facility", actor=str(actor), ref=f"S-{row.id}")



# ---- the tick's part ----------------------------------------------------------------------------


@dataclass(frozen=True)
class QueuedSubscriptions:
    """The subscriptions a tick ran: messages queued, and runs skipped (count per reason)."""

    queued: int
    skipped: int
    skipped_because: dict[str, int]  # a mapping so `--json` prints it as an object


def queue_due_subscriptions(session, now: datetime, mail_domain: str) -> QueuedSubscriptions:
    """Every subscription due by now runs once (missed runs coalesce), then moves on."""
    due = stored.due_subscriptions(session, now)
    if not due:  # most ticks: neither the rule nor the grants need reading
        return QueuedSubscriptions(0, 0, {})
    rule = effective_rules(session)["subscription"]
    mail, because = [], Counter[str]()
    users = set(active_grants(session))  # who can sign in and open the reports page
    for row in due:
        reason = _nothing_to_report(session, row) if rule.enabled else "rule disabled"
        if reason is None:
            mail.append(_row(row, now, mail_domain, users))
            row.last_outcome = "queued"
        else:
            because[reason] += 1
            row.last_outcome = f"skipped: {reason}"
        row.last_run_at, row.next_run_at = now, next_run(row.schedule, now)
        session.add(row)
    # One enqueue for them all: its reads (languages, preferences, channels) once, not per row.
    queued = outbox.enqueue(session, mail) if mail else 0
    return QueuedSubscriptions(queued, because.total(), dict(because))


def _row(row: ReportSubscription, now: datetime, domain: str, users) -> dict:
    ref = {"kind": "report", "report": row.report, "filename": f"{row.report}-{now.date()}.pdf"}
    if row.report == "facility":
        ref = {**ref, "report": "audit", "audit_id": row.params["latest_audit_id"]}
    elif row.params.get("owner"):
        ref["owner"] = row.params["owner"]
    context = {
        "subscription": f"S-{row.id}",
        "report": row.report,
        "params": dict(row.params),
        "facility": row.params.get("facility"),  # strict templates: always present, maybe None
        "schedule": row.schedule,
        "run_on": now.date().isoformat(),
        # The reports page is for people who sign in: no link for an outside address.
        "link": REPORTS_PAGE if set(row.recipients) <= users else None,
    }
    if row.language:  # chosen for the subscription: every recipient reads it (not split)
        context["language"] = row.language
        ref["language"] = row.language
    return outbox.outbox_row(
        rule="subscription",
        key=f"S-{row.id}:{row.next_run_at.isoformat()}",
        recipients=row.recipients,
        template="subscription",
        context=context,
        now=now,
        mail_domain=domain,
        attachments=[ref],
    )


def _nothing_to_report(session, row: ReportSubscription) -> str | None:
    if row.report == "portfolio":
        return None if stored.audit_count(session) else "no audits yet"
    if row.report == "actions":
        count = stored.action_count(session, UNVERIFIED, row.params.get("owner"))
        return None if count else "no open corrective actions"
    latest = stored.latest_audit_at(session, row.params.get("facility"))
    if not latest:
        return "no audit for this facility"
    if row.last_run_at and latest.updated_at <= row.last_run_at:
        return f"{display_id('audit', latest.id)} unchanged since the last run"
    row.params = {**row.params, "latest_audit_id": latest.id}
    return None
