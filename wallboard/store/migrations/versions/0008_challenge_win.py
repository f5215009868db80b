"""The weekly challenge's recorded wins (the hall of fame).

Revision 0008, after 0007. challenge_win holds
one row per week, challenge kind and team that reached the target, with the moment the wall
saw it; a win, once recorded, stands.
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

STAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "challenge_win",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("week_start", STAMP, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("team_key", sa.String(64), nullable=False),
        sa.Column("reached_at", STAMP, nullable=False),
        sa.Column("value", sa.Float, nullable=True),
        sa.UniqueConstraint("week_start", "kind", "team_key", name="uq_challenge_win_week_team"),
    )
    op.create_index("ix_challenge_win_week_start", "challenge_win", ["week_start"])


def downgrade() -> None:
    raise NotImplementedError("the store is never migrated backwards: restore a backup")
