"""The outbox in numbers, for /healthz: pending, retrying, delivered, failed, last error."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import and_, case, func, select, type_coerce
from sqlalchemy.engine import Connection

from wallboard.alerts.outbox import ERROR_TIME, count_where, is_open
from wallboard.store import NOTIFICATION, UTCDateTime


def delivery_status(conn: Connection, now: datetime, *, enabled: bool = True) -> dict:
    """Return the outbox in numbers, JSON-ready, from one aggregate query.

    pending: not yet delivered nor given up (includes retrying); retrying: pending and
    failed at least once; failed: given up. delivered includes summarised: detractors told
    only in a summary message (summaries: how many such messages were delivered).
    last_error is the newest error of any row.
    """
    n = NOTIFICATION.c
    open_ = is_open()
    count = count_where
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
            error_at = datetime.strptime(stamp, ERROR_TIME).replace(tzinfo=UTC).isoformat()
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
