"""Which process posts a team's weekly digest: one `app_setting` row per team and week.

The row's value is a small JSON state (attempts, next_at, posted_at, failed_at, error),
changed only by compare-and-swap (UPDATE ... WHERE value = the value read), so of several
processes exactly one claims each attempt, and a restart finds the week already posted.
The screens' offline alerts keep their messages in such rows too (claim_attempt and
finish_attempt in the package): any key works, and claim keeps the state's other fields.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from wallboard.store import SETTING

LEASE = timedelta(seconds=60)  # a claimed attempt is the claimer's for this long
PREFIX = "digest:"


def claim_key(team_key: str, due: datetime) -> str:
    """Return the row's key: the digest's UTC date and the team (hashed when too long)."""
    key = f"{PREFIX}{due:%Y%m%d}:{team_key}"
    if len(key) <= 64:
        return key
    return f"{PREFIX}{due:%Y%m%d}:#{hashlib.sha256(team_key.encode()).hexdigest()[:40]}"


def _read(conn: Connection, key: str) -> str | None:
    return conn.execute(select(SETTING.c.value).where(SETTING.c.key == key)).scalar()


def state_of(conn: Connection, key: str) -> dict | None:
    """Return the digest's state, None before anyone claimed it."""
    value = _read(conn, key)
    return json.loads(value) if value else None


def claim(conn: Connection, *, key: str, due: datetime, now: datetime,
          lease: timedelta = LEASE) -> int | None:
    """Take the next attempt of this digest; return its number, None when it is posted,
    given up, another process holds it, or its retry is not due yet."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    first = json.dumps({"attempts": 0, "next_at": due.isoformat()})
    conn.execute(dialect.insert(SETTING).values(key=key, value=first)
                 .on_conflict_do_nothing(index_elements=["key"]))
    seen = _read(conn, key)
    state = json.loads(seen or "{}")
    if (not state or state.get("posted_at") or state.get("failed_at")
            or datetime.fromisoformat(state["next_at"]) > now):
        return None
    attempt = int(state["attempts"]) + 1
    new = json.dumps({**state, "attempts": attempt, "next_at": (now + lease).isoformat()})
    changed = conn.execute(update(SETTING).where(SETTING.c.key == key, SETTING.c.value == seen)
                           .values(value=new)).rowcount
    return attempt if changed == 1 else None


def finish(conn: Connection, *, key: str, now: datetime, error: str = "",
           retry_at: datetime | None = None) -> None:
    """Record an attempt's end: posted (no error), retry at retry_at, or given up."""
    state = state_of(conn, key) or {"attempts": 1}
    if not error:
        state.update(posted_at=now.isoformat(), error="")
    elif retry_at is not None:
        state.update(next_at=retry_at.isoformat(), error=error[:500])
    else:
        state.update(failed_at=now.isoformat(), error=error[:500])
    conn.execute(update(SETTING).where(SETTING.c.key == key).values(value=json.dumps(state)))
