"""What a screen is told: the news body shared by the poll (/api/screen) and the push stream."""

from __future__ import annotations

import json

from wallboard.wall.snapshot import SnapshotHolder
from wallboard.web import iso


def screen_body(holder: SnapshotHolder, build: str, known: str | None) -> dict:
    """Return the news for a screen that knows snapshot version `known` (None: nothing).

    Unchanged costs a small dict: the version, the build (a new one makes screens reload),
    the stale marker and the time of the numbers. A screen that does not hold the current
    version also gets the change sequence and the recent events; it drops the celebrations
    it has shown already, so sending them again never replays one.
    """
    snapshot, health = holder.snapshot, holder.health
    version = snapshot.version if snapshot else 0
    body = {"v": version, "build": build, "stale": health.stale, "as_of": iso(health.last_ok)}
    if snapshot is not None and known != str(version):
        body["seq"] = snapshot.last_seq
        body["events"] = [e.as_json() for e in snapshot.events]
    return body


def sse_message(body: dict, event_id: int) -> bytes:
    """Format one server-sent event: its id (the snapshot version) and its JSON data."""
    data = json.dumps(body, separators=(",", ":"), ensure_ascii=False)
    return f"id: {event_id}\ndata: {data}\n\n".encode()


def sse_event(kind: str, body: dict) -> bytes:
    """Format a named server-sent event without an id (the snapshot version stays the id)."""
    data = json.dumps(body, separators=(",", ":"), ensure_ascii=False)
    return f"event: {kind}\ndata: {data}\n\n".encode()


def sse_comment(text: str = "hb") -> bytes:
    """A comment line: ignored by EventSource, but it keeps proxies from closing the line."""
    return f": {text}\n\n".encode()


def sse_retry(milliseconds: int) -> bytes:
    """Tell EventSource how long to wait before it reconnects after the line drops."""
    return f"retry: {int(milliseconds)}\n\n".encode()
