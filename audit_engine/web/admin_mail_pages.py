"""Reminder rules, report subscriptions and the outbox in administration: the same services and
refusals as `reminder set`, `subscription add|remove` and `outbox retry`."""

from __future__ import annotations

from functools import partial

from fastapi import APIRouter, Depends, Form, Request

from audit_engine.domain.rules.reminders import parse_days
from audit_engine.services.calendar import reminder_rules, subscriptions
from audit_engine.services.mail import outbox
from audit_engine.services.pages import admin_views
from audit_engine.web.admin_forms import Refusal, admin_services, attempt
from audit_engine.web.admin_words import RULE_NAMES, RULE_WORDS, outcome_words
from audit_engine.web.edge import render, services, signed_in

router = APIRouter()


def _rules(request: Request, identity, refusal: Refusal | None = None, status: int = 200):
    page = admin_views.rules_page(services(request).uow, actor=identity.actor)
    return render(request, "admin_rules.html", status, page=page, refusal=refusal,
                  rule_words=RULE_WORDS, rule_names=RULE_NAMES)


@router.get("/admin/rules")
def rules(request: Request, identity=Depends(signed_in)):
    return _rules(request, identity)


@router.post("/admin/rules/{key}")
def set_rule(request: Request, key: str, enabled: str = Form(""), mandatory: str = Form(""),
             days: str | None = Form(None), weekday: str = Form(""),
             identity=Depends(signed_in)):
    """Checkboxes say both ways (unticked sends nothing); days and weekday only where the
    rule has them."""
    app = admin_services(request, identity)
    return attempt(lambda: reminder_rules.set_rule(
        app.uow(), app.clock, actor=identity.actor, key=key, enabled=enabled == "1",
        mandatory=mandatory == "1", days=parse_days(days) if days is not None else None,
        weekday=weekday or None),
        page=partial(_rules, request, identity), form=f"rule-{key}",
        then=f"/admin/rules#rule-{key}", filled={"days": days or ""})


def _subscriptions(request: Request, identity, refusal: Refusal | None = None,
                   status: int = 200):
    page = admin_views.subscriptions_page(services(request).uow, actor=identity.actor)
    return render(request, "admin_subscriptions.html", status, page=page, refusal=refusal,
                  languages=services(request).languages.choices(), outcome=outcome_words)


@router.get("/admin/subscriptions")
def subscriptions_page(request: Request, identity=Depends(signed_in)):
    return _subscriptions(request, identity)


@router.post("/admin/subscriptions")
def add_subscription(request: Request, report: str = Form(""), schedule: str = Form(""),
                     to: str = Form(""), facility: str = Form(""), owner: str = Form(""),
                     language: str = Form(""), identity=Depends(signed_in)):
    app = admin_services(request, identity)
    return attempt(lambda: subscriptions.add_subscription(
        app.uow(), app.clock, actor=identity.actor, report=report, schedule=schedule,
        recipients=to.replace(",", " ").split(), facility=facility or None,
        owner=owner or None, language=language or None, check=app.languages.checked),
        page=partial(_subscriptions, request, identity), form="subscription-add",
        then="/admin/subscriptions",
        filled={"report": report, "schedule": schedule, "to": to, "facility": facility,
                "owner": owner, "language": language})


@router.post("/admin/subscriptions/{ref}/remove")
def remove_subscription(request: Request, ref: str, identity=Depends(signed_in)):
    app = admin_services(request, identity)
    return attempt(lambda: subscriptions.remove_subscription(
        app.uow(), app.clock, actor=identity.actor, subscription=ref),
        page=partial(_subscriptions, request, identity), form=f"remove-{ref}",
        then="/admin/subscriptions")


def _outbox(request: Request, identity, status_filter: str | None,
            refusal: Refusal | None = None, status: int = 200):
    page = admin_views.outbox_page(services(request).uow, actor=identity.actor,
                                   status=status_filter)
    return render(request, "admin_outbox.html", status, page=page, refusal=refusal,
                  rule_names=RULE_NAMES)


@router.get("/admin/outbox")
def outbox_page(request: Request, status: str = "", identity=Depends(signed_in)):
    return _outbox(request, identity, status or None)


@router.post("/admin/outbox/{message}/retry")
def retry(request: Request, message: str, identity=Depends(signed_in)):
    from audit_engine.domain.formats.inputs import parse_number_id

    app = admin_services(request, identity)
    return attempt(lambda: outbox.retry_message(
        app.uow, app.clock, parse_number_id("outbox message", message), actor=identity.actor),
        page=partial(_outbox, request, identity, None), form=f"retry-{message}",
        then="/admin/outbox")
