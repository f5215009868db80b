"""create_app: the wall, the posting API and the signed-in meeting view on one server."""

from __future__ import annotations

import hashlib
from pathlib import Path

from dash import Dash
from sqlalchemy import Engine

from wallboard import accounts, meeting
from wallboard.config import Config
from wallboard.ingest import api as ingest_api
from wallboard.wall.app import create_wall_app
from wallboard.wall.health import Sections
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
    if engine is not None:
        ingest_api.register(app.server, config, engine)
        accounts.register(app.server, config, engine)  # sign-in in front of /meeting
        meeting.create_app(app.server, config, engine, ASSETS,
                           current_user=accounts.current_user)
    return app
