"""Every read and write of the screen table: the fleet, pairing, admin requests, reports.

Admin changes (pair, rename, profile, reload, identify) set the row's changed_seq one above
the table's highest, so that every wall process notices any change by reading one cheap
aggregate (fleet_mark) about once a second, whoever made it and in whichever process.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import datetime, timedelta

from sqlalchemy import Engine, delete, func, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from wallboard.core.clock import utcnow
from wallboard.store.tables import SCREEN

NAME_MAX = 40
_NAME = re.compile(r"[\w .\-]+")
# No 0/O, 1/I: a code read off a TV across the room is typed right the first time.
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
_CODE = re.compile(rf"[{CODE_ALPHABET}]{{5}}")


class ScreenError(ValueError):
    """Bad input about a screen: field names what was wrong (name, code, profile)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field, self.message = field, message


class UnknownScreen(LookupError):
    """No screen of that name, or no TV waiting with that code."""


@dataclass(frozen=True)
class ScreenRow:
    """One row of the screen table; profile as the wall's URL parameters."""

    id: int
    name: str | None
    name_key: str | None
    device_hash: str | None
    pairing_code: str | None
    profile: dict[str, str]
    created_at: datetime
    paired_at: datetime | None
    last_seen: datetime | None
    online_since: datetime | None
    build: str | None
    width: int | None
    height: int | None
    memory_mb: float | None
    loaded_at: datetime | None
    stale: bool
    reload_seq: int
    identify_until: datetime | None
    offline_alerted_at: datetime | None
    changed_seq: int


COLUMNS = [SCREEN.c[f.name] for f in fields(ScreenRow)]


def screen_row(raw: Mapping) -> ScreenRow:
    """A ScreenRow from a row of the table (the profile's JSON parsed)."""
    values = dict(raw)
    try:
        profile = json.loads(values["profile"] or "{}")
    except ValueError:
        profile = {}
    values["profile"] = ({str(k): str(v) for k, v in profile.items()}
                         if isinstance(profile, dict) else {})
    values["stale"] = bool(values["stale"])
    return ScreenRow(**values)


def check_name(name: object) -> str:
    """Return the name trimmed (inner runs of spaces made one); 1-40 letters, digits,
    spaces, '-', '_', '.', so that it reads well on the fleet page and fits a URL."""
    if not isinstance(name, str):
        raise ScreenError("name", "must be text")
    name = re.sub(" +", " ", name.strip())
    if not name:
        raise ScreenError("name", "must not be empty")
    if len(name) > NAME_MAX:
        raise ScreenError("name", f"is longer than {NAME_MAX} characters")
    if not _NAME.fullmatch(name):
        raise ScreenError("name", "may hold only letters, digits, spaces, '-', '_' and '.'")
    if len(name_key(name)) > NAME_MAX:  # "ß" is "ss" ignoring case: the key must fit too
        raise ScreenError("name", f"is longer than {NAME_MAX} characters ignoring case")
    return name


def name_key(name: str) -> str:
    """The case-insensitive key of a checked name."""
    return name.casefold()


def check_code(code: object) -> str:
    """Return a pairing code as stored ("K7-42Q"), whatever case, spaces or dash typed."""
    if not isinstance(code, str):
        raise ScreenError("code", "must be text")
    bare = re.sub(r"[\s\-]", "", code).upper()
    if not _CODE.fullmatch(bare):
        raise ScreenError("code", "is not a pairing code such as K7-42Q")
    return f"{bare[:2]}-{bare[2:]}"


def new_code() -> str:
    """A fresh random pairing code."""
    bare = "".join(secrets.choice(CODE_ALPHABET) for _ in range(5))
    return f"{bare[:2]}-{bare[2:]}"


def profile_text(profile: Mapping[str, str]) -> str:
    """The profile as stored: JSON of its text values, keys sorted."""
    if not isinstance(profile, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in profile.items()):
        raise ScreenError("profile", "must be an object of text values")
    return json.dumps(dict(sorted(profile.items())), separators=(",", ":"))


def next_seq():  # noqa: ANN201
    """The changed_seq an admin change writes: one above the table's highest."""
    inner = SCREEN.alias("newest")
    return select(func.coalesce(func.max(inner.c.changed_seq), 0) + 1).scalar_subquery()


def one_screen(conn: Connection, *where) -> ScreenRow | None:  # noqa: ANN002
    """The one row matching where, or None."""
    found = conn.execute(select(*COLUMNS).where(*where)).mappings().first()
    return screen_row(found) if found else None


def _named(conn: Connection, name: str) -> ScreenRow:
    try:
        key = name_key(check_name(name))
    except ScreenError:
        raise UnknownScreen(f"no screen named {name!r}") from None
    found = one_screen(conn, SCREEN.c.name_key == key)
    if found is None:
        raise UnknownScreen(f"no screen named {name!r}")
    return found


def list_screens(engine: Engine) -> list[ScreenRow]:
    """The fleet: every named screen, ordered by name (ignoring case)."""
    with engine.connect() as conn:
        rows = conn.execute(select(*COLUMNS).where(SCREEN.c.name.is_not(None))
                            .order_by(SCREEN.c.name_key)).mappings().all()
    return [screen_row(r) for r in rows]


