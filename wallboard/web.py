"""JSON answers shared by every route: bodies no cache keeps, one error shape, ISO times."""

from __future__ import annotations

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
