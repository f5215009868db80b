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

from wallboard import store
from wallboard.config import Config, Team
from wallboard.core import nps
from wallboard.core.periods import quarter_start
from wallboard.core.privacy import customer_label, redact
from wallboard.store import wall_reads
from wallboard.wall.events import (
    Milestones,
    milestone_events,
    none_if_nan,
    promoter_event,
)
from wallboard.wall.recognition import Recognition, emit, shown_employee
from wallboard.wall.snapshot import Comment, Event, Snapshot, SnapshotHolder, TeamFigures

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


def _int_or_none(value: object) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


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
        self.frame: pd.DataFrame | None = None
        self.comments = pd.DataFrame(columns=wall_reads.DETAIL_COLUMNS)
        self.last_seq = 0
        self.gaps: dict[int, float] = {}
        self.events: deque[tuple[datetime, Event]] = deque(maxlen=EVENT_MAX_COUNT)
        self.milestones: Milestones | None = None
        self.computed_at = 0.0
        self.schema_ready = False
        self.followups: dict[str, tuple[int, int]] = {}
        self.followups_at = -float("inf")
        self.recognition = Recognition(config)

    # -- what the window needs -------------------------------------------------------------
    def horizon(self, now: datetime) -> datetime:
        """Return the oldest answered_at the numbers need: previous window, last week, quarter."""
        days = 2 * self.config.wall.window_days + 8
        return min(now - timedelta(days=days), quarter_start(now, self.config.wall.timezone))

    def teams(self) -> tuple[Team, ...]:
        if self.config.teams:
            return self.config.teams
        keys = sorted(self.frame["team"].unique()) if self.frame is not None else []
        return tuple(Team.unconfigured(k) for k in keys)

    # -- the job ---------------------------------------------------------------------------
    def poll(self) -> Snapshot | None:
        """Read the store once; publish a new Snapshot when anything changed. Never raises."""
        try:
            snapshot = self._poll()
        except Exception as exc:  # the store is down or unreadable: keep the last numbers
            log.warning("poll failed: %s", exc)
            self.holder.poll_failed(f"{type(exc).__name__}: {exc}"[:300])
            return None
        self.holder.poll_ok(self.clock())
        return snapshot

    def _poll(self) -> Snapshot | None:
        now = self.clock()
        if self.frame is None:
            return self._load_all(now)
        with self.engine.connect() as conn:
            changes = wall_reads.changes_after(conn, seq=self.last_seq, also=list(self.gaps),
                                          limit=CHANGES_PER_POLL)
            if len(changes) >= CHANGES_PER_POLL:
                details = None
            else:
                details = (wall_reads.responses_by_id(conn, {c[1] for c in changes}) if changes
                           else None)
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

    def _load_all(self, now: datetime) -> Snapshot:
        if not self.schema_ready:  # the store was unreachable at start: create it now
            store.ensure_schema(self.engine)
            self.schema_ready = True
        since = self.horizon(now)
        with self.engine.connect() as conn:
            last_seq = wall_reads.max_change_seq(conn)  # first: rows read next include these
            frame = wall_reads.load_responses(conn, since=since)
            keys = [t.key for t in self.config.teams] or sorted(frame["team"].unique())
            parts = [wall_reads.recent_comments(conn, team=key, scores=scores, since=since,
                                           limit=COMMENTS_PER_TEAM)
                     for key in keys for scores in ((9, 10), (0, 6))]
            recent = wall_reads.recent_promoters(conn, received_after=now - EVENT_MAX_AGE)
            recent = recent[recent["answered_at"] > now - CELEBRATE_ANSWERED_WITHIN]
            # Their own change numbers: a screen that connected after one was stored
            # must not see it as new.
            seqs = wall_reads.latest_change_seqs(conn, recent["id"]) if len(recent) else {}
        self.frame = frame.set_index("id", drop=False)
        self.last_seq, self.gaps = last_seq, {}
        for listener in self.listeners:  # e.g. detractors that came while we were away
            listener.reloaded(now, received_after=now - EVENT_MAX_AGE)
        parts = [p for p in parts if not p.empty]
        self.comments = (pd.concat(parts, ignore_index=True) if parts
                         else pd.DataFrame(columns=wall_reads.DETAIL_COLUMNS))
        # After a restart, offer the promoters of the last few minutes again: screens drop
        # those they have shown already, so a restart loses no celebration.
        for row in recent.itertuples():
            self._emit(now, promoter_event(seqs.get(row.id, last_seq), row, self.config))
        return self._publish(now)

    def _apply(self, changes: list[tuple], details: pd.DataFrame, now: datetime) -> None:
        seqs = [c[0] for c in changes]
        top = max(seqs)
        for missing in set(range(self.last_seq + 1, top)) - set(seqs) - set(self.gaps):
            self.gaps[missing] = time.monotonic()
        for seq in seqs:
            self.gaps.pop(seq, None)
        deadline = time.monotonic() - GAP_PATIENCE_SECONDS
        self.gaps = {s: t for s, t in self.gaps.items() if t > deadline}
        self.last_seq = max(self.last_seq, top)

        changed = {c[1] for c in changes}
        keep = ~self.frame.index.isin(changed)
        rows = details[details["answered_at"] > self.horizon(now)]
        fresh = rows[wall_reads.FRAME_COLUMNS].set_index("id", drop=False)
        self.frame = pd.concat([self.frame[keep], fresh]) if len(fresh) else self.frame[keep]
        self._update_comments(changed, details)

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
        kept = self.comments[~self.comments["id"].isin(changed)]
        new = details[(details["comment"].fillna("") != "")
                      & ((details["score"] >= 9) | (details["score"] <= 6))]
        both = pd.concat([kept, new], ignore_index=True) if len(new) else kept
        both = both.assign(cls=both["score"] >= 9)
        both = both.sort_values("answered_at", ascending=False)
        self.comments = (both.groupby(["team", "cls"], sort=False).head(COMMENTS_PER_TEAM)
                         .drop(columns="cls").reset_index(drop=True))

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
        emit(self.events, now, self.recognition.shown(event))

    def _milestone_events(self, stats: pd.DataFrame, now: datetime) -> None:
        start = quarter_start(now, self.config.wall.timezone)
        counts = nps.promoters_by_team(self.frame, start=start, end=now + timedelta(days=1))
        reached = Milestones(
            at_goal={team: bool(stats.at[team, "at_goal"]) for team in stats.index},
            quarter_promoters={team: int(counts.get(team, 0)) for team in stats.index})
        for event in milestone_events(self.milestones, reached, seq=self.last_seq,
                                      moment=now, quarter=start, config=self.config,
                                      stats=stats):
            self._emit(now, event)
        self.milestones = reached

    def _publish(self, now: datetime) -> Snapshot:
        self.frame = self.frame[self.frame["answered_at"] > self.horizon(now)]
        if time.monotonic() - self.followups_at >= RECOMPUTE_SECONDS:  # minutes matter here
            deadline = now - timedelta(hours=self.config.followup.sla_hours)
            with self.engine.connect() as conn:
                self.followups = wall_reads.followup_counts(
                    conn, overdue_before=deadline,
                    since=now - timedelta(days=self.config.wall.window_days))
            self.followups_at = time.monotonic()
        board = self.recognition.publish(self.engine, self.events, now, self.last_seq)
        snapshot = replace(self._snapshot(now, None), challenge=board)
        self.computed_at = time.monotonic()
        return self.holder.publish(snapshot)

    def _snapshot(self, now: datetime, previous: Snapshot | None) -> Snapshot:
        wall = self.config.wall
        teams = self.teams()
        if previous is None:
            board = nps.leaderboard(self.frame, teams, end=now, days=wall.window_days,
                                    min_responses=wall.min_responses,
                                    order=wall.leaderboard_order)
            trend = nps.weekly_trend(self.frame, teams, end=now, days=wall.window_days,
                                     tz=wall.timezone)
            self._milestone_events(board, now)
            figures = tuple(self._figures(key, row) for key, row in board.iterrows())
            total = int(board["responses"].sum())
        else:
            trend, figures, total = previous.trend, previous.teams, previous.total_responses
        cutoff = now - EVENT_MAX_AGE
        events = tuple(event for seen, event in self.events if seen > cutoff)
        return Snapshot(version=0, built_at=now, window_end=now, teams=figures,
                        order=wall.leaderboard_order, trend=trend,
                        comments=self._comment_tuple(), events=events,
                        total_responses=total, last_seq=self.last_seq,
                        followups=self.followups)

    def _figures(self, key: str, row: pd.Series) -> TeamFigures:
        return TeamFigures(
            key=key, name=row["name"], responses=int(row["responses"]),
            promoters=int(row["promoters"]), passives=int(row["passives"]),
            detractors=int(row["detractors"]), nps=none_if_nan(row["nps"]),
            moe=none_if_nan(row["moe"]), enough=bool(row["enough"]),
            baseline=none_if_nan(row["baseline"]), goal=none_if_nan(row["goal"]),
            progress=none_if_nan(row["progress"]), at_goal=bool(row["at_goal"]),
            promoters_week=int(row["promoters_week"]),
            improvement=none_if_nan(row["improvement"]), rank=_int_or_none(row["rank"]),
            prev_rank=_int_or_none(row["prev_rank"]), movement=str(row["movement"]))

    def _comment_tuple(self) -> tuple[Comment, ...]:
        mode = self.config.wall.customer_names
        rows = self.comments.sort_values("answered_at", ascending=False)
        return tuple(
            Comment(response_id=int(r.id), team=r.team, team_name=self.config.team_name(r.team),
                    employee=shown_employee(self.config, r.employee), score=int(r.score),
                    text=redact(r.comment),
                    customer=customer_label(r.customer_name, mode),
                    answered_at=r.answered_at.to_pydatetime())
            for r in rows.itertuples())
