"""Everything the store holds about one customer, as JSON-ready data (an access request)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.engine import Connection

from wallboard.store.tables import FOLLOWUP, FOLLOWUP_HISTORY, NOTIFICATION, RESPONSE


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, datetime) else value


def _rows(conn: Connection, query) -> list[dict]:  # noqa: ANN001
    return [{k: _plain(v) for k, v in row._asdict().items()} for row in conn.execute(query)]


def _payloads(raw: str | None) -> object:
    if raw is None:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def person_data(conn: Connection, ids: Sequence[int]) -> dict:
    """Return the responses, follow-ups (with their history) and notifications of ids."""
    ids = list(ids)
    r, f, h, n = RESPONSE.c, FOLLOWUP.c, FOLLOWUP_HISTORY.c, NOTIFICATION.c
    responses = _rows(conn, select(
        r.id, r.source, r.external_id, r.score, r.comment, r.team_key, r.employee,
        r.customer_name, r.answered_at, r.received_at, r.raw).where(r.id.in_(ids))
        .order_by(r.answered_at, r.id))
    for row in responses:
        row["raw"] = _payloads(row["raw"])
    followups = _rows(conn, select(
        f.response_id, f.owner, f.status, f.note, f.created_at, f.contacted_at,
        f.resolved_at, f.updated_at, f.updated_by).where(f.response_id.in_(ids))
        .order_by(f.response_id))
    history = _rows(conn, select(h.response_id, h.changed_at, h.changed_by, h.change)
                    .where(h.response_id.in_(ids)).order_by(h.response_id, h.id))
    for followup in followups:
        followup["history"] = [{k: v for k, v in line.items() if k != "response_id"}
                               for line in history
                               if line["response_id"] == followup["response_id"]]
    notifications = _rows(conn, select(
        n.response_id, n.created_at, n.attempts, n.delivered_at, n.failed_at, n.last_error,
        n.summary_id).where(n.response_id.in_(ids)).order_by(n.response_id))
    return {"responses": responses, "followups": followups, "notifications": notifications}
