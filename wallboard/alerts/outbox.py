"""The outbox of detractor notifications in the store: one statement a function.

A row per new detractor: claimed by one process at a time, retried with backoff until
delivered or given up. In a burst one row carries a summary message for several
(summary_id: the carrying row's id, on the carrier itself too).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import (
    and_,
    case,
    delete,
    exists,
    func,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from wallboard.alerts.channels import Channel, in_channel
from wallboard.store import FOLLOWUP, NOTIFICATION, RESPONSE, UTCDateTime

# Only detractors answered this recently are told: importing last month's export must not
# flood the channel.
NOTIFY_ANSWERED_WITHIN = timedelta(days=2)
# A claimed row is someone's for this long; a process that died mid-send frees it again.
LEASE = timedelta(seconds=60)
# Flood control, over a rolling WINDOW shared by every process on the store:
WINDOW = timedelta(seconds=60)
RATE_LIMIT = 20      # messages (first tries, retries, summaries) per WINDOW at most
ERROR_TIME = "%Y-%m-%dT%H:%M:%SZ"  # last_error starts with this: max() is the newest
# Delivered and given-up rows are kept this long (for /healthz and audit), then deleted.
DONE_KEPT = timedelta(days=30)
_IDS_PER_STATEMENT = 5000


def count_where(condition):  # noqa: ANN001, ANN201
    """Aggregate: how many rows meet condition (0 for none)."""
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _insert_ignoring_duplicates(conn: Connection):  # noqa: ANN202
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    return dialect.insert(NOTIFICATION)


def enqueue(conn: Connection, *, now: datetime, ids: Iterable[int] = (),
            received_after: datetime | None = None, told: Channel | None = None) -> int:
    """Queue the given responses, and those received after received_after, that are
    detractors now and were answered within NOTIFY_ANSWERED_WITHIN; return how many are new.

    Idempotent: a response already queued (by this or any other process) is skipped.
    told (None: every team) limits it to the teams some channel hears.
    """
    r = RESPONSE.c
    recent = [r.score <= 6, r.answered_at > now - NOTIFY_ANSWERED_WITHIN,
              in_channel(r.id, told)]
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


def is_open():  # noqa: ANN201
    """Condition: neither delivered nor given up."""
    n = NOTIFICATION.c
    return and_(n.delivered_at.is_(None), n.failed_at.is_(None))


def _unfolded():  # noqa: ANN202
    # Sent on its own or carrying a summary; a row whose summary carrier is gone (its response
    # was deleted) is free again.
    n, carrier = NOTIFICATION.c, NOTIFICATION.alias("carrier")
    return or_(n.summary_id.is_(None), n.summary_id == n.id,
               ~exists().where(carrier.c.id == n.summary_id))


def _fresh(now: datetime, channel: Channel | None = None):  # noqa: ANN202
    # Due and never tried: a new detractor (of the channel's teams) not yet told in any way.
    n = NOTIFICATION.c
    return and_(is_open(), _unfolded(), n.attempts == 0, n.next_attempt_at <= now,
                in_channel(n.response_id, channel))


def _sent_since(since: datetime, *, summaries: bool | None = None,
                channel: Channel | None = None):  # noqa: ANN202
    # How many rows of the channel started a send after since (each message, or its latest
    # try, once): all, only summaries (True) or only single messages (False).
    recent = NOTIFICATION.alias("recent")
    conditions = [recent.c.last_attempt_at > since, in_channel(recent.c.response_id, channel)]
    if summaries is True:
        conditions.append(recent.c.summary_id == recent.c.id)
    elif summaries is False:
        conditions.append(recent.c.summary_id.is_(None))
    return select(func.count()).select_from(recent).where(*conditions).scalar_subquery()


def due(conn: Connection, *, now: datetime, limit: int,
        channel: Channel | None = None) -> list:
    """Return up to limit notifications of the channel due now, oldest due first, with
    their response and its follow-up's owner.

    Each row: id, response_id, attempts, created_at, summary_id, team_key, employee, score,
    answered_at, owner (the response columns are None when it was deleted by a writer
    without cascades). Rows covered by another row's summary are not due themselves.
    """
    n, r, f = NOTIFICATION.c, RESPONSE.c, FOLLOWUP.c
    query = (select(n.id, n.response_id, n.attempts, n.created_at, n.summary_id, r.team_key,
                    r.employee, r.score, r.answered_at, f.owner)
             .select_from(NOTIFICATION.outerjoin(RESPONSE, r.id == n.response_id)
                          .outerjoin(FOLLOWUP, f.response_id == n.response_id))
             .where(is_open(), _unfolded(), n.next_attempt_at <= now,
                    in_channel(n.response_id, channel))
             .order_by(n.next_attempt_at, n.id).limit(limit))
    return list(conn.execute(query).all())


@dataclass(frozen=True)
class Recent:
    """The outbox over the last WINDOW: what decides between single messages and a summary."""

    fresh: int      # new detractors due now, not yet told in any way
    told: int       # single messages started within the WINDOW
    summaries: int  # summary messages started within the WINDOW


def recent(conn: Connection, *, now: datetime, channel: Channel | None = None) -> Recent:
    """Return the counts that flood control needs in the channel, from one aggregate query."""
    n, since = NOTIFICATION.c, now - WINDOW
    count = count_where
    sent = and_(n.last_attempt_at > since, in_channel(n.response_id, channel))
    row = conn.execute(select(count(_fresh(now, channel)),
                              count(and_(sent, n.summary_id.is_(None))),
                              count(and_(sent, n.summary_id == n.id)))).one()
    return Recent(*(int(value) for value in row))


def claim(conn: Connection, *, notification_id: int, seen_attempts: int, now: datetime,
          lease: timedelta = LEASE, rate_limit: int | None = None,
          singles_limit: int | None = None, channel: Channel | None = None) -> bool:
    """Take one due notification for this process: count the attempt, hold it for lease.

    Atomic: of several processes that saw the same attempts count, exactly one wins; a row
    folded into a summary meanwhile is not taken. Nor is it when rate_limit messages, or
    singles_limit single messages, were started in the channel within the last WINDOW.
    """
    n = NOTIFICATION.c
    conditions = [n.id == notification_id, n.attempts == seen_attempts, is_open(), _unfolded()]
    if rate_limit is not None:
        conditions.append(_sent_since(now - WINDOW, channel=channel) < rate_limit)
    if singles_limit is not None:
        conditions.append(_sent_since(now - WINDOW, summaries=False, channel=channel)
                          < singles_limit)
    statement = (update(NOTIFICATION).where(*conditions)
                 .values(attempts=n.attempts + 1, next_attempt_at=now + lease,
                         last_attempt_at=now,
                         summary_id=case((n.summary_id == n.id, n.id), else_=None)))
    return conn.execute(statement).rowcount == 1


def oldest_fresh(conn: Connection, *, now: datetime,
                 channel: Channel | None = None) -> int | None:
    """Return the id of the channel's oldest new detractor due now, or None."""
    return conn.execute(select(func.min(NOTIFICATION.c.id))
                        .where(_fresh(now, channel))).scalar()


