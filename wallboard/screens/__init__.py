"""The fleet of TVs: each screen's identity, profile and control, and whether it is online.

A screen's browser keeps a random device key; a wall process knows the screens connected to
it (registry), reads the screen table cheaply about once a second and writes what they
report once a tick. The public wall reaches this part only through the small protocol that
app.py and serve.py hand it.
"""

from __future__ import annotations

from datetime import datetime

from wallboard.screens.profile import PROFILE_KEYS, check_profile
from wallboard.store.screens import ScreenError, ScreenRow, UnknownScreen

# A process writes last_seen for all its screens once per tick; a screen is online when it
# was seen within ONLINE_SECONDS (three ticks: one missed write is no outage).
SEEN_TICK_SECONDS = 10
ONLINE_SECONDS = 30


def is_online(row: ScreenRow, now: datetime) -> bool:
    """True when the screen was seen within ONLINE_SECONDS of now."""
    return row.last_seen is not None and (now - row.last_seen).total_seconds() <= ONLINE_SECONDS


__all__ = ["ONLINE_SECONDS", "PROFILE_KEYS", "SEEN_TICK_SECONDS", "ScreenError", "ScreenRow",
           "UnknownScreen", "check_profile", "is_online"]
