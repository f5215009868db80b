"""Store validated responses: new ones inserted, changed ones updated, repeats left alone."""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass, field

from sqlalchemy import Engine, select, tuple_, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError

from wallboard.ingest.validate import DEFAULTED_TIME, RAW
from wallboard.store import Response, is_outage

RESPONSE = Response.__table__
EDITABLE = ("score", "comment", "team_key", "employee", "customer_name", "answered_at")
CHUNK = 500
ATTEMPTS = 5
# The audit column keeps the payloads that created or changed the response, newest last: at
# most this many, and at most MAX_RAW_BYTES (UTF-8) in all. Older ones are dropped first; a
# newest one larger than that alone is kept as {"truncated": true, "original_bytes": N,
# "prefix": "<its JSON text, cut>"}.
MAX_PAYLOADS = 50
MAX_RAW_BYTES = 16 * 1024

ACCEPTED, DUPLICATE, UPDATED = "accepted", "duplicate", "updated"
REFUSED_BY_STORE = "the store refused this item; the others were stored"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Saved:
    """What storing did: one outcome per row (accepted, duplicate or updated)."""

    outcomes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def inserted(self) -> int:
        return self.outcomes.count(ACCEPTED)

    @property
    def updated(self) -> int:
        return self.outcomes.count(UPDATED)

    @property
    def unchanged(self) -> int:
        return self.outcomes.count(DUPLICATE)


def _existing(conn: Connection, rows: list[dict]) -> dict[tuple[str, str], dict]:
    keys = list({(r["source"], r["external_id"]) for r in rows})
    c = RESPONSE.c
    query = select(c.id, c.source, c.external_id, c.raw, *(c[f] for f in EDITABLE)).where(
        tuple_(c.source, c.external_id).in_(keys))
    return {(r.source, r.external_id): r._asdict() for r in conn.execute(query)}


def _payloads(raw: str | None) -> list:
    if not raw:
        return []
    try:
        value = json.loads(raw)
    except ValueError:
        return [raw]
    return value if isinstance(value, list) else [value]


def _size(value: object) -> int:
    return len(json.dumps(value, ensure_ascii=False).encode())


def _cut(payload: object) -> dict:
    """A payload too large for the audit column, as a marker with its JSON text's start."""
    text = json.dumps(payload, ensure_ascii=False)
    original = len(text.encode())
    budget = MAX_RAW_BYTES - 100
    while True:
        prefix = text.encode()[:budget].decode("utf-8", "ignore")
        marker = {"truncated": True, "original_bytes": original, "prefix": prefix}
        over = _size([marker]) - MAX_RAW_BYTES
        if over <= 0:
            return marker
        budget -= over + 16  # escapes made it longer than counted


def _append_payload(old_raw: str | None, new_raw: str | None) -> str | None:
    if new_raw is None:
        return old_raw
    payloads = [*_payloads(old_raw), json.loads(new_raw)][-MAX_PAYLOADS:]
    sizes = [_size(p) for p in payloads]
    # json.dumps of a list: "[" + items joined by ", " + "]"
    while len(payloads) > 1 and sum(sizes) + 2 * len(sizes) > MAX_RAW_BYTES:
        payloads.pop(0)
        sizes.pop(0)
    if sum(sizes) + 2 * len(sizes) > MAX_RAW_BYTES:
        payloads = [_cut(payloads[0])]
    return json.dumps(payloads, ensure_ascii=False)


def _plan(conn: Connection, chunk: list[dict], state: dict[tuple[str, str], dict]
          ) -> tuple[list[str], list[dict], dict[int, dict]]:
    """Decide each row's outcome in order; return outcomes, rows to insert, id -> changes.

    state holds what is known of each response so far (stored, or decided earlier).
    """
    unknown = [r for r in chunk if (r["source"], r["external_id"]) not in state]
    if unknown:
        state.update(_existing(conn, unknown))
    inserts: dict[tuple[str, str], dict] = {}
    updates: dict[int, dict] = {}
    outcomes = []
    for row in chunk:
        key = (row["source"], row["external_id"])
        current = state.get(key)
        if current is None:
            new = {k: v for k, v in row.items() if k != DEFAULTED_TIME}
            new[RAW] = _append_payload(None, row.get(RAW))
            inserts[key] = new
            state[key] = new
            outcomes.append(ACCEPTED)
            continue
        fields = [f for f in EDITABLE if not (f == "answered_at" and row[DEFAULTED_TIME])]
        changes = {f: row[f] for f in fields if row[f] != current[f]}
        if not changes:
            outcomes.append(DUPLICATE)
            continue
        changes[RAW] = _append_payload(current.get(RAW), row.get(RAW))
        current.update(changes)
        # A row to be inserted in this chunk is simply inserted in its final state; one only
        # planned in an earlier chunk of a dry run has no id and needs nothing.
        if key not in inserts and "id" in current:
            updates.setdefault(current["id"], {}).update(changes)
        outcomes.append(UPDATED)
    return outcomes, list(inserts.values()), updates


def save_rows(engine: Engine, rows: list[dict], *, dry_run: bool = False) -> Saved:
    """Insert new responses and update changed ones, idempotently, in one transaction.

    Posting or importing the same response twice stores it once; an unchanged repeat writes
    nothing, so it is never celebrated twice. A response repeated within rows is decided in
    order (the later one updates the earlier). With dry_run, nothing is written.
    """
    rows = [{**r, DEFAULTED_TIME: bool(r.get(DEFAULTED_TIME))} for r in rows]
    for attempt in range(ATTEMPTS):
        try:
            with engine.begin() as conn:
                outcomes: list[str] = []
                state: dict[tuple[str, str], dict] = {}
                for start in range(0, len(rows), CHUNK):
                    chunk_outcomes, inserts, updates = _plan(conn, rows[start:start + CHUNK],
                                                             state)
                    outcomes += chunk_outcomes
                    if dry_run:
                        continue
                    if inserts:
                        conn.execute(RESPONSE.insert(), inserts)
                        for row in inserts:  # read back with their ids when met again
                            state.pop((row["source"], row["external_id"]), None)
                    for response_id, changes in updates.items():
                        conn.execute(update(RESPONSE).where(RESPONSE.c.id == response_id)
                                     .values(**changes))
                if dry_run:
                    conn.rollback()
            return Saved(tuple(outcomes))
        except (IntegrityError, OperationalError) as exc:
            # Another writer stored the same response (or held the SQLite write lock)
            # meanwhile: plan again against what is stored now.
            locked = isinstance(exc, OperationalError) and "locked" in str(exc).lower()
            if attempt == ATTEMPTS - 1 or not (isinstance(exc, IntegrityError) or locked):
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


def save_rows_or_each(engine: Engine, rows: list[dict]) -> list[str | None]:
    """Save rows together; if the store refuses the batch for a value (not an outage), save
    them one at a time so that one bad row costs only itself. None marks a refused row.

    An outage is raised (nothing of the rows is stored then).
    """
    try:
        return list(save_rows(engine, rows).outcomes)
    except SQLAlchemyError as exc:
        if is_outage(exc):
            raise
        log.warning("the store refused a batch of %d responses (%s); saving them one by one",
                    len(rows), type(exc).__name__)
    outcomes: list[str | None] = []
    for row in rows:
        try:
            outcomes += save_rows(engine, [row]).outcomes
        except SQLAlchemyError as exc:
            if is_outage(exc):
                raise
            log.warning("the store refused response %r of %r: %s", row.get("external_id"),
                        row.get("source"), type(exc).__name__)
            outcomes.append(None)
    return outcomes
