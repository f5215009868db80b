"""Close the loop: the queue of detractors to follow up, and changes to their follow-ups."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final

import pandas as pd
from sqlalchemy import Engine, and_, insert, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Connection

from wallboard.store import FOLLOWUP, RESPONSE, FollowUpHistory, FollowUpStatus

HISTORY = FollowUpHistory.__table__
DETRACTOR_MAX: Final = 6
CARRY_OVER_DAYS: Final = 365
DEFAULT_SLA_HOURS: Final = 48.0
OWNER_MAX: Final = 128
NOTE_MAX: Final = 2000
BY_MAX: Final = 128
STATUSES: Final = tuple(s.value for s in FollowUpStatus)
_ORDER = {"overdue": 0, FollowUpStatus.OPEN.value: 1, FollowUpStatus.CONTACTED.value: 2,
          FollowUpStatus.RESOLVED.value: 3}


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = _Unset()


class FollowUpError(ValueError):
    """A follow-up change that cannot be made; field names what was wrong."""

    def __init__(self, message: str, field: str = "response_id") -> None:
        super().__init__(message)
        self.field = field


class UnknownResponseError(FollowUpError):
    """No response has this id."""


class FollowUpConflict(FollowUpError):
    """Someone saved the follow-up after the version the change was made on; current is the
    follow-up as it is now. Nothing was written."""

    def __init__(self, current: FollowUpItem, version: int) -> None:
        super().__init__(f"the follow-up of response {current.response_id} was changed by "
                         f"{current.updated_by or 'someone'} after version {version}; it is "
                         f"at version {current.version} now: nothing was saved", "version")
        self.current = current


@dataclass(frozen=True)
class FollowUpItem:
    """One detractor in the follow-up queue, with its follow-up (status open if untouched)."""

    response_id: int
    team: str
    employee: str | None
    score: int
    comment: str
    customer_name: str | None
    answered_at: datetime
    owner: str | None
    status: str
    note: str
    contacted_at: datetime | None
    resolved_at: datetime | None
    updated_at: datetime | None
    updated_by: str | None
    version: int  # one more at each saved change; 0 while untouched
    deadline: datetime
    overdue: bool
    age_hours: float

    def as_json(self) -> dict[str, Any]:
        """Return the item as JSON-ready values (times in ISO 8601, UTC)."""
        return {name: value.isoformat() if isinstance(value, datetime) else value
                for name, value in self.__dict__.items()}


def is_overdue(*, status: str, contacted_at: datetime | None, answered_at: datetime,
               now: datetime, sla_hours: float) -> bool:
    """Tell whether nobody contacted the customer and the SLA since answered_at has passed."""
    return (status == FollowUpStatus.OPEN.value and contacted_at is None
            and now - answered_at > timedelta(hours=sla_hours))


def _select(conn: Connection):  # noqa: ANN202
    t, f = RESPONSE.c, FOLLOWUP.c
    return (select(t.id, t.team_key, t.employee, t.score, t.comment, t.customer_name,
                   t.answered_at, f.owner, f.status, f.note, f.contacted_at, f.resolved_at,
                   f.updated_at, f.updated_by, f.version)
            .select_from(RESPONSE.outerjoin(FOLLOWUP, f.response_id == t.id)))


def _item(row: Sequence, *, now: datetime, sla_hours: float) -> FollowUpItem:
    (rid, team, employee, score, comment, customer, answered, owner, status, note,
     contacted, resolved, updated_at, updated_by, version) = row
    status = FollowUpStatus(status).value if status is not None else FollowUpStatus.OPEN.value
    return FollowUpItem(
        response_id=rid, team=team, employee=employee, score=score, comment=comment or "",
        customer_name=customer, answered_at=answered, owner=owner, status=status,
        note=note or "", contacted_at=contacted, resolved_at=resolved, updated_at=updated_at,
        updated_by=updated_by, version=version or 0, deadline=answered + timedelta(hours=sla_hours),
        overdue=is_overdue(status=status, contacted_at=contacted, answered_at=answered,
                           now=now, sla_hours=sla_hours),
        age_hours=(now - answered).total_seconds() / 3600)


def _queue_key(item: FollowUpItem) -> tuple:
    return (_ORDER["overdue" if item.overdue else item.status], item.deadline, item.response_id)


def followup_queue(conn: Connection, *, teams: Sequence[str] | None, since: datetime,
                   until: datetime, now: datetime, sla_hours: float,
                   carry_over: bool = True) -> list[FollowUpItem]:
    """Return every detractor answered in [since, until), plus (carry_over) older ones of the
    last 365 days not yet resolved: overdue first, then open and contacted by deadline,
    resolved last."""
    t, f = RESPONSE.c, FOLLOWUP.c
    in_period = and_(t.answered_at >= since, t.answered_at < until)
    if carry_over:
        unresolved = or_(f.status.is_(None), f.status != FollowUpStatus.RESOLVED.value)
        older = and_(t.answered_at < since,
                     t.answered_at >= now - timedelta(days=CARRY_OVER_DAYS), unresolved)
        in_period = or_(in_period, older)
    query = _select(conn).where(t.score <= DETRACTOR_MAX, in_period)
    if teams is not None:
        query = query.where(t.team_key.in_(list(teams)))
    items = [_item(row, now=now, sla_hours=sla_hours) for row in conn.execute(query)]
    return sorted(items, key=_queue_key)


def followups_in_chunks(conn: Connection, *, teams: Sequence[str] | None, since: datetime,
                        until: datetime, now: datetime, sla_hours: float,
                        size: int) -> Iterator[list[FollowUpItem]]:
    """Yield the detractors answered in [since, until) with their follow-ups, oldest answer
    first, at most size at a time, read from the store as they are written out (exports)."""
    t = RESPONSE.c
    query = (_select(conn).where(t.score <= DETRACTOR_MAX, t.answered_at >= since,
                                 t.answered_at < until).order_by(t.answered_at, t.id))
    if teams is not None:
        query = query.where(t.team_key.in_(list(teams)))
    result = conn.execution_options(stream_results=True, yield_per=size).execute(query)
    with result:
        for rows in result.partitions(size):
            yield [_item(row, now=now, sla_hours=sla_hours) for row in rows]


def get_followup(conn: Connection, response_id: int, *, now: datetime,
                 sla_hours: float = DEFAULT_SLA_HOURS) -> FollowUpItem:
    """Return the follow-up of one detractor; raise FollowUpError for other responses."""
    row = conn.execute(_select(conn).where(RESPONSE.c.id == response_id)).first()
    _check_detractor(response_id, None if row is None else row[3])
    return _item(row, now=now, sla_hours=sla_hours)


def _check_detractor(response_id: int, score: int | None) -> None:
    if score is None:
        raise UnknownResponseError(f"no response has id {response_id}")
    if score > DETRACTOR_MAX:
        raise FollowUpError(f"response {response_id} has score {score}: only detractors "
                            f"(0-{DETRACTOR_MAX}) are followed up")


def _clean_text(value: Any, field: str, limit: int, *, empty_none: bool) -> str | None:
    if value is None and empty_none:
        return None
    if not isinstance(value, str):
        raise FollowUpError(f"{field} must be text", field)
    value = value.strip()
    if len(value) > limit:
        raise FollowUpError(f"{field} is {len(value)} characters long; at most {limit} "
                            "are allowed", field)
    return (value or None) if empty_none else value


def _clean_changes(owner: Any, status: Any, note: Any) -> dict[str, Any]:
    wanted: dict[str, Any] = {}
    if owner is not UNSET:
        wanted["owner"] = _clean_text(owner, "owner", OWNER_MAX, empty_none=True)
    if status is not UNSET:
        value = status.strip().lower() if isinstance(status, str) else status
        if value not in STATUSES:
            raise FollowUpError(f"unknown status {status!r}; use one of {', '.join(STATUSES)}",
                                "status")
        wanted["status"] = value
    if note is not UNSET:
        wanted["note"] = _clean_text(note, "note", NOTE_MAX, empty_none=False)
    return wanted


def _history_line(field: str, old: Any, new: Any) -> str:
    if field == "note":
        return "note: changed"  # notes can be long and personal: the change is enough
    return f"{field}: {old or '-'} -> {new or '-'}"


def _ensure_row(conn: Connection, response_id: int, now: datetime) -> None:
    # Two people saving the same untouched detractor at once: one insert wins, the other
    # waits for it and does nothing (unique response_id), then both update the one row.
    dialect_insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    conn.execute(dialect_insert(FOLLOWUP)
                 .values(response_id=response_id, status=FollowUpStatus.OPEN.value,
                         created_at=now, note="")
                 .on_conflict_do_nothing(index_elements=["response_id"]))


def _check_version(version: Any) -> int | None:
    if version is None:
        return None
    if isinstance(version, bool) or not isinstance(version, int) or not 0 <= version < 2**62:
        raise FollowUpError("version must be the whole number the follow-up was read with",
                            "version")
    return version


def update_followup(engine: Engine, response_id: int, *, by: str, now: datetime,
                    owner: Any = UNSET, status: Any = UNSET, note: Any = UNSET,
                    sla_hours: float = DEFAULT_SLA_HOURS,
                    version: Any = None) -> FollowUpItem:
    """Change owner, status and/or note of a detractor's follow-up; return it afterwards.

    Creates the follow-up row on first touch; safe when several people save at once. Each
    changed field is one history line; nothing changed, nothing written. With version (the
    one the change was made on), a follow-up saved by someone else since raises
    FollowUpConflict and writes nothing; without it, the last save wins.
    """
    expected = _check_version(version)
    wanted = _clean_changes(owner, status, note)
    by = _clean_text(by, "by", BY_MAX, empty_none=True) or ""
    if not by:
        raise FollowUpError("by must name who makes the change", "by")
    f = FOLLOWUP.c
    with engine.begin() as conn:
        score = conn.execute(select(RESPONSE.c.score)
                             .where(RESPONSE.c.id == response_id)).scalar_one_or_none()
        _check_detractor(response_id, score)
        current = get_followup(conn, response_id, now=now, sla_hours=sla_hours)
        changes = {k: v for k, v in wanted.items() if getattr(current, k) != v}
        if not changes:
            return current
        if expected is not None and current.version != expected:
            raise FollowUpConflict(current, expected)
        _ensure_row(conn, response_id, now)
        locked = conn.execute(select(f.owner, f.status, f.note, f.contacted_at, f.version)
                              .where(f.response_id == response_id).with_for_update()).one()
        if expected is not None and locked.version != expected:  # saved in between
            raise FollowUpConflict(get_followup(conn, response_id, now=now,
                                                sla_hours=sla_hours), expected)
        old = {"owner": locked.owner, "status": FollowUpStatus(locked.status).value,
               "note": locked.note or ""}
        changes = {k: v for k, v in wanted.items() if old[k] != v}
        if not changes:
            return get_followup(conn, response_id, now=now, sla_hours=sla_hours)
        values: dict[str, Any] = {**changes, "updated_at": now, "updated_by": by,
                                  "version": locked.version + 1}
        new_status = changes.get("status")
        if new_status == FollowUpStatus.CONTACTED.value and locked.contacted_at is None:
            values["contacted_at"] = now
        if new_status == FollowUpStatus.RESOLVED.value:
            values["resolved_at"] = now
        elif new_status is not None:
            values["resolved_at"] = None  # reopened, or back to contacted
        conn.execute(update(FOLLOWUP).where(f.response_id == response_id).values(**values))
        conn.execute(insert(HISTORY), [
            {"response_id": response_id, "changed_at": now, "changed_by": by,
             "change": _history_line(field, old[field], new)}
            for field, new in changes.items()])
        return get_followup(conn, response_id, now=now, sla_hours=sla_hours)


def followup_history(conn: Connection, response_id: int) -> list[tuple[datetime, str, str]]:
    """Return (changed_at, changed_by, change) of one follow-up, oldest first."""
    h = HISTORY.c
    query = (select(h.changed_at, h.changed_by, h.change)
             .where(h.response_id == response_id).order_by(h.changed_at, h.id))
    return [tuple(row) for row in conn.execute(query)]


FRAME_COLUMNS = ["response_id", "team", "score", "status", "answered_at", "contacted_at",
                 "resolved_at"]


def followups_frame(conn: Connection, *, teams: Sequence[str] | None, since: datetime,
                    until: datetime) -> pd.DataFrame:
    """Return each detractor answered in [since, until) with its follow-up times (UTC).

    Columns: FRAME_COLUMNS; status is "open" and the times NaT where nobody touched it.
    """
    t, f = RESPONSE.c, FOLLOWUP.c
    query = (select(t.id, t.team_key, t.score, f.status, t.answered_at, f.contacted_at,
                    f.resolved_at)
             .select_from(RESPONSE.outerjoin(FOLLOWUP, f.response_id == t.id))
             .where(t.score <= DETRACTOR_MAX, t.answered_at >= since, t.answered_at < until)
             .order_by(t.answered_at, t.id))
    if teams is not None:
        query = query.where(t.team_key.in_(list(teams)))
    opened = FollowUpStatus.OPEN.value
    rows = [(rid, team, score, FollowUpStatus(status).value if status else opened, *times)
            for rid, team, score, status, *times in conn.execute(query)]
    frame = pd.DataFrame(rows, columns=FRAME_COLUMNS)
    for column in ("answered_at", "contacted_at", "resolved_at"):
        frame[column] = pd.to_datetime(frame[column], utc=True)
    frame["response_id"] = frame["response_id"].astype("int64")
    frame["score"] = frame["score"].astype("int64")
    return frame
