"""The store's commands: check (reads only) and migrate."""

from __future__ import annotations

import sys

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from wallboard.store.engine import make_engine, read_only_engine, sqlite_path
from wallboard.store.schema import SchemaState, migrate, schema_state


def display_url(url: str) -> str:
    """Return the store URL with any password hidden."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(not a database URL)"


def _problem(exc: Exception) -> str:
    return f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"


def missing_store(url: str) -> str | None:
    """Say why an embedded SQLite store whose file is not there cannot be used, or None.

    Only `migrate` and `--demo` create a store: never a command, nor the wall, in place of
    one that went missing (a wrong path, an unmounted disk, a deleted file)."""
    path = sqlite_path(url)
    if path is None or path.exists():
        return None
    return (f"the store file {path} does not exist: run `python run_wallboard.py migrate` to "
            "create a new, empty store (or restore your backup there)")


def say_if_creating(url: str, command: str) -> None:
    """Before a command that writes opens the store: say so when it creates a new one, so a
    wrong path or an unmounted disk is never filled silently."""
    path = sqlite_path(url)
    if path is not None and not path.exists():
        print(f"{command}: no store file at {path} yet: creating a new, empty store",
              file=sys.stderr)


def check_store(url: str) -> int:
    """Print whether the store can be read and how its schema stands; write nothing.

    Exit code 0 when the wall could start on it now (an embedded SQLite store that is
    behind is migrated at start), 1 otherwise (a missing SQLite file is created only by
    `migrate`).
    """
    shown = display_url(url)
    if missing := missing_store(url):
        print(f"store {shown}: {missing}", file=sys.stderr)
        return 1
    engine = read_only_engine(url)
    try:
        state = schema_state(engine)
    except Exception as exc:  # any driver error means unreachable
        print(f"store unreachable: {shown}: {_problem(exc)}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    print(f"store reachable: {shown}")
    return _report(state, embedded=sqlite_path(url) is not None)


def _report(state: SchemaState, *, embedded: bool) -> int:
    if not state.behind:
        print(f"schema: revision {state.current}, the newest")
        return 0
    now = state.current or "empty"
    if embedded:
        print(f"schema: revision {now}; the next start migrates it to {state.head}")
        return 0
    print(f"schema: revision {now}, behind {state.head}: run `python run_wallboard.py "
          "migrate` before starting the wall", file=sys.stderr)
    return 1


def migrate_store(url: str) -> int:
    """Bring the store's schema to the newest revision; print what happened."""
    engine = make_engine(url)
    try:
        before, after = migrate(engine)
    except Exception as exc:  # unreachable, or a migration failed (rolled back whole)
        print(f"migrate error: {display_url(url)}: {_problem(exc)}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    if before == after:
        print(f"store {display_url(url)}: already at revision {after}, nothing to do")
    else:
        print(f"store {display_url(url)}: migrated from {before or 'empty'} to {after}")
    return 0
