"""The API token: who may post responses and change follow-ups. One check for every route."""

from __future__ import annotations

import hmac

from flask import Response, request

from wallboard.config import Config
from wallboard.web import json_error


def header_token() -> str | None:
    """The token a request sends as 'Authorization: Bearer TOKEN' (or X-Wallboard-Token)."""
    header = request.headers.get("Authorization", "")
    if header[:7].lower() == "bearer ":
        return header[7:].strip()
    return request.headers.get("X-Wallboard-Token", "").strip() or None


def refuse_without_token(config: Config, *, what: str, query_allowed: bool = False
                         ) -> Response | None:
    """Return an error response unless the request carries the configured token.

    403 while no token is configured (the route is closed, not open); 401 for a missing or
    wrong token, compared in constant time. A ?token= in the URL is accepted only where
    query_allowed (webhook senders that cannot set headers) and refused elsewhere, since
    URLs end up in logs.
    """
    expected = config.api.token
    if not expected:
        return json_error(403, f"{what} is disabled: set [api] token or WALLBOARD_API_TOKEN")
    if "token" in request.args and not query_allowed:
        return json_error(401, "send the token in the Authorization header ('Authorization: "
                               "Bearer TOKEN'); ?token= is accepted only on /api/webhooks/")
    sent = header_token()
    if sent is None and query_allowed:
        sent = request.args.get("token")
    if not sent:
        return json_error(401, "missing token: send 'Authorization: Bearer TOKEN'")
    if not hmac.compare_digest(sent.encode(), expected.encode()):
        return json_error(401, "wrong token")
    return None

