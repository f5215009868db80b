"""The offline alerts' messages in the store: one `app_setting` row per message.

A row's key names the screen, the offline episode (the moment it was alerted, as the screen
row's offline_alerted_at says) and the kind, so every process derives the same key and a row
written twice is one row. Its value is the digest's small JSON state (attempts, next_at,
posted_at, failed_at, error) plus what the message says (since), so a message survives the
process that queued it: whichever process runs next claims the attempt (compare-and-swap,
alerts.claim_attempt) and posts it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from wallboard.store import SETTING

PREFIX = "screen-alert:"
OFFLINE, BACK = "offline", "back"


@dataclass(frozen=True)
class AlertRow:
    """One queued message: which screen, which episode and kind, and its delivery state."""

    key: str
    screen_id: int
    episode: int
    kind: str
    state: dict

    @property
    def done(self) -> bool:
        """Posted or given up: nothing more will be sent for it."""
        return bool(self.state.get("posted_at") or self.state.get("failed_at"))

    @property
    def posted(self) -> bool:
        return bool(self.state.get("posted_at"))

    def due(self, now: datetime) -> bool:
        """Not done and its (next) attempt is due."""
        return not self.done and datetime.fromisoformat(self.state["next_at"]) <= now

    @property
    def since(self) -> datetime:
        """When the screen was last seen before it went offline."""
        return datetime.fromisoformat(self.state["since"])

    @property
    def created_at(self) -> datetime:
        return datetime.fromisoformat(self.state["created_at"])


def episode_of(alerted_at: datetime) -> int:
    """The episode number of an offline mark: its whole UTC seconds."""
    return int(alerted_at.timestamp())


def alert_key(screen_id: int, episode: int, kind: str) -> str:
    """Return the row's key, e.g. screen-alert:7:1796205720:offline (at most 64 characters)."""
    return f"{PREFIX}{screen_id}:{episode}:{kind}"


def _parse(key: str, value: str) -> AlertRow | None:
    try:
        screen_id, episode, kind = key[len(PREFIX):].split(":")
        state = json.loads(value)
        return AlertRow(key, int(screen_id), int(episode), kind, state)
    except (ValueError, TypeError):
        return None  # not ours after all: left alone


def alert_rows(conn: Connection) -> dict[str, AlertRow]:
    """Every queued, posted or given-up message, by key (a few per offline episode)."""
    found = conn.execute(select(SETTING.c.key, SETTING.c.value)
                         .where(SETTING.c.key.startswith(PREFIX, autoescape=True))).all()
    rows = (_parse(key, value) for key, value in found)
    return {row.key: row for row in rows if row is not None}


def enqueue(conn: Connection, *, screen_id: int, episode: int, kind: str, since: datetime,
            now: datetime) -> bool:
    """Queue a message, due now; a second call for the same message changes nothing.

    Return whether this call queued it.
    """
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    state = {"attempts": 0, "next_at": now.isoformat(), "created_at": now.isoformat(),
             "since": since.isoformat()}
    done = conn.execute(dialect.insert(SETTING)
                        .values(key=alert_key(screen_id, episode, kind),
                                value=json.dumps(state))
                        .on_conflict_do_nothing(index_elements=["key"]))
    return done.rowcount == 1


def prune_alerts(conn: Connection, rows: dict[str, AlertRow], *, before: datetime) -> int:
    """Delete messages done (posted or given up) before `before`; return how many."""
    old = [row.key for row in rows.values() if row.done and row.created_at < before]
    if not old:
        return 0
    return conn.execute(delete(SETTING).where(SETTING.c.key.in_(old))).rowcount
