"""The wall at /: full-screen panels that rotate, a celebration layer and a freshness corner."""

from __future__ import annotations

from dash import ClientsideFunction, Dash, Input, Output, dcc, html
from flask import request

from wallboard import i18n
from wallboard.config import Config
from wallboard.wall import ids
from wallboard.wall.render import PanelRenderer
from wallboard.wall.screen_link import DEVICE_COOKIE


def layout() -> html.Div:
    """Return the wall's static frame; wall.js fetches the panels into it."""
    return html.Div(id=ids.WALL, className="wall", children=[
        dcc.Location(id=ids.URL, refresh=False),
        dcc.Store(id=ids.SCREEN),
        dcc.Store(id=ids.CLIENT_SINK),
        html.Main(id=ids.PANELS, className="panels"),
        html.Div(id=ids.CELEBRATION, className="celebration", hidden=True,
                 **{"aria-live": "polite", "data-count": "0"}),
        html.Div(id=ids.FRESHNESS, className="freshness", **{"data-stale": "false"}),
    ])


def register(app: Dash, config: Config, renderer: PanelRenderer, build: str) -> None:
    """Attach the wall's callbacks: the screen's choices and texts, handed to wall.js."""

    @app.callback(Output(ids.SCREEN, "data"), Input(ids.URL, "search"))
    def screen_data(search: str | None) -> dict:
        # A named screen shows its stored profile (the page's device key comes as a cookie).
        shown, identity = renderer.resolve(search, request.cookies.get(DEVICE_COOKIE))
        screen = renderer.screen_for(shown)
        return {**screen.as_json(), "identity": identity, "texts": i18n.TEXTS[screen.language],
                "locale": i18n.locale_tag(screen.language),
                "quotes": i18n.QUOTES[screen.language], "build": build,
                "celebrate_seconds": config.wall.celebrate_seconds,
                "timezone": config.wall.timezone}

    app.clientside_callback(ClientsideFunction(namespace="wallboard", function_name="configure"),
                            Output(ids.CLIENT_SINK, "data"), Input(ids.SCREEN, "data"))
