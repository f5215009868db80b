"""The store's schema: tables, the change-log triggers, and columns newer versions add."""

from __future__ import annotations

from sqlalchemy import Engine, inspect, text
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

import wallboard.store.tables  # noqa: F401 - declares every table on SQLModel.metadata
from wallboard.store.engine import make_engine

# Triggers log every insert, update and delete of a response, whoever writes it.
_SQLITE_TRIGGERS = (
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
_POSTGRES_TRIGGERS = (
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
# Several processes may start at once against one PostgreSQL store: serialise the DDL.
_PG_SCHEMA_LOCK = 7_402_913


def _add_missing_columns(conn: Connection) -> list[str]:
    """Add columns a newer version declares to tables an older version created.

    Only nullable columns are added (the schema policy: releases add, never change), so old
    rows stay valid. Returns "table.column" for each column added.
    """
    inspector = inspect(conn)
    added = []
    for table in SQLModel.metadata.sorted_tables:
        if not inspector.has_table(table.name):
            continue
        present = {c["name"] for c in inspector.get_columns(table.name)}
        for column in table.columns:
            if column.name in present:
                continue
            if not column.nullable:
                raise RuntimeError(f"cannot add required column {table.name}.{column.name} "
                                   "to an existing store: a migration script is needed")
            kind = column.type.compile(dialect=conn.dialect)
            conn.execute(text(f'ALTER TABLE {table.name} ADD COLUMN "{column.name}" {kind}'))
            added.append(f"{table.name}.{column.name}")
    return added


def create_schema(engine: Engine) -> None:
    """Create missing tables, columns and the change-log triggers; idempotent, safe to race."""
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_SCHEMA_LOCK})
            SQLModel.metadata.create_all(conn)
            _add_missing_columns(conn)
            for statement in _POSTGRES_TRIGGERS:
                conn.execute(text(statement))
        else:
            SQLModel.metadata.create_all(conn)
            _add_missing_columns(conn)
            for statement in _SQLITE_TRIGGERS:
                conn.execute(text(statement))


def open_store(url: str) -> Engine:
    """Open the store at url, creating its file, tables and triggers on first use."""
    engine = make_engine(url)
    create_schema(engine)
    return engine
