"""Slow down password guessing: too many failed sign-ins lock a name or a client briefly."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterable


class Throttle:
    """Count failed sign-ins per key (a user name, a client address) in a sliding window.

    A key with `limit` failures within `window` seconds is refused for `lockout` seconds
    after its latest failure. In memory, per process; thread-safe; pruned as it goes, so a
    flood of invented names cannot grow it without bound.
    """

    def __init__(self, *, window: float = 300, lockout: float = 60, max_keys: int = 10_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.window, self.lockout, self.max_keys = window, lockout, max_keys
        self.clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def wait_seconds(self, keys: Iterable[tuple[str, int]]) -> float:
        """Return how long the caller must wait before trying again (0: go ahead).

        keys pairs each key with its limit, e.g. [("user:anna", 5), ("client:10.0.0.7", 20)].
        """
        now = self.clock()
        wait = 0.0
        with self._lock:
            for key, limit in keys:
                times = self._recent(key, now)
                if len(times) >= limit:
                    wait = max(wait, times[-1] + self.lockout - now)
        return max(wait, 0.0)

    def failed(self, keys: Iterable[str]) -> None:
        """Record one failed sign-in for each key."""
        now = self.clock()
        with self._lock:
            for key in keys:
                times = self._recent(key, now)
                times.append(now)
                self._failures[key] = times
            if len(self._failures) > self.max_keys:
                self._prune(now)

    def succeeded(self, keys: Iterable[str]) -> None:
        """Forget the failures of keys after a successful sign-in."""
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.get(key, deque())
        while times and times[0] <= now - self.window:
            times.popleft()
        if not times:
            self._failures.pop(key, None)
        return times

    def _prune(self, now: float) -> None:
        for key in list(self._failures):
            self._recent(key, now)
        # Still too many: drop the keys whose latest failure is oldest.
        excess = len(self._failures) - self.max_keys
        if excess > 0:
            for key in sorted(self._failures, key=lambda k: self._failures[k][-1])[:excess]:
                del self._failures[key]
