"""One contract, both implementations of storage.blob_store.BlobStore: the home's folder and
S3-compatible object storage (a real SeaweedFS)."""

from __future__ import annotations

import hashlib
import os

import pytest

from audit_engine.domain.errors import IntegrityBroken, InvalidInput
from audit_engine.storage.blob_store import EVIDENCE_LAYOUT, REPORT_LAYOUT
from audit_engine.storage.folder_store import FolderStore
from audit_engine.storage.s3_store import S3Store

LIMIT = 30 * 1024 * 1024


@pytest.fixture(params=["folder", "s3"])
def kind(request):
    return request.param


def make_store(kind, request, tmp_path, layout=EVIDENCE_LAYOUT, prefix="evidence/"):
    if kind == "folder":
        return FolderStore(tmp_path / "store", LIMIT, layout)
    bucket = request.getfixturevalue("bucket")
    return S3Store(bucket, prefix, LIMIT, tmp_path / "cache", layout)


def tamper(store, sha256: str, data: bytes) -> None:
    """Change the stored copy behind the store's back (a disk fault, a person with access)."""
    if isinstance(store, FolderStore):
        store.path_for(sha256).write_bytes(data)
    else:
        store.bucket.client.put_object(Bucket=store.bucket.place.bucket,
                                       Key=store.key_of(sha256), Body=data)


@pytest.fixture
def store(kind, request, tmp_path):
    return make_store(kind, request, tmp_path)


@pytest.mark.parametrize("size", [11, 20 * 1024 * 1024 + 5])  # one PUT; three parts
def test_a_file_goes_in_under_its_sha256_and_comes_out_the_same(store, tmp_path, size):
    source = tmp_path / "photo.jpg"
    source.write_bytes(os.urandom(size))
    expected = hashlib.sha256(source.read_bytes()).hexdigest()

    blob = store.put(source)

    assert (blob.sha256, blob.size) == (expected, size)
    assert store.exists(expected) and store.verify(expected)
    assert store.local_path(expected).read_bytes() == source.read_bytes()
    assert list(store.stored()) == [expected]
    assert store.name_of(expected) == f"{expected[:2]}/{expected}"


def test_the_same_content_twice_is_stored_once_and_never_rewritten(store, tmp_path):
    source = tmp_path / "a.txt"
    source.write_bytes(b"seal S-1 intact\n")
    first = store.put(source)
    tamper(store, first.sha256, b"seal S-1 intact\n")  # same bytes: a marker-free rewrite
    assert store.put_bytes(b"seal S-1 intact\n") == first
    assert list(store.stored()) == [first.sha256]


def test_a_changed_stored_file_fails_verification(store, tmp_path):
    blob = store.put_bytes(b"trailer T1, seal S-999\n")
    tamper(store, blob.sha256, b"trailer T1, seal S-000\n")
    assert not store.verify(blob.sha256)
    assert store.exists(blob.sha256)


def test_nothing_stored_answers_none(store):
    missing = "0" * 64
    assert store.local_path(missing) is None
    assert not store.exists(missing) and not store.verify(missing)
    assert store.writable()


def test_empty_and_oversized_files_are_refused_and_nothing_is_stored(store, tmp_path):
    empty, big = tmp_path / "empty.pdf", tmp_path / "big.bin"
    empty.write_bytes(b"")
    with open(big, "wb") as handle:
        handle.truncate(LIMIT + 1)
    with pytest.raises(InvalidInput, match="empty.pdf: is empty"):
        store.put(empty)
    with pytest.raises(InvalidInput, match="over the limit of 31457280 bytes"):
        store.put(big)
    assert list(store.stored()) == []


def test_final_reports_keep_the_name_the_trail_records(kind, request, tmp_path):
    reports = make_store(kind, request, tmp_path, REPORT_LAYOUT, "reports/")
    blob = reports.put_bytes(b"%PDF-1.7 final\n")
    assert reports.name_of(blob.sha256) == f"final/{blob.sha256}.pdf"
    assert list(reports.stored()) == [blob.sha256]
    assert reports.local_path(blob.sha256).read_bytes() == b"%PDF-1.7 final\n"


def test_object_storage_checks_the_hash_on_the_way_out(bucket, tmp_path):
    store = S3Store(bucket, "evidence/", LIMIT, tmp_path / "cache")
    blob = store.put_bytes(b"gate log 2027-03-02\n")
    tamper(store, blob.sha256, b"gate log 2027-03-03\n")
    with pytest.raises(IntegrityBroken, match="does not match its SHA-256"):
        store.local_path(blob.sha256)
    assert not (tmp_path / "cache" / store.name_of(blob.sha256)).exists()
