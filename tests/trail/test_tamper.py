"""Twenty-four tampering cases on copies of one closed audit's installation, on SQLite and
PostgreSQL: each must be found by `log verify --deep` with the key, and every one not marked
key-only must be found without the key too (a copy of the database without its key file)."""

from __future__ import annotations

import pytest

from audit_engine.services.anchoring.anchor import verify_anchored
from audit_engine.services.anchoring.deep_check import deep_differences
from audit_engine.storage.trail_keys import KeyFile
from tests.lifecycle import world
from tests.trail.closing import close_with_report
from tests.trail.copies import copy_installation, drop_copy
from tests.trail.tampering import CASES

pytestmark = pytest.mark.slow


def findings_of(app, keys) -> list[str]:
    report = verify_anchored(app.uow(), keys, app.settings.checkpoint_path)
    return list(report.problems) + deep_differences(app.uow(), app.evidence_store(),
                                                    app.report_store())


def closed_installation(app, tmp_path) -> dict:
    audit = world.ready_to_close(app, tmp_path)
    report = close_with_report(app, audit)
    [evidence] = app.settings.evidence_dir.glob("??/*")
    home = app.settings.home
    return {"audit": audit, "id": int(audit.split("-")[1]),
            "final_report": report.relative_to(home), "evidence_file": evidence.relative_to(home)}


def test_every_tampering_is_found(app, tmp_path, capsys):
    installation = closed_installation(app, tmp_path)
    assert findings_of(app, app.trail_keys) == []
    rows, missed = [], []
    for number, case in enumerate(CASES, 1):
        copy = copy_installation(app, tmp_path / f"case{number}")
        try:
            case.tamper(copy, installation)
            with_key = findings_of(copy, KeyFile(copy.settings.trail_key_path))
            copy.settings.trail_key_path.unlink()
            without_key = findings_of(copy, KeyFile(copy.settings.trail_key_path))
        finally:
            drop_copy(copy)
        rows.append((number, case.name, bool(with_key), bool(without_key), case.key_only,
                     (with_key or without_key or ["-"])[0]))
        if not with_key or not (without_key or case.key_only):
            missed.append((case.name, with_key, without_key))
    with capsys.disabled():
        print(f"\n{'#':>2} {'case':<58} key  no key  first finding")
        for number, name, found, found_bare, key_only, first in rows:
            bare = "yes" if found_bare else ("no (key-only)" if key_only else "NO")
            print(f"{number:>2} {name:<58} {'yes' if found else 'NO':<4} {bare:<6} {first[:90]}")
        structural = [r for r in rows if not r[4]]
        print(f"found with the key: {sum(r[2] for r in rows)}/{len(rows)}; without it: "
              f"{sum(r[3] for r in structural)}/{len(structural)} structural cases")
    assert missed == []
