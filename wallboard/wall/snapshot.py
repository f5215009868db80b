"""The immutable Snapshot every screen reads, and the holder that swaps it atomically."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime

import pandas as pd

from wallboard.core.challenge import Board

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TeamFigures:
    """One team's numbers in the window, ready to show."""

    key: str
    name: str
    responses: int
    promoters: int
    passives: int
    detractors: int
    nps: float | None
    moe: float | None
    enough: bool
    baseline: float | None
    goal: float | None
    progress: float | None
    at_goal: bool
    promoters_week: int
    improvement: float | None
    rank: int | None
    prev_rank: int | None
    movement: str


@dataclass(frozen=True)
class Comment:
    """A customer's words, already redacted and with the customer named as configured."""

    response_id: int
    team: str
    team_name: str
    employee: str | None
    score: int
    text: str
    customer: str | None
    answered_at: datetime


@dataclass(frozen=True)
class Event:
    """Something to celebrate: a new promoter or a team milestone.

    `seq` is the store's change sequence number, the same in every process reading the store;
    `key` identifies the event so that a screen shows it once.
    """

    seq: int
    key: str
    kind: str  # "promoter", "goal", "promoters", "challenge-winner", "employee-milestone", "burst"
    team: str
    team_name: str
    score: int | None = None
    employee: str | None = None
    text: str = ""
    customer: str | None = None
    answered_at: datetime | None = None
    value: float | None = None
    goal: float | None = None
    # Recognition (wallboard/wall/recognition.py): the place and time of a challenge win,
    # a milestone's or a burst's count, a burst's teams and words, the team's accent.
    place: int | None = None
    took_seconds: int | None = None
    count: int | None = None
    teams: tuple[str, ...] = ()        # a burst's team names, shown
    team_keys: tuple[str, ...] = ()    # ... and keys: a screen pinned to any of them shows it
    quotes: tuple[str, ...] = ()
    accent: str | None = None
    emoji: str | None = None

    def as_json(self) -> dict:
        data = {k: getattr(self, k) for k in self.__dataclass_fields__}
        data["answered_at"] = self.answered_at.isoformat() if self.answered_at else None
        data["teams"], data["quotes"] = list(self.teams), list(self.quotes)
        data["team_keys"] = list(self.team_keys)
        return data


@dataclass(frozen=True, eq=False)
class Snapshot:
    """Everything the screens show, computed once per change of the store.

    Treat it as read-only: it is shared by every screen and every thread. Equality and
    hashing are by identity, so it can key a cache of renderings.
    """

    version: int
    built_at: datetime
    window_end: datetime
    teams: tuple[TeamFigures, ...]
    order: str
    trend: pd.DataFrame
    comments: tuple[Comment, ...]
    events: tuple[Event, ...]
    total_responses: int
    last_seq: int
    # team key -> (follow-ups not yet resolved, open ones past followup.sla_hours)
    followups: dict[str, tuple[int, int]] = field(default_factory=dict)
    challenge: Board | None = None  # this week's challenge; None without [challenge]

    def team(self, key: str) -> TeamFigures | None:
        return next((t for t in self.teams if t.key == key), None)


@dataclass(frozen=True)
class Health:
    """How the last polls of the store went."""

    last_ok: datetime | None = None
    last_error: str | None = None   # plain words for open answers, never the driver's text
    trouble: str | None = None      # its kind: unreachable, missing, schema_behind, busy, other
    failing_since: datetime | None = None
    failures: int = 0
    stale_after: int = 3

    @property
    def stale(self) -> bool:
        return self.failures >= self.stale_after


@dataclass
class SnapshotHolder:
    """Hold the current Snapshot and store Health; swaps are atomic and thread-safe.

    Subscribers (e.g. the screens' push stream) are told after each new snapshot and when
    the stale marker turns on or off; they must return at once and never raise.
    """

    snapshot: Snapshot | None = None
    health: Health = field(default_factory=Health)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _subscribers: list[Callable[[], None]] = field(default_factory=list, repr=False)

    def subscribe(self, callback: Callable[[], None]) -> Callable[[], None]:
        """Call callback after every change screens must hear of; return the unsubscribe."""
        with self._lock:
            self._subscribers.append(callback)

        def unsubscribe() -> None:
            with self._lock:
                if callback in self._subscribers:
                    self._subscribers.remove(callback)

        return unsubscribe

    def _tell(self) -> None:
        for callback in list(self._subscribers):
            try:
                callback()
            except Exception:  # noqa: BLE001 - one broken listener must not stop the poller
                log.exception("snapshot subscriber failed")

    def publish(self, snapshot: Snapshot) -> Snapshot:
        """Swap in snapshot with a version higher than any before, also across restarts."""
        with self._lock:
            # Start from the clock in milliseconds, so that a restarted server never hands
            # out a version a screen has already seen.
            floor = time.time_ns() // 1_000_000
            version = max((self.snapshot.version if self.snapshot else 0) + 1, floor)
            self.snapshot = published = replace(snapshot, version=version)
        self._tell()
        return published

    def poll_ok(self, when: datetime) -> None:
        with self._lock:
            was_stale = self.health.stale
            self.health = replace(self.health, last_ok=when, last_error=None, trouble=None,
                                  failing_since=None, failures=0)
        if was_stale:
            self._tell()

    def poll_failed(self, error: str, *, trouble: str | None = None,
                    when: datetime | None = None) -> None:
        """Note a failed poll: error is shown on open endpoints, so plain words only."""
        with self._lock:
            was_stale = self.health.stale
            since = self.health.failing_since or when
            self.health = replace(self.health, last_error=error, trouble=trouble,
                                  failing_since=since, failures=self.health.failures + 1)
            turned = self.health.stale and not was_stale
        if turned:
            self._tell()

    @property
    def version(self) -> int:
        snapshot = self.snapshot
        return snapshot.version if snapshot else 0
