"""The delivery job: send due detractor notifications to the chat webhook, with backoff.

`Notifier.deliver_due` runs as its own scheduler job, claims due rows so that several
processes on one store never send the same one, POSTs, and retries with backoff. Delivery is
at least once: a process that dies between the POST and recording it lets another process
send it again after the lease.

Each channel (a team's own `notify_url`, or `[followup] notify_url` for the rest; see
channels.py) is served on its own: a detractor goes to its team's channel only, and flood
control counts per channel.

Flood control: the channel gets at most RATE_LIMIT messages a minute from all processes, and
when more than SUMMARY_ABOVE new detractors would be told within a minute (a backfill), the
first SEND_FIRST go out on their own and the rest are folded into one summary message; when
it is delivered, every row it covers counts as delivered.
"""

from __future__ import annotations

import logging
import socket
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, select

from wallboard.alerts.channels import Channel, channels_of
from wallboard.alerts.messages import Detractor, message, summary_message
from wallboard.alerts.outbox import (
    DONE_KEPT,
    RATE_LIMIT,
    claim,
    claim_summary,
    due,
    fold_into_summary,
    forget,
    forget_corrected_members,
    give_up_members,
    mark_delivered,
    mark_failed_attempt,
    oldest_fresh,
    prune_done,
    recent,
    summary_counts,
)
from wallboard.alerts.send import Outcome, post_json
from wallboard.alerts.status import delivery_status
from wallboard.config import Config
from wallboard.store import NOTIFICATION

log = logging.getLogger("wallboard.alerts")

# Retry delays as multiples of the base (10 s): 10 s, 30 s, 2 min, 10 min, 30 min, then hourly.
BACKOFF_STEPS = (1, 3, 12, 60, 180, 360)
BACKOFF_BASE_SECONDS = 10.0
# A notification is no longer "at once" after a day: then it is given up (failed_at).
GIVE_UP_AFTER = timedelta(hours=24)
RETRY_AFTER_MAX_SECONDS = 3600.0  # a receiver's Retry-After (seconds or a date) is capped here
TIMEOUT_SECONDS = 5.0
BATCH = 10           # at most this many deliveries per run of the job
SUMMARY_ABOVE = 10   # more new detractors than this per WINDOW: a burst, summarised
SEND_FIRST = 5       # of a burst, this many are still sent on their own
STATUS_EVERY_SECONDS = 10.0  # /healthz reads the outbox's numbers from memory, this fresh


def retry_delay(attempts: int, base_seconds: float = BACKOFF_BASE_SECONDS) -> timedelta:
    """Return the wait after the attempts-th failed attempt (1 = the first)."""
    step = BACKOFF_STEPS[min(max(attempts, 1), len(BACKOFF_STEPS)) - 1]
    return timedelta(seconds=base_seconds * step)


def public_base(config: Config, port: int) -> str:
    """Return the address colleagues use for this wall: [followup] public_url or host:port."""
    return (config.followup.public_url or f"http://{socket.gethostname()}:{port}").rstrip("/")


def prune_outbox(engine: Engine, *, now: datetime | None = None,
                 keep: timedelta = DONE_KEPT) -> int:
    """Delete notifications delivered or given up more than keep ago; return how many.

    Pending ones are never deleted. Runs as a job in every process (idempotent).
    """
    now = now or datetime.now(UTC)
    with engine.begin() as conn:
        deleted = prune_done(conn, before=now - keep)
    if deleted:
        log.info("notifications: %d delivered or given up before %s deleted", deleted,
                 f"{now - keep:%Y-%m-%d}")
    return deleted


