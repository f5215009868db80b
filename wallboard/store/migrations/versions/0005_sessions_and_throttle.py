"""Sign-in sessions kept in the store, and the shared sign-in throttle.

Revision 0005, after 0004. app_session holds one row per sign-in (the SHA-256 of the
cookie's random id, never the id); signin_attempt one row per password check, counted by
every process.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

STAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "app_session",
        sa.Column("id_hash", sa.String(64), primary_key=True),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("created_at", STAMP, nullable=False),
        sa.Column("last_seen_at", STAMP, nullable=False),
        sa.Column("expires_at", STAMP, nullable=False),
        sa.Column("address", sa.String(64), nullable=False),
        sa.Column("user_agent", sa.String(128), nullable=False),
    )
    op.create_index("ix_app_session_username", "app_session", ["username"])
    op.create_index("ix_app_session_expires_at", "app_session", ["expires_at"])
    op.create_table(
        "signin_attempt",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key_hash", sa.String(64), nullable=False),
        sa.Column("at", STAMP, nullable=False),
    )
    op.create_index("ix_signin_attempt_key_at", "signin_attempt", ["key_hash", "at"])
    op.create_index("ix_signin_attempt_at", "signin_attempt", ["at"])


def downgrade() -> None:
    raise NotImplementedError("the store is never migrated backwards: restore a backup")
