"""Cheap change detection, so the poller can look at the store several times a second.

SQLite: `PRAGMA data_version` on one kept connection changes when any other connection
commits (another process, a SQL client, our own API). PostgreSQL: the change-log trigger
sends NOTIFY on the channel below (revision 0007) and a kept connection LISTENs. Either
look costs microseconds and no query of the tables; when the watch cannot work (the store
is down, a trigger without NOTIFY) the poller still reads the store every poll_seconds.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import time
from typing import Protocol

from sqlalchemy import Engine

from wallboard.store.engine import sqlite_path

CHANNEL = "wallboard_change"
REOPEN_SECONDS = 60.0   # a SQLite file restored from a backup is a new file: reopen now and then
RETRY_SECONDS = 5.0     # after a broken connection, wait this long before trying again
log = logging.getLogger(__name__)


class ChangeWatch(Protocol):
    """Tell whether the store may have changed since the last look; never raises."""

    def changed(self) -> bool: ...

    def close(self) -> None: ...


class NoWatch:
    """A store nothing can watch (in memory): only the periodic poll sees changes."""

    def changed(self) -> bool:
        return False

    def close(self) -> None:
        return None


class SqliteWatch:
    """Watch a SQLite file with PRAGMA data_version on a connection of its own."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.conn: sqlite3.Connection | None = None
        self.opened = 0.0
        self.version: int | None = None

    def _open(self) -> sqlite3.Connection:
        if self.conn is not None and time.monotonic() - self.opened > REOPEN_SECONDS:
            self.close()
        if self.conn is None:
            self.conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True,
                                        check_same_thread=False, timeout=1)
            self.opened, self.version = time.monotonic(), None
        return self.conn

    def changed(self) -> bool:
        try:
            version = self._open().execute("PRAGMA data_version").fetchone()[0]
        except sqlite3.Error:
            self.close()
            return False
        before, self.version = self.version, version
        return before is not None and version != before

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
        self.conn = None


class PostgresWatch:
    """LISTEN on the change channel with a kept connection of its own (autocommit)."""

    def __init__(self, conninfo: str) -> None:
        self.conninfo = conninfo
        self.conn = None
        self.failed_at = -RETRY_SECONDS

    def _open(self):  # noqa: ANN202 - a psycopg connection
        if self.conn is None and time.monotonic() - self.failed_at >= RETRY_SECONDS:
            import psycopg

            try:
                self.conn = psycopg.connect(self.conninfo, autocommit=True, connect_timeout=5)
                self.conn.execute(f"LISTEN {CHANNEL}")
            except psycopg.Error as exc:
                log.info("cannot LISTEN for store changes (%s); polling only", type(exc).__name__)
                self.close()
                self.failed_at = time.monotonic()
                return None
            return None  # just started listening: the caller polls once anyway
        return self.conn

    def changed(self) -> bool:
        import psycopg

        conn = self._open()
        if conn is None:
            return False
        try:
            return any(True for _ in conn.notifies(timeout=0))
        except psycopg.Error:
            self.close()
            self.failed_at = time.monotonic()
            return True  # we may have missed one: look

    def close(self) -> None:
        if self.conn is not None:
            with contextlib.suppress(Exception):  # a broken connection closes badly
                self.conn.close()
        self.conn = None


def watch_store(engine: Engine) -> ChangeWatch:
    """Return the cheapest change detector for the store behind engine."""
    if engine.dialect.name == "postgresql":
        url = engine.url.set(drivername="postgresql")
        return PostgresWatch(url.render_as_string(hide_password=False))
    path = sqlite_path(engine.url.render_as_string(hide_password=False))
    return SqliteWatch(str(path)) if path is not None else NoWatch()
