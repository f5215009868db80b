"""Whether a screen is online: seen by some wall process within the last few ticks."""

from __future__ import annotations

from datetime import datetime

from wallboard.store.screens import ScreenRow

# A process writes last_seen for all its screens once per tick; a screen is online when it
# was seen within ONLINE_SECONDS (three ticks: one missed write is no outage).
SEEN_TICK_SECONDS = 10
ONLINE_SECONDS = 30


def is_online(row: ScreenRow, now: datetime) -> bool:
    """True when the screen was seen within ONLINE_SECONDS of now."""
    return row.last_seen is not None and (now - row.last_seen).total_seconds() <= ONLINE_SECONDS
