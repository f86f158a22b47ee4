"""Every page in the pseudo-locale: each GET route of the web (read from the application, so a
new page is walked without being listed here) is opened by each person of the cast who may
(administrator, compliance officer, lead auditor, manager, action owner; the pages before
sign-in by a visitor), in a home holding an audit in fieldwork, one in remediation with its
corrective action and evidence, and a risk assessment. A visible English word outside the
brackets that is not data (anything stored: names, criteria, notes) is text nobody marked.

PENDING names the pages still unmarked, each with why: a page listed there that has become
clean fails too, so the list stays true."""

from __future__ import annotations

import contextlib
import json
import re
import zoneinfo
from datetime import date
from html.parser import HTMLParser

import pytest
from starlette.testclient import TestClient

from audit_engine.asgi import create_app
from audit_engine.bootstrap import Settings
from audit_engine.services.administration.languages import set_user_language
from audit_engine.services.administration.user_changes import edit_user
from audit_engine.services.planning import planning
from audit_engine.services.review import transitions
from audit_engine.services.risk import assessments
from audit_engine.storage.limits import FREE_TEXT, is_name_column
from tests.acting import as_cli
from tests.languages.pseudo import (
    ALLOWED,
    PSEUDO,
    english_left,
    stored_strings,
    write_pseudo_locale,
)
from tests.lifecycle import world
from tests.web.conftest import CAST, sign_in

pytestmark = pytest.mark.slow

PEOPLE = (world.ADMIN, world.OFFICER, world.LEAD, world.MANAGER, world.OWNER)
BEFORE_SIGN_IN = ("/sign-in", "/password/forgot", "/password/{token}")
# Routes that answer no page of their own: files, feeds, redirects, the service worker.
NOT_PAGES = {
    "/health", "/health/live", "/health/ready", "/sw.js", "/offline/uploads/{upload}",
    "/calendar/feed/{token}.ics", "/inbox/{item}", "/sign-in/code",
    "/sign-in/sso/callback", "/sign-in/sso/{key}", "/account/sso/{key}/link",
    "/admin/sso/{key}/test",  # these three need a sign-on provider's round trip
}
# Dates and calendar names come from CLDR through Babel (the pseudo-locale takes English's).
CALENDAR_WORDS = [day.strftime(f) for f in ("%b", "%B", "%a", "%A")
                  for day in (date(2027, m, 1) for m in range(1, 13))] + [
    date(2027, 3, d).strftime(f) for d in range(1, 8) for f in ("%a", "%A")]
# Time zones are named by their IANA ids ("America/Mexico_City"): codes, as the operator types them.
ZONES = sorted(zoneinfo.available_timezones(), key=len, reverse=True)
FILES = re.compile(r"\.(jpg|pdf|xlsx|zip|\{fmt\})$|^/evidence/\{ref\}$")  # downloads
# Pages still showing English at the last landing of issue 24, by route, and why.
PENDING: dict[str, str] = {}


@pytest.fixture
def database_url(tmp_path):
    return f"sqlite:///{tmp_path / 'home' / 'audit-engine.sqlite3'}"


@pytest.fixture
def settings(home, database_url, tmp_path):
    folder = write_pseudo_locale(tmp_path / "templates")
    return Settings(home=home, database_url=database_url, template_dir=folder)


# The cast's names as people have them: the world's ("lead", "owner") read as code words,
# which the walk rightly does not take for data.
NAMES = {world.OFFICER: "Olivia Ortega", world.LEAD: "Luis Leal", world.AUDITOR2: "Aurora Díaz",
         world.MANAGER: "Marta Méndez", world.OTHER_MANAGER: "Mateo Ruiz",
         world.OWNER: "Óscar Osorio", world.LEAD_OFFICER: "Lee Chen"}


