"""Running counts of responses per team, class and UTC day, kept up to date row by row.

A store of a million responses is held as a few compact numpy columns sorted by answer time
(id, time in UTC nanoseconds, cell = team code * 3 + class code), plus per UTC day the count of
each cell. A change costs a dictionary update and one day's count; counting any half-open span
[lo, hi) of time adds up the whole days inside it and scans only the two edge days' rows, so it
stays cheap however large the store grows, and it is exact: the same numbers as counting every
row. New and edited rows wait in a small side table until `compact` folds them in.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

DAY_NS = 86_400 * 1_000_000_000
COMPACT_AFTER = 4096  # side-table rows plus dead rows before the columns are rebuilt


def score_class(scores: np.ndarray | int) -> np.ndarray | int:
    """Return 0 (detractor), 1 (passive) or 2 (promoter) per score 0..10."""
    return (np.asarray(scores) >= 7).astype(np.int8) + (np.asarray(scores) >= 9)


class RunningCounts:
    """Counts per team, class and day; exact for any span, updated per changed response."""

    def __init__(self) -> None:
        self._codes: dict[str, int] = {}
        self._keys: list[str] = []
        self._width = 3 * 8  # cells per day; grows with the teams
        self._team_rows = np.zeros(self._width // 3, dtype=np.int64)
        self._days: dict[int, np.ndarray] = {}
        self._prefix: tuple[np.ndarray, np.ndarray] | None = None  # days, running sums
        self._load(np.empty(0, np.int64), np.empty(0, np.int64), np.empty(0, np.int32))
        self._extra: dict[int, tuple[int, int]] = {}  # id -> (time, cell), not in columns
        self._extra_arrays: tuple[np.ndarray, np.ndarray] | None = None

    # -- building -------------------------------------------------------------------------
    @classmethod
    def from_columns(cls, ids: np.ndarray, teams: Sequence[str], codes: np.ndarray,
                     scores: np.ndarray, times: np.ndarray) -> RunningCounts:
        """Build from whole columns: codes index teams; times are UTC nanoseconds."""
        running = cls()
        mapped = np.array([running.code(key) for key in teams], dtype=np.int32)
        cells = (mapped[codes] * 3 + score_class(scores)).astype(np.int32) if len(ids) \
            else np.empty(0, np.int32)
        order = np.argsort(times, kind="stable")
        running._load(np.asarray(ids, np.int64)[order], np.asarray(times, np.int64)[order],
                      cells[order])
        running._recount()
        return running

    def code(self, key: str) -> int:
        """Return the team's code, registering a team seen for the first time."""
        code = self._codes.get(key)
        if code is None:
            code = self._codes[key] = len(self._keys)
            self._keys.append(key)
            if 3 * len(self._keys) > self._width:
                grow = self._width
                self._width *= 2
                self._days = {d: np.concatenate([c, np.zeros(grow, np.int64)])
                              for d, c in self._days.items()}
                self._prefix = None
                self._team_rows = np.concatenate([self._team_rows,
                                                  np.zeros(grow // 3, np.int64)])
        return code

    def _load(self, ids: np.ndarray, times: np.ndarray, cells: np.ndarray) -> None:
        self._ids, self._times, self._cells = ids, times, cells
        self._alive = np.ones(len(ids), dtype=bool)
        self._dead = 0
        order = np.argsort(ids, kind="stable")
        self._id_sorted, self._id_pos = ids[order], order

    def _recount(self) -> None:
        """Count the days and teams from the columns and the side table."""
        times, cells = self._all_rows()
        self._days, self._prefix = {}, None
        self._team_rows = np.bincount(cells // 3, minlength=self._width // 3).astype(np.int64)
        if not len(times):
            return
        days = times // DAY_NS
        first = int(days.min())
        table = np.bincount((days - first) * self._width + cells,
                            minlength=(int(days.max()) - first + 1) * self._width)
        table = table.reshape(-1, self._width).astype(np.int64)
        for offset in np.flatnonzero(table.any(axis=1)):
            self._days[first + int(offset)] = table[offset]

    def _all_rows(self) -> tuple[np.ndarray, np.ndarray]:
        extra_times, extra_cells = self._side()
        return (np.concatenate([self._times[self._alive], extra_times]),
                np.concatenate([self._cells[self._alive], extra_cells]))

    def _side(self) -> tuple[np.ndarray, np.ndarray]:
        if self._extra_arrays is None:
            values = list(self._extra.values())
            self._extra_arrays = (np.array([v[0] for v in values], dtype=np.int64),
                                  np.array([v[1] for v in values], dtype=np.int32))
        return self._extra_arrays

    # -- changes ----------------------------------------------------------------------------
    def _bump(self, time: int, cell: int, step: int) -> None:
        self._prefix = None
        day = time // DAY_NS
        counts = self._days.get(day)
        if counts is None:
            counts = self._days[day] = np.zeros(self._width, np.int64)
        counts[cell] += step
        self._team_rows[cell // 3] += step

    def _column_position(self, response_id: int) -> int | None:
        at = int(np.searchsorted(self._id_sorted, response_id))
        if at < len(self._id_sorted) and self._id_sorted[at] == response_id:
            pos = int(self._id_pos[at])
            if self._alive[pos]:
                return pos
        return None

    def remove(self, response_id: int) -> bool:
        """Forget a response (deleted, or about to be written again); tell if it was held."""
        held = self._extra.pop(response_id, None)
        if held is not None:
            self._extra_arrays = None
            self._bump(held[0], held[1], -1)
            return True
        pos = self._column_position(response_id)
        if pos is None:
            return False
        self._alive[pos] = False
        self._dead += 1
        self._bump(int(self._times[pos]), int(self._cells[pos]), -1)
        return True

    def upsert(self, response_id: int, team: str, score: int, time: int) -> None:
        """Hold a response as it is now (new, or with a new score, team or time)."""
        self.remove(response_id)
        cell = self.code(team) * 3 + int(score_class(score))
        self._extra[response_id] = (time, cell)
        self._extra_arrays = None
        self._bump(time, cell, 1)

    def drop_before(self, time: int) -> None:
        """Forget every response answered before time: whole days at once, then the edge."""
        self._prefix = None
        for day in [d for d in self._days if (d + 1) * DAY_NS <= time]:
            del self._days[day]
        end = int(np.searchsorted(self._times, time))
        gone = np.flatnonzero(self._alive[:end])
        if len(gone):
            self._alive[gone] = False
            self._dead += len(gone)
            self._team_rows -= np.bincount(self._cells[gone] // 3,
                                           minlength=len(self._team_rows))
            edge = time // DAY_NS
            if edge in self._days:
                late = gone[self._times[gone] >= edge * DAY_NS]
                self._days[edge] -= np.bincount(self._cells[late], minlength=self._width)
        old = [i for i, (t, _) in self._extra.items() if t < time]
        for response_id in old:
            t, cell = self._extra.pop(response_id)
            self._extra_arrays = None
            if t // DAY_NS in self._days:
                self._days[t // DAY_NS][cell] -= 1
            self._team_rows[cell // 3] -= 1
        self.compact()

    def compact(self, force: bool = False) -> None:
        """Fold the side table into the sorted columns when it (or the dead rows) grew."""
        if not force and len(self._extra) + self._dead < COMPACT_AFTER:
            return
        alive = self._alive
        ids, times, cells = self._ids[alive], self._times[alive], self._cells[alive]
        if self._extra:
            extra_ids = np.fromiter(self._extra, dtype=np.int64, count=len(self._extra))
            extra_times, extra_cells = self._side()
            order = np.argsort(extra_times, kind="stable")
            at = np.searchsorted(times, extra_times[order], side="right")
            ids = np.insert(ids, at, extra_ids[order])
            times = np.insert(times, at, extra_times[order])
            cells = np.insert(cells, at, extra_cells[order])
        self._extra, self._extra_arrays = {}, None
        self._load(ids, times, cells)

    # -- reading ----------------------------------------------------------------------------
    def __len__(self) -> int:
        return int(self._team_rows.sum())

    def keys(self) -> list[str]:
        """Return the keys of the teams that have responses, sorted."""
        return sorted(k for k, c in self._codes.items() if self._team_rows[c] > 0)

    def _edge(self, lo: int, hi: int) -> np.ndarray:
        """Count the cells of the rows answered in [lo, hi), row by row."""
        out = np.zeros(self._width, np.int64)
        if lo >= hi:
            return out
        start, end = np.searchsorted(self._times, [lo, hi])
        cells = self._cells[start:end][self._alive[start:end]]
        out += np.bincount(cells, minlength=self._width)
        if self._extra:
            times, extra = self._side()
            out += np.bincount(extra[(times >= lo) & (times < hi)], minlength=self._width)
        return out

    def _day_sums(self) -> tuple[np.ndarray, np.ndarray]:
        """Return the counted days, sorted, and the running sums of their counts: row i
        holds the sum of the days before days[i], so any run of days costs one subtraction."""
        if self._prefix is None:
            days = np.array(sorted(self._days), dtype=np.int64)
            sums = np.zeros((len(days) + 1, self._width), np.int64)
            if len(days):
                np.cumsum([self._days[int(d)] for d in days], axis=0, out=sums[1:])
            self._prefix = (days, sums)
        return self._prefix

    def cells(self, lo: int, hi: int) -> np.ndarray:
        """Return (teams by code, 3) detractor/passive/promoter counts answered in [lo, hi)."""
        first, last = -(-lo // DAY_NS), hi // DAY_NS  # the whole days inside [lo, hi)
        if first >= last:
            total = self._edge(lo, hi)
        else:
            total = self._edge(lo, first * DAY_NS) + self._edge(last * DAY_NS, hi)
            days, sums = self._day_sums()
            total += sums[np.searchsorted(days, last)] - sums[np.searchsorted(days, first)]
        return total.reshape(-1, 3)

    def counts(self, lo: int, hi: int, keys: Iterable[str] | np.ndarray) -> np.ndarray:
        """Return (len(keys), 3) class counts in [lo, hi) of the given teams, in that order;
        keys may also be their `index`, which saves looking them up again."""
        index = keys if isinstance(keys, np.ndarray) else self.index(keys)
        table = np.vstack([self.cells(lo, hi), np.zeros((1, 3), np.int64)])
        return table[index, :]

    def index(self, keys: Iterable[str]) -> np.ndarray:
        """Return the rows of these teams in `cells`, -1 (a row of zeros) for unknown ones."""
        return np.array([self._codes.get(key, -1) for key in keys], dtype=np.int64)
