"""The wall at /: full-screen panels that rotate, a celebration layer and a freshness corner."""

from __future__ import annotations

from functools import lru_cache

from dash import ClientsideFunction, Dash, Input, Output, dcc, html
from dash.exceptions import PreventUpdate

from wallboard import i18n, ids
from wallboard.config import Config
from wallboard.panels import goals, leaderboard, shoutouts, trend
from wallboard.panels.common import View
from wallboard.screen import Screen, parse_screen
from wallboard.snapshot import SnapshotHolder

PANELS = {"goals": goals.render, "leaderboard": leaderboard.render, "trend": trend.render,
          "shoutouts": shoutouts.render}


def layout() -> html.Div:
    """Return the wall's static frame; the panels arrive by callback."""
    return html.Div(id=ids.WALL, className="wall", children=[
        dcc.Location(id=ids.URL, refresh=False),
        dcc.Store(id=ids.WALL_VERSION),
        dcc.Store(id=ids.SCREEN),
        dcc.Store(id=ids.CLIENT_SINK),
        html.Main(id=ids.PANELS, className="panels"),
        html.Div(id=ids.CELEBRATION, className="celebration", hidden=True,
                 **{"aria-live": "polite", "data-count": "0"}),
        html.Div(id=ids.FRESHNESS, className="freshness", **{"data-stale": "false"}),
    ])


def register(app: Dash, config: Config, holder: SnapshotHolder, build_id: str) -> None:
    """Attach the wall's callbacks to app; they read the snapshot holder only."""

    def screen_for(search: str | None) -> Screen:
        snapshot = holder.snapshot
        known = {t.key for t in snapshot.teams} if snapshot else {t.key for t in config.teams}
        return parse_screen(search, config, known)

    @lru_cache(maxsize=64)
    def rendered(version: int, screen: Screen) -> html.Div:
        # Keyed by version: every screen with the same choices shares one rendering.
        snapshot = holder.snapshot
        view = View(snapshot=snapshot, screen=screen, config=config)
        sections = [s for name in screen.panels for s in PANELS[name](view)]
        return html.Div(sections, className="panel-set", **{"data-version": str(version)})

    @app.callback(Output(ids.SCREEN, "data"), Input(ids.URL, "search"))
    def screen_data(search: str | None) -> dict:
        screen = screen_for(search)
        return {**screen.as_json(), "texts": i18n.TEXTS[screen.language], "build": build_id,
                "celebrate_seconds": config.wall.celebrate_seconds,
                "sound": config.wall.sound, "timezone": config.wall.timezone}

    app.clientside_callback(ClientsideFunction(namespace="wallboard", function_name="configure"),
                            Output(ids.CLIENT_SINK, "data"), Input(ids.SCREEN, "data"))

    @app.callback(Output(ids.PANELS, "children"),
                  Input(ids.WALL_VERSION, "data"), Input(ids.URL, "search"))
    def panels(_version: int | None, search: str | None) -> html.Div:
        snapshot = holder.snapshot
        if snapshot is None:
            raise PreventUpdate
        return rendered(snapshot.version, screen_for(search))
