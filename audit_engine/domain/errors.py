"""Errors a user can cause, each with the CLI exit code it maps to.

Entry points turn these into one line (`error: ...`) and the exit code; anything else is a bug
and exits 1.
"""


class AuditEngineError(Exception):
    """Base for every error that is the user's to fix, not a bug."""

    exit_code = 1


class InvalidInput(AuditEngineError):
    """Bad usage or invalid input: a value, a file, a setting."""

    exit_code = 2


class PermissionDenied(AuditEngineError):
    """The acting user may not do this."""

    exit_code = 3


class ReadRefused(PermissionDenied):
    """A read refused for want of a role at the object's facility. The CLI says so (exit 3,
    naming the role); the web and the API answer 404 with `hidden`, so the ids of other
    facilities' objects do not reveal that they exist."""

    def __init__(self, message: str, hidden: str) -> None:
        super().__init__(message)
        self.hidden = hidden


def shown_on_the_web(error: AuditEngineError) -> str:
    """The message the web and the API show: a refused read as not found, else the error."""
    return error.hidden if isinstance(error, ReadRefused) else str(error)


class TransitionNotAllowed(AuditEngineError):
    """A workflow event refused from the current state or by an unmet guard."""

    exit_code = 3


class NotFound(AuditEngineError):
    """An id, code or email that names nothing."""

    exit_code = 4


class Conflict(AuditEngineError):
    """Someone else changed it first, or it exists already."""

    exit_code = 5


class StaleRecord(Conflict):
    """The record changed since it was read."""

    def __init__(self, what: str = "record") -> None:
        super().__init__(f"{what} was changed by someone else since you read it; try again")


class NotAuthenticated(AuditEngineError):
    """No credentials, or credentials that are unknown, revoked or expired."""

    exit_code = 3


class SignInRefused(PermissionDenied):
    """Wrong email, password or code, or an account that may not sign in."""


class Throttled(SignInRefused):
    """Too many failed sign-ins: wait, or the account or address is locked for a while."""


class PartialProfile(AuditEngineError):
    """Planning against an entity profile the catalog does not declare complete."""

    exit_code = 3
