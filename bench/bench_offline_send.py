"""Sending what waited on a phone: 92 answers and 12 photos of 3 MB, kept in Chromium's
IndexedDB while the network was off, timed from the moment the network comes back until the
last item is recorded; against the floor, the very same requests (answers, photo chunks of
512 KiB, finishes, each with its Idempotency-Key) sent one after another by a Python script
to the same server. One `audit-engine serve` process (one worker), SQLite; each side answers
its own 92-criterion audit in fieldwork. Prints both times and the ratio.

The items are put into IndexedDB directly (as the page would after 104 taps): the bench
measures the sending, not the tapping."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import re
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
from http.cookiejar import CookieJar
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.web_world import PASSWORD, build, first_group  # noqa: E402
from tests.web.browser import Browser, have_chromium  # noqa: E402
from tests.web.network_switch import NetworkSwitch  # noqa: E402
from tests.web.servers import served  # noqa: E402

PHOTOS, PHOTO_BYTES, CHUNK = 12, 3 * 1024 * 1024, 512 * 1024
GIVEN = "2027-01-05T08:30:00.000Z"
CRITERION = re.compile(r'<li class="criterion" id="c-([^"]+)"')
CATEGORY = re.compile(r'href="(/audits/[^"]+/categories/[^"#]+)"')


def photo() -> bytes:
    """A JPEG of noise of about 3 MB (noise does not compress: a phone photo's size)."""
    from PIL import Image

    out = io.BytesIO()
    Image.frombytes("RGB", (1780, 1780), os.urandom(1780 * 1780 * 3)).save(
        out, "JPEG", quality=92)
    return out.getvalue()


class Script:
    """The floor: the same requests from Python, one after another, over one session."""

    def __init__(self, base: str, email: str) -> None:
        self.base = base
        self.http = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        form = self.get("/sign-in")
        token = first_group(r'name="csrf" value="([^"]+)"', form)
        self.post("/sign-in", {"email": email, "password": PASSWORD, "csrf": token,
                               "next": "/"})
        self.csrf = first_group(r'"X-CSRF-Token": "([^"]+)"', self.get("/"))

    def get(self, path: str) -> str:
        with self.http.open(self.base + path) as answer:
            return answer.read().decode()

    def post(self, path: str, fields: dict | None = None, body: bytes | None = None,
             method: str = "POST", key: str | None = None) -> dict | str:
        data = body if body is not None else urllib.parse.urlencode(fields or {}).encode()
        headers = {"X-CSRF-Token": self.csrf} if hasattr(self, "csrf") else {}
        if key:
            headers["Idempotency-Key"] = key
        request = urllib.request.Request(self.base + path, data=data, method=method,
                                         headers=headers)
        with self.http.open(request) as answer:
            text = answer.read().decode()
        return json.loads(text) if text.startswith("{") else text

    def send(self, audit: str, criteria: list[str], picture: bytes) -> float:
        started = time.perf_counter()
        for criterion in criteria:
            self.post(f"/offline/audits/{audit}/answers/{criterion}", {
                "result": "compliant", "note": "", "read_at": "", "given_at": GIVEN},
                key=str(uuid.uuid4()))
        digest = hashlib.sha256(picture).hexdigest()
        for criterion in criteria[:PHOTOS]:
            upload = str(uuid.uuid4())
            self.post(f"/offline/uploads/{upload}", {
                "audit": audit, "criterion": criterion, "name": "site.jpg",
                "size": str(len(picture)), "sha256": digest})
            for offset in range(0, len(picture), CHUNK):
                self.post(f"/offline/uploads/{upload}?offset={offset}",
                          body=picture[offset:offset + CHUNK], method="PUT")
            done = self.post(f"/offline/uploads/{upload}/finish", {"given_at": GIVEN},
                             key=upload)
            assert isinstance(done, dict) and done["outcome"] == "applied", done
        return time.perf_counter() - started


def criteria_of(script: Script, audit: str) -> list[str]:
    index = script.get(f"/audits/{audit}")
    found: list[str] = []
    for page in dict.fromkeys(CATEGORY.findall(index)):
        found += CRITERION.findall(script.get(page))
    return found


KEEP = """
var items = arguments[0], picture = arguments[1], done = arguments[2];
var bytes = Uint8Array.from(atob(picture), function (c) { return c.charCodeAt(0); });
crypto.subtle.digest("SHA-256", bytes).then(function (digest) {
  var sha = Array.from(new Uint8Array(digest)).map(function (b) {
    return ("0" + b.toString(16)).slice(-2); }).join("");
  return items.reduce(function (chain, item) {
    if (item.kind === "photo") {
      item.photo = { blob: new Blob([bytes], { type: "image/jpeg" }), name: "site.jpg",
        type: "image/jpeg", size: bytes.length, sha256: sha };
    }
    return chain.then(function () { return OfflineStore.put("items", item); });
  }, Promise.resolve());
}).then(function () { done("kept"); }, function (e) { done(String(e)); });
"""
LEFT = """var done = arguments[0];
OfflineStore.all("items").then(function (i) { done(i.length); });"""


def browser_send(base: str, email: str, audit: str, criteria: list[str],
                 picture: bytes) -> float:
    b = Browser(base)
    try:
        b.sign_in(email, PASSWORD)
        b.open(f"/audits/{audit}")
        b.find("[data-offline-audit]:not([hidden])")
        network = NetworkSwitch(b.driver)
        network.set(online=False)
        item = {"user": email, "audit": audit, "status": "waiting", "readAt": "",
                "givenAt": GIVEN, "auditVersion": "", "seen": ""}
        items = [{**item, "key": str(uuid.uuid4()), "kind": "answer", "criterion": c,
                  "result": "compliant", "note": ""} for c in criteria]
        items += [{**item, "key": str(uuid.uuid4()), "kind": "photo", "criterion": c}
                  for c in criteria[:PHOTOS]]
        b.driver.set_script_timeout(120)
        kept = b.driver.execute_async_script(KEEP, items, base64.b64encode(picture).decode())
        assert kept == "kept", kept
        started = time.perf_counter()
        network.set(online=True)  # the page's `online` event starts the sender
        while b.driver.execute_async_script(LEFT):
            time.sleep(0.05)
        return time.perf_counter() - started
    finally:
        b.quit()


def main() -> None:
    if not have_chromium():
        raise SystemExit("chromium and chromedriver are needed")
    with tempfile.TemporaryDirectory(prefix="bench-offline-") as folder:
        home = Path(folder)
        url = f"sqlite:///{home / 'audit-engine.sqlite3'}"
        (phone, phone_audit), (desk, desk_audit) = build(home, url, auditors=2)
        picture = photo()
        with served(home, url) as base:
            script = Script(base, desk)
            criteria = criteria_of(script, desk_audit)
            assert len(criteria) == 92, len(criteria)
            floor = script.send(desk_audit, criteria, picture)
            ours = browser_send(base, phone, phone_audit, criteria, picture)
    megabytes = PHOTOS * len(picture) / 1e6
    print(f"92 answers and {PHOTOS} photos of {len(picture) / 1e6:.1f} MB ({megabytes:.0f} MB)")
    print(f"  Chromium, sent after reconnecting: {ours:6.2f} s")
    print(f"  the same requests from a script:   {floor:6.2f} s")
    print(f"  ratio: {ours / floor:.2f}x")


if __name__ == "__main__":
    main()