def claim_summary(conn: Connection, *, carrier_id: int, now: datetime,
                  lease: timedelta = LEASE, rate_limit: int | None = RATE_LIMIT,
                  channel: Channel | None = None) -> bool:
    """Take a new detractor's row to carry a summary; False when another process took it,
    a summary was started in the channel within the last WINDOW, or its rate limit is
    reached."""
    n = NOTIFICATION.c
    conditions = [n.id == carrier_id, _fresh(now, channel),
                  _sent_since(now - WINDOW, summaries=True, channel=channel) == 0]
    if rate_limit is not None:
        conditions.append(_sent_since(now - WINDOW, channel=channel) < rate_limit)
    statement = (update(NOTIFICATION).where(*conditions)
                 .values(attempts=1, next_attempt_at=now + lease, last_attempt_at=now,
                         summary_id=carrier_id))
    return conn.execute(statement).rowcount == 1


def fold_into_summary(conn: Connection, *, carrier_id: int, now: datetime,
                      channel: Channel | None = None) -> int:
    """Cover every other new detractor of the channel due now by the summary carrier_id;
    return how many.

    Rows another process claimed or folded meanwhile are left alone (the conditions are
    checked again under the row lock).
    """
    n = NOTIFICATION.c
    statement = (update(NOTIFICATION).where(n.id != carrier_id, _fresh(now, channel))
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
                        is_open())
                 .values(delivered_at=now))


def give_up_members(conn: Connection, *, carrier_id: int, now: datetime) -> None:
    """Give up the rows covered by a summary that was given up."""
    n = NOTIFICATION.c
    conn.execute(update(NOTIFICATION)
                 .where(n.summary_id == carrier_id, n.id != carrier_id, is_open())
                 .values(failed_at=now))


def mark_failed_attempt(conn: Connection, *, notification_id: int, error: str,
                        retry_at: datetime | None, now: datetime) -> None:
    """Record a failed attempt: retry at retry_at, or give up (failed_at) when it is None."""
    values: dict = {"last_error": f"{now.astimezone(UTC):{ERROR_TIME}} {error}"[:1000]}
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


def prune_done(conn: Connection, *, before: datetime) -> int:
    """Delete rows delivered or given up before `before` (a summary's rows are closed at
    the same moment as it, so they go together); return how many."""
    n = NOTIFICATION.c
    statement = delete(NOTIFICATION).where(or_(n.delivered_at < before, n.failed_at < before))
    return conn.execute(statement).rowcount or 0
