"""Every write through the web or the API reaches the trail with its channel (`via`).

One app, one database: a journey calls every state-changing route of the routing table (web
pages and the API mounted at /api/v1) once with a minimal valid body, as the person who may,
and checks that the events it appended carry `via` "web" or "api". A route the journey does
not reach fails the test, so a new write route needs a line here; the few routes that write
no trail event are listed in SILENT with their reason (and the journey checks they append
none)."""

from __future__ import annotations

import hashlib
import io
import json
import re
from datetime import timedelta

import openpyxl
import pytest
from sqlmodel import select
from starlette.testclient import TestClient

from audit_engine.domain.integrity.totp import code_at
from audit_engine.services.actions import actions
from audit_engine.services.integrations.tokens import create_token
from audit_engine.services.review import findings
from audit_engine.storage.models.lifecycle import AuditEvent
from tests.acting import as_cli
from tests.lifecycle import world
from tests.web.conftest import PASSWORD, csrf_of
from tests.web.oidc_provider import write_sso_file
from tests.web.test_admin_pages import _failed_message

PDF = ("proof.pdf", b"%PDF-1.4 proof\n", "application/pdf")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# (method, route) -> why it appends no trail event
SILENT = {
    ("POST", "/sign-out"): "ends the cookie's session; no record changes",
    ("POST", "/inbox/read"): "marks the person's own inbox items read",
    ("POST", "/account/notifications"): "the person's own choice of mail or inbox per kind",
    ("POST", "/admin/chat/{number}/test"): "posts a test message to the channel at once",
    ("POST", "/admin/profiles"): "checks a profile file and shows it to save (no folder set)",
    ("POST", "/offline/uploads/{upload}"): "starts a chunked photo (recorded at its finish)",
    ("PUT", "/offline/uploads/{upload}"): "a chunk of a photo (recorded at its finish)",
}
def _write_routes(http) -> list[tuple[str, str, re.Pattern]]:
    """(method, route, pattern) of every state-changing route, in routing order."""
    found = []

    def walk(routes, prefix: str) -> None:
        for route in routes:
            inner = getattr(route, "original_router", None)
            if inner is not None:
                walk(inner.routes, prefix)
            elif getattr(route, "methods", None) is None and hasattr(route, "routes"):
                walk(route.routes, prefix + route.path)  # a mounted app: the API
            else:
                for method in sorted(set(getattr(route, "methods", ())) - {"GET", "HEAD"}):
                    path = prefix + route.path
                    pattern = re.compile("^" + re.sub(r"{\w+(:\w+)?}", "[^/]+", path) + "$")
                    found.append((method, path, pattern))

    walk(http.routes, "")
    return found


