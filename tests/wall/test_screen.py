"""A screen's URL parameters: each one alone, and bad values falling back to the config."""

from __future__ import annotations

from pathlib import Path

import pytest

from wallboard.config import parse_config
from wallboard.wall.screen import parse_screen

CONFIG = parse_config({"wall": {"language": "en", "rotate_seconds": 20,
                                "panels": ["goals", "leaderboard"]}}, Path("/x/config.toml"))
TEAMS = {"support", "sales"}
DEFAULT = ("goals", "leaderboard")


@pytest.mark.parametrize(("query", "team", "panels", "rotate", "celebrate", "lang"), [
    ("", None, DEFAULT, 20, True, "en"),
    ("?team=support", "support", DEFAULT, 20, True, "en"),
    ("?team=SUPPORT", "support", DEFAULT, 20, True, "en"),
    ("?team=marketing", None, DEFAULT, 20, True, "en"),
    ("?panels=trend,goals", None, ("trend", "goals"), 20, True, "en"),
    ("?panels=Trend", None, ("trend",), 20, True, "en"),
    ("?panels=trend,weather", None, DEFAULT, 20, True, "en"),
    ("?panels=", None, DEFAULT, 20, True, "en"),
    ("?rotate=45", None, DEFAULT, 45, True, "en"),
    ("?rotate=1", None, DEFAULT, 20, True, "en"),
    ("?rotate=abc", None, DEFAULT, 20, True, "en"),
    ("?rotate=inf", None, DEFAULT, 20, True, "en"),
    ("?celebrate=0", None, DEFAULT, 20, False, "en"),
    ("?celebrate=OFF", None, DEFAULT, 20, False, "en"),
    ("?celebrate=maybe", None, DEFAULT, 20, True, "en"),
    ("?lang=da", None, DEFAULT, 20, True, "da"),
    ("?lang=PL", None, DEFAULT, 20, True, "pl"),
    ("?lang=de", None, DEFAULT, 20, True, "en"),
])
def test_screen_parameters(query: str, team: str | None, panels: tuple, rotate: float,
                           celebrate: bool, lang: str) -> None:
    screen = parse_screen(query, CONFIG, TEAMS)
    assert (screen.team, screen.panels, screen.rotate_seconds, screen.celebrate,
            screen.language) == (team, panels, rotate, celebrate, lang)


@pytest.mark.parametrize(("badge", "query", "shown"), [
    (True, "?team=support", True),
    (True, "?team=support&overdue=0", False),
    (True, "?team=support&overdue=false", False),
    (True, "", False),  # only a screen pinned to a team shows it
    (True, "?overdue=1", False),
    (False, "?team=support", False),
    (False, "?team=support&overdue=1", True),
])
def test_overdue_badge_follows_config_and_url(badge: bool, query: str, shown: bool) -> None:
    config = parse_config({"wall": {"overdue_badge": badge}}, Path("/x/config.toml"))
    assert parse_screen(query, config, TEAMS).overdue is shown
