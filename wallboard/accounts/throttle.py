"""Slow down password guessing, counted in the store so that every process shares it.

Each password check is first written as a row under two hashed keys, the (user name, address)
pair and the address alone, and then the rows in the window are counted. The k-th check to
be committed counts at least k rows, so however many guesses arrive in parallel (in one
process or many), at most `pair_limit` of one pair and `address_limit` of one address reach
the password check per window. A refused try removes its rows again, and so does a successful
one, so the counts are failed checks (plus those in flight). A name locked at one address
still signs in from another; one address trying many names is stopped by its own cap.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Engine, delete, func, select

from wallboard.core.clock import utcnow
from wallboard.store import SIGNIN_ATTEMPT

ATTEMPT = SIGNIN_ATTEMPT
PAIR_LIMIT = 5        # password checks per user name and address in the window ...
ADDRESS_LIMIT = 20    # ... and per address, whatever the names (offices share addresses)
WINDOW_SECONDS = 300


def _key(*parts: str) -> str:
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()


@dataclass
class Ticket:
    """A password check the throttle let through: report how it went with `succeeded`."""

    pair: str
    ids: tuple[int, ...]


@dataclass
class Throttle:
    """Count password checks per (name, address) and per address in a sliding window."""

    engine: Engine
    window: float = WINDOW_SECONDS
    pair_limit: int = PAIR_LIMIT
    address_limit: int = ADDRESS_LIMIT
    clock: Callable[[], datetime] = field(default=utcnow)

    def keys(self, username: str, address: str) -> list[tuple[str, int]]:
        return [(_key("pair", username.lower(), address), self.pair_limit),
                (_key("address", address), self.address_limit)]

    def claim(self, username: str, address: str) -> Ticket | float:
        """Let one password check through (a Ticket), or say how many seconds to wait."""
        keys = self.keys(username, address)
        now = self.clock()
        start = now - timedelta(seconds=self.window)
        with self.engine.connect() as conn:  # already locked: refuse without writing
            wait = self._wait(conn, keys, now, start, 0)
        if wait > 0:
            return wait
        with self.engine.begin() as conn:
            conn.execute(delete(ATTEMPT).where(ATTEMPT.c.at <= start))
            ids = tuple(conn.execute(ATTEMPT.insert().values(key_hash=key, at=now))
                        .inserted_primary_key[0] for key, _ in keys)
        with self.engine.connect() as conn:  # counted after this try is committed
            wait = self._wait(conn, keys, now, start, 1)
        if wait > 0:
            self._forget(ids)
            return wait
        return Ticket(pair=keys[0][0], ids=ids)

    def succeeded(self, ticket: Ticket) -> None:
        """The password was right: forget the pair's failures and this try's rows."""
        with self.engine.begin() as conn:
            conn.execute(delete(ATTEMPT).where(ATTEMPT.c.key_hash == ticket.pair))
            conn.execute(delete(ATTEMPT).where(ATTEMPT.c.id.in_(ticket.ids)))

    def _forget(self, ids: tuple[int, ...]) -> None:
        with self.engine.begin() as conn:
            conn.execute(delete(ATTEMPT).where(ATTEMPT.c.id.in_(ids)))

    def _wait(self, conn, keys: list[tuple[str, int]], now: datetime,  # noqa: ANN001
              start: datetime, own: int) -> float:
        """Seconds until every key is under its limit again (0: go ahead).

        own: how many of the counted rows are this try's own (0 before it wrote any).
        """
        wait = 0.0
        for key, limit in keys:
            count, oldest = conn.execute(
                select(func.count(), func.min(ATTEMPT.c.at))
                .where(ATTEMPT.c.key_hash == key, ATTEMPT.c.at > start)).one()
            if count - own >= limit:
                if isinstance(oldest, str):  # SQLite's min() hands back the stored text
                    oldest = datetime.fromisoformat(oldest).replace(tzinfo=now.tzinfo)
                wait = max(wait, (oldest - start).total_seconds(), 1.0)
        return wait
