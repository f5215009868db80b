"""GET /healthz and /api/health: one contract saying whether the store is read, for monitors."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from flask import Flask, Response

from wallboard.wall.snapshot import SnapshotHolder
from wallboard.web import iso, json_answer, json_error

# Extra sections of the answer, each read from memory (never a query per hit).
Sections = Mapping[str, Callable[[], dict]]


def not_ready() -> Response:
    """Answer 503 while no snapshot exists yet: the store has not been read since start."""
    return json_error(503, "no numbers yet: the store has not been read", retry_after=2)


def health_body(holder: SnapshotHolder, build: str, sections: Sections) -> tuple[dict, int]:
    """Return the health answer and its status: 200 while the store is read, 503 otherwise."""
    snapshot, health = holder.snapshot, holder.health
    readable = health.last_ok is not None and health.failures == 0
    status = "starting" if snapshot is None else ("ok" if readable else "failing")
    body = {"status": status, "store_readable": readable,
            "last_poll_ok": iso(health.last_ok), "failed_polls": health.failures,
            "last_error": health.last_error, "trouble": health.trouble,
            "failing_since": iso(health.failing_since), "stale": health.stale,
            "version": snapshot.version if snapshot else 0, "build": build,
            "responses_in_window": snapshot.total_responses if snapshot else 0}
    for name, read in sections.items():
        body[name] = read()
    return body, 200 if status == "ok" else 503


def register(server: Flask, holder: SnapshotHolder, build: str,
             sections: Sections | None = None) -> None:
    """Add /healthz (and /api/health, the same answer) to the server."""
    sections = sections or {}

    def answer() -> Response:
        body, status = health_body(holder, build, sections)
        return json_answer(body, status)

    server.add_url_rule("/healthz", "healthz", answer, methods=["GET"])
    server.add_url_rule("/api/health", "api_health", answer, methods=["GET"])
