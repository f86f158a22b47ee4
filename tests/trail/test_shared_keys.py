"""Several nodes, one database: the trail key and the workbook key given to each node by a
setting (the key lines, or a key file's path), so what one node signs the other verifies."""

from __future__ import annotations

import os
import shutil

import pytest
from openpyxl import load_workbook

from audit_engine.bootstrap import build_app, load_settings
from audit_engine.domain.errors import InvalidInput
from audit_engine.domain.formats.workbook import WorkbookRefused
from audit_engine.services.anchoring.anchor import rotate_key, verify_anchored
from audit_engine.services.fieldwork.workbook_export import export_workbook
from audit_engine.services.fieldwork.workbook_import import import_workbook
from audit_engine.services.review import transitions
from tests.acting import as_cli
from tests.lifecycle import world
from tests.lifecycle.world import ADMIN, LEAD
from tests.workbook.conftest import criterion_rows


def _node(tmp_path, name: str, database_url: str, **keys: str):
    """An App as another machine would build it: its own home, the shared database."""
    home = tmp_path / name
    home.mkdir(mode=0o700)
    env = {"AUDIT_ENGINE_HOME": str(home), "AUDIT_ENGINE_DATABASE_URL": database_url}
    env.update({f"AUDIT_ENGINE_{k.upper()}": v for k, v in keys.items()})
    return build_app(load_settings(env))


def _private_copy(source, folder):
    folder.mkdir(mode=0o700)
    copy = folder / source.name
    shutil.copyfile(source, copy)
    os.chmod(copy, 0o600)
    return copy


def _verified(node) -> None:
    report = verify_anchored(node.uow(), node.trail_keys, node.settings.checkpoint_path)
    assert report.ok and not report.unchecked, (report.problems, report.unchecked)
    assert report.keyed > 0


def _answered_workbook(node, audit, tmp_path):
    done = export_workbook(node.uow(), key=node.workbook_key(), actor=as_cli(LEAD), audit=audit)
    path = tmp_path / done.filename
    path.write_bytes(done.data)
    book = load_workbook(path)
    sheet = book["Criteria"]
    sheet.cell(next(iter(criterion_rows(sheet).values())), 7, "compliant")
    book.save(path)
    return path


def test_two_nodes_sign_and_verify_with_keys_from_the_settings(app, database_url, tmp_path):
    world.cast(app)  # node A: keys made in its home, as `audit-engine init` makes them
    audit = world.plan(app)
    transitions.start_fieldwork(app.uow(), app.clock, actor=as_cli(LEAD), audit=audit)
    lines = [line for line in app.settings.trail_key_path.read_text().splitlines()
             if line and not line.startswith("#")]
    workbook_key = app.workbook_key().decode()
    by_value = _node(tmp_path, "node-b", database_url, trail_key=";".join(lines),
                     workbook_key=workbook_key)
    by_file = _node(tmp_path, "node-c", database_url,
                    trail_key_file=str(_private_copy(app.settings.trail_key_path,
                                                     tmp_path / "keys-c")),
                    workbook_key_file=str(_private_copy(app.settings.workbook_key_path,
                                                        tmp_path / "wb-c")))
    try:
        for node in (by_value, by_file):  # a workbook from A is taken by B and C, and written
            done = import_workbook(node.uow(), node.clock, node.evidence_store(),
                                   key=node.workbook_key(), actor=as_cli(LEAD), audit=audit,
                                   path=_answered_workbook(app, audit, tmp_path))
            assert done.changes or node is by_file  # C finds B's answer already there
        transitions.cancel_audit(by_file.uow(), by_file.clock, actor=as_cli(world.OFFICER),
                                 audit=audit, reason="written by node C")
        for node in (app, by_value, by_file):
            _verified(node)
    finally:
        by_value.dispose()
        by_file.dispose()


def test_a_node_with_another_workbook_key_refuses_the_workbook(app, database_url, tmp_path):
    world.cast(app)
    audit = world.plan(app)
    transitions.start_fieldwork(app.uow(), app.clock, actor=as_cli(LEAD), audit=audit)
    other = _node(tmp_path, "node-x", database_url, workbook_key="another key " * 4)
    try:
        with pytest.raises(WorkbookRefused, match="signature does not match"):
            import_workbook(other.uow(), other.clock, other.evidence_store(),
                            key=other.workbook_key(), actor=as_cli(LEAD), audit=audit,
                            path=_answered_workbook(app, audit, tmp_path))
    finally:
        other.dispose()


def test_keys_in_a_setting_are_read_only_and_checked(app, database_url, tmp_path):
    world.cast(app)
    line = next(line for line in app.settings.trail_key_path.read_text().splitlines()
                if line and not line.startswith("#"))
    node = _node(tmp_path, "node-b", database_url, trail_key=line)
    try:
        with pytest.raises(InvalidInput, match="rotate with a key file"):
            rotate_key(node.uow(), node.trail_keys, node.clock, actor=as_cli(ADMIN))
        with pytest.raises(InvalidInput, match=r"^setting trail_key, line 1: not `id created"):
            _node(tmp_path, "node-y", database_url, trail_key="not a key").trail_keys  # noqa: B018
    finally:
        node.dispose()
    app.workbook_key()  # made on first use
    loose = _private_copy(app.settings.workbook_key_path, tmp_path / "loose")
    os.chmod(loose, 0o644)
    reader = _node(tmp_path, "node-z", database_url, workbook_key_file=str(loose))
    with pytest.raises(InvalidInput, match=r"workbook key file .* readable by others \(mode 644"):
        reader.workbook_key()
