"""Sign-in for the meeting view: the session cookie, /login and /logout, and the guard.

Every path under /meeting needs a signed-in user; the wall, the API and health stay open.
A signed-in browser holds a signed cookie (HttpOnly, SameSite=Lax) naming the user, when
they signed in, and a fingerprint of their password hash. Each guarded request checks the
user still exists with that password, so removing a user or changing their password ends
their sign-ins at once. The signing secret is kept in the store (app_setting), so every
process sharing the store, and every restart, accepts the same cookies.

Cross-site requests: SameSite=Lax keeps the cookie off other sites' POSTs, and POST /login
and /logout also refuse an Origin (or Referer) naming another host.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import threading
import time
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlencode, urlsplit

from flask import (
    Flask,
    Response,
    current_app,
    g,
    has_request_context,
    jsonify,
    redirect,
    request,
    session,
)
from flask.sessions import SecureCookieSessionInterface
from sqlalchemy import Engine, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from wallboard.accounts import page as auth_page
from wallboard.accounts.page import is_meeting_path, pick_language, safe_next
from wallboard.accounts.throttle import Throttle
from wallboard.accounts.users import check_login, count_users, password_hash
from wallboard.config import Config
from wallboard.i18n import text
from wallboard.store.tables import AppSetting

log = logging.getLogger("wallboard.accounts.auth")
SETTING = AppSetting.__table__
SECRET_KEY = "session_secret"
COOKIE_NAME = "wallboard_session"
EXTENSION = "wallboard_auth"
USER_LIMIT = 5      # failed sign-ins per user name in the throttle window ...
CLIENT_LIMIT = 20   # ... and per client address (offices share addresses behind NAT)
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


class _StoreSecretSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, with the secret read from the store when needed."""

    def __init__(self, state: AuthState) -> None:
        self.state = state

    def get_signing_serializer(self, app: Flask):  # noqa: ANN201
        if not app.secret_key and not self.state.load_secret(app):
            return None  # no secret yet: Flask hands out a null session
        return super().get_signing_serializer(app)


class StoreUnavailable(Exception):
    """The user store cannot be read."""


def _state() -> AuthState:
    return current_app.extensions[EXTENSION]


def _verified_user(state: AuthState) -> str | None:
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
            g.wallboard_user = _verified_user(_state())
        except StoreUnavailable:
            return None
    return g.wallboard_user


def _language(state: AuthState) -> str:
    return pick_language(request.values.get("lang"), state.language)


