"""Tell a chat channel about each new detractor: an outbox in the store, delivered by a job.

The poller queues (one fast INSERT, no network); `Notifier.deliver_due` runs as its own
scheduler job, claims due rows so that several processes on one store never send the same
one, POSTs, and retries with backoff. Delivery is at least once: a process that dies between
the POST and recording it lets another process send it again after the lease.

Flood control: the channel gets at most RATE_LIMIT messages a minute from all processes, and
when more than SUMMARY_ABOVE new detractors would be told within a minute (a backfill), the
first SEND_FIRST go out on their own and the rest are folded into one summary message, carried
by one of their rows (summary_id) and retried like any other; when it is delivered, every row
it covers counts as delivered.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import (
    Engine,
    and_,
    case,
    delete,
    exists,
    func,
    literal,
    or_,
    select,
    type_coerce,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from wallboard.alerts.messages import Detractor, message, summary_message
from wallboard.alerts.send import Outcome, post_json
from wallboard.config import Config
from wallboard.store import Notification, Response, UTCDateTime

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
# Flood control, over a rolling WINDOW shared by every process on the store:
WINDOW = timedelta(seconds=60)
RATE_LIMIT = 20      # messages (first tries, retries, summaries) per WINDOW at most
SUMMARY_ABOVE = 10   # more new detractors than this per WINDOW: a burst, summarised
SEND_FIRST = 5       # of a burst, this many are still sent on their own
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


def _unfolded():  # noqa: ANN202
    # Sent on its own or carrying a summary; a row whose summary carrier is gone (its response
    # was deleted) is free again.
    n, carrier = NOTIFICATION.c, NOTIFICATION.alias("carrier")
    return or_(n.summary_id.is_(None), n.summary_id == n.id,
               ~exists().where(carrier.c.id == n.summary_id))


def _fresh(now: datetime):  # noqa: ANN202
    # Due and never tried: a new detractor not yet told in any way.
    n = NOTIFICATION.c
    return and_(_open(), _unfolded(), n.attempts == 0, n.next_attempt_at <= now)


def _sent_since(since: datetime, *, summaries: bool | None = None):  # noqa: ANN202
    # How many rows started a send after since (each message, or its latest try, once):
    # all, only summaries (True) or only single messages (False).
    recent = NOTIFICATION.alias("recent")
    conditions = [recent.c.last_attempt_at > since]
    if summaries is True:
        conditions.append(recent.c.summary_id == recent.c.id)
    elif summaries is False:
        conditions.append(recent.c.summary_id.is_(None))
    return select(func.count()).select_from(recent).where(*conditions).scalar_subquery()


def due(conn: Connection, *, now: datetime, limit: int) -> list:
    """Return up to limit notifications due now, oldest due first, with their response.

    Each row: id, response_id, attempts, created_at, summary_id, team_key, employee, score,
    answered_at (the response columns are None when it was deleted by a writer without
    cascades). Rows covered by another row's summary are not due themselves.
    """
    n, r = NOTIFICATION.c, RESPONSE.c
    query = (select(n.id, n.response_id, n.attempts, n.created_at, n.summary_id, r.team_key,
                    r.employee, r.score, r.answered_at)
             .select_from(NOTIFICATION.outerjoin(RESPONSE, r.id == n.response_id))
             .where(_open(), _unfolded(), n.next_attempt_at <= now)
             .order_by(n.next_attempt_at, n.id).limit(limit))
    return list(conn.execute(query).all())


@dataclass(frozen=True)
class Recent:
    """The outbox over the last WINDOW: what decides between single messages and a summary."""

    fresh: int      # new detractors due now, not yet told in any way
    told: int       # single messages started within the WINDOW
    summaries: int  # summary messages started within the WINDOW


def recent(conn: Connection, *, now: datetime) -> Recent:
    """Return the counts that flood control needs, from one aggregate query."""
    n, since = NOTIFICATION.c, now - WINDOW

    def count(condition) -> object:  # noqa: ANN001
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    sent = n.last_attempt_at > since
    row = conn.execute(select(count(_fresh(now)), count(and_(sent, n.summary_id.is_(None))),
                              count(and_(sent, n.summary_id == n.id)))).one()
    return Recent(*(int(value) for value in row))


def claim(conn: Connection, *, notification_id: int, seen_attempts: int, now: datetime,
          lease: timedelta = LEASE, rate_limit: int | None = None,
          singles_limit: int | None = None) -> bool:
    """Take one due notification for this process: count the attempt, hold it for lease.

    Atomic: of several processes that saw the same attempts count, exactly one wins; a row
    folded into a summary meanwhile is not taken. Nor is it when rate_limit messages, or
    singles_limit single messages, were started within the last WINDOW.
    """
    n = NOTIFICATION.c
    conditions = [n.id == notification_id, n.attempts == seen_attempts, _open(), _unfolded()]
    if rate_limit is not None:
        conditions.append(_sent_since(now - WINDOW) < rate_limit)
    if singles_limit is not None:
        conditions.append(_sent_since(now - WINDOW, summaries=False) < singles_limit)
    statement = (update(NOTIFICATION).where(*conditions)
                 .values(attempts=n.attempts + 1, next_attempt_at=now + lease,
                         last_attempt_at=now,
                         summary_id=case((n.summary_id == n.id, n.id), else_=None)))
    return conn.execute(statement).rowcount == 1


def oldest_fresh(conn: Connection, *, now: datetime) -> int | None:
    """Return the id of the oldest new detractor due now, or None."""
    return conn.execute(select(func.min(NOTIFICATION.c.id)).where(_fresh(now))).scalar()


def claim_summary(conn: Connection, *, carrier_id: int, now: datetime,
                  lease: timedelta = LEASE, rate_limit: int | None = RATE_LIMIT) -> bool:
    """Take a new detractor's row to carry a summary; False when another process took it,
    a summary was started within the last WINDOW, or the rate limit is reached."""
    n = NOTIFICATION.c
    conditions = [n.id == carrier_id, _fresh(now),
                  _sent_since(now - WINDOW, summaries=True) == 0]
    if rate_limit is not None:
        conditions.append(_sent_since(now - WINDOW) < rate_limit)
    statement = (update(NOTIFICATION).where(*conditions)
                 .values(attempts=1, next_attempt_at=now + lease, last_attempt_at=now,
                         summary_id=carrier_id))
    return conn.execute(statement).rowcount == 1


def fold_into_summary(conn: Connection, *, carrier_id: int, now: datetime) -> int:
    """Cover every other new detractor due now by the summary carrier_id; return how many.

    Rows another process claimed or folded meanwhile are left alone (the conditions are
    checked again under the row lock).
    """
    n = NOTIFICATION.c
    statement = (update(NOTIFICATION).where(n.id != carrier_id, _fresh(now))
                 .values(summary_id=carrier_id))
    return conn.execute(statement).rowcount or 0


def forget_corrected_members(conn: Connection, *, carrier_id: int) -> None:
    """Drop rows covered by a summary whose response is no longer a detractor."""
    n, r = NOTIFICATION.c, RESPONSE.c
    corrected = select(r.id).where(r.score > 6)
    conn.execute(delete(NOTIFICATION).where(n.summary_id == carrier_id, n.id != carrier_id,
                                            n.response_id.in_(corrected)))


def summary_counts(conn: Connection, *, carrier_id: int) -> dict[str, int]:
    """Return the detractors a summary covers, counted by team key."""
    n, r = NOTIFICATION.c, RESPONSE.c
    rows = conn.execute(select(r.team_key, func.count())
                        .select_from(NOTIFICATION.join(RESPONSE, r.id == n.response_id))
                        .where(n.summary_id == carrier_id, r.score <= 6)
                        .group_by(r.team_key)).all()
    return {team: int(count) for team, count in rows}


def mark_delivered(conn: Connection, *, notification_id: int, now: datetime) -> None:
    """Record that the receiver accepted the notification (and so every row it covers)."""
    n = NOTIFICATION.c
    conn.execute(update(NOTIFICATION)
                 .where(or_(n.id == notification_id, n.summary_id == notification_id),
                        _open())
                 .values(delivered_at=now))


def give_up_members(conn: Connection, *, carrier_id: int, now: datetime) -> None:
    """Give up the rows covered by a summary that was given up."""
    n = NOTIFICATION.c
    conn.execute(update(NOTIFICATION)
                 .where(n.summary_id == carrier_id, n.id != carrier_id, _open())
                 .values(failed_at=now))


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
    """Drop a queued notification whose response is no longer a detractor (or is gone),
    with the rows its summary covered, if any."""
    n = NOTIFICATION.c
    conn.execute(delete(NOTIFICATION).where(
        or_(n.id == notification_id, n.summary_id == notification_id)))


def delivery_status(conn: Connection, now: datetime, *, enabled: bool = True) -> dict:
    """Return the outbox in numbers, JSON-ready, from one aggregate query.

    pending: not yet delivered nor given up (includes retrying); retrying: pending and
    failed at least once; failed: given up. delivered includes summarised: detractors told
    only in a summary message (summaries: how many such messages were delivered).
    last_error is the newest error of any row.
    """
    n = NOTIFICATION.c
    open_ = _open()

    def count(condition) -> object:  # noqa: ANN001
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    oldest = type_coerce(func.min(case((open_, n.created_at), else_=None)), UTCDateTime())
    row = conn.execute(select(
        count(open_), count(n.delivered_at.is_not(None)),
        count(and_(open_, n.last_error.is_not(None))), count(n.failed_at.is_not(None)),
        count(and_(n.delivered_at.is_not(None), n.summary_id.is_not(None))),
        count(and_(n.delivered_at.is_not(None), n.summary_id == n.id)),
        func.max(n.last_error), oldest)).one()
    (pending, delivered, retrying, failed, summarised, summaries, last_error,
     oldest_at) = row
    error_at, error = None, last_error
    if last_error:
        stamp, _, error = last_error.partition(" ")
        try:
            error_at = datetime.strptime(stamp, _ERROR_TIME).replace(tzinfo=UTC).isoformat()
        except ValueError:  # written by something else: show it whole
            error_at, error = None, last_error
    return {
        "enabled": enabled, "pending": int(pending), "delivered": int(delivered),
        "retrying": int(retrying), "failed": int(failed), "summarised": int(summarised),
        "summaries": int(summaries), "last_error": error,
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
                 timeout: float = TIMEOUT_SECONDS, rate_limit: int = RATE_LIMIT) -> None:
        self.config, self.engine, self.public_url = config, engine, public_url.rstrip("/")
        self.clock, self.backoff_base = clock, backoff_base
        self.give_up_after, self.timeout, self.rate_limit = give_up_after, timeout, rate_limit

    def deliver_due(self) -> int:
        """Send due notifications (up to BATCH, within the rate limit) and, in a burst, one
        summary for the rest; return how many detractors were told.

        Never raises: a store that cannot be read is logged and tried again next run.
        """
        try:
            now = self.clock()
            with self.engine.connect() as conn:
                rows = due(conn, now=now, limit=BATCH)
                window = recent(conn, now=now)
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
            told = sum(self._deliver(row, singles_limit=limit if row.attempts == 0 else None)
                       for row in chosen)
            return told + (self._summarise() if burst else 0)
        except Exception as exc:  # the store is down: the rows wait in it
            log.warning("notifications: cannot read the outbox: %s", exc)
            return 0

    def _team_name(self, key: str) -> str:
        team = self.config.team(key)
        return team.name if team else key

    def _deliver(self, row, *, singles_limit: int | None = None) -> int:  # noqa: ANN001
        with self.engine.begin() as conn:
            if not claim(conn, notification_id=row.id, seen_attempts=row.attempts,
                         now=self.clock(), rate_limit=self.rate_limit,
                         singles_limit=singles_limit):
                return 0  # another process took it, or the channel had enough this minute
            summary = row.summary_id == row.id
            if not summary and (row.score is None or row.score > 6):
                forget(conn, notification_id=row.id)
                log.info("notification %d dropped: response %d is no longer a detractor",
                         row.id, row.response_id)
                return 0
        if summary:  # a summary's retry
            return self._send_summary(row.id, row.attempts + 1, row.created_at)
        detractor = Detractor(row.response_id, self._team_name(row.team_key), row.employee,
                              row.score, row.answered_at)
        body = message(detractor, lang=self.config.wall.language,
                       tz=self.config.wall.timezone, public_url=self.public_url)
        what = f"notification of response {row.response_id} (team {row.team_key})"
        return self._post(row.id, body, row.attempts + 1, row.created_at, what, covers=1)

    def _summarise(self) -> int:
        """Fold the new detractors still due into one summary message and send it."""
        now = self.clock()
        with self.engine.begin() as conn:
            carrier = oldest_fresh(conn, now=now)
            if carrier is None or not claim_summary(conn, carrier_id=carrier, now=now,
                                                    rate_limit=self.rate_limit):
                return 0  # nothing left, another process summarises, or not yet again
            fold_into_summary(conn, carrier_id=carrier, now=now)
            created_at = conn.execute(select(NOTIFICATION.c.created_at)
                                      .where(NOTIFICATION.c.id == carrier)).scalar_one()
        return self._send_summary(carrier, 1, created_at)

    def _send_summary(self, carrier: int, attempt: int, created_at: datetime) -> int:
        with self.engine.begin() as conn:
            forget_corrected_members(conn, carrier_id=carrier)
            counts = summary_counts(conn, carrier_id=carrier)
            if not counts:
                forget(conn, notification_id=carrier)
                log.info("summary %d dropped: none of its responses is a detractor now",
                         carrier)
                return 0
        teams = sorted(((self._team_name(key), n) for key, n in counts.items()),
                       key=lambda team: (-team[1], team[0]))
        body = summary_message(teams, lang=self.config.wall.language,
                               public_url=self.public_url)
        covers = sum(counts.values())
        what = f"summary {carrier} of {covers} detractors ({', '.join(sorted(counts))})"
        return self._post(carrier, body, attempt, created_at, what, covers=covers)

    def _post(self, notification_id: int, body: dict, attempt: int, created_at: datetime,
              what: str, *, covers: int) -> int:
        outcome = post_json(self.config.followup.notify_url, body, timeout=self.timeout)
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
            wait = max(wait, timedelta(seconds=min(outcome.retry_after, 3600)))
        retry_at = self.clock() + wait
        return None if retry_at > created_at + self.give_up_after else retry_at
