"""Completeness: every mail kind and the audit report rendered in a pseudo-locale made from
messages.pot at test time (`en_XA`: every entry bracketed ⟦…⟧ and accented). Any English word
left outside the brackets that is not data is text nobody marked for translation."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from audit_engine.languages import checks
from audit_engine.languages.catalogues import shipped_dir
from audit_engine.languages.wording import wording_for
from audit_engine.reporting.templates import Templates, template_dirs
from audit_engine.services.reports.views.audit import audit_report_context
from tests.reports import sample_views

PSEUDO = "en_XA"
ACCENTS = str.maketrans("aeiouAEIOUnNcC", "áéíóúÁÉÍÓÚñÑçÇ")
KEEP = re.compile(r"(%\(\w+\)[sd]|%%|<[^>]+>|&\w+;|\n)")
MAILS = sorted(p.name.removesuffix(".subject.txt")
               for p in (shipped_dir().parents[2] / "report_templates" / "email").glob(
                   "*.subject.txt"))
# Words that are no English to translate: names of things and units.
ALLOWED = {"audit-engine", "CTPAT", "PDF", "UTC", "JSON", "SHA", "CBP", "MSC", "HTML", "ID"}


MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def pseudo(text: str) -> str:
    parts = KEEP.split(text)
    return "⟦" + "".join(p if KEEP.fullmatch(p) else p.translate(ACCENTS) for p in parts) + "⟧"


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """A template folder whose languages/ holds the pseudo-locale (as an operator's would)."""
    from babel.messages.mofile import write_mo  # noqa: F401 - Babel is there (languages/)
    from babel.messages.pofile import write_po

    root = tmp_path_factory.mktemp("pseudo")
    catalogue = checks.read(shipped_dir() / "messages.pot")
    for message in catalogue:
        if message.id:
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            forms = tuple(pseudo(ids[min(i, len(ids) - 1)]) for i in range(2))
            message.string = forms if isinstance(message.id, tuple) else forms[0]
    target = root / "languages" / PSEUDO / "LC_MESSAGES"
    target.mkdir(parents=True)
    catalogue.locale = "en"
    with (target / "messages.po").open("wb") as handle:
        write_po(handle, catalogue)
    return root


def english_left(text: str, data: list[str]) -> list[str]:
    """Words outside the brackets that are neither data nor allowed."""
    while "⟦" in text:
        stripped = re.sub(r"⟦[^⟦⟧]*⟧", " ", text)
        if stripped == text:
            break
        text = stripped
    for value in sorted(data, key=len, reverse=True):
        text = text.replace(value, " ")
    text = re.sub(r"<[^>]+>|https?://\S+|[\w.+-]+@[\w.-]+|&\w+;|\b[A-Z]{1,4}-\d+", " ", text)
    return [w for w in re.findall(r"[A-Za-z][A-Za-z'-]{2,}", text) if w not in ALLOWED]


def values(thing) -> list[str]:
    if isinstance(thing, dict):
        return [v for item in thing.values() for v in values(item)]
    if isinstance(thing, list | tuple):
        return [v for item in thing for v in values(item)]
    return [str(thing)] if isinstance(thing, str) else []


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
