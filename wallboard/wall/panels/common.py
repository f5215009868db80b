"""Pieces every panel uses: the full-screen section and the panel header."""

from __future__ import annotations

from dataclasses import dataclass

from dash import html

from wallboard import i18n
from wallboard.config import Config
from wallboard.wall.screen import Screen
from wallboard.wall.snapshot import Snapshot, TeamFigures


@dataclass(frozen=True)
class View:
    """What a panel renders from: the snapshot, the screen's choices and the config."""

    snapshot: Snapshot
    screen: Screen
    config: Config

    @property
    def lang(self) -> str:
        return self.screen.language

    def t(self, key: str, **values: object) -> str:
        return i18n.text(self.lang, key, **values)

    def teams(self) -> tuple[TeamFigures, ...]:
        """Return the teams this screen shows: the pinned one, or all."""
        if self.screen.team:
            return tuple(t for t in self.snapshot.teams if t.key == self.screen.team)
        return self.snapshot.teams


def section(name: str, title: str, subtitle: str, body: list, *, page: str = "") -> html.Section:
    """Wrap a panel's body in a full-screen section with a header."""
    return html.Section(
        className=f"panel panel-{name}",
        id=f"panel-{name}{page}",
        **{"data-panel": name},
        children=[
            html.Header(className="panel-header", children=[
                html.H1(title, className="panel-title"),
                html.Div(subtitle, className="panel-subtitle"),
            ]),
            html.Div(className="panel-body", children=body),
        ],
    )


def chunks(items: tuple, size: int) -> list[tuple]:
    """Split items into pages of at most size."""
    return [items[i:i + size] for i in range(0, len(items), size)] or [()]
