"""The public wall: poller -> snapshot -> panels, screen parameters and its routes."""

from wallboard.wall.challenge import challenge_board

__all__ = ["challenge_board"]
