"""The checks every signed-in form shares against requests forged by another site.

The session cookie is SameSite=Lax (other sites' POSTs do not carry it), a POST must name this
site as its Origin (or Referer), as /login and /logout already require, and a form that
changes something also carries a form token: an HMAC of the browser's own session id, which
another site cannot read (the cookie is HttpOnly) and the store does not hold (it keeps only
the id's SHA-256). A token is good as long as its sign-in; a new sign-in makes a new one.
"""

from __future__ import annotations

import hashlib
import hmac

from flask import request

from wallboard.accounts.guard import same_origin
from wallboard.accounts.sessions import COOKIE_NAME

FORM_FIELD = "form_token"
_PURPOSE = b"wallboard form token v1"


def form_token() -> str:
    """The form token of this request's sign-in (empty without a session cookie)."""
    session = request.cookies.get(COOKIE_NAME)
    if not session:
        return ""
    return hmac.new(session.encode("utf-8"), _PURPOSE, hashlib.sha256).hexdigest()


def forged_form() -> bool:
    """Tell whether this POST must be refused: sent from another site, or without the token
    of the sign-in it came with (compared in constant time)."""
    expected = form_token()
    sent = request.form.get(FORM_FIELD, "")
    return (not same_origin() or not expected
            or not hmac.compare_digest(sent.encode("utf-8"), expected.encode("utf-8")))
