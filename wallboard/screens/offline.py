"""Offline alerts: tell the chat once when a screen has gone dark unexpectedly, once when back.

A named screen unseen for `[screens] offline_after_minutes` of ITS working hours (its profile's
`hours`, else `[schedule]`) is offline: one message goes to `[followup] notify_url`. When it is
seen again during working hours one "back" message follows. A screen that comes back outside
its hours gets its back message at the next working moment, if it is still online then (the
people who read the channel read it then; a screen that dies again before the morning stays in
the same episode, so the chat hears "offline" and "back" once each, never a pair of stale
ones). Nothing is sent about a forgotten screen or for time outside working hours.

Exactly once across processes: the screen row's conditional claims pick the one process that
opens or closes an episode; each message is a row of its own in the store (offline_outbox.py)
that any process may post, one attempt at a time, with the notifications' backoff. A process
that dies after posting but before recording it lets another post again after a minute's
lease (at least once, like the detractor notifications).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from wallboard import alerts
from wallboard.config import Config
from wallboard.core.clock import utcnow
from wallboard.core.schedule import Hours, hours_for, is_working, working_spans
from wallboard.screens import ONLINE_SECONDS, is_online
from wallboard.screens.offline_message import screen_message
from wallboard.screens.offline_outbox import (
    BACK,
    OFFLINE,
    AlertRow,
    alert_key,
    alert_rows,
    enqueue,
    episode_of,
    prune_alerts,
)
from wallboard.store.screens import ScreenRow, claim_back_alert, claim_offline_alert, list_screens

log = logging.getLogger("wallboard.screens")
KEPT = timedelta(days=7)        # posted or given-up messages are deleted after this long
JOB_SECONDS = 15.0              # how often the job looks, at most


def job_seconds(offline_after_minutes: float) -> float:
    """How often the job runs: every 15 s, more often when the offline time is shorter."""
    return max(2.0, min(JOB_SECONDS, offline_after_minutes * 60 / 3))


def unseen_working_time(hours: Hours, last_seen: datetime, now: datetime,
                        tz: ZoneInfo) -> timedelta:
    """Return how much of the time since last_seen lay within the working hours."""
    spans = working_spans(hours, last_seen, now, tz)
    return sum((end - start for start, end in spans), timedelta())


def alert_due(row: ScreenRow, now: datetime, hours: Hours, tz: ZoneInfo,
              offline_after: timedelta) -> str | None:
    """Return "offline" or "back" when that message is due for the screen now, else None.

    Offline: named, seen once, not online, within its hours now, and unseen for offline_after
    of working time. Back: alerted offline, online again, within its hours now.
    """
    if row.name is None or row.last_seen is None or not is_working(hours, now, tz):
        return None
    online = is_online(row, now)
    if row.offline_alerted_at is not None:
        return BACK if online else None
    if online:
        return None
    unseen = unseen_working_time(hours, row.last_seen, now, tz)
    return OFFLINE if unseen >= max(offline_after, timedelta(seconds=ONLINE_SECONDS)) else None


class OfflineAlerts:
    """Watch the fleet and post offline/back messages; run `run` as a scheduler job.

    Not re-entrant: schedule it with max_instances=1. Several processes may each run one.
    """

    def __init__(self, config: Config, engine: Engine, *, public_url: str,
                 clock: Callable[[], datetime] = utcnow,
                 timeout: float = alerts.TIMEOUT_SECONDS,
                 give_up_after: timedelta = alerts.GIVE_UP_AFTER) -> None:
        self.config, self.engine, self.public_url = config, engine, public_url.rstrip("/")
        self.clock, self.timeout, self.give_up_after = clock, timeout, give_up_after
        self.url = config.followup.notify_url
        self.tz, self.schedule = config.zone(), config.schedule_hours()
        self.offline_after = timedelta(minutes=config.screens.offline_after_minutes)

    def hours_of(self, row: ScreenRow) -> Hours:
        """The screen's working hours: its profile's override, else the schedule."""
        try:
            return hours_for(self.schedule, row.profile.get("hours"))
        except ValueError:  # profiles are checked when stored; an old one falls back
            return self.schedule

    def run(self) -> int:
        """Open and close episodes, post the messages due; return how many were posted.

        Never raises: a store that cannot be read is logged and tried again next run.
        """
        try:
            screens = {row.id: row for row in list_screens(self.engine)}
            with self.engine.connect() as conn:
                queued = alert_rows(conn)
            for row in screens.values():
                if row.paired_at is not None:  # adopted only: a drive-by ?screen= is no TV
                    self._step(row, queued)
            with self.engine.connect() as conn:
                queued = alert_rows(conn)
            posted = sum(self._deliver(msg, screens, queued) for msg in
                         sorted(queued.values(), key=lambda m: (m.episode, m.kind != OFFLINE)))
            still_open = frozenset(
                alert_key(row.id, episode_of(row.offline_alerted_at), OFFLINE)
                for row in screens.values() if row.offline_alerted_at is not None)
            with self.engine.begin() as conn:
                prune_alerts(conn, queued, before=self.clock() - KEPT, keep=still_open)
            return posted
        except Exception as exc:  # the store is down: the episodes wait in it
            log.warning("offline alerts: cannot read the store: %s", exc)
            return 0

    def _step(self, row: ScreenRow, queued: dict[str, AlertRow]) -> None:
        now = self.clock()
        due = alert_due(row, now, self.hours_of(row), self.tz, self.offline_after)
        if due == OFFLINE and row.last_seen is not None:
            if claim_offline_alert(self.engine, row.id, now=now):
                self._queue(row.id, episode_of(now), OFFLINE, row.last_seen)
                log.info("screen %r offline since %s: alert queued", row.name,
                         f"{row.last_seen:%H:%M:%S} UTC")
            return
        if row.offline_alerted_at is None:
            return
        episode = episode_of(row.offline_alerted_at)
        told = queued.get(alert_key(row.id, episode, OFFLINE))
        if told is None and row.last_seen is not None and due is None:
            # The process that claimed the episode died before queuing its message.
            self._queue(row.id, episode, OFFLINE, row.last_seen)
        elif due == BACK and (told is None or told.done):
            if told is not None and told.posted:  # the chat heard "offline": it hears "back"
                self._queue(row.id, episode, BACK, told.since)
            if claim_back_alert(self.engine, row.id):
                log.info("screen %r back%s", row.name, "" if told and told.posted
                         else " (its offline alert was never posted: no back message)")

    def _queue(self, screen_id: int, episode: int, kind: str, since: datetime) -> None:
        with self.engine.begin() as conn:
            enqueue(conn, screen_id=screen_id, episode=episode, kind=kind, since=since,
                    now=self.clock())

    def _deliver(self, msg: AlertRow, screens: dict[int, ScreenRow],
                 queued: dict[str, AlertRow]) -> int:
        now = self.clock()
        if not msg.due(now):
            return 0
        screen = screens.get(msg.screen_id)
        first = queued.get(alert_key(msg.screen_id, msg.episode, OFFLINE))
        if msg.kind == BACK and first is not None and not first.done:
            return 0  # "back" waits for its "offline"
        with self.engine.begin() as conn:
            attempt = alerts.claim_attempt(conn, key=msg.key, due=now, now=now)
            if attempt is not None and screen is None:  # forgotten meanwhile: not told
                alerts.finish_attempt(conn, key=msg.key, now=now, error="screen forgotten")
                return 0
        if attempt is None or screen is None:
            return 0
        body = screen_message(msg.kind, screen.name or "?", msg.since,
                              lang=self.config.wall.language, tz=self.config.wall.timezone,
                              public_url=self.public_url, now=now)
        outcome = alerts.post_json(self.url, body, timeout=self.timeout, now=now)
        return self._record(msg, screen, attempt, outcome)

    def _record(self, msg: AlertRow, screen: ScreenRow, attempt: int,
                outcome: alerts.Outcome) -> int:
        now = self.clock()
        retry_at = None
        if not outcome.ok and not outcome.permanent:
            wait = alerts.retry_delay(attempt)
            if outcome.retry_after is not None:  # the receiver asked for a pause
                wait = max(wait, timedelta(seconds=min(outcome.retry_after,
                                                       alerts.RETRY_AFTER_MAX_SECONDS)))
            retry_at = now + wait
            if retry_at > msg.created_at + self.give_up_after:
                retry_at = None
        with self.engine.begin() as conn:
            alerts.finish_attempt(conn, key=msg.key, now=now, retry_at=retry_at,
                                  error="" if outcome.ok else f"attempt {attempt}: "
                                                              f"{outcome.error}")
        what = f"{msg.kind} message of screen {screen.name!r}"
        if outcome.ok:
            log.info("%s posted, attempt %d", what, attempt)
            return 1
        log.warning("%s failed, attempt %d: %s; %s", what, attempt, outcome.error,
                    f"retry at {retry_at:%H:%M:%S} UTC" if retry_at else "given up")
        return 0
