"""Errors a user can cause, and ERROR_MAP: the one table of what each means on each channel.

Entry points turn these into one line (`error: ...`) and the exit code (the CLI), an error page
(the web) or a problem document (the API), each reading its row of ERROR_MAP; anything else is a
bug and exits 1 (500 over HTTP).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Self

from audit_engine.domain.words import N_, Phrase, said


class AuditEngineError(Exception):
    """Base for every error that is the user's to fix, not a bug."""

    # (English message with %(name)s placeholders, its values) when made by `said`: a page
    # says it in its reader's language; the CLI and the API print the English.
    words: tuple[str, dict[str, Any]] | None = None

    @classmethod
    def said(cls, message: str, /, **values: Any) -> Self:
        """This error with a message a page can translate: `message` is English, marked for
        the catalogue by this call (`make messages` extracts `said`), filled from `values`."""
        error = cls(message % values if values else message)
        error.words = (message, values)
        return error

    @property
    def phrase(self) -> str:
        """The message as a Phrase a page can translate when made by `said`, else the English
        (a guard's reason shown as "Not yet: ...")."""
        return Phrase(*self.words) if self.words is not None else str(self)

    @property
    def exit_code(self) -> int:
        return meaning_of(self).exit_code


class InvalidInput(AuditEngineError):
    """Bad usage or invalid input: a value, a file, a setting."""


class PermissionDenied(AuditEngineError):
    """The acting user may not do this. `permission` (a key of the permission table) and
    `duty` (a separation-of-duties rule: "lead", "submitter", "implementer", "owner") say
    which rule refused, so the web can put it in everyday words."""

    def __init__(self, message: str, *, permission: str | None = None,
                 facility: str | None = None, duty: str | None = None) -> None:
        super().__init__(message)
        self.permission, self.facility, self.duty = permission, facility, duty


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


class NotFound(AuditEngineError):
    """An id, code or email that names nothing."""


class Conflict(AuditEngineError):
    """Someone else changed it first, or it exists already."""


class StaleRecord(Conflict):
    """The record changed since it was read."""

    def __init__(self, what: str = said("record")) -> None:
        super().__init__(f"{what} was changed by someone else since you read it; try again")
        self.words = (STALE, {"what": what})  # `what`: a Phrase, said in the reader's words


STALE = N_("%(what)s was changed by someone else since you read it; try again")


class NotAuthenticated(AuditEngineError):
    """No credentials, or credentials that are unknown, revoked or expired."""


class SignInRefused(PermissionDenied):
    """Wrong email, password or code, or an account that may not sign in."""


class Throttled(SignInRefused):
    """Too many failed sign-ins: wait, or the account or address is locked for a while."""


class PartialProfile(AuditEngineError):
    """Planning against an entity profile the catalog does not declare complete."""


class IntegrityBroken(AuditEngineError):
    """Stored data disagrees with what was recorded: the trail, an archive, a stored file."""


class StorageUnavailable(AuditEngineError):
    """The object store does not answer (down, unreachable, refusing our credentials)."""


class KeysNotChecked(AuditEngineError):
    """The trail's structure holds, but nothing its key signs could be checked (no key)."""


@dataclass(frozen=True)
class ErrorMeaning:
    """One error's meaning and how each channel says it.

    `status`, `slug` and `title` are the HTTP answer (the API's problem `type` is the slug);
    `web_status` is the web's own status where its reason differs, said in `web_reason`."""

    error: type[AuditEngineError]
    meaning: str
    exit_code: int
    status: int
    slug: str
    title: str
    web_status: int | None = None
    web_reason: str = ""


# The most specific class first: an error takes the first row it is an instance of.
ERROR_MAP: tuple[ErrorMeaning, ...] = (
    ErrorMeaning(ReadRefused, "a read of another facility's object: the CLI names the "
                 "missing role, HTTP answers as if it did not exist", 3, 404, "not-found",
                 "Not found"),
    ErrorMeaning(Throttled, "too many failed sign-ins: wait", 3, 429, "rate-limited",
                 "Too many requests"),
    ErrorMeaning(SignInRefused, "a wrong email, password or code at sign-in", 3, 401,
                 "unauthenticated", "Authentication required"),
    ErrorMeaning(NotAuthenticated, "no token, or an unknown, revoked or expired one", 3, 401,
                 "unauthenticated", "Authentication required"),
    ErrorMeaning(StaleRecord, "the record changed since it was read: `If-Match` or "
                 "`--expect-version` names an older version", 5, 412, "stale",
                 "The record changed since you read it", web_status=409,
                 web_reason="a form read before someone else's change: the page names it"),
    ErrorMeaning(PermissionDenied, "a role is missing (named), separation of duties, a "
                 "read-only token writing", 3, 403, "forbidden", "Not permitted"),
    ErrorMeaning(PartialProfile, "a plan against a partial entity profile without "
                 "`--allow-partial-profile`", 3, 400, "bad-request", "Refused"),
    ErrorMeaning(TransitionNotAllowed, "the workflow refuses the event now; the message names "
                 "the guard", 3, 409, "transition-refused", "Transition refused"),
    ErrorMeaning(NotFound, "no such id, code or email", 4, 404, "not-found", "Not found"),
    ErrorMeaning(Conflict, "it exists already, or an idempotent request is still running", 5,
                 409, "conflict", "Conflict"),
    ErrorMeaning(InvalidInput, "a value is wrong: type, range, unknown field (named; over HTTP "
                 "`errors` lists each field)", 2, 422,
                 "invalid-input", "Invalid input"),
    ErrorMeaning(IntegrityBroken, "stored data disagrees with its record (each problem named): "
                 "the trail (`log verify [--deep]`), an archive member (`archive verify`), a "
                 "stored file (`evidence get`, `audit archive`)", 6, 400,
                 "bad-request", "Refused"),
    ErrorMeaning(KeysNotChecked, "keys not checked: `log verify [--deep]` found the structure "
                 "intact but could not check what the trail key signs (the key file is "
                 "missing, or holds none of the keys the trail and its checkpoints name)", 7,
                 400, "bad-request", "Refused"),
    ErrorMeaning(StorageUnavailable, "the object store holding files cannot be reached or "
                 "refuses the configured credentials: nothing was recorded, try again", 1, 503,
                 "unavailable", "Storage unavailable"),
    ErrorMeaning(AuditEngineError, "refused for another reason: the database cannot be "
                 "reached, a render failed", 1, 400, "bad-request", "Refused"),
)


def meaning_of(error: AuditEngineError | type[AuditEngineError]) -> ErrorMeaning:
    """The row of ERROR_MAP that `error` (an instance or a class) takes."""
    kind = error if isinstance(error, type) else type(error)
    return next(row for row in ERROR_MAP if issubclass(kind, row.error))


def web_status_of(error: AuditEngineError | type[AuditEngineError]) -> int:
    """The status of a web page refusing with `error` (the web's own where it differs)."""
    row = meaning_of(error)
    return row.web_status or row.status
