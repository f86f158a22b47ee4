"""No body over its cap reaches the temp folder: every route is capped while the body streams
(Content-Length or chunked), forms that take no file refuse file parts, uploads are cut off at
the file cap and at 50 files however the CSRF token comes. Served over real HTTP, with the
server's temp folder watched while hostile bodies stream in."""

from __future__ import annotations

import contextlib
import re
import socket
import threading
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from audit_engine.services.review import transitions
from tests.acting import as_cli
from tests.lifecycle import world
from tests.web.conftest import PASSWORD, csrf_of, sign_in
from tests.web.servers import served

MIB = 1024 * 1024
EVIDENCE_MAX = 2 * MIB  # the served app's evidence_max_bytes
BOUNDARY = "hostileboundary"


@pytest.fixture
def audit(people):
    ref = world.plan(people)
    transitions.start_fieldwork(people.uow(), people.clock, actor=as_cli(world.LEAD), audit=ref)
    return ref


class TempWatch:
    """The largest total size of the files in `folder`, sampled while a request runs."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.largest, self._stop = folder, 0, threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._stop.wait(0.002):
            total = 0
            for path in self.folder.rglob("*"):
                with contextlib.suppress(OSError):  # removed meanwhile
                    total += path.stat().st_size if path.is_file() else 0
            self.largest = max(self.largest, total)


def push(base: str, path: str, headers: dict[str, str], chunks) -> tuple[int | None, int]:
    """POST a chunked body from `chunks` over a raw socket, stopping as soon as the server
    answers; (the status, or None if it closed without one; body bytes sent)."""
    address = urlsplit(base)
    sock = socket.create_connection((address.hostname, address.port), timeout=60)
    answer, answered = bytearray(), threading.Event()

    def read() -> None:
        while b"\r\n" not in answer:
            try:
                data = sock.recv(65536)
            except OSError:
                break
            if not data:
                break
            answer.extend(data)
        answered.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    lines = [f"POST {path} HTTP/1.1", f"Host: {address.netloc}", "Transfer-Encoding: chunked",
             *(f"{k}: {v}" for k, v in headers.items())]
    sent = 0
    try:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        for chunk in chunks:
            if answered.is_set():
                break
            sock.sendall(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            sent += len(chunk)
        else:
            sock.sendall(b"0\r\n\r\n")
    except OSError:
        pass  # the server closed the connection after refusing
    answered.wait(60)
    sock.close()
    found = re.match(rb"HTTP/1\.1 (\d{3})", bytes(answer))
    return (int(found.group(1)) if found else None), sent


def multipart_file(size: int, fields: dict[str, str] | None = None, name: str = "files"):
    """A multipart body: the fields, then one file part of `size` bytes, 64 KiB at a time."""
    for key, value in (fields or {}).items():
        yield (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{key}\"\r\n\r\n"
               f"{value}\r\n").encode()
    yield (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"; "
           f"filename=\"big.pdf\"\r\nContent-Type: application/pdf\r\n\r\n").encode()
    block = b"x" * 65536
    for _ in range(size // len(block)):
        yield block
    yield f"\r\n--{BOUNDARY}--\r\n".encode()


def urlencoded(size: int):
    yield b"email=a%40example.com&password="
    for _ in range(size // 65536):
        yield b"a" * 65536


MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"


def test_hostile_bodies_never_reach_the_temp_folder(people, audit, home, database_url):
    tmp = home / "server-tmp"
    tmp.mkdir()
    env = {"TMPDIR": str(tmp), "AUDIT_ENGINE_EVIDENCE_MAX_BYTES": str(EVIDENCE_MAX)}
    with served(home, database_url, env=env) as base:
        client = httpx.Client(base_url=base, follow_redirects=False, timeout=60)
        anon = client.get("/sign-in").cookies["ae_csrf"]
        cookie = {"Cookie": f"ae_csrf={anon}", "Content-Type": MULTIPART}
        # a declared 150 MB body: refused before a byte is read
        with socket.create_connection((urlsplit(base).hostname, urlsplit(base).port)) as sock:
            sock.sendall((f"POST /sign-in HTTP/1.1\r\nHost: x\r\nCookie: ae_csrf={anon}\r\n"
                          f"Content-Type: {MULTIPART}\r\nContent-Length: {150 * MIB}\r\n\r\n")
                         .encode())
            assert sock.recv(64).startswith(b"HTTP/1.1 413")
        with TempWatch(tmp) as watch:
            for path in ("/sign-in", "/password/forgot"):  # a file where none is taken
                status, sent = push(base, path, cookie,
                                    multipart_file(150 * MIB, {"csrf": anon}))
                assert status == 413 and sent < 32 * MIB, (path, status, sent)
            status, sent = push(base, "/sign-in", {"Cookie": f"ae_csrf={anon}", "Content-Type":
                                "application/x-www-form-urlencoded"}, urlencoded(150 * MIB))
            assert status == 413 and sent < 32 * MIB, (status, sent)
        assert watch.largest == 0, watch.largest
        _signed_in_upload_is_cut_off_at_the_file_cap(client, base, audit, tmp)
        assert client.get("/health").status_code == 200


def _signed_in_upload_is_cut_off_at_the_file_cap(client, base, audit, tmp) -> None:
    form = client.get("/sign-in")
    signed = client.post("/sign-in", data={"email": world.LEAD, "password": PASSWORD,
                                           "csrf": csrf_of(form.text)})
    assert signed.status_code == 303, signed.text
    token = csrf_of(client.get(f"/audits/{audit}").text)
    session = client.cookies["ae_session"]
    for csrf_in_header in (True, False):
        headers = {"Cookie": f"ae_session={session}", "Content-Type": MULTIPART}
        fields = {"criteria": "1.1"}
        if csrf_in_header:
            headers["X-CSRF-Token"] = token
        else:
            fields["csrf"] = token
        with TempWatch(tmp) as watch:
            status, sent = push(base, f"/audits/{audit}/evidence", headers,
                                multipart_file(150 * MIB, fields))
        assert status == 413 and sent < 40 * MIB, (status, sent)
        assert watch.largest <= EVIDENCE_MAX + 128 * 1024, watch.largest
    assert "big.pdf" not in client.get(f"/audits/{audit}").text


def _files(count: int) -> list[tuple[str, tuple[str, bytes, str]]]:
    return [("files", (f"f{n}.pdf", b"%PDF-1.4 tiny", "application/pdf")) for n in range(count)]


@pytest.mark.parametrize("csrf_in_header", [True, False])
def test_fifty_files_at_most_however_the_csrf_token_comes(client, audit, people,
                                                           csrf_in_header):
    sign_in(client, world.LEAD)
    must, _ = world.must_and_should(people, audit)
    token = csrf_of(client.get(f"/audits/{audit}").text)
    data = {"criteria": must} if csrf_in_header else {"criteria": must, "csrf": token}
    headers = {"X-CSRF-Token": token} if csrf_in_header else {}
    refused = client.post(f"/audits/{audit}/evidence", data=data, files=_files(51),
                          headers=headers)
    assert refused.status_code == 413 and "at most 50" in refused.text
    store = people.settings.evidence_dir
    assert not store.exists() or not any(p.is_file() for p in store.rglob("*"))
    stored = client.post(f"/audits/{audit}/evidence", data=data, files=_files(2),
                         headers=headers)
    assert stored.status_code == 303, stored.text


def test_a_form_that_takes_no_file_refuses_one_before_the_csrf_check(client):
    client.get("/sign-in")
    refused = client.post("/sign-in", data={"email": "a@example.com", "password": "x"},
                          files={"avatar": ("a.png", b"\x89PNG", "image/png")})
    assert refused.status_code == 413 and "takes no files" in refused.text
    assert "<h1>Not done</h1>" in refused.text


def test_chunked_json_over_the_api_cap_is_413_not_400(client):
    def body():
        yield b'{"facility": "'
        for _ in range(20 * 16):
            yield b"x" * 65536
        yield b'"}'

    refused = client.post("/api/v1/audits", content=body(),
                          headers={"Content-Type": "application/json",
                                   "Authorization": "Bearer aet_x"})
    assert refused.status_code == 413, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    assert "over 1048576 bytes (1 MiB)" in refused.json()["detail"]
