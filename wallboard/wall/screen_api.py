"""The screens' routes on the WSGI side: GET /api/screen (anything new?) and /api/panels."""

from __future__ import annotations

from flask import Flask, Response, request

from wallboard.wall.health import not_ready
from wallboard.wall.news import screen_body
from wallboard.wall.render import PanelRenderer
from wallboard.wall.screen_link import DEVICE_COOKIE
from wallboard.wall.snapshot import SnapshotHolder
from wallboard.web import json_answer, json_error


def register(server: Flask, holder: SnapshotHolder, renderer: PanelRenderer,
             build: str) -> None:
    """Add the two routes every screen calls; both read the snapshot holder only."""

    @server.get("/api/screen")
    def screen_poll() -> Response:
        # A screen that cannot hold the push stream asks here every second (under the
        # production server the async side answers this route; this one serves --debug).
        return json_answer(screen_body(holder, build, request.args.get("v")))

    @server.get("/api/stream")
    def no_stream() -> Response:
        # Only the async server holds push streams; under --debug, screens poll /api/screen.
        return json_error(503, "no push stream on this server: poll /api/screen",
                          retry_after=60)

    @server.get("/api/panels")
    def panels() -> Response:
        # Fetched by wall.js when the version changes and put in place with set_props:
        # unlike a callback input, that leaves nothing behind in Dash's undo history, which
        # would otherwise grow with every new response for as long as the TV runs.
        snapshot = holder.snapshot
        if snapshot is None:
            return not_ready()
        search, _ = renderer.resolve(request.args.get("search"),
                                     request.cookies.get(DEVICE_COOKIE))
        screen = renderer.screen_for(search)
        return Response(renderer.rendered(snapshot, screen), mimetype="application/json",
                        headers={"Cache-Control": "no-store"})
