"""create_app: the Dash app for the screens. Nothing happens at import."""

from __future__ import annotations

import hashlib
from pathlib import Path

from dash import Dash
from sqlalchemy import Engine

from wallboard.accounts import auth
from wallboard.config import Config
from wallboard.ingest import api as ingest_api
from wallboard.meeting import app as meeting
from wallboard.meeting import exports, followups_api
from wallboard.wall import api
from wallboard.wall import page as wall
from wallboard.wall.snapshot import SnapshotHolder

PACKAGE = Path(__file__).resolve().parent
ASSETS = PACKAGE.parent / "assets"


def build_id(*folders: Path) -> str:
    """Hash the code and assets, so open screens can tell that a new version was deployed."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix in {".py", ".js", ".css", ".svg", ".woff2"}:
                digest.update(path.relative_to(folder).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def create_app(config: Config, holder: SnapshotHolder, build: str | None = None, *,
               engine: Engine | None = None) -> Dash:
    """Build the Dash app reading from holder; the caller starts the poller and server.

    build names the deployed version (default: a hash of code and assets); when it changes,
    open screens reload once. With an engine, survey tools can post responses.
    """
    build = build or build_id(PACKAGE, ASSETS)
    app = Dash(
        __name__,
        title="Promoter Wallboard",
        assets_folder=str(ASSETS),
        serve_locally=True,
        update_title=None,
        suppress_callback_exceptions=True,
        assets_ignore=meeting.WALL_ASSETS_IGNORE,  # the meeting's CSS and JS are its own
    )
    app.layout = wall.layout
    wall.register(app, config, holder, build)
    api.register(app.server, config, holder, build, engine)
    if engine is not None:
        ingest_api.register(app.server, config, engine)
        auth.register(app.server, config, engine)  # sign-in for /meeting
        followups_api.register(app.server, config, engine)
        exports.register(app.server, config, engine)
        meeting.create_app(app.server, config, engine, ASSETS)
    return app
