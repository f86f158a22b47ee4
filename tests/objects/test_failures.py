"""Uploads that do not finish: a process killed half way leaves no object; readiness says when
the object store does not answer. (An object store that goes away during an upload through
`serve`: test_serve_pair.py.)"""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from audit_engine.bootstrap import build_app
from audit_engine.services.administration import setup
from audit_engine.storage.s3_store import S3Store
from tests.objects.seaweed import ACCESS_KEY, SECRET_KEY

pytestmark = pytest.mark.slow
SIZE = 25 * 1024 * 1024

# Node A's upload, told by the client's own event hook to say when its first part is sent and
# then wait to be killed (so the kill lands in the middle of the upload every time).
UPLOADER = """
import sys, time
from audit_engine.storage.s3_client import Bucket, BucketPlace
from audit_engine.storage.s3_store import S3Store
endpoint, bucket, key, secret, source, cache = sys.argv[1:]
place = Bucket(BucketPlace(endpoint, bucket, "us-east-1", key, secret))
def after_part(**_):
    print("part sent", flush=True)
    time.sleep(600)
place.client.meta.events.register("after-call.s3.UploadPart", after_part)
S3Store(place, "evidence/", 30 * 1024 * 1024, cache).put(__import__("pathlib").Path(source))
"""


def test_a_node_killed_during_a_25_mb_upload_leaves_no_object_and_the_other_node_works(
        bucket, seaweed, bucket_name, tmp_path):
    source = tmp_path / "site-walk.mp4"
    source.write_bytes(os.urandom(SIZE))
    node_a = subprocess.Popen(
        [sys.executable, "-c", UPLOADER, seaweed.endpoint, bucket_name, ACCESS_KEY, SECRET_KEY,
         str(source), str(tmp_path / "cache-a")], stdout=subprocess.PIPE, text=True)
    try:
        assert node_a.stdout.readline().strip() == "part sent"
    finally:
        node_a.send_signal(signal.SIGKILL)
        node_a.wait()
        node_a.stdout.close()
    assert seaweed.keys(bucket_name) == []  # the parts sent are nowhere to be seen

    node_b = S3Store(bucket, "evidence/", 30 * 1024 * 1024, tmp_path / "cache-b")
    blob = node_b.put(source)
    assert node_b.verify(blob.sha256)
    assert seaweed.keys(bucket_name) == [f"evidence/{blob.sha256[:2]}/{blob.sha256}"]


def test_ready_says_when_the_object_store_does_not_answer(s3_settings, seaweed):
    from tests.web.test_operations import ask

    app = build_app(s3_settings)
    setup.initialise(app.engine, app.uow(), app.catalogs(), app.clock)
    app.dispose()
    (ready,) = ask(s3_settings, ("/health/ready", {}))
    assert ready.status_code == 200, ready.text
    seaweed.stop()
    try:
        (down,) = ask(s3_settings, ("/health/ready", {}))
    finally:
        seaweed.start()
    assert down.status_code == 503
    assert down.json()["checks"]["storage"]["ok"] is False
