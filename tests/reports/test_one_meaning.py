"""One meaning each: "overdue" (domain/rules/overdue.py) and "manager of a facility"
(domain/rules/permissions.py is_manager_of), and approve obeying the latter on a real database.
Also one definition each: `OPEN_AUDIT` and `NOT_SUBMITTED` (domain/rules/lifecycle.py),
`days_overdue` (domain/rules/overdue.py), `require_visible` (services/audits/listing.py), and no
two classes of audit_engine share a name (a read model called `AuditView` in two folders meant
two different things)."""

from __future__ import annotations

import ast
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest

import audit_engine
from audit_engine.domain.errors import PermissionDenied
from audit_engine.domain.rules.lifecycle import NOT_SUBMITTED, OPEN_AUDIT
from audit_engine.domain.rules.overdue import ageing_bucket, days_overdue, is_overdue, waits_on
from audit_engine.domain.rules.permissions import Grant, holds, is_manager_of, managed_facilities
from audit_engine.services.administration import people
from audit_engine.services.review import transitions
from tests.acting import as_cli
from tests.lifecycle import world

TODAY = date(2027, 5, 1)


@pytest.mark.parametrize(
    ("status", "due", "overdue", "late", "bucket"),
    [
        ("open", date(2027, 5, 1), False, 0, "not due"),  # due today: not yet
        ("open", date(2027, 4, 30), True, 1, "1-30"),
        ("in_progress", date(2027, 3, 2), True, 60, "31-60"),
        ("implemented", date(2027, 2, 1), True, 89, "61-90"),  # implemented still counts
        ("open", date(2026, 12, 1), True, 151, ">90"),
        ("verified", date(2026, 12, 1), False, 0, "not due"),
        ("open", None, False, 0, "not due"),
    ],
)
def test_overdue_is_unverified_and_past_due(status, due, overdue, late, bucket):
    assert is_overdue(status, due, TODAY) is overdue
    assert days_overdue(status, due, TODAY) == late
    assert ageing_bucket(status, due, TODAY) == bucket


def test_an_implemented_action_waits_on_the_verifiers():
    assert waits_on("implemented") == "verifiers"
    assert waits_on("open") == waits_on("in_progress") == "owner"


def test_manager_of_a_facility_is_named_or_granted_for_it_never_facility_less():
    named = [Grant("manager", "MX-01")]  # facility add --manager lists as this grant
    unlimited = [Grant("manager", None)]
    officer = [Grant("compliance_officer", None)]
    assert is_manager_of(named, "MX-01") and not is_manager_of(named, "US-01")
    assert not is_manager_of(unlimited, "MX-01") and not is_manager_of(unlimited, None)
    assert not is_manager_of(officer, "MX-01")
    assert managed_facilities(named + unlimited) == {"MX-01"}
    # the permission table asks the same rule for the manager role
    assert not holds(unlimited, {"manager"}, "US-01")
    assert holds(named, {"manager"}, "MX-01")
    assert holds(officer, {"manager", "compliance_officer"}, "US-01")


def test_a_manager_role_without_a_facility_approves_nothing(app, tmp_path):
    world.cast(app)
    people.add_user(app.uow(), app.clock, actor=as_cli(world.ADMIN), email="roving@example.com",
                    name="Roving Manager", roles=["manager"])
    audit = world.plan(app)
    world.to_review(app, audit, tmp_path)
    # refused before the approval: such a manager may not even read the audit (ReadRefused)
    with pytest.raises(PermissionDenied, match="may not read audit A-1: .* at facility US-NJ-01"):
        transitions.approve_audit(app.uow(), app.clock, actor=as_cli("roving@example.com"),
                                  audit=audit)
    transitions.approve_audit(app.uow(), app.clock, actor=as_cli(world.MANAGER), audit=audit)


PACKAGE = Path(audit_engine.__file__).parent


def _definitions() -> dict[str, list[str]]:
    """Every module-level name, function and class of audit_engine -> where it is defined."""
    found: dict[str, list[str]] = defaultdict(list)
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        where = str(path.relative_to(PACKAGE.parent))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef | ast.FunctionDef):
                found[f"{type(node).__name__} {node.name}"].append(where)
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            targets = node.targets if isinstance(node, ast.Assign) else []
            for target in targets:
                if isinstance(target, ast.Name):
                    found[f"Assign {target.id}"].append(where)
    return found


def test_open_audit_and_not_submitted_are_defined_once_with_one_meaning():
    found = _definitions()
    assert found["Assign OPEN_AUDIT"] == ["audit_engine/domain/rules/lifecycle.py"]
    assert found["Assign NOT_SUBMITTED"] == ["audit_engine/domain/rules/lifecycle.py"]
    assert OPEN_AUDIT == ("planned", "fieldwork", "review", "remediation")  # not closed/cancelled
    assert NOT_SUBMITTED == ("planned", "fieldwork")  # answers can still change


def test_days_overdue_and_require_visible_are_defined_once():
    found = _definitions()
    assert found["FunctionDef days_overdue"] == ["audit_engine/domain/rules/overdue.py"]
    assert found["FunctionDef require_visible"] == ["audit_engine/services/audits/listing.py"]


def test_no_two_classes_share_a_name():
    twice = {name: where for name, where in _definitions().items()
             if name.startswith("ClassDef ") and len(where) > 1}
    assert twice == {}
