"""Open the store: an engine for a SQLite file (WAL mode) or PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, event, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool
from sqlmodel import create_engine

from wallboard.store.tables import CHANGE


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def sqlite_path(url: str) -> Path | None:
    """Return the file of a SQLite store URL (None for PostgreSQL or an in-memory store)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def read_only_engine(url: str) -> Engine:
    """Create an engine that never writes: a SQLite file is opened read-only, never created."""
    path = sqlite_path(url)
    if path is None:
        return create_engine(url, poolclass=NullPool, connect_args=(
            {"connect_timeout": 5} if make_url(url).get_backend_name() == "postgresql"
            else {}))
    return create_engine(f"sqlite:///file:{path}?mode=ro&uri=true", poolclass=NullPool)


def make_engine(url: str) -> Engine:
    """Create an engine for a SQLite file (WAL mode) or a PostgreSQL URL; no I/O yet."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if (path := sqlite_path(url)) is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        # A connection per use: opening a SQLite file is cheap, and a store file that was
        # replaced (restored from backup) or went missing is noticed at the next poll.
        engine = create_engine(url, poolclass=NullPool,
                               connect_args={"check_same_thread": False, "timeout": 5})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5,
                         connect_args={"connect_timeout": 5})


def ping(engine: Engine) -> None:
    """Read from the store once; raise if it cannot be read."""
    with engine.connect() as conn:
        conn.execute(select(func.count()).select_from(CHANGE).where(CHANGE.c.seq < 0)).one()
