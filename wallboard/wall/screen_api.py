"""The screens' hot routes: GET /api/screen (anything new?) and /api/panels (the pictures)."""

from __future__ import annotations

from flask import Flask, Response, request

from wallboard.wall.health import not_ready
from wallboard.wall.render import PanelRenderer
from wallboard.wall.snapshot import SnapshotHolder
from wallboard.web import iso, json_answer


def register(server: Flask, holder: SnapshotHolder, renderer: PanelRenderer,
             build: str) -> None:
    """Add the two routes every screen calls; both read the snapshot holder only."""

    @server.get("/api/screen")
    def screen_poll() -> Response:
        # The hot path: every screen asks every second. Unchanged costs a dict and a dump.
        snapshot, health = holder.snapshot, holder.health
        version = snapshot.version if snapshot else 0
        body = {"v": version, "build": build, "stale": health.stale,
                "as_of": iso(health.last_ok)}
        if snapshot is not None and request.args.get("v") != str(version):
            body["seq"] = snapshot.last_seq
            body["events"] = [e.as_json() for e in snapshot.events]
        return json_answer(body)

    @server.get("/api/panels")
    def panels() -> Response:
        # Fetched by wall.js when the version changes and put in place with set_props:
        # unlike a callback input, that leaves nothing behind in Dash's undo history, which
        # would otherwise grow with every new response for as long as the TV runs.
        snapshot = holder.snapshot
        if snapshot is None:
            return not_ready()
        screen = renderer.screen_for(request.args.get("search"))
        return Response(renderer.rendered(snapshot, screen), mimetype="application/json",
                        headers={"Cache-Control": "no-store"})
