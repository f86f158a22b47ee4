"""Two nodes with separate homes on one database and one bucket, in this process (so on SQLite
too; test_serve_pair.py has the same through `serve`): what one stores the other reads and
thumbnails (once, for both), closes, archives and verifies; trail checkpoints land in the
bucket too."""

from __future__ import annotations

import pytest

from audit_engine.services.anchoring.anchor import verify_anchored
from audit_engine.services.anchoring.deep_check import deep_differences
from audit_engine.services.fieldwork import evidence, evidence_pictures
from audit_engine.services.reports.archive import archive_audit
from audit_engine.services.reports.archive_verify import verify_archive
from audit_engine.services.review import transitions
from tests.acting import as_cli
from tests.archive.test_archive import close
from tests.lifecycle import world
from tests.lifecycle.world import LEAD, OFFICER

pytestmark = pytest.mark.slow


def test_evidence_stored_through_one_node_is_read_and_thumbnailed_through_the_other(
        node_a, node_b, tmp_path, seaweed, bucket_name):
    world.cast(node_a)
    audit = world.plan(node_a)
    transitions.start_fieldwork(node_a.uow(), node_a.clock, actor=as_cli(LEAD), audit=audit)
    photo = tmp_path / "gate.png"
    photo.write_bytes(_png())
    must, _ = world.must_and_should(node_a, audit)
    added = evidence.add_evidence(node_a.uow(), node_a.clock, node_a.evidence_store(),
                                  actor=as_cli(LEAD), audit=audit, path=photo, criteria=[must])
    assert not any(node_a.settings.evidence_dir.rglob("*"))  # nothing in A's home
    assert [k for k in seaweed.keys(bucket_name, "evidence/")] == [
        f"evidence/{added.sha256[:2]}/{added.sha256}"]

    thumbnail = evidence_pictures.picture(node_b.uow(), node_b.evidence_store(),
                                          node_b.picture_store(), actor=as_cli(LEAD),
                                          evidence=added.id, size="thumb")
    assert thumbnail.startswith(b"\xff\xd8")  # a JPEG made on node B from the bucket's copy
    assert seaweed.keys(bucket_name, "pictures/") == [
        f"pictures/{added.sha256[:2]}/{added.sha256}-thumb.jpg"]
    again = evidence_pictures.picture(node_a.uow(), node_a.evidence_store(),
                                      node_a.picture_store(), actor=as_cli(LEAD), evidence=added.id,
                                      size="thumb")
    assert again == thumbnail  # B's, from the bucket: A neither fetched the photo nor shrank it
    assert not any((node_a.settings.cache_dir / "objects").rglob(added.sha256))


def test_closed_on_one_node_archived_on_the_other_and_verified_from_both(
        node_a, node_b, tmp_path, seaweed, bucket_name):
    audit = close(node_b, tmp_path)  # evidence, the final report and a checkpoint via B
    assert seaweed.keys(bucket_name, "reports/final/")
    assert seaweed.keys(bucket_name, "checkpoints/")

    made = archive_audit(
        node_a.uow(),
        node_a.evidence_store(),
        node_a.report_store(),
        node_a.clock,
        actor=as_cli(OFFICER),
        audit=audit,
        output=tmp_path / "a.zip",
    )
    assert verify_archive(made.path).ok

    for each in (node_a, node_b):
        report = verify_anchored(each.uow(), each.trail_keys, each.checkpoints())
        assert report.ok and report.checkpoints >= 1, report.problems
        assert deep_differences(each.uow(), each.evidence_store(), each.report_store()) == []
    b_only = set(node_b.checkpoints().bucket.read()[0]) - set(node_a.checkpoints().file.read()[0])
    assert b_only  # B's close checkpoint: A saw it through the bucket


def _png() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 40, 40)).save(out, "PNG")
    return out.getvalue()