class Journey:
    """Requests as people of the cast, each checked for the channel of the events it wrote."""

    def __init__(self, web, people) -> None:
        self.web, self.app, self.routes = web, people, _write_routes(web)
        self.reached: set[tuple[str, str]] = set()
        self.browsers: dict[str, TestClient] = {}
        self.tokens: dict[str, str] = {}

    def browser(self, email: str) -> TestClient:
        if email not in self.browsers:
            client = TestClient(self.web, base_url="http://127.0.0.1", follow_redirects=False)
            form = client.get("/sign-in")
            client.post("/sign-in", data={"email": email, "password": PASSWORD, "next": "/",
                                          "csrf": csrf_of(form.text)})
            self.browsers[email] = client
        return self.browsers[email]

    def csrf(self, email: str) -> str:
        return csrf_of(self.browser(email).get("/account").text)

    def post(self, email: str, path: str, data: dict | None = None, status: int = 0,
             **options):
        client = self.browser(email)
        data = {"csrf": self.csrf(email), **(data or {})}
        return self.check("web", "POST", path, lambda: client.post(path, data=data, **options),
                          status)

    def call(self, email: str, method: str, path: str, **options):
        if email not in self.tokens:
            self.tokens[email] = create_token(self.app.uow(), self.app.clock, actor=as_cli(email),
                                              name="via").secret
        headers = {"Authorization": f"Bearer {self.tokens[email]}", **options.pop("headers", {})}
        client = self.browser_less()
        return self.check("api", method, "/api/v1" + path,
                          lambda: client.request(method, "/api/v1" + path, headers=headers,
                                                 **options))

    def browser_less(self) -> TestClient:
        if "" not in self.browsers:
            self.browsers[""] = TestClient(self.web, base_url="http://127.0.0.1",
                                           follow_redirects=False)
        return self.browsers[""]

    def check(self, via: str, method: str, path: str, send, status: int = 0):
        """`status`: the answer expected when it is a refusal (else any success)."""
        route = next((m, r) for m, r, p in self.routes if m == method and p.match(path))
        head = self._head()
        answer = send()
        done = answer.status_code == status if status else answer.status_code < 400
        assert done, (method, path, answer.status_code, answer.text[-600:])
        events = self._since(head)
        if route in SILENT:
            assert not events, (route, events)
        else:
            assert events, f"{method} {path} appended no trail event"
            assert all(payload.get("via") == via for _, payload in events), (path, events)
        self.reached.add(route)
        return answer

    def _head(self) -> int:
        with self.app.uow().reading() as uow:
            last = uow.session.exec(select(AuditEvent).order_by(AuditEvent.seq.desc())).first()
        return last.seq if last else 0

    def _since(self, seq: int) -> list[tuple[str, dict]]:
        with self.app.uow().reading() as uow:
            rows = uow.session.exec(select(AuditEvent).where(AuditEvent.seq > seq)
                                    .where(AuditEvent.action != "trail.key")).all()
        return [(r.action, json.loads(r.payload)) for r in rows]

    def version(self, audit: str) -> int:
        from audit_engine.services.lookup import audit_by_ref

        with self.app.uow().reading() as uow:
            return audit_by_ref(uow.session, audit).version

    def tick(self, seconds: int = 31) -> None:
        self.web.state.services.clock.at += timedelta(seconds=seconds)


@pytest.fixture
def sso_configured(home) -> None:
    """An identity provider set up in the home, before the web app reads it. Neither SSO
    admin write talks to the provider (a link names its subject; the policy checks one is
    set up), so its address is a closed loopback port."""
    write_sso_file(home, "http://127.0.0.1:9")


def test_every_web_and_api_write_records_its_channel(sso_configured, web, people, tmp_path):
    journey = Journey(web, people)
    _accounts(journey)
    _administration(journey)
    _fieldwork(journey)
    _review(journey, tmp_path)
    _actions(journey, tmp_path)
    _risk(journey)
    _api_administration(journey)
    _single_sign_on(journey)  # last: requiring it refuses the password sign-ins of the rest
    missing = {(m, r) for m, r, _ in journey.routes} - journey.reached
    assert not missing, f"write routes no journey step reaches: {sorted(missing)}"


