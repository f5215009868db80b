"""The store's schema version: migrate to the newest with Alembic, or tell how far behind.

Every schema change is a numbered script in wallboard/store/migrations/versions. A store
made before migrations existed (releases 0.1 and 0.2) is recognised by its tables and
stamped as 0001 first; the scripts after it bring it up to date with every row kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.pool import NullPool

from wallboard.store.engine import make_engine, never_create, sqlite_path

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
LEGACY_REVISION = "0001"  # what a store without alembic_version but with responses is
# Several processes may start at once against one PostgreSQL store: serialise migrations.
_PG_SCHEMA_LOCK = 7_402_913
_SQLITE_LOCK_SECONDS = 60


@dataclass(frozen=True)
class SchemaState:
    """Where a store stands: its revision (None: empty) and the newest this version knows."""

    current: str | None
    head: str

    @property
    def behind(self) -> bool:
        return self.current != self.head


def _alembic(connection: Connection | None = None) -> AlembicConfig:
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """Return the newest revision this version of the code knows."""
    return ScriptDirectory.from_config(_alembic()).get_current_head()


def _current(conn: Connection) -> str | None:
    revision = MigrationContext.configure(conn).get_current_revision()
    if revision is None and inspect(conn).has_table("response"):
        return LEGACY_REVISION
    return revision


def schema_state(engine: Engine) -> SchemaState:
    """Read the store's revision; write nothing."""
    with engine.connect() as conn:
        return SchemaState(current=_current(conn), head=head_revision())


def _migration_engine(engine: Engine, *, create: bool) -> Engine:
    """An engine whose transactions take SQLite's write lock at once (BEGIN IMMEDIATE), so
    that migrations are atomic and two processes migrating at once take turns."""
    if engine.dialect.name != "sqlite":
        return engine
    url = make_url(engine.url)
    locked = create_engine(url, poolclass=NullPool,
                           connect_args={"isolation_level": None,
                                         "timeout": _SQLITE_LOCK_SECONDS})
    if (path := sqlite_path(url.render_as_string())) is not None:
        if create:
            path.parent.mkdir(parents=True, exist_ok=True)
        else:
            never_create(locked, path)

    @event.listens_for(locked, "begin")
    def _begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return locked


def migrate(engine: Engine, *, create: bool = True) -> tuple[str | None, str]:
    """Bring the store's schema to the newest revision; return (from, to).

    Idempotent and safe when several processes start at once (PostgreSQL: an advisory lock;
    SQLite: the write lock). All of it happens in one transaction. A missing SQLite file is
    created only with create=True; otherwise it raises StoreFileMissing.
    """
    runner = _migration_engine(engine, create=create)
    try:
        with runner.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                             {"key": _PG_SCHEMA_LOCK})
            before = _current(conn)
            context = MigrationContext.configure(conn)
            if before == LEGACY_REVISION and context.get_current_revision() is None:
                context.stamp(ScriptDirectory.from_config(_alembic()), LEGACY_REVISION)
            command.upgrade(_alembic(conn), "head")
            return before, head_revision()
    finally:
        if runner is not engine:
            runner.dispose()


class SchemaBehind(RuntimeError):
    """A shared store's schema is older than this version: run `migrate` first."""


def ensure_schema(engine: Engine, *, create: bool = False) -> None:
    """Migrate an embedded SQLite store; require a PostgreSQL store to be migrated already.

    Several processes share a PostgreSQL store, so its schema changes only when the admin
    runs `run_wallboard.py migrate` (before starting the new version), never at a start.
    """
    if engine.dialect.name == "sqlite":
        migrate(engine, create=create)
        return
    state = schema_state(engine)
    if state.behind:
        raise SchemaBehind(f"the store's schema is at revision {state.current or 'empty'}, "
                           f"this version needs {state.head}: run `python run_wallboard.py "
                           "migrate`")


def open_store(url: str, *, create: bool = True) -> Engine:
    """Open the store at url: an embedded SQLite store is migrated first, and created when
    create is True (tests, the demo, imports); the engine itself never creates a file."""
    engine = make_engine(url)
    ensure_schema(engine, create=create)
    return engine
