"""The S3 client (boto3's one home): a bucket of S3-compatible object storage and the few calls
we make on it, every failure to reach it turned into one StorageUnavailable line.

Objects are created with `If-None-Match: *` (a PUT, or the completion of a multipart upload),
so an existing object is never overwritten: the store answers 412 and we keep the one there.
A multipart upload is invisible until completed; one that is not is aborted (or, when the
process was killed, left for the bucket's lifecycle rule to remove: docs/deployment.md).
"""

from __future__ import annotations

import configparser
import contextlib
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from audit_engine.domain.errors import InvalidInput, StorageUnavailable

PART = 8 * 1024 * 1024  # multipart part size; smaller files go in one PUT
EXISTS = ("PreconditionFailed", "412")  # If-None-Match: an object is there already
MISSING = ("NoSuchKey", "404")


def answer_code(error) -> str:
    return str(error.response.get("Error", {}).get("Code", "?"))


@dataclass(frozen=True)
class BucketPlace:
    endpoint: str  # empty: AWS's own endpoint for the region
    bucket: str
    region: str
    access_key_id: str | None
    secret_access_key: str | None


def credentials_from_file(path: Path) -> tuple[str, str]:
    """The `[default]` keys of an AWS-style credentials file, owner-only like every key file."""
    from audit_engine.storage.trail_keys import check_private

    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as error:
        raise InvalidInput(f"s3 credentials file {path}: cannot read it ({error.strerror})") \
            from None
    with os.fdopen(descriptor) as handle:
        check_private(path, os.fstat(handle.fileno()), "s3 credentials file")
        parser = configparser.ConfigParser()
        try:
            parser.read_string(handle.read())
        except configparser.Error as error:
            raise InvalidInput(f"s3 credentials file {path}: {error.message}") from None
    section = parser["default"] if parser.has_section("default") else {}
    key, secret = section.get("aws_access_key_id"), section.get("aws_secret_access_key")
    if not key or not secret:
        raise InvalidInput(f"s3 credentials file {path}: [default] needs aws_access_key_id "
                           "and aws_secret_access_key")
    return key, secret


class Bucket:
    """One bucket; keys are full object names."""

    def __init__(self, place: BucketPlace) -> None:
        import boto3
        from botocore.config import Config

        self.place = place
        config = Config(connect_timeout=5, read_timeout=60,
                        retries={"max_attempts": 3, "mode": "standard"},
                        s3={"addressing_style": "path" if place.endpoint else "auto"},
                        max_pool_connections=20)
        self.client = boto3.session.Session().client(
            "s3", endpoint_url=place.endpoint or None, region_name=place.region,
            aws_access_key_id=place.access_key_id,
            aws_secret_access_key=place.secret_access_key, config=config)

    def url(self, key: str) -> str:
        return f"s3://{self.place.bucket}/{key}"

    @contextmanager
    def reaching(self, doing: str, passing: tuple[str, ...] = ()):
        """Any failure to reach the store, or its refusal, as one StorageUnavailable line;
        an answer whose code is in `passing` comes through as the client's own error."""
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            yield
        except ClientError as error:
            code = answer_code(error)
            if code in passing:
                raise
            raise StorageUnavailable(f"object storage {self._name()}: {doing} refused "
                                     f"({code})") from None
        except BotoCoreError as error:
            raise StorageUnavailable(f"object storage {self._name()}: {doing} failed "
                                     f"({str(error).splitlines()[0][:160]})") from None

    def _name(self) -> str:
        return f"{self.place.endpoint or 'aws'} bucket {self.place.bucket}"

    def create_new(self, key: str, data: bytes) -> bool:
        """PUT unless the key exists; False when it did (nothing written)."""
        from botocore.exceptions import ClientError

        try:
            with self.reaching(f"storing {key}", EXISTS):
                self.client.put_object(Bucket=self.place.bucket, Key=key, Body=data,
                                       IfNoneMatch="*")
        except ClientError:
            return False
        return True

    def create_new_in_parts(self, key: str, parts: Iterable[bytes], *, before_complete) -> bool:
        """A multipart upload of `parts`, completed only when `before_complete()` returns
        (it raises to refuse); aborted on any failure. False when the key existed."""
        bucket = self.place.bucket
        with self.reaching(f"starting the upload of {key}"):
            upload = self.client.create_multipart_upload(Bucket=bucket, Key=key)["UploadId"]
        try:
            done = []
            for number, part in enumerate(parts, 1):
                with self.reaching(f"uploading {key}"):
                    answer = self.client.upload_part(Bucket=bucket, Key=key, UploadId=upload,
                                                     PartNumber=number, Body=part)
                done.append({"PartNumber": number, "ETag": answer["ETag"]})
            before_complete()
            return self._complete(key, upload, done)
        except BaseException:
            self._abort(key, upload)
            raise

    def _complete(self, key: str, upload: str, parts: list[dict]) -> bool:
        from botocore.exceptions import ClientError

        try:
            with self.reaching(f"completing {key}", EXISTS):
                self.client.complete_multipart_upload(
                    Bucket=self.place.bucket, Key=key, UploadId=upload, IfNoneMatch="*",
                    MultipartUpload={"Parts": parts})
        except ClientError:
            self._abort(key, upload)
            return False
        return True

    def _abort(self, key: str, upload: str) -> None:
        # the store may be gone: then the bucket's lifecycle rule removes the parts
        with contextlib.suppress(Exception):
            self.client.abort_multipart_upload(Bucket=self.place.bucket, Key=key,
                                               UploadId=upload)

    def size_of(self, key: str) -> int | None:
        """The object's size; None when there is none."""
        from botocore.exceptions import ClientError

        try:
            with self.reaching(f"looking up {key}", MISSING):
                return int(self.client.head_object(Bucket=self.place.bucket,
                                                   Key=key)["ContentLength"])
        except ClientError:
            return None

    def chunks(self, key: str) -> Iterator[bytes] | None:
        """The object's bytes in chunks, streamed; None when there is none."""
        from botocore.exceptions import ClientError

        try:
            with self.reaching(f"reading {key}", MISSING):
                body = self.client.get_object(Bucket=self.place.bucket, Key=key)["Body"]
        except ClientError:
            return None
        return self._streamed(key, body)

    def _streamed(self, key: str, body) -> Iterator[bytes]:
        with self.reaching(f"reading {key}"):
            try:
                yield from body.iter_chunks(1024 * 1024)
            finally:
                body.close()

    def keys(self, prefix: str) -> Iterator[str]:
        with self.reaching(f"listing {prefix}"):
            pages = self.client.get_paginator("list_objects_v2").paginate(
                Bucket=self.place.bucket, Prefix=prefix)
            for page in pages:
                yield from (item["Key"] for item in page.get("Contents", []))

    def answers(self) -> bool:
        """Whether the bucket answers our credentials (readiness)."""
        try:
            with self.reaching("checking the bucket"):
                self.client.head_bucket(Bucket=self.place.bucket)
        except StorageUnavailable:
            return False
        return True
