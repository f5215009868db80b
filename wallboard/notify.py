"""Tell a chat channel about each new detractor: an outbox in the store, delivered by a job.

The poller queues (one fast INSERT, no network); `Notifier.deliver_due` runs as its own
scheduler job, claims due rows so that several processes on one store never send the same
one, POSTs, and retries with backoff. Delivery is at least once: a process that dies between
the POST and recording it lets another process send it again after the lease.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, and_, case, delete, func, literal, select, type_coerce, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from wallboard.config import Config
from wallboard.models import Notification, Response, UTCDateTime
from wallboard.notify_message import Detractor, message
from wallboard.notify_send import Outcome, post_json

log = logging.getLogger(__name__)

NOTIFICATION = Notification.__table__
RESPONSE = Response.__table__

# Only detractors answered this recently are told: importing last month's export must not
# flood the channel.
NOTIFY_ANSWERED_WITHIN = timedelta(days=2)
# Retry delays as multiples of the base (10 s): 10 s, 30 s, 2 min, 10 min, 30 min, then hourly.
BACKOFF_STEPS = (1, 3, 12, 60, 180, 360)
BACKOFF_BASE_SECONDS = 10.0
# A notification is no longer "at once" after a day: then it is given up (failed_at).
GIVE_UP_AFTER = timedelta(hours=24)
# A claimed row is someone's for this long; a process that died mid-send frees it again.
LEASE = timedelta(seconds=60)
TIMEOUT_SECONDS = 5.0
BATCH = 10           # at most this many deliveries per run of the job
_ERROR_TIME = "%Y-%m-%dT%H:%M:%SZ"  # last_error starts with this: max() is the newest
_IDS_PER_STATEMENT = 5000


def becomes_detractor(old_score: int | None, new_score: int | None) -> bool:
    """Whether a change makes a response a detractor (inserted 0..6, or edited down to it)."""
    return new_score is not None and new_score <= 6 and (old_score is None or old_score > 6)


def retry_delay(attempts: int, base_seconds: float = BACKOFF_BASE_SECONDS) -> timedelta:
    """Return the wait after the attempts-th failed attempt (1 = the first)."""
    step = BACKOFF_STEPS[min(max(attempts, 1), len(BACKOFF_STEPS)) - 1]
    return timedelta(seconds=base_seconds * step)


def public_base(config: Config, port: int) -> str:
    """Return the address colleagues use for this wall: [followup] public_url or host:port."""
    return (config.followup.public_url or f"http://{socket.gethostname()}:{port}").rstrip("/")


# -- the outbox: one statement a function ---------------------------------------------------
def _insert_ignoring_duplicates(conn: Connection):  # noqa: ANN202
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    return dialect.insert(NOTIFICATION)


def enqueue(conn: Connection, *, now: datetime, ids: Iterable[int] = (),
            received_after: datetime | None = None) -> int:
    """Queue the given responses, and those received after received_after, that are
    detractors now and were answered within NOTIFY_ANSWERED_WITHIN; return how many are new.

    Idempotent: a response already queued (by this or any other process) is skipped.
    """
    r = RESPONSE.c
    recent = [r.score <= 6, r.answered_at > now - NOTIFY_ANSWERED_WITHIN]
    ids = sorted(set(ids))
    conditions = [r.id.in_(ids[i:i + _IDS_PER_STATEMENT])
                  for i in range(0, len(ids), _IDS_PER_STATEMENT)]
    if received_after is not None:
        conditions.append(r.received_at > received_after)
    added = 0
    for condition in conditions:
        rows = select(r.id, literal(now, UTCDateTime()), literal(0),
                      literal(now, UTCDateTime())).where(condition, *recent)
        statement = (_insert_ignoring_duplicates(conn)
                     .from_select(["response_id", "created_at", "attempts", "next_attempt_at"],
                                  rows)
                     .on_conflict_do_nothing(index_elements=["response_id"]))
        added += conn.execute(statement).rowcount or 0
    return added


def _open():  # noqa: ANN202
    n = NOTIFICATION.c
    return and_(n.delivered_at.is_(None), n.failed_at.is_(None))


def due(conn: Connection, *, now: datetime, limit: int) -> list:
    """Return up to limit notifications due now, oldest due first, with their response.

    Each row: id, response_id, attempts, created_at, team_key, employee, score, answered_at
    (the response columns are None when it was deleted by a writer without cascades).
    """
    n, r = NOTIFICATION.c, RESPONSE.c
    query = (select(n.id, n.response_id, n.attempts, n.created_at, r.team_key, r.employee,
                    r.score, r.answered_at)
             .select_from(NOTIFICATION.outerjoin(RESPONSE, r.id == n.response_id))
             .where(_open(), n.next_attempt_at <= now)
             .order_by(n.next_attempt_at, n.id).limit(limit))
    return list(conn.execute(query).all())


def claim(conn: Connection, *, notification_id: int, seen_attempts: int, now: datetime,
          lease: timedelta = LEASE) -> bool:
    """Take one due notification for this process: count the attempt, hold it for lease.

    Atomic: of several processes that saw the same attempts count, exactly one wins.
    """
    n = NOTIFICATION.c
    statement = (update(NOTIFICATION)
                 .where(n.id == notification_id, n.attempts == seen_attempts, _open())
                 .values(attempts=n.attempts + 1, next_attempt_at=now + lease))
    return conn.execute(statement).rowcount == 1


def mark_delivered(conn: Connection, *, notification_id: int, now: datetime) -> None:
    """Record that the receiver accepted the notification."""
    conn.execute(update(NOTIFICATION).where(NOTIFICATION.c.id == notification_id)
                 .values(delivered_at=now))


def mark_failed_attempt(conn: Connection, *, notification_id: int, error: str,
                        retry_at: datetime | None, now: datetime) -> None:
    """Record a failed attempt: retry at retry_at, or give up (failed_at) when it is None."""
    values: dict = {"last_error": f"{now.astimezone(UTC):{_ERROR_TIME}} {error}"[:1000]}
    if retry_at is None:
        values["failed_at"] = now
    else:
        values["next_attempt_at"] = retry_at
    conn.execute(update(NOTIFICATION).where(NOTIFICATION.c.id == notification_id)
                 .values(**values))


def forget(conn: Connection, *, notification_id: int) -> None:
    """Drop a queued notification whose response is no longer a detractor (or is gone)."""
    conn.execute(delete(NOTIFICATION).where(NOTIFICATION.c.id == notification_id))


def delivery_status(conn: Connection, now: datetime, *, enabled: bool = True) -> dict:
    """Return the outbox in numbers, JSON-ready, from one aggregate query.

    pending: not yet delivered nor given up (includes retrying); retrying: pending and
    failed at least once; failed: given up. last_error is the newest error of any row.
    """
    n = NOTIFICATION.c
    open_ = _open()

    def count(condition) -> object:  # noqa: ANN001
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    oldest = type_coerce(func.min(case((open_, n.created_at), else_=None)), UTCDateTime())
    row = conn.execute(select(
        count(open_), count(n.delivered_at.is_not(None)),
        count(and_(open_, n.last_error.is_not(None))), count(n.failed_at.is_not(None)),
        func.max(n.last_error), oldest)).one()
    pending, delivered, retrying, failed, last_error, oldest_at = row
    error_at, error = None, last_error
    if last_error:
        stamp, _, error = last_error.partition(" ")
        try:
            error_at = datetime.strptime(stamp, _ERROR_TIME).replace(tzinfo=UTC).isoformat()
        except ValueError:  # written by something else: show it whole
            error_at, error = None, last_error
    return {
        "enabled": enabled, "pending": int(pending), "delivered": int(delivered),
        "retrying": int(retrying), "failed": int(failed), "last_error": error,
        "last_error_at": error_at,
        "oldest_pending_at": oldest_at.isoformat(timespec="seconds") if oldest_at else None,
        "oldest_pending_seconds": (round((now - oldest_at).total_seconds())
                                   if oldest_at else None),
    }


# -- the delivery job -----------------------------------------------------------------------
class Notifier:
    """Deliver queued notifications to [followup] notify_url; run `deliver_due` as a job.

    Not re-entrant: schedule it with max_instances=1. Several processes may each run one.
    """

    def __init__(self, config: Config, engine: Engine, *, public_url: str,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC),
                 backoff_base: float = BACKOFF_BASE_SECONDS,
                 give_up_after: timedelta = GIVE_UP_AFTER,
                 timeout: float = TIMEOUT_SECONDS) -> None:
        self.config, self.engine, self.public_url = config, engine, public_url.rstrip("/")
        self.clock, self.backoff_base = clock, backoff_base
        self.give_up_after, self.timeout = give_up_after, timeout

    def deliver_due(self) -> int:
        """Send every due notification (up to BATCH); return how many were delivered.

        Never raises: a store that cannot be read is logged and tried again next run.
        """
        try:
            with self.engine.connect() as conn:
                rows = due(conn, now=self.clock(), limit=BATCH)
            return sum(self._deliver(row) for row in rows)
        except Exception as exc:  # the store is down: the rows wait in it
            log.warning("notifications: cannot read the outbox: %s", exc)
            return 0

    def _team_name(self, key: str) -> str:
        team = self.config.team(key)
        return team.name if team else key

    def _deliver(self, row) -> bool:  # noqa: ANN001
        now = self.clock()
        with self.engine.begin() as conn:
            if not claim(conn, notification_id=row.id, seen_attempts=row.attempts, now=now):
                return False  # another process took it
            if row.score is None or row.score > 6:
                forget(conn, notification_id=row.id)
                log.info("notification %d dropped: response %d is no longer a detractor",
                         row.id, row.response_id)
                return False
        detractor = Detractor(row.response_id, self._team_name(row.team_key), row.employee,
                              row.score, row.answered_at)
        body = message(detractor, lang=self.config.wall.language,
                       tz=self.config.wall.timezone, public_url=self.public_url)
        outcome = post_json(self.config.followup.notify_url, body, timeout=self.timeout)
        attempt = row.attempts + 1
        with self.engine.begin() as conn:
            if outcome.ok:
                mark_delivered(conn, notification_id=row.id, now=self.clock())
                log.info("notification of response %d (team %s) delivered, attempt %d",
                         row.response_id, row.team_key, attempt)
                return True
            retry_at = self._retry_at(row, attempt, outcome)
            mark_failed_attempt(conn, notification_id=row.id, now=self.clock(),
                                error=f"attempt {attempt}: {outcome.error}", retry_at=retry_at)
        log.warning("notification of response %d (team %s) failed, attempt %d: %s; %s",
                    row.response_id, row.team_key, attempt, outcome.error,
                    f"retry at {retry_at:%H:%M:%S} UTC" if retry_at else "given up")
        return False

    def _retry_at(self, row, attempt: int, outcome: Outcome) -> datetime | None:  # noqa: ANN001
        if outcome.permanent:
            return None
        wait = retry_delay(attempt, self.backoff_base)
        if outcome.retry_after is not None:  # the receiver asked for a pause (rate limit)
            wait = max(wait, timedelta(seconds=min(outcome.retry_after, 3600)))
        retry_at = self.clock() + wait
        return None if retry_at > row.created_at + self.give_up_after else retry_at
