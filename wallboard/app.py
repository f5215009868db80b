"""create_app: the wall, the posting API and the signed-in meeting view on one server."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from dash import Dash
from flask import Flask, Response, request
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from wallboard import accounts, meeting, store
from wallboard.config import Config
from wallboard.ingest import api as ingest_api
from wallboard.wall.app import create_wall_app
from wallboard.wall.health import Sections
from wallboard.wall.snapshot import SnapshotHolder
from wallboard.web import store_unavailable

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


def create_app(config: Config, holder: SnapshotHolder, build: str | None = None, *,
               engine: Engine | None = None, health_sections: Sections | None = None) -> Dash:
    """Build the app reading from holder; the caller starts the poller and the server.

    build names the deployed version (default: a hash of code and assets); when it changes,
    open screens reload once. With an engine, survey tools can post responses and team
    leads can sign in to the meeting view. Nothing is read or started here.
    """
    build = build or build_id(PACKAGE, ASSETS)
    app = create_wall_app(config, holder, build, ASSETS, engine=engine,
                          health_sections=health_sections)
    # Behind a reverse proxy: the client's address, scheme and host, from trusted proxies only.
    app.server.wsgi_app = accounts.trust_proxies(app.server.wsgi_app,
                                                 config.server.trusted_proxies)
    answer_store_trouble(app.server)
    if engine is not None:
        ingest_api.register(app.server, config, engine)
        accounts.register(app.server, config, engine)  # sign-in in front of /meeting
        meeting.create_app(app.server, config, engine, ASSETS,
                           current_user=accounts.current_user)
    return app
