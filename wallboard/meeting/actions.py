"""Action items a team agrees in its weekly meeting: list, add, tick off, delete."""

from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Final
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, delete, insert, or_, select, update
from sqlalchemy.engine import Connection

from wallboard.store import ActionItem

ACTION = ActionItem.__table__
TEXT_MAX: Final = 500
OWNER_MAX: Final = 128
TEAM_MAX: Final = 64
log = logging.getLogger(__name__)


class ActionError(ValueError):
    """An action item that cannot be saved; field names what was wrong."""

    def __init__(self, message: str, field: str = "text") -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class ActionItemView:
    """One action item as the meeting view shows it."""

    id: int
    team: str
    text: str
    owner: str | None
    due: date | None
    done: bool
    created_at: datetime
    created_by: str | None
    done_at: datetime | None
    done_by: str | None
    overdue: bool  # open and its due date has passed (in the wall's time zone)


def list_actions(conn: Connection, *, team: str | None, now: datetime,
                 done_within_days: int = 14, tz: str = "UTC") -> list[ActionItemView]:
    """Return a team's (None: every team's) open actions by due date (none last), then the
    ones done within done_within_days, most recently done first."""
    a = ACTION.c
    query = select(a.id, a.team_key, a.text, a.owner, a.due, a.done, a.created_at,
                   a.created_by, a.done_at, a.done_by).where(
        or_(a.done.is_(False), a.done_at >= now - timedelta(days=done_within_days)))
    if team is not None:
        query = query.where(a.team_key == team)
    today = now.astimezone(ZoneInfo(tz)).date()
    items = [ActionItemView(*row, overdue=not row.done and row.due is not None
                            and row.due < today)
             for row in conn.execute(query)]
    open_items = sorted((i for i in items if not i.done),
                        key=lambda i: (i.due is None, i.due or today, i.created_at, i.id))
    done_items = sorted((i for i in items if i.done),
                        key=lambda i: (i.done_at or i.created_at, i.id), reverse=True)
    return open_items + done_items


def _clean(value: str | None, field: str, limit: int) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ActionError(f"{field} must be text", field)
    value = " ".join(value.split())
    if len(value) > limit:
        raise ActionError(f"{field} is {len(value)} characters long; at most {limit} are "
                          "allowed", field)
    return value or None


def add_action(engine: Engine, *, team: str, text: str, owner: str | None, due: date | None,
               by: str, now: datetime, teams: Collection[str] | None = None) -> int:
    """Save a new open action item for team and return its id.

    teams, when given, are the known team keys; another team is refused.
    """
    text = _clean(text, "text", TEXT_MAX) or ""
    if not text:
        raise ActionError("text must not be empty: say what the team will do")
    if not isinstance(team, str) or not team or len(team) > TEAM_MAX:
        raise ActionError("team must be a team key", "team")
    if teams is not None and team not in teams:
        raise ActionError(f"unknown team {team!r}; known teams: {', '.join(sorted(teams))}",
                          "team")
    if due is not None and (not isinstance(due, date) or isinstance(due, datetime)):
        raise ActionError("due must be a date", "due")
    owner = _clean(owner, "owner", OWNER_MAX)
    by = _clean(by, "by", OWNER_MAX)
    with engine.begin() as conn:
        return conn.execute(insert(ACTION).values(
            team_key=team, text=text, owner=owner, due=due, done=False, created_at=now,
            created_by=by).returning(ACTION.c.id)).scalar_one()


def set_action_done(engine: Engine, action_id: int, done: bool, *, by: str,
                    now: datetime) -> None:
    """Mark an action item done (now) or open again; raise ActionError for an unknown id.

    Idempotent: ticking off a done item keeps its first done_at.
    """
    a = ACTION.c
    with engine.begin() as conn:
        current = conn.execute(select(a.done).where(a.id == action_id)).scalar_one_or_none()
        if current is None:
            raise ActionError(f"no action item has id {action_id}", "id")
        if bool(current) == done:
            return
        conn.execute(update(ACTION).where(a.id == action_id)
                     .values(done=done, done_at=now if done else None,
                             done_by=by if done else None))
    log.info("action item %d marked %s by %s", action_id, "done" if done else "open", by)


def delete_action(engine: Engine, action_id: int, *, by: str) -> bool:
    """Delete an action item; return whether it existed."""
    with engine.begin() as conn:
        deleted = conn.execute(delete(ACTION).where(ACTION.c.id == action_id)).rowcount
    if deleted:
        log.info("action item %d deleted by %s", action_id, by)
    return bool(deleted)
