"""Change numbers the poller has not seen yet but that may still commit, as a few ranges.

On PostgreSQL a sequence number is taken when a transaction inserts, and becomes visible
when (if) it commits: a poller may see 12 before 11. It keeps asking for the numbers it
skipped for a while (`patience`). A rolled-back bulk insert leaves a hole of many thousand
numbers that never commit: they are kept as one range (`seq BETWEEN low AND high`), never
as a list of numbers, and at most `max_ranges` ranges are kept (the oldest are given up).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

MAX_GAP_RANGES = 20


class Gaps:
    """Closed ranges of skipped change numbers, each with the moment it was first seen."""

    def __init__(self, patience: float, *, max_ranges: int = MAX_GAP_RANGES,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.patience, self.max_ranges, self.clock = patience, max_ranges, clock
        self._ranges: list[tuple[int, int, float]] = []

    def ranges(self) -> list[tuple[int, int]]:
        """Return the (low, high) ranges to ask for again, oldest numbers first."""
        return [(low, high) for low, high, _ in self._ranges]

    def count(self) -> int:
        """Return how many change numbers the ranges cover."""
        return sum(high - low + 1 for low, high, _ in self._ranges)

    def clear(self) -> None:
        self._ranges = []

    def update(self, last_seq: int, seen: Iterable[int]) -> None:
        """Take the numbers just read: drop them from the ranges, add the ones skipped
        after last_seq, forget ranges older than patience and the oldest beyond max_ranges."""
        now = self.clock()
        seqs = sorted(set(seen))
        kept: list[tuple[int, int, float]] = []
        for low, high, since in self._ranges:
            start = low
            for seq in (s for s in seqs if low <= s <= high):
                if seq > start:
                    kept.append((start, seq - 1, since))
                start = seq + 1
            if start <= high:
                kept.append((start, high, since))
        previous = last_seq
        for seq in seqs:
            if seq > previous + 1:
                kept.append((previous + 1, seq - 1, now))
            previous = max(previous, seq)
        deadline = now - self.patience
        kept = sorted((r for r in kept if r[2] > deadline), key=lambda r: r[0])
        self._ranges = kept[-self.max_ranges:]
