"""Users of the meeting view: salted scrypt password hashes and one query a function."""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, delete, func, select, update
from sqlalchemy.exc import IntegrityError

from wallboard.core.clock import utcnow
from wallboard.store import AppUser

USER = AppUser.__table__
USERNAME_RE = re.compile(r"^[A-Za-z0-9._@-]{1,64}$")
MIN_PASSWORD = 10
MAX_PASSWORD = 1024  # a longer "password" only costs the server time
# scrypt: about 32 MiB and a few tens of milliseconds per hash.
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**15, 8, 1
_SCRYPT_MAXMEM = 64 * 1024 * 1024
DEMO_USER = "demo"
DEMO_PASSWORD = "demo-meeting"


class UserError(ValueError):
    """A user cannot be added, changed or removed; the message says why."""


@dataclass(frozen=True)
class User:
    """A user as the admin sees it: never the hash."""

    username: str
    created_at: datetime


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p,
                          maxmem=_SCRYPT_MAXMEM, dklen=32)


def hash_password(password: str) -> str:
    """Return a salted scrypt hash: 'scrypt$N$r$p$salt$hash' (base64 salt and hash)."""
    salt = secrets.token_bytes(16)
    digest = _scrypt(password, salt, _SCRYPT_N, _SCRYPT_R, _SCRYPT_P)
    return f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def verify_password(stored: str, password: str) -> bool:
    """Tell whether password matches a hash from hash_password (constant-time compare)."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest, validate=True)
        actual = _scrypt(password, base64.b64decode(salt, validate=True), int(n), int(r), int(p))
    except (ValueError, TypeError):  # a malformed or foreign hash never matches
        return False
    return hmac.compare_digest(actual, expected)


@functools.cache
def _dummy_hash() -> str:
    # Checked against for unknown users, so that they take as long as known ones.
    return hash_password(secrets.token_urlsafe(16))


def check_username(username: str) -> None:
    """Raise UserError unless username is 1 to 64 letters, digits, '.', '_', '-' or '@'."""
    if not USERNAME_RE.match(username):
        raise UserError(f"user name {username!r} must be 1 to 64 letters, digits, "
                        "'.', '_', '-' or '@'")


def check_password(password: str) -> None:
    """Raise UserError unless the password is long enough (and not absurdly long)."""
    if len(password) < MIN_PASSWORD:
        raise UserError(f"the password must have at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise UserError(f"the password must have at most {MAX_PASSWORD} characters")


def password_hash(engine: Engine, username: str) -> str | None:
    """Return the stored hash of a user, or None when there is no such user."""
    with engine.connect() as conn:
        return conn.execute(select(USER.c.password_hash)
                            .where(USER.c.username == username)).scalar_one_or_none()


def add_user(engine: Engine, username: str, password: str, *, replace: bool = False) -> None:
    """Store a user with a hash of password; with replace, change an existing user's password.

    Raises UserError for a bad user name, a short password, or an existing user (without
    replace).
    """
    check_username(username)
    check_password(password)
    hashed = hash_password(password)
    with engine.begin() as conn:
        if replace:
            changed = conn.execute(update(USER).where(USER.c.username == username)
                                   .values(password_hash=hashed)).rowcount
            if changed:
                return
        try:
            conn.execute(USER.insert().values(username=username, password_hash=hashed,
                                              created_at=utcnow()))
        except IntegrityError:
            raise UserError(f"user {username!r} already exists (--replace changes the "
                            "password)") from None


def remove_user(engine: Engine, username: str) -> None:
    """Delete a user; their sign-ins end at their next request. Raises UserError if unknown."""
    with engine.begin() as conn:
        removed = conn.execute(delete(USER).where(USER.c.username == username)).rowcount
    if not removed:
        raise UserError(f"no user named {username!r}")


def list_users(engine: Engine) -> list[User]:
    """Return every user, by name."""
    with engine.connect() as conn:
        rows = conn.execute(select(USER.c.username, USER.c.created_at)
                            .order_by(USER.c.username)).all()
    return [User(username=name, created_at=created) for name, created in rows]


def count_users(engine: Engine) -> int:
    """Return how many users may sign in."""
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(USER)).scalar_one()


def check_login(engine: Engine, username: str, password: str) -> bool:
    """Tell whether username and password match a stored user.

    An unknown user costs the same hash as a known one, so timing does not tell which
    names exist.
    """
    stored = password_hash(engine, username) if USERNAME_RE.match(username) else None
    if stored is None or len(password) > MAX_PASSWORD:
        verify_password(_dummy_hash(), password[:MAX_PASSWORD])
        return False
    return verify_password(stored, password)


def ensure_demo_user(engine: Engine) -> tuple[str, str]:
    """Create (or reset) the demo store's meeting-view user; return its name and password."""
    add_user(engine, DEMO_USER, DEMO_PASSWORD, replace=True)
    return DEMO_USER, DEMO_PASSWORD
