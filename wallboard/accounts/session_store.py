"""Sign-in sessions in the store: start, look up, end, list and prune, one query a function.

The cookie carries 32 random bytes; the store keeps only their SHA-256, so reading the table
signs nobody in. A session ends when its row is gone: signing out, `sessions USER --end`, a
new password or removing the user delete rows, and every process sees it at the next request.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, delete, select, update

from wallboard.core.clock import utcnow
from wallboard.store import SESSION, USER

# last_seen_at is written at most this often per session, not on every click.
TOUCH_EVERY = timedelta(minutes=1)
AGENT_LENGTH = 128


@dataclass(frozen=True)
class SessionInfo:
    """One sign-in as the admin sees it: never the id."""

    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime
    address: str
    user_agent: str


def token_hash(token: str) -> str:
    """The SHA-256 (hex) of a cookie's session id: what the store keeps."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def start_session(engine: Engine, username: str, *, lifetime: float, address: str,
                  user_agent: str) -> str:
    """Store a new sign-in of username and return the random id for its cookie.

    Expired sessions of everybody are pruned on the way.
    """
    token = secrets.token_urlsafe(32)
    now = utcnow()
    with engine.begin() as conn:
        conn.execute(delete(SESSION).where(SESSION.c.expires_at <= now))
        conn.execute(SESSION.insert().values(
            id_hash=token_hash(token), username=username, created_at=now, last_seen_at=now,
            expires_at=now + timedelta(seconds=lifetime), address=address[:64],
            user_agent=user_agent[:AGENT_LENGTH]))
    return token


def session_user(engine: Engine, token: str) -> str | None:
    """Return the user of a live session id, or None (unknown, ended or expired)."""
    if not token or len(token) > 128:
        return None
    key, now = token_hash(token), utcnow()
    with engine.connect() as conn:  # the user must still exist, however they were removed
        row = conn.execute(select(SESSION.c.username, SESSION.c.last_seen_at)
                           .join(USER, USER.c.username == SESSION.c.username)
                           .where(SESSION.c.id_hash == key, SESSION.c.expires_at > now)).first()
    if row is None:
        return None
    if now - row.last_seen_at >= TOUCH_EVERY:
        with engine.begin() as conn:
            conn.execute(update(SESSION).where(SESSION.c.id_hash == key)
                         .values(last_seen_at=now))
    return row.username


def end_session(engine: Engine, token: str) -> None:
    """End one session (signing out), wherever its cookie was copied."""
    with engine.begin() as conn:
        conn.execute(delete(SESSION).where(SESSION.c.id_hash == token_hash(token)))


def end_user_sessions(engine: Engine, username: str) -> int:
    """End every session of username; return how many there were."""
    with engine.begin() as conn:
        return conn.execute(delete(SESSION).where(SESSION.c.username == username)).rowcount


def prune_sessions(engine: Engine) -> int:
    """Delete expired sessions; return how many."""
    with engine.begin() as conn:
        return conn.execute(delete(SESSION).where(SESSION.c.expires_at <= utcnow())).rowcount


def list_sessions(engine: Engine, username: str) -> list[SessionInfo]:
    """Return the live sessions of username, newest first (expired ones are pruned)."""
    prune_sessions(engine)
    columns = (SESSION.c.created_at, SESSION.c.last_seen_at, SESSION.c.expires_at,
               SESSION.c.address, SESSION.c.user_agent)
    with engine.connect() as conn:
        rows = conn.execute(select(*columns).where(SESSION.c.username == username)
                            .order_by(SESSION.c.created_at.desc())).all()
    return [SessionInfo(*row) for row in rows]


def short_agent(user_agent: str) -> str:
    """A user agent in a few words: the browser and the system, e.g. 'Firefox on Windows'."""
    browsers = (("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"),
                ("Chrome/", "Chrome"), ("Chromium/", "Chromium"), ("Safari/", "Safari"),
                ("curl/", "curl"), ("python", "Python"))
    systems = (("Windows", "Windows"), ("Android", "Android"), ("iPhone", "iOS"),
               ("iPad", "iOS"), ("Mac OS X", "macOS"), ("CrOS", "ChromeOS"),
               ("Linux", "Linux"))
    browser = next((name for mark, name in browsers if mark in user_agent), None)
    system = next((name for mark, name in systems if mark in user_agent), None)
    if browser and system:
        return f"{browser} on {system}"
    return browser or system or (user_agent[:40] or "-")
