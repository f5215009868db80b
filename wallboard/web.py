"""JSON answers shared by every route: bodies no cache keeps, one error shape, ISO times, and
the answer when the store is in trouble (503 with Retry-After, no internals).
"""

from __future__ import annotations

import logging
from datetime import datetime

from flask import Response, jsonify


def iso(when: datetime | None) -> str | None:
    """Format a moment as ISO 8601 to the second, or None."""
    return when.isoformat(timespec="seconds") if when else None


def json_answer(body: object, status: int = 200) -> Response:
    """Answer body as JSON that no browser or proxy may cache (it changes with every poll)."""
    response = jsonify(body)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response


def json_error(status: int, message: str, *, retry_after: int | None = None) -> Response:
    """Answer {"error": message} with status; with retry_after, say when to come back."""
    response = json_answer({"error": message}, status)
    if retry_after is not None:
        response.headers["Retry-After"] = str(retry_after)
    return response


# How long a client is asked to wait before sending again while the store is in trouble.
RETRY_AFTER_SECONDS = 30


def store_unavailable(log: logging.Logger, what: str, error: BaseException, *,
                      trouble: str) -> Response:
    """Answer 503 with Retry-After and trouble, the plain kind of store trouble (the store's
    `classify(error).text`); the full error goes to the log only."""
    log.error("%s failed, the store cannot be used: %s", what,
              " ".join(str(error).split())[:2000])
    return json_error(503, f"{trouble}; nothing of this request was stored: send it again in "
                           f"{RETRY_AFTER_SECONDS} seconds",
                      retry_after=RETRY_AFTER_SECONDS)
