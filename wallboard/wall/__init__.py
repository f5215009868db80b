"""The public wall: poller -> snapshot -> panels, screen parameters and its routes."""

from wallboard.wall.screen_link import DEVICE_RE, ScreenFacts, ScreenLink

__all__ = ["DEVICE_RE", "ScreenFacts", "ScreenLink"]
