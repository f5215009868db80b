"""Follow-ups get a version: each save adds one, and a save made on an older version is refused
(two people editing the same card at once are told instead of overwriting each other).

Revision 0004, after 0003. Existing follow-ups start at version 0.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    present = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("followup")}
    if "version" not in present:
        op.add_column("followup", sa.Column("version", sa.Integer, nullable=False,
                                            server_default=sa.text("0")))


def downgrade() -> None:
    raise NotImplementedError("the store is never migrated backwards: restore a backup")
