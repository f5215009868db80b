"""Render a screen's panels from the snapshot, once per snapshot and screen choices."""

from __future__ import annotations

import logging
from dataclasses import replace
from functools import lru_cache

from dash import html
from plotly.io.json import to_json_plotly

from wallboard import i18n
from wallboard.config import Config
from wallboard.wall.panels import challenge, goals, leaderboard, shoutouts, trend
from wallboard.wall.panels.common import View
from wallboard.wall.screen import Screen, parse_screen
from wallboard.wall.screen_link import DEVICE_RE, ScreenLink
from wallboard.wall.snapshot import Snapshot, SnapshotHolder

PANELS = {"goals": goals.render, "leaderboard": leaderboard.render, "trend": trend.render,
          "shoutouts": shoutouts.render, "challenge": challenge.render}
CACHED_RENDERINGS = 16
log = logging.getLogger(__name__)


def overdue_badge(snapshot: Snapshot, screen: Screen) -> html.Div:
    """A calm corner note: how many of the pinned team's follow-ups are past the SLA.

    A count only: no customer names, no comments. Hidden (but present) at zero.
    """
    count = snapshot.followups.get(screen.team, (0, 0))[1]
    label = i18n.plural(screen.language, "overdue_followups", count)
    return html.Div(label, className="overdue-badge", hidden=count == 0,
                    **{"data-count": str(count), "aria-live": "polite"})


def render_key(screen: Screen) -> Screen:
    """Return screen with the choices rendering ignores set to fixed values: the key under
    which its panels are cached (team, panels, language and the overdue badge remain)."""
    return replace(screen, rotate_seconds=0.0, celebrate=True, sound=False)


class PanelRenderer:
    """Turn URL parameters into a Screen and a snapshot into panels JSON; thread-safe."""

    def __init__(self, config: Config, holder: SnapshotHolder,
                 link: ScreenLink | None = None) -> None:
        self.config, self.holder, self.link = config, holder, link
        self._cached = lru_cache(maxsize=CACHED_RENDERINGS)(self._render)
        self.renders = 0  # how many times panels were actually drawn (the cache's misses)

    def rendered(self, snapshot: Snapshot, screen: Screen) -> str:
        """Return the panels JSON of snapshot for screen, drawn once per what it depends on.

        Only the choices rendering reads are the cache key: the rotation pace and the
        celebrations are played by wall.js, so ?rotate=3.01 and ?rotate=3.02 share a drawing.
        """
        return self._cached(snapshot, render_key(screen))

    def screen_for(self, search: str | None) -> Screen:
        """Read a screen's URL parameters against the teams the wall knows."""
        snapshot = self.holder.snapshot
        known = ({t.key for t in snapshot.teams} if snapshot
                 else {t.key for t in self.config.teams})
        return parse_screen(search, self.config, known)

    def resolve(self, search: str | None, device: str | None) -> tuple[str | None, str]:
        """(the query a screen shows, its identity key): a named screen shows its stored
        profile, whatever its URL says; without a fleet, or when the store cannot say, the
        URL's own parameters (identity "")."""
        if self.link is None:
            return search, ""
        device = device.strip().lower() if device else None
        try:
            return self.link.resolve(device if device and DEVICE_RE.fullmatch(device) else None,
                                     search)
        except Exception as exc:  # noqa: BLE001 - the store is down: show the URL's choices
            log.warning("screen profile not resolved (%s): %s", type(exc).__name__, exc)
            return search, ""

    def _render(self, snapshot: Snapshot, screen: Screen) -> str:
        # One rendering per snapshot and screen choices, shared by every screen alike.
        self.renders += 1
        view = View(snapshot=snapshot, screen=screen, config=self.config)
        sections = [s for name in screen.panels for s in PANELS[name](view)]
        if screen.overdue and screen.team:
            sections.append(overdue_badge(snapshot, screen))
        panel_set = html.Div(sections, className="panel-set",
                             **{"data-version": str(snapshot.version)})
        return to_json_plotly({"v": snapshot.version, "panels": panel_set})
