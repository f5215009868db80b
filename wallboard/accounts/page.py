"""The sign-in page: server-rendered HTML, every value escaped, in the wall's languages."""

from __future__ import annotations

import functools
from urllib.parse import urlencode, urlsplit

from jinja2 import Environment, PackageLoader, select_autoescape

from wallboard.config import LANGUAGES
from wallboard.i18n import TEXTS

MEETING_PREFIX = "/meeting"
FLEET_PREFIX = "/fleet"
DEFAULT_NEXT = "/meeting/"
STATIC_PREFIXES = (MEETING_PREFIX + "/assets/", MEETING_PREFIX + "/_dash-component-suites/")
STATIC_PATHS = frozenset({MEETING_PREFIX + "/_favicon.ico", MEETING_PREFIX + "/favicon.ico"})
LANGUAGE_NAMES = {"en": "English", "da": "Dansk", "pl": "Polski"}


@functools.cache
def _environment() -> Environment:
    return Environment(loader=PackageLoader("wallboard.accounts", "templates"),
                       autoescape=select_autoescape(default=True), auto_reload=False)


def is_meeting_path(path: str) -> bool:
    """Tell whether a request path belongs to the meeting view (and needs a sign-in)."""
    return path == MEETING_PREFIX or path.startswith(MEETING_PREFIX + "/")


def is_admin_path(path: str) -> bool:
    """Tell whether a request path belongs to the fleet page (signed-in admins only)."""
    return path == FLEET_PREFIX or path.startswith(FLEET_PREFIX + "/")


def is_signed_in_path(path: str) -> bool:
    """Tell whether a request path needs a sign-in: the meeting view and the fleet page."""
    return is_meeting_path(path) or is_admin_path(path)


def is_static_asset(path: str) -> bool:
    """Tell whether a meeting-view path is one of Dash's static files (scripts, styles,
    component suites, favicon): the same for everybody, no customer data, no sign-in needed."""
    return (path.startswith(STATIC_PREFIXES) or path in STATIC_PATHS) and ".." not in path


def safe_next(value: str | None) -> str:
    """Return value if it is a local meeting-view or fleet-page path to go to after sign-in,
    else the meeting view's start page: never another site, never the sign-in page itself."""
    if not value or any(c in value for c in "\\\r\n\t ") or not value.isprintable():
        return DEFAULT_NEXT
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or not is_signed_in_path(parts.path):
        return DEFAULT_NEXT
    if ".." in parts.path.split("/"):
        return DEFAULT_NEXT
    return value


def pick_language(value: str | None, default: str) -> str:
    """Return value if it is a known language, else default."""
    return value if value in LANGUAGES else default


def render(lang: str, *, mode: str = "signin", error: str | None = None,
           notice: str | None = None, username: str = "", next_path: str = DEFAULT_NEXT,
           user: str | None = None) -> str:
    """Render the sign-in page (mode "signin"), the sign-out page (mode "signout") or the
    page telling a signed-in team lead that the fleet page is for admins (mode "admins")."""
    base = {"signout": "/logout", "admins": FLEET_PREFIX}.get(mode, "/login")
    languages = []
    for code in LANGUAGES:
        query = {"lang": code} if mode != "signin" else {"next": next_path, "lang": code}
        languages.append((code, LANGUAGE_NAMES[code], f"{base}?{urlencode(query)}"))
    template = _environment().get_template("signin.html")
    return template.render(lang=lang, t=TEXTS[lang], mode=mode, error=error, notice=notice,
                           username=username[:64], next_path=next_path, user=user,
                           languages=languages)
