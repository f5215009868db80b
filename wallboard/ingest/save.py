"""Store validated responses: new ones inserted, changed ones updated, repeats left alone."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, select, tuple_, update
from sqlalchemy.exc import IntegrityError

from wallboard.ingest.validate import DEFAULTED_TIME
from wallboard.models import Response

RESPONSE = Response.__table__
EDITABLE = ("score", "comment", "team_key", "employee", "customer_name", "answered_at")
CHUNK = 500


@dataclass(frozen=True)
class Saved:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0


def _existing(conn, rows: list[dict]) -> dict[tuple[str, str], dict]:  # noqa: ANN001
    keys = [(r["source"], r["external_id"]) for r in rows]
    c = RESPONSE.c
    query = select(c.id, c.source, c.external_id, *(c[f] for f in EDITABLE)).where(
        tuple_(c.source, c.external_id).in_(keys))
    return {(r.source, r.external_id): r._asdict() for r in conn.execute(query)}


def _columns(row: dict) -> dict:
    return {k: v for k, v in row.items() if k != DEFAULTED_TIME}


def save_rows(engine: Engine, rows: list[dict]) -> Saved:
    """Insert new responses and update changed ones, idempotently, in one transaction.

    Posting or importing the same response twice stores it once; an unchanged repeat writes
    nothing, so it is never celebrated twice.
    """
    rows = [{**r, DEFAULTED_TIME: bool(r.get(DEFAULTED_TIME))} for r in rows]
    inserted = updated = unchanged = 0
    for attempt in range(2):
        try:
            with engine.begin() as conn:
                inserted = updated = unchanged = 0
                for start in range(0, len(rows), CHUNK):
                    chunk = rows[start:start + CHUNK]
                    existing = _existing(conn, chunk)
                    new = [r for r in chunk if (r["source"], r["external_id"]) not in existing]
                    if new:
                        conn.execute(RESPONSE.insert(), [_columns(r) for r in new])
                    inserted += len(new)
                    for row in chunk:
                        old = existing.get((row["source"], row["external_id"]))
                        if old is None:
                            continue
                        fields = [f for f in EDITABLE
                                  if not (f == "answered_at" and row[DEFAULTED_TIME])]
                        changes = {f: row[f] for f in fields if row[f] != old[f]}
                        if not changes:
                            unchanged += 1
                            continue
                        conn.execute(update(RESPONSE).where(RESPONSE.c.id == old["id"])
                                     .values(**changes))
                        updated += 1
            return Saved(inserted, updated, unchanged)
        except IntegrityError:
            if attempt:  # another writer inserted the same response meanwhile: once more
                raise
    return Saved(inserted, updated, unchanged)
