"""The scheduled job: read what changed in the store, recompute, publish a Snapshot."""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Protocol

import pandas as pd
from sqlalchemy import Engine
from sqlalchemy.engine import Connection

from wallboard import store
from wallboard.config import Config, Team
from wallboard.core import window
from wallboard.core.periods import quarter_start
from wallboard.core.privacy import customer_label, redact
from wallboard.core.running import RunningCounts
from wallboard.store import wall_reads
from wallboard.wall.events import Milestones, milestone_events, promoter_event
from wallboard.wall.figures import CommentShelf, team_figures
from wallboard.wall.gaps import Gaps
from wallboard.wall.recognition import Recognition, emit
from wallboard.wall.snapshot import Event, Snapshot, SnapshotHolder

log = logging.getLogger(__name__)

COMMENTS_PER_TEAM = 12       # newest commented responses kept per team and class
EVENT_MAX_AGE = timedelta(minutes=10)
EVENT_MAX_COUNT = 200
GAP_PATIENCE_SECONDS = 60    # how long a missing change seq may still commit (PostgreSQL)
RECOMPUTE_SECONDS = 60       # the window slides with time even when nothing is written
CHANGES_PER_POLL = 20_000    # more than this at once (a bulk import): reload everything
# Only promoters answered this recently are celebrated: importing last month's export
# must not keep the wall celebrating for hours.
CELEBRATE_ANSWERED_WITHIN = timedelta(days=2)


class ChangeListener(Protocol):
    """Told what the poller read, e.g. to queue notifications; must not raise or block."""

    def changed(self, changes: Sequence[tuple], now: datetime) -> None:
        """Take the change-log rows (seq, response_id, old_score, new_score) just read."""

    def reloaded(self, now: datetime, received_after: datetime) -> None:
        """Catch up after the window was read whole: rows received after received_after."""