class Notifier:
    """Deliver queued notifications to each team's channel; run `deliver_due` as a job.

    Not re-entrant: schedule it with max_instances=1. Several processes may each run one.
    """

    def __init__(self, config: Config, engine: Engine, *, public_url: str,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC),
                 backoff_base: float = BACKOFF_BASE_SECONDS,
                 give_up_after: timedelta = GIVE_UP_AFTER,
                 timeout: float = TIMEOUT_SECONDS, rate_limit: int = RATE_LIMIT) -> None:
        self.config, self.engine, self.public_url = config, engine, public_url.rstrip("/")
        self.clock, self.backoff_base = clock, backoff_base
        self.give_up_after, self.timeout, self.rate_limit = give_up_after, timeout, rate_limit
        self.channels: tuple[Channel, ...] = channels_of(config)
        self._status: dict = {"enabled": True, "checked_at": None}
        self._status_at = -float("inf")

    def status(self) -> dict:
        """Return the outbox's numbers as the job last read them: from memory, never a query."""
        return self._status

    def _refresh_status(self, now: datetime, *, force: bool) -> None:
        if not force and time.monotonic() - self._status_at < STATUS_EVERY_SECONDS:
            return
        with self.engine.connect() as conn:
            status = delivery_status(conn, now)
        self._status = {**status, "checked_at": now.isoformat(timespec="seconds")}
        self._status_at = time.monotonic()

    def deliver_due(self) -> int:
        """Send due notifications of every channel (up to BATCH each, within its rate limit)
        and, in a burst, one summary per channel for the rest; return how many detractors
        were told.

        Never raises: a store that cannot be read is logged and tried again next run.
        """
        try:
            told = sum(self._deliver_channel(channel) for channel in self.channels)
            self._refresh_status(self.clock(), force=False)  # forced above after a send
            return told
        except Exception as exc:  # the store is down: the rows wait in it
            log.warning("notifications: cannot read the outbox: %s", exc)
            return 0

    def _deliver_channel(self, channel: Channel) -> int:
        now = self.clock()
        with self.engine.connect() as conn:
            rows = due(conn, now=now, limit=BATCH, channel=channel)
            window = recent(conn, now=now, channel=channel)
        burst = window.told + window.fresh > SUMMARY_ABOVE
        singles = max(0, SEND_FIRST - window.told) if burst else BATCH
        chosen = []
        for row in rows:  # retries and summaries always; new ones while singles last
            if row.attempts == 0:
                if singles == 0:
                    continue
                singles -= 1
            chosen.append(row)
        limit = SEND_FIRST if burst else None  # shared with other processes' singles
        told = sum(self._deliver(row, channel,
                                 singles_limit=limit if row.attempts == 0 else None)
                   for row in chosen)
        told += self._summarise(channel) if burst else 0
        if chosen or burst:
            self._refresh_status(self.clock(), force=True)
        return told

    def _deliver(self, row, channel: Channel, *,  # noqa: ANN001
                 singles_limit: int | None = None) -> int:
        with self.engine.begin() as conn:
            if not claim(conn, notification_id=row.id, seen_attempts=row.attempts,
                         now=self.clock(), rate_limit=self.rate_limit,
                         singles_limit=singles_limit, channel=channel):
                return 0  # another process took it, or the channel had enough this minute
            summary = row.summary_id == row.id
            if not summary and (row.score is None or row.score > 6):
                forget(conn, notification_id=row.id)
                log.info("notification %d dropped: response %d is no longer a detractor",
                         row.id, row.response_id)
                return 0
        if summary:  # a summary's retry
            return self._send_summary(channel, row.id, row.attempts + 1, row.created_at)
        detractor = Detractor(row.response_id, self.config.team_name(row.team_key), row.employee,
                              row.score, row.answered_at, row.owner)
        body = message(detractor, lang=self.config.wall.language,
                       tz=self.config.wall.timezone, public_url=self.public_url)
        what = f"notification of response {row.response_id} (team {row.team_key})"
        return self._post(channel, row.id, body, row.attempts + 1, row.created_at, what,
                          covers=1)

    def _summarise(self, channel: Channel) -> int:
        """Fold the channel's new detractors still due into one summary message and send it."""
        now = self.clock()
        with self.engine.begin() as conn:
            carrier = oldest_fresh(conn, now=now, channel=channel)
            if carrier is None or not claim_summary(conn, carrier_id=carrier, now=now,
                                                    rate_limit=self.rate_limit,
                                                    channel=channel):
                return 0  # nothing left, another process summarises, or not yet again
            fold_into_summary(conn, carrier_id=carrier, now=now, channel=channel)
            created_at = conn.execute(select(NOTIFICATION.c.created_at)
                                      .where(NOTIFICATION.c.id == carrier)).scalar_one()
        return self._send_summary(channel, carrier, 1, created_at)

    def _send_summary(self, channel: Channel, carrier: int, attempt: int,
                      created_at: datetime) -> int:
        with self.engine.begin() as conn:
            forget_corrected_members(conn, carrier_id=carrier)
            counts = summary_counts(conn, carrier_id=carrier)
            if not counts:
                forget(conn, notification_id=carrier)
                log.info("summary %d dropped: none of its responses is a detractor now",
                         carrier)
                return 0
        teams = sorted(((self.config.team_name(key), n) for key, n in counts.items()),
                       key=lambda team: (-team[1], team[0]))
        body = summary_message(teams, lang=self.config.wall.language,
                               public_url=self.public_url)
        covers = sum(counts.values())
        what = f"summary {carrier} of {covers} detractors ({', '.join(sorted(counts))})"
        return self._post(channel, carrier, body, attempt, created_at, what, covers=covers)

    def _post(self, channel: Channel, notification_id: int, body: dict, attempt: int,
              created_at: datetime, what: str, *, covers: int) -> int:
        outcome = post_json(channel.url, body, timeout=self.timeout, now=self.clock())
        with self.engine.begin() as conn:
            if outcome.ok:
                mark_delivered(conn, notification_id=notification_id, now=self.clock())
                log.info("%s delivered, attempt %d", what, attempt)
                return covers
            retry_at = self._retry_at(created_at, attempt, outcome)
            mark_failed_attempt(conn, notification_id=notification_id, now=self.clock(),
                                error=f"attempt {attempt}: {outcome.error}", retry_at=retry_at)
            if retry_at is None:
                give_up_members(conn, carrier_id=notification_id, now=self.clock())
        log.warning("%s failed, attempt %d: %s; %s", what, attempt, outcome.error,
                    f"retry at {retry_at:%H:%M:%S} UTC" if retry_at else "given up")
        return 0

    def _retry_at(self, created_at: datetime, attempt: int,
                  outcome: Outcome) -> datetime | None:
        if outcome.permanent:
            return None
        wait = retry_delay(attempt, self.backoff_base)
        if outcome.retry_after is not None:  # the receiver asked for a pause (rate limit)
            asked = min(outcome.retry_after, RETRY_AFTER_MAX_SECONDS)
            wait = max(wait, timedelta(seconds=asked))
        retry_at = self.clock() + wait
        return None if retry_at > created_at + self.give_up_after else retry_at
