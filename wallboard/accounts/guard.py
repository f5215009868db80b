"""The guard in front of /meeting and /fleet: every path there needs a signed-in user, and
/fleet an admin.

The wall, the API and health stay open. A browser is sent to the sign-in page; anything else
(Dash callbacks, CSV downloads, scripts) gets 401. A browser's form sent after its sign-in
ended is sent to the sign-in page too (303), and from there back to the page of that form:
what was typed cannot be kept safely across the sign-in, so the sign-in page asks for the
form to be sent again. A team lead asking for /fleet gets 403: a page saying so in their
language, or JSON.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode, urlsplit

from flask import Response, g, redirect, request
from sqlalchemy.exc import SQLAlchemyError

from wallboard.accounts import page as auth_page
from wallboard.accounts.page import (
    DEFAULT_NEXT,
    FLEET_PREFIX,
    is_admin_path,
    is_signed_in_path,
    is_static_asset,
    pick_language,
    safe_next,
)
from wallboard.accounts.sessions import (
    COOKIE_NAME,
    AuthState,
    StoreUnavailable,
    auth_state,
    verified_user,
)
from wallboard.accounts.users import ADMIN, user_role
from wallboard.i18n import text
from wallboard.web import json_error


def language_of(state: AuthState) -> str:
    return pick_language(request.values.get("lang"), state.language)


def html_page(body: str, status: int = 200, *, script: bool = False) -> Response:
    """A signed-in page's answer: never cached, never framed, nothing loaded from elsewhere;
    with script, its own scripts (from this site, no inline code) may run and fetch."""
    response = Response(body, status=status, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Frame-Options"] = "DENY"
    scripts = "script-src 'self'; connect-src 'self'; " if script else ""
    response.headers["Content-Security-Policy"] = (
        f"default-src 'none'; {scripts}style-src 'unsafe-inline'; font-src 'self'; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
    return response


def same_origin() -> bool:
    """Tell whether a POST came from this site (or from a client that names no origin)."""
    origin = request.headers.get("Origin")
    if origin is not None:
        return origin != "null" and urlsplit(origin).netloc == request.host
    referer = request.headers.get("Referer")
    return not referer or urlsplit(referer).netloc == request.host


def login_url(next_path: str, lang: str | None = None, message: str | None = None) -> str:
    query = {"next": next_path}
    if lang:
        query["lang"] = lang
    if message:
        query["m"] = message
    return "/login?" + urlencode(query)


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def is_browser_form() -> bool:
    """Tell whether this is a browser sending an HTML form (a POST wanting a page back)."""
    return request.method == "POST" and request.mimetype in FORM_TYPES


def wants_page() -> bool:
    """Tell whether a browser asks: a page or a form of one, preferring HTML over JSON."""
    return ((request.method in ("GET", "HEAD") or is_browser_form()) and
            request.accept_mimetypes.best_match(["application/json", "text/html"])
            == "text/html")


def form_page(lang: str | None) -> str:
    """The page that holds the form POSTed here, to come back to after signing in: a screen's
    own page for its forms (rename, profile, forget; reload and identify sent from there),
    else the fleet list; the meeting view's start page for the meeting view."""
    if not is_admin_path(request.path):
        return DEFAULT_NEXT
    page = FLEET_PREFIX
    parts = request.path.split("/")  # "", "fleet", "screen", NAME, what
    own_page = len(parts) < 5 or parts[4] not in ("reload", "identify") \
        or request.form.get("back") == "screen"
    if len(parts) >= 4 and parts[2] == "screen" and parts[3] and own_page:
        page = f"{FLEET_PREFIX}/screen/{quote(parts[3], safe='')}"
    return f"{page}?{urlencode({'lang': lang})}" if lang else page


def store_down(state: AuthState) -> Response:
    """503 while the users cannot be read: a page saying so, or JSON."""
    if wants_page():
        lang = language_of(state)
        return html_page(auth_page.render(lang, error=text(lang, "signin_store_down")), 503)
    return json_error(503, "the user store cannot be read; try again", retry_after=10)


def refuse_lead(state: AuthState) -> Response | None:
    """403 for a signed-in user who is no admin on an admin path; None for an admin."""
    if not is_admin_path(request.path):
        return None
    try:
        g.wallboard_role = user_role(state.engine, g.wallboard_user)
    except SQLAlchemyError:
        return store_down(state)
    if g.wallboard_role == ADMIN:
        return None
    if wants_page():
        lang = language_of(state)
        return html_page(auth_page.render(lang, mode="admins", user=g.wallboard_user), 403)
    return json_error(403, "only admins may see and change the screens")


def guard() -> Response | tuple[Response, int] | None:
    if not is_signed_in_path(request.path) or is_static_asset(request.path):
        return None  # static files hold no data: no store query for them
    state = auth_state()
    try:
        g.wallboard_user = verified_user(state)
    except StoreUnavailable:
        return store_down(state)
    if g.wallboard_user:
        return refuse_lead(state)
    if wants_page() and is_browser_form():
        # Nothing of the form is done; 303: the browser GETs the sign-in page.
        lang = pick_language(request.args.get("lang"), "") or None
        return redirect(login_url(safe_next(form_page(lang)), lang, message="resend"), 303)
    if wants_page():
        target = request.full_path.rstrip("?") if request.query_string else request.path
        # A cookie that no longer signs anybody in: signed out, expired, user removed,
        # password changed.
        message = "expired" if request.cookies.get(COOKIE_NAME) else None
        return redirect(login_url(safe_next(target), message=message), 302)
    return json_error(401, "sign in first")


def meeting_headers(response: Response) -> Response:
    # Pages with customer data are not kept in caches or shown in other sites' frames.
    if is_signed_in_path(request.path):
        response.headers.setdefault("Cache-Control", "no-store")
        response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
    return response