class Poller:
    """Own the in-memory copy of the window and turn store changes into Snapshots.

    Not thread-safe by itself: run `poll` from one scheduler job (max_instances=1).
    """

    def __init__(self, config: Config, engine: Engine, holder: SnapshotHolder,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC), *,
                 listeners: Sequence[ChangeListener] = ()) -> None:
        self.config, self.engine, self.holder, self.clock = config, engine, holder, clock
        self.listeners = tuple(listeners)
        self.counts: RunningCounts | None = None  # the window's responses, counted
        self.comments = pd.DataFrame(columns=wall_reads.DETAIL_COLUMNS)
        self.last_seq = 0
        self.last_response: int | None = None  # the response logged at last_seq
        self.store_id: str | None = None        # the identity of the store read
        self.gaps = Gaps(GAP_PATIENCE_SECONDS)
        self.events: deque[tuple[datetime, Event]] = deque(maxlen=EVENT_MAX_COUNT)
        self.milestones: Milestones | None = None
        self.computed_at = 0.0
        self.schema_ready = False
        self.followups: dict[str, tuple[int, int]] = {}
        self.followups_at = -float("inf")
        self.shelf = CommentShelf(config)
        self.recognition = Recognition(config)

    # -- what the window needs -------------------------------------------------------------
    def horizon(self, now: datetime) -> datetime:
        """Return the oldest answered_at the numbers need: previous window, last week, quarter."""
        days = 2 * self.config.wall.window_days + 8
        return min(now - timedelta(days=days), quarter_start(now, self.config.wall.timezone))

    def teams(self) -> tuple[Team, ...]:
        if self.config.teams:
            return self.config.teams
        keys = self.counts.keys() if self.counts is not None else []
        return tuple(Team.unconfigured(k) for k in keys)

    # -- the job ---------------------------------------------------------------------------
    def poll(self) -> Snapshot | None:
        """Read the store once; publish a new Snapshot when anything changed. Never raises."""
        try:
            snapshot = self._poll()
        except Exception as exc:  # the store is down or unreadable: keep the last numbers
            trouble = store.classify(exc)
            # The full error (host, user, path, SQL) goes to the server log only.
            log.warning("poll failed (%s): %s: %s", trouble.kind.value, type(exc).__name__, exc)
            self.holder.poll_failed(trouble.text, trouble=trouble.kind.value, when=self.clock())
            return None
        self.holder.poll_ok(self.clock())
        return snapshot

    def _poll(self) -> Snapshot | None:
        now = self.clock()
        if self.counts is None:
            return self._load_all(now)
        with self.engine.connect() as conn:
            reason = self._replaced(conn)
            changes = [] if reason else wall_reads.changes_after(
                conn, seq=self.last_seq, also=self.gaps.ranges(), limit=CHANGES_PER_POLL)
            if reason or len(changes) >= CHANGES_PER_POLL:
                details = None
            else:
                details = (wall_reads.responses_by_id(conn, {c[1] for c in changes}) if changes
                           else None)
        if reason is not None:
            log.warning("%s: reloading the window from the store as it is now", reason)
            self.events.clear()  # their numbers may come again, for other responses
            return self._load_all(now)
        for listener in self.listeners:
            listener.changed(changes, now)
        if details is None and changes:
            log.info("%d+ changes since the last poll: reloading the window", len(changes))
            return self._load_all(now)
        if changes:
            self._apply(changes, details, now)
        elif time.monotonic() - self.computed_at < RECOMPUTE_SECONDS:
            return None
        return self._publish(now)

    def _replaced(self, conn: Connection) -> str | None:
        """Say why the change log is not the one read so far (restored, replaced, pruned
        past this process), or None when it goes on from last_seq."""
        marks = wall_reads.change_marks(conn, seq=self.last_seq)
        if marks.store_id != self.store_id:
            return "the store was replaced by another store (its store_id changed)"
        if marks.newest < self.last_seq:
            return (f"the store's change log went back from {self.last_seq} to "
                    f"{marks.newest} (restored from a backup or replaced)")
        if marks.response_id != self.last_response:
            return (f"change {self.last_seq} is no longer the one read (the store was "
                    "restored or replaced, or its change log pruned past this process)")
        return None

    def _load_all(self, now: datetime) -> Snapshot:
        if not self.schema_ready:  # unreachable at start: migrate it now (never create it)
            store.ensure_schema(self.engine)
            self.schema_ready = True
        since = self.horizon(now)
        with self.engine.connect() as conn:
            last_seq = wall_reads.max_change_seq(conn)  # first: rows read next include these
            marks = wall_reads.change_marks(conn, seq=last_seq)
            counts = wall_reads.load_counts(conn, since=since)
            keys = [t.key for t in self.config.teams] or counts.keys()
            comments = wall_reads.teams_recent_comments(conn, teams=keys, since=since,
                                                        limit=COMMENTS_PER_TEAM)
            recent = wall_reads.recent_promoters(conn, received_after=now - EVENT_MAX_AGE)
            recent = recent[recent["answered_at"] > now - CELEBRATE_ANSWERED_WITHIN]
            # Their own change numbers: a screen that connected after one was stored
            # must not see it as new.
            seqs = wall_reads.latest_change_seqs(conn, recent["id"]) if len(recent) else {}
        self.counts = counts
        self.shelf.forget()
        self.recognition.forget()
        self.last_seq, self.last_response = last_seq, marks.response_id
        self.store_id = marks.store_id
        self.gaps.clear()
        for listener in self.listeners:  # e.g. detractors that came while we were away
            listener.reloaded(now, received_after=now - EVENT_MAX_AGE)
        self.comments = comments
        # After a restart, offer the promoters of the last few minutes again: screens drop
        # those they have shown already, so a restart loses no celebration.
        for row in recent.itertuples():
            self._emit(now, promoter_event(seqs.get(row.id, last_seq), row, self.config))
        return self._publish(now)

    def _apply(self, changes: list[tuple], details: pd.DataFrame, now: datetime) -> None:
        seqs = [c[0] for c in changes]
        self.gaps.update(self.last_seq, seqs)
        newest = max(changes)
        if newest[0] > self.last_seq:
            self.last_seq, self.last_response = newest[0], newest[1]

        changed = {c[1] for c in changes}
        for response_id in changed:  # deleted, edited, moved: counted again below if kept
            self.counts.remove(response_id)
        rows = details[details["answered_at"] > self.horizon(now)]
        for row in rows.itertuples():
            self.counts.upsert(row.id, row.team, row.score, row.answered_at.value)
        self.counts.compact()
        self._update_comments(changed, details)
        self.recognition.changed(changed, details)

        by_id = details.set_index("id", drop=False)
        self._rewrite_events(changed, by_id)
        for seq, response_id, old, new in changes:
            becomes_promoter = new is not None and new >= 9 and (old is None or old < 9)
            if becomes_promoter and response_id in by_id.index:
                row = by_id.loc[response_id]
                # still a promoter now (not edited down since), and answered lately
                if row["score"] >= 9 and row["answered_at"] > now - CELEBRATE_ANSWERED_WITHIN:
                    self._emit(now, promoter_event(seq, row, self.config))

    def _update_comments(self, changed: set[int], details: pd.DataFrame) -> None:
        held = self.comments["id"].isin(changed)
        new = details[(details["comment"].fillna("") != "")
                      & ((details["score"] >= 9) | (details["score"] <= 6))]
        if not len(new) and not held.any():
            return  # no shown comment changed: keep the frame (and its built Comments)
        self.shelf.forget(changed)
        # Only the teams of the changed comments are chosen again.
        hit = self.comments["team"].isin(set(new["team"]) | set(self.comments["team"][held]))
        parts = [part for part in (self.comments[hit & ~held], new) if len(part)]
        both = pd.concat(parts, ignore_index=True) if parts else self.comments[hit & ~held]
        both = both.sort_values("answered_at", ascending=False)
        seen: dict[tuple, int] = {}  # a few rows: counting in Python beats a groupby
        keep = []
        for group in zip(both["team"], both["score"] >= 9, strict=True):
            seen[group] = seen.get(group, 0) + 1
            keep.append(seen[group] <= COMMENTS_PER_TEAM)
        chosen = both[keep]
        parts = [part for part in (self.comments[~hit], chosen) if len(part)]
        self.comments = (pd.concat(parts, ignore_index=True) if parts
                         else chosen.reset_index(drop=True))

    def _rewrite_events(self, changed: set[int], by_id: pd.DataFrame) -> None:
        """A celebration of a changed response (e.g. its comment erased) shows what is
        stored now, not what was held in memory."""
        keys = {f"promoter:{i}" for i in changed}
        if not any(event.key in keys for _, event in self.events):
            return
        mode, events = self.config.wall.customer_names, deque(maxlen=EVENT_MAX_COUNT)
        for seen, event in self.events:
            if event.key in keys:
                rid = int(event.key.partition(":")[2])
                row = by_id.loc[rid] if rid in by_id.index else None
                event = replace(event, text=redact(row["comment"]) if row is not None else "",
                                customer=None if row is None
                                else customer_label(row["customer_name"], mode))
            events.append((seen, event))
        self.events = events

    # -- building the snapshot -----------------------------------------------------------
    def _emit(self, now: datetime, event: Event) -> None:
        emit(self.events, now, self.recognition.shown(event),
             burst_size=self.config.wall.burst_size)

    def _milestone_events(self, stats: pd.DataFrame, now: datetime) -> None:
        start = quarter_start(now, self.config.wall.timezone)
        counts = window.promoters_by_team(self.counts, list(stats.index), start=start,
                                          end=now + timedelta(days=1))
        reached = Milestones(
            at_goal=stats["at_goal"].astype(bool).to_dict(),
            quarter_promoters=counts)
        for event in milestone_events(self.milestones, reached, seq=self.last_seq,
                                      moment=now, quarter=start, config=self.config,
                                      stats=stats):
            self._emit(now, event)
        self.milestones = reached

    def _publish(self, now: datetime) -> Snapshot:
        self.counts.drop_before(window.nanos(self.horizon(now)) + 1)  # keep what is after it
        if time.monotonic() - self.followups_at >= RECOMPUTE_SECONDS:  # minutes matter here
            deadline = now - timedelta(hours=self.config.followup.sla_hours)
            since = now - timedelta(days=self.config.wall.window_days)
            with self.engine.connect() as conn:
                marks = wall_reads.followup_marks(conn, since=since, overdue_before=deadline)
            self.followups = window.followup_counts(self.counts, marks, since=since,
                                                    overdue_before=deadline)
            self.followups_at = time.monotonic()
        board = self.recognition.publish(self.engine, self.events, now, self.last_seq)
        snapshot = replace(self._snapshot(now, None), challenge=board)
        self.computed_at = time.monotonic()
        return self.holder.publish(snapshot)

    def _snapshot(self, now: datetime, previous: Snapshot | None) -> Snapshot:
        wall = self.config.wall
        teams = self.teams()
        if previous is None:
            board = window.leaderboard(self.counts, teams, end=now, days=wall.window_days,
                                       min_responses=wall.min_responses,
                                       order=wall.leaderboard_order)
            trend = window.weekly_trend(self.counts, teams, end=now, days=wall.window_days,
                                        tz=wall.timezone)
            self._milestone_events(board, now)
            figures = team_figures(board)
            total = int(board["responses"].sum())
        else:
            trend, figures, total = previous.trend, previous.teams, previous.total_responses
        cutoff = now - EVENT_MAX_AGE
        events = tuple(event for seen, event in self.events if seen > cutoff)
        return Snapshot(version=0, built_at=now, window_end=now, teams=figures,
                        order=wall.leaderboard_order, trend=trend,
                        comments=self.shelf.shown(self.comments), events=events,
                        total_responses=total, last_seq=self.last_seq,
                        followups=self.followups)
