"""Open the store: an engine for a SQLite file (WAL mode) or PostgreSQL."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import quote

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


class StoreFileMissing(sqlite3.OperationalError):
    """The SQLite store file is not there: it is never created silently by the wall.

    A driver error, so that SQLAlchemy raises it as an OperationalError (`.orig` is this)
    like any other store that cannot be opened."""


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


def never_create(engine: Engine, path: Path) -> None:
    """Make every connection of a SQLite engine open the file read-write, never create it:
    a missing file raises StoreFileMissing instead of becoming a new, empty store."""

    @event.listens_for(engine, "do_connect")
    def _open_existing(_dialect, _record, cargs, cparams) -> None:  # noqa: ANN001
        if not path.exists():
            raise StoreFileMissing(f"the store file {path} is missing")
        # mode=rw: even when the file goes away between the check and the open, SQLite
        # fails instead of creating an empty file.
        cargs[:] = [f"file:{quote(str(path.resolve()))}?mode=rw"]
        cparams["uri"] = True


def make_engine(url: str, *, create: bool = False) -> Engine:
    """Create an engine for a SQLite file (WAL mode) or a PostgreSQL URL; no I/O yet.

    A SQLite file is created only with create=True (the `migrate` command, the demo);
    otherwise a missing file is an error at each use (StoreFileMissing).
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = sqlite_path(url)
        if path is not None and create:
            path.parent.mkdir(parents=True, exist_ok=True)
        # A connection per use: opening a SQLite file is cheap, and a store file that was
        # replaced (restored from backup) or went missing is noticed at the next poll.
        engine = create_engine(url, poolclass=NullPool,
                               connect_args={"check_same_thread": False, "timeout": 5})
        if path is not None and not create:
            never_create(engine, path)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5,
                         connect_args={"connect_timeout": 5})


def ping(engine: Engine) -> None:
    """Read from the store once; raise if it cannot be read."""
    with engine.connect() as conn:
        conn.execute(select(func.count()).select_from(CHANGE).where(CHANGE.c.seq < 0)).one()
