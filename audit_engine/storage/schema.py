"""Schema versions: upgrade through Alembic, and refuse databases we do not understand."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import OperationalError

from audit_engine.domain.errors import AuditEngineError, InvalidInput

MIGRATIONS = Path(__file__).parent / "migrations"


class DatabaseUnavailable(AuditEngineError):
    """The database cannot be reached (exit 1, as a bug would)."""


def alembic_config():
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


@cache
def known_revisions() -> tuple[str, frozenset[str]]:
    """(head, every revision id) of the shipped migrations.

    Read from the file names (each is its revision id; the chain is linear and numbered), so
    everyday commands check the schema without importing Alembic. A test holds the file names
    and Alembic's own view of the chain to agreement.
    """
    revisions = sorted(p.stem for p in (MIGRATIONS / "versions").glob("[0-9]*.py"))
    return revisions[-1], frozenset(revisions)


def current_revision(engine: Engine) -> str | None:
    with connect(engine) as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine, target: str = "head", secret_box=None) -> tuple[str | None, str]:
    """Bring the database to `target`; returns (before, after). `secret_box` seals secrets a
    migration finds in clear (credentials.sealed.SecretBox)."""
    from alembic import command

    before = current_revision(engine)
    refuse_newer(before)
    with connect(engine) as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        config.attributes["secret_box"] = secret_box
        command.upgrade(config, target)
        connection.commit()
    return before, current_revision(engine)


def require_current(engine: Engine) -> None:
    """Commands other than init/upgrade need the database at our head."""
    revision = current_revision(engine)
    refuse_newer(revision)
    head, _ = known_revisions()
    if revision is None:
        raise InvalidInput("the database is not initialised; run `audit-engine init`")
    if revision != head:
        raise InvalidInput(
            f"the database schema is at {revision}, this code needs {head}; "
            "run `audit-engine db upgrade`"
        )


def refuse_newer(revision: str | None) -> None:
    head, known = known_revisions()
    if revision is not None and revision not in known:
        raise InvalidInput(
            f"the database schema {revision!r} is newer than this audit-engine knows "
            f"(up to {head!r}); upgrade audit-engine"
        )


def connect(engine: Engine):
    try:
        return engine.connect()
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise DatabaseUnavailable(f"cannot open the database {_where(engine)}: {reason}") from None


def _where(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)
