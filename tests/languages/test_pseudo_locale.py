"""Completeness: every mail kind and the audit report rendered in a pseudo-locale made from
messages.pot at test time (`en_XA`: every entry bracketed ⟦…⟧ and accented). Any English word
left outside the brackets that is not data is text nobody marked for translation."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from audit_engine.languages.catalogues import shipped_dir
from audit_engine.languages.wording import wording_for
from audit_engine.reporting.templates import Templates, template_dirs
from audit_engine.services.reports.views.audit import audit_report_context
from tests.languages.pseudo import PSEUDO, english_left, values, write_pseudo_locale
from tests.reports import sample_views

MAILS = sorted(p.name.removesuffix(".subject.txt")
               for p in (shipped_dir().parents[2] / "report_templates" / "email").glob(
                   "*.subject.txt"))
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """A template folder whose languages/ holds the pseudo-locale (as an operator's would)."""
    return write_pseudo_locale(tmp_path_factory.mktemp("pseudo"))


@pytest.mark.parametrize("kind", MAILS)
def test_every_mail_kind_is_marked_throughout(folder, kind):
    from tests.languages.mail_contexts import CONTEXT

    templates = Templates(template_dirs(folder), wording_for(PSEUDO, folder))
    for part in ("subject.txt", "txt", "html"):
        text = templates.render(f"email/{kind}.{part}", CONTEXT)
        assert "⟦" in text
        left = english_left(text.replace("<title>", "").split("<style")[0], values(CONTEXT))
        assert left == [], f"{kind}.{part}: {left}"


def test_the_audit_report_is_marked_throughout(folder):
    view = sample_views.audit(status="review")
    context = audit_report_context(view, datetime(2027, 4, 10, tzinfo=UTC), {})
    html = Templates(template_dirs(folder), wording_for(PSEUDO, folder)).render(
        "audit_report.html", context)
    body = re.sub(r"<style.*?</style>|<head>.*?</head>", " ", html, flags=re.S)
    data = values({k: v for k, v in context.items() if isinstance(v, str)})
    data += [a.title for a in view.answers] + [c.name for c in view.categories]
    data += [f.description for f in view.findings] + [f.label for f in view.findings]
    data += [a.plan for f in view.findings for a in f.actions] + [e.name for e in view.evidence]
    data += [view.facility.name, view.facility.entity_type, view.checklist_id]
    data += [p.name for p in view.persons] + [e.summary for e in view.events if e.summary]
    data += [e.id for e in view.evidence] + [a.id for f in view.findings for a in f.actions]
    data += [view.facility.code, view.checklist_hash] + MONTHS  # dates by CLDR, not text
    data += [a.note for a in view.answers if a.note] + [e.action for e in view.events]
    left = english_left(body, data)
    assert left == [], " ".join(sorted(set(left)))
