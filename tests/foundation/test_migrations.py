from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlmodel import SQLModel

import audit_engine.storage.models  # noqa: F401
from audit_engine.domain.errors import InvalidInput
from audit_engine.storage import schema


def test_migrations_and_models_agree(bare_app):
    schema.upgrade(bare_app.engine)
    with bare_app.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, SQLModel.metadata) == []


def test_upgrading_from_the_first_migration_keeps_rows(bare_app):
    engine = bare_app.engine
    schema.upgrade(engine, "0001_people")
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO app_user (email, name, active, created_at) VALUES (:e, :n, :a, :c)"),
            {"e": "kept@example.com", "n": "Kept", "a": True, "c": datetime.now(UTC)},
        )
    before, after = schema.upgrade(engine)
    assert (before, after) == ("0001_people", schema.known_revisions()[0])
    with engine.connect() as connection:
        emails = connection.execute(text("SELECT email FROM app_user")).scalars().all()
    assert emails == ["kept@example.com"]


def test_upgrade_twice_changes_nothing(bare_app):
    head = schema.upgrade(bare_app.engine)[1]
    assert schema.upgrade(bare_app.engine) == (head, head)


def test_a_newer_schema_is_refused(bare_app):
    engine = bare_app.engine
    schema.upgrade(engine)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    with pytest.raises(InvalidInput, match="newer than this audit-engine knows"):
        schema.upgrade(engine)
    with pytest.raises(InvalidInput, match="newer"):
        schema.require_current(engine)


def test_an_empty_database_asks_for_init(bare_app):
    with pytest.raises(InvalidInput, match="audit-engine init"):
        schema.require_current(bare_app.engine)


def test_file_names_are_the_revision_chain():
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(schema.alembic_config())
    chain = [s.revision for s in reversed(list(scripts.walk_revisions()))]
    head, known = schema.known_revisions()
    assert chain == sorted(known) and scripts.get_current_head() == head
