"""Two `serve` processes with separate homes on one PostgreSQL database and one bucket: node A
killed during a 25 MB upload leaves no object and node B takes the same upload. (Files,
thumbnails, close and archive, the store stopped mid-upload, the shared rate limit and `log
verify` from either home: test_serve_pair.py, one pair for the module.)"""

from __future__ import annotations

import contextlib
import os

import httpx
import pytest

from audit_engine.services.integrations.tokens import create_token
from audit_engine.services.review import transitions
from tests.acting import as_cli
from tests.conftest import COMMAND, POSTGRES_ONLY
from tests.lifecycle import world
from tests.lifecycle.world import LEAD
from tests.web.servers import served

pytestmark = [pytest.mark.slow, *POSTGRES_ONLY]  # several nodes share PostgreSQL


def test_node_killed_during_a_25_mb_upload_leaves_no_object_and_the_other_serves(
        node_a, node_b, database_url, seaweed, bucket_name, tmp_path):
    world.cast(node_a)
    audit = world.plan(node_a)
    transitions.start_fieldwork(node_a.uow(), node_a.clock, actor=as_cli(LEAD), audit=audit)
    must, _ = world.must_and_should(node_a, audit)
    secret = create_token(node_a.uow(), node_a.clock, actor=as_cli(LEAD), name="t").secret
    auth = {"Authorization": f"Bearer {secret}"}
    env = seaweed.env(bucket_name)
    env_b = {**env, "AUDIT_ENGINE_TRAIL_KEY_FILE": str(node_b.settings.trail_key_path)}
    with served(node_b.settings.home, database_url, "--no-scheduler", env=env_b) as base_b:
        for attempt in range(3):  # until the kill lands between the first part and the last
            big = tmp_path / f"walk-{attempt}.mp4"
            big.write_bytes(os.urandom(25 * 1024 * 1024))
            if kill_mid_upload(node_a, database_url, env, audit, must, auth, big, seaweed,
                               bucket_name):
                break
        else:
            pytest.fail("the upload finished before node A could be killed, three times")
        assert seaweed.keys(bucket_name, "evidence/") == []  # no partial object visible
        b = httpx.Client(base_url=f"{base_b}/api/v1", headers=auth, timeout=120)
        etag = b.get(f"/audits/{audit}").headers["etag"]
        with big.open("rb") as handle:
            up = b.post(f"/audits/{audit}/evidence", headers={"If-Match": etag},
                        files={"file": (big.name, handle, "video/mp4")}, data={"criteria": [must]})
        assert up.status_code == 201, up.text
        assert b.get(f"/audits/{audit}/evidence").json()[0]["sha256"] == up.json()["sha256"]
        b.close()


def kill_mid_upload(node_a, database_url, env, audit, must, auth, big, seaweed,
                    bucket_name) -> bool:
    """Upload `big` through a fresh node A and SIGKILL it once a multipart upload of the
    bucket has begun; True when the kill came before the upload completed."""
    import signal
    import subprocess
    import threading
    import time

    from tests.web.servers import free_port, server_env, wait_until_up

    port = free_port()
    log = node_a.settings.home / f"serve-{port}.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [str(COMMAND), "serve", "--port", str(port), "--workers", "1", "--no-scheduler"],
            env=server_env(node_a.settings.home, database_url, env), stdout=out,
            stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    wait_until_up(base, process, log)
    client = seaweed.client()
    etag = httpx.get(f"{base}/api/v1/audits/{audit}", headers=auth).headers["etag"]

    def upload():
        with big.open("rb") as handle, contextlib.suppress(httpx.HTTPError):
            httpx.post(f"{base}/api/v1/audits/{audit}/evidence", timeout=120,
                       headers={**auth, "If-Match": etag}, data={"criteria": [must]},
                       files={"file": (big.name, handle, "video/mp4")})

    sender = threading.Thread(target=upload)
    sender.start()
    deadline = time.monotonic() + 60
    while not client.list_multipart_uploads(Bucket=bucket_name).get("Uploads") \
            and time.monotonic() < deadline and sender.is_alive():
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    process.wait()
    sender.join()
    return not seaweed.keys(bucket_name, "evidence/")
