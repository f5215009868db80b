"""The wall processes' side of the screen table: strangers, URL-named screens, reports.

A wall process reads the whole (small) table only when fleet_mark changed, creates rows for
TVs it has not met, and writes what its connected screens reported in one statement a tick.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, bindparam, case, delete, func, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from wallboard.store.screens import (
    COLUMNS,
    ScreenRow,
    check_name,
    name_key,
    new_code,
    next_seq,
    one_screen,
    profile_text,
    screen_row,
)
from wallboard.store.tables import SCREEN
from wallboard.store.types import UTCDateTime

_TRIES = 8
# A named screen online this long without a break is a real kiosk: adopted (alerted on).
ADOPT_ONLINE = timedelta(minutes=10)


def all_screens(engine: Engine) -> list[ScreenRow]:
    """Every row, named or waiting (what a wall process keeps in memory)."""
    with engine.connect() as conn:
        return [screen_row(r) for r in conn.execute(select(*COLUMNS)).mappings().all()]


def fleet_mark(engine: Engine) -> tuple[int, int, int, int]:
    """(rows, highest id, highest and sum of changed_seq): changes whenever an admin change
    (a higher changed_seq), a new row (ids are never reused) or a deletion happened, at the
    cost of one aggregate over a small table."""
    c = SCREEN.c
    with engine.connect() as conn:
        found = conn.execute(select(
            func.count(), func.coalesce(func.max(c.id), 0),
            func.coalesce(func.max(c.changed_seq), 0),
            func.coalesce(func.sum(c.changed_seq), 0))).one()
    return tuple(int(v) for v in found)  # type: ignore[return-value]


def waiting_for_device(engine: Engine, device_hash: str, *, now: datetime) -> ScreenRow:
    """The device's row, or a new waiting row with a fresh pairing code."""
    for _ in range(_TRIES):
        with engine.connect() as conn:
            if (found := one_screen(conn, SCREEN.c.device_hash == device_hash)) is not None:
                return found
        try:
            with engine.begin() as conn:
                conn.execute(insert(SCREEN).values(
                    device_hash=device_hash, pairing_code=new_code(), profile="{}",
                    created_at=now, changed_seq=next_seq()))
        except IntegrityError:  # the same device in another process, or a code collision
            continue
    raise RuntimeError("could not create a waiting screen")  # pragma: no cover


def unadopted(conn: Connection) -> int:
    """Rows no admin has taken on yet: TVs waiting for a code and screens met only through
    a URL name (the cap WAITING_MAX counts them together)."""
    return int(conn.execute(select(func.count()).where(SCREEN.c.paired_at.is_(None))).scalar())


def named_for_url(engine: Engine, name: str, device_hash: str | None = None, *,
                  now: datetime,
                  profile: Mapping[str, str] | None = None,
                  cap: int | None = None) -> ScreenRow | None:
    """The screen a URL names (?screen=reception) for this device: created with profile and
    bound to the device if it does not exist yet (an existing screen keeps its own), claimed
    by the device if no device has it yet. The row is returned as it is: when its device_hash
    is another's, the name belongs to another screen. None: a new row would pass the cap."""
    name, text = check_name(name), profile_text(profile or {})
    key, c = name_key(name), SCREEN.c
    for _ in range(_TRIES):
        with engine.connect() as conn:
            if device_hash is not None and (
                    mine := one_screen(conn, c.device_hash == device_hash)) is not None:
                return mine  # the device is already a screen: it stays that one
            if (found := one_screen(conn, c.name_key == key)) is not None:
                if found.device_hash is not None or device_hash is None:
                    return found
                new = None
            else:
                new = cap is not None and unadopted(conn) >= cap
        if new:
            return None
        try:
            with engine.begin() as conn:
                if new is None:  # a row no browser holds yet (named before the binding)
                    conn.execute(update(SCREEN).where(c.id == found.id, c.device_hash.is_(None))
                                 .values(device_hash=device_hash))
                else:
                    conn.execute(insert(SCREEN).values(
                        name=name, name_key=key, device_hash=device_hash, profile=text,
                        created_at=now, changed_seq=next_seq()))
        except IntegrityError:  # the same name or device in another process
            continue
    raise RuntimeError("could not create a named screen")  # pragma: no cover


@dataclass(frozen=True)
class SeenReport:
    """What one connected screen reported, written at the process's next tick."""

    screen_id: int
    build: str | None = None
    width: int | None = None
    height: int | None = None
    memory_mb: float | None = None
    loaded_at: datetime | None = None
    stale: bool = False


def record_seen(engine: Engine, reports: Iterable[SeenReport], *, now: datetime,
                online_after: datetime, adopt_before: datetime | None = None) -> int:
    """One UPDATE (executed for many rows) for all of this process's screens: last seen
    now, online since now unless it was seen after online_after. A named screen online
    since before adopt_before is adopted (paired_at set): a kiosk that stayed, not a
    drive-by request. Return the rows written."""
    params = [{"b_id": r.screen_id, "b_build": r.build, "b_width": r.width,
               "b_height": r.height, "b_memory": r.memory_mb, "b_loaded": r.loaded_at,
               "b_stale": r.stale} for r in reports]
    if not params:
        return 0
    c, stamp = SCREEN.c, UTCDateTime()
    was_online = c.last_seen.is_not(None) & (c.last_seen >= bindparam("b_cutoff", type_=stamp))
    statement = update(SCREEN).where(c.id == bindparam("b_id")).values(
        last_seen=bindparam("b_now", type_=stamp),
        online_since=case((was_online, c.online_since),
                          else_=bindparam("b_now", type_=stamp)),
        build=bindparam("b_build"), width=bindparam("b_width"), height=bindparam("b_height"),
        memory_mb=bindparam("b_memory"), loaded_at=bindparam("b_loaded", type_=stamp),
        stale=bindparam("b_stale"),
        paired_at=case((c.paired_at.is_(None) & c.name.is_not(None) & was_online
                        & (c.online_since <= bindparam("b_adopt", type_=stamp)),
                        bindparam("b_now", type_=stamp)), else_=c.paired_at))
    adopt = adopt_before or now - ADOPT_ONLINE
    for p in params:
        p.update(b_now=now, b_cutoff=online_after, b_adopt=adopt)
    with engine.begin() as conn:
        conn.execute(statement, params)
    return len(params)


def prune_waiting(engine: Engine, *, before: datetime, pairing: bool = True) -> int:
    """Delete waiting rows not seen since before (TVs that went away unpaired), and every
    waiting row when pairing is off (those TVs show the wall anonymously)."""
    c = SCREEN.c
    seen = func.coalesce(c.last_seen, c.created_at)
    where = [c.name.is_(None)] + ([seen < before] if pairing else [])
    with engine.begin() as conn:
        return conn.execute(delete(SCREEN).where(*where)).rowcount
