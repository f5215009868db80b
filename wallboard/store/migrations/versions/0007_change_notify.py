"""Instant news: the PostgreSQL change-log trigger also sends NOTIFY wallboard_change.

Revision 0007, after 0006. Wall processes LISTEN on the channel, so a response written by
anyone is read at once instead of at the next poll. NOTIFY is delivered when the writing transaction
commits, and one per transaction (same channel, same empty payload), however many rows it
changed. SQLite has no NOTIFY: the wall watches `PRAGMA data_version` there; nothing to do.
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION wallboard_log_response_change() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO response_change (response_id, old_score, new_score)
    VALUES (NEW.id, NULL, NEW.score);
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO response_change (response_id, old_score, new_score)
    VALUES (NEW.id, OLD.score, NEW.score);
  ELSE
    INSERT INTO response_change (response_id, old_score, new_score)
    VALUES (OLD.id, OLD.score, NULL);
  END IF;
  PERFORM pg_notify('wallboard_change', '');
  RETURN NULL;
END $$ LANGUAGE plpgsql
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(POSTGRES_FUNCTION)


def downgrade() -> None:
    raise NotImplementedError("the store is never migrated backwards: restore a backup")
