"""The schema of release 0.1: responses, the change log with its triggers, follow-ups.

Revision 0001, the first.
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

STAMP = sa.DateTime(timezone=True)
SQLITE_TRIGGERS = (
    """CREATE TRIGGER IF NOT EXISTS response_change_insert AFTER INSERT ON response
       BEGIN INSERT INTO response_change (response_id, old_score, new_score)
             VALUES (NEW.id, NULL, NEW.score); END""",
    """CREATE TRIGGER IF NOT EXISTS response_change_update AFTER UPDATE ON response
       BEGIN INSERT INTO response_change (response_id, old_score, new_score)
             VALUES (NEW.id, OLD.score, NEW.score); END""",
    """CREATE TRIGGER IF NOT EXISTS response_change_delete AFTER DELETE ON response
       BEGIN INSERT INTO response_change (response_id, old_score, new_score)
             VALUES (OLD.id, OLD.score, NULL); END""",
)
POSTGRES_TRIGGERS = (
    """CREATE OR REPLACE FUNCTION wallboard_log_response_change() RETURNS trigger AS $$
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
         RETURN NULL;
       END $$ LANGUAGE plpgsql""",
    """CREATE OR REPLACE TRIGGER response_change_log
       AFTER INSERT OR UPDATE OR DELETE ON response
       FOR EACH ROW EXECUTE FUNCTION wallboard_log_response_change()""",
)


def upgrade() -> None:
    op.create_table(
        "response",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("source", sa.String(64), nullable=False),
        sa.Column("external_id", sa.String(128), nullable=False),
        sa.Column("score", sa.Integer, nullable=False),
        sa.Column("comment", sa.String, nullable=False),
        sa.Column("team_key", sa.String(64), nullable=False),
        sa.Column("employee", sa.String(128)),
        sa.Column("customer_name", sa.String(128)),
        sa.Column("answered_at", STAMP, nullable=False),
        sa.Column("received_at", STAMP, nullable=False,
                  server_default=sa.text("CURRENT_TIMESTAMP")),
        sa.UniqueConstraint("source", "external_id", name="uq_response_source_external_id"),
        sa.CheckConstraint("score >= 0 AND score <= 10", name="ck_response_score_0_10"),
    )
    op.create_index("ix_response_answered_at", "response", ["answered_at"])
    op.create_index("ix_response_team_answered_at", "response", ["team_key", "answered_at"])
    op.create_table(
        "response_change",
        sa.Column("seq", sa.Integer, primary_key=True),
        sa.Column("response_id", sa.Integer, nullable=False),
        sa.Column("old_score", sa.Integer),
        sa.Column("new_score", sa.Integer),
        sqlite_autoincrement=True,  # a sequence number is never handed out twice
    )
    op.create_index("ix_response_change_response_id", "response_change", ["response_id"])
    op.create_table(
        "followup",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("response_id", sa.Integer,
                  sa.ForeignKey("response.id", ondelete="CASCADE"), nullable=False,
                  unique=True),
        sa.Column("owner", sa.String(128)),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", STAMP, nullable=False),
        sa.Column("contacted_at", STAMP),
        sa.Column("resolved_at", STAMP),
        sa.Column("note", sa.String, nullable=False),
    )
    triggers = POSTGRES_TRIGGERS if op.get_bind().dialect.name == "postgresql" else \
        SQLITE_TRIGGERS
    for statement in triggers:
        op.execute(statement)


def downgrade() -> None:
    raise NotImplementedError("the store is never migrated backwards: restore a backup")
