"""The outbox's indexes for the delivery job, and the store's identity.

Revision 0006, after 0005. The delivery job asks every 2 s in every process for open rows
that are due (delivered_at and failed_at NULL, by next_attempt_at) and for messages started
in the last minute (last_attempt_at): both are index lookups now, not scans. The row
`store_id` in app_setting names this store: a poller that finds another id (the file was
replaced by another store) reloads its window.
"""

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_notification_open_due": ["delivered_at", "failed_at", "next_attempt_at"],
    "ix_notification_last_attempt_at": ["last_attempt_at"],
}


def upgrade() -> None:
    present = {i["name"] for i in sa.inspect(op.get_bind()).get_indexes("notification")}
    for name, columns in INDEXES.items():
        if name not in present:
            op.create_index(name, "notification", columns)
    setting = sa.table("app_setting", sa.column("key", sa.String), sa.column("value", sa.Text))
    bind = op.get_bind()
    if bind.execute(sa.select(setting.c.key).where(setting.c.key == "store_id")).first() is None:
        bind.execute(sa.insert(setting).values(key="store_id", value=uuid.uuid4().hex))


def downgrade() -> None:
    raise NotImplementedError("the store is never migrated backwards: restore a backup")
