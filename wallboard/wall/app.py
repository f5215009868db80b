"""The wall's Dash app: its page, the screens' routes, the numbers as JSON and health."""

from __future__ import annotations

from pathlib import Path

from dash import Dash
from sqlalchemy import Engine

from wallboard.config import Config
from wallboard.wall import contract, health, page, screen_api
from wallboard.wall.render import PanelRenderer
from wallboard.wall.screen_link import ScreenLink
from wallboard.wall.snapshot import SnapshotHolder

# Dash matches assets_ignore against file names (not folders): the wall skips meeting.*
# (the meeting view's own CSS and JS); ignored files are still served.
ASSETS_IGNORE = r"^meeting\."


def create_wall_app(config: Config, holder: SnapshotHolder, build: str, assets: Path, *,
                    engine: Engine | None = None,
                    health_sections: health.Sections | None = None,
                    screen_link: ScreenLink | None = None) -> Dash:
    """Build the Dash app that serves the wall at / and its JSON routes; no I/O.

    screen_link (the fleet, from wallboard.screens) lets a named screen show its profile."""
    app = Dash(
        __name__,
        title="Promoter Wallboard",
        assets_folder=str(assets),
        serve_locally=True,
        update_title=None,
        suppress_callback_exceptions=True,
        assets_ignore=ASSETS_IGNORE,
    )
    app.layout = page.layout
    renderer = PanelRenderer(config, holder, screen_link)
    page.register(app, config, renderer, build)
    screen_api.register(app.server, holder, renderer, build)
    contract.register(app.server, config, holder, engine)
    health.register(app.server, holder, build, health_sections)
    return app
