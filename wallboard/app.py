"""create_app: the wall, the posting API and the signed-in meeting view on one server."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from pathlib import Path

from dash import Dash
from flask import Flask, Response, request
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from starlette.applications import Starlette
from starlette.routing import Mount
from werkzeug.exceptions import HTTPException

from wallboard import accounts, meeting, store
from wallboard.config import Config
from wallboard.ingest import api as ingest_api
from wallboard.screens import api as screens_api
from wallboard.screens import fleet_routes
from wallboard.wall import ScreenLink, stream
from wallboard.wall.app import create_wall_app
from wallboard.wall.health import Sections
from wallboard.wall.snapshot import SnapshotHolder
from wallboard.web import json_error, store_unavailable

PACKAGE = Path(__file__).resolve().parent
ASSETS = PACKAGE.parent / "assets"
log = logging.getLogger(__name__)


def build_id(*folders: Path) -> str:
    """Hash the code and assets, so open screens can tell that a new version was deployed."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix in {".py", ".js", ".css", ".svg", ".woff2"}:
                digest.update(path.relative_to(folder).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def answer_store_trouble(server: Flask) -> None:
    """Make any route the store fails under answer 503 with Retry-After and the plain kind
    of trouble, never a 500 page or the driver's text (that goes to the log)."""

    @server.errorhandler(SQLAlchemyError)
    def store_trouble(error: SQLAlchemyError) -> Response:
        return store_unavailable(log, f"{request.method} {request.path}", error,
                                 trouble=store.classify(error).text)


DASH_CALLBACK_PATH = "_dash-update-component"
MALFORMED_CALLBACK = (KeyError, IndexError, TypeError, ValueError, AttributeError)


def answer_malformed_callbacks(server: Flask) -> None:
    """Make a malformed request to a Dash callback route (an unknown output, a body of the
    wrong shape: a script or a scanner, never our pages) answer 400, not a 500 page."""

    @server.errorhandler(Exception)
    def malformed(error: Exception) -> Response:
        if isinstance(error, HTTPException):
            return error
        if (request.path.endswith(DASH_CALLBACK_PATH)
                and isinstance(error, MALFORMED_CALLBACK)):
            log.warning("refused a malformed callback request %s: %s: %s", request.path,
                        type(error).__name__, error)
            return json_error(400, "malformed callback request")
        log.error("%s %s failed", request.method, request.path, exc_info=error)
        return json_error(500, "internal error")


def default_build() -> str:
    """The build id when none is named: a hash of this version's code and assets."""
    return build_id(PACKAGE, ASSETS)


def create_app(config: Config, holder: SnapshotHolder, build: str | None = None, *,
               engine: Engine | None = None, health_sections: Sections | None = None,
               on_stored: Callable[[], object] | None = None,
               screen_link: ScreenLink | None = None) -> Dash:
    """Build the app reading from holder; the caller starts the poller and the server.

    build names the deployed version (default: a hash of code and assets); when it changes,
    open screens reload once. With an engine, survey tools can post responses and team
    leads can sign in to the meeting view; on_stored is called when a post stored something
    (it wakes the poller); screen_link (a wallboard.screens.ScreenRegistry) gives screens
    their identity and control. Nothing is read or started here.
    """
    build = build or default_build()
    app = create_wall_app(config, holder, build, ASSETS, engine=engine,
                          health_sections=health_sections, screen_link=screen_link)
    # Behind a reverse proxy: the client's address, scheme and host, from trusted proxies only.
    app.server.wsgi_app = accounts.trust_proxies(app.server.wsgi_app,
                                                 config.server.trusted_proxies)
    answer_store_trouble(app.server)
    answer_malformed_callbacks(app.server)
    if engine is not None:
        ingest_api.register(app.server, config, engine, on_stored=on_stored)
        accounts.register(app.server, config, engine)  # sign-in in front of /meeting, /fleet
        meeting.create_app(app.server, config, engine, ASSETS,
                           current_user=accounts.current_user,
                           current_role=accounts.current_role)
        screens_api.register_api(app.server, config, engine, build)  # /api/screens
        fleet_routes.register_fleet(app.server, config, engine, build)  # /fleet, admins
    return app


def create_asgi_app(app: Dash, hub: stream.NewsHub, build: str, *,
                    heartbeat: float = stream.HEARTBEAT_SECONDS,
                    wsgi_threads: int = 16) -> Starlette:
    """Serve app on an async server: the screens' push stream and /api/screen are async,
    fed by hub (a thousand idle screens cost no thread each); everything else goes to the
    Dash/Flask app through a pool of wsgi_threads threads."""
    from a2wsgi import WSGIMiddleware

    screen_routes = stream.routes(hub, build, heartbeat=heartbeat)
    flask_side = DrainOversized(WSGIMiddleware(app.server, workers=wsgi_threads),
                                above=ingest_api.MAX_BODY_BYTES)
    return Starlette(routes=[*screen_routes, Mount("/", app=flask_side)])


class DrainOversized:
    """Read and drop a request body larger than `above` before the app answers it (413).

    The app refuses such a body without reading it; an async server then closes the line
    with the body unread, and the sender sees "connection reset" instead of the 413 that
    says why. Bodies beyond `upto` are not read at all.
    """

    def __init__(self, app: Callable, *, above: int, upto: int = 64 * 1024 * 1024) -> None:
        self.app, self.above, self.upto = app, above, upto

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        length = -1
        if scope["type"] == "http":
            value = dict(scope["headers"]).get(b"content-length", b"")
            length = int(value) if value.isdigit() else -1
        if not self.above < length <= self.upto:
            await self.app(scope, receive, send)
            return
        more = True
        while more:
            message = await receive()
            more = message["type"] == "http.request" and message.get("more_body", False)
        told = False

        async def emptied() -> dict:
            nonlocal told
            if told:
                return await receive()  # after the body: whatever the server says next
            told = True
            return {"type": "http.request", "body": b"", "more_body": False}

        await self.app(scope, emptied, send)
