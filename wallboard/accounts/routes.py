"""/login and /logout for the meeting view, and registering sign-in on the server.

Cross-site requests: SameSite=Lax keeps the cookie off other sites' POSTs, and POST /login
and /logout also refuse an Origin (or Referer) naming another host.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, redirect, request
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
    auth_state,
    close_session,
    current_user,
    open_session,
)
from wallboard.accounts.throttle import Throttle
from wallboard.accounts.users import check_login, count_users
from wallboard.config import Config
from wallboard.i18n import text

log = logging.getLogger("wallboard.auth")


def _show_login() -> Response:
    state = auth_state()
    lang = language_of(state)
    next_path = safe_next(request.args.get("next"))
    if request.cookies.get(COOKIE_NAME) and current_user():
        return redirect(next_path, 303)
    notice = {"out": "signin_signed_out", "expired": "signin_expired",
              "resend": "signin_resend"}.get(
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
    try:
        ticket = state.throttle.claim(username[:64], client)
        if isinstance(ticket, float | int):
            response = refuse("signin_throttled", 429)
            response.headers["Retry-After"] = str(int(ticket) + 1)
            return response
        ok = bool(username) and check_login(state.engine, username, password)
        if not ok:
            log.warning("failed meeting-view sign-in as %r from %s", username[:64], client)
            return refuse("signin_failed", 401)
        state.throttle.succeeded(ticket)
        response = redirect(next_path, 303)
        open_session(state, response, username)
    except SQLAlchemyError:
        return refuse("signin_store_down", 503)
    log.info("%s signed in to the meeting view from %s", username, client)
    return response


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
    user = current_user()
    response = redirect(login_url(auth_page.DEFAULT_NEXT, lang, "out"), 303)
    try:
        close_session(state, response)
    except SQLAlchemyError:
        return html_page(auth_page.render(lang, error=text(lang, "signin_store_down")), 503)
    if user:
        log.info("%s signed out of the meeting view", user)
    return response


def register(server: Flask, config: Config, engine: Engine) -> None:
    """Add /login and /logout, the session cookie, and the guard for /meeting paths."""
    lifetime = config.meeting.session_hours * 3600
    state = AuthState(engine=engine, language=config.wall.language, lifetime=lifetime,
                      throttle=Throttle(engine))
    server.extensions[EXTENSION] = state
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