def _accounts(j: Journey) -> None:
    lead = TestClient(j.web, base_url="http://127.0.0.1", follow_redirects=False)
    csrf = csrf_of(lead.get("/sign-in").text)
    j.check("web", "POST", "/sign-in", lambda: lead.post("/sign-in", data={
        "email": world.LEAD, "password": PASSWORD, "next": "/", "csrf": csrf}))
    j.browsers[world.LEAD] = lead
    j.post(world.LEAD, "/account/tokens", {"name": "laptop"})
    [token] = re.findall(r'action="/account/tokens/(\d+)/revoke"',
                         j.browser(world.LEAD).get("/account").text)
    j.post(world.LEAD, f"/account/tokens/{token}/revoke")
    page = j.browser(world.AUDITOR2).get("/account").text
    secret = re.search(r'id="totp-secret"[^>]*>([A-Z2-7]+)<', page).group(1)
    clock = j.web.state.services.clock
    j.post(world.AUDITOR2, "/account/second-factor", {"code": code_at(secret, clock.now())})
    j.tick()
    fresh = TestClient(j.web, base_url="http://127.0.0.1", follow_redirects=False)
    form = fresh.get("/sign-in").text
    fresh.post("/sign-in", data={"email": world.AUDITOR2, "password": PASSWORD, "next": "/",
                                 "csrf": csrf_of(form)})
    csrf = csrf_of(fresh.get("/sign-in/code").text)
    j.check("web", "POST", "/sign-in/code", lambda: fresh.post(
        "/sign-in/code", data={"code": code_at(secret, clock.now()), "csrf": csrf, "next": "/"}))
    j.post(world.AUDITOR2, "/account/recovery-codes", {"proof": PASSWORD})
    j.post(world.AUDITOR2, "/account/second-factor/off", {"proof": PASSWORD})
    j.post(world.ADMIN, "/account/notifications", {"kind-weekly_digest": "none"})
    j.post(world.ADMIN, f"/admin/users/{world.MANAGER}/notifications",
           {"kind-weekly_digest": "none"})
    j.post(world.ADMIN, "/account/language", {"language": "es"})
    j.post(world.ADMIN, "/account/language", {"language": "en"})
    j.post(world.LEAD, "/calendar/feed")
    j.post(world.LEAD, "/calendar/feed/off")
    j.post(world.ADMIN, "/inbox/read")
    anonymous = TestClient(j.web, base_url="http://127.0.0.1", follow_redirects=False)
    csrf = csrf_of(anonymous.get("/password/forgot").text)
    j.check("web", "POST", "/password/forgot", lambda: anonymous.post(
        "/password/forgot", data={"email": world.OWNER, "csrf": csrf}))
    link = _mailed_link(j.app, world.OWNER)
    csrf = csrf_of(anonymous.get(link).text)
    j.check("web", "POST", "/password/{token}", lambda: anonymous.post(
        link, data={"password": PASSWORD, "repeat": PASSWORD, "csrf": csrf}))
    signed_out = j.browser(world.AUDITOR2)
    j.check("web", "POST", "/sign-out", lambda: signed_out.post(
        "/sign-out", data={"csrf": csrf_of(signed_out.get("/account").text)}))
    del j.browsers[world.AUDITOR2]


