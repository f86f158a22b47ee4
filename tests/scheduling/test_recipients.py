"""One rule for "the facility's managers" (is_manager_of), and nobody silently skipped: a
facility without any manager is reported to the compliance officers."""

from __future__ import annotations

from datetime import date

from audit_engine.domain.rules import action_reminders as plan
from audit_engine.services.administration.people import add_facility, add_user
from audit_engine.services.mail.recipients import managers_or_officers
from audit_engine.services.mail.role_holders import active_grants
from tests.acting import as_cli


def test_managers_by_name_and_role_else_the_officers(world):
    add_user(
        world.uow(),
        world.clock,
        actor=as_cli("admin@example.com"),
        email="role.mgr@example.com",
        name="By role",
        roles=["manager"],
        facilities=["F2"],
    )
    add_facility(world.uow(), world.clock, actor=as_cli("admin@example.com"), code="F3",
                 name="Plant F3", entity_type="us_importer")
    with world.uow().reading() as uow:
        grants = active_grants(uow.session)
    assert managers_or_officers(grants, "F2") == (
        ["mgr@example.com", "role.mgr@example.com"], False)
    assert managers_or_officers(grants, "F3") == (["co@example.com"], True)


def test_an_unmanaged_facility_escalates_to_the_officers_at_the_managers_threshold():
    action = plan.RemindedAction(ref="CA-1", label="F-1", facility="F3", audit="A-1",
                              owner="owner@example.com", owner_label="owner", plan="fix",
                              due=date(2027, 1, 1), status="open", managers=())
    people = plan.sections_by_person([action], ["co@example.com"], date(2027, 1, 9),
                                     plan.Thresholds())
    assert "escalated_compliance" in people["co@example.com"]  # 8 days late, not 30
