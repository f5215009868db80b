"""A consistent copy of an embedded SQLite store, made while the wall runs.

SQLite's online backup API copies every page inside one read transaction: writers go on
writing (WAL mode), and the copy is the store as it was at one moment. The copy is written
beside its destination first and renamed into place only when it passed integrity_check,
so a failed backup never leaves a half-written file under the destination's name.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class BackupResult:
    """The copy: where, how big, how many responses it holds, and its integrity."""

    path: Path
    size: int
    responses: int
    integrity: str


def integrity(path: Path) -> str:
    """Return SQLite's integrity_check of a database file ("ok" when it is sound)."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return "; ".join(row[0] for row in connection.execute("PRAGMA integrity_check"))
    finally:
        connection.close()


def backup_sqlite(source: Path, destination: Path) -> BackupResult:
    """Copy the SQLite store at source to destination (replaced if it exists).

    Raise FileNotFoundError when there is no store at source, RuntimeError when the copy
    fails its integrity check (the destination is then left as it was).
    """
    if not source.is_file():
        raise FileNotFoundError(source)
    destination = destination.resolve()
    if destination == source.resolve() or destination.name.startswith(source.name + "-"):
        raise ValueError("the backup must not replace the store or its log")
    partial = destination.with_name(destination.name + ".partial")
    partial.unlink(missing_ok=True)
    # Not mode=ro: a reader of a WAL store needs its shared-memory file, which it may create.
    src = sqlite3.connect(source, timeout=30)
    dst = sqlite3.connect(partial)
    try:
        src.execute("PRAGMA busy_timeout=30000")
        src.backup(dst)  # all pages in one step: one read transaction, one moment
        # The copy is one self-contained file: no write-ahead log beside it.
        dst.execute("PRAGMA journal_mode=DELETE")
        responses = dst.execute("SELECT count(*) FROM response").fetchone()[0] if dst.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='response'"
        ).fetchone() else 0
    finally:
        dst.close()
        src.close()
    verdict = integrity(partial)
    if verdict != "ok":
        partial.unlink(missing_ok=True)
        raise RuntimeError(f"the copy failed its integrity check: {verdict[:200]}")
    os.replace(partial, destination)
    return BackupResult(path=destination, size=destination.stat().st_size,
                        responses=responses, integrity=verdict)
