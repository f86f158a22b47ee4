"""Evidence out: the original name, the SHA-256 checked, nothing written when it does not match."""

from __future__ import annotations

import pytest

from audit_engine.domain.errors import Conflict
from audit_engine.domain.formats.archive import ArchiveBroken
from audit_engine.services.fieldwork import evidence
from audit_engine.services.fieldwork.evidence_out import save_evidence
from audit_engine.services.review import transitions
from tests.acting import as_cli
from tests.lifecycle import world
from tests.lifecycle.world import LEAD


@pytest.fixture
def stored(app, tmp_path):
    world.cast(app)
    audit = world.plan(app)
    transitions.start_fieldwork(app.uow(), app.clock, actor=as_cli(LEAD), audit=audit)
    source = tmp_path / "Seal log März.csv"
    source.write_text("trailer,seal\nT1,S-100\n")
    must, _ = world.must_and_should(app, audit)
    view = evidence.add_evidence(app.uow(), app.clock, app.evidence_store(), actor=as_cli(LEAD),
                                 audit=audit, path=source, criteria=[must])
    return view


def test_evidence_comes_out_under_its_original_name(app, stored, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    done = save_evidence(app.uow(), app.evidence_store(), actor=as_cli(LEAD), evidence=stored.id,
                         out_dir=out)
    assert done.path == out / "Seal log März.csv" and done.sha256 == stored.sha256
    assert done.path.read_text() == "trailer,seal\nT1,S-100\n"
    with pytest.raises(Conflict):
        save_evidence(app.uow(), app.evidence_store(), actor=as_cli(LEAD), evidence=stored.id,
                      out_dir=out)


def test_a_stored_file_that_changed_is_refused_and_nothing_written(app, stored, tmp_path):
    blob = app.evidence_store().path_for(stored.sha256)
    blob.write_text("trailer,seal\nT1,S-999\n")  # the store was tampered with
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ArchiveBroken) as caught:
        save_evidence(app.uow(), app.evidence_store(), actor=as_cli(LEAD), evidence=stored.id,
                      out_dir=out)
    assert caught.value.exit_code == 6 and "does not match its recorded SHA-256" in str(
        caught.value)
    assert list(out.iterdir()) == []
