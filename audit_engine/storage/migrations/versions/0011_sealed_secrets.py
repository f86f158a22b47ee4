"""sealed secrets: TOTP seeds and webhook secrets encrypted under a key outside the database

Revision ID: 0011_sealed_secrets
Revises: 0010_api_request_count

The columns widen to hold a sealed value ("v1:" + base64 of nonce, ciphertext and tag), and
every value still in clear is sealed with the secrets key (credentials/sealed.py), which the
caller hands in as the Alembic attribute `secret_box` (`audit-engine db upgrade` and `init` do).
"""

import sqlalchemy as sa
import sqlmodel  # noqa: F401
from alembic import context, op

revision = "0011_sealed_secrets"
down_revision = "0010_api_request_count"
branch_labels = None
depends_on = None

AutoString = sqlmodel.sql.sqltypes.AutoString
# (table, key column, secret column, old length, purpose it is sealed for)
COLUMNS = (
    ("user_credential", "user_id", "totp_secret", 64, "totp seed"),
    ("webhook_endpoint", "id", "secret", 100, "webhook secret"),
    ("webhook_endpoint", "id", "previous_secret", 100, "webhook secret"),
)
SEALED_LENGTH = 255


def upgrade() -> None:
    for table, _, column, _, _ in COLUMNS:
        with op.batch_alter_table(table) as batch_op:
            batch_op.alter_column(column, type_=AutoString(length=SEALED_LENGTH))
    _convert(lambda box, purpose, value: None if value.startswith("v1:")
             else box.seal(purpose, value))


def downgrade() -> None:
    _convert(lambda box, purpose, value: box.open(purpose, value)
             if value.startswith("v1:") else None)
    for table, _, column, length, _ in COLUMNS:
        with op.batch_alter_table(table) as batch_op:
            batch_op.alter_column(column, type_=AutoString(length=length))


def _convert(change) -> None:
    """Rewrite each non-empty secret with `change(box, purpose, value)` (None: leave it)."""
    bind = op.get_bind()
    box = context.config.attributes.get("secret_box")
    for table, key, column, _, purpose in COLUMNS:
        rows = bind.execute(sa.text(
            f"SELECT {key}, {column} FROM {table} WHERE {column} IS NOT NULL")).all()
        for number, value in rows:
            if box is None:
                raise RuntimeError(f"{table}.{column} holds secrets in clear and no secrets "
                                   "key was given to seal them")
            changed = change(box, purpose, value)
            if changed is not None:
                bind.execute(sa.text(f"UPDATE {table} SET {column} = :value WHERE {key} = :key"),
                             {"value": changed, "key": number})