@pytest.fixture
def seeded(people, tmp_path) -> dict[str, str]:
    """The path parameters the walk fills, from a home with something on every page."""
    for email in CAST:
        set_user_language(people.uow(), people.clock, actor=as_cli(world.ADMIN), email=email,
                          language=PSEUDO, check=people.languages.checked)
        if email in NAMES:
            edit_user(people.uow(), people.clock, actor=as_cli(world.ADMIN), email=email,
                      name=NAMES[email])
    closing = world.plan(people)
    [action] = world.to_remediation(people, closing, tmp_path)
    fieldwork = planning.plan_audit(people.uow(), people.clock, people.catalogs(),
                                    actor=as_cli(world.OFFICER), facility=world.FACILITY,
                                    checklist=world.CHECKLIST, period="2027-Q2",
                                    lead=world.LEAD).id
    transitions.start_fieldwork(people.uow(), people.clock, actor=as_cli(world.LEAD),
                                audit=fieldwork)
    must, _ = world.must_and_should(people, fieldwork)
    risk = assessments.open_assessment(people.uow(), people.clock, actor=as_cli(world.OFFICER),
                                       facility=world.FACILITY).id
    return {"audit": fieldwork, "closing": closing, "action": action, "criterion": must,
            "risk": risk, "email": world.OWNER, "code": world.FACILITY, "category": "1",
            "token": "no-such-token"}


def walked_routes(http) -> list[str]:
    """Every GET route of the application, the included routers opened."""
    def walk(routes):
        for route in routes:
            inner = getattr(route, "original_router", None)
            yield from walk(inner.routes) if inner is not None else [route]
    return sorted({r.path for r in walk(http.routes)
                   if "GET" in (getattr(r, "methods", None) or ()) and not FILES.search(r.path)}
                  - NOT_PAGES)


def filled(path: str, seeded: dict[str, str], evidence: str, checklist: str) -> list[str]:
    """Where a route is opened: an audit's pages twice, for the audit in fieldwork and the one
    in remediation (each state shows parts the other does not)."""
    if path == "/checklists/diff":
        return [f"/checklists/diff?old={checklist}&new={checklist}"]
    refs = {"/audits/": (seeded["audit"], seeded["closing"]), "/actions/": (seeded["action"],),
            "/risk/": (seeded["risk"],), "/evidence/": (evidence,), "/checklists/": (checklist,)}
    chosen = next((v for prefix, v in refs.items() if path.startswith(prefix)), ("",))
    return [re.sub(r"\{(\w+)\}", lambda m: seeded[m.group(1)], path.replace("{ref}", ref))
            for ref in chosen]


class Visible(HTMLParser):
    """The text a reader sees (and hears: labels, alternatives), scripts and styles left out."""

    SHOWN = ("aria-label", "placeholder", "title", "alt", "data-label")  # data-label: a narrow
    # screen shows it before each cell (style.css)

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self.hidden += 1
        self.parts += [v for k, v in attrs if k in self.SHOWN and v]
        if tag == "input" and dict(attrs).get("type") in ("submit", "button"):
            self.parts.append(dict(attrs).get("value") or "")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible(html: str) -> str:
    parser = Visible()
    parser.feed(html)
    return "\n".join(parser.parts)


def stored_text(app) -> list[str]:
    """Every text stored in the database, JSON opened up: the data pages show as it is."""
    from sqlalchemy import select
    from sqlmodel import SQLModel

    found, typed = [], []
    with app.engine.connect() as connection:
        for table in SQLModel.metadata.sorted_tables:
            columns = [c for c in table.columns if _is_text(c)]
            for row in connection.execute(select(*columns)) if columns else ():
                for column, value in zip(columns, row, strict=True):
                    if isinstance(value, str):
                        (typed if _is_typed(table, column) else found).append(value)
    opened = []
    for text in found:
        if text[:1] in "[{":
            with contextlib.suppress(ValueError):
                opened += stored_strings(json.loads(text))
    # A code word stored (a status, a role) is no data to excuse: the page must word it. What
    # someone typed (a file's name such as "policy.pdf") is data whatever its shape.
    return [t for t in typed if len(t) > 3] + [
        t for t in found + opened if len(t) > 3 and not re.fullmatch(r"[a-z_.]+", t)]