def _mailed_link(app, email: str) -> str:
    from audit_engine.storage.models.scheduling import OutboxMessage

    with app.uow().reading() as uow:
        rows = uow.session.exec(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    [*_, link] = [r.context["link"] for r in rows if email in r.recipients and "link" in r.context]
    return re.sub(r"^https?://[^/]+", "", link)


def _administration(j: Journey) -> None:
    new = "new.auditor@example.com"
    j.post(world.ADMIN, "/admin/users", {"email": new, "name": "New Auditor", "role": "auditor"})
    j.post(world.ADMIN, f"/admin/users/{new}/invite")
    j.post(world.ADMIN, f"/admin/users/{new}/name", {"name": "Newly Named"})
    j.post(world.ADMIN, f"/admin/users/{new}/grant", {"role": "auditor", "facility": "MX-01"})
    j.post(world.ADMIN, f"/admin/users/{new}/revoke", {"role": "auditor", "facility": "MX-01"})
    j.post(world.ADMIN, f"/admin/users/{new}/active", {"active": "0"})
    j.post(world.ADMIN, f"/admin/users/{world.MANAGER}/language", {"language": "es"})
    _second_factor_on(j, world.LEAD_OFFICER)
    j.post(world.ADMIN, f"/admin/users/{world.LEAD_OFFICER}/second-factor/off")
    j.post(world.ADMIN, "/admin/facilities", {"code": "CA-01", "name": "Toronto",
                                              "entity_type": "us_importer", "country": "CA"})
    j.post(world.ADMIN, "/admin/facilities/CA-01", {"name": "Toronto DC", "country": "CA",
                                                    "entity_type": "us_importer"})
    j.post(world.ADMIN, "/admin/facilities/CA-01/manager", {"email": "ca.boss@example.com",
                                                            "name": "Ca Boss"})
    j.post(world.ADMIN, "/admin/security", {"required": "0"})
    j.post(world.OFFICER, "/admin/rules/action_due", {"mandatory": "1", "days": "10, 2"})
    j.post(world.OFFICER, "/admin/subscriptions", {"report": "portfolio", "schedule": "weekly",
                                                   "to": "a@example.com"})
    j.post(world.OFFICER, "/admin/subscriptions/S-1/remove")
    j.post(world.OFFICER, f"/admin/outbox/{_failed_message(j.app)}/retry")
    j.post(world.ADMIN, "/admin/chat", {"service": "teams", "facility": "",
                                        "url": "https://example.webhook.office.com/x",
                                        "description": "NJ"})
    # no network here: the test message fails to arrive, refused with 422 (no event either way)
    j.post(world.ADMIN, "/admin/chat/1/test", status=422)
    j.post(world.ADMIN, "/admin/chat/1/remove")
    _profile(j)
    _programmes(j)


def _second_factor_on(j: Journey, email: str) -> None:
    from audit_engine.domain.actor import Actor
    from audit_engine.services.administration import second_factor

    made = second_factor.second_factor_state(j.app.uow(), actor=Actor(email, "cli"))
    second_factor.enable_second_factor(j.app.uow(), j.app.clock, j.app.password_hasher,
                                       actor=Actor(email, "cli"),
                                       code=code_at(made.secret, j.app.clock.now()), token="")


def _profile(j: Journey) -> None:
    from tests.checklists.test_profile_import import RAIL_IDS

    rows = "\n".join(["id,level", *(f"{cid},must" for cid in RAIL_IDS)]).encode()
    j.post(world.ADMIN, "/admin/profiles", {"entity_type": "rail_carrier",
                                            "catalog_id": "acme-rail"},
           files={"sheet": ("rail.csv", rows, "text/csv")})


def _programmes(j: Journey) -> None:
    today = j.web.state.services.clock.now().date()
    j.post(world.OFFICER, "/admin/programs", {
        "facility": world.FACILITY, "checklist": world.CHECKLIST, "every": "quarter",
        "start_month": str(today.month), "fieldwork_days": "3", "lead": world.LEAD,
        "first_from": (today.replace(day=1) + timedelta(days=100)).isoformat()})
    j.post(world.OFFICER, "/admin/programs/P-1/pause")
    j.post(world.OFFICER, "/admin/programs/P-1/resume")
    j.post(world.OFFICER, "/admin/programs/P-1/open-now")
    audit = "A-1"
    j.post(world.OFFICER, f"/admin/programs/fieldwork/{audit}",
           {"start": (today + timedelta(days=10)).isoformat(), "days": "2"})


def _fieldwork(j: Journey) -> None:
    """A-2: planned on the web, re-planned, started, answered, files added and linked."""
    today = j.web.state.services.clock.now().date()
    quarter = f"{today.year + 1}-Q1"
    j.post(world.OFFICER, "/plan", {"facility": "MX-01", "checklist": world.CHECKLIST,
                                    "period": quarter, "lead": world.LEAD, "due": ""})
    audit = "A-2"
    j.post(world.OFFICER, f"/audits/{audit}/plan", {"due": "", "lead": world.AUDITOR2})
    j.post(world.OFFICER, f"/audits/{audit}/plan", {"due": "", "lead": world.LEAD})
    j.post(world.LEAD, f"/audits/{audit}/transitions/start", {"version": j.version(audit)})
    must, should = world.must_and_should(j.app, audit)
    category = must.split(".")[0]
    j.post(world.LEAD, f"/audits/{audit}/answers/{should}", {"result": "compliant"})
    j.post(world.LEAD, f"/audits/{audit}/criteria/{must}/evidence", files={"files": PDF})
    j.post(world.LEAD, f"/audits/{audit}/categories/{category}/evidence",
           {"criteria": must}, files={"files": PDF})
    j.post(world.LEAD, f"/audits/{audit}/evidence", {"criteria": must}, files={"files": PDF})
    j.post(world.LEAD, f"/audits/{audit}/criteria/{should}/links", {"evidence": "E-1"})
    j.post(world.LEAD, f"/audits/{audit}/criteria/{should}/links/E-1/remove")
    j.post(world.LEAD, f"/audits/{audit}/categories/{category}/compliant")
    j.post(world.LEAD, f"/audits/{audit}/workbook",
           files={"workbook": ("filled.xlsx", _changed_workbook(j, audit), XLSX)})
    unanswered = next(a.criterion for a in world._answers(j.app, audit) if a.result is None)
    j.post(world.LEAD, f"/offline/audits/{audit}/answers/{unanswered}", {
        "result": "compliant", "note": "", "read_at": "",
        "given_at": j.web.state.services.clock.now().isoformat()},
        headers={"Idempotency-Key": "via-offline-1"})
    _offline_photo(j, audit, should)
    version = j.version(audit)
    j.call(world.LEAD, "PUT", f"/audits/{audit}/answers/{must}",
           json={"result": "non_compliant", "note": "seen on site"},
           headers={"If-Match": f'"{version}"'})
    j.call(world.LEAD, "POST", f"/audits/{audit}/answers",
           json={"answers": [{"criterion": should, "result": "compliant"}]},
           headers={"If-Match": f'"{j.version(audit)}"'})
    j.call(world.LEAD, "POST", f"/audits/{audit}/evidence", data={"criteria": must},
           files={"file": PDF}, headers={"If-Match": f'"{j.version(audit)}"'})
    j.call(world.OFFICER, "POST", "/audits", json={
        "facility": world.FACILITY, "checklist": world.CHECKLIST, "period": "2031-Q1",
        "lead": world.LEAD})
    j.call(world.LEAD, "POST", "/audits/A-3/transitions", json={"event": "start"},
           headers={"If-Match": f'"{j.version("A-3")}"'})


def _changed_workbook(j: Journey, audit: str) -> bytes:
    """The audit's workbook as downloaded, with one more answer typed in."""
    sheet = j.browser(world.LEAD).get(f"/audits/{audit}/workbook.xlsx").content
    book = openpyxl.load_workbook(io.BytesIO(sheet))
    rows = book.active
    header = [c.value for c in rows[1]]
    result = header.index("Result") + 1
    for row in rows.iter_rows(min_row=2):
        if row[0].value and not row[result - 1].value:  # a criterion (not a category) row
            row[result - 1].value = "compliant"
            break
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _review(j: Journey, tmp_path) -> None:
    """A-4 in review with four findings: two decided on the web, one through the API."""
    audit = world.plan(j.app, period="2032-Q1")
    musts = [a.criterion for a in world._answers(j.app, audit) if a.level == "must"][:3]
    world.to_review(j.app, audit, tmp_path, {c: "non_compliant" for c in musts})
    first, second, third = (f.id for f in findings.list_findings(j.app.uow(), audit))
    j.post(world.OFFICER, f"/findings/{first}/confirm", {"severity": "", "reason": ""})
    j.post(world.OFFICER, f"/findings/{first}/actions", {"owner": world.OWNER, "plan": "Fix"})
    j.post(world.OFFICER, f"/findings/{second}/dismiss", {"reason": "not a gap after all"})
    j.call(world.OFFICER, "POST", f"/findings/{third}/transitions", json={"event": "confirm"},
           headers={"If-Match": f'"{j.version(audit)}"'})
    j.call(world.OFFICER, "POST", f"/findings/{third}/actions",
           json={"owner": world.OWNER, "plan": "Log every seal"},
           headers={"If-Match": f'"{j.version(audit)}"'})


def _actions(j: Journey, tmp_path) -> None:
    """A-5 in remediation with two actions: stepped and handed over on the web, one through
    the API."""
    audit = world.plan(j.app, period="2033-Q1")
    [action] = world.to_remediation(j.app, audit, tmp_path)
    finding = findings.list_findings(j.app.uow(), audit)[0].id
    other = actions.add_action(
        j.app.uow(),
        j.app.clock,
        actor=as_cli(world.OFFICER),
        finding=finding,
        owner=world.OWNER,
        plan="Fix the gate",
    ).id
    j.post(world.OWNER, f"/actions/{action}/start")
    j.post(world.OFFICER, f"/actions/{action}/reassign", {"owner": world.MANAGER})
    j.call(world.OWNER, "POST", f"/actions/{other}/transitions", json={"event": "start"},
           headers={"If-Match": f'"{_action_version(j, other)}"'})


def _action_version(j: Journey, action: str) -> int:
    token = j.tokens[world.OWNER] if world.OWNER in j.tokens else create_token(
        j.app.uow(), j.app.clock, actor=as_cli(world.OWNER), name="read").secret
    shown = j.browser_less().get(f"/api/v1/actions/{action}",
                                 headers={"Authorization": f"Bearer {token}"})
    return int(shown.headers["etag"].strip('"'))


def _risk(j: Journey) -> None:
    year = j.web.state.services.clock.now().year
    opened = j.post(world.OFFICER, "/risk/open", {"facility": world.FACILITY, "year": str(year)})
    ref = opened.headers["location"].rsplit("/", 1)[-1]
    for step, text in (("map", "Port to DC by carrier X"), ("documentation", "Yearly review")):
        j.post(world.OFFICER, f"/risk/{ref}/steps/{step}", {"text": text})
    for kind, name in (("threat", "Cargo theft"), ("vulnerability", "Unlit yard")):
        j.post(world.OFFICER, f"/risk/{ref}/items", {"kind": kind, "name": name,
                                                      "likelihood": "3", "impact": "2"})
    for item in ("RI-1", "RI-2"):
        j.post(world.OFFICER, f"/risk/{ref}/actions", {"item": item, "owner": world.OWNER,
                                                        "due": "2099-01-31", "plan": "Fix it"})
    j.post(world.OFFICER, f"/risk/{ref}/complete")


def _api_administration(j: Journey) -> None:
    j.call(world.ADMIN, "POST", "/facilities", json={"code": "BR-01", "name": "Santos",
                                                     "entity_type": "us_importer"})
    j.call(world.ADMIN, "POST", "/users", json={"email": "api.made@example.com",
                                                "name": "Api Made", "roles": ["auditor"]})
    j.call(world.OFFICER, "POST", "/programs", json={"facility": "MX-01", "lead": world.LEAD,
                                                     "checklist": world.CHECKLIST})
    j.call(world.OFFICER, "PATCH", "/programs/P-2", json={"paused": True})
    made = j.call(world.OFFICER, "POST", "/subscriptions", json={
        "report": "portfolio", "schedule": "weekly", "to": ["b@example.com"]}).json()
    j.call(world.OFFICER, "DELETE", f"/subscriptions/{made['id']}")
    hook = j.call(world.ADMIN, "POST", "/webhooks", json={
        "url": "https://example.com/hook", "events": ["audit.closed"]}).json()
    j.call(world.ADMIN, "POST", f"/webhooks/{hook['id']}/rotate", json={"overlap_hours": 1})
    j.call(world.ADMIN, "DELETE", f"/webhooks/{hook['id']}")
    spare = create_token(j.app.uow(), j.app.clock, actor=as_cli(world.ADMIN), name="spare")
    j.call(world.ADMIN, "DELETE", f"/tokens/{spare.token.id}")


def _single_sign_on(j: Journey) -> None:
    j.post(world.ADMIN, "/admin/sso/link", {"email": world.OWNER, "provider": "corp",
                                            "subject": "owner-at-corp"})
    j.post(world.ADMIN, "/admin/sso/policy", {"required": "1", "break_glass": world.ADMIN})


def _offline_photo(j: Journey, audit: str, criterion: str) -> None:
    """A photo sent in chunks by the offline sender: start, one chunk, finish."""
    client, photo = j.browser(world.LEAD), PDF[1]
    headers = {"X-CSRF-Token": j.csrf(world.LEAD)}
    base = "/offline/uploads/via-offline-photo-1"
    described = {"audit": audit, "criterion": criterion, "name": "gate.pdf",
                 "size": str(len(photo)), "sha256": hashlib.sha256(photo).hexdigest()}
    j.check("web", "POST", base, lambda: client.post(base, data=described, headers=headers))
    j.check("web", "PUT", base, lambda: client.put(f"{base}?offset=0", content=photo,
                                                    headers=headers))
    given = j.web.state.services.clock.now().isoformat()
    j.check("web", "POST", f"{base}/finish", lambda: client.post(
        f"{base}/finish", data={"given_at": given},
        headers={**headers, "Idempotency-Key": "via-offline-photo-1"}))
