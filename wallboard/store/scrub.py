"""Make erased data leave the files of an embedded SQLite store, not only its rows.

SQLite keeps old bytes around: in the write-ahead log until a checkpoint, and in freed
space of pages unless `secure_delete` zeroes it. The erasing connection turns on
secure_delete; then the log is checkpointed and truncated, the files are searched for
what was erased, and only when something is still there is the store rebuilt (VACUUM).
"""

from __future__ import annotations

import logging
import mmap
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine

from wallboard.store.engine import sqlite_path

log = logging.getLogger(__name__)
CHECKPOINT_PATIENCE = 30.0  # seconds a reader may hold the log before we give up


@dataclass(frozen=True)
class Scrubbed:
    """What happened to the files: checkpointed, rebuilt, and whether a term is still found."""

    checkpointed: bool
    vacuumed: bool
    clean: bool


@contextmanager
def erasing(engine: Engine) -> Iterator[Connection]:
    """A connection in one transaction; on SQLite its deletes and updates zero freed bytes."""
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA secure_delete=ON")
            conn.commit()
        with conn.begin():
            yield conn


def store_files(engine: Engine) -> list[Path]:
    """The files of a SQLite store (database and write-ahead log); none for PostgreSQL."""
    path = sqlite_path(str(engine.url))
    if path is None:
        return []
    return [p for p in (path, Path(f"{path}-wal")) if p.exists()]


def found_in(paths: Iterable[Path], terms: Iterable[str]) -> list[str]:
    """Return the terms whose UTF-8 bytes occur in any of the files."""
    wanted = {t.encode("utf-8") for t in terms if t}
    hits: set[bytes] = set()
    for path in paths:
        if not path.exists() or path.stat().st_size == 0:
            continue
        with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0,
                                                  access=mmap.ACCESS_READ) as data:
            hits |= {t for t in wanted - hits if data.find(t) != -1}
    return sorted(t.decode("utf-8") for t in hits)


def checkpoint(engine: Engine, patience: float | None = None) -> bool:
    """Copy the write-ahead log into the database and truncate it to nothing.

    A reader in the middle of a transaction holds the log: try again until patience runs
    out (the wall's readers are short). Return whether the log is empty now.
    """
    deadline = time.monotonic() + (CHECKPOINT_PATIENCE if patience is None else patience)
    while True:
        with engine.connect() as conn:
            busy, _, _ = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()
        if not busy:
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)


def _vacuum(engine: Engine) -> None:
    raw = engine.raw_connection()
    try:
        raw.driver_connection.isolation_level = None  # VACUUM runs outside a transaction
        raw.driver_connection.execute("PRAGMA secure_delete=ON")
        raw.driver_connection.execute("VACUUM")
    finally:
        raw.close()


def scrub_files(engine: Engine, terms: Iterable[str]) -> Scrubbed:
    """After an erasure on a SQLite store: checkpoint, search, VACUUM if still found."""
    terms = [t for t in terms if t]
    done = checkpoint(engine)
    left = found_in(store_files(engine), terms)
    vacuumed = False
    if left:
        log.info("erased data still in the store's free space: rebuilding the file (VACUUM)")
        _vacuum(engine)
        vacuumed = True
        done = checkpoint(engine)
        left = found_in(store_files(engine), terms)
    return Scrubbed(checkpointed=done, vacuumed=vacuumed, clean=not left)
