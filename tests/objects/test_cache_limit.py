"""A node's caches stay within cache_max_bytes: the oldest-read copies go first, a copy read
recently stays, and the bucket's objects come back when asked again."""

from __future__ import annotations

import os
import time

from audit_engine.storage.cache_limit import CacheLimit, prune
from audit_engine.storage.picture_store import FolderPictures
from audit_engine.storage.s3_store import S3Store

HOUR = 3600


def _file(path, size: int, read_hours_ago: float):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x" * size)
    at = time.time() - read_hours_ago * HOUR
    os.utime(path, (at, at))
    return path


def test_prune_removes_the_oldest_read_first_until_within_the_limit(tmp_path):
    objects, pictures = tmp_path / "objects", tmp_path / "pictures"
    oldest = _file(objects / "evidence" / "aa" / "a", 400, 5)
    old = _file(pictures / "bb" / "b-thumb.jpg", 400, 4)
    newer = _file(objects / "evidence" / "cc" / "c", 400, 3)
    newest = _file(pictures / "dd" / "d-thumb.jpg", 400, 2)
    writing = _file(objects / "evidence" / "ee" / ".download-x", 400, 9)  # under way

    assert prune((objects, pictures), 900) == 2
    assert [p.exists() for p in (oldest, old, newer, newest, writing)] == [
        False, False, True, True, True]
    assert prune((objects, pictures), 900) == 0  # within the limit now


def test_a_file_read_in_the_last_minutes_is_never_removed(tmp_path):
    kept = _file(tmp_path / "a", 1000, 0.05)  # read three minutes ago
    assert prune((tmp_path,), 10) == 0
    assert kept.exists()


def test_a_read_marks_the_file_so_an_unread_one_goes_first(tmp_path):
    limit = CacheLimit((tmp_path,), 1500, keep_recent=0)
    pictures = FolderPictures(tmp_path, limit)
    first = _file(tmp_path / "aa" / "first-thumb.jpg", 600, 3)
    second = _file(tmp_path / "bb" / "second-thumb.jpg", 600, 2)
    assert pictures.get("aa/first-thumb.jpg") is not None  # read now: kept longest
    pictures.put("cc/third-thumb.jpg", b"y" * 600)  # the first write of this limit prunes
    assert first.exists() and not second.exists()
    assert (tmp_path / "cc" / "third-thumb.jpg").exists()


def test_the_object_cache_stays_within_its_limit_and_reads_again_from_the_bucket(
        bucket, tmp_path):
    cache = tmp_path / "objects"
    limit = CacheLimit((cache,), 3 * 1024 * 1024, keep_recent=0)
    store = S3Store(bucket, "evidence/", 2**30, cache / "evidence", limit=limit)
    stored = [store.put_bytes(os.urandom(1024 * 1024)).sha256 for _ in range(6)]
    for sha256 in stored:
        store.local_path(sha256)
        time.sleep(0.01)  # each read later than the one before
    held = sum(p.stat().st_size for p in cache.rglob("*") if p.is_file())
    assert held <= 3 * 1024 * 1024
    assert not (cache / store.name_of(stored[0])).exists()  # the oldest read went
    again = store.local_path(stored[0])
    assert again is not None and again.stat().st_size == 1024 * 1024
