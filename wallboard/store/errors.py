"""What kind of trouble the store is in, in words a visitor may read.

The driver's own error text names the host, port, user, file path and sometimes the SQL: it
belongs in the server log only. Open answers (/healthz, /api/*) say the kind of trouble
(`classify`) and since when.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy.exc import (
    DBAPIError,
    DisconnectionError,
    InterfaceError,
    OperationalError,
    ProgrammingError,
)
from sqlalchemy.exc import TimeoutError as PoolTimeout

from wallboard.store.engine import StoreFileMissing
from wallboard.store.schema import SchemaBehind


class Trouble(StrEnum):
    """The kinds of store trouble an open answer may name."""

    UNREACHABLE = "unreachable"
    MISSING = "missing"
    SCHEMA = "schema_behind"
    BUSY = "busy"
    OTHER = "other"


# The plain text of each kind: no host, port, user, path, SQL or trace.
TROUBLE_TEXT = {
    Trouble.UNREACHABLE: "the store cannot be reached",
    Trouble.MISSING: "the store file is missing",
    Trouble.SCHEMA: "the store's schema is older than this version",
    Trouble.BUSY: "the store is busy (locked by another writer)",
    Trouble.OTHER: "the store cannot be read",
}

_BUSY_WORDS = ("database is locked", "database is busy", "lock timeout",
               "could not obtain lock", "deadlock detected")
_SCHEMA_WORDS = ("no such table", "no such column")  # SQLite's words
_SCHEMA_ERRORS = ("UndefinedTable", "UndefinedColumn")  # PostgreSQL's error classes


@dataclass(frozen=True)
class StoreTrouble:
    """One classified store error: its kind and the plain text shown for it."""

    kind: Trouble

    @property
    def text(self) -> str:
        return TROUBLE_TEXT[self.kind]


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    while exc is not None and exc not in seen:
        seen.append(exc)
        exc = getattr(exc, "orig", None) or exc.__cause__ or exc.__context__
    return seen


def classify(exc: BaseException) -> StoreTrouble:
    """Tell what kind of store trouble exc is (the error itself is for the log only)."""
    chain = _chain(exc)
    if any(isinstance(e, StoreFileMissing) for e in chain):
        return StoreTrouble(Trouble.MISSING)
    if any(isinstance(e, SchemaBehind) for e in chain):
        return StoreTrouble(Trouble.SCHEMA)
    words = " ".join(str(e).lower() for e in chain)
    if any(w in words for w in _BUSY_WORDS):
        return StoreTrouble(Trouble.BUSY)
    if isinstance(exc, ProgrammingError | OperationalError) and (
            any(w in words for w in _SCHEMA_WORDS)
            or any(type(e).__name__ in _SCHEMA_ERRORS for e in chain)):
        return StoreTrouble(Trouble.SCHEMA)
    if isinstance(exc, OperationalError | InterfaceError | PoolTimeout
                  | DisconnectionError) or any(
            isinstance(e, sqlite3.OperationalError | ConnectionError | TimeoutError)
            for e in chain):
        return StoreTrouble(Trouble.UNREACHABLE)
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return StoreTrouble(Trouble.UNREACHABLE)
    return StoreTrouble(Trouble.OTHER)


def is_outage(exc: BaseException) -> bool:
    """Tell whether a store error means the store cannot be used now (answer 503 and retry
    later), rather than that one value was refused (store the other rows without it)."""
    return classify(exc).kind is not Trouble.OTHER
