"""The meeting view's sign-in session: a signed cookie whose secret is kept in the store.

A signed-in browser holds a signed cookie (HttpOnly, SameSite=Lax) naming the user, when
they signed in, and a fingerprint of their password hash. Each guarded request checks the
user still exists with that password, so removing a user or changing their password ends
their sign-ins at once. The signing secret is kept in the store (app_setting), so every
process sharing the store, and every restart, accepts the same cookies.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import threading
import time
from dataclasses import dataclass, field

from flask import Flask, current_app, g, has_request_context, session
from flask.sessions import SecureCookieSessionInterface
from sqlalchemy import Engine, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from wallboard.accounts.throttle import Throttle
from wallboard.accounts.users import password_hash
from wallboard.store import SETTING

log = logging.getLogger("wallboard.auth")
SECRET_KEY = "session_secret"
COOKIE_NAME = "wallboard_session"
EXTENSION = "wallboard_auth"
SECRET_RETRY_SECONDS = 10


def session_secret(engine: Engine) -> str:
    """Return the store's session secret, creating it once; safe when processes race."""
    insert = postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert
    statement = (insert(SETTING).values(key=SECRET_KEY, value=secrets.token_hex(32))
                 .on_conflict_do_nothing(index_elements=["key"]))
    with engine.begin() as conn:
        conn.execute(statement)
        return conn.execute(select(SETTING.c.value)
                            .where(SETTING.c.key == SECRET_KEY)).scalar_one()


def fingerprint(stored_hash: str) -> str:
    """A short digest of a password hash: a new password ends the old sign-ins."""
    return hashlib.sha256(stored_hash.encode("utf-8")).hexdigest()[:16]


@dataclass
class AuthState:
    """What the routes share: the store, the session lifetime, the throttle."""

    engine: Engine
    language: str
    lifetime: float
    throttle: Throttle = field(default_factory=Throttle)
    _next_secret_try: float = 0.0
    _secret_lock: threading.Lock = field(default_factory=threading.Lock)

    def load_secret(self, app: Flask) -> bool:
        """Set app.secret_key from the store; when the store is down, retry now and then."""
        with self._secret_lock:
            if app.secret_key:
                return True
            if time.monotonic() < self._next_secret_try:
                return False
            try:
                app.secret_key = session_secret(self.engine)
            except SQLAlchemyError as exc:
                self._next_secret_try = time.monotonic() + SECRET_RETRY_SECONDS
                log.warning("session secret cannot be read from the store yet (%s); "
                            "meeting-view sign-in waits for the store", type(exc).__name__)
                return False
            return True


class StoreSecretSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, with the secret read from the store when needed."""

    def __init__(self, state: AuthState) -> None:
        self.state = state

    def get_signing_serializer(self, app: Flask):  # noqa: ANN201
        if not app.secret_key and not self.state.load_secret(app):
            return None  # no secret yet: Flask hands out a null session
        return super().get_signing_serializer(app)


class StoreUnavailable(Exception):
    """The user store cannot be read."""


def auth_state() -> AuthState:
    return current_app.extensions[EXTENSION]


def verified_user(state: AuthState) -> str | None:
    """Return the session's user if the sign-in is still valid; clear it otherwise."""
    name = session.get("user")
    if not isinstance(name, str) or not name:
        return None
    since = session.get("since")
    if not isinstance(since, int | float) or time.time() - since > state.lifetime:
        session.clear()
        return None
    try:
        stored = password_hash(state.engine, name)
    except SQLAlchemyError as exc:
        raise StoreUnavailable from exc
    if stored is None or fingerprint(stored) != session.get("pw"):
        session.clear()  # removed, or the password was changed
        return None
    return name


def current_user() -> str | None:
    """Return the signed-in user of this request, or None (also outside a request)."""
    if not has_request_context() or EXTENSION not in current_app.extensions:
        return None
    if "wallboard_user" not in g:
        try:
            g.wallboard_user = verified_user(auth_state())
        except StoreUnavailable:
            return None
    return g.wallboard_user


