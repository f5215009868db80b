"""Personal data: the audit of erasures and exports (what kind, how many, when, which command).

Revision 0003, after 0002.
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "privacy_audit",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("command", sa.String(64), nullable=False),
        sa.Column("data", sa.String(500), nullable=False),
        sa.Column("responses", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    raise NotImplementedError("the store is never migrated backwards: restore a backup")
