"""The wall's reads: its window of responses, the change log, comments and promoters."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pandas as pd
from sqlalchemy import and_, case, func, select
from sqlalchemy.engine import Connection

from wallboard.core.running import RunningCounts
from wallboard.store.frames import compact_columns, no_gc, raw_time, to_frame
from wallboard.store.tables import CHANGE, FOLLOWUP, RESPONSE, SETTING, FollowUpStatus

FRAME_COLUMNS = ["id", "team", "employee", "score", "answered_at"]
DETAIL_COLUMNS = [*FRAME_COLUMNS, "comment", "customer_name", "received_at"]


def _detail_select(conn: Connection):  # noqa: ANN202
    t = RESPONSE.c
    return select(t.id, t.team_key, t.employee, t.score, raw_time(conn, t.answered_at),
                  t.comment, t.customer_name, raw_time(conn, t.received_at))


def max_change_seq(conn: Connection) -> int:
    """Return the newest change-log sequence number (0 for an empty store)."""
    return conn.execute(select(func.coalesce(func.max(CHANGE.c.seq), 0))).scalar_one()


def load_responses(conn: Connection, *, since: datetime) -> pd.DataFrame:
    """Return id, team, employee, score and answered_at of responses answered after since."""
    t = RESPONSE.c
    query = (select(t.id, t.team_key, t.employee, t.score, raw_time(conn, t.answered_at))
             .where(t.answered_at > since))
    return to_frame(conn.execute(query).all(), FRAME_COLUMNS)


STORE_ID = "store_id"  # the app_setting row naming this store (migration 0006)


@dataclass(frozen=True)
class ChangeMarks:
    """Where the change log stands, for a poller to tell whether it goes on from its seq."""

    newest: int                 # the newest change number (0: none)
    response_id: int | None     # the response logged at the poller's seq (None: not there)
    store_id: str | None        # the store's identity (None: not written)


def change_marks(conn: Connection, *, seq: int) -> ChangeMarks:
    """Return the newest change number, the response logged at seq and the store's id.

    A poller compares them with what it read before: a newest number lower than its own,
    another response at its own number, or another store id means the store was restored
    from a backup, replaced, or its change log pruned past this process. One statement of
    three index lookups.
    """
    c = CHANGE.c
    newest = select(func.coalesce(func.max(c.seq), 0)).scalar_subquery()
    at_seq = select(c.response_id).where(c.seq == seq).scalar_subquery()
    store_id = select(SETTING.c.value).where(SETTING.c.key == STORE_ID).scalar_subquery()
    high, response_id, identity = conn.execute(select(newest, at_seq, store_id)).one()
    return ChangeMarks(int(high), response_id, identity)


def load_counts(conn: Connection, *, since: datetime, chunk: int = 50_000) -> RunningCounts:
    """Return running counts of the responses answered after since, read chunk by chunk.

    Only id, team, score and time are read, and each chunk becomes compact columns at once,
    so the peak memory of a million-row window stays a few tens of megabytes above the rest.
    """
    t = RESPONSE.c
    query = select(t.id, t.team_key, t.score, raw_time(conn, t.answered_at)).where(
        t.answered_at > since)
    parts: list[tuple] = []
    keys: dict[str, int] = {}
    result = conn.execute(query)
    cursor = result.cursor  # plain DBAPI tuples: no Row object per row
    try:
        with no_gc():
            while rows := cursor.fetchmany(chunk):
                ids, teams, codes, scores, times = compact_columns(rows)
                mapping = np.array([keys.setdefault(k, len(keys)) for k in teams],
                                   dtype=np.int32)
                parts.append((ids, mapping[codes], scores, times))
    finally:
        result.close()
    if not parts:
        return RunningCounts()
    ids, codes, scores, times = (np.concatenate(column) for column in zip(*parts, strict=True))
    return RunningCounts.from_columns(ids, list(keys), codes, scores, times)


def changes_after(conn: Connection, *, seq: int, also: Iterable[tuple[int, int]] = (),
                  limit: int = 20_000) -> list[tuple]:
    """Return (seq, response_id, old_score, new_score) logged after seq, plus those in the
    closed ranges of also (gaps that may still commit; a few ranges, never a long list).

    At most limit rows, oldest first: a caller that gets limit rows should reload instead.
    """
    c = CHANGE.c
    condition = c.seq > seq
    for low, high in also:
        condition = condition | c.seq.between(low, high)
    query = (select(c.seq, c.response_id, c.old_score, c.new_score)
             .where(condition).order_by(c.seq).limit(limit))
    return [tuple(row) for row in conn.execute(query).all()]


def responses_by_id(conn: Connection, ids: Iterable[int]) -> pd.DataFrame:
    """Return the full rows of the given response ids that still exist."""
    t = RESPONSE.c
    ids = sorted(ids)
    rows: list = []
    # In slices: SQLite allows at most 32,766 bound parameters in one statement.
    for start in range(0, len(ids), 5000):
        query = _detail_select(conn).where(t.id.in_(ids[start:start + 5000]))
        rows += conn.execute(query).all()
    return to_frame(rows, DETAIL_COLUMNS)


def recent_comments(conn: Connection, *, team: str, scores: tuple[int, int], since: datetime,
                    limit: int) -> pd.DataFrame:
    """Return a team's newest commented responses with score in the closed range scores."""
    return to_frame(_recent_comment_rows(conn, team, scores, since, limit), DETAIL_COLUMNS)


