"""Queue a notification for each new detractor the poller sees, whoever stored it."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Engine

from wallboard.alerts.channels import Channel, channels_of, told_teams
from wallboard.alerts.outbox import enqueue
from wallboard.config import Config

log = logging.getLogger("wallboard.alerts")


def becomes_detractor(old_score: int | None, new_score: int | None) -> bool:
    """Whether a change makes a response a detractor (inserted 0..6, or edited down to it)."""
    return new_score is not None and new_score <= 6 and (old_score is None or old_score > 6)


class DetractorWatcher:
    """Listen to the poller's changes and queue new detractors in the outbox (no network).

    Not thread-safe by itself: the poller calls it from its one job.
    """

    def __init__(self, engine: Engine, told: Channel | None = None) -> None:
        self.engine, self.told = engine, told  # told: the teams some channel hears
        self.pending: set[int] = set()  # new detractors not yet in the outbox

    def changed(self, changes: Sequence[tuple], now: datetime) -> None:
        """Queue the responses that became detractors in changes (seq, id, old, new)."""
        self.pending |= {c[1] for c in changes if becomes_detractor(c[2], c[3])}
        if self.pending:
            self._queue(now)

    def reloaded(self, now: datetime, received_after: datetime) -> None:
        """Queue detractors received after received_after: they came while we were away."""
        self._queue(now, received_after=received_after)

    def _queue(self, now: datetime, received_after: datetime | None = None) -> None:
        # One fast write: Notifier.deliver_due sends them from its own job.
        try:
            with self.engine.begin() as conn:
                enqueue(conn, now=now, ids=self.pending, received_after=received_after,
                        told=self.told)
        except Exception as exc:  # notifications never stop the wall: retried next poll
            log.warning("cannot queue detractor notifications: %s", exc)
            return
        self.pending.clear()


def watchers_for(config: Config, engine: Engine) -> list[DetractorWatcher]:
    """Return the poller listeners notifications need: none while no notify_url is set
    (neither [followup] notify_url nor any team's)."""
    return [DetractorWatcher(engine, told_teams(config))] if channels_of(config) else []