def waiting_screens(engine: Engine) -> list[ScreenRow]:
    """TVs showing a pairing code, newest first."""
    with engine.connect() as conn:
        rows = conn.execute(select(*COLUMNS).where(SCREEN.c.name.is_(None))
                            .order_by(SCREEN.c.created_at.desc())).mappings().all()
    return [screen_row(r) for r in rows]


def screen_by_name(engine: Engine, name: str) -> ScreenRow | None:
    """The named screen, the name compared ignoring case; None if there is none."""
    with engine.connect() as conn:
        try:
            return _named(conn, name)
        except UnknownScreen:
            return None


def _taken(name: str) -> ScreenError:
    return ScreenError("name", f"{name!r} is already taken by another screen")


def _change(engine: Engine, current: str, *, adopt: bool = False,
            **values) -> ScreenRow:  # noqa: ANN003
    """Apply an admin's change; adopt: the admin made it theirs (paired_at set once, so the
    offline alerts watch it: a screen met only through its URL is not alerted on)."""
    if adopt:
        values["paired_at"] = func.coalesce(SCREEN.c.paired_at, values.pop("now"))
    try:
        with engine.begin() as conn:
            row = _named(conn, current)
            conn.execute(update(SCREEN).where(SCREEN.c.id == row.id)
                         .values(changed_seq=next_seq(), **values))
            return one_screen(conn, SCREEN.c.id == row.id)
    except IntegrityError:
        raise _taken(values.get("name", current)) from None


def pair(engine: Engine, code: str, name: str, profile: Mapping[str, str], *,
         now: datetime) -> ScreenRow:
    """Give the TV showing code a name and a profile; it shows them within seconds."""
    code, name, text = check_code(code), check_name(name), profile_text(profile)
    try:
        with engine.begin() as conn:
            waiting = one_screen(conn, SCREEN.c.pairing_code == code, SCREEN.c.name.is_(None))
            if waiting is None:
                raise UnknownScreen(f"no screen is showing the code {code}")
            if one_screen(conn, SCREEN.c.name_key == name_key(name)) is not None:
                raise _taken(name)
            conn.execute(update(SCREEN).where(SCREEN.c.id == waiting.id).values(
                name=name, name_key=name_key(name), pairing_code=None, profile=text,
                paired_at=now, changed_seq=next_seq()))
            return one_screen(conn, SCREEN.c.id == waiting.id)
    except IntegrityError:  # another admin took the name at the same moment
        raise _taken(name) from None


def rename(engine: Engine, name: str, new_name: str, *,
           now: datetime | None = None) -> ScreenRow:
    """Rename a screen (a change of case only is allowed)."""
    new_name = check_name(new_name)
    with engine.connect() as conn:
        other = one_screen(conn, SCREEN.c.name_key == name_key(new_name))
    if other is not None and other.name_key != name_key(check_name(name)):
        raise _taken(new_name)
    return _change(engine, name, adopt=True, now=now or utcnow(), name=new_name,
                   name_key=name_key(new_name))


def set_profile(engine: Engine, name: str, profile: Mapping[str, str], *,
                now: datetime | None = None) -> ScreenRow:
    """Store what the screen shows (checked by wallboard.screens.check_profile first)."""
    return _change(engine, name, adopt=True, now=now or utcnow(), profile=profile_text(profile))


def request_reload(engine: Engine, name: str) -> ScreenRow:
    """Ask the screen to reload its page once."""
    return _change(engine, name, reload_seq=SCREEN.c.reload_seq + 1)


def identify(engine: Engine, name: str, *, now: datetime, seconds: float = 10) -> ScreenRow:
    """Show the screen's name huge on it until now + seconds."""
    return _change(engine, name, identify_until=now + timedelta(seconds=seconds))


def forget(engine: Engine, name: str) -> None:
    """Delete the screen: it is a stranger again (a pairing code, or anonymous)."""
    with engine.begin() as conn:
        row = _named(conn, name)
        conn.execute(delete(SCREEN).where(SCREEN.c.id == row.id))


def claim_offline_alert(engine: Engine, screen_id: int, *, now: datetime) -> bool:
    """Mark the named screen as alerted offline; True for exactly one caller."""
    with engine.begin() as conn:
        done = conn.execute(update(SCREEN).where(
            SCREEN.c.id == screen_id, SCREEN.c.name.is_not(None),
            SCREEN.c.offline_alerted_at.is_(None)).values(offline_alerted_at=now))
        return done.rowcount == 1


def claim_back_alert(engine: Engine, screen_id: int) -> bool:
    """Clear the offline mark; True for exactly one caller (who sends "back")."""
    with engine.begin() as conn:
        done = conn.execute(update(SCREEN).where(
            SCREEN.c.id == screen_id, SCREEN.c.offline_alerted_at.is_not(None))
            .values(offline_alerted_at=None))
        return done.rowcount == 1
