"""The shout-outs panel: the newest promoter comments with employee and team."""

from __future__ import annotations

from wallboard.panels.common import View, section


def render(view: View) -> list:
    """Return the shout-outs section."""
    return [section("shoutouts", view.t("shoutouts"), "", [])]
