"""Release 0.2: raw payloads, follow-up history and notes, actions, users, settings, outbox.

Revision 0002, after 0001. Idempotent on purpose: stores that 0.2's development builds
created already hold some of these tables and columns ("added on start" before migrations).
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

STAMP = sa.DateTime(timezone=True)
NEW_COLUMNS = {
    "response": [sa.Column("raw", sa.Text)],
    "followup": [sa.Column("updated_at", STAMP), sa.Column("updated_by", sa.String(128))],
    "action_item": [sa.Column("done_by", sa.String(128))],
    "notification": [sa.Column("summary_id", sa.Integer), sa.Column("last_attempt_at", STAMP)],
}


def _tables() -> list[tuple]:
    return [
        ("followup_history",
         sa.Column("id", sa.Integer, primary_key=True),
         sa.Column("response_id", sa.Integer, sa.ForeignKey("response.id", ondelete="CASCADE"),
                   nullable=False),
         sa.Column("changed_at", STAMP, nullable=False),
         sa.Column("changed_by", sa.String(128), nullable=False),
         sa.Column("change", sa.Text, nullable=False)),
        ("action_item",
         sa.Column("id", sa.Integer, primary_key=True),
         sa.Column("team_key", sa.String(64), nullable=False),
         sa.Column("text", sa.String(500), nullable=False),
         sa.Column("owner", sa.String(128)),
         sa.Column("due", sa.Date),
         sa.Column("done", sa.Boolean, nullable=False),
         sa.Column("created_at", STAMP, nullable=False),
         sa.Column("created_by", sa.String(128)),
         sa.Column("done_at", STAMP)),
        ("app_user",
         sa.Column("id", sa.Integer, primary_key=True),
         sa.Column("username", sa.String(64), nullable=False, unique=True),
         sa.Column("password_hash", sa.String(256), nullable=False),
         sa.Column("created_at", STAMP, nullable=False)),
        ("app_setting",
         sa.Column("key", sa.String(64), primary_key=True),
         sa.Column("value", sa.Text, nullable=False)),
        ("notification",
         sa.Column("id", sa.Integer, primary_key=True),
         sa.Column("response_id", sa.Integer, sa.ForeignKey("response.id", ondelete="CASCADE"),
                   nullable=False, unique=True),
         sa.Column("created_at", STAMP, nullable=False),
         sa.Column("attempts", sa.Integer, nullable=False),
         sa.Column("next_attempt_at", STAMP, nullable=False),
         sa.Column("delivered_at", STAMP),
         sa.Column("failed_at", STAMP),
         sa.Column("last_error", sa.Text)),
    ]


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    for name, *columns in _tables():
        if not inspector.has_table(name):
            op.create_table(name, *columns)
    indexes = {"ix_followup_history_response_id": ("followup_history", ["response_id"]),
               "ix_action_item_team_key": ("action_item", ["team_key"])}
    for index, (table, columns) in indexes.items():
        if index not in {i["name"] for i in inspector.get_indexes(table)}:
            op.create_index(index, table, columns)
    for table, columns in NEW_COLUMNS.items():
        present = {c["name"] for c in inspector.get_columns(table)}
        for column in columns:
            if column.name not in present:
                op.add_column(table, column)


def downgrade() -> None:
    raise NotImplementedError("the store is never migrated backwards: restore a backup")
