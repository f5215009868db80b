"""/login and /logout for the meeting view, and registering sign-in on the server.

Cross-site requests: SameSite=Lax keeps the cookie off other sites' POSTs, and POST /login
and /logout also refuse an Origin (or Referer) naming another host.
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta

from flask import Flask, Response, current_app, redirect, request, session
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from wallboard.accounts import page as auth_page
from wallboard.accounts.guard import (
    guard,
    html_page,
    language_of,
    login_url,
    meeting_headers,
    same_origin,
)
from wallboard.accounts.page import safe_next
from wallboard.accounts.sessions import (
    COOKIE_NAME,
    EXTENSION,
    AuthState,
    StoreSecretSessions,
    auth_state,
    current_user,
    fingerprint,
)
from wallboard.accounts.users import check_login, count_users, password_hash
from wallboard.config import Config
from wallboard.i18n import text

log = logging.getLogger("wallboard.auth")
USER_LIMIT = 5      # failed sign-ins per user name in the throttle window ...
CLIENT_LIMIT = 20   # ... and per client address (offices share addresses behind NAT)


def _show_login() -> Response:
    state = auth_state()
    lang = language_of(state)
    next_path = safe_next(request.args.get("next"))
    if request.cookies.get(COOKIE_NAME) and current_user():
        return redirect(next_path, 303)
    notice = {"out": "signin_signed_out", "expired": "signin_expired"}.get(
        request.args.get("m", ""))
    return html_page(auth_page.render(lang, next_path=next_path,
                                  notice=text(lang, notice) if notice else None))


def _submit_login() -> Response:
    state = auth_state()
    lang = language_of(state)
    next_path = safe_next(request.form.get("next"))
    username = request.form.get("username", "").strip()
    password = request.form.get("password", "")

    def refuse(key: str, status: int, **values: object) -> Response:
        body = auth_page.render(lang, error=text(lang, key, **values), username=username,
                                next_path=next_path)
        return html_page(body, status)

    if not same_origin():
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
    state = auth_state()
    lang = language_of(state)
    user = current_user()
    if not user:
        return redirect(login_url(auth_page.DEFAULT_NEXT, lang), 303)
    return html_page(auth_page.render(lang, mode="signout", user=user))


def _submit_logout() -> Response:
    state = auth_state()
    lang = language_of(state)
    if not same_origin():
        return html_page(auth_page.render(lang, error=text(lang, "signin_other_site")), 403)
    if session.get("user"):
        log.info("%s signed out of the meeting view", session.get("user"))
    session.clear()
    return redirect(login_url(auth_page.DEFAULT_NEXT, lang, "out"), 303)


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
    server.session_interface = StoreSecretSessions(state)
    if state.load_secret(server):
        try:
            if count_users(engine) == 0:
                log.info("no meeting-view users yet: add one with "
                         "`python run_wallboard.py add-user NAME`")
        except SQLAlchemyError:
            pass
    server.before_request(guard)
    server.after_request(meeting_headers)
    server.add_url_rule("/login", "wallboard_login", _show_login, methods=["GET"])
    server.add_url_rule("/login", "wallboard_login_submit", _submit_login, methods=["POST"])
    server.add_url_rule("/logout", "wallboard_logout", _show_logout, methods=["GET"])
    server.add_url_rule("/logout", "wallboard_logout_submit", _submit_logout,
                        methods=["POST"])
