"""Users of the meeting view and the fleet page: salted argon2id password hashes, roles, and
one query a function.

Two roles: a team lead ("lead", the default) uses the meeting view; an admin ("admin") also
sees the fleet page and changes what the screens show.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, delete, func, select, update
from sqlalchemy.exc import IntegrityError

from wallboard.accounts.passwords import (
    dummy_hash,
    hash_password,
    needs_upgrade,
    verify_password,
)
from wallboard.core.clock import utcnow
from wallboard.store import SESSION, USER

USERNAME_RE = re.compile(r"^[A-Za-z0-9._@-]{1,64}$")
MIN_PASSWORD = 10
MAX_PASSWORD = 1024  # a longer "password" only costs the server time
DEMO_USER = "demo"
DEMO_PASSWORD = "demo-meeting"
ADMIN, LEAD = "admin", "lead"
ROLES = (ADMIN, LEAD)


class UserError(ValueError):
    """A user cannot be added, changed or removed; the message says why."""


@dataclass(frozen=True)
class User:
    """A user as the admin sees it: never the hash."""

    username: str
    created_at: datetime
    role: str = LEAD


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


def check_role(role: str) -> str:
    """Return role if it is one of ROLES, else raise UserError naming both."""
    if role not in ROLES:
        raise UserError(f"role {role!r} is not known: use admin or lead")
    return role


def password_hash(engine: Engine, username: str) -> str | None:
    """Return the stored hash of a user, or None when there is no such user."""
    with engine.connect() as conn:
        return conn.execute(select(USER.c.password_hash)
                            .where(USER.c.username == username)).scalar_one_or_none()


def add_user(engine: Engine, username: str, password: str, *, replace: bool = False,
             role: str | None = None) -> None:
    """Store a user with a hash of password; with replace, change an existing user's password.

    role is "admin" or "lead"; None means lead for a new user and no change for a replaced
    one. Raises UserError for a bad user name, a short password, an unknown role, or an
    existing user (without replace).
    """
    check_username(username)
    check_password(password)
    if role is not None:
        check_role(role)
    hashed = hash_password(password)
    with engine.begin() as conn:
        if replace:
            values = {"password_hash": hashed} | ({"role": role} if role else {})
            changed = conn.execute(update(USER).where(USER.c.username == username)
                                   .values(**values)).rowcount
            if changed:
                # A new password ends every sign-in of the old one, in the same transaction.
                conn.execute(delete(SESSION).where(SESSION.c.username == username))
                return
        try:
            conn.execute(USER.insert().values(username=username, password_hash=hashed,
                                              created_at=utcnow(), role=role or LEAD))
        except IntegrityError:
            raise UserError(f"user {username!r} already exists (--replace changes the "
                            "password)") from None


def set_role(engine: Engine, username: str, role: str) -> None:
    """Give an existing user another role; it holds from their next click, sign-ins go on.

    Raises UserError for an unknown role or user.
    """
    check_role(role)
    with engine.begin() as conn:
        changed = conn.execute(update(USER).where(USER.c.username == username)
                               .values(role=role)).rowcount
    if not changed:
        raise UserError(f"no user named {username!r}")


def user_role(engine: Engine, username: str) -> str | None:
    """Return the role of a user, or None when there is no such user."""
    with engine.connect() as conn:
        return conn.execute(select(USER.c.role)
                            .where(USER.c.username == username)).scalar_one_or_none()


def remove_user(engine: Engine, username: str) -> None:
    """Delete a user and end all their sign-ins at once. Raises UserError if unknown."""
    with engine.begin() as conn:
        removed = conn.execute(delete(USER).where(USER.c.username == username)).rowcount
        conn.execute(delete(SESSION).where(SESSION.c.username == username))
    if not removed:
        raise UserError(f"no user named {username!r}")


def list_users(engine: Engine) -> list[User]:
    """Return every user, by name."""
    with engine.connect() as conn:
        rows = conn.execute(select(USER.c.username, USER.c.created_at, USER.c.role)
                            .order_by(USER.c.username)).all()
    return [User(username=name, created_at=created, role=role) for name, created, role in rows]


def count_users(engine: Engine) -> int:
    """Return how many users may sign in."""
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(USER)).scalar_one()


def check_login(engine: Engine, username: str, password: str) -> bool:
    """Tell whether username and password match a stored user.

    An unknown user costs the same hash as a known one, so timing does not tell which
    names exist. A hash made with older parameters (scrypt of 0.1 and 0.2) is replaced by
    an argon2id hash of the same password on the first successful check; sign-ins go on.
    """
    stored = password_hash(engine, username) if USERNAME_RE.match(username) else None
    if stored is None or len(password) > MAX_PASSWORD:
        verify_password(dummy_hash(), password[:MAX_PASSWORD])
        return False
    if not verify_password(stored, password):
        return False
    if needs_upgrade(stored):
        with engine.begin() as conn:  # only if nobody changed it meanwhile
            conn.execute(update(USER).where(USER.c.username == username,
                                            USER.c.password_hash == stored)
                         .values(password_hash=hash_password(password)))
    return True


def ensure_demo_user(engine: Engine) -> tuple[str, str]:
    """Create (or reset) the demo store's user, an admin; return its name and password."""
    add_user(engine, DEMO_USER, DEMO_PASSWORD, replace=True, role=ADMIN)
    return DEMO_USER, DEMO_PASSWORD