def _is_typed(table, column) -> bool:
    """A column people write: a name, a file's name, a note (storage/limits.py's lists); the
    scheduler's lease is named by the program."""
    return (is_name_column(column.name) or column.name in FREE_TEXT) \
        and table.name != "scheduler_lease"


def _is_text(column) -> bool:
    """A string column, SQLModel's own (AutoString, a decorator whose python_type is not
    implemented) too."""
    from sqlalchemy import String

    return isinstance(column.type, String) or isinstance(getattr(column.type, "impl", None),
                                                          String)


def catalog_text(app) -> list[str]:
    """The checklists' own text (titles, criteria, guidance, categories): data in English
    until a checklist carries its translation."""
    return [t for c in app.catalogs() for t in stored_strings(c) if len(t) > 3]


def step_text() -> list[str]:
    """The risk-assessment steps' own text: data, like the checklists', kept per language in
    domain/rules/risk_steps.py (the pseudo-locale, an English, reads the English)."""
    from audit_engine.domain.rules.risk_steps import STEP_TEXTS

    return [t for text in STEP_TEXTS["en"].values() for t in (text.title, text.text)]


def test_every_page_is_marked_throughout(people, settings, seeded):
    http = create_app(settings)
    data = stored_text(people) + catalog_text(people) + step_text() + CALENDAR_WORDS + ZONES
    with TestClient(http, base_url="http://127.0.0.1", follow_redirects=False) as visitor:
        visitor.headers["Accept-Language"] = "en-XA"
        clients = {}
        for person in PEOPLE:
            client = TestClient(http, base_url="http://127.0.0.1", follow_redirects=False)
            assert sign_in(client, person).status_code == 303, person
            clients[person] = client
        evidence, checklist = _ids(clients[world.OFFICER])
        walked, left = _walk(http, visitor, clients, seeded, evidence, checklist, data)
    http.state.services.dispose()
    found = {r: words for r, words in left.items() if r not in PENDING}
    assert not found, "\n".join(f"{r}: {' '.join(sorted(set(w)))}" for r, w in found.items())
    clean = sorted(r for r in PENDING if r in walked and r not in left)
    assert not clean, f"clean now, take them off PENDING: {clean}"
    unwalked = sorted(set(walked_routes(http)) - set(walked))
    assert not unwalked, f"no one could open: {unwalked}"


def _ids(client) -> tuple[str, str]:
    """An evidence id and a checklist reference, as the pages link them."""
    evidence = re.search(r'href="/evidence/(E-\d+)', client.get("/evidence").text).group(1)
    checklist = re.search(r'href="/checklists/([^"?]+)"', client.get("/checklists").text)
    return evidence, checklist.group(1)


def _walk(http, visitor, clients, seeded, evidence, checklist, data):
    walked, left = {}, {}
    for route in walked_routes(http):
        readers = [visitor] if route in BEFORE_SIGN_IN else list(clients.values())
        for path in filled(route, seeded, evidence, checklist):
            for client in readers:
                response = client.get(path)
                shown = response.status_code == 200 or route in BEFORE_SIGN_IN  # a link gone
                if not shown or "text/html" not in response.headers.get("content-type", ""):
                    continue
                walked[route] = path
                words = english_left(_text(response.text), data + _secrets(response.text),
                                     ALLOWED_HERE)
                if words:
                    left.setdefault(route, []).extend(words)
    return walked, left


def _text(html: str) -> str:
    code = re.sub(r'<span class="mono">[^<]*</span>', " ", html)  # commands, file names
    return re.sub(r"[a-z]+://\S+|[\w.+-]+@[\w.-]+", " ", visible(code))


def _secrets(html: str) -> list[str]:
    """A second factor's key shown for enrolment, whole and in groups of four."""
    secrets = re.findall(r"secret=([A-Z2-7]+)", html)
    return secrets + [s[i:i + 4] for s in secrets for i in range(0, len(s), 4)]


# Names that are no English to translate: formats, products, each language's own name.
ALLOWED_HERE = ALLOWED | {"CSV", "XLSX", "Excel", "Microsoft", "Teams", "Slack", "English",
                          "Espa"}
