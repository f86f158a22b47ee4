"""One static transitions Machine per workflow; rows are wrapped, never attached.

`fire(workflow, row, event, subject=..., **context)` runs the event on the row's `status`
through the machine and raises TransitionNotAllowed naming the event, subject, state and the
unmet guard instead of returning False. Nothing else writes `row.status`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from transitions import Machine, MachineError

from audit_engine.domain.errors import TransitionNotAllowed
from audit_engine.domain.rules.guards import GUARDS
from audit_engine.domain.rules.status_writes import workflow_writes
from audit_engine.domain.words import N_, said
from audit_engine.workflow.tables import Workflow


def _plain(transitions: tuple[dict[str, Any], ...]) -> list[dict[str, Any]]:
    """The table with enum members turned into their string values (what rows store)."""
    rows = []
    for t in transitions:
        source = t["source"]
        sources = [str(s) for s in source] if isinstance(source, list) else str(source)
        rows.append({**t, "source": sources, "dest": str(t["dest"])})
    return rows


# The events and states a refusal names, marked: a page says "cannot approve ..." in its
# reader's language (a refusal's plain values are looked up in the catalogue).
WORDS = (N_("start"), N_("submit"), N_("return"), N_("approve"), N_("close"), N_("cancel"),
         N_("confirm"), N_("dismiss"), N_("implement"), N_("verify"), N_("reject"),
         N_("in_progress"), N_("open"))

_MACHINES: dict[str, Machine] = {}


def machine_for(workflow: Workflow) -> Machine:
    """The shared, model-less machine of `workflow` (built once per process)."""
    if workflow.name not in _MACHINES:
        _MACHINES[workflow.name] = _build(workflow)
    return _MACHINES[workflow.name]


def _build(workflow: Workflow) -> Machine:
    return Machine(
        model=None,
        states=[str(s) for s in workflow.states],
        transitions=_plain(workflow.transitions),
        initial=str(workflow.initial),
        model_attribute="status",
        auto_transitions=False,
        send_event=True,
    )


class StatusRow(Protocol):
    """What a workflow moves: an audit, finding or action row, or the page's stand-in."""

    status: str


class Wrapped:
    """What the machine sees: `status` reads and writes the row; guards resolve by name."""

    def __init__(self, row: StatusRow) -> None:
        self._row = row
        self.refusal: str | None = None

    @property
    def status(self) -> str:
        return str(self._row.status)

    @status.setter
    def status(self, value: str) -> None:
        with workflow_writes():
            self._row.status = str(value)

    def __getattr__(self, name: str) -> Callable[[Any], bool]:
        guard = GUARDS.get(name)
        if guard is None:
            raise AttributeError(name)

        def check(event_data: Any) -> bool:
            unmet = guard(**event_data.kwargs)
            if unmet and self.refusal is None:
                self.refusal = unmet
            return unmet is None

        return check


def fire(workflow: Workflow, row: StatusRow, event: str, *, subject: str, **context: Any) -> str:
    """Fire `event` on `row`; return the new status or raise TransitionNotAllowed."""
    machine = machine_for(workflow)
    if event not in machine.events:
        raise TransitionNotAllowed.said("%(workflow)s has no event %(event)r",
                                        workflow=workflow.name, event=event)
    wrapped = Wrapped(row)
    before = row.status
    try:
        moved = machine.events[event].trigger(wrapped, **context)
    except MachineError:
        raise TransitionNotAllowed.said("cannot %(event)s %(subject)s from %(before)s",
                                        event=event, subject=subject, before=before) from None
    if not moved:  # the guard's reason, a Phrase: a page says it in its reader's language
        why = wrapped.refusal or said("a condition is not met")
        raise TransitionNotAllowed.said("cannot %(event)s %(subject)s from %(before)s: %(why)s",
                                        event=event, subject=subject, before=before, why=why)
    return str(row.status)


def initial_status(workflow: Workflow) -> str:
    """Where every row of `workflow` starts: the table's initial state."""
    return str(workflow.initial)


def start(workflow: Workflow, row: StatusRow) -> str:
    """Put a new row in its workflow's initial state (the one status write besides `fire`)."""
    with workflow_writes():
        row.status = initial_status(workflow)
    return str(row.status)
