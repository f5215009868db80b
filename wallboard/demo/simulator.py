"""A live stream of demo responses while the demo wall runs."""

from __future__ import annotations

import random
import secrets
import threading
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, insert

from wallboard.config import Team
from wallboard.core.clock import utcnow
from wallboard.demo.profiles import DEMO_TEAMS, profile_for
from wallboard.demo.responses import as_utc, make_response
from wallboard.store import Response

LIVE_SOURCE = "demo-live"


class DemoSimulator:
    """Insert one live demo response per step, as a survey tool would; thread-safe."""

    def __init__(self, engine: Engine, *, seed: int | None = None,
                 teams: Sequence[Team] = DEMO_TEAMS) -> None:
        if not teams:
            raise ValueError("the simulator needs at least one team")
        self._engine = engine
        self._teams = tuple(teams)
        self._profiles = [profile_for(team.key) for team in self._teams]
        self._weights = [max(profile.daily, 1.0) for profile in self._profiles]
        self._rng = random.Random(seed)
        self._lock = threading.Lock()
        self._count = 0
        # External ids stay unique across restarts and processes even with a fixed seed.
        self._run = secrets.token_hex(3)

    def step(self, now: datetime | None = None) -> dict[str, Any]:
        """Insert one response answered at now (default: the clock); return it with its id."""
        now = as_utc(now or utcnow())
        with self._lock:
            self._count += 1
            index = self._rng.choices(range(len(self._teams)), self._weights)[0]
            profile = self._profiles[index]
            row = make_response(self._rng, self._teams[index].key, profile, profile.end_nps, now,
                            self._rng.random(), comment_boost=0.15)
            external_id = f"live-{now:%Y%m%dT%H%M%S%f}-{self._run}-{self._count}"
        row = {"source": LIVE_SOURCE, "external_id": external_id, **row, "received_at": now,
               "raw": None}
        with self._engine.begin() as conn:
            result = conn.execute(insert(Response.__table__), row)
            row["id"] = result.inserted_primary_key[0]
        return row