def _recent_comment_rows(conn: Connection, team: str, scores: tuple[int, int],
                         since: datetime, limit: int) -> list:
    t = RESPONSE.c
    query = (_detail_select(conn)
             .where(t.team_key == team, t.answered_at > since,
                    t.score.between(*scores), t.comment != "")
             .order_by(t.answered_at.desc()).limit(limit))
    return conn.execute(query).all()


def teams_recent_comments(conn: Connection, *, teams: Iterable[str], since: datetime,
                          limit: int) -> pd.DataFrame:
    """Return each team's newest commented promoters and detractors (limit of each), in one
    frame: one small indexed query per team and class, one frame for them all."""
    rows = [row for team in teams for scores in ((9, 10), (0, 6))
            for row in _recent_comment_rows(conn, team, scores, since, limit)]
    return to_frame(rows, DETAIL_COLUMNS)


def recent_promoters(conn: Connection, *, received_after: datetime) -> pd.DataFrame:
    """Return promoters received after a moment, oldest first."""
    t = RESPONSE.c
    query = (_detail_select(conn)
             .where(t.received_at > received_after, t.score >= 9).order_by(t.received_at))
    return to_frame(conn.execute(query).all(), DETAIL_COLUMNS)


def followup_counts(conn: Connection, *, overdue_before: datetime,
                    since: datetime) -> dict[str, tuple[int, int]]:
    """Return per team the detractors answered after since that are not resolved and, of
    those, the ones nobody contacted that were answered before overdue_before.

    A detractor nobody has touched yet (no follow-up row) counts as open.
    """
    t, f = RESPONSE.c, FOLLOWUP.c
    is_open = f.status.is_(None) | (f.status == FollowUpStatus.OPEN.value)
    unresolved = case((f.status.is_(None) | (f.status != FollowUpStatus.RESOLVED.value), 1),
                      else_=0)
    overdue = case((and_(is_open, f.contacted_at.is_(None), t.answered_at < overdue_before), 1),
                   else_=0)
    query = (select(t.team_key, func.sum(unresolved), func.sum(overdue))
             .select_from(RESPONSE.outerjoin(FOLLOWUP, f.response_id == t.id))
             .where(t.score <= 6, t.answered_at > since)
             .group_by(t.team_key))
    return {team: (int(a or 0), int(b or 0)) for team, a, b in conn.execute(query)}


def followup_marks(conn: Connection, *, since: datetime,
                   overdue_before: datetime) -> list[tuple[str, bool, bool]]:
    """Return (team, resolved, excused) of each detractor answered after since that has a
    follow-up row; excused: answered before overdue_before but contacted or no longer open.

    With running counts of detractors this gives `followup_counts` while reading only the
    follow-ups and their responses by id, not every detractor of the window.
    """
    t, f = RESPONSE.c, FOLLOWUP.c
    follow = {rid: (status, contacted) for rid, status, contacted
              in conn.execute(select(f.response_id, f.status, f.contacted_at))}
    ids, marks = sorted(follow), []
    for start in range(0, len(ids), 5000):  # SQLite's limit of bound parameters
        query = select(t.id, t.team_key, t.answered_at).where(
            t.id.in_(ids[start:start + 5000]), t.score <= 6)
        for rid, team, answered in conn.execute(query):
            if answered > since:
                status, contacted = follow[rid]
                waiting = status == FollowUpStatus.OPEN and contacted is None
                marks.append((team, status == FollowUpStatus.RESOLVED,
                              answered < overdue_before and not waiting))
    return marks


def latest_change_seqs(conn: Connection, ids: Iterable[int]) -> dict[int, int]:
    """Return, for each response id, the sequence number of its newest logged change."""
    c = CHANGE.c
    query = (select(c.response_id, func.max(c.seq)).where(c.response_id.in_(list(ids)))
             .group_by(c.response_id))
    return dict(conn.execute(query).all())


def team_keys(conn: Connection) -> list[str]:
    """Return every team key that has responses, sorted."""
    query = select(RESPONSE.c.team_key).distinct().order_by(RESPONSE.c.team_key)
    return list(conn.execute(query).scalars())


def latest_promoters(conn: Connection, *, since: datetime, limit: int) -> list[dict]:
    """Return the newest promoters answered after since, newest first, as plain dicts."""
    t = RESPONSE.c
    query = (select(t.id, t.source, t.external_id, t.score, t.team_key, t.employee, t.comment,
                    t.answered_at)
             .where(t.answered_at > since, t.score >= 9)
             .order_by(t.answered_at.desc(), t.id.desc()).limit(limit))
    return [row._asdict() for row in conn.execute(query)]
