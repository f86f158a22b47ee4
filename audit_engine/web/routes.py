"""Which routers make up the web pages, and what wraps them."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from audit_engine.web.language import SpokenLanguage

STATIC_DIR = Path(__file__).resolve().parent / "static"


def install(http: FastAPI, services) -> None:
    from audit_engine.web import (
        account_pages,
        action_pages,
        admin_chat_pages,
        admin_facility_pages,
        admin_mail_pages,
        admin_pages,
        admin_program_pages,
        admin_sso_pages,
        admin_user_pages,
        audit_file_pages,
        audit_pages,
        calendar_pages,
        checklist_pages,
        dashboard_pages,
        fieldwork_pages,
        inbox_pages,
        list_pages,
        offline_pages,
        plan_pages,
        profile_pages,
        reassign_pages,
        report_pages,
        review_pages,
        risk_pages,
        sign_in_pages,
        sso_pages,
    )

    _wrap(http, services)
    for module in (sign_in_pages, account_pages, dashboard_pages, list_pages, audit_pages,
                   fieldwork_pages, review_pages, reassign_pages, action_pages, admin_pages,
                   admin_user_pages, admin_program_pages, admin_mail_pages, report_pages,
                   risk_pages, plan_pages, audit_file_pages, admin_facility_pages, profile_pages,
                   inbox_pages, admin_chat_pages, checklist_pages, sso_pages, calendar_pages,
                   offline_pages, admin_sso_pages):
        http.include_router(module.router)


def _wrap(http: FastAPI, services) -> None:
    """What every page passes through: headers, language, body cap, error pages; and the
    static files."""
    from audit_engine.web.edge import install_body_cap
    from audit_engine.web.error_pages import install_error_pages
    from audit_engine.web.security import SecurityHeaders

    http.add_middleware(SecurityHeaders)
    http.add_middleware(SpokenLanguage, services=services)  # outermost: error pages too
    install_body_cap(http, services)
    install_error_pages(http)
    http.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
