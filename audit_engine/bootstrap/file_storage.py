"""Where files go, from the settings: the home's folders (the default) or one bucket of
S3-compatible object storage shared by every node (`file_storage = "s3"`), for evidence,
final reports, thumbnails and, beside the local file, trail checkpoints."""

from __future__ import annotations

from audit_engine.domain.errors import InvalidInput


def check_object_storage(settings) -> None:
    """The s3_* settings make sense together (InvalidInput naming the first that does not)."""
    if settings.file_storage != "s3":
        return
    if not settings.s3_bucket:
        raise InvalidInput("setting s3_bucket: needed when file_storage is s3")
    if settings.s3_endpoint and not settings.s3_endpoint.startswith(("http://", "https://")):
        raise InvalidInput(f"setting s3_endpoint: {settings.s3_endpoint!r} is not an http:// "
                           "or https:// address")
    if bool(settings.s3_access_key_id) != bool(settings.s3_secret_access_key):
        raise InvalidInput("setting s3_access_key_id and s3_secret_access_key: give both "
                           "or neither")


def make_bucket(settings):
    """The bucket of settings.s3_*; credentials from the settings, else the credentials
    file, else boto3's own chain (AWS_* variables, an instance role)."""
    from audit_engine.storage.s3_client import Bucket, BucketPlace, credentials_from_file

    key, secret = settings.s3_access_key_id, settings.s3_secret_access_key
    if not key and settings.s3_credentials_file:
        key, secret = credentials_from_file(settings.s3_credentials_file)
    return Bucket(BucketPlace(settings.s3_endpoint, settings.s3_bucket, settings.s3_region,
                              key, secret))


def file_store(settings, bucket, kind: str, limit=None):
    """The storage.blob_store.BlobStore of `kind` (evidence, reports): its folder of the home,
    or its prefix in the bucket (`bucket()` called only then), read through this node's
    cache kept within `limit` (storage.cache_limit.CacheLimit)."""
    from audit_engine.storage.blob_store import EVIDENCE_LAYOUT, REPORT_LAYOUT

    if kind == "evidence":
        prefix, folder, max_bytes = "evidence/", settings.evidence_dir, settings.evidence_max_bytes
        layout = EVIDENCE_LAYOUT
    else:  # final reports: no size limit of their own
        prefix, folder, max_bytes, layout = "reports/", settings.report_dir, 2**40, REPORT_LAYOUT
    if settings.file_storage == "s3":
        from audit_engine.storage.s3_store import S3Store

        return S3Store(bucket(), prefix, max_bytes, settings.cache_dir / "objects" / prefix,
                       layout, limit)
    from audit_engine.storage.folder_store import FolderStore

    return FolderStore(folder, max_bytes, layout)


def picture_store(settings, bucket, limit=None):
    """Where thumbnails, previews and page counts are kept: the home's `cache/pictures/`, and
    with object storage the bucket's `pictures/` behind that folder."""
    from audit_engine.storage.picture_store import BucketPictures, FolderPictures

    folder = FolderPictures(settings.cache_dir / "pictures", limit)
    if settings.file_storage != "s3":
        return folder
    return BucketPictures(bucket(), "pictures/", folder)


def checkpoint_log(settings, bucket):
    """The checkpoint file, and the bucket's checkpoints too when files are in object storage
    (every node then reads every node's checkpoints)."""
    from audit_engine.storage.checkpoint_file import CheckpointFile

    file = CheckpointFile(settings.checkpoint_path)
    if settings.file_storage != "s3":
        return file
    from audit_engine.storage.s3_checkpoints import BucketCheckpoints, FileAndBucket

    return FileAndBucket(file, BucketCheckpoints(bucket()))


def migration_pairs(settings, bucket) -> list[tuple[str, object, object]]:
    """(kind, the home's folder store, the bucket's store) for `storage migrate --to s3`."""
    from audit_engine.storage.blob_store import EVIDENCE_LAYOUT, REPORT_LAYOUT
    from audit_engine.storage.folder_store import FolderStore
    from audit_engine.storage.s3_store import S3Store

    cache = settings.cache_dir / "objects"
    return [("evidence", FolderStore(settings.evidence_dir, 2**40, EVIDENCE_LAYOUT),
             S3Store(bucket, "evidence/", 2**40, cache / "evidence/", EVIDENCE_LAYOUT)),
            ("final reports", FolderStore(settings.report_dir, 2**40, REPORT_LAYOUT),
             S3Store(bucket, "reports/", 2**40, cache / "reports/", REPORT_LAYOUT))]
