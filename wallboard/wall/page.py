"""The wall at /: full-screen panels that rotate, a celebration layer and a freshness corner."""

from __future__ import annotations

from functools import lru_cache

from dash import ClientsideFunction, Dash, Input, Output, dcc, html
from flask import Response, request
from plotly.io.json import to_json_plotly

from wallboard import i18n
from wallboard.config import Config
from wallboard.wall import ids
from wallboard.wall.panels import goals, leaderboard, shoutouts, trend
from wallboard.wall.panels.common import View
from wallboard.wall.screen import Screen, parse_screen
from wallboard.wall.snapshot import Snapshot, SnapshotHolder

PANELS = {"goals": goals.render, "leaderboard": leaderboard.render, "trend": trend.render,
          "shoutouts": shoutouts.render}


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


def overdue_badge(snapshot: Snapshot, screen: Screen) -> html.Div:
    """A calm corner note: how many of the pinned team's follow-ups are past the SLA.

    A count only: no customer names, no comments. Hidden (but present) at zero.
    """
    count = snapshot.followups.get(screen.team, (0, 0))[1]
    label = i18n.plural(screen.language, "overdue_followups", count)
    return html.Div(label, className="overdue-badge", hidden=count == 0,
                    **{"data-count": str(count), "aria-live": "polite"})


def register(app: Dash, config: Config, holder: SnapshotHolder, build_id: str) -> None:
    """Attach the wall's callback and its panels route; both read the snapshot holder only."""

    def screen_for(search: str | None) -> Screen:
        snapshot = holder.snapshot
        known = {t.key for t in snapshot.teams} if snapshot else {t.key for t in config.teams}
        return parse_screen(search, config, known)

    @lru_cache(maxsize=16)
    def rendered(snapshot: Snapshot, screen: Screen) -> str:
        # One rendering per snapshot and screen choices, shared by every screen alike.
        view = View(snapshot=snapshot, screen=screen, config=config)
        sections = [s for name in screen.panels for s in PANELS[name](view)]
        if screen.overdue and screen.team:
            sections.append(overdue_badge(snapshot, screen))
        panel_set = html.Div(sections, className="panel-set",
                             **{"data-version": str(snapshot.version)})
        return to_json_plotly({"v": snapshot.version, "panels": panel_set})

    @app.server.get("/api/panels")
    def panels() -> Response:
        # Fetched by wall.js when the version changes and put in place with set_props:
        # unlike a callback input, that leaves nothing behind in Dash's undo history, which
        # would otherwise grow with every new response for as long as the TV runs.
        snapshot = holder.snapshot
        if snapshot is None:
            return Response('{"error": "no numbers yet"}', status=503,
                            mimetype="application/json")
        body = rendered(snapshot, screen_for(request.args.get("search")))
        return Response(body, mimetype="application/json",
                        headers={"Cache-Control": "no-store"})

    @app.callback(Output(ids.SCREEN, "data"), Input(ids.URL, "search"))
    def screen_data(search: str | None) -> dict:
        screen = screen_for(search)
        return {**screen.as_json(), "texts": i18n.TEXTS[screen.language],
                "quotes": i18n.QUOTES[screen.language], "build": build_id,
                "celebrate_seconds": config.wall.celebrate_seconds,
                "sound": config.wall.sound, "timezone": config.wall.timezone}

    app.clientside_callback(ClientsideFunction(namespace="wallboard", function_name="configure"),
                            Output(ids.CLIENT_SINK, "data"), Input(ids.SCREEN, "data"))
