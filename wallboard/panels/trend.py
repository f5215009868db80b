"""The trend panel: weekly NPS per team with the goal line."""

from __future__ import annotations

from wallboard.panels.common import View, section


def render(view: View) -> list:
    """Return the trend section."""
    return [section("trend", view.t("trend"), view.t("window", days=view.config.wall.window_days),
                    [])]
