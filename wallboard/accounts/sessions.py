"""The meeting view's sign-in for one request: the cookie's session id, looked up in the store.

A signed-in browser holds a cookie (HttpOnly, SameSite=Lax, Secure when the request came
over HTTPS) with a random session id; the store keeps its hash (session_store.py). Each
guarded request looks the id up, so signing out, ending a user's sessions, a new password
or removing the user take effect in every process at the next request.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Response, current_app, g, has_request_context, request
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from wallboard.accounts.session_store import end_session, session_user, start_session
from wallboard.accounts.throttle import Throttle
from wallboard.accounts.users import user_role

COOKIE_NAME = "wallboard_session"
EXTENSION = "wallboard_auth"


@dataclass
class AuthState:
    """What the routes share: the store, the session lifetime, the throttle."""

    engine: Engine
    language: str
    lifetime: float
    throttle: Throttle


class StoreUnavailable(Exception):
    """The user store cannot be read."""


def auth_state() -> AuthState:
    return current_app.extensions[EXTENSION]


def verified_user(state: AuthState) -> str | None:
    """Return the user of this request's session if it is still live, else None."""
    token = request.cookies.get(COOKIE_NAME)
    if not token:
        return None
    try:
        return session_user(state.engine, token)
    except SQLAlchemyError as exc:
        raise StoreUnavailable from exc


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


def current_role() -> str | None:
    """Return the role ("admin" or "lead") of this request's signed-in user, or None.

    Read from the store once per request, so a `set-role` holds from the next click.
    """
    user = current_user()
    if not user:
        return None
    if "wallboard_role" not in g:
        try:
            g.wallboard_role = user_role(auth_state().engine, user)
        except SQLAlchemyError:
            return None
    return g.wallboard_role


def _cookie_options() -> dict:
    return {"path": "/", "httponly": True, "samesite": "Lax", "secure": request.is_secure}


def open_session(state: AuthState, response: Response, username: str) -> None:
    """Start a session for username and give response its cookie."""
    token = start_session(state.engine, username, lifetime=state.lifetime,
                          address=request.remote_addr or "",
                          user_agent=request.headers.get("User-Agent", ""))
    response.set_cookie(COOKIE_NAME, token, max_age=int(state.lifetime), **_cookie_options())


def close_session(state: AuthState, response: Response) -> None:
    """End this request's session in the store (every copy of the cookie) and drop the cookie."""
    token = request.cookies.get(COOKIE_NAME)
    if token:
        end_session(state.engine, token)
    response.delete_cookie(COOKIE_NAME, **_cookie_options())
