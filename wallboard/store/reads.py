"""Open the response store and read from it: one query a function."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path

import pandas as pd
from sqlalchemy import Engine, String, and_, case, event, func, inspect, select, text, type_coerce
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.pool import NullPool
from sqlalchemy.types import DateTime
from sqlmodel import SQLModel, create_engine

from wallboard.store.tables import FollowUp, FollowUpStatus, Response, ResponseChange

RESPONSE = Response.__table__
CHANGE = ResponseChange.__table__
FOLLOWUP = FollowUp.__table__

FRAME_COLUMNS = ["id", "team", "employee", "score", "answered_at"]
DETAIL_COLUMNS = [*FRAME_COLUMNS, "comment", "customer_name", "received_at"]

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


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_engine(url: str) -> Engine:
    """Create an engine for a SQLite file (WAL mode) or a PostgreSQL URL; no I/O yet."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        # A connection per use: opening a SQLite file is cheap, and a store file that was
        # replaced (restored from backup) or went missing is noticed at the next poll.
        engine = create_engine(url, poolclass=NullPool,
                               connect_args={"check_same_thread": False, "timeout": 5})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5,
                         connect_args={"connect_timeout": 5})


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


def ping(engine: Engine) -> None:
    """Read from the store once; raise if it cannot be read."""
    with engine.connect() as conn:
        conn.execute(select(func.count()).select_from(CHANGE).where(CHANGE.c.seq < 0)).one()


def _raw_time(engine_or_conn: Engine | Connection, column):  # noqa: ANN001, ANN202
    # Skip per-row Python conversion on bulk reads; pandas parses the column at once.
    if engine_or_conn.dialect.name == "sqlite":
        return type_coerce(column, String()).label(column.name)
    return type_coerce(column, DateTime(timezone=True)).label(column.name)


def _frame(rows: Sequence, columns: list[str]) -> pd.DataFrame:
    # Column-wise from plain tuples: pandas inspects each SQLAlchemy Row object otherwise,
    # which costs seconds at a million rows.
    values = list(zip(*map(tuple, rows), strict=True))
    frame = (pd.DataFrame(dict(zip(columns, values, strict=True))) if values
             else pd.DataFrame(columns=columns, dtype=object))
    for column in ("answered_at", "received_at"):
        if column in frame:
            frame[column] = pd.to_datetime(frame[column], utc=True, format="ISO8601")
    frame["id"] = frame["id"].astype("int64")
    frame["score"] = frame["score"].astype("int64")
    return frame


def _detail_select(conn: Connection):  # noqa: ANN202
    t = RESPONSE.c
    return select(t.id, t.team_key, t.employee, t.score, _raw_time(conn, t.answered_at),
                  t.comment, t.customer_name, _raw_time(conn, t.received_at))


def max_change_seq(conn: Connection) -> int:
    """Return the newest change-log sequence number (0 for an empty store)."""
    return conn.execute(select(func.coalesce(func.max(CHANGE.c.seq), 0))).scalar_one()


def load_responses(conn: Connection, *, since: datetime) -> pd.DataFrame:
    """Return id, team, employee, score and answered_at of responses answered after since."""
    t = RESPONSE.c
    query = (select(t.id, t.team_key, t.employee, t.score, _raw_time(conn, t.answered_at))
             .where(t.answered_at > since))
    return _frame(conn.execute(query).all(), FRAME_COLUMNS)


def changes_after(conn: Connection, *, seq: int, also: Iterable[int] = (),
                  limit: int = 20_000) -> list[tuple]:
    """Return (seq, response_id, old_score, new_score) logged after seq, plus seqs in also.

    At most limit rows, oldest first: a caller that gets limit rows should reload instead.
    """
    c = CHANGE.c
    condition = c.seq > seq
    also = list(also)
    if also:
        condition = condition | c.seq.in_(also)
    query = (select(c.seq, c.response_id, c.old_score, c.new_score)
             .where(condition).order_by(c.seq).limit(limit))
    return [tuple(row) for row in conn.execute(query).all()]


def responses_by_id(conn: Connection, ids: Iterable[int]) -> pd.DataFrame:
    """Return the full rows of the given response ids that still exist."""
    t = RESPONSE.c
    ids = sorted(ids)
    rows: list = []
    # In slices: SQLite allows at most 32,766 bound parameters in one statement.
    for start in range(0, len(ids), 5000):
        query = _detail_select(conn).where(t.id.in_(ids[start:start + 5000]))
        rows += conn.execute(query).all()
    return _frame(rows, DETAIL_COLUMNS)


def recent_comments(conn: Connection, *, team: str, scores: tuple[int, int], since: datetime,
                    limit: int) -> pd.DataFrame:
    """Return a team's newest commented responses with score in the closed range scores."""
    t = RESPONSE.c
    query = (_detail_select(conn)
             .where(t.team_key == team, t.answered_at > since,
                    t.score.between(*scores), t.comment != "")
             .order_by(t.answered_at.desc()).limit(limit))
    return _frame(conn.execute(query).all(), DETAIL_COLUMNS)


def recent_promoters(conn: Connection, *, received_after: datetime) -> pd.DataFrame:
    """Return promoters received after a moment, oldest first."""
    t = RESPONSE.c
    query = (_detail_select(conn)
             .where(t.received_at > received_after, t.score >= 9).order_by(t.received_at))
    return _frame(conn.execute(query).all(), DETAIL_COLUMNS)


def followup_counts(conn: Connection, *, overdue_before: datetime,
                    since: datetime) -> dict[str, tuple[int, int]]:
    """Return per team the detractors answered after since that are not resolved and, of
    those, the ones nobody contacted that were answered before overdue_before.

    A detractor nobody has touched yet (no follow-up row) counts as open.
    """
    t, f = RESPONSE.c, FOLLOWUP.c
    is_open = f.status.is_(None) | (f.status == FollowUpStatus.OPEN.value)
    unresolved = case((f.status.is_(None) | (f.status != FollowUpStatus.RESOLVED.value), 1),
                      else_=0)
    overdue = case((and_(is_open, f.contacted_at.is_(None), t.answered_at < overdue_before), 1),
                   else_=0)
    query = (select(t.team_key, func.sum(unresolved), func.sum(overdue))
             .select_from(RESPONSE.outerjoin(FOLLOWUP, f.response_id == t.id))
             .where(t.score <= 6, t.answered_at > since)
             .group_by(t.team_key))
    return {team: (int(a or 0), int(b or 0)) for team, a, b in conn.execute(query)}


def latest_change_seqs(conn: Connection, ids: Iterable[int]) -> dict[int, int]:
    """Return, for each response id, the sequence number of its newest logged change."""
    c = CHANGE.c
    query = (select(c.response_id, func.max(c.seq)).where(c.response_id.in_(list(ids)))
             .group_by(c.response_id))
    return dict(conn.execute(query).all())


def team_keys(conn: Connection) -> list[str]:
    """Return every team key that has responses, sorted."""
    query = select(RESPONSE.c.team_key).distinct().order_by(RESPONSE.c.team_key)
    return list(conn.execute(query).scalars())


def latest_promoters(conn: Connection, *, since: datetime, limit: int) -> list[dict]:
    """Return the newest promoters answered after since, newest first, as plain dicts."""
    t = RESPONSE.c
    query = (select(t.id, t.source, t.external_id, t.score, t.team_key, t.employee, t.comment,
                    t.answered_at)
             .where(t.answered_at > since, t.score >= 9)
             .order_by(t.answered_at.desc(), t.id.desc()).limit(limit))
    return [row._asdict() for row in conn.execute(query)]
