"""Keep the change log bounded: delete what no poller needs any more.

Pollers read the change log from their last change number on, every few seconds. A change
older than CHANGE_KEEP (an hour) is needed only by a poller that has not read the store for
that long, and such a poller notices that the change it read last is gone and reloads its
window whole (see wall.poller). The change log has no time column, so the pruner notes the
newest change number at each run and, an hour later, deletes what is older than that note.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import Engine, delete, func, select

from wallboard.store.tables import CHANGE

log = logging.getLogger(__name__)

CHANGE_KEEP = timedelta(hours=1)
DELETE_CHUNK = 5_000  # rows per statement: a writer never waits long for the lock


class ChangeLogPruner:
    """Delete change-log rows older than keep; run `prune` as a job (every few minutes).

    Its notes live in memory: after a restart it deletes nothing for keep. Several
    processes may each run one.
    """

    def __init__(self, engine: Engine, *, keep: timedelta = CHANGE_KEEP,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.engine, self.keep, self.clock = engine, keep.total_seconds(), clock
        self._notes: deque[tuple[float, int]] = deque()

    def prune(self) -> int:
        """Note the newest change number; delete rows older than the newest note that is
        keep old (never the newest row); return how many rows were deleted."""
        now = self.clock()
        with self.engine.connect() as conn:
            newest = int(conn.execute(select(func.coalesce(func.max(CHANGE.c.seq), 0)))
                         .scalar_one())
        if self._notes and newest < self._notes[-1][1]:  # restored: the notes are void
            self._notes.clear()
        self._notes.append((now, newest))
        below = None
        while self._notes and self._notes[0][0] <= now - self.keep:
            below = self._notes.popleft()[1]
        if below is None:
            return 0
        deleted = self.delete_below(min(below, newest))
        if deleted:
            log.info("change log: %d rows older than %s deleted", deleted,
                     timedelta(seconds=self.keep))
        return deleted

    def delete_below(self, seq: int) -> int:
        """Delete the change-log rows numbered below seq, in chunks; return how many."""
        c, deleted = CHANGE.c, 0
        while True:
            with self.engine.begin() as conn:
                low = conn.execute(select(func.min(c.seq))).scalar()
                if low is None or low >= seq:
                    return deleted
                upto = min(seq, low + DELETE_CHUNK)
                deleted += conn.execute(delete(CHANGE).where(c.seq < upto)).rowcount or 0
