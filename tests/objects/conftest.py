"""One SeaweedFS per test session (per xdist worker), a fresh bucket per test; two nodes on
the test's database and bucket."""

from __future__ import annotations

import uuid

import pytest

from audit_engine.bootstrap import Settings
from audit_engine.storage.s3_client import Bucket, BucketPlace
from tests.objects.nodes import first_node, node
from tests.objects.seaweed import ACCESS_KEY, SECRET_KEY, Seaweed


@pytest.fixture(scope="session")
def seaweed(tmp_path_factory):
    server = Seaweed(tmp_path_factory.mktemp("seaweed"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def bucket_name(seaweed) -> str:
    return seaweed.new_bucket(f"audit-{uuid.uuid4().hex[:12]}")


@pytest.fixture
def bucket(seaweed, bucket_name) -> Bucket:
    return Bucket(BucketPlace(seaweed.endpoint, bucket_name, "us-east-1", ACCESS_KEY, SECRET_KEY))


@pytest.fixture
def s3_settings(home, database_url, seaweed, bucket_name) -> Settings:
    return Settings(home=home, database_url=database_url, file_storage="s3",
                    s3_endpoint=seaweed.endpoint, s3_bucket=bucket_name,
                    s3_access_key_id=ACCESS_KEY, s3_secret_access_key=SECRET_KEY)


@pytest.fixture
def node_a(home, tmp_path, database_url, seaweed, bucket_name):  # home: SQLite file there
    made = first_node(tmp_path, database_url, seaweed, bucket_name)
    yield made
    made.dispose()


@pytest.fixture
def node_b(node_a, tmp_path, database_url, seaweed, bucket_name):
    """A second node with its own home, the trail key a copy of node A's."""
    made = node(tmp_path, "node-b", database_url, seaweed, bucket_name,
                key_from=node_a.settings.trail_key_path)
    yield made
    made.dispose()