def _page(body: str, status: int = 200) -> Response:
    response = Response(body, status=status, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; font-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
    return response


def _same_origin() -> bool:
    """Tell whether a POST came from this site (or from a client that names no origin)."""
    origin = request.headers.get("Origin")
    if origin is not None:
        return origin != "null" and urlsplit(origin).netloc == request.host
    referer = request.headers.get("Referer")
    return not referer or urlsplit(referer).netloc == request.host


def _login_url(next_path: str, lang: str | None = None, message: str | None = None) -> str:
    query = {"next": next_path}
    if lang:
        query["lang"] = lang
    if message:
        query["m"] = message
    return "/login?" + urlencode(query)


def _wants_page() -> bool:
    return (request.method in ("GET", "HEAD") and
            request.accept_mimetypes.best_match(["application/json", "text/html"])
            == "text/html")


def _guard() -> Response | tuple[Response, int] | None:
    if not is_meeting_path(request.path):
        return None
    state = _state()
    try:
        g.wallboard_user = _verified_user(state)
    except StoreUnavailable:
        if _wants_page():
            lang = _language(state)
            return _page(auth_page.render(lang, error=text(lang, "signin_store_down")), 503)
        return jsonify({"error": "the user store cannot be read; try again"}), 503
    if g.wallboard_user:
        return None
    if _wants_page():
        target = request.full_path.rstrip("?") if request.query_string else request.path
        # A cookie that no longer signs anybody in: expired, user removed, password changed.
        message = "expired" if request.cookies.get(COOKIE_NAME) else None
        return redirect(_login_url(safe_next(target), message=message), 302)
    return jsonify({"error": "sign in first"}), 401


def _meeting_headers(response: Response) -> Response:
    # Pages with customer data are not kept in caches or shown in other sites' frames.
    if is_meeting_path(request.path):
        response.headers.setdefault("Cache-Control", "no-store")
        response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
    return response


def _show_login() -> Response:
    state = _state()
    lang = _language(state)
    next_path = safe_next(request.args.get("next"))
    if request.cookies.get(COOKIE_NAME) and current_user():
        return redirect(next_path, 303)
    notice = {"out": "signin_signed_out", "expired": "signin_expired"}.get(
        request.args.get("m", ""))
    return _page(auth_page.render(lang, next_path=next_path,
                                  notice=text(lang, notice) if notice else None))


def _submit_login() -> Response:
    state = _state()
    lang = _language(state)
    next_path = safe_next(request.form.get("next"))
    username = request.form.get("username", "").strip()
    password = request.form.get("password", "")

    def refuse(key: str, status: int, **values: object) -> Response:
        body = auth_page.render(lang, error=text(lang, key, **values), username=username,
                                next_path=next_path)
        return _page(body, status)

    if not _same_origin():
        return refuse("signin_other_site", 403)
    client = request.remote_addr or "unknown"
    user_key, client_key = f"user:{username.lower()}", f"client:{client}"
    wait = state.throttle.wait_seconds([(user_key, USER_LIMIT), (client_key, CLIENT_LIMIT)])
    if wait > 0:
        response = refuse("signin_throttled", 429)
        response.headers["Retry-After"] = str(int(wait) + 1)
        return response
    try:
        ok = bool(username) and check_login(state.engine, username, password)
        stored = password_hash(state.engine, username) if ok else None
    except SQLAlchemyError:
        return refuse("signin_store_down", 503)
    if not ok or stored is None:
        state.throttle.failed([user_key, client_key])
        log.warning("failed meeting-view sign-in as %r from %s", username[:64], client)
        return refuse("signin_failed", 401)
    if not current_app.secret_key:  # the store answered, but the secret could not be read
        return refuse("signin_store_down", 503)
    state.throttle.succeeded([user_key])
    session.clear()
    session.permanent = True
    session.update(user=username, since=time.time(), pw=fingerprint(stored))
    log.info("%s signed in to the meeting view from %s", username, client)
    return redirect(next_path, 303)


def _show_logout() -> Response:
    state = _state()
    lang = _language(state)
    user = current_user()
    if not user:
        return redirect(_login_url(auth_page.DEFAULT_NEXT, lang), 303)
    return _page(auth_page.render(lang, mode="signout", user=user))


def _submit_logout() -> Response:
    state = _state()
    lang = _language(state)
    if not _same_origin():
        return _page(auth_page.render(lang, error=text(lang, "signin_other_site")), 403)
    if session.get("user"):
        log.info("%s signed out of the meeting view", session.get("user"))
    session.clear()
    return redirect(_login_url(auth_page.DEFAULT_NEXT, lang, "out"), 303)


def register(server: Flask, config: Config, engine: Engine) -> None:
    """Add /login and /logout, the session cookie, and the guard for /meeting paths."""
    lifetime = config.meeting.session_hours * 3600
    state = AuthState(engine=engine, language=config.wall.language, lifetime=lifetime)
    server.extensions[EXTENSION] = state
    server.config.update(
        SESSION_COOKIE_NAME=COOKIE_NAME,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=timedelta(seconds=lifetime),
        # The sign-in lasts session_hours from signing in, not from the latest click.
        SESSION_REFRESH_EACH_REQUEST=False,
    )
    server.session_interface = _StoreSecretSessions(state)
    if state.load_secret(server):
        try:
            if count_users(engine) == 0:
                log.info("no meeting-view users yet: add one with "
                         "`python run_wallboard.py add-user NAME`")
        except SQLAlchemyError:
            pass
    server.before_request(_guard)
    server.after_request(_meeting_headers)
    server.add_url_rule("/login", "wallboard_login", _show_login, methods=["GET"])
    server.add_url_rule("/login", "wallboard_login_submit", _submit_login, methods=["POST"])
    server.add_url_rule("/logout", "wallboard_logout", _show_logout, methods=["GET"])
    server.add_url_rule("/logout", "wallboard_logout_submit", _submit_logout,
                        methods=["POST"])
