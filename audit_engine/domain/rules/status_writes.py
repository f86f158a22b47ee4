"""Only the workflow writes `status`: a guard the storage models call on every assignment.

The workflow package moves a row's status inside `workflow_writes()`; storage registers
`refuse_outside_workflow` on the status attribute of audits, findings and corrective actions,
so `finding.status = "dismissed"` anywhere else raises StatusWriteRefused at run time (the way
viewflow's FSM field refuses direct assignment). Reading rows back from the database does not
assign, so it is not affected.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_WORKFLOW_WRITING: ContextVar[bool] = ContextVar("workflow_writing", default=False)


class StatusWriteRefused(RuntimeError):
    """A programming error, not a user's: status was assigned outside the workflow."""


@contextmanager
def workflow_writes() -> Iterator[None]:
    """The workflow's (and only the workflow's) permission to assign `status`."""
    token = _WORKFLOW_WRITING.set(True)
    try:
        yield
    finally:
        _WORKFLOW_WRITING.reset(token)


def refuse_outside_workflow(row: object, value: object) -> None:
    if not _WORKFLOW_WRITING.get():
        raise StatusWriteRefused(
            f"{type(row).__name__}.status = {value!r} outside the workflow: fire an event "
            "(audit_engine.workflow.machines.fire) or start the row in its initial state "
            "(machines.start)"
        )
