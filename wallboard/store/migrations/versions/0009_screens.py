"""The screen fleet, and users' roles.

Revision 0009, after 0008. screen holds one row per TV: a TV waiting to be paired (no name,
a pairing code) or a named screen of the fleet (its profile, what it last reported, the
admin's requests to it). app_user gains role ('admin' or 'lead'); users made before this
revision are team leads.
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

STAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "screen",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(40), nullable=True),
        sa.Column("name_key", sa.String(40), nullable=True, unique=True),
        sa.Column("device_hash", sa.String(64), nullable=True, unique=True),
        sa.Column("pairing_code", sa.String(8), nullable=True, unique=True),
        sa.Column("profile", sa.Text, nullable=False, server_default=sa.text("'{}'")),
        sa.Column("created_at", STAMP, nullable=False),
        sa.Column("paired_at", STAMP, nullable=True),
        sa.Column("last_seen", STAMP, nullable=True),
        sa.Column("online_since", STAMP, nullable=True),
        sa.Column("build", sa.String(40), nullable=True),
        sa.Column("width", sa.Integer, nullable=True),
        sa.Column("height", sa.Integer, nullable=True),
        sa.Column("memory_mb", sa.Float, nullable=True),
        sa.Column("loaded_at", STAMP, nullable=True),
        sa.Column("stale", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("reload_seq", sa.Integer, nullable=False, server_default=sa.text("0")),
        sa.Column("identify_until", STAMP, nullable=True),
        sa.Column("offline_alerted_at", STAMP, nullable=True),
        sa.Column("changed_seq", sa.Integer, nullable=False, server_default=sa.text("0")),
        sqlite_autoincrement=True,  # ids are never reused: a new row is always news
    )
    with op.batch_alter_table("app_user") as batch:
        batch.add_column(sa.Column("role", sa.String(16), nullable=False,
                                   server_default=sa.text("'lead'")))


def downgrade() -> None:
    raise NotImplementedError("the store is never migrated backwards: restore a backup")
